/* check_util.c — util: integer parsing, bounded printing, time; and who
 * ends the process on a fatal error (the hook's thread; a forked worker
 * with _exit). */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "suites.h"
#include "util.h"

START_TEST(parse_int_accepts_whole_numbers_in_range)
{
	long v = 0;

	ck_assert_int_eq(parse_int("42", 1, 64, &v), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(parse_int("-3", -5, 5, &v), 0);
	ck_assert_int_eq(v, -3);
	/* white space on either side, or both, or neither: alike */
	for (int i = 0; i < 4; i++) {
		static const char *const forms[] = { "7", " 7", "7 ", "\t7 " };

		v = 0;
		ck_assert_int_eq(parse_int(forms[i], 1, 10, &v), 0);
		ck_assert_int_eq(v, 7);
	}
}
END_TEST

START_TEST(parse_int_rejects_junk_and_out_of_range)
{
	long v = 7;

	ck_assert_int_eq(parse_int("", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int("4x", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int(" ", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int(" - ", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int("4 4", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int("11", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int("99999999999999999999999", 0, 10, &v), -1);
	ck_assert_int_eq(parse_int(NULL, 0, 10, &v), -1);
	ck_assert_int_eq(v, 7);
}
END_TEST

START_TEST(xsnprintf_truncates_and_terminates)
{
	char buf[5];

	ck_assert_uint_eq(xsnprintf(buf, sizeof buf, "%s", "abcdefgh"), 4);
	ck_assert_str_eq(buf, "abcd");
	ck_assert_uint_eq(xsnprintf(buf, sizeof buf, "%d", 12), 2);
	ck_assert_str_eq(buf, "12");
}
END_TEST

START_TEST(now_ns_is_monotonic_and_sleep_sleeps)
{
	uint64_t a = now_ns(), b;

	sleep_ns(2000000);
	b = now_ns();
	ck_assert_uint_ge(b - a, 2000000);
}
END_TEST

/* word_sleep: a sleep of 60 s that word_wake() ends.  The margins are
 * huge (woken in well under 30 s) so a loaded machine cannot fail them. */
static _Atomic uint32_t *word;

static void *
wake_later(void *arg)
{
	(void)arg;
	sleep_ns(20000000);
	word_wake(word);
	return NULL;
}

START_TEST(word_wake_ends_a_word_sleep_in_another_thread)
{
	static _Atomic uint32_t w;
	uint32_t seen;
	uint64_t t0 = now_ns();
	pthread_t th;

	word = &w;
	seen = atomic_load(&w);
	ck_assert_int_eq(pthread_create(&th, NULL, wake_later, NULL), 0);
	while (atomic_load(&w) == seen && now_ns() - t0 < 60000000000ull)
		word_sleep(&w, seen, 60000000000ull);
	pthread_join(th, NULL);
	ck_assert_uint_ne(atomic_load(&w), seen);
	ck_assert_uint_lt(now_ns() - t0, 30000000000ull);
}
END_TEST

START_TEST(word_wake_reaches_a_forked_process_on_a_shared_word)
{
	_Atomic uint32_t *w = shared_map(sizeof *w, NULL);
	int status;
	pid_t pid;

	ck_assert_ptr_ne(w, MAP_FAILED);
	atomic_init(w, 0);
	if ((pid = fork()) == 0) {
		uint64_t t0 = now_ns();

		/* one sleep: only the parent's wake ends it early */
		word_sleep(w, 0, 60000000000ull);
		_exit(now_ns() - t0 < 30000000000ull && atomic_load(w) != 0 ? 0 : 1);
	}
	ck_assert_int_gt(pid, 0);
	sleep_ns(50000000);	/* let the child go to sleep first */
	word_wake(w);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

START_TEST(word_sleep_runs_out_when_nobody_wakes_it)
{
	static _Atomic uint32_t w;
	uint64_t t0 = now_ns();

	word_sleep(&w, 0, 2000000);
	ck_assert_uint_ge(now_ns() - t0, 2000000);
	/* a word that changed already: no sleep at all */
	atomic_store(&w, 1);
	word_sleep(&w, 0, 60000000000ull);
}
END_TEST

/* What the fatal tests' process did, written to a pipe the test reads. */
static int report_fd = -1;
static pthread_t main_thread;

static void
report(char c)
{
	if (write(report_fd, &c, 1) != 1)
		_exit(3);
}

static void
on_exit_handler(void)
{
	report('X');		/* exit(), not _exit() */
}

static void
hook(void)
{
	report(pthread_equal(pthread_self(), main_thread) ? 'H' : 'h');
}

static _Atomic int notified;

static void
notify(void)
{
	report('N');
	atomic_store(&notified, 1);
}

static void *
failing_thread(void *arg)
{
	(void)arg;
	fatalx("a worker failed");
}

/* Run body in a child whose stderr is discarded; its report and status. */
static int
in_child(void (*body)(void), char *got, size_t len)
{
	int p[2], status;
	ssize_t n;
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(p[0]);
		report_fd = p[1];
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(4);
		body();
		_exit(5);
	}
	close(p[1]);
	for (size_t off = 0; off < len - 1; off += (size_t)n) {	/* to EOF */
		if ((n = read(p[0], got + off, len - 1 - off)) <= 0) {
			got[off] = '\0';
			break;
		}
		got[off + (size_t)n] = '\0';
	}
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void
forked_worker_fails(void)
{
	atexit(on_exit_handler);
	main_thread = pthread_self();
	fatal_hook_set(hook, notify);
	fatal_forked();
	fatalx("a forked worker failed");
}

static void
other_thread_fails(void)
{
	pthread_t th;

	atexit(on_exit_handler);
	main_thread = pthread_self();
	fatal_hook_set(hook, notify);
	pthread_create(&th, NULL, failing_thread, NULL);
	while (!atomic_load(&notified))
		sleep_ns(1000000);
	fatal_pending();
	report('?');		/* not reached */
}

START_TEST(a_forked_worker_never_runs_the_hook_and_exits_at_once)
{
	char got[16];

	ck_assert_int_eq(in_child(forked_worker_fails, got, sizeof got), 1);
	ck_assert_str_eq(got, "");	/* no hook, no exit handlers */
}
END_TEST

START_TEST(another_thread_hands_its_failure_to_the_hook_s_thread)
{
	char got[16];

	/* notified, then the hook ran on the main thread, then exit() */
	ck_assert_int_eq(in_child(other_thread_fails, got, sizeof got), 1);
	ck_assert_str_eq(got, "NHX");
}
END_TEST

START_TEST(nothing_pending_returns)
{
	fatal_pending();
}
END_TEST

Suite *
util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parse_int_accepts_whole_numbers_in_range);
	tcase_add_test(tc, parse_int_rejects_junk_and_out_of_range);
	tcase_add_test(tc, xsnprintf_truncates_and_terminates);
	tcase_add_test(tc, now_ns_is_monotonic_and_sleep_sleeps);
	tcase_add_test(tc, word_wake_ends_a_word_sleep_in_another_thread);
	tcase_add_test(tc, word_wake_reaches_a_forked_process_on_a_shared_word);
	tcase_add_test(tc, word_sleep_runs_out_when_nobody_wakes_it);
	tcase_add_test(tc, a_forked_worker_never_runs_the_hook_and_exits_at_once);
	tcase_add_test(tc, another_thread_hands_its_failure_to_the_hook_s_thread);
	tcase_add_test(tc, nothing_pending_returns);
	suite_add_tcase(s, tc);
	return s;
}
