/* check_view.c — the view model: events in, pane state out, no terminal. */
#include "config.h"

#include <string.h>

#include "suites.h"
#include "demo.h"
#include "knob.h"
#include "live.h"
#include "ops.h"
#include "util.h"
#include "view.h"

#define MS CHECK_MS
#define T0 CHECK_T0

static struct view v;

void
check_view_event(struct view *to, uint64_t ms, int track, int kind, uint32_t obj,
    int64_t arg)
{
	struct event e = { T0 + ms * MS, (uint16_t)track, (uint16_t)kind, obj, arg };

	view_event(to, &e);
}

static void
ev(uint64_t ms, int track, int kind, uint32_t obj, int64_t arg)
{
	check_view_event(&v, ms, track, kind, obj, arg);
}

START_TEST(workers_follow_their_events)
{
	view_init_plain(&v, 2, NULL, 2, T0, 10 * MS);
	ck_assert_int_eq(v.w[0].state, WS_IDLE);
	ev(1, 0, EV_START, 0, 0);
	ev(1, 0, EV_CPU, 1, 0);
	ck_assert_int_eq(v.w[0].state, WS_RUNNING);
	ck_assert_int_eq(v.w[0].cpu, 1);
	ev(2, 0, EV_SLEEP_BEGIN, 0, 0);
	ck_assert_int_eq(v.w[0].state, WS_SLEEP);
	ev(5, 0, EV_SLEEP_END, 0, 0);
	ev(6, 0, EV_TASK_BEGIN, 0, 7);
	ck_assert_int_eq(v.w[0].task, 7);
	ev(7, 0, EV_TASK_DONE, 0, 7);
	ck_assert_int_eq(v.w[0].tasks_done, 1);
	ev(8, 0, EV_END, 0, 1);
	ck_assert_int_eq(v.w[0].state, WS_DONE);
	ck_assert_int_eq(v.done, 1);
	ck_assert_int_eq(v.w[1].state, WS_IDLE);
}
END_TEST

START_TEST(gil_holder_and_waiters)
{
	int waiting[4];

	view_init_plain(&v, 3, NULL, 2, T0, 10 * MS);
	v.gil = 1;
	ev(0, 0, EV_GIL_REQUEST, 0, 0);
	ev(0, 0, EV_GIL_ACQUIRE, 0, 0);
	ev(1, 1, EV_GIL_REQUEST, 0, 0);
	ev(1, 2, EV_GIL_REQUEST, 0, 0);
	ck_assert_int_eq(v.gil_holder, 0);
	ck_assert_int_eq(view_in_state(&v, WS_GIL_WAIT, waiting, 4), 2);
	ev(6, 0, EV_GIL_DROP, 0, 1);	/* forced by a drop request */
	ev(6, 1, EV_GIL_ACQUIRE, 0, 0);
	ev(6, 0, EV_GIL_REQUEST, 0, 0);
	ck_assert_int_eq(v.gil_holder, 1);
	ck_assert_int_eq(v.gil_forced, 1);
	ck_assert_int_eq(v.w[0].state, WS_GIL_WAIT);
	ck_assert_int_eq(v.w[1].state, WS_RUNNING);
	ck_assert(v.w[1].holds_gil && !v.w[0].holds_gil);
}
END_TEST

START_TEST(lock_holder_and_fifo_waiters)
{
	view_init_plain(&v, 3, "L", 2, T0, 10 * MS);
	ev(1, 0, EV_LOCK_REQUEST, 0, 0);
	ev(1, 0, EV_LOCK_ACQUIRE, 0, 0);
	ev(2, 2, EV_LOCK_REQUEST, 0, 0);
	ev(3, 1, EV_LOCK_REQUEST, 0, 0);
	ck_assert_int_eq(v.obj[0].holder, 0);
	ck_assert_int_eq(v.obj[0].nwaiters, 2);
	ck_assert_int_eq(v.obj[0].waiters[0], 2);	/* arrival order */
	ck_assert_int_eq(v.obj[0].waiters[1], 1);
	ck_assert_int_eq(v.w[2].state, WS_LOCK_WAIT);
	ck_assert_int_eq(v.w[2].waiting_on, 0);
	ev(4, 0, EV_LOCK_RELEASE, 0, 0);
	ev(4, 2, EV_LOCK_ACQUIRE, 0, 2 * (int64_t)MS);
	ck_assert_int_eq(v.obj[0].holder, 2);
	ck_assert_int_eq(v.obj[0].nwaiters, 1);
	ck_assert_int_eq(v.obj[0].contended, 1);
	ck_assert_uint_eq(v.w[2].holding, 1);
	ck_assert_uint_eq(v.w[0].holding, 0);
	ck_assert_int_eq(v.w[2].state, WS_HOLDING);	/* running, with the lock */
	ev(6, 2, EV_LOCK_RELEASE, 0, 0);
	ck_assert_int_eq(v.w[2].state, WS_RUNNING);
}
END_TEST

