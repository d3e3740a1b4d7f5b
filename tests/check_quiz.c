/*
 * check_quiz.c — a quiz without its screen: shuffling by seed (questions
 * and choices), grading one answer, several answers, a prediction with
 * each outcome and a voided run, and the score.
 */
#include "config.h"

#include <string.h>

#include "lesson.h"
#include "quiz.h"
#include "suites.h"
#include "util.h"

#define LESSON_A \
	"id: a\ntitle: A\nlevel: beginner\nsummary: S.\n\n" \
	"## step s1: One\n@demo counter model=thread workers=4\nProse.\n\n" \
	"## choice one\nPick one.\n" \
	"@wrong W1\n@why w1\n@right R\n@why r\n@wrong W2\n@why w2\n\n" \
	"## choice many\nPick all right.\n" \
	"@right R1\n@why r1\n@wrong W\n@why w\n@right R2\n@why r2\n\n" \
	"## predict lost\nWill the counter lose updates?\n" \
	"@run r counter model=thread workers=4 lock=off\n" \
	"@choice Yes\n@when lost > 0\n@why Lost {lost}.\n" \
	"@choice No\n@when else\n@why None lost.\n\n" \
	"## predict two\nWhich is faster?\n" \
	"@run t counter model=thread workers=2\n@run p counter model=process workers=2\n" \
	"@choice Threads\n@when t.wall_ms < p.wall_ms\n@why t\n" \
	"@choice Processes\n@when p.wall_ms < t.wall_ms\n@why p\n" \
	"@choice Same\n@when else\n@why s\n"

#define LESSON_B \
	"id: b\ntitle: B\nlevel: beginner\nsummary: S.\n\n" \
	"## step s1: One\nProse.\n\n" \
	"## choice b1\nQ?\n@right R\n@why r\n@wrong W\n@why w\n\n" \
	"## choice b2\nQ?\n@right R\n@why r\n@wrong W\n@why w\n\n" \
	"## choice b3\nQ?\n@right R\n@why r\n@wrong W\n@why w\n@wrong X\n@why x\n@wrong Y\n@why y\n"

static struct lesson *
parse(const char *name, const char *text)
{
	struct lesson_errors errs;
	struct lesson *l = NULL;

	lesson_errors_init(&errs);
	if (lesson_parse_buffer(name, text, strlen(text), &l, &errs) != 0)
		lesson_errors_print(&errs, stderr);
	ck_assert_int_eq(errs.n, 0);
	lesson_errors_free(&errs);
	return l;
}

static struct quiz_item *
find(struct quiz *qz, const char *id)
{
	for (int i = 0; i < qz->n; i++)
		if (strcmp(qz->items[i].q->id, id) == 0)
			return &qz->items[i];
	ck_abort_msg("no question %s", id);
	return NULL;
}

/* Metrics of a fake run: lost, and wall_ms per run (t = 0, p = 1). */
struct fake {
	double lost, wall[2];
	int unknown;
};

static int
fake_metric(void *ctx, int run, const char *name, double *value)
{
	struct fake *f = ctx;

	if (f->unknown)
		return -1;
	if (strcmp(name, "lost") == 0)
		*value = f->lost;
	else if (strcmp(name, "wall_ms") == 0 && run >= 0 && run < 2)
		*value = f->wall[run];
	else
		return -1;
	return 0;
}

START_TEST(shuffle_by_seed)
{
	struct lesson *a = parse("a.lesson", LESSON_A), *b = parse("b.lesson", LESSON_B);
	const struct lesson *ls[] = { a, b };
	struct quiz q1, q2, q3;
	int differs = 0, choices_moved = 0;

	ck_assert_int_eq(quiz_build(&q1, ls, 2, 42), 7);
	ck_assert_int_eq(quiz_build(&q2, ls, 2, 42), 7);
	/* Same seed: same questions in the same order, same choice orders. */
	for (int i = 0; i < 7; i++) {
		ck_assert_ptr_eq(q1.items[i].q, q2.items[i].q);
		ck_assert_mem_eq(q1.items[i].order, q2.items[i].order,
		    sizeof q1.items[i].order);
	}
	/* Every question once; each order a permutation of the choices. */
	for (int i = 0; i < 7; i++) {
		unsigned seen = 0;

		for (int j = 0; j < 7; j++)
			ck_assert(i == j || q1.items[i].q != q1.items[j].q);
		for (int c = 0; c < q1.items[i].q->nchoices; c++)
			seen |= 1u << q1.items[i].order[c];
		ck_assert_uint_eq(seen, (1u << q1.items[i].q->nchoices) - 1);
	}
	/* Other seeds give other orders (of questions or of choices). */
	for (uint64_t seed = 1; seed < 20; seed++) {
		quiz_build(&q3, ls, 2, seed);
		for (int i = 0; i < 7; i++) {
			differs |= q3.items[i].q != q1.items[i].q;
			for (int c = 0; c < q3.items[i].q->nchoices; c++)
				choices_moved |= q3.items[i].order[c] != c;
		}
		quiz_free(&q3);
	}
	ck_assert(differs);
	ck_assert(choices_moved);
	quiz_free(&q1);
	quiz_free(&q2);
	lesson_free(a);
	lesson_free(b);
}
END_TEST

