/*
 * cmd-demo.c — "lockstep demo NAME [KNOBS]": run one demo without the
 * interface and print what was measured.
 *
 * The calling thread is the collector: it drains the run's trace every
 * couple of milliseconds (counting events, and keeping them for --trace)
 * until the run has finished.  SIGINT, SIGTERM and SIGHUP only set a flag;
 * the collector then stops the run, which joins its threads and reaps its
 * processes, and lockstep exits 128 + the signal.
 *
 * Every report says how the run ended (done, deadlocked, stopped, failed).
 * A stopped or failed run reports what it did until then (its wall and CPU
 * time) and no figure it never reached: its metrics are null in --json and
 * left out of the text, and there is no speedup (DESIGN rule 7).
 *
 * --runs N runs the demo N times, one run after another with the same
 * knobs, and prints the distribution of its outcome (histo.h): a text
 * histogram, min, median, max and the runs that came out right; --json
 * prints every run's object (as a single run's --json, plus its outcome)
 * in an array beside a summary.  A signal stops the series: the run it
 * stopped is not counted, the finished ones are.  --runs refuses --trace
 * (a trace file holds one run) and --baseline (a series counts outcomes,
 * the baseline times one run): usage errors, exit 2.  On a terminal,
 * standard error says which run goes ("run 7 of 20").
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "demo.h"
#include "engine.h"
#include "histo.h"
#include "interp.h"
#include "json.h"
#include "knob.h"
#include "trace-chrome.h"
#include "text.h"
#include "util.h"

#define OPT_KNOB 0x2000
#define DRAIN_MIN_NS 1000000u	/* headless collector: shortest nap, */
#define DRAIN_MAX_NS 20000000u	/*   longest nap, */
#define DRAIN_BUSY 1024		/*   events per drain that mean "busy" */

enum { OPT_JSON = 0x1100, OPT_TRACE, OPT_BASELINE };

static volatile sig_atomic_t demo_signal;

static void
demo_on_signal(int sig)
{
	demo_signal = sig;
}

struct collected {
	size_t events;
	FILE *trace;			/* --trace: stream events there */
	struct chrome *chrome;
	int trace_errno;		/* why the first write to it failed */
};

static void
collect(const struct event *e, void *arg)
{
	struct collected *c = arg;

	c->events++;
	if (c->chrome != NULL) {
		trace_chrome_event(e, c->chrome);
		/* A full disk fails a write mid-run; errno says why only now. */
		if (c->trace_errno == 0 && ferror(c->trace))
			c->trace_errno = errno != 0 ? errno : EIO;
	}
}

/*
 * --trace FILE is streamed to a temp file beside FILE (FILE.XXXXXX) and
 * renamed over FILE only when the run has ended normally: an interrupted
 * or failed write leaves FILE as it was and no temp file.  A FIFO or a
 * device (--trace /dev/stdout) is written in place, opened without
 * blocking.  Past TRACE_FILE_MAX the events are left out, and said so.
 */
#define TRACE_FILE_MAX ((off_t)1 << 30)

struct trace_out {
	const char *path;
	char *tmp;		/* NULL: written in place */
	FILE *f;
};

/* 0, or -1 with the reason printed. */
static int
trace_out_open(struct trace_out *o, const char *path)
{
	struct stat st;
	mode_t mask;
	int fd;

	o->path = path;
	o->tmp = NULL;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			goto fail;
		}
		if ((fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) == -1)
			goto fail;
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	} else {
		xasprintf(&o->tmp, "%s.XXXXXX", path);
		if ((fd = mkostemp(o->tmp, O_CLOEXEC)) == -1)
			goto fail;
		mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	if ((o->f = fdopen(fd, "w")) != NULL)
		return 0;
	close(fd);
fail:
	warnx_ls("%s: %s", path, strerror(errno));
	if (o->tmp != NULL)
		unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	o->f = NULL;
	return -1;
}

/* Leave FILE as it was (an interrupted run). */
static void
trace_out_abort(struct trace_out *o)
{
	if (o->f == NULL)
		return;
	fclose(o->f);
	if (o->tmp != NULL)
		unlink(o->tmp);
	free(o->tmp);
	o->f = NULL;
}

