/* check_pane.c — every pane line fits its width: each pane drawn off
 * screen (term_offscreen) at the widths the player gives panes at 80x24,
 * 100x30 and 200x50, from a view and a result with the longest names and
 * the largest counts a run can have, must not have a string cut short
 * (term_cuts; a name ending in "…" is shortened on purpose and says so).
 * The test links the panes it checks and its own table of them
 * (PANE_NO_TABLE), so a pane added later does not break its link. */
#include "config.h"

#include <string.h>

#include <curses.h>

#include "demo.h"
#include "knob.h"
#include "pane.h"
#include "suites.h"
#include "term.h"
#include "util.h"

#define T0 1000000000ull
#define MS 1000000ull
#define BIG 99999999.0	/* a count as large as a course run's (4 x 10M) */
#define LONG_MS (750 * 1000.0)	/* 15 s at pace 50 */
#define LONG_NS ((uint64_t)LONG_MS * MS)

const struct pane_class *const pane_classes[PANE__MAX] = {
	[PANE_TIMELINE] = &pane_timeline,
	[PANE_LOCK] = &pane_lock,
	[PANE_QUEUE] = &pane_queue,
	[PANE_CORES] = &pane_cores,
	[PANE_LOOP] = &pane_loop,
	[PANE_GIL] = &pane_gil,
	[PANE_RESULTS] = &pane_results,
};

/* The inner widths panes get: 80 columns in two (36) or whole (76), 100
 * columns beside the text (46) or Tab's pair (46), 200 columns (52, 108). */
static const int widths[] = { 36, 40, 46, 52, 76, 108 };

static struct view v;
static struct result res;

/* The worst a view can be for a pane's lines. */
static void
worst_view(int n, int model, int ncores)
{
	view_init_plain(&v, n, "LLQS", ncores, T0, 10 * MS);
	v.model = model;
	for (int i = 0; i < n; i++) {
		xsnprintf(v.w[i].name, sizeof v.w[i].name, "a_long_worker_name_%d", i);
		v.w[i].has_read = 1;
		v.w[i].read = (int64_t)BIG;
		v.w[i].tasks_done = (int64_t)BIG;
	}
	for (int o = 0; o < v.nobjs; o++) {
		struct view_obj *ob = &v.obj[o];

		xsnprintf(ob->name, sizeof ob->name, "a_long_object_name_%d", o);
		ob->size = knob_table[ob->kind == 'Q' ? KNOB_CAPACITY : KNOB_LIMIT].max;
		ob->depth = ob->size;
		ob->holders = ob->size;
		ob->holder = 0;
		ob->acquisitions = ob->contended = ob->puts = ob->gets = (int64_t)BIG;
		ob->pills_put = ob->pills_got = knob_table[KNOB_CONSUMERS].max;
		for (int i = 1; i < n; i++)
			ob->waiters[ob->nwaiters++] = i;
	}
	for (int c = 0; c < v.ncores; c++) {
		v.core[c].worker = c % n;
		v.core[c].util = 1.0;
		v.core[c].total_ns = LONG_NS;
	}
	v.gil = 1;
	v.gil_holder = 0;
	v.gil_switches = v.gil_forced = v.gil_requests = (int64_t)BIG;
	v.loop_running = 0;
	v.loop_since = T0;
	v.loop_blocking = 1;
	v.loop_longest_ns = LONG_NS;
	v.has_value = 1;
	v.value = (int64_t)BIG;
	v.seen = (1u << WS__MAX) - 1;	/* every state: the longest legend */
	view_tick(&v, T0 + LONG_NS);
}

/* A finished run of d with every metric at its largest. */
static void
worst_result(const struct demo *d)
{
	memset(&res, 0, sizeof res);
	res.end = RUN_DONE;
	for (int i = 0; demo_common_metrics[i] != NULL && res.nmetrics < RUN_MAX_METRICS; i++)
		res.m[res.nmetrics++] = (struct metric){ demo_common_metrics[i], BIG };
	for (int i = 0; d->metrics[i] != NULL && res.nmetrics < RUN_MAX_METRICS; i++)
		res.m[res.nmetrics++] = (struct metric){ d->metrics[i], BIG };
	res.cpus_seen = ~0ull;
	res.ncycle = 4;
	for (int i = 0; i < res.ncycle; i++)
		xsnprintf(res.cycle[i], sizeof res.cycle[i], "a_long_name_in_cycle%d", i);
	xsnprintf(res.broken, sizeof res.broken, "stopped every worker after the cycle stood");
	res.stood_ms = LONG_MS;
}

/* Draw every pane in every width and phase; none may cut a line. */
static void
draw_all(const struct demo *d, const char *what)
{
	static const enum live_phase phases[] = { LIVE_RUNNING, LIVE_DONE };
	struct pane_ctx c = { 0 };

	c.v = &v;
	c.demo = d;
	c.error = "";
	c.baseline_ms = LONG_MS;
	c.now = T0 + LONG_NS;
	for (size_t ph = 0; ph < nitems(phases); ph++)
		for (int step = 0; step < 2; step++)
			for (size_t k = 0; k < nitems(widths); k++)
				for (int p = 0; p < PANE__MAX; p++) {
					struct rect r = { 0, 0, 60, widths[k] + 4 };
					int cuts;

					if (pane_classes[p] == NULL)
						continue;
					c.phase = phases[ph];
					c.res = phases[ph] == LIVE_DONE ? &res : NULL;
					c.elapsed_ms = LONG_MS;
					c.stepping = step;
					term_erase();
					(void)term_cuts();
					pane_draw(p, &c, r);
					cuts = term_cuts();
					ck_assert_msg(cuts == 0, "%s: pane %s (%s%s) at %d columns cut "
					    "%d line(s)", what, pane_classes[p]->title, phases[ph] ==
					    LIVE_DONE ? "done" : "running", step ? ", step mode" : "",
					    widths[k], cuts);
				}
}

