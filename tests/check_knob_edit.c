/* check_knob_edit.c — turning knobs by key: which knob, by how much, the
 * caps and couplings, the knob bar and which keys work for a demo. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "demo.h"
#include "keymap.h"
#include "knob-edit.h"
#include "suites.h"

/* A knob_edit for demo name with knobs "k=v" (NULL-ended pairs). */
static void
edit_init(struct knob_edit *e, const char *name, ...)
{
	struct knobs k = { 0 };
	va_list ap;
	const char *key;

	va_start(ap, name);
	while ((key = va_arg(ap, const char *)) != NULL) {
		int id = knob_find(key), v = va_arg(ap, int);

		ck_assert_int_ge(id, 0);
		knobs_set(&k, id, v);
	}
	va_end(ap);
	ck_assert_ptr_nonnull(demo_find(name));
	knob_edit_init(e, demo_find(name), &k);
}

static enum knob_turn
turn(struct knob_edit *e, int key, char *msg)
{
	int id;

	return knob_edit_turn(e, key, &id, msg, 256);
}

START_TEST(every_key_knob_is_well_formed)
{
	for (int id = 0; id < KNOB__MAX; id++) {
		const struct knob *k = &knob_table[id];

		if (k->key == 0) {
			ck_assert_int_eq(k->step, STEP_NONE);
			continue;
		}
		if (k->type == KNOB_CHOICE)
			ck_assert_int_eq(k->step, STEP_CYCLE);
		else
			ck_assert_msg(k->step == STEP_COUNT || k->step == STEP_DOUBLE,
			    "--%s: a number steps by count or doubling", k->name);
		if (k->type == KNOB_INT)
			ck_assert_msg(k->label != NULL, "--%s has no bar label", k->name);
		/* the help overlay's line comes from the first knob on the key */
		if (knob_edit_key_knob(k->key) == id)
			ck_assert_msg(k->keyhelp != NULL, "--%s has no key help", k->name);
		/* two knobs on one key never meet in one demo with equal rank */
		for (int j = 0; j < id; j++)
			if (knob_table[j].key == k->key)
				ck_assert_int_ne(knob_table[j].rank, k->rank);
	}
}
END_TEST

START_TEST(count_knob_of_each_demo)
{
	static const struct {
		const char *demo, *knob;
	} want[] = {
		{ "cpu", "workers" }, { "semaphore", "limit" }, { "convoy", "cpu-threads" },
		{ "queue", "consumers" }, { "startup", "count" }, { "blocking", "tasks" },
		{ "pool", "workers" }, { "deadlock", "workers" },
	};

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		ck_assert_int_eq(knob_edit_count(demo_find(want[i].demo)),
		    knob_find(want[i].knob));
	ck_assert_int_eq(knob_edit_count(NULL), -1);
}
END_TEST

START_TEST(step_rules)
{
	ck_assert_int_eq(knob_step_value(KNOB_WORKERS, 9, 1), 10);
	ck_assert_int_eq(knob_step_value(KNOB_WORKERS, 10, -1), 9);
	ck_assert_int_eq(knob_step_value(KNOB_WORKERS, 10, 1), 15);
	ck_assert_int_eq(knob_step_value(KNOB_WORKERS, 50, 1), 75);
	ck_assert_int_eq(knob_step_value(KNOB_WORKERS, 50, -1), 45);
	ck_assert_int_eq(knob_step_value(KNOB_WORKERS, 200, -1), 175);
	ck_assert_int_eq(knob_step_value(KNOB_WORKERS, 200, 1), 300);
	ck_assert_int_eq(knob_step_value(KNOB_WORKERS, 1, -1), 1);
	ck_assert_int_eq(knob_step_value(KNOB_WORKERS, 1000, 1), 1024);
	ck_assert_int_eq(knob_step_value(KNOB_SWITCH_INTERVAL, 5, 1), 10);
	ck_assert_int_eq(knob_step_value(KNOB_SWITCH_INTERVAL, 5, -1), 2);
	ck_assert_int_eq(knob_step_value(KNOB_SWITCH_INTERVAL, 1, -1), 1);
	ck_assert_int_eq(knob_step_value(KNOB_CPU_THREADS, 0, 1), 1);
}
END_TEST