/* Close and put the file in place; 0, or -1 with the reason printed.
 * write_errno: the errno of a write that failed before (0: none). */
static int
trace_out_commit(struct trace_out *o, int write_errno)
{
	int rc = 0;

	errno = write_errno != 0 ? write_errno : EIO;
	if (write_errno != 0 || fflush(o->f) != 0 || ferror(o->f) ||
	    (o->tmp != NULL && fsync(fileno(o->f)) != 0)) {
		warnx_ls("%s: write failed: %s", o->path, strerror(errno));
		trace_out_abort(o);
		return -1;
	}
	if (fclose(o->f) != 0 || (o->tmp != NULL && rename(o->tmp, o->path) != 0)) {
		warnx_ls("%s: %s", o->path, strerror(errno));
		if (o->tmp != NULL)
			unlink(o->tmp);
		rc = -1;
	}
	free(o->tmp);
	o->f = NULL;
	return rc;
}

/* Run d with k to the end, collecting its events; the run stays alive for
 * the caller (run_free).  NULL on a knob error (message printed). */
static struct run *
demo_run_one(const struct demo *d, const struct knobs *k, struct collected *col,
    struct result *res)
{
	char err[256];
	struct run *r = run_start(d, k, err, sizeof err);

	if (r == NULL) {
		/* The knobs were checked before: it lacks a resource. */
		warnx_ls("demo %s: %s", d->name, err);
		return NULL;
	}
	if (col->trace != NULL)
		col->chrome = trace_chrome_begin(col->trace, r, TRACE_FILE_MAX);
	/* Drain often while events pour in, rarely when they trickle: a
	 * collector that wakes every 2 ms costs the workers CPU and, on a
	 * busy machine, the GIL hand-offs their timing depends on. */
	for (uint64_t nap = DRAIN_MIN_NS; !run_finished(r);) {
		if (demo_signal != 0)
			run_stop(r);
		if (run_drain(r, collect, col) > DRAIN_BUSY)
			nap = DRAIN_MIN_NS;
		else if ((nap *= 2) > DRAIN_MAX_NS)
			nap = DRAIN_MAX_NS;
		sleep_ns(nap);
	}
	run_wait(r, res);
	run_drain(r, collect, col);
	return r;
}

/* Metric name of res, 0 when it has none. */
static double
metric(const struct result *res, const char *name)
{
	double v = 0;

	(void)result_metric(res, name, &v);
	return v;
}

static int
is_common(const char *name)
{
	for (int i = 0; demo_common_metrics[i] != NULL; i++)
		if (strcmp(demo_common_metrics[i], name) == 0)
			return 1;
	return 0;
}

static const char *
worker_name(struct run *r, int i, char *buf, size_t len)
{
	return run_track_name(r, i, buf, len);
}

static const char *
object_name(struct run *r, int i, char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return run_object_name(r, i);
}

/* "key":[name of 0, ..., name of n - 1]. */
static void
json_names(struct run *r, const char *key, int *first, int n,
    const char *(*name)(struct run *, int, char *, size_t))
{
	char buf[32];

	json_key(stdout, key, first);
	putchar('[');
	for (int i = 0; i < n; i++) {
		if (i > 0)
			putchar(',');
		json_string(stdout, name(r, i, buf, sizeof buf));
	}
	putchar(']');
}

/* A speedup needs both runs to have finished. */
static int
has_speedup(const struct result *res, const struct result *base)
{
	return base != NULL && res->end == RUN_DONE && base->end == RUN_DONE;
}

/* The run's JSON object, without a newline; with its outcome when it is
 * one of a series (o, NULL otherwise). */
