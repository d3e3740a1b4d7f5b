/* check_clock.c — now_ns(): calibrated, monotonic across threads and
 * processes, on CLOCK_MONOTONIC's time base. */
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "suites.h"
#include "util.h"

#define SLACK_NS 200000u	/* calibration error allowed, far above 1e-4 */

START_TEST(clock_names_its_source)
{
	const char *src;

	clock_init();
	src = clock_source();
	ck_assert(strcmp(src, "tsc") == 0 || strcmp(src, "clock_gettime") == 0);
}
END_TEST

START_TEST(now_ns_lies_between_two_clock_gettime_reads)
{
	clock_init();
	for (int i = 0; i < 1000; i++) {
		uint64_t a = clock_mono_ns(), b = now_ns(), c = clock_mono_ns();

		ck_assert_uint_ge(b + SLACK_NS, a);
		ck_assert_uint_le(b, c + SLACK_NS);
	}
}
END_TEST

static _Atomic uint64_t baton;
static _Atomic int passes, backwards;

/* Two threads pass a timestamp back and forth: each read must not be
 * earlier than the read the other made before handing over. */
static void *
relay_body(void *arg)
{
	int me = (int)(intptr_t)arg;

	while (atomic_load(&passes) < 2000 && !atomic_load(&backwards)) {
		uint64_t seen = atomic_load(&baton), t;

		if ((int)(seen & 1) != me) {
			sched_yield();	/* two cores, shared: let the other run */
			continue;
		}
		t = now_ns();
		if (t < (seen >> 1))
			atomic_store(&backwards, 1);
		atomic_store(&baton, (t << 1) | (uint64_t)!me);
		atomic_fetch_add(&passes, 1);
	}
	return NULL;
}

START_TEST(now_ns_is_monotonic_across_threads)
{
	pthread_t a, b;

	clock_init();
	atomic_store(&baton, now_ns() << 1);
	atomic_store(&passes, 0);
	pthread_create(&a, NULL, relay_body, (void *)(intptr_t)0);
	pthread_create(&b, NULL, relay_body, (void *)(intptr_t)1);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	ck_assert_int_eq(atomic_load(&backwards), 0);
	ck_assert_int_ge(atomic_load(&passes), 2000);
}
END_TEST

START_TEST(now_ns_is_monotonic_across_fork)
{
	int fd[2];
	uint64_t before, child = 0, after;
	pid_t pid;

	clock_init();
	ck_assert_int_eq(pipe(fd), 0);
	before = now_ns();
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		uint64_t t = now_ns();

		_exit(write_full(fd[1], &t, sizeof t) == 0 ? 0 : 1);
	}
	ck_assert_int_eq(read_full(fd[0], &child, sizeof child), (ssize_t)sizeof child);
	after = now_ns();
	waitpid(pid, NULL, 0);
	close(fd[0]);
	close(fd[1]);
	ck_assert_uint_ge(child, before);
	ck_assert_uint_ge(after, child);
}
END_TEST

Suite *
clock_suite(void)
{
	Suite *s = suite_create("clock");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, clock_names_its_source);
	tcase_add_test(tc, now_ns_lies_between_two_clock_gettime_reads);
	tcase_add_test(tc, now_ns_is_monotonic_across_threads);
	tcase_add_test(tc, now_ns_is_monotonic_across_fork);
	suite_add_tcase(s, tc);
	return s;
}
