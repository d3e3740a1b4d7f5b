# tmux.sh — the harness of the end-to-end tests: the real binary in a
# detached tmux (a private server, killed on exit), driven with send-keys and
# read with capture-pane, polling with timeouts rather than fixed sleeps.
# Sourced after lib.sh.  S names the session screen() and wait_for read
# (default "t", the one start() makes).
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux not installed"; exit 77; }

SOCK=lockstep-test-$$
MARK=lsmark-$$-x	# the -x: lsmark-12 must not match lsmark-123
# A unique directory name in lockstep's command line (and only there) for
# pgrep; it holds the course, so --lessons finds the same lessons.
ln -s "$LOCKSTEP_SRCDIR/lessons" "$TMPD/$MARK"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; pkill -KILL -f "$MARK" 2>/dev/null; rm -rf "$TMPD"' EXIT

tm() { tmux -L "$SOCK" "$@"; }
screen() { tm capture-pane -p -t "${S:-t}" 2>/dev/null; }
# One idle session keeps the private server up between the test sessions.
tm -f /dev/null new-session -d -s keep -x 80 -y 24 "sleep 600"


# start [ENV=VAL...] -- ARGS...: lockstep in a new 100x30 session "t".
# The pane's shell records the terminal modes before, the exit status and
# the modes after.  $PRE (e.g. "ulimit -f 0;") runs in lockstep's subshell;
# $WRAP (e.g. "unshare -rm sh setup.sh") is a command lockstep runs under.
start() {
	envs=
	while [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	shift
	rm -f "$TMPD/rc" "$TMPD/stty" "$TMPD/stty.before"
	cat >"$TMPD/run.sh" <<EOS
stty -a >"$TMPD/stty.before"
(
${PRE:-}
exec ${WRAP:-} env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_STATE_HOME="$XDG_STATE_HOME" $envs \
    "$LOCKSTEP" --lessons "$TMPD/$MARK" $*
)
echo "rc=\$?" >"$TMPD/rc"
stty -a >"$TMPD/stty"
sleep 60
EOS
	tm kill-session -t t 2>/dev/null
	tm new-session -d -s t -x 100 -y 30 "sh $TMPD/run.sh"
}

# wait_for PATTERN WHAT [SECONDS]: until the screen matches (grep -E); 20 s
# unless told: a bound for a loaded machine, not a duration under test.
wait_for() {
	n=$(( ${3:-20} * 10 ))
	while [ "$n" -gt 0 ]; do
		if screen | grep -Eq -- "$1"; then ok; return 0; fi
		sleep 0.1
		n=$((n - 1))
	done
	fail "$2: no /$1/ on screen:"
	screen | sed 's/^/    | /'
	return 1
}

# wait_exit WHAT [SECONDS]: until lockstep has exited; sets rc.
wait_exit() {
	n=$(( ${2:-10} * 10 ))
	while [ "$n" -gt 0 ] && [ ! -s "$TMPD/stty" ]; do sleep 0.1; n=$((n - 1)); done
	rc=$(sed -n 's/^rc=//p' "$TMPD/rc" 2>/dev/null)
	[ -n "$rc" ] && ok || { fail "$1: lockstep did not exit"; rc=-1; }
}

# no_process WHAT: no lockstep process (nor demo child) is left.
no_process() {
	n=30
	while [ "$n" -gt 0 ] && pgrep -f "$MARK" >/dev/null; do sleep 0.1; n=$((n - 1)); done
	if pgrep -f "$MARK" >/dev/null; then
		fail "$1: processes left: $(pgrep -af "$MARK")"
	else
		ok
	fi
}

# restored WHAT: the terminal's modes are as before lockstep ran and the
# alternate screen is off (call after wait_exit).
restored() {
	if cmp -s "$TMPD/stty.before" "$TMPD/stty"; then ok; else
		fail "$1: stty -a changed: $(diff "$TMPD/stty.before" "$TMPD/stty" | tr '\n' ' ')"
	fi
	alt=$(tm display-message -p -t t '#{alternate_on}')
	[ "$alt" = 0 ] && ok || fail "$1: alternate screen still on"
}
