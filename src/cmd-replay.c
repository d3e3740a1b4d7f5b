/*
 * cmd-replay.c — "lockstep replay FILE": a run recorded with `lockstep demo
 * NAME --trace FILE` shown in the lesson player's panes, to travel through
 * ([ ] Home End, Space plays), on any machine.
 *
 * The file is read (trace-read.c) and checked before the terminal is
 * touched: a bad one is "FILE:LINE: message" and exit 1.  The player gets
 * a one-step lesson made here, in the lesson format, naming the recorded
 * demo and the panes that suit its run; the recording becomes its last
 * run.  A knob key runs the same demo again, here.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "lesson.h"
#include "term.h"
#include "text.h"
#include "trace-read.h"
#include "ui.h"
#include "util.h"

static void
replay_help(void)
{
	printf("Usage: %s replay FILE [--ascii] [--no-color]\n"
	    "Show a run recorded with '%s demo NAME --trace FILE' in the lesson\n"
	    "player's panes: [ and ] move through time, Home and End jump to the\n"
	    "start and the end, Space plays from there, a knob key runs the demo\n"
	    "again here.  Inside, ? lists the keys.\n", ls_progname, ls_progname);
}

/* s without what would read as lesson markup ({placeholders}, `code`). */
static void
plain(const char *s, char *out, size_t len)
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < len; s++)
		out[n++] = strchr("{}`*_@#", *s) != NULL ? '?' : *s;
	out[n] = '\0';
}

/* The panes that suit the recorded run. */
static void
replay_panes(const struct trace_file *tf, char *buf, size_t len)
{
	int model = tf->knobs.v[KNOB_MODEL], locks = 0, queues = 0;

	for (int i = 0; i < tf->nobjs; i++) {
		locks += tf->obj[i].kind == 'L' || tf->obj[i].kind == 'S';
		queues += tf->obj[i].kind == 'Q';
	}
	xsnprintf(buf, len, "timeline%s%s%s%s results", locks ? " lock" : "",
	    queues ? " queue" : "",
	    model == MODEL_THREAD && tf->gil ? " gil" : "",
	    model == MODEL_COROUTINE ? " loop" :
	    model == MODEL_PROCESS || (model == MODEL_THREAD && !tf->gil) ? " cores" : "");
}

/* Append s to buf at *off, wrapped at 72 columns (lesson lines are short). */
static void
wrap(char *buf, size_t len, size_t *off, const char *s)
{
	int col = 0;

	while (*s != '\0' && *off + 1 < len) {
		size_t w = strcspn(s, " ");

		if (col > 0 && col + 1 + (int)w > 72) {
			buf[(*off)++] = '\n';
			col = 0;
		} else if (col > 0) {
			buf[(*off)++] = ' ';
			col++;
		}
		*off += xsnprintf(buf + *off, len - *off, "%.*s", (int)w, s);
		col += (int)w;
		s += w;
		s += strspn(s, " ");
	}
	*off += xsnprintf(buf + *off, len - *off, "\n\n");
}

/* The one-step lesson the player shows the recording in. */
static struct lesson *
replay_lesson(const char *path, const struct trace_file *tf)
{
	struct lesson_errors errs;
	struct lesson *l = NULL;
	char text[4096], para[1024], name[256], cmd[512], panes[96], ms[32];
	const char *base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	size_t off;

	plain(base, name, sizeof name);
	plain(tf->command, cmd, sizeof cmd);
	replay_panes(tf, panes, sizeof panes);
	off = xsnprintf(text, sizeof text,
	    "id: replay\ntitle: Replay of %.60s\nlevel: beginner\norder: 1\n"
	    "summary: A recorded run.\n\n"
	    "## step recorded: A recorded run\n@demo %s\n@panes %s\n\n",
	    name, tf->demo->name, panes);
	xsnprintf(para, sizeof para, "Recorded %s%son a machine with %d core%s: %s. "
	    "It ran %s and ended %s; %zu events%s.",
	    tf->recorded[0] != '\0' ? tf->recorded : "", tf->recorded[0] != '\0' ? " " : "",
	    tf->cores, tf->cores == 1 ? "" : "s", cmd,
	    text_ms((double)tf->end_ns / 1e6, ms, sizeof ms), run_end_name(tf->res.end),
	    tf->n, tf->dropped > 0 ? " (some were lost while recording)" : "");
	wrap(text, sizeof text, &off, para);
	wrap(text, sizeof text, &off, "Home goes to its start and Space plays it, at "
	    "the slow motion on the bar (< and > change it). [ and ] step through it, "
	    "End goes back to its end. Every pane shows the run at that instant, "
	    "rebuilt from the recording.");
	wrap(text, sizeof text, &off, "A knob key runs the same demo again, here, on "
	    "this machine.");
	lesson_errors_init(&errs);
	if (lesson_parse_buffer("replay", text, strlen(text), &l, &errs) != 0) {
		lesson_errors_print(&errs, stderr);	/* never expected */
		l = NULL;
	}
	lesson_errors_free(&errs);
	return l;
}

int
cmd_replay_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lesson_catalogue cat = { 0 };
	struct trace_file tf;
	struct term_opts to;
	struct lesson *l;
	char err[1024];
	int c, status;

	while ((c = cmd_getopt(argc, argv, "h", opts)) != -1) {
		if (c == 'h') {
			replay_help();
			return EXIT_OK;
		}
		return EXIT_USAGE;
	}
	if (optind >= argc)
		return cmd_usage_error("replay: which file? (record one with '%s demo NAME "
		    "--trace FILE')", ls_progname);
	if (optind + 1 < argc)
		return cmd_usage_error("replay: unexpected '%s'", argv[optind + 1]);
	if (trace_file_load(argv[optind], &tf, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		trace_file_free(&tf);
		return EXIT_FAILED;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		warnx_ls("replay needs a terminal (the file is a good recording: %s)",
		    tf.command);
		trace_file_free(&tf);
		return EXIT_FAILED;
	}
	if ((l = replay_lesson(argv[optind], &tf)) == NULL) {
		trace_file_free(&tf);
		return EXIT_FAILED;
	}
	to.ascii = common_opts.ascii;
	to.no_color = common_opts.no_color;
	status = ui_run_replay(&cat, l, &tf, &to);
	lesson_free(l);
	trace_file_free(&tf);
	return status;
}