static void
print_json(struct run *r, const struct result *res, const struct collected *col,
    uint64_t dropped, const struct result *base, const struct histo_run *o)
{
	const struct knobs *k = run_knobs(r);
	const struct demo *d = run_demo(r);
	char buf[32];
	int first = 1, rfirst = 1;

	putchar('{');
	json_key(stdout, "demo", &first);
	json_string(stdout, d->name);
	json_key(stdout, "model", &first);
	json_string(stdout, model_name(k->v[KNOB_MODEL]));
	if (k->v[KNOB_MODEL] == MODEL_PROCESS) {
		json_key(stdout, "start_method", &first);
		json_string(stdout, interp_start_method(k->v[KNOB_START]));
	}
	json_key(stdout, "workers", &first);
	json_number(stdout, run_workers(r));
	json_key(stdout, "gil", &first);
	json_string(stdout, demo_takes_knob(d, KNOB_GIL) && k->v[KNOB_GIL] == ON &&
	    k->v[KNOB_MODEL] != MODEL_SEQUENTIAL ? "on" : "off");
	json_key(stdout, "end", &first);
	json_string(stdout, run_end_name(res->end));
	json_key(stdout, "stopped", &first);
	fputs(res->end == RUN_STOPPED ? "true" : "false", stdout);
	json_key(stdout, "knobs", &first);
	putchar('{');
	for (int id = 0, kf = 1; id < KNOB__MAX; id++) {
		if (!demo_takes_knob(d, id) || id == KNOB_RUNS)
			continue;	/* runs: the series' summary says */
		json_key(stdout, knob_table[id].name, &kf);
		if (knob_table[id].type == KNOB_INT)
			json_number(stdout, k->v[id]);
		else
			json_string(stdout, knob_format(id, k->v[id], buf, sizeof buf));
	}
	putchar('}');
	json_key(stdout, "wall_ms", &first);
	json_number(stdout, metric(res, "wall_ms"));
	json_key(stdout, "cpu_ms", &first);
	json_number(stdout, metric(res, "cpu_ms"));
	json_key(stdout, "events", &first);
	json_number(stdout, (double)col->events);
	json_key(stdout, "dropped", &first);
	json_number(stdout, (double)dropped);
	json_key(stdout, "cpus_seen", &first);
	putchar('[');
	for (int c = 0, cf = 1; c < 64; c++) {
		if (res->cpus_seen & (1ull << c)) {
			printf(cf ? "%d" : ",%d", c);
			cf = 0;
		}
	}
	putchar(']');
	/* Who was who: the workers' and the objects' names, by role. */
	json_names(r, "names", &first, run_workers(r), worker_name);
	json_names(r, "objects", &first, run_objects(r), object_name);
	if (base != NULL) {
		double bw = metric(base, "wall_ms"), w = metric(res, "wall_ms");

		json_key(stdout, "baseline_ms", &first);
		if (base->end == RUN_DONE)
			json_number(stdout, bw);
		else
			fputs("null", stdout);
		json_key(stdout, "speedup", &first);
		if (has_speedup(res, base) && w > 0)
			json_number(stdout, bw / w);
		else
			fputs("null", stdout);
	}
	if (res->broken[0] != '\0') {
		json_key(stdout, "broken", &first);
		json_string(stdout, res->broken);
	}
	if (res->error[0] != '\0') {
		json_key(stdout, "error", &first);
		json_string(stdout, res->error);
	}
	json_key(stdout, "result", &first);
	putchar('{');
	for (int i = 0; d->metrics[i] != NULL; i++) {
		double v = 0;
		int found = result_metric(res, d->metrics[i], &v) == 0;

		json_key(stdout, d->metrics[i], &rfirst);
		if (!run_end_has_results(res->end))
			fputs("null", stdout);	/* never reached */
		else if (strcmp(d->metrics[i], "deadlocked") == 0)
			fputs(v != 0 ? "true" : "false", stdout);
		else if (found)
			json_number(stdout, v);
		else
			fputs("null", stdout);
	}
	if (res->ncycle > 0 || (strcmp(d->name, "deadlock") == 0 &&
	    run_end_has_results(res->end))) {
		json_key(stdout, "cycle", &rfirst);
		putchar('[');
		for (int i = 0; i < res->ncycle; i++) {
			if (i > 0)
				putchar(',');
			json_string(stdout, res->cycle[i]);
		}
		putchar(']');
	}
	putchar('}');
	if (o != NULL) {
		json_key(stdout, "outcome", &first);
		json_number(stdout, o->value);
		json_key(stdout, "correct", &first);
		fputs(o->correct ? "true" : "false", stdout);
	}
	putchar('}');
}

