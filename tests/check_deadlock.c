/* check_deadlock.c — the wait-for cycle: none in a chain, the shortest
 * and the longest, one that does not pass worker 0, and a cycle through
 * every worker of the largest deadlock demo. */
#include "config.h"

#include "deadlock.h"
#include "suites.h"

START_TEST(a_chain_is_no_cycle)
{
	/* 0 waits for lock 0 held by 1, 1 waits for lock 1 held by 2, 2 runs */
	const int waiting[] = { 0, 1, -1 }, holder[] = { 1, 2, -1 };
	int cycle[8];

	ck_assert_int_eq(deadlock_cycle(waiting, 3, holder, 3, cycle, 8), 0);
}
END_TEST

START_TEST(two_workers_two_locks)
{
	const int waiting[] = { 1, 0 }, holder[] = { 0, 1 };
	int cycle[4];

	ck_assert_int_eq(deadlock_cycle(waiting, 2, holder, 2, cycle, 4), 4);
	ck_assert_int_eq(cycle[0], 0);	/* worker 0 waits for lock 1 ... */
	ck_assert_int_eq(cycle[1], 1);
	ck_assert_int_eq(cycle[2], 1);	/* ... held by 1, which waits for 0 */
	ck_assert_int_eq(cycle[3], 0);
}
END_TEST

START_TEST(a_cycle_that_worker_0_only_leads_into)
{
	/* 0 → lock 0 (held by 1); 1 → lock 1 (held by 2); 2 → lock 2 (held by 1) */
	const int waiting[] = { 0, 1, 2 }, holder[] = { 1, 2, 1 };
	int cycle[6];

	ck_assert_int_eq(deadlock_cycle(waiting, 3, holder, 3, cycle, 6), 4);
	ck_assert_int_eq(cycle[0], 1);
	ck_assert_int_eq(cycle[2], 2);
}
END_TEST

START_TEST(non_locks_and_strangers_break_the_path)
{
	/* lock 1 is not a lock (-1), worker 1 waits for an unknown lock 7 */
	const int waiting[] = { 1, 7 }, holder[] = { 0, -1 };
	int cycle[4];

	ck_assert_int_eq(deadlock_cycle(waiting, 2, holder, 2, cycle, 4), 0);
}
END_TEST

START_TEST(every_worker_of_a_26_worker_ring)
{
	int waiting[26], holder[26], cycle[52];

	/* the dining philosophers: i holds lock i and waits for i + 1 */
	for (int i = 0; i < 26; i++) {
		holder[i] = i;
		waiting[i] = (i + 1) % 26;
	}
	ck_assert_int_eq(deadlock_cycle(waiting, 26, holder, 26, cycle, 52), 52);
	for (int i = 0; i < 26; i++) {
		ck_assert_int_eq(cycle[2 * i], i);
		ck_assert_int_eq(cycle[2 * i + 1], (i + 1) % 26);
	}
	/* no room for it: not reported half */
	ck_assert_int_eq(deadlock_cycle(waiting, 26, holder, 26, cycle, 16), 0);
}
END_TEST

Suite *
deadlock_suite(void)
{
	Suite *s = suite_create("deadlock");
	TCase *tc = tcase_create("cycle");

	tcase_add_test(tc, a_chain_is_no_cycle);
	tcase_add_test(tc, two_workers_two_locks);
	tcase_add_test(tc, a_cycle_that_worker_0_only_leads_into);
	tcase_add_test(tc, non_locks_and_strangers_break_the_path);
	tcase_add_test(tc, every_worker_of_a_26_worker_ring);
	suite_add_tcase(s, tc);
	return s;
}
