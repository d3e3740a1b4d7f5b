/*
 * check_ops.c — operations: which one each trace event puts a worker in,
 * what a parked worker does next, the demos' lists, and where the code
 * markers stand for a fed event sequence and a step's @line marks.
 */
#include "config.h"

#include <string.h>

#include "suites.h"
#include "demo.h"
#include "lesson.h"
#include "loop.h"
#include "ops.h"
#include "util.h"
#include "view.h"

#define MS CHECK_MS
#define T0 CHECK_T0

static struct view v;

static void
ev(uint64_t ms, int track, int kind, uint32_t obj, int64_t arg)
{
	check_view_event(&v, ms, track, kind, obj, arg);
}

START_TEST(every_operation_has_a_name_and_a_summary)
{
	for (int o = OP_NONE + 1; o < OP__MAX; o++) {
		ck_assert_int_eq(op_find(op_name(o)), o);
		ck_assert(strlen(op_summary(o)) > 10);
	}
	ck_assert_int_eq(op_find("none"), -1);	/* not something a line does */
	ck_assert_int_eq(op_find("frobnicate"), -1);
	ck_assert_str_eq(op_name(OP__MAX), "?");
}
END_TEST

/* counter += 1 as read, sleep(0), write: the thread stands on each in turn. */
START_TEST(a_race_reads_yields_and_writes)
{
	view_init_plain(&v, 2, "L", 2, T0, 10 * MS);
	ck_assert_int_eq(v.w[0].op, OP_NONE);
	ev(1, 0, EV_START, 0, 0);
	ck_assert_int_eq(v.w[0].op, OP_NONE);	/* on no line yet */
	ev(1, 0, EV_TASK_BEGIN, 0, 0);
	ck_assert_int_eq(v.w[0].op, OP_COMPUTE);
	ev(1, 0, EV_GIL_ACQUIRE, 0, 0);
	ev(2, 0, EV_GIL_DROP, 0, 0);	/* a drop that is not after a read */
	ck_assert_int_eq(v.w[0].op, OP_COMPUTE);
	ev(3, 0, EV_VALUE_READ, 0, 40);
	ck_assert_int_eq(v.w[0].op, OP_READ);
	ev(4, 0, EV_GIL_DROP, 0, 1);	/* forced off: still on the read */
	ck_assert_int_eq(v.w[0].op, OP_READ);
	ev(5, 0, EV_GIL_DROP, 0, 0);	/* let go by itself: time.sleep(0) */
	ck_assert_int_eq(v.w[0].op, OP_YIELD);
	ev(6, 0, EV_GIL_REQUEST, 0, 0);
	ev(6, 0, EV_GIL_ACQUIRE, 0, 0);
	ck_assert_int_eq(v.w[0].op, OP_YIELD);
	ev(7, 0, EV_VALUE, 0, 41);
	ck_assert_int_eq(v.w[0].op, OP_WRITE);
	ev(8, 0, EV_LOCK_REQUEST, 0, 0);
	ck_assert_int_eq(v.w[0].op, OP_ACQUIRE);
	ev(9, 0, EV_LOCK_ACQUIRE, 0, 0);
	ck_assert_int_eq(v.w[0].op, OP_ACQUIRE);	/* until it does something else */
	ev(10, 0, EV_LOCK_RELEASE, 0, 0);
	ck_assert_int_eq(v.w[0].op, OP_RELEASE);
	ev(11, 0, EV_END, 0, 1);
	ck_assert_int_eq(v.w[0].op, OP_RELEASE);	/* where it ended */
	ck_assert_int_eq(v.w[1].op, OP_NONE);
	ck_assert(v.ops_seen & (1u << OP_YIELD));
	ck_assert(!(v.ops_seen & (1u << OP_PUT)));
}
END_TEST