START_TEST(keys_choose_the_knob_and_direction)
{
	int dir = 0;

	ck_assert_int_eq(knob_edit_knob(demo_find("cpu"), '+', &dir), KNOB_WORKERS);
	ck_assert_int_eq(dir, 1);
	ck_assert_int_eq(knob_edit_knob(demo_find("cpu"), '_', &dir), KNOB_WORKERS);
	ck_assert_int_eq(dir, -1);
	ck_assert_int_eq(knob_edit_knob(demo_find("cpu"), 'I', &dir), KNOB_SWITCH_INTERVAL);
	ck_assert_int_eq(dir, -1);
	ck_assert_int_eq(knob_edit_knob(demo_find("queue"), 'c', &dir), KNOB_CAPACITY);
	ck_assert_int_eq(knob_edit_knob(demo_find("pool"), 'C', &dir), KNOB_CHUNKSIZE);
	ck_assert_int_eq(dir, -1);
	ck_assert_int_eq(knob_edit_knob(demo_find("cpu"), 'l', &dir), -1);
	/* one model only: nothing to turn */
	ck_assert_int_eq(knob_edit_knob(demo_find("blocking"), 'm', &dir), -1);
	ck_assert_int_eq(knob_edit_knob(demo_find("counter"), 'L', &dir), -1);
	ck_assert_int_eq(knob_edit_knob(NULL, 'l', &dir), -1);
}
END_TEST

START_TEST(plus_stops_at_the_models_cap)
{
	struct knob_edit e;
	char msg[256];

	edit_init(&e, "cpu", "model", MODEL_THREAD, "workers", 62, NULL);
	ck_assert_int_eq(turn(&e, '+', msg), TURN_CHANGED);
	ck_assert_int_eq(e.now.v[KNOB_WORKERS], 64);
	ck_assert_str_eq(msg, "workers 64");
	ck_assert_int_eq(turn(&e, '+', msg), TURN_LIMIT);
	ck_assert_str_eq(msg, "workers is at its maximum (64)");
	/* a count the demo derives is capped the same way */
	edit_init(&e, "startup", "model", MODEL_PROCESS, "count", 30, NULL);
	ck_assert_int_eq(turn(&e, '+', msg), TURN_CHANGED);
	ck_assert_int_eq(e.now.v[KNOB_COUNT], 32);
	ck_assert_int_eq(turn(&e, '+', msg), TURN_LIMIT);
	/* and the demo's own rule: the deadlock demo needs two workers */
	edit_init(&e, "deadlock", "workers", 2, NULL);
	ck_assert_int_eq(turn(&e, '-', msg), TURN_LIMIT);
	ck_assert_str_eq(msg, "workers is at its minimum (2)");
}
END_TEST

START_TEST(model_turn_fits_the_count_and_the_executor)
{
	struct knob_edit e;
	char msg[256];

	edit_init(&e, "cpu", "model", MODEL_THREAD, "workers", 40, NULL);
	ck_assert_int_eq(turn(&e, 'm', msg), TURN_CHANGED);
	ck_assert_int_eq(e.now.v[KNOB_MODEL], MODEL_PROCESS);
	ck_assert_int_eq(e.now.v[KNOB_WORKERS], 32);
	ck_assert_int_eq(e.set.v[KNOB_WORKERS], 32);
	/* a pool's executor follows its model */
	edit_init(&e, "pool", "model", MODEL_PROCESS, "executor", EXECUTOR_PROCESS, NULL);
	ck_assert_int_eq(turn(&e, 'm', msg), TURN_CHANGED);
	ck_assert_int_eq(e.now.v[KNOB_MODEL], MODEL_SEQUENTIAL);
	ck_assert_int_eq(turn(&e, 'm', msg), TURN_CHANGED);
	ck_assert_int_eq(e.now.v[KNOB_MODEL], MODEL_THREAD);
	ck_assert_int_eq(e.now.v[KNOB_EXECUTOR], EXECUTOR_THREAD);
	ck_assert_int_eq(turn(&e, 'm', msg), TURN_CHANGED);
	ck_assert_int_eq(e.now.v[KNOB_EXECUTOR], EXECUTOR_PROCESS);
}
END_TEST

