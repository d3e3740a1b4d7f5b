/* check_gil.c — the GIL model: exclusion, hand-off after the switch
 * interval, voluntary release around I/O.  Durations are asserted only in
 * the "timing" tcase (LOCKSTEP_TIMING=1). */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "gil.h"
#include "suites.h"
#include "trace.h"
#include "util.h"

#define INTERVAL_NS 5000000u

static struct gil g;
static _Atomic int inside, max_inside, stop;

struct hog {
	int track;
	int checks;		/* call gil_check between "bytecodes" */
	uint64_t hold_ns;
	_Atomic int switched;
	_Atomic int finished;	/* its hold is over; it drops the GIL next */
};

static void *
exclusion_body(void *arg)
{
	int track = (int)(intptr_t)arg;

	for (int i = 0; i < 200; i++) {
		int now;

		gil_take(&g, track);
		now = atomic_fetch_add(&inside, 1) + 1;
		if (now > atomic_load(&max_inside))
			atomic_store(&max_inside, now);
		for (volatile int k = 0; k < 1000; k++)
			;
		atomic_fetch_sub(&inside, 1);
		gil_drop(&g, track, 0);
	}
	return NULL;
}

START_TEST(one_holder_at_a_time)
{
	pthread_t t[4];

	gil_init(&g, INTERVAL_NS, 0, NULL, NULL, NULL);
	for (intptr_t i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, exclusion_body, (void *)i);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	ck_assert_int_eq(atomic_load(&max_inside), 1);
	ck_assert_int_eq(gil_holder(&g), -1);
	gil_destroy(&g);
}
END_TEST

/* Holds the GIL, computing, until stopped; answers drop requests if told. */
static void *
hog_body(void *arg)
{
	struct hog *h = arg;
	uint64_t end = now_ns() + h->hold_ns;

	gil_take(&g, h->track);
	while (now_ns() < end && !atomic_load(&stop))
		if (h->checks && gil_check(&g, h->track))
			atomic_fetch_add(&h->switched, 1);
	atomic_store(&h->finished, 1);
	gil_drop(&g, h->track, 0);
	return NULL;
}

static void
waiter_after_switch_interval(int timed)
{
	struct hog h = { .track = 0, .checks = 1, .hold_ns = 2000000000u };
	struct trace *t = trace_new(2, 1024);
	pthread_t th;
	uint64_t t0, waited;

	atomic_store(&stop, 0);
	gil_init(&g, INTERVAL_NS, 0, t, NULL, NULL);
	pthread_create(&th, NULL, hog_body, &h);
	while (gil_holder(&g) != 0)
		sleep_ns(100000);
	t0 = now_ns();
	gil_take(&g, 1);
	waited = now_ns() - t0;
	ck_assert_int_eq(gil_holder(&g), 1);
	/* It had to wait out a switch interval (and, on a quiet machine, not
	 * ten of them); the hog was made to let go, its hold was not over. */
	ck_assert_uint_ge(waited, INTERVAL_NS * 9 / 10);
	if (timed)
		ck_assert_uint_lt(waited, INTERVAL_NS * 10);
	ck_assert_uint_ge(g.forced, 1);
	ck_assert_int_eq(atomic_load(&h.finished), 0);
	atomic_store(&stop, 1);
	gil_drop(&g, 1, 0);
	pthread_join(th, NULL);
	ck_assert_int_ge(atomic_load(&h.switched), 1);
	gil_destroy(&g);
	trace_free(t);
}

START_TEST(waiter_gets_it_after_a_switch_interval)
{
	waiter_after_switch_interval(0);
}
END_TEST

START_TEST(waiter_gets_it_after_one_switch_interval)
{
	waiter_after_switch_interval(1);
}
END_TEST

START_TEST(a_holder_that_never_checks_keeps_it)
{
	struct hog h = { .track = 0, .checks = 0, .hold_ns = 60000000u };
	pthread_t th;

	atomic_store(&stop, 0);
	gil_init(&g, INTERVAL_NS, 0, NULL, NULL, NULL);
	pthread_create(&th, NULL, hog_body, &h);
	while (gil_holder(&g) != 0)
		sleep_ns(100000);
	gil_take(&g, 1);
	/* No eval breaker, no hand-off: it waited for the whole hold. */
	ck_assert_int_eq(atomic_load(&h.finished), 1);
	ck_assert_uint_eq(g.forced, 0);
	gil_drop(&g, 1, 0);
	pthread_join(th, NULL);
	gil_destroy(&g);
}
END_TEST

static void
voluntary_release(int timed)
{
	uint64_t t0;

	gil_init(&g, 1000000000u, 0, NULL, NULL, NULL);	/* 1 s interval */
	gil_take(&g, 0);
	gil_drop(&g, 0, 0);	/* blocking I/O: Py_BEGIN_ALLOW_THREADS */
	t0 = now_ns();
	gil_take(&g, 1);
	if (timed)
		ck_assert_uint_lt(now_ns() - t0, 100000000u);	/* far below 1 s */
	ck_assert_uint_eq(g.forced, 0);
	ck_assert_int_eq(atomic_load(&g.drop_request), 0);
	gil_drop(&g, 1, 0);
	gil_destroy(&g);
}

