/* check_gate.c — the step gate: a parked slot waits until released and
 * says what it waits to do; several slots park together and the released
 * one is chosen; switching the gate off or the stop flag lets all go. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "gate.h"
#include "suites.h"
#include "util.h"

static struct gate g;
static _Atomic int stop;

struct parker {
	int slots[4], n;
	_Atomic int returned;	/* gate_park's value + 100, 0 while parked */
};

static void *
park_body(void *arg)
{
	struct parker *p = arg;

	atomic_store(&p->returned, 100 + gate_park(&g, p->slots, p->n, 7, 3, &stop));
	return NULL;
}

/* Start a thread parking slots; wait until the gate shows them parked. */
static void
start_parker(pthread_t *th, struct parker *p)
{
	int kind, obj;

	ck_assert_int_eq(pthread_create(th, NULL, park_body, p), 0);
	for (int i = 0; i < p->n; i++)
		while (!gate_parked(&g, p->slots[i], &kind, &obj))
			sleep_ns(100000);
	ck_assert_int_eq(kind, 7);
	ck_assert_int_eq(obj, 3);
	ck_assert_int_eq(atomic_load(&p->returned), 0);
}

static void
setup(void)
{
	gate_init(&g);
	atomic_store(&stop, 0);
	gate_set(&g, 1);
}

static void
teardown(void)
{
	gate_destroy(&g);
}

START_TEST(off_lets_every_parker_go_at_once)
{
	int slot = 2;

	gate_set(&g, 0);
	ck_assert(!gate_is_on(&g));
	ck_assert_int_eq(gate_park(&g, &slot, 1, 7, 3, &stop), -1);
	ck_assert_int_eq(gate_release(&g, 2), -1);	/* nobody parked */
}
END_TEST

START_TEST(a_released_slot_goes_and_only_it)
{
	struct parker a = { .slots = { 3 }, .n = 1 }, b = { .slots = { 4 }, .n = 1 };
	pthread_t ta, tb;
	int kind, obj;

	start_parker(&ta, &a);
	start_parker(&tb, &b);
	ck_assert_int_eq(gate_release(&g, 5), -1);
	ck_assert_int_eq(gate_release(&g, GATE_SLOTS), -1);
	ck_assert_int_eq(gate_release(&g, 3), 0);
	pthread_join(ta, NULL);
	ck_assert_int_eq(atomic_load(&a.returned), 100);
	ck_assert(!gate_parked(&g, 3, &kind, &obj));
	/* the other one is still there */
	ck_assert(gate_parked(&g, 4, &kind, &obj));
	ck_assert_int_eq(atomic_load(&b.returned), 0);
	ck_assert_int_eq(gate_release(&g, 4), 0);
	pthread_join(tb, NULL);
	ck_assert_int_eq(atomic_load(&b.returned), 100);
}
END_TEST

START_TEST(parked_together_the_released_one_is_chosen)
{
	struct parker p = { .slots = { 1, 2, 6 }, .n = 3 };
	pthread_t th;
	int kind, obj;

	start_parker(&th, &p);
	ck_assert_int_eq(gate_release(&g, 6), 0);
	pthread_join(th, NULL);
	ck_assert_int_eq(atomic_load(&p.returned), 100 + 2);
	for (int i = 0; i < 3; i++)
		ck_assert(!gate_parked(&g, p.slots[i], &kind, &obj));
}
END_TEST

START_TEST(stop_and_off_end_a_park)
{
	struct parker a = { .slots = { 0 }, .n = 1 }, b = { .slots = { 1 }, .n = 1 };
	pthread_t ta, tb;

	start_parker(&ta, &a);
	atomic_store(&stop, 1);
	gate_wake(&g);
	pthread_join(ta, NULL);
	ck_assert_int_eq(atomic_load(&a.returned), 100 - 1);
	atomic_store(&stop, 0);
	start_parker(&tb, &b);
	gate_set(&g, 0);
	pthread_join(tb, NULL);
	ck_assert_int_eq(atomic_load(&b.returned), 100 - 1);
}
END_TEST

Suite *
gate_suite(void)
{
	Suite *s = suite_create("gate");
	TCase *tc = tcase_create("park");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, off_lets_every_parker_go_at_once);
	tcase_add_test(tc, a_released_slot_goes_and_only_it);
	tcase_add_test(tc, parked_together_the_released_one_is_chosen);
	tcase_add_test(tc, stop_and_off_end_a_park);
	suite_add_tcase(s, tc);
	return s;
}