START_TEST(a_late_release_does_not_clear_the_new_holder)
{
	struct event batch[] = {
		{ T0 + 5 * MS, 1, EV_LOCK_ACQUIRE, 0, 0 },	/* drained first ... */
		{ T0 + 4 * MS, 0, EV_LOCK_RELEASE, 0, 0 },	/* ... but happened before */
		{ T0 + 1 * MS, 0, EV_LOCK_ACQUIRE, 0, 0 },
	};

	view_init_plain(&v, 2, "L", 2, T0, 10 * MS);
	view_events(&v, batch, 3);
	ck_assert_int_eq(v.obj[0].holder, 1);
	/* and out of order one by one: the release is ignored */
	view_init_plain(&v, 2, "L", 2, T0, 10 * MS);
	ev(1, 0, EV_LOCK_ACQUIRE, 0, 0);
	ev(5, 1, EV_LOCK_ACQUIRE, 0, 0);
	ev(4, 0, EV_LOCK_RELEASE, 0, 0);
	ck_assert_int_eq(v.obj[0].holder, 1);
}
END_TEST

START_TEST(queue_depth_and_blocked_sides)
{
	view_init_plain(&v, 2, "Q", 2, T0, 10 * MS);
	ev(1, 0, EV_QUEUE_PUT, 0, 1);
	ev(2, 0, EV_QUEUE_PUT, 0, 2);
	ev(3, 0, EV_QUEUE_FULL, 0, 2);
	ck_assert_int_eq(v.obj[0].depth, 2);
	ck_assert_int_eq(v.w[0].state, WS_QUEUE_FULL);
	ck_assert_int_eq(v.obj[0].nwaiters, 1);
	ev(4, 1, EV_QUEUE_GET, 0, 1);
	ev(4, 0, EV_QUEUE_PUT, 0, 2);
	ck_assert_int_eq(v.w[0].state, WS_RUNNING);
	ck_assert_int_eq(v.obj[0].nwaiters, 0);
	ck_assert_int_eq(v.obj[0].puts, 3);
	ev(5, 0, EV_QUEUE_PILL, 0, 0);
	ev(6, 1, EV_QUEUE_PILL, 0, 1);
	ck_assert_int_eq(v.obj[0].pills_put, 1);
	ck_assert_int_eq(v.obj[0].pills_got, 1);
	ck_assert_int_eq(v.obj[0].gets, 1);
}
END_TEST

START_TEST(timeline_columns_keep_the_telling_state)
{
	view_init_plain(&v, 1, "L", 1, T0, 10 * MS);
	ev(0, 0, EV_START, 0, 0);
	ev(12, 0, EV_LOCK_REQUEST, 0, 0);	/* a 1 ms wait inside column 1 */
	ev(13, 0, EV_LOCK_ACQUIRE, 0, 0);
	ev(25, 0, EV_SLEEP_BEGIN, 0, 0);
	view_tick(&v, T0 + 45 * MS);
	ck_assert_int_eq(v.col, 4);
	ck_assert_int_eq(view_tl(&v, 0, 4), WS_RUNNING);	/* column 0 */
	ck_assert_int_eq(view_tl(&v, 0, 3), WS_LOCK_WAIT);	/* column 1 */
	ck_assert_int_eq(view_tl(&v, 0, 1), WS_SLEEP);		/* column 3 */
	ck_assert_int_eq(view_tl(&v, 0, 0), WS_SLEEP);		/* now */
	ck_assert_int_eq(view_tl(&v, 0, 100), WS_IDLE);		/* before start */
}
END_TEST

START_TEST(a_column_shows_where_the_time_went)
{
	view_init_plain(&v, 1, NULL, 1, T0, 10 * MS);
	ev(0, 0, EV_GIL_ACQUIRE, 0, 0);		/* column 0: 7 ms running */
	ev(7, 0, EV_GIL_REQUEST, 0, 0);		/* ... 3 ms waiting */
	ev(12, 0, EV_GIL_ACQUIRE, 0, 0);	/* column 1: 2 waiting, 8 running */
	ev(20, 0, EV_GIL_REQUEST, 0, 0);	/* column 2: 6 waiting, 4 running */
	ev(26, 0, EV_GIL_ACQUIRE, 0, 0);
	view_tick(&v, T0 + 30 * MS);
	ck_assert_int_eq(view_tl(&v, 0, 3), WS_RUNNING);
	ck_assert_int_eq(view_tl(&v, 0, 2), WS_RUNNING);
	ck_assert_int_eq(view_tl(&v, 0, 1), WS_GIL_WAIT);
}
END_TEST

START_TEST(cores_show_who_runs_and_how_busy)
{
	view_init_plain(&v, 2, NULL, 2, T0, 10 * MS);
	v.gil = 1;
	ev(0, 0, EV_CPU, 0, 0);
	ev(0, 1, EV_CPU, 1, 0);
	ev(0, 0, EV_GIL_ACQUIRE, 0, 0);
	ev(0, 1, EV_GIL_REQUEST, 0, 0);
	view_tick(&v, T0 + 300 * MS);
	ck_assert_int_eq(v.core[0].worker, 0);
	ck_assert_int_eq(v.core[1].worker, -1);	/* waiting for the GIL: not running */
	ck_assert(v.core[0].util > 0.9);
	ck_assert(v.core[1].util < 0.1);
}
END_TEST