START_TEST(every_pane_line_fits_its_width)
{
	static const int workers[] = { 1, 4, 8, 64 };

	if (term_offscreen(200, 70) != 0)
		return;	/* no terminfo at all: nothing to draw on */
	for (size_t i = 0; i < demo_count; i++) {
		worst_result(demo_table[i]);
		for (size_t n = 0; n < nitems(workers); n++) {
			worst_view(workers[n], n % 2 ? MODEL_COROUTINE : MODEL_THREAD,
			    n < 2 ? 2 : 64);
			v.deadlocked = (int)(n % 2);
			draw_all(demo_table[i], demo_table[i]->name);
		}
	}
	term_offscreen_done();
}
END_TEST

/* The lock pane's counts, the line that was cut at 80 columns: it says
 * the counts in fewer words rather than lose one. */
START_TEST(lock_counts_fit_at_80_columns)
{
	char row[128];
	struct pane_ctx c = { .v = &v, .error = "", .phase = LIVE_DONE };

	if (term_offscreen(80, 24) != 0)
		return;
	view_init_plain(&v, 2, "L", 2, T0, 10 * MS);
	v.obj[0].acquisitions = 400000;
	v.obj[0].contended = 123456;
	pane_draw(PANE_LOCK, &c, (struct rect){ 0, 0, 10, 40 });
	ck_assert_int_eq(term_cuts(), 0);
	/* both counts on screen, whole */
	mvinnstr(3, 0, row, 40);
	ck_assert_msg(strstr(row, "400000") != NULL && strstr(row, "123456") != NULL,
	    "counts line: [%s]", row);
	term_offscreen_done();
}
END_TEST

/* A start-up cost step shows its measured cost per worker large; no
 * other step has a headline. */
START_TEST(start_up_cost_shown_large)
{
	struct knobs k = { 0 };
	char err[256], row[128];
	struct pane_ctx c = { .v = &v, .error = "", .phase = LIVE_DONE, .res = &res,
		.knobs = &k };

	if (term_offscreen(80, 24) != 0)
		return;
	view_init_plain(&v, 2, "", 2, T0, 10 * MS);
	for (int d = 0; d < 2; d++) {
		c.demo = demo_find(d == 0 ? "startup" : "cpu");
		memset(&k, 0, sizeof k);
		ck_assert_int_eq(demo_resolve_knobs(c.demo, &k, err, sizeof err), 0);
		worst_result(c.demo);
		res.m[0].value = 243.2;	/* wall_ms */
		for (int i = 0; i < res.nmetrics; i++)
			if (strcmp(res.m[i].name, "per_worker_us") == 0)
				res.m[i].value = 243.2;
		term_erase();
		pane_draw(PANE_RESULTS, &c, (struct rect){ 0, 0, 16, 60 });
		mvinnstr(6, 2, row, 50);
		ck_assert_msg((strstr(row, "start each") != NULL) == (d == 0),
		    "%s: row under the headline: [%s]", c.demo->name, row);
		mvinnstr(1, 2, row, 50);
		ck_assert_msg((strstr(row, "wall") == NULL) == (d == 0),
		    "%s: first row: [%s]", c.demo->name, row);
	}
	term_offscreen_done();
}
END_TEST

/* After a run on a loaded machine the core meters show the CPU the run
 * got (the result's cpu_ms), not 100 % beside "0.5 cores' worth". */
START_TEST(core_meters_agree_with_the_cpu_time)
{
	struct pane_ctx c = { .v = &v, .error = "", .phase = LIVE_DONE, .res = &res };
	char row[256];

	if (term_offscreen(80, 24) != 0)
		return;
	view_init_plain(&v, 2, "", 2, T0, 10 * MS);
	for (int k = 0; k < 2; k++)
		v.core[k].total_ns = 1000 * MS;	/* a worker on it all along */
	view_finish(&v, T0 + 1000 * MS, 0);
	memset(&res, 0, sizeof res);
	res.end = RUN_DONE;
	res.m[res.nmetrics++] = (struct metric){ "cpu_ms", 1000 };	/* one core's worth */
	pane_draw(PANE_CORES, &c, (struct rect){ 0, 0, 5, 40 });
	mvinnstr(1, 2, row, 200);
	ck_assert_msg(strstr(row, " 50%") != NULL, "cpu0: [%s]", row);
	mvinnstr(3, 2, row, 200);
	ck_assert_msg(strstr(row, "CPU it got") != NULL, "label: [%s]", row);
	/* the CPU time all there: the meters stay full */
	res.m[0].value = 2000;
	pane_draw(PANE_CORES, &c, (struct rect){ 0, 0, 5, 40 });
	mvinnstr(1, 2, row, 200);
	ck_assert_msg(strstr(row, "100%") != NULL, "cpu0: [%s]", row);
	term_offscreen_done();
}
END_TEST

Suite *
pane_suite(void)
{
	Suite *s = suite_create("pane");
	TCase *tc = tcase_create("widths");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, every_pane_line_fits_its_width);
	tcase_add_test(tc, lock_counts_fit_at_80_columns);
	tcase_add_test(tc, start_up_cost_shown_large);
	tcase_add_test(tc, core_meters_agree_with_the_cpu_time);
	suite_add_tcase(s, tc);
	return s;
}
