/*
 * term.c — curses set-up and tear-down, colours by role, glyphs, signals
 * and drawing primitives (see term.h).
 *
 * Everything is drawn on stdscr and pushed with one doupdate() per frame;
 * curses works out what changed.  In ASCII mode (--ascii, or a locale that
 * is not UTF-8) every string with a byte above 0x7f is transliterated
 * (text_ascii) before it reaches curses, lesson prose included.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <curses.h>

#include "keymap.h"
#include "term.h"
#include "text.h"
#include "util.h"

struct color_def {
	short fg, bg;
	int attr;		/* with colours */
	int mono;		/* without */
};

/* Half-block pairs come after the roles' pairs: one per (fg, bg). */
#define HALF_PAIR(fg, bg) (COLOR__MAX + ((fg) + 1) * 9 + ((bg) + 1))

static const struct color_def color_defaults[COLOR__MAX] = {
	[COLOR_NORMAL] = { -1, -1, 0, 0 },
	[COLOR_TITLE] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[COLOR_HEADING] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[COLOR_BORDER] = { COLOR_BLUE, -1, 0, 0 },
	[COLOR_DIM] = { -1, -1, A_DIM, A_DIM },
	[COLOR_KEY] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[COLOR_SELECT] = { COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE },
	[COLOR_RUNNING] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[COLOR_PARALLEL] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[COLOR_READY] = { -1, -1, A_DIM, A_DIM },
	[COLOR_HOLDER] = { COLOR_BLACK, COLOR_GREEN, 0, A_REVERSE },
	[COLOR_WAITING] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[COLOR_GIL] = { COLOR_MAGENTA, -1, 0, A_UNDERLINE },
	[COLOR_QUEUE] = { COLOR_YELLOW, -1, 0, A_UNDERLINE },
	[COLOR_SLEEP] = { COLOR_BLUE, -1, A_BOLD, A_DIM },
	[COLOR_AWAIT] = { COLOR_CYAN, -1, 0, A_DIM },
	[COLOR_BLOCKING] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_REVERSE },
	[COLOR_PARKED] = { COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE },
	[COLOR_DEADLOCK] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[COLOR_STOPPED] = { COLOR_YELLOW, -1, 0, A_DIM },
	[COLOR_DONE] = { -1, -1, A_DIM, A_DIM },
	[COLOR_WARN] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[COLOR_GOOD] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[COLOR_NOTICE] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[COLOR_CODE] = { -1, -1, 0, 0 },
	[COLOR_KEYWORD] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[COLOR_STRING] = { COLOR_GREEN, -1, 0, 0 },
	[COLOR_COMMENT] = { COLOR_CYAN, -1, 0, A_DIM },
	[COLOR_NUMBER] = { COLOR_YELLOW, -1, 0, 0 },
	[COLOR_BUILTIN] = { COLOR_CYAN, -1, 0, 0 },
};

static const char *const glyph_utf8[G__MAX] = {
	[G_HLINE] = "─", [G_VLINE] = "│", [G_TL] = "┌", [G_TR] = "┐",
	[G_BL] = "└", [G_BR] = "┘", [G_ARROW] = "→", [G_ELLIPSIS] = "…",
	[G_CHECK] = "✓", [G_BAR_FULL] = "█", [G_BAR_EMPTY] = "·",
	[G_BULLET] = "•", [G_TIMES] = "×", [G_SLOT_FULL] = "■",
	[G_SLOT_EMPTY] = "□", [G_SEP] = "│", [G_POINTER] = "▸",
	[G_MARKER] = "▶",
	[G_CURSOR] = "▲",
};

static const char *const glyph_ascii[G__MAX] = {
	[G_HLINE] = "-", [G_VLINE] = "|", [G_TL] = "+", [G_TR] = "+",
	[G_BL] = "+", [G_BR] = "+", [G_ARROW] = "->", [G_ELLIPSIS] = "...",
	[G_CHECK] = "v", [G_BAR_FULL] = "#", [G_BAR_EMPTY] = ".",
	[G_BULLET] = "*", [G_TIMES] = "x", [G_SLOT_FULL] = "#",
	[G_SLOT_EMPTY] = ".", [G_SEP] = "|", [G_POINTER] = ">",
	[G_MARKER] = ">",
	[G_CURSOR] = "^",
};

