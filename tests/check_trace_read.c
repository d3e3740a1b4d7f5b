/* check_trace_read.c — a --trace recording read back for lockstep replay:
 * every demo under every model it supports, recorded for real, rebuilds
 * the same panes at every time as its events straight from the run; bad
 * files are refused with their line. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo.h"
#include "engine.h"
#include "record.h"
#include "suites.h"
#include "trace-chrome.h"
#include "trace-read.h"
#include "util.h"

struct tee {
	struct event_log log;
	struct chrome *c;
};

static void
tee_event(const struct event *e, void *arg)
{
	struct tee *t = arg;

	event_log_add(e, &t->log);
	trace_chrome_event(e, t->c);
}

/* What the panes draw, without the absolute times (the recording's clock
 * starts at TRACE_READ_T0, the run's where it did). */
static void
same_state(const struct view *a, const struct view *b, const char *what)
{
	ck_assert_msg(a->nworkers == b->nworkers && a->model == b->model &&
	    a->gil == b->gil && a->nobjs == b->nobjs && a->col == b->col,
	    "%s: set up differently", what);
	ck_assert_msg(a->events == b->events && a->done == b->done &&
	    a->value == b->value && a->deadlocked == b->deadlocked &&
	    a->gil_holder == b->gil_holder && a->gil_switches == b->gil_switches &&
	    a->loop_running == b->loop_running && a->seen == b->seen,
	    "%s: run state differs (events %lld/%lld)", what, (long long)a->events,
	    (long long)b->events);
	for (int i = 0; i < a->nworkers; i++) {
		const struct view_worker *x = &a->w[i], *y = &b->w[i];

		ck_assert_msg(strcmp(x->name, y->name) == 0 && x->state == y->state &&
		    x->holds_gil == y->holds_gil && x->cpu == y->cpu &&
		    x->waiting_on == y->waiting_on && x->holding == y->holding &&
		    x->tasks_done == y->tasks_done && x->task == y->task &&
		    x->running_ns == y->running_ns &&
		    memcmp(x->tl, y->tl, sizeof x->tl) == 0,
		    "%s: worker %s differs (%s / %s)", what, x->name,
		    view_state_name(x->state), view_state_name(y->state));
	}
	for (int o = 0; o < a->nobjs; o++) {
		const struct view_obj *x = &a->obj[o], *y = &b->obj[o];

		ck_assert_msg(strcmp(x->name, y->name) == 0 && x->kind == y->kind &&
		    x->size == y->size && x->holder == y->holder &&
		    x->nwaiters == y->nwaiters && x->depth == y->depth &&
		    x->holders == y->holders && x->acquisitions == y->acquisitions &&
		    x->puts == y->puts && x->gets == y->gets,
		    "%s: object %s differs", what, x->name);
	}
	for (int c = 0; c < a->ncores; c++)
		ck_assert_msg(a->core[c].worker == b->core[c].worker, "%s: core %d", what, c);
}

/* The run's own events, a frame at a time as trace_file_replay does, on
 * the run's own view (view_init) and clock. */
static void
straight(struct run *r, struct event_log *log, uint64_t end_rel, int cores,
    int stopped, struct record *rec, struct view *v)
{
	view_init(v, r, cores);
	record_begin(rec, v);
	record_run(rec, v, log->ev, log->n, run_started_ns(r) + end_rel, stopped);
}

START_TEST(every_demo_replays_from_its_trace_file)
{
	const struct demo *d = demo_table[_i];
	struct view *a = xmalloc(sizeof *a), *b = xmalloc(sizeof *b);
	char path[] = "/tmp/lockstep-trace-read-XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	for (int m = 0; m < MODEL__MAX; m++) {
		struct knobs k;
		struct tee tee = { .c = NULL };
		struct trace_file tf;
		struct record ra, rb;
		struct result res;
		struct run *r;
		char err[512], what[96];
		FILE *f;

		if (!(d->models & MODEL_BIT(m)))
			continue;
		xsnprintf(what, sizeof what, "%s/%s", d->name, knob_table[KNOB_MODEL].choices[m]);
		check_short_knobs(d, &k, m);
		r = run_start(d, &k, err, sizeof err);
		ck_assert_msg(r != NULL, "%s: %s", what, err);
		f = fopen(path, "w");
		tee.c = trace_chrome_begin(f, r, 0);
		while (!run_finished(r)) {
			run_drain(r, tee_event, &tee);
			sleep_ns(2000000);
		}
		run_wait(r, &res);
		run_drain(r, tee_event, &tee);
		trace_chrome_result(tee.c, &res);
		ck_assert_int_eq(trace_chrome_end(tee.c, NULL), 0);
		fclose(f);

		ck_assert_msg(trace_file_load(path, &tf, err, sizeof err) == 0, "%s: %s", what, err);
		ck_assert_ptr_eq(tf.demo, d);
		ck_assert_int_eq(tf.knobs.v[KNOB_MODEL], m);
		ck_assert_uint_eq(tf.n, tee.log.n);
		ck_assert_int_eq(tf.res.end, res.end);
		ck_assert_int_eq(tf.res.nmetrics, res.nmetrics);
		record_init(&ra);
		record_init(&rb);
		trace_file_replay(&tf, &ra, a);
		straight(r, &tee.log, tf.end_ns, tf.cores, res.end == RUN_STOPPED, &rb, b);
		same_state(a, b, what);
		for (int s = 0; s <= 8; s++) {
			uint64_t t = record_length(&ra) * (uint64_t)s / 8;

			record_view_at(&ra, t, a);
			record_view_at(&rb, t, b);
			xsnprintf(what, sizeof what, "%s/%s at %d/8", d->name,
			    knob_table[KNOB_MODEL].choices[m], s);
			same_state(a, b, what);
		}
		record_free(&ra);
		record_free(&rb);
		trace_file_free(&tf);
		event_log_free(&tee.log);
		run_free(r);
	}
	unlink(path);
	free(a);
	free(b);
}
END_TEST