/* The knobs line: the run's knobs as options (pace and runs aside, the
 * start method only for processes). */
static void
print_knobs(const struct demo *d, const struct knobs *k)
{
	char buf[32];

	printf("  %-14s", "knobs");
	for (int id = 0; id < KNOB__MAX; id++)
		if (demo_takes_knob(d, id) && id != KNOB_PACE && id != KNOB_RUNS &&
		    (id != KNOB_START || k->v[KNOB_MODEL] == MODEL_PROCESS))
			printf(" --%s %s", knob_table[id].name,
			    knob_format(id, k->v[id], buf, sizeof buf));
	putchar('\n');
}

static void
print_human(struct run *r, const struct result *res, const struct collected *col,
    uint64_t dropped, const struct result *base)
{
	const struct knobs *k = run_knobs(r);
	const struct demo *d = run_demo(r);
	char buf[32];
	double wall = metric(res, "wall_ms");

	printf("demo %s: %s\n", d->name, d->summary);
	print_knobs(d, k);
	printf("  %-14s %d:", "workers", run_workers(r));
	for (int i = 0; i < run_workers(r) && i < 16; i++)
		printf(" %s", run_track_name(r, i, buf, sizeof buf));
	printf("%s\n", run_workers(r) > 16 ? " …" : "");
	if (k->v[KNOB_MODEL] == MODEL_PROCESS && k->v[KNOB_START] == START_FORK)
		printf("  %-14s %s, from an interpreter-sized parent (multiprocessing's\n"
		    "  %-14s default on Linux up to Python 3.13)\n", "start method",
		    interp_start_method(START_FORK), "");
	else if (k->v[KNOB_MODEL] == MODEL_PROCESS)
		printf("  %-14s %s: a fresh lockstep exec'd for %s (%s)\n",
		    "start method", interp_start_method(k->v[KNOB_START]),
		    k->v[KNOB_START] == START_SPAWN ? "each worker" : "a fork server",
		    k->v[KNOB_START] == START_SPAWN ? "as a fresh interpreter" :
		    "the default on Linux from Python 3.14");
	printf("  %-14s %s", "ended", run_end_name(res->end));
	if (res->end == RUN_STOPPED)
		printf(" after %.1f s: no results, the run did not finish", wall / 1000);
	putchar('\n');
	printf("  %-14s %.1f ms\n", "wall time", wall);
	printf("  %-14s %.1f ms\n", "CPU time", metric(res, "cpu_ms"));
	printf("  %-14s", "cores used");
	for (int c = 0; c < 64; c++)
		if (res->cpus_seen & (1ull << c))
			printf(" %d", c);
	putchar('\n');
	for (int i = 0; i < res->nmetrics && run_end_has_results(res->end); i++)
		if (!is_common(res->m[i].name))
			printf("  %-14s %g\n", res->m[i].name, res->m[i].value);
	if (res->ncycle > 0) {
		printf("  %-14s", "cycle");
		for (int i = 0; i < res->ncycle; i++)
			printf(" %s →", res->cycle[i]);
		printf(" %s\n", res->cycle[0]);
	}
	if (res->broken[0] != '\0')
		printf("  %-14s %s\n", "broken", res->broken);
	if (has_speedup(res, base)) {
		double bw = metric(base, "wall_ms");

		printf("  %-14s %.1f ms sequential, speedup %.2fx\n", "baseline", bw,
		    wall > 0 ? bw / wall : 0);
	}
	printf("  %-14s %zu events, %llu dropped\n", "trace", col->events,
	    (unsigned long long)dropped);
	if (res->error[0] != '\0')
		printf("  %-14s %s\n", "error", res->error);
}

/* --- --runs: a series ----------------------------------------------------- */

#define SERIES_BAR_COLS 40	/* the longest bar of the text histogram */
#define SERIES_BINS 12