/*
 * The timeline: a glyph, a role and a legend label per state, so a state
 * reads without colours (the glyph) and without UTF-8 (the ASCII glyph);
 * no two states share a glyph.
 */
const struct term_state_look term_state_looks[WS__MAX] = {
	[WS_IDLE] = { " ", " ", COLOR_NORMAL, "not started" },
	[WS_RUNNING] = { "█", "#", COLOR_RUNNING, "running" },
	[WS_RUN_FREE] = { "▆", "=", COLOR_PARALLEL, "running, no GIL" },
	[WS_HOLDING] = { "▓", "H", COLOR_HOLDER, "holds lock" },
	[WS_READY] = { "·", ".", COLOR_READY, "ready" },
	[WS_GIL_WAIT] = { "▒", "~", COLOR_GIL, "GIL wait" },
	[WS_LOCK_WAIT] = { "!", "!", COLOR_WAITING, "lock wait" },
	[WS_SEM_WAIT] = { "s", "s", COLOR_WAITING, "semaphore" },
	[WS_QUEUE_FULL] = { "F", "F", COLOR_QUEUE, "queue full" },
	[WS_QUEUE_EMPTY] = { "E", "E", COLOR_QUEUE, "queue empty" },
	[WS_SLEEP] = { "░", "-", COLOR_SLEEP, "I/O, sleep" },
	[WS_AWAIT] = { "○", "o", COLOR_AWAIT, "awaiting" },
	[WS_LOOP_BLOCK] = { "B", "B", COLOR_BLOCKING, "blocks loop" },
	[WS_PARKED] = { "‖", "|", COLOR_PARKED, "parked" },
	[WS_DEADLOCK] = { "✗", "X", COLOR_DEADLOCK, "deadlocked" },
	[WS_STOPPED] = { "■", "S", COLOR_STOPPED, "stopped" },
	[WS_DONE] = { "✓", "v", COLOR_DONE, "done" },
};

/* The roles as this session draws them: the defaults, or for a projector
 * (term_opts.contrast) a theme that reads on a black or a white screen. */
static struct color_def color_table[COLOR__MAX];

static void
term_theme(int contrast)
{
	memcpy(color_table, color_defaults, sizeof color_table);
	if (!contrast)
		return;
	for (int r = 0; r < COLOR__MAX; r++) {
		struct color_def *d = &color_table[r];

		/* dim text and pale colours vanish on a projector */
		d->attr &= ~A_DIM;
		d->mono &= ~A_DIM;
		if (d->fg == COLOR_CYAN)
			d->fg = COLOR_BLUE;
		if (d->fg == COLOR_YELLOW && d->bg < 0) {
			d->fg = COLOR_BLACK;
			d->bg = COLOR_YELLOW;
		}
		if (d->fg == COLOR_WHITE && d->bg < 0)
			d->fg = -1;
		if (r != COLOR_NORMAL && r != COLOR_CODE)
			d->attr |= A_BOLD;
	}
	color_table[COLOR_TITLE] = (struct color_def){ COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE };
}

static struct {
	int active;		/* in curses mode */
	int ascii, mono;
	int pipe[2];
	pid_t pid;
	SCREEN *screen;
	FILE *null_out, *null_in;	/* term_offscreen's terminal */
	int cuts;		/* strings cut to fit (term_cuts) */
	int ellipsis;		/* term_put_clip is cutting on purpose */
} term = { .pipe = { -1, -1 } };

