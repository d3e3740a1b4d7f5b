/* check_interp.c — a process worker pays for a forked interpreter: the
 * parent's heap is resident, the child's start-up copies its pages. */
#include "config.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "interp.h"
#include "knob.h"
#include "suites.h"
#include "util.h"

START_TEST(the_modelled_start_method_is_fork)
{
	ck_assert_str_eq(interp_start_method(START_FORK), "fork");
	ck_assert_str_eq(interp_start_method(START_SPAWN), "spawn");
	ck_assert_str_eq(interp_start_method(START_FORKSERVER), "forkserver");
}
END_TEST

START_TEST(the_parent_heap_is_interpreter_sized_and_made_once)
{
	interp_heap_prepare();
	ck_assert_uint_eq(interp_heap_size(), INTERP_HEAP_BYTES);
	interp_heap_prepare();
	ck_assert_uint_eq(interp_heap_size(), INTERP_HEAP_BYTES);
}
END_TEST

START_TEST(a_child_copies_the_pages_python_writes)
{
	int fd[2], status;
	long faults = -1;
	pid_t pid;

	interp_heap_prepare();
	ck_assert_int_eq(pipe(fd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rusage a, b;
		unsigned touched;
		long n;

		getrusage(RUSAGE_SELF, &a);
		touched = interp_child_boot();
		getrusage(RUSAGE_SELF, &b);
		n = touched == INTERP_CHILD_PAGES ? b.ru_minflt - a.ru_minflt : -1;
		_exit(write_full(fd[1], &n, sizeof n) == 0 ? 0 : 1);
	}
	ck_assert_int_eq(read_full(fd[0], &faults, sizeof faults), (ssize_t)sizeof faults);
	waitpid(pid, &status, 0);
	close(fd[0]);
	close(fd[1]);
	/* every page written was a copy-on-write fault */
	ck_assert_int_ge(faults, (long)INTERP_CHILD_PAGES);
}
END_TEST

/* A fresh interpreter (spawn, the fork server) writes its own heap, fresh
 * pages; a child of the fork server copies part of that one. */
START_TEST(a_fresh_interpreter_writes_its_heap_and_serves_copies)
{
	int fd[2], status;
	long got[2] = { -1, -1 };
	pid_t pid;

	ck_assert_int_eq(pipe(fd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* no parent heap here: as in an exec'd lockstep */
		struct rusage a, b;
		long n[2];

		getrusage(RUSAGE_SELF, &a);
		n[0] = interp_fresh_boot() == INTERP_FRESH_PAGES ? 0 : -1;
		getrusage(RUSAGE_SELF, &b);
		if (n[0] == 0)
			n[0] = b.ru_minflt - a.ru_minflt;
		n[1] = interp_served_boot();
		_exit(write_full(fd[1], n, sizeof n) == 0 ? 0 : 1);
	}
	ck_assert_int_eq(read_full(fd[0], got, sizeof got), (ssize_t)sizeof got);
	waitpid(pid, &status, 0);
	close(fd[0]);
	close(fd[1]);
	ck_assert_int_ge(got[0], (long)INTERP_FRESH_PAGES);
	ck_assert_int_eq(got[1], (long)INTERP_SERVED_PAGES);
}
END_TEST

Suite *
interp_suite(void)
{
	Suite *s = suite_create("interp");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, the_modelled_start_method_is_fork);
	tcase_add_test(tc, the_parent_heap_is_interpreter_sized_and_made_once);
	tcase_add_test(tc, a_child_copies_the_pages_python_writes);
	tcase_add_test(tc, a_fresh_interpreter_writes_its_heap_and_serves_copies);
	suite_add_tcase(s, tc);
	return s;
}