static void
print_series_human(const struct demo *d, const struct knobs *k,
    const struct histo *h)
{
	const struct demo_outcome *o = d->outcome;
	struct histo_bin bins[SERIES_BINS];
	struct histo_summary s;
	char label[64], spread[128];
	int n = histo_bins(h, SERIES_BINS, bins), most = 1, lw = 0;

	histo_summarize(h, &s);
	printf("demo %s: %s\n", d->name, d->summary);
	print_knobs(d, k);
	printf("  %-14s %d of %d%s\n", "runs", h->n, h->want,
	    h->stopped ? ": stopped, only the finished runs count" : "");
	printf("  %-14s %s; right when %s\n", "outcome", o->label, o->right);
	for (int i = 0; i < n; i++) {
		int w = (int)strlen(histo_bin_label(h, &bins[i], label, sizeof label));

		most = bins[i].count > most ? bins[i].count : most;
		lw = w > lw ? w : lw;
	}
	for (int i = 0; i < n; i++) {
		int cols = (bins[i].count * SERIES_BAR_COLS + most - 1) / most;

		printf("    %*s |", lw, histo_bin_label(h, &bins[i], label, sizeof label));
		for (int c = 0; c < cols; c++)
			putchar('#');
		printf(" %d", bins[i].count);
		if (bins[i].count > 0 && bins[i].correct == bins[i].count)
			printf(" right");
		else if (bins[i].correct > 0)
			printf(" (%d right)", bins[i].correct);
		putchar('\n');
	}
	if (s.n == 0) {
		printf("  %-14s no run finished: nothing to count\n", "summary");
		return;
	}
	if (histo_spread(h, 1000, spread, sizeof spread) != NULL)
		printf("  %-14s %s\n", "summary", spread);
	printf("  %-14s %d of %d runs (%.0f%%)\n", "right", s.correct, s.n,
	    100.0 * s.correct / s.n);
}

/* v, or null when there is none. */
static void
json_maybe(int has, double v)
{
	if (has)
		json_number(stdout, v);
	else
		fputs("null", stdout);
}

/* The summary object of a series' JSON. */
static void
print_series_summary(const struct demo *d, const struct knobs *k,
    const struct histo *h)
{
	struct histo_bin bins[SERIES_BINS];
	struct histo_summary s;
	char label[64];
	int first = 1, n = histo_bins(h, SERIES_BINS, bins);

	histo_summarize(h, &s);
	putchar('{');
	json_key(stdout, "outcome", &first);
	json_string(stdout, d->outcome->metric);
	json_key(stdout, "label", &first);
	json_string(stdout, d->outcome->label);
	json_key(stdout, "right_when", &first);
	json_string(stdout, d->outcome->right);
	json_key(stdout, "runs", &first);
	json_number(stdout, k->v[KNOB_RUNS]);
	json_key(stdout, "done", &first);
	json_number(stdout, h->n);
	json_key(stdout, "stopped", &first);
	fputs(h->stopped ? "true" : "false", stdout);
	json_key(stdout, "correct", &first);
	json_number(stdout, s.correct);
	json_key(stdout, "share_correct", &first);
	json_maybe(s.n > 0, s.n > 0 ? (double)s.correct / s.n : 0);
	json_key(stdout, "min", &first);
	json_maybe(s.n > 0, s.min);
	json_key(stdout, "median", &first);
	json_maybe(s.n > 0, s.median);
	json_key(stdout, "max", &first);
	json_maybe(s.n > 0, s.max);
	json_key(stdout, "bins", &first);
	putchar('[');
	for (int i = 0; i < n; i++) {
		int bf = 1;

		putchar(i > 0 ? ',' : '{');
		if (i > 0)
			putchar('{');
		json_key(stdout, "label", &bf);
		json_string(stdout, histo_bin_label(h, &bins[i], label, sizeof label));
		json_key(stdout, "lo", &bf);
		json_number(stdout, bins[i].lo);
		json_key(stdout, "hi", &bf);
		json_number(stdout, bins[i].hi);
		json_key(stdout, "count", &bf);
		json_number(stdout, bins[i].count);
		json_key(stdout, "correct", &bf);
		json_number(stdout, bins[i].correct);
		putchar('}');
	}
	fputs("]}", stdout);
}