START_TEST(queues_sleeps_awaits_and_coroutine_yields)
{
	view_init_plain(&v, 2, "Q", 1, T0, 10 * MS);
	ev(1, 0, EV_START, 0, 0);
	ev(1, 1, EV_START, 0, 0);
	ev(2, 0, EV_SLEEP_BEGIN, 0, 5 * MS);
	ck_assert_int_eq(v.w[0].op, OP_SLEEP);
	ev(3, 0, EV_SLEEP_END, 0, 0);
	ck_assert_int_eq(v.w[0].op, OP_SLEEP);
	ev(4, 0, EV_QUEUE_FULL, 0, 4);
	ck_assert_int_eq(v.w[0].op, OP_PUT);
	ev(5, 0, EV_QUEUE_PUT, 0, 4);
	ck_assert_int_eq(v.w[0].op, OP_PUT);
	ev(2, 1, EV_QUEUE_EMPTY, 0, 0);
	ck_assert_int_eq(v.w[1].op, OP_GET);
	ev(6, 1, EV_QUEUE_GET, 0, 3);
	ev(6, 1, EV_TASK_BEGIN, 0, 0);
	ck_assert_int_eq(v.w[1].op, OP_COMPUTE);
	ev(7, 1, EV_SLEEP_BEGIN, SLEEP_AWAITED, 5 * MS);
	ck_assert_int_eq(v.w[1].op, OP_AWAIT);
	ev(8, 1, EV_CORO_YIELD, 0, CORO_WAIT_SLEEP);
	ck_assert_int_eq(v.w[1].op, OP_AWAIT);
	ev(9, 1, EV_CORO_RESUME, 0, 0);
	ev(9, 1, EV_CORO_YIELD, 0, CORO_WAIT_READY);	/* asyncio.sleep(0) */
	ck_assert_int_eq(v.w[1].op, OP_YIELD);
	ev(10, 1, EV_SLEEP_BEGIN, SLEEP_AWAITED, 5 * MS);
	ev(11, 1, EV_END, 0, 0);
	ev(11, 1, EV_CORO_YIELD, 0, CORO_WAIT_READY);	/* returns: no yield of its code */
	ck_assert_int_eq(v.w[1].op, OP_AWAIT);	/* where it ended */
}
END_TEST

/* A deadlock keeps everyone where they stood, through the unwinding. */
START_TEST(a_deadlock_freezes_the_markers)
{
	view_init_plain(&v, 2, "LL", 2, T0, 10 * MS);
	ev(1, 0, EV_LOCK_REQUEST, 0, 0);
	ev(1, 0, EV_LOCK_ACQUIRE, 0, 0);
	ev(1, 1, EV_LOCK_REQUEST, 1, 0);
	ev(1, 1, EV_LOCK_ACQUIRE, 1, 0);
	ev(2, 0, EV_SLEEP_BEGIN, 0, 0);
	ev(3, 0, EV_SLEEP_END, 0, 0);
	ev(3, 0, EV_LOCK_REQUEST, 1, 0);
	ev(3, 1, EV_LOCK_REQUEST, 0, 0);
	ev(4, 0, EV_DEADLOCK, 0, 2);
	ev(5, 0, EV_LOCK_RELEASE, 0, 0);
	ev(5, 1, EV_LOCK_RELEASE, 1, 0);
	ev(6, 0, EV_END, 0, 0);
	ck_assert_int_eq(v.w[0].op, OP_ACQUIRE);
	ck_assert_int_eq(v.w[1].op, OP_ACQUIRE);
}
END_TEST

START_TEST(a_parked_worker_says_what_comes_next)
{
	ck_assert_int_eq(op_next(EV_LOCK_REQUEST, 0), OP_ACQUIRE);
	ck_assert_int_eq(op_next(EV_SEM_REQUEST, 0), OP_ACQUIRE);
	ck_assert_int_eq(op_next(EV_QUEUE_PUT, 0), OP_PUT);
	ck_assert_int_eq(op_next(EV_QUEUE_GET, 0), OP_GET);
	ck_assert_int_eq(op_next(EV_GIL_REQUEST, 1), OP_WRITE);
	ck_assert_int_eq(op_next(EV_CORO_RESUME, 1), OP_WRITE);
	ck_assert_int_eq(op_next(EV_GIL_REQUEST, 0), OP_COMPUTE);
	ck_assert_int_eq(op_next(EV_MARK, 0), OP_NONE);
}
END_TEST

START_TEST(demos_list_what_they_do)
{
	const struct demo *counter = demo_find("counter"), *io = demo_find("io");

	for (size_t i = 0; i < demo_count; i++) {
		const struct demo *d = demo_table[i];

		ck_assert_msg(d->ops != NULL, "%s lists no operations", d->name);
		for (int o = 0; o < OP__MAX; o++)
			ck_assert_msg((op_models(d, o) & ~d->models) == 0,
			    "%s: %s under a model it does not run", d->name, op_name(o));
	}
	ck_assert(op_models(counter, OP_READ) != 0);
	ck_assert_int_eq(op_models(counter, OP_PUT), 0);
	ck_assert_int_eq(op_models(counter, OP_COMPUTE), 0);	/* no task begins */
	ck_assert_uint_eq(op_models(io, OP_AWAIT), MODEL_BIT(MODEL_COROUTINE));
	ck_assert(!(op_models(io, OP_SLEEP) & MODEL_BIT(MODEL_COROUTINE)));
	ck_assert(op_models(io, OP_SLEEP) & MODEL_BIT(MODEL_THREAD));
}
END_TEST