START_TEST(choices_and_missing_knobs)
{
	struct knob_edit e;
	char msg[256];

	edit_init(&e, "counter", NULL);
	ck_assert_int_eq(e.now.v[KNOB_LOCK], OFF);
	ck_assert_int_eq(turn(&e, 'l', msg), TURN_CHANGED);
	ck_assert_str_eq(msg, "lock on");
	ck_assert(knobs_isset(&e.set, KNOB_LOCK));
	ck_assert_int_eq(turn(&e, 'l', msg), TURN_CHANGED);
	ck_assert_int_eq(e.now.v[KNOB_LOCK], OFF);
	edit_init(&e, "cpu", NULL);
	ck_assert_int_eq(turn(&e, 'l', msg), TURN_NONE);
	ck_assert_str_eq(msg, "This step's demo has no lock knob.");
	edit_init(&e, "blocking", NULL);
	ck_assert_int_eq(turn(&e, 'c', msg), TURN_NONE);
	ck_assert_int_eq(turn(&e, 'w', msg), TURN_CHANGED);
}
END_TEST

START_TEST(bar_shows_the_demos_knobs)
{
	struct knob_edit e;

	edit_init(&e, "cpu", NULL);
	ck_assert(knob_edit_on_bar(&e, KNOB_MODEL));
	ck_assert(knob_edit_on_bar(&e, KNOB_GIL));
	ck_assert(!knob_edit_on_bar(&e, KNOB_LOCK));
	ck_assert(!knob_edit_on_bar(&e, KNOB_WORKERS));		/* the +- item */
	ck_assert(!knob_edit_on_bar(&e, KNOB_TASKS));		/* + turns workers */
	ck_assert(!knob_edit_on_bar(&e, KNOB_SWITCH_INTERVAL));	/* not named */
	edit_init(&e, "cpu", "switch-interval", 5, NULL);
	ck_assert(knob_edit_on_bar(&e, KNOB_SWITCH_INTERVAL));
	edit_init(&e, "queue", NULL);
	ck_assert(knob_edit_on_bar(&e, KNOB_CAPACITY));
	edit_init(&e, "pool", NULL);
	ck_assert(knob_edit_on_bar(&e, KNOB_CHUNKSIZE));
}
END_TEST

START_TEST(which_keys_work_for_a_demo)
{
	ck_assert(keymap_lesson_works(demo_find("counter"), 'l'));
	ck_assert(!keymap_lesson_works(demo_find("startup"), 'g'));
	ck_assert(!keymap_lesson_works(demo_find("blocking"), 'm'));
	ck_assert(keymap_lesson_works(demo_find("cpu"), 'i'));
	ck_assert(keymap_lesson_works(demo_find("pool"), 'C'));
	ck_assert(keymap_lesson_works(demo_find("cpu"), ' '));
	ck_assert(keymap_lesson_works(demo_find("cpu"), '7'));
	ck_assert(!keymap_lesson_works(NULL, ' '));
	ck_assert(keymap_lesson_works(NULL, 'n'));
	ck_assert(!keymap_lesson_works(demo_find("cpu"), 'x'));
	/* every knob key of every demo that has the knob works */
	for (size_t i = 0; i < demo_count; i++)
		for (int id = 0; id < KNOB__MAX; id++)
			if (knob_edit_has(demo_table[i], id))
				ck_assert(keymap_lesson_works(demo_table[i], knob_table[id].key));
}
END_TEST

Suite *
knob_edit_suite(void)
{
	Suite *s = suite_create("knob-edit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, every_key_knob_is_well_formed);
	tcase_add_test(tc, count_knob_of_each_demo);
	tcase_add_test(tc, step_rules);
	tcase_add_test(tc, keys_choose_the_knob_and_direction);
	tcase_add_test(tc, plus_stops_at_the_models_cap);
	tcase_add_test(tc, model_turn_fits_the_count_and_the_executor);
	tcase_add_test(tc, choices_and_missing_knobs);
	tcase_add_test(tc, bar_shows_the_demos_knobs);
	tcase_add_test(tc, which_keys_work_for_a_demo);
	suite_add_tcase(s, tc);
	return s;
}