/*
 * Run d with k (its runs knob set) that many times, one after another.
 * JSON goes out as the runs finish, so a long series shows its progress
 * in a pipe.  Exit status: 0; 1 if a run failed (the series ends there);
 * 128 + the signal that stopped it.
 */
static int
demo_series(const struct demo *d, const struct knobs *given, int json)
{
	struct knobs k = *given;
	struct histo h = { 0 };
	char err[256];
	int status = EXIT_OK, first = 1, progress = isatty(STDERR_FILENO);

	(void)demo_resolve_knobs(d, &k, err, sizeof err);	/* checked before */
	histo_init(&h, d, k.v[KNOB_RUNS]);
	if (json) {
		printf("{\"demo\":");
		json_string(stdout, d->name);
		printf(",\"runs\":[");
	}
	for (int i = 0; i < h.want && demo_signal == 0; i++) {
		struct collected col = { 0 };
		struct result res;
		struct histo_run o;
		struct run *r;

		if (progress)	/* a long series shows it goes on */
			fprintf(stderr, "\rrun %d of %d…", i + 1, h.want);
		r = demo_run_one(d, given, &col, &res);

		if (r == NULL) {
			status = EXIT_FAILED;
			break;
		}
		if (histo_add(&h, &res) == 0 && json) {
			/* only runs that finished are in the array */
			o = h.v[h.n - 1];
			if (!first)
				putchar(',');
			first = 0;
			print_json(r, &res, &col, trace_dropped(run_trace(r)), NULL, &o);
			fflush(stdout);
		}
		run_free(r);
		if (res.error[0] != '\0') {
			warnx_ls("demo %s: run %d of %d: %s", d->name, i + 1, h.want,
			    res.error);
			status = EXIT_FAILED;
			break;
		}
	}
	if (progress)
		fputs("\r\033[K", stderr);
	h.stopped = h.n < h.want;
	if (json) {
		printf("],\"summary\":");
		print_series_summary(d, &k, &h);
		puts("}");
	} else {
		print_series_human(d, &k, &h);
	}
	histo_free(&h);
	fflush(stdout);
	if (demo_signal != 0)
		return 128 + demo_signal;
	return status;
}

/* The demos that take --runs, "counter, deadlock, queue". */
static const char *
series_demos(void)
{
	static char buf[256];
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < demo_count; i++)
		if (demo_table[i]->outcome != NULL)
			off += xsnprintf(buf + off, sizeof buf - off, "%s%s",
			    off ? ", " : "", demo_table[i]->name);
	return buf;
}