START_TEST(event_loop_running_ready_and_blocked)
{
	int ready[4];

	view_init_plain(&v, 3, NULL, 1, T0, 10 * MS);
	ev(0, 0, EV_CORO_RESUME, 0, 0);
	ev(1, 0, EV_CORO_YIELD, 0, 0);		/* sleep(0): ready again */
	ev(1, 1, EV_CORO_RESUME, 0, 0);
	ev(2, 1, EV_CORO_YIELD, 0, 0);
	ev(2, 2, EV_CORO_RESUME, 0, 0);
	ck_assert_int_eq(v.loop_running, 2);
	ck_assert_int_eq(view_ready(&v, ready, 4), 2);
	ck_assert_int_eq(ready[0], 0);			/* FIFO */
	ck_assert_int_eq(ready[1], 1);
	ev(3, 2, EV_SLEEP_BEGIN, 0, 0);			/* time.sleep inside async def */
	ck_assert(v.loop_blocking);
	view_tick(&v, T0 + 503 * MS);
	ck_assert_int_eq(v.loop_running, 2);		/* still holding the loop */
	ev(503, 2, EV_SLEEP_END, 0, 0);
	ev(504, 2, EV_CORO_YIELD, 0, 2);
	ck_assert_int_eq(v.loop_running, -1);
	ck_assert_uint_ge(v.loop_longest_ns, 500 * MS);
}
END_TEST

START_TEST(deadlock_and_step_mode)
{
	view_init_plain(&v, 2, "LL", 2, T0, 10 * MS);
	ev(1, 0, EV_PARK, 1, EV_LOCK_REQUEST);
	ck_assert_int_eq(v.w[0].state, WS_PARKED);
	ck_assert_int_eq(v.w[0].park_obj, 1);
	ev(2, 0, EV_UNPARK, 1, EV_LOCK_REQUEST);
	ck_assert_int_eq(v.w[0].state, WS_RUNNING);
	ck_assert(!v.deadlocked);
	ev(3, 0, EV_LOCK_ACQUIRE, 0, 0);
	ev(3, 1, EV_LOCK_ACQUIRE, 1, 0);
	ev(4, 0, EV_LOCK_REQUEST, 1, 0);
	ev(4, 1, EV_LOCK_REQUEST, 0, 0);
	ev(5, 2, EV_DEADLOCK, 0, 2);	/* the control track */
	ck_assert(v.deadlocked);
	ev(6, 0, EV_LOCK_RELEASE, 0, 0);	/* unwinding after the stop */
	ev(6, 1, EV_LOCK_RELEASE, 1, 0);
	ck_assert_int_eq(v.obj[0].holder, 0);	/* the deadlock as it was */
	ck_assert_int_eq(v.obj[1].holder, 1);
	ck_assert_int_eq(v.obj[0].nwaiters, 1);
}
END_TEST

START_TEST(gen_moves_only_when_something_changed)
{
	unsigned g;

	view_init_plain(&v, 1, NULL, 1, T0, 10 * MS);
	ev(0, 0, EV_START, 0, 0);
	view_tick(&v, T0 + 1 * MS);
	g = v.gen;
	view_tick(&v, T0 + 2 * MS);		/* same column, same state */
	ck_assert_uint_eq(v.gen, g);
	ev(3, 0, EV_SLEEP_BEGIN, 0, 0);
	ck_assert_uint_ne(v.gen, g);
}
END_TEST

START_TEST(every_state_has_a_name)
{
	for (int s = 0; s < WS__MAX; s++)
		ck_assert_str_ne(view_state_name((enum wstate)s), "?");
}
END_TEST