START_TEST(grade_choice)
{
	struct lesson *a = parse("a.lesson", LESSON_A);
	const struct lesson *ls[] = { a };
	struct quiz qz;
	struct quiz_item *one, *many;
	int right, total;

	quiz_build(&qz, ls, 1, 7);
	one = find(&qz, "one");
	many = find(&qz, "many");
	/* One answer: choice 1 (in file order) is right. */
	ck_assert_int_eq(quiz_grade_choice(one, 1u << 0), QUIZ_WRONG);
	ck_assert_uint_eq(one->right, 1u << 1);
	ck_assert_int_eq(quiz_grade_choice(one, 1u << 1), QUIZ_RIGHT);
	/* Several answers: exactly the right ones, not a subset or superset. */
	ck_assert_int_eq(quiz_grade_choice(many, 1u << 0), QUIZ_WRONG);
	ck_assert_int_eq(quiz_grade_choice(many, 7u), QUIZ_WRONG);
	ck_assert_int_eq(quiz_grade_choice(many, 0), QUIZ_WRONG);
	ck_assert_int_eq(quiz_grade_choice(many, 5u), QUIZ_RIGHT);
	quiz_score(&qz, &right, &total);
	ck_assert_int_eq(right, 2);
	ck_assert_int_eq(total, 2);
	quiz_free(&qz);
	lesson_free(a);
}
END_TEST

START_TEST(grade_predict)
{
	struct lesson *a = parse("a.lesson", LESSON_A);
	const struct lesson *ls[] = { a };
	struct quiz qz;
	struct quiz_item *lost, *two;
	struct fake f = { 0 };
	int right, total;

	quiz_build(&qz, ls, 1, 3);
	lost = find(&qz, "lost");
	two = find(&qz, "two");
	/* Updates lost: "Yes" holds. */
	f.lost = 1234;
	ck_assert_int_eq(quiz_grade_predict(lost, 1u << 0, 1, fake_metric, &f), QUIZ_RIGHT);
	ck_assert_uint_eq(lost->right, 1u << 0);
	ck_assert_int_eq(lost->nmeasured, 1);
	ck_assert_str_eq(lost->measured[0].name, "lost");
	ck_assert(lost->measured[0].value == 1234);
	/* None lost: the else choice holds, "Yes" is wrong. */
	f.lost = 0;
	ck_assert_int_eq(quiz_grade_predict(lost, 1u << 0, 1, fake_metric, &f), QUIZ_WRONG);
	ck_assert_uint_eq(lost->right, 1u << 1);
	ck_assert_int_eq(quiz_grade_predict(lost, 1u << 1, 1, fake_metric, &f), QUIZ_RIGHT);
	/* Two runs: each outcome, and the values are named by run. */
	f.wall[0] = 100, f.wall[1] = 300;
	ck_assert_int_eq(quiz_grade_predict(two, 1u << 0, 1, fake_metric, &f), QUIZ_RIGHT);
	ck_assert_int_eq(two->nmeasured, 2);
	ck_assert_str_eq(two->measured[0].name, "t.wall_ms");
	ck_assert_str_eq(two->measured[1].name, "p.wall_ms");
	f.wall[0] = 300, f.wall[1] = 100;
	ck_assert_int_eq(quiz_grade_predict(two, 1u << 0, 1, fake_metric, &f), QUIZ_WRONG);
	ck_assert_uint_eq(two->right, 1u << 1);
	f.wall[0] = f.wall[1] = 200;
	ck_assert_int_eq(quiz_grade_predict(two, 1u << 2, 1, fake_metric, &f), QUIZ_RIGHT);
	quiz_score(&qz, &right, &total);
	ck_assert_int_eq(right, 2);
	ck_assert_int_eq(total, 2);
	/* A stopped or failed run voids it, whatever the values say. */
	ck_assert_int_eq(quiz_grade_predict(two, 1u << 2, 0, fake_metric, &f), QUIZ_VOID);
	ck_assert_uint_eq(two->right, 0);
	ck_assert_int_eq(two->nmeasured, 0);
	/* So does a value never measured. */
	f.unknown = 1;
	ck_assert_int_eq(quiz_grade_predict(lost, 1u << 0, 1, fake_metric, &f), QUIZ_VOID);
	quiz_score(&qz, &right, &total);
	ck_assert_int_eq(right, 0);
	ck_assert_int_eq(total, 0);
	quiz_free(&qz);
	lesson_free(a);
}
END_TEST

START_TEST(revisit_step)
{
	struct lesson *a = parse("a.lesson", LESSON_A);
	const struct lesson *ls[] = { a };
	struct quiz qz;

	quiz_build(&qz, ls, 1, 1);
	/* The predict question runs the counter, which step one shows. */
	ck_assert_int_eq(quiz_item_step(find(&qz, "lost")), 0);
	ck_assert_int_eq(quiz_item_step(find(&qz, "one")), 0);
	ck_assert_str_eq(quiz_kind_name(find(&qz, "lost")->q->kind), "predict");
	quiz_free(&qz);
	lesson_free(a);
}
END_TEST

Suite *
quiz_suite(void)
{
	Suite *s = suite_create("quiz");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, shuffle_by_seed);
	tcase_add_test(tc, grade_choice);
	tcase_add_test(tc, grade_predict);
	tcase_add_test(tc, revisit_step);
	suite_add_tcase(s, tc);
	return s;
}