static void
demo_help(const struct demo *d)
{
	char range[128], def[32];

	if (d == NULL) {
		printf("Usage: %s demo NAME [KNOBS] [--json] [--trace FILE] [--baseline]\n"
		    "       %s demo NAME [KNOBS] --runs N [--json]\n"
		    "Run one demo headless and print what was measured; with --runs, run\n"
		    "it N times (1..%d) and print the distribution of its outcome.\n\n"
		    "Demos:\n", ls_progname, ls_progname, knob_table[KNOB_RUNS].max);
		for (size_t i = 0; i < demo_count; i++)
			printf("  %-10s %s\n", demo_table[i]->name, demo_table[i]->summary);
		printf("\n'%s demo NAME --help' lists a demo's knobs.\n", ls_progname);
		return;
	}
	printf("Usage: %s demo %s [KNOBS] [--json] [--trace FILE] [--baseline]\n%s\n\n"
	    "Models:", ls_progname, d->name, d->summary);
	for (int m = 0; m < MODEL__MAX; m++)
		if (d->models & MODEL_BIT(m))
			printf(" %s", model_name(m));
	if (d->workers_from != NULL)
		printf("\nWorkers: %s;\nat most %d threads, %d processes or %d coroutines.",
		    d->workers_from, MAX_THREADS, MAX_PROCESSES, MAX_COROUTINES);
	printf("\n\nKnobs:\n");
	for (int id = 0; id < KNOB__MAX; id++) {
		if (!demo_takes_knob(d, id) || id == KNOB_RUNS)
			continue;
		knob_format(id, demo_knob_default(d, id), def, sizeof def);
		{
			char head[96], text[256];

			xsnprintf(head, sizeof head, "--%s %s", knob_table[id].name,
			    knob_range(id, range, sizeof range));
			xsnprintf(text, sizeof text, "%s (default %s)",
			    knob_table[id].help, def);
			text_help_row(stdout, head, text, NULL);
		}
	}
	printf("\nMetrics:");
	for (int i = 0, col = 8; d->metrics[i] != NULL; i++) {
		int n = (int)strlen(d->metrics[i]);

		if (col + 1 + n > 80) {
			printf("\n        ");
			col = 8;
		}
		printf(" %s", d->metrics[i]);
		col += 1 + n;
	}
	putchar('\n');
	if (d->outcome != NULL) {
		char text[256];

		xsnprintf(text, sizeof text, "%s [%s]; the outcome: %s, right when %s",
		    knob_table[KNOB_RUNS].help, knob_range(KNOB_RUNS, range, sizeof range),
		    d->outcome->label, d->outcome->right);
		printf("\nRun it again and again:\n");
		text_help_row(stdout, "--runs N", text, NULL);
	} else
		printf("\nEvery run of it comes out the same way: no --runs.\n");
}

static struct option *
demo_options(void)
{
	static struct option opts[KNOB__MAX + 8];

	if (opts[0].name != NULL)
		return opts;
	for (int id = 0; id < KNOB__MAX; id++)
		opts[id] = (struct option){ knob_table[id].name, required_argument, NULL,
		    OPT_KNOB + id };
	opts[KNOB__MAX] = (struct option){ "json", no_argument, NULL, OPT_JSON };
	opts[KNOB__MAX + 1] = (struct option){ "trace", required_argument, NULL, OPT_TRACE };
	opts[KNOB__MAX + 2] = (struct option){ "baseline", no_argument, NULL, OPT_BASELINE };
	opts[KNOB__MAX + 3] = (struct option){ "help", no_argument, NULL, 'h' };
	return opts;
}

/* Every signal that would end lockstep stops the run instead (its temp
 * trace file is removed); a write error is reported, not a signal. */
static void
install_signals(void)
{
	catch_signals(demo_on_signal, util_ending_signals, util_nending_signals);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
}

/* End the streamed trace of col and put it in place; 0 or -1. */
static int
write_trace(struct trace_out *o, struct collected *col)
{
	size_t skipped = 0;
	int err;

	/* a failed write leaves its errno (ENOSPC on a full disk): keep the
	 * first one, mid-run or here, so the message says why */
	errno = 0;
	err = trace_chrome_end(col->chrome, &skipped) != 0 ? (errno != 0 ? errno : EIO) : 0;
	if (err != 0 && col->trace_errno != 0)
		err = col->trace_errno;
	col->chrome = NULL;
	if (skipped > 0)
		warnx_ls("%s: the trace reached %lld MiB: the last %zu events were left out",
		    o->path, (long long)(TRACE_FILE_MAX >> 20), skipped);
	return trace_out_commit(o, err);
}