static const char race[] =
	"id: t\ntitle: T\nlevel: beginner\nsummary: S.\n\n"
	"## step race: Race\n"
	"@demo counter model=thread workers=3 await-between=on\n"
	"@line 3 read\n"
	"@line 4 yield\n"
	"@line 5 write\n"
	"Prose.\n\n"
	"```python\n"
	"def work(n):\n"
	"    for _ in range(n):\n"
	"        value = counter\n"
	"        time.sleep(0)\n"
	"        counter = value + 1\n"
	"```\n";

/* The markers of a fed sequence: two threads read 40, one writes 41 while
 * the other stands between its read and its write. */
START_TEST(markers_stand_on_the_lines_of_their_operations)
{
	struct lesson_errors errs;
	struct lesson *l;
	int line[4];

	lesson_errors_init(&errs);
	ck_assert_int_eq(lesson_parse_buffer("t.lesson", race, strlen(race), &l, &errs), 0);
	ck_assert_int_eq(lesson_op_line(&l->steps[0], OP_READ, NULL, "w0"), 3);
	ck_assert_int_eq(lesson_op_line(&l->steps[0], OP_ACQUIRE, "L0", "w0"), 0);
	view_init_plain(&v, 3, "L", 2, T0, 10 * MS);
	ck_assert_int_eq(op_markers(&l->steps[0], &v, line, 3), 0);
	ev(1, 0, EV_START, 0, 0);
	ev(1, 1, EV_START, 0, 0);
	ev(1, 2, EV_START, 0, 0);
	ck_assert_int_eq(op_markers(&l->steps[0], &v, line, 3), 0);	/* on no line yet */
	ev(2, 0, EV_VALUE_READ, 0, 40);
	ev(3, 0, EV_GIL_DROP, 0, 0);
	ev(4, 1, EV_VALUE_READ, 0, 40);
	ck_assert_int_eq(op_markers(&l->steps[0], &v, line, 3), 2);
	ck_assert_int_eq(line[0], 4);
	ck_assert_int_eq(line[1], 3);
	ck_assert_int_eq(line[2], 0);
	ev(5, 1, EV_VALUE, 0, 41);
	ev(6, 0, EV_VALUE, 0, 41);	/* the stale write */
	op_markers(&l->steps[0], &v, line, 3);
	ck_assert_int_eq(line[0], 5);
	ck_assert_int_eq(line[1], 5);
	ck_assert_int_eq(v.lost, 1);
	ck_assert_int_eq(v.lost_by, 0);
	ck_assert_int_eq(v.lost_over, 41);
	ev(7, 1, EV_END, 0, 0);
	op_markers(&l->steps[0], &v, line, 3);
	ck_assert_int_eq(line[1], 0);	/* done: off the code */
	view_finish(&v, T0 + 8 * MS, 1);
	op_markers(&l->steps[0], &v, line, 3);
	ck_assert_int_eq(line[0], 5);	/* stopped: where the stop found them */
	ck_assert_int_eq(line[1], 5);
	lesson_free(l);
	lesson_errors_free(&errs);
}
END_TEST

static const char cycle[] =
	"id: t\ntitle: T\nlevel: beginner\nsummary: S.\n\n"
	"## step cycle: Cycle\n"
	"@demo deadlock model=thread workers=2 names=one,two roles=a,b\n"
	"@line 2 acquire release on one by a\n"
	"@line 3 sleep\n"
	"@line 4 acquire release on two by a\n"
	"@line 7 acquire release on two by b\n"
	"@line 9 acquire release on one by b\n"
	"Prose.\n\n"
	"```python\n"
	"def a():\n"
	"    with one:\n"
	"        time.sleep(0.6)\n"
	"        with two:\n"
	"            pass\n"
	"def b():\n"
	"    with two:\n"
	"        time.sleep(0.6)\n"
	"        with one:\n"
	"            pass\n"
	"```\n";

/* The deadlock's markers: each worker on its own function's lines, by the
 * object it waits for; the cycle leaves a on line 4 and b on line 9. */