/* A file that is not a recording, or a broken one: refused, with where. */
START_TEST(bad_files_say_what_and_where)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "hello\n", "x:1: not a lockstep --trace recording (not JSON)" },
		{ "{\"traceEvents\":[\n]}\n", "x: not a lockstep --trace recording (no" },
		{ "{\"traceEvents\":[\n],\n\"lockstep\":{\"version\":1,\"demo\":\"nosuch\"},\n",
		  "x:3: unknown demo 'nosuch'" },
		{ "{\"traceEvents\":[\n],\n\"lockstep\":{\"version\":2},\n",
		  "x:3: a \"lockstep\" part of another version" },
		{ "{\"traceEvents\":[\n],\n\"lockstep\":{\"version\":1,\"demo\":\"counter\","
		  "\"knobs\":{\"model\":\"fibre\"},\"workers\":[\"a\"],\"objects\":[]},\n",
		  "x:3: knob model: " },
		{ "{\"traceEvents\":[\n],\n\"lockstep\":{\"version\":1,\"demo\":\"counter\","
		  "\"knobs\":{\"model\":\"process\",\"workers\":\"1000\"},\"workers\":[\"a\"],\"objects\":[]},\n",
		  "x:3: knobs: " },
		{ "{\"traceEvents\":[\n],\n\"lockstep\":{\"version\":1,\"demo\":\"counter\","
		  "\"knobs\":{},\"workers\":[\"a\"],\"objects\":[]},\n\"lockstepEvents\":[\n"
		  "[1,0,5,0,0],\n[2,0,99,0,0]\n],\n", "x:6: unknown event kind 99" },
		{ "{\"traceEvents\":[\n],\n\"lockstep\":{\"version\":1,\"demo\":\"counter\","
		  "\"knobs\":{},\"workers\":[\"a\"],\"objects\":[]},\n\"lockstepEvents\":[\n"
		  "[1,0,5,0]\n],\n", "x:5: not an event" },
		{ "{\"traceEvents\":[\n],\n\"lockstep\":{\"version\":1,\"demo\":\"counter\","
		  "\"knobs\":{},\"workers\":[\"a\"],\"objects\":[]},\n\"lockstepEvents\":[\n"
		  "[1,0,5,0,0],\n", "x: the recording is cut short" },
		{ "{\"traceEvents\":[\n],\n\"lockstep\":{\"version\":1,\"demo\":\"counter\","
		  "\"knobs\":{},\"workers\":[\"a\"],\"objects\":[]},\n\"lockstepEvents\":[\n"
		  "],\n\"lockstepEnd\":{\"t\":5,\"end\":\"exploded\"}\n}\n",
		  "x:6: \"end\" is not done, deadlocked, stopped or failed" },
		{ "{\"traceEvents\":[\n],\n\"lockstep\":{\"version\":1,\"demo\":\"counter\","
		  "\"knobs\":{},\"workers\":[\"a\"],\"objects\":[{\"name\":\"l\"}]},\n",
		  "x:3: object 0: wants a name and a kind" },
	};
	char dir[] = "/tmp/lockstep-trace-bad-XXXXXX", path[64], err[512];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	xsnprintf(path, sizeof path, "%s/x", dir);
	for (size_t i = 0; i < nitems(bad); i++) {
		struct trace_file tf;
		const char *msg;

		check_write_file(dir, "x", bad[i].text);
		ck_assert_int_eq(trace_file_load(path, &tf, err, sizeof err), -1);
		trace_file_free(&tf);
		msg = strstr(err, "/x") + 1;
		ck_assert_msg(strncmp(msg, bad[i].want, strlen(bad[i].want)) == 0,
		    "file %zu: got '%s', wanted '%s'", i, msg, bad[i].want);
	}
	unlink(path);
	rmdir(dir);
	ck_assert_int_eq(trace_file_load("/nonexistent/x", &(struct trace_file){ 0 }, err,
	    sizeof err), -1);
	ck_assert_str_eq(err, "/nonexistent/x: No such file or directory");
}
END_TEST

Suite *
trace_read_suite(void)
{
	Suite *s = suite_create("trace_read");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, bad_files_say_what_and_where);
	suite_add_tcase(s, tc);
	tc = tcase_create("runs");
	tcase_set_timeout(tc, 180);
	tcase_add_loop_test(tc, every_demo_replays_from_its_trace_file, 0, (int)demo_count);
	suite_add_tcase(s, tc);
	return s;
}