START_TEST(states_the_lessons_talk_about)
{
	/* free-threaded: running without a GIL */
	view_init_plain(&v, 2, "L", 2, T0, 10 * MS);
	v.model = MODEL_THREAD;
	ev(0, 0, EV_START, 0, 0);
	ck_assert_int_eq(v.w[0].state, WS_RUN_FREE);
	/* under the GIL */
	view_init_plain(&v, 2, "L", 2, T0, 10 * MS);
	v.model = MODEL_THREAD;
	v.gil = 1;
	ev(0, 0, EV_START, 0, 0);
	ck_assert_int_eq(v.w[0].state, WS_RUNNING);
	/* coroutines: awaiting a timer, blocking the loop */
	view_init_plain(&v, 2, NULL, 2, T0, 10 * MS);
	v.model = MODEL_COROUTINE;
	ev(0, 0, EV_CORO_RESUME, 0, 0);
	ev(1, 0, EV_SLEEP_BEGIN, SLEEP_AWAITED, 0);	/* await asyncio.sleep() */
	ck_assert_int_eq(v.w[0].state, WS_AWAIT);
	ck_assert(!v.loop_blocking);
	ev(1, 0, EV_CORO_YIELD, 0, 1);		/* CORO_WAIT_SLEEP */
	ck_assert_int_eq(v.w[0].state, WS_AWAIT);
	ev(2, 1, EV_CORO_RESUME, 0, 0);
	ev(2, 1, EV_SLEEP_BEGIN, 0, 0);		/* time.sleep() in a coroutine */
	ck_assert_int_eq(v.w[1].state, WS_LOOP_BLOCK);
	ck_assert(v.loop_blocking);
	ev(9, 1, EV_SLEEP_END, 0, 0);
	ev(9, 1, EV_CORO_YIELD, 0, 0);
	ck_assert_int_eq(v.w[1].state, WS_READY);
	ck_assert_uint_eq(v.loop_longest_ns, 7 * MS);
	ck_assert(v.seen & (1u << WS_AWAIT));
	ck_assert(v.seen & (1u << WS_LOOP_BLOCK));
	/* awaiting never passes through blocking the loop */
	view_init_plain(&v, 1, NULL, 1, T0, 10 * MS);
	v.model = MODEL_COROUTINE;
	ev(0, 0, EV_CORO_RESUME, 0, 0);
	ev(0, 0, EV_SLEEP_BEGIN, SLEEP_AWAITED, 0);
	ev(0, 0, EV_CORO_YIELD, 0, 1);
	ck_assert(!(v.seen & (1u << WS_LOOP_BLOCK)));
}
END_TEST

START_TEST(deadlocked_workers_stay_deadlocked)
{
	view_init_plain(&v, 3, "LL", 2, T0, 10 * MS);
	ev(0, 0, EV_START, 0, 0);
	ev(0, 1, EV_START, 0, 0);
	ev(0, 2, EV_START, 0, 0);
	ev(1, 0, EV_LOCK_ACQUIRE, 0, 0);
	ev(1, 1, EV_LOCK_ACQUIRE, 1, 0);
	ev(2, 0, EV_LOCK_REQUEST, 1, 0);
	ev(2, 1, EV_LOCK_REQUEST, 0, 0);
	ev(3, 3, EV_DEADLOCK, 0, 2);	/* the control track */
	ck_assert_int_eq(v.w[0].state, WS_DEADLOCK);
	ck_assert_int_eq(v.w[1].state, WS_DEADLOCK);
	ck_assert_int_eq(v.w[2].state, WS_RUNNING);
	/* broken: they unwind and end, and stay deadlocked on screen */
	ev(4, 0, EV_LOCK_RELEASE, 0, 0);
	ev(5, 0, EV_END, 0, 0);
	ev(5, 2, EV_END, 0, 0);
	ck_assert_int_eq(v.w[0].state, WS_DEADLOCK);
	ck_assert_int_eq(v.done, 1);
	view_finish(&v, T0 + 6 * MS, 0);
	for (int i = 0; i < v.nworkers; i++)
		ck_assert(view_state_final(v.w[i].state));
}
END_TEST

START_TEST(a_stopped_run_ends_stopped)
{
	view_init_plain(&v, 2, "L", 2, T0, 10 * MS);
	ev(0, 0, EV_START, 0, 0);
	ev(0, 1, EV_START, 0, 0);
	ev(1, 1, EV_END, 0, 0);
	view_tick(&v, T0 + 5 * MS);
	view_finish(&v, T0 + 6 * MS, 1);
	ck_assert_int_eq(v.w[0].state, WS_STOPPED);
	ck_assert_int_eq(v.w[1].state, WS_DONE);
	ck_assert(v.stopped);
	ck_assert_int_eq(v.core[0].worker, -1);
	ck_assert_int_eq(v.gil_holder, -1);
}
END_TEST

START_TEST(a_gil_turn_spans_two_columns)
{
	/* half a switch interval × pace per column, whatever the pace */
	ck_assert_uint_eq(view_col_ns(1, 5, 1), 2500000u);
	ck_assert_uint_eq(view_col_ns(1, 5, 10), 25000000u);
	ck_assert_uint_eq(view_col_ns(1, 1, 1), 500000u);
	ck_assert_uint_eq(view_col_ns(0, 5, 1), VIEW_COL_NS);
	for (int sw = 1; sw <= 1000; sw *= 10)
		for (int pace = 1; pace <= 50; pace *= 5)
			ck_assert_uint_ge((uint64_t)sw * MS * (uint64_t)pace,
			    2 * view_col_ns(1, sw, pace));
	/* two threads taking 5 ms turns alternate column by column pairs */
	view_init_plain(&v, 2, NULL, 1, T0, view_col_ns(1, 5, 1));
	v.gil = 1;
	v.model = MODEL_THREAD;
	ev(0, 1, EV_GIL_REQUEST, 0, 0);
	for (int k = 0; k < 8; k++) {
		int run = k % 2;

		ev((uint64_t)k * 5, run, EV_GIL_ACQUIRE, 0, 0);
		ev((uint64_t)k * 5 + 5, run, EV_GIL_DROP, 0, 1);
		ev((uint64_t)k * 5 + 5, run, EV_GIL_REQUEST, 0, 0);
	}
	view_tick(&v, T0 + 40 * MS);
	for (int ago = 1; ago <= 14; ago++) {
		enum wstate a = view_tl(&v, 0, ago), b = view_tl(&v, 1, ago);

		ck_assert(view_state_running(a) != view_state_running(b));
	}
}
END_TEST