/*
 * Signals.  Every signal whose default action ends the process and that
 * can be sent from outside (kill, Ctrl-\\, a CPU limit) only writes its
 * number to the self-pipe: the main loop restores the terminal and exits
 * 128+sig, with no temp file left (saves are synchronous on the UI thread).
 * SIGPIPE and SIGXFSZ are ignored, so a write to a closed pipe or past the
 * file size limit fails with an error that is reported instead of killing
 * lockstep mid-save.  A crash (SIGSEGV and friends) cannot go back to the
 * loop: its handler writes the saved "leave the alternate screen, show the
 * cursor" bytes and the saved terminal modes, then dies of the signal.
 */
static const int term_signals[] = { SIGWINCH, SIGTSTP };	/* and util's */
static const int term_ignored_signals[] = { SIGPIPE, SIGXFSZ };
/* The sanitizers' own handlers report a crash: keep them in such a build. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TERM_SANITIZED 1
#else
#define TERM_SANITIZED 0
#endif
static const int term_crash_signals[] = {
	SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS,
};
static struct termios term_saved_modes;
static int term_saved_modes_ok;
static char term_leave_seq[64];
static size_t term_leave_len;

/* Another thread failed fatally: wake the loop, which calls
 * fatal_pending() (only this thread may restore the terminal). */
static void
term_fatal_notify(void)
{
	unsigned char b = TERM_FATAL;

	if (write(term.pipe[1], &b, 1) < 0) {
		/* full pipe: the loop wakes anyway */
	}
}

static void
term_on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;

	/* A fork()ed demo worker inherits this handler: act as if it had none. */
	if (getpid() != term.pid) {
		signal(sig, SIG_DFL);
		raise(sig);
		errno = saved;
		return;
	}
	if (write(term.pipe[1], &b, 1) < 0) {
		/* full pipe: the loop has plenty to read already */
	}
	errno = saved;
}

/* Async-signal-safe: put the terminal back as it was, then die of sig. */
static void
term_on_crash(int sig)
{
	if (term.active && getpid() == term.pid) {
		if (write(STDOUT_FILENO, term_leave_seq, term_leave_len) < 0) {
			/* nothing more can be done */
		}
		if (term_saved_modes_ok)
			tcsetattr(STDIN_FILENO, TCSANOW, &term_saved_modes);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Remember the bytes that leave curses' screen, for term_on_crash. */
static void
term_leave_seq_save(void)
{
	const char *caps[] = { "sgr0", "cnorm", "rmcup" };

	term_leave_len = 0;
	for (size_t i = 0; i < nitems(caps); i++) {
		const char *v = tigetstr(caps[i]);
		size_t n;

		if (v == NULL || v == (char *)-1)
			continue;
		n = strlen(v);
		if (term_leave_len + n < sizeof term_leave_seq) {
			memcpy(term_leave_seq + term_leave_len, v, n);
			term_leave_len += n;
		}
	}
}

static void
term_signals_install(void)
{
	struct sigaction sa;

	catch_signals(term_on_signal, util_ending_signals, util_nending_signals);
	catch_signals(term_on_signal, term_signals, nitems(term_signals));
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < nitems(term_ignored_signals); i++)
		xsigaction(term_ignored_signals[i], &sa, NULL);
	if (TERM_SANITIZED)
		return;
	sa.sa_handler = term_on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < nitems(term_crash_signals); i++)
		xsigaction(term_crash_signals[i], &sa, NULL);
}

/* A terminal curses cannot draw on (TERM=dumb: no cursor addressing). */
static int
term_can_address(void)
{
	const char *cup = tigetstr("cup");

	return cup != NULL && cup != (char *)-1;
}

static int
locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

static void
term_colors(void)
{
	if (term.mono || !has_colors() || start_color() == ERR || COLORS < 8 ||
	    COLOR_PAIRS < COLOR__MAX + 1) {
		term.mono = 1;
		return;
	}
	use_default_colors();
	for (int r = 1; r < COLOR__MAX; r++)
		init_pair((short)r, color_table[r].fg, color_table[r].bg);
	if (COLOR_PAIRS > HALF_PAIR(7, 7))
		for (short f = -1; f < 8; f++)
			for (short b = -1; b < 8; b++)
				init_pair((short)HALF_PAIR(f, b), f, b);
}