START_TEST(markers_tell_workers_and_objects_apart)
{
	struct lesson_errors errs;
	struct lesson *l;
	int line[2];

	lesson_errors_init(&errs);
	ck_assert_int_eq(lesson_parse_buffer("t.lesson", cycle, strlen(cycle), &l, &errs), 0);
	view_init_plain(&v, 2, "LL", 2, T0, 10 * MS);
	xsnprintf(v.w[0].name, sizeof v.w[0].name, "a");
	xsnprintf(v.w[1].name, sizeof v.w[1].name, "b");
	xsnprintf(v.obj[0].name, sizeof v.obj[0].name, "one");
	xsnprintf(v.obj[1].name, sizeof v.obj[1].name, "two");
	ev(1, 0, EV_LOCK_REQUEST, 0, 0);
	ev(1, 1, EV_LOCK_REQUEST, 1, 0);
	op_markers(&l->steps[0], &v, line, 2);
	ck_assert_int_eq(line[0], 2);
	ck_assert_int_eq(line[1], 7);
	ev(2, 0, EV_LOCK_ACQUIRE, 0, 0);
	ev(2, 1, EV_LOCK_ACQUIRE, 1, 0);
	ev(3, 0, EV_SLEEP_BEGIN, 0, 0);
	ev(3, 1, EV_SLEEP_BEGIN, 0, 0);
	op_markers(&l->steps[0], &v, line, 2);
	ck_assert_int_eq(line[0], 3);
	ck_assert_int_eq(line[1], 3);	/* one line for both: sleep is unqualified */
	ev(4, 0, EV_SLEEP_END, 0, 0);
	ev(4, 0, EV_LOCK_REQUEST, 1, 0);
	ev(4, 0, EV_GIL_DROP, 0, 0);	/* blocking lets the GIL go: still on two */
	ev(4, 1, EV_SLEEP_END, 0, 0);
	ev(4, 1, EV_LOCK_REQUEST, 0, 0);
	ev(5, 0, EV_DEADLOCK, 0, 2);
	ev(6, 0, EV_LOCK_RELEASE, 0, 0);	/* unwinding */
	op_markers(&l->steps[0], &v, line, 2);
	ck_assert_int_eq(line[0], 4);
	ck_assert_int_eq(line[1], 9);
	ck_assert_int_eq(v.w[0].op_obj, 1);
	/* releases: the object moves the marker even in one operation */
	view_init_plain(&v, 2, "LL", 2, T0, 10 * MS);
	xsnprintf(v.w[0].name, sizeof v.w[0].name, "a");
	xsnprintf(v.obj[0].name, sizeof v.obj[0].name, "one");
	xsnprintf(v.obj[1].name, sizeof v.obj[1].name, "two");
	ev(1, 0, EV_LOCK_RELEASE, 1, 0);
	op_markers(&l->steps[0], &v, line, 2);
	ck_assert_int_eq(line[0], 4);
	ev(2, 0, EV_LOCK_RELEASE, 0, 0);
	op_markers(&l->steps[0], &v, line, 2);
	ck_assert_int_eq(line[0], 2);
	lesson_free(l);
	lesson_errors_free(&errs);
}
END_TEST

/* Lost updates count what each stale write took back, and only those. */
START_TEST(lost_updates_count_what_stale_writes_took_back)
{
	view_init_plain(&v, 2, NULL, 2, T0, 10 * MS);
	ev(1, 0, EV_VALUE, 0, 1);
	ev(2, 0, EV_VALUE, 0, 1025);	/* a sample 1024 increments later */
	ck_assert_int_eq(v.lost, 0);
	ev(3, 1, EV_VALUE, 0, 1023);	/* 1025 + 1 expected: three lost */
	ck_assert_int_eq(v.lost, 3);
	ck_assert_int_eq(v.lost_by, 1);
}
END_TEST

Suite *
ops_suite(void)
{
	Suite *s = suite_create("ops");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, every_operation_has_a_name_and_a_summary);
	tcase_add_test(tc, a_race_reads_yields_and_writes);
	tcase_add_test(tc, queues_sleeps_awaits_and_coroutine_yields);
	tcase_add_test(tc, a_deadlock_freezes_the_markers);
	tcase_add_test(tc, a_parked_worker_says_what_comes_next);
	tcase_add_test(tc, demos_list_what_they_do);
	tcase_add_test(tc, markers_stand_on_the_lines_of_their_operations);
	tcase_add_test(tc, lost_updates_count_what_stale_writes_took_back);
	tcase_add_test(tc, markers_tell_workers_and_objects_apart);
	suite_add_tcase(s, tc);
	return s;
}