/* Three threads under the GIL pass it round in uneven turns, each forced
 * off and ready a while before it asks again: no column ever shows two
 * of them running. */
START_TEST(no_column_shows_two_running_under_the_gil)
{
	uint64_t us = 1000, t = 0;

	view_init_plain(&v, 3, NULL, 1, T0, view_col_ns(1, 5, 1));
	v.gil = 1;
	v.model = MODEL_THREAD;
	for (int k = 0; k < 60; k++) {
		int run = k % 3, turn = 5000 + (k * 1237) % 2100, ready = 100 + (k * 577) % 1900;
		struct event e[4] = {
			{ T0 + t * us, (uint16_t)run, EV_GIL_ACQUIRE, 0, 0 },
			{ T0 + (t + (uint64_t)turn) * us, (uint16_t)run, EV_GIL_DROP, 0, 1 },
			{ T0 + (t + (uint64_t)(turn + ready)) * us, (uint16_t)run,
			  EV_GIL_REQUEST, 0, 0 },
		};

		view_event(&v, &e[0]);
		view_event(&v, &e[1]);
		t += (uint64_t)turn + 50;
		view_tick(&v, T0 + t * us);
		view_event(&v, &e[2]);
	}
	for (int ago = 1; ago < 150; ago++) {
		int n = 0;

		for (int i = 0; i < 3; i++)
			n += view_state_running(view_tl(&v, i, ago));
		ck_assert_msg(n <= 1, "%d columns ago: %d running", ago, n);
	}
}
END_TEST

START_TEST(a_pace_change_keeps_the_columns_times)
{
	view_init_plain(&v, 1, NULL, 1, T0, 10 * MS);
	ev(0, 0, EV_START, 0, 0);
	view_tick(&v, T0 + 50 * MS);
	ck_assert_uint_eq(view_tl_time(&v, 0), 50 * MS);
	ck_assert_uint_eq(view_tl_time(&v, 1), 40 * MS);
	view_set_col_ns(&v, 20 * MS, T0 + 55 * MS);
	view_tick(&v, T0 + 100 * MS);
	ck_assert_uint_eq(view_tl_time(&v, 0), 95 * MS);
	ck_assert_uint_eq(view_tl_time(&v, 1), 75 * MS);
	ck_assert_uint_eq(view_tl_time(&v, 2), 55 * MS);
	ck_assert_uint_eq(view_tl_time(&v, 3), 50 * MS);
	ck_assert_uint_eq(view_tl_time(&v, 4), 40 * MS);
	ck_assert_uint_eq(view_tl_time(&v, 600), UINT64_MAX);
}
END_TEST

START_TEST(columns_fit_the_expected_run)
{
	/* a round width, the run (and 10 %) inside the columns, and at most a
	 * third more than needed */
	static const double ms[] = { 0.5, 4, 50, 900, 3000, 7300, 14999, 60000 };
	static const int cols[] = { 30, 66, 97, 291, 485 };

	for (size_t i = 0; i < nitems(ms); i++)
		for (size_t c = 0; c < nitems(cols); c++) {
			uint64_t ns = view_col_fit(ms[i], cols[c]), m = ns;

			while (m % 10 == 0 && m >= 100)
				m /= 10;
			ck_assert_msg(m == 10 || m == 12 || m == 15 || m == 20 || m == 25 ||
			    m == 30 || m == 40 || m == 50 || m == 60 || m == 80,
			    "%g ms in %d: %llu ns/col", ms[i], cols[c], (unsigned long long)ns);
			ck_assert((double)ns * cols[c] >= ms[i] * 1.1e6);
			ck_assert(ns <= 100000u || (double)ns * cols[c] <= ms[i] * 1.1e6 * 1.34);
		}
	ck_assert_uint_eq(view_col_fit(-1, 60), VIEW_COL_NS);
	ck_assert_uint_eq(view_col_fit(4000, 60), 80 * MS);	/* 73 ms wanted */
}
END_TEST

START_TEST(time_in_each_state)
{
	view_init_plain(&v, 1, NULL, 1, T0, 10 * MS);
	ev(2, 0, EV_START, 0, 0);
	ev(2, 0, EV_CPU, 0, 0);
	ev(5, 0, EV_SLEEP_BEGIN, 0, 0);
	view_tick(&v, T0 + 9 * MS);
	ck_assert_uint_eq(view_time_in(&v, 0, WS_RUNNING), 3 * MS);
	ck_assert_uint_eq(view_time_in(&v, 0, WS_SLEEP), 4 * MS);	/* so far */
	ck_assert_uint_eq(view_time_in(&v, 0, WS_IDLE), 2 * MS);
	ev(11, 0, EV_SLEEP_END, 0, 0);
	ev(12, 0, EV_END, 0, 1);
	view_finish(&v, T0 + 20 * MS, 0);
	ck_assert_uint_eq(view_time_in(&v, 0, WS_SLEEP), 6 * MS);
	ck_assert_uint_eq(view_time_in(&v, 0, WS_RUNNING), 4 * MS);
	ck_assert_uint_eq(view_time_in(&v, 0, WS_DONE), 8 * MS);
}
END_TEST