int
cmd_demo_exec(int argc, char **argv)
{
	const struct demo *d = NULL;
	struct knobs k = { 0 };
	struct collected col = { 0 }, bcol = { 0 };
	struct result res, bres;
	struct run *r, *br = NULL;
	const char *trace_path = NULL;
	struct trace_out tout = { 0 };
	int json = 0, baseline = 0, help = 0, c, status = EXIT_OK;
	char err[256];

	while ((c = cmd_getopt(argc, argv, "h", demo_options())) != -1) {
		if (c >= OPT_KNOB && c < OPT_KNOB + KNOB__MAX) {
			int v;

			if (knob_parse(c - OPT_KNOB, optarg, &v, err, sizeof err) != 0)
				return cmd_usage_error("%s", err);
			knobs_set(&k, c - OPT_KNOB, v);
		} else if (c == OPT_JSON) {
			json = 1;
		} else if (c == OPT_TRACE) {
			trace_path = optarg;
		} else if (c == OPT_BASELINE) {
			baseline = 1;
		} else if (c == 'h') {
			help = 1;
		} else {
			return EXIT_USAGE;
		}
	}
	if (optind < argc && (d = demo_find(argv[optind])) == NULL)
		return cmd_usage_error("unknown demo '%s' (see '%s list demos')",
		    argv[optind], ls_progname);
	if (help) {
		demo_help(d);
		return EXIT_OK;
	}
	if (d == NULL)
		return cmd_usage_error("demo: which demo? (see '%s list demos')", ls_progname);
	if (optind + 1 < argc)
		return cmd_usage_error("demo: unexpected '%s'", argv[optind + 1]);
	if (knobs_isset(&k, KNOB_RUNS)) {
		if (d->outcome == NULL)
			return cmd_usage_error("demo %s comes out the same way every run: "
			    "--runs works with the demos whose outcome varies (%s)",
			    d->name, series_demos());
		if (trace_path != NULL)
			return cmd_usage_error("--runs and --trace do not go together: "
			    "a trace file holds one run (drop --runs)");
		if (baseline)
			return cmd_usage_error("--runs and --baseline do not go together: "
			    "a series counts outcomes, --baseline times one run");
	}
	if (baseline && !(d->models & MODEL_BIT(MODEL_SEQUENTIAL)))
		return cmd_usage_error("demo %s has no sequential model to compare with",
		    d->name);

	/* Knob errors are usage errors: check before running anything. */
	{
		struct knobs probe = k;

		if (demo_resolve_knobs(d, &probe, err, sizeof err) != 0)
			return cmd_usage_error("%s", err);
	}
	install_signals();
	if (knobs_isset(&k, KNOB_RUNS))
		return demo_series(d, &k, json);
	/* An unwritable trace file is found out before anything runs. */
	if (trace_path != NULL && trace_out_open(&tout, trace_path) != 0)
		return EXIT_FAILED;
	if (baseline) {
		struct knobs bk = k;

		knobs_set(&bk, KNOB_MODEL, MODEL_SEQUENTIAL);
		if ((br = demo_run_one(d, &bk, &bcol, &bres)) == NULL) {
			trace_out_abort(&tout);
			return EXIT_FAILED;
		}
	}
	col.trace = tout.f;
	if (demo_signal == 0) {
		if ((r = demo_run_one(d, &k, &col, &res)) == NULL) {
			run_free(br);
			trace_out_abort(&tout);
			return EXIT_FAILED;
		}
		if (json) {
			print_json(r, &res, &col, trace_dropped(run_trace(r)),
			    br != NULL ? &bres : NULL, NULL);
			putchar('\n');
		} else
			print_human(r, &res, &col, trace_dropped(run_trace(r)),
			    br != NULL ? &bres : NULL);
		if (res.error[0] != '\0') {
			warnx_ls("demo %s: %s", d->name, res.error);
			status = EXIT_FAILED;
		}
		if (col.chrome != NULL) {
			if (demo_signal != 0) {
				/* interrupted: no half of a trace */
				trace_chrome_end(col.chrome, NULL);
				col.chrome = NULL;
				trace_out_abort(&tout);
			} else if (trace_chrome_result(col.chrome, &res),
			    write_trace(&tout, &col) != 0) {
				status = EXIT_FAILED;
			}
		}
		run_free(r);
	} else if (br != NULL) {
		/* Interrupted during the baseline: it is the run that stopped. */
		if (json) {
			print_json(br, &bres, &bcol, trace_dropped(run_trace(br)), NULL,
			    NULL);
			putchar('\n');
		} else
			print_human(br, &bres, &bcol, trace_dropped(run_trace(br)), NULL);
	}
	trace_out_abort(&tout);	/* interrupted before the run */
	run_free(br);
	fflush(stdout);
	if (demo_signal != 0)
		return 128 + demo_signal;
	return status;
}