START_TEST(voluntary_release_hands_over_without_a_request)
{
	voluntary_release(0);
}
END_TEST

START_TEST(voluntary_release_hands_over_at_once)
{
	voluntary_release(1);
}
END_TEST

START_TEST(check_without_request_does_nothing)
{
	gil_init(&g, INTERVAL_NS, 0, NULL, NULL, NULL);
	gil_take(&g, 3);
	ck_assert_int_eq(gil_check(&g, 3), 0);
	ck_assert_int_eq(gil_holder(&g), 3);
	gil_drop(&g, 3, 0);
	gil_destroy(&g);
}
END_TEST

/* Waits in gil_take() for track 1 (the holder is track 0). */
static void *
taker_body(void *arg)
{
	(void)arg;
	gil_take(&g, 1);
	gil_drop(&g, 1, 0);
	return NULL;
}

static void
wait_for_waiters(int n)
{
	while (atomic_load(&g.waiters) < n)
		sleep_ns(100000);
}

START_TEST(retaking_it_yourself_is_no_switch)
{
	uint64_t before;

	gil_init(&g, INTERVAL_NS, 0, NULL, NULL, NULL);
	gil_take(&g, 0);
	before = g.switch_number;
	for (int i = 0; i < 10; i++) {
		gil_drop(&g, 0, 0);	/* sleep(0): release, syscall, retake */
		gil_take(&g, 0);
	}
	ck_assert_uint_eq(g.switch_number, before);
	gil_drop(&g, 0, 0);
	gil_take(&g, 1);
	ck_assert_uint_eq(g.switch_number, before + 1);
	gil_drop(&g, 1, 0);
	gil_destroy(&g);
}
END_TEST

START_TEST(a_drop_under_request_waits_until_another_took_it)
{
	pthread_t th;

	/* A one-hour interval: the request is set by hand, as a waiter
	 * whose interval ran out would. */
	gil_init(&g, 3600000000000u, 0, NULL, NULL, NULL);
	gil_take(&g, 0);
	pthread_create(&th, NULL, taker_body, NULL);
	wait_for_waiters(1);
	atomic_store(&g.drop_request, 1);
	/* Even a voluntary release (I/O) honours FORCE_SWITCHING: when it
	 * returns, the waiter has had the GIL. */
	gil_drop(&g, 0, 0);
	ck_assert_int_eq(g.holder, 1);
	ck_assert_int_eq(atomic_load(&g.drop_request), 0);
	pthread_join(th, NULL);
	gil_destroy(&g);
}
END_TEST

START_TEST(a_drop_under_request_with_nobody_waiting_returns)
{
	gil_init(&g, INTERVAL_NS, 0, NULL, NULL, NULL);
	gil_take(&g, 0);
	atomic_store(&g.drop_request, 1);	/* its asker has gone */
	gil_drop(&g, 0, 1);
	ck_assert_int_eq(gil_holder(&g), -1);
	gil_take(&g, 0);
	gil_drop(&g, 0, 0);
	gil_destroy(&g);
}
END_TEST

START_TEST(the_waiter_that_times_out_asks_for_it)
{
	pthread_t th;

	gil_init(&g, 1000000u, 0, NULL, NULL, NULL);	/* 1 ms */
	gil_take(&g, 0);
	pthread_create(&th, NULL, taker_body, NULL);
	/* No switch happens, so the waiter's interval runs out and it sets
	 * the drop request; the holder answers at its eval breaker. */
	while (!atomic_load(&g.drop_request))
		sleep_ns(100000);
	ck_assert_int_eq(gil_check(&g, 0), 1);
	pthread_join(th, NULL);
	ck_assert_uint_ge(g.switches, 2);
	ck_assert_uint_eq(g.forced, 1);
	gil_drop(&g, 0, 0);
	gil_destroy(&g);
}
END_TEST

Suite *
gil_suite(void)
{
	Suite *s = suite_create("gil");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, one_holder_at_a_time);
	tcase_add_test(tc, waiter_gets_it_after_a_switch_interval);
	tcase_add_test(tc, a_holder_that_never_checks_keeps_it);
	tcase_add_test(tc, voluntary_release_hands_over_without_a_request);
	tcase_add_test(tc, check_without_request_does_nothing);
	tcase_add_test(tc, retaking_it_yourself_is_no_switch);
	tcase_add_test(tc, a_drop_under_request_waits_until_another_took_it);
	tcase_add_test(tc, a_drop_under_request_with_nobody_waiting_returns);
	tcase_add_test(tc, the_waiter_that_times_out_asks_for_it);
	suite_add_tcase(s, tc);
	if (check_timing()) {
		TCase *timing = tcase_create("timing");

		tcase_set_timeout(timing, 30);
		tcase_add_test(timing, waiter_gets_it_after_one_switch_interval);
		tcase_add_test(timing, voluntary_release_hands_over_at_once);
		suite_add_tcase(s, timing);
	}
	return s;
}