START_TEST(the_ruler_marks_round_times)
{
	uint64_t start[60];
	char out[80];

	for (int i = 0; i < 60; i++)
		start[i] = (uint64_t)i * 10 * MS;	/* 10 ms a column */
	view_ruler(start, 60, out, sizeof out);
	ck_assert_int_eq((int)strlen(out), 60);
	/* a tick every 100 ms: 10 columns apart, labelled */
	ck_assert_int_eq(out[0], '|');
	ck_assert(strncmp(out + 1, "0.0s", 4) == 0);
	ck_assert_int_eq(out[10], '|');
	ck_assert(strncmp(out + 11, "0.1s", 4) == 0);
	ck_assert_int_eq(out[50], '|');
	ck_assert(strncmp(out + 51, "0.5s", 4) == 0);
	/* the columns before the run starts have no marks */
	for (int i = 0; i < 20; i++)
		start[i] = UINT64_MAX;
	view_ruler(start, 60, out, sizeof out);
	ck_assert(strchr(out, '|') == out + 20);
	/* a label never runs off the end */
	view_ruler(start, 56, out, sizeof out);
	ck_assert_int_eq((int)strlen(out), 56);
	ck_assert(strrchr(out, '|') <= out + 56 - 5);
	/* nothing known: blank */
	for (int i = 0; i < 60; i++)
		start[i] = UINT64_MAX;
	view_ruler(start, 60, out, sizeof out);
	ck_assert(strspn(out, " ") == 60);
}
END_TEST

START_TEST(the_whole_run_fits_the_pane)
{
	/* 10 s: w0 runs the first half, waits on a lock the second */
	view_init_plain(&v, 2, "L", 1, T0, 10 * MS);
	ev(0, 0, EV_START, 0, 0);
	ev(0, 1, EV_START, 0, 0);
	ev(0, 1, EV_LOCK_ACQUIRE, 0, 0);
	for (uint64_t t = 100; t < 10000; t += 100) {
		if (t == 5000)
			ev(5000, 0, EV_LOCK_REQUEST, 0, 0);
		view_tick(&v, T0 + t * MS);
	}
	ev(9990, 1, EV_LOCK_RELEASE, 0, 0);
	ev(9990, 0, EV_LOCK_ACQUIRE, 0, 0);
	ev(10000, 0, EV_END, 0, 0);
	ev(10000, 1, EV_END, 0, 0);
	view_finish(&v, T0 + 10000 * MS, 0);
	ck_assert_uint_ge(v.fit_ns * VIEW_FIT_COLS, 10000 * MS);
	for (int cols = 20; cols <= 200; cols += 30) {
		ck_assert_uint_eq(view_fit_time(&v, 0, cols), 0);
		ck_assert_uint_eq(view_fit_time(&v, cols / 2, cols), 10000 * MS * (uint64_t)(cols / 2) / (uint64_t)cols);
		ck_assert_int_eq(view_fit(&v, 0, 0, cols), WS_RUNNING);
		ck_assert_int_eq(view_fit(&v, 0, cols / 4, cols), WS_RUNNING);
		ck_assert_int_eq(view_fit(&v, 0, cols * 3 / 4, cols), WS_LOCK_WAIT);
		ck_assert_int_eq(view_fit(&v, 1, cols / 2, cols), WS_HOLDING);
		ck_assert(view_state_final(view_fit(&v, 0, cols - 1, cols)) ||
		    view_fit(&v, 0, cols - 1, cols) == WS_LOCK_WAIT);
	}
}
END_TEST

START_TEST(short_lived_free_workers_draw_a_staircase)
{
	/* 10 free threads, each alive 0.1 ms, started 1 ms apart: each
	 * shows running in the column it lived in, its ✓ after it */
	view_init_plain(&v, 10, NULL, 2, T0, 10 * MS);
	v.model = MODEL_THREAD;
	v.gil = 0;
	for (int i = 0; i < 10; i++) {
		struct event a = { T0 + (uint64_t)i * MS, (uint16_t)i, EV_START, 0, 0 };
		struct event b = { a.t + MS / 10, (uint16_t)i, EV_END, 0, 0 };

		view_event(&v, &a);
		view_event(&v, &b);
	}
	view_finish(&v, T0 + 12 * MS, 0);
	for (int i = 0; i < 10; i++) {
		ck_assert_int_eq(view_fit(&v, i, i, 12), WS_RUN_FREE);
		if (i > 0)
			ck_assert_int_eq(view_fit(&v, i, i - 1, 12), WS_IDLE);
		ck_assert_int_eq(view_fit(&v, i, i + 1, 12), WS_DONE);
	}
}
END_TEST