/*
 * The mouse wheel, where the terminal reports it (the player travels in
 * time with it); no other mouse event is asked for.  endwin() turns the
 * reports off; a crash writes the same off switch with the saved modes.
 */
static void
term_mouse(void)
{
	static const char off[] = "\033[?1000l";

#ifdef BUTTON5_PRESSED
	if (mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL) == 0)
		return;
#else
	return;
#endif
	mouseinterval(0);
	if (term_leave_len + sizeof off - 1 < sizeof term_leave_seq) {
		memcpy(term_leave_seq + term_leave_len, off, sizeof off - 1);
		term_leave_len += sizeof off - 1;
	}
}

/* A wheel turn from a mouse report, or -1. */
static int
term_wheel(void)
{
	MEVENT me;

	if (getmouse(&me) != OK)
		return -1;
	if (me.bstate & BUTTON4_PRESSED)
		return KEYMAP_WHEEL_UP;
#ifdef BUTTON5_PRESSED
	if (me.bstate & BUTTON5_PRESSED)
		return KEYMAP_WHEEL_DOWN;
#endif
	return -1;
}

int
term_init(const struct term_opts *o)
{
	setlocale(LC_ALL, "");
	term.ascii = o->ascii || !locale_is_utf8();
	term.mono = o->no_color;
	term_theme(o->contrast);
	term.pid = getpid();
	if (term.pipe[0] < 0 && pipe2(term.pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
		warnx_ls("pipe: %s", strerror(errno));
		return -1;
	}
	/* Before curses, so that it leaves SIGWINCH and SIGTSTP to us. */
	term_signals_install();
	term_saved_modes_ok = tcgetattr(STDIN_FILENO, &term_saved_modes) == 0;
	term.screen = newterm(NULL, stdout, stdin);
	if (term.screen == NULL) {
		warnx_ls("cannot use this terminal (TERM=%s)",
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		return -1;
	}
	set_term(term.screen);
	if (!term_can_address()) {
		endwin();
		delscreen(term.screen);
		term.screen = NULL;
		warnx_ls("cannot use this terminal (TERM=%s): it cannot move the cursor; "
		    "set TERM to your terminal's type (e.g. xterm-256color)",
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		return -1;
	}
	term_leave_seq_save();
	term.active = 1;
	fatal_hook_set(term_done, term_fatal_notify);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	term_colors();
	term_mouse();
	return 0;
}

int
term_offscreen(int cols, int rows)
{
	setlocale(LC_ALL, "C.UTF-8");
	term.ascii = !locale_is_utf8();
	term.null_out = fopen("/dev/null", "w");
	term.null_in = fopen("/dev/null", "r");
	if (term.null_out == NULL || term.null_in == NULL)
		return -1;
	term.screen = newterm("xterm-256color", term.null_out, term.null_in);
	if (term.screen == NULL)
		term.screen = newterm("vt100", term.null_out, term.null_in);
	if (term.screen == NULL)
		return -1;
	set_term(term.screen);
	resizeterm(rows, cols);
	term.cuts = 0;
	return 0;
}

void
term_offscreen_done(void)
{
	if (term.screen != NULL) {
		endwin();
		delscreen(term.screen);
		term.screen = NULL;
	}
	if (term.null_out != NULL)
		fclose(term.null_out);
	if (term.null_in != NULL)
		fclose(term.null_in);
	term.null_out = term.null_in = NULL;
}

int
term_cuts(void)
{
	int n = term.cuts;

	term.cuts = 0;
	return n;
}

void
term_done(void)
{
	if (!term.active)
		return;
	term.active = 0;
	curs_set(1);
	endwin();
	fflush(stdout);
}

int
term_signal_fd(void)
{
	return term.pipe[0];
}

int
term_signal_next(void)
{
	unsigned char b;

	if (term.pipe[0] >= 0 && read(term.pipe[0], &b, 1) == 1)
		return b;
	return 0;
}

void
term_resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}

void
term_suspend(void)
{
	struct sigaction sa, old;

	endwin();
	fflush(stdout);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	xsigaction(SIGTSTP, &sa, &old);
	raise(SIGTSTP);		/* stops here until SIGCONT */
	xsigaction(SIGTSTP, &old, NULL);
	term_resize();
	refresh();
}

void
term_size(int *cols, int *rows)
{
	*cols = COLS;
	*rows = LINES;
}

static const struct {
	int curses, key;
} key_table[] = {
	{ KEY_UP, KEYMAP_UP }, { KEY_DOWN, KEYMAP_DOWN }, { KEY_LEFT, KEYMAP_LEFT },
	{ KEY_RIGHT, KEYMAP_RIGHT }, { KEY_PPAGE, KEYMAP_PGUP },
	{ KEY_NPAGE, KEYMAP_PGDN }, { KEY_HOME, KEYMAP_HOME }, { KEY_END, KEYMAP_END },
	{ KEY_ENTER, KEYMAP_ENTER }, { KEY_BACKSPACE, KEYMAP_BACKSPACE },
	{ KEY_BTAB, KEYMAP_BTAB }, { KEY_RESIZE, KEYMAP_RESIZE },
};

int
term_key(void)
{
	wint_t wc;
	int rc = wget_wch(stdscr, &wc);

	if (rc == ERR)
		return 0;
	if (rc == KEY_CODE_YES) {
		if (wc == KEY_MOUSE)
			return term_wheel();
		for (size_t i = 0; i < nitems(key_table); i++)
			if (key_table[i].curses == (int)wc)
				return key_table[i].key;
		return -1;	/* a key we do not use */
	}
	switch (wc) {
	case '\r':
	case '\n':
		return KEYMAP_ENTER;
	case 27:
		return KEYMAP_ESC;
	case 127:
	case 8:
		return KEYMAP_BACKSPACE;
	case '\t':
		return KEYMAP_TAB;
	default:
		return wc < 0x20 ? -1 : (int)wc;
	}
}

int
term_ascii(void)
{
	return term.ascii;
}

const char *
term_glyph(enum glyph g)
{
	return term.ascii ? glyph_ascii[g] : glyph_utf8[g];
}

const char *
term_state_glyph(enum wstate s)
{
	if (s >= WS__MAX)
		s = WS_IDLE;
	return term.ascii ? term_state_looks[s].ascii : term_state_looks[s].utf8;
}

enum color_role
term_state_role(enum wstate s)
{
	return s < WS__MAX ? term_state_looks[s].role : COLOR_NORMAL;
}

const char *
term_state_label(enum wstate s)
{
	return s < WS__MAX ? term_state_looks[s].label : "?";
}

/* The colour a state shows in half a cell, -1 when it shows none. */
static short
state_color(enum wstate s)
{
	const struct color_def *d;

	if (s >= WS__MAX || s == WS_IDLE || s == WS_DONE || s == WS_READY)
		return -1;
	d = &color_table[term_state_looks[s].role];
	return d->fg >= 0 && d->fg != COLOR_BLACK && d->fg != COLOR_WHITE ? d->fg : d->bg;
}


void
term_put_halves(int y, int x, enum wstate top, enum wstate bottom)
{
	short ft = state_color(top), fb = state_color(bottom);
	int bt, bb;
	const char *g;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	if (term.mono || COLOR_PAIRS <= HALF_PAIR(7, 7)) {
		/* by shape: which of the two is busy */
		bt = view_state_running(top);
		bb = view_state_running(bottom);
		g = term.ascii ? (bt && bb ? ":" : bt ? "'" : bb ? "." : " ") :
		    (bt && bb ? "█" : bt ? "▀" : bb ? "▄" : " ");
		attrset(A_NORMAL);
		mvaddstr(y, x, g);
		return;
	}
	if (ft < 0 && fb < 0) {
		mvaddstr(y, x, " ");
		return;
	}
	bb = fb >= 0;
	if (ft < 0) {
		attrset((int)COLOR_PAIR(HALF_PAIR(fb, -1)));
		mvaddstr(y, x, term.ascii ? "." : "▄");
	} else {
		attrset((int)COLOR_PAIR(HALF_PAIR(ft, bb ? fb : -1)));
		mvaddstr(y, x, term.ascii ? (bb ? ":" : "'") : "▀");
	}
	attrset(A_NORMAL);
}

static int
role_attr(enum color_role role)
{
	if (term.mono)
		return color_table[role].mono;
	return (role != COLOR_NORMAL ? (int)COLOR_PAIR(role) : 0) | color_table[role].attr;
}

void
term_erase(void)
{
	erase();
}

static int
has_high(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

int
term_put_attr(int y, int x, int cols, enum color_role role, int attrs,
    const char *s)
{
	char *conv = NULL;
	size_t n;
	int w;

	if (y < 0 || y >= LINES || x >= COLS || cols <= 0 || s == NULL)
		return 0;
	if (x + cols > COLS)
		cols = COLS - x;
	if (term.ascii && has_high(s))
		s = conv = text_ascii(s);
	n = text_fit(s, strlen(s), cols);
	w = text_width_n(s, n);
	term.cuts += n < strlen(s) && !term.ellipsis;
	attrset(role_attr(role) | attrs);
	mvaddnstr(y, x, s, (int)n);
	attrset(A_NORMAL);
	free(conv);
	return w;
}

int
term_put(int y, int x, int cols, enum color_role role, const char *s)
{
	return term_put_attr(y, x, cols, role, 0, s);
}

int
term_put_clip(int y, int x, int cols, enum color_role role, const char *s)
{
	int ew;

	if (text_width(s) <= cols)
		return term_put(y, x, cols, role, s);
	ew = text_width(term_glyph(G_ELLIPSIS));
	if (cols <= ew)
		return term_put(y, x, cols, role, s);
	{
		int w;

		term.ellipsis = 1;	/* cut on purpose, and said so */
		w = term_put(y, x, cols - ew, role, s);
		term.ellipsis = 0;
		return w + term_put(y, x + w, ew, role, term_glyph(G_ELLIPSIS));
	}
}

int
term_printf(int y, int x, int cols, enum color_role role, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return term_put(y, x, cols, role, buf);
}

void
term_fill(struct rect r, enum color_role role)
{
	attrset(role_attr(role));
	for (int y = r.y; y < r.y + r.h && y < LINES; y++)
		mvhline(y, r.x, ' ', r.w);
	attrset(A_NORMAL);
}

void
term_box(struct rect r, const char *title, enum color_role role)
{
	if (r.h < 2 || r.w < 2)
		return;
	for (int x = r.x + 1; x < r.x + r.w - 1; x++) {
		term_put(r.y, x, 1, role, term_glyph(G_HLINE));
		term_put(r.y + r.h - 1, x, 1, role, term_glyph(G_HLINE));
	}
	for (int y = r.y + 1; y < r.y + r.h - 1; y++) {
		term_put(y, r.x, 1, role, term_glyph(G_VLINE));
		term_put(y, r.x + r.w - 1, 1, role, term_glyph(G_VLINE));
	}
	term_put(r.y, r.x, 1, role, term_glyph(G_TL));
	term_put(r.y, r.x + r.w - 1, 1, role, term_glyph(G_TR));
	term_put(r.y + r.h - 1, r.x, 1, role, term_glyph(G_BL));
	term_put(r.y + r.h - 1, r.x + r.w - 1, 1, role, term_glyph(G_BR));
	if (title != NULL && r.w > 6) {
		int w = term_put(r.y, r.x + 2, r.w - 4, COLOR_HEADING, " ");

		w += term_put(r.y, r.x + 2 + w, r.w - 4 - w, COLOR_HEADING, title);
		term_put(r.y, r.x + 2 + w, r.w - 4 - w, COLOR_HEADING, " ");
	}
}

void
term_flush(void)
{
	wnoutrefresh(stdscr);
	doupdate();
}
