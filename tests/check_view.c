/* check_view.c — the view model: events in, pane state out, no terminal. */
#include "config.h"

#include <string.h>

#include "suites.h"
#include "view.h"

#define MS 1000000ull
#define T0 (1000 * MS)

static struct view v;

static void
ev(uint64_t ms, int track, int kind, uint32_t obj, int64_t arg)
{
	struct event e = { T0 + ms * MS, (uint16_t)track, (uint16_t)kind, obj, arg };

	view_event(&v, &e);
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
	suite_add_tcase(s, tc);
	return s;
}