/* --- invariants on real runs ------------------------------------------ */

static double
metric(struct live *l, const char *name, int *found)
{
	double x = 0;

	*found = live_metric(l, 0, name, &x) == 0;
	return x;
}

/* What the panes draw from agrees with itself and with the result. */
static void
check_invariants(struct live *l, const char *what)
{
	const struct view *w = &l->view;
	int64_t tasks = 0, puts = 0, gets = 0, acq = 0;
	int deadlocked = 0, found;
	double x;

	for (int i = 0; i < w->nworkers; i++) {
		uint64_t sum = 0, run = 0;

		ck_assert_msg(view_state_final(w->w[i].state),
		    "%s: %s ends %s", what, w->w[i].name, view_state_name(w->w[i].state));
		/* the timeline's time by state adds up to the run, and its
		 * running to the worker's */
		for (int s = 0; s < WS__MAX; s++) {
			sum += view_time_in(w, i, (enum wstate)s);
			run += view_state_running((enum wstate)s) ?
			    view_time_in(w, i, (enum wstate)s) : 0;
		}
		ck_assert_msg(w->w[i].since > w->end || sum == w->end - w->t0,
		    "%s: %s's states add up to %llu ns of %llu", what, w->w[i].name,
		    (unsigned long long)sum, (unsigned long long)(w->end - w->t0));
		ck_assert_msg(run == w->w[i].running_ns, "%s: %s ran %llu ns, %llu by state",
		    what, w->w[i].name, (unsigned long long)w->w[i].running_ns,
		    (unsigned long long)run);
		deadlocked += w->w[i].state == WS_DEADLOCK;
		tasks += w->w[i].tasks_done;
	}
	ck_assert_msg(w->loop_running < 0 && w->gil_holder < 0,
	    "%s: still running after the end", what);
	/* the code markers: every operation seen is one the demo lists */
	for (int o = OP_NONE + 1; o < OP__MAX; o++)
		ck_assert_msg(!(w->ops_seen & (1u << o)) ||
		    (op_models(l->demo, o) & MODEL_BIT(w->model)),
		    "%s: a worker did '%s', which the demo does not list", what, op_name(o));
	for (int c = 0; c < w->ncores; c++)
		ck_assert_msg(w->core[c].worker < 0, "%s: core %d busy after the end", what, c);
	for (int o = 0; o < w->nobjs; o++) {
		const struct view_obj *ob = &w->obj[o];

		if (ob->kind == 'L') {
			ck_assert_msg(ob->holder < 0 || w->w[ob->holder].state == WS_DEADLOCK,
			    "%s: %s held by %s after the end", what, ob->name,
			    w->w[ob->holder].name);
			acq += ob->acquisitions;
		}
		puts += ob->puts;
		gets += ob->gets;
	}
	x = metric(l, "cycle_length", &found);
	if (found && w->deadlocked)
		ck_assert_msg(deadlocked == (int)x, "%s: %d deadlocked, cycle of %g", what,
		    deadlocked, x);
	if (!w->deadlocked)
		ck_assert_msg(deadlocked == 0, "%s: deadlocked without a deadlock", what);
	x = metric(l, "tasks_done", &found);
	if (found && w->ntotal == w->nworkers && tasks > 0)
		ck_assert_msg(tasks == (int64_t)x, "%s: %lld tasks in the panes, %g in the result",
		    what, (long long)tasks, x);
	x = metric(l, "produced", &found);
	if (found)
		ck_assert_msg(puts >= (int64_t)x, "%s: %lld puts, %g produced", what,
		    (long long)puts, x);
	x = metric(l, "consumed", &found);
	if (found)
		ck_assert_msg(gets >= (int64_t)x, "%s: %lld gets, %g consumed", what,
		    (long long)gets, x);
	if (l->res_knobs.v[KNOB_LOCK] == ON && metric(l, "expected", &found) > 0 && found)
		ck_assert_msg(acq == (int64_t)metric(l, "expected", &found),
		    "%s: %lld acquisitions, %g increments", what, (long long)acq,
		    metric(l, "expected", &found));
	/* a blocking call holds the loop its whole delay, and nobody is late
	 * by less than the longest hold */
	x = metric(l, "max_lag_ms", &found);
	if (found && l->res_knobs.v[KNOB_STYLE] == STYLE_BLOCK) {
		double hold = (double)w->loop_longest_ns / 1e6;

		ck_assert_msg(hold >= 0.9 * l->res_knobs.v[KNOB_DELAY] && hold <= x + 50,
		    "%s: longest hold %.1f ms, delay %d ms, lag %.1f ms", what, hold,
		    l->res_knobs.v[KNOB_DELAY], x);
	}
}

START_TEST(every_demo_under_every_model_ends_consistent)
{
	const struct demo *d = demo_table[_i];
	struct live l;

	live_init(&l, 2);
	for (int m = 0; m < MODEL__MAX; m++) {
		struct knobs k;
		char what[64];
		uint64_t t0;
		int found;

		if (!(d->models & MODEL_BIT(m)))
			continue;
		check_short_knobs(d, &k, m);
		xsnprintf(what, sizeof what, "%s/%s", d->name, knob_table[KNOB_MODEL].choices[m]);
		ck_assert_msg(live_start(&l, d, &k, 0) == 0, "%s: %s", what, l.error);
		t0 = now_ns();
		while (live_busy(&l) && now_ns() - t0 < 30000000000ull) {
			live_frame(&l, now_ns());
			sleep_ns(2000000);
		}
		ck_assert_msg(l.phase == LIVE_DONE, "%s: phase %d (%s)", what, l.phase, l.error);
		if (metric(&l, "dropped", &found) == 0)	/* every event seen */
			check_invariants(&l, what);
	}
	live_free(&l);
}
END_TEST

START_TEST(a_stopped_run_leaves_nothing_running)
{
	struct live l;
	struct knobs k = { 0 };
	uint64_t t0;

	live_init(&l, 2);
	knobs_set(&k, KNOB_MODEL, MODEL_THREAD);
	knobs_set(&k, knob_find("work"), 2000);
	ck_assert_int_eq(live_start(&l, demo_find("cpu"), &k, 0), 0);
	for (int f = 0; f < 20; f++) {
		live_frame(&l, now_ns());
		sleep_ns(5000000);
	}
	live_stop(&l);
	t0 = now_ns();
	while (live_busy(&l) && now_ns() - t0 < 20000000000ull) {
		live_frame(&l, now_ns());
		sleep_ns(2000000);
	}
	for (int i = 0; i < l.view.nworkers; i++)
		ck_assert(l.view.w[i].state == WS_STOPPED || l.view.w[i].state == WS_DONE);
	ck_assert(l.view.stopped);
	ck_assert(l.view.gil_holder < 0);
	live_free(&l);
}
END_TEST

/* The counter, live: the latest sample wins even when it is lower (a
 * stale write takes it back); each worker's read stands until it writes. */
START_TEST(the_shared_value_and_what_each_worker_read)
{
	view_init_plain(&v, 2, NULL, 2, T0, 10 * MS);
	ck_assert(!v.has_value);
	ev(1, 0, EV_VALUE_READ, 0, 41);
	ev(1, 1, EV_VALUE_READ, 0, 41);
	ck_assert(v.w[0].has_read && v.w[1].has_read);
	ck_assert_int_eq(v.w[1].read, 41);
	ev(2, 0, EV_VALUE, 0, 42);
	ck_assert(v.has_value);
	ck_assert_int_eq(v.value, 42);
	ck_assert(!v.w[0].has_read);
	ev(3, 0, EV_VALUE_READ, 0, 42);
	ev(4, 0, EV_VALUE, 0, 43);
	ev(5, 1, EV_VALUE, 0, 42);	/* thread-1 writes its stale 41 + 1 */
	ck_assert_int_eq(v.value, 42);
	ck_assert(!v.w[1].has_read);
}
END_TEST

Suite *
view_suite(void)
{
	Suite *s = suite_create("view");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, workers_follow_their_events);
	tcase_add_test(tc, gil_holder_and_waiters);
	tcase_add_test(tc, lock_holder_and_fifo_waiters);
	tcase_add_test(tc, a_late_release_does_not_clear_the_new_holder);
	tcase_add_test(tc, queue_depth_and_blocked_sides);
	tcase_add_test(tc, timeline_columns_keep_the_telling_state);
	tcase_add_test(tc, a_column_shows_where_the_time_went);
	tcase_add_test(tc, cores_show_who_runs_and_how_busy);
	tcase_add_test(tc, event_loop_running_ready_and_blocked);
	tcase_add_test(tc, deadlock_and_step_mode);
	tcase_add_test(tc, gen_moves_only_when_something_changed);
	tcase_add_test(tc, every_state_has_a_name);
	tcase_add_test(tc, states_the_lessons_talk_about);
	tcase_add_test(tc, deadlocked_workers_stay_deadlocked);
	tcase_add_test(tc, a_stopped_run_ends_stopped);
	tcase_add_test(tc, the_shared_value_and_what_each_worker_read);
	tcase_add_test(tc, a_gil_turn_spans_two_columns);
	tcase_add_test(tc, no_column_shows_two_running_under_the_gil);
	tcase_add_test(tc, a_pace_change_keeps_the_columns_times);
	tcase_add_test(tc, columns_fit_the_expected_run);
	tcase_add_test(tc, time_in_each_state);
	tcase_add_test(tc, the_ruler_marks_round_times);
	tcase_add_test(tc, the_whole_run_fits_the_pane);
	tcase_add_test(tc, short_lived_free_workers_draw_a_staircase);
	suite_add_tcase(s, tc);
	tc = tcase_create("invariants");
	tcase_set_timeout(tc, 180);
	tcase_add_loop_test(tc, every_demo_under_every_model_ends_consistent, 0,
	    (int)demo_count);
	tcase_add_test(tc, a_stopped_run_leaves_nothing_running);
	suite_add_tcase(s, tc);
	return s;
}
