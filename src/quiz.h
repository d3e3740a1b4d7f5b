/*
 * quiz.h — a quiz without its screen: which questions, in which order,
 * with which choices where, and how each answer is graded.
 *
 * quiz_build() collects the questions of some lessons and shuffles them,
 * and each question's choices, with a seeded generator (splitmix64): one
 * seed gives one order on every machine, so "--seed N" replays a quiz.
 * Choices are always stored by their index in the lesson file; an item's
 * order[] maps a position on screen to that index.
 *
 * A choice question is right when the choices picked are exactly the right
 * ones.  A predict question is graded after its runs: the runs' metrics
 * decide which choices hold (lesson_predict_answer), and every value that
 * decided it is recorded with the answer.  A run that did not end done
 * (stopped, failed) or a value that is unknown voids the question: it is
 * neither right nor wrong and does not count in the score (DESIGN.md
 * rule 7: no grade from a figure a run never reached).
 */
#ifndef LOCKSTEP_QUIZ_H
#define LOCKSTEP_QUIZ_H

#include <stdint.h>

#include "lesson.h"

#define QUIZ_MAX_MEASURED 16
#define QUIZ_MAX_NAME 64

enum quiz_status {
	QUIZ_UNANSWERED,
	QUIZ_RIGHT,
	QUIZ_WRONG,
	QUIZ_VOID		/* predict: a run stopped or failed */
};

/* One value a predict question was decided by ("procs.wall_ms"). */
struct quiz_measure {
	char name[QUIZ_MAX_NAME];
	double value;
};

struct quiz_item {
	const struct lesson *lesson;
	const struct lesson_question *q;
	int order[LESSON_MAX_CHOICES];	/* screen position -> choice index */
	unsigned picked;		/* bits of choice indexes */
	unsigned right;			/* bits of the choices that hold */
	enum quiz_status status;
	struct quiz_measure measured[QUIZ_MAX_MEASURED];
	int nmeasured;
};

struct quiz {
	struct quiz_item *items;
	int n;
	uint64_t seed;
};

/* The next number of a splitmix64 sequence at *state. */
uint64_t quiz_random(uint64_t *state);
/*
 * The questions of the n lessons, shuffled with seed (questions across the
 * lessons, and the choices of each).  Returns the number of questions.
 */
int quiz_build(struct quiz *qz, const struct lesson *const *lessons, int n,
    uint64_t seed);
/* Free the items; qz is empty again. */
void quiz_free(struct quiz *qz);
/* Grade a choice question answered with picked (choice-index bits). */
enum quiz_status quiz_grade_choice(struct quiz_item *it, unsigned picked);
/*
 * Grade a predict question answered with picked, after its runs: runs_done
 * is false when a run stopped or failed, which voids it, as does a value fn
 * does not know.  The values that decided it are kept in it->measured.
 */
enum quiz_status quiz_grade_predict(struct quiz_item *it, unsigned picked,
    int runs_done, lesson_metric_fn fn, void *ctx);
/* The score so far: right answers, and graded ones (void not counted). */
void quiz_score(const struct quiz *qz, int *right, int *total);
/* The step of the item's lesson to revisit when it was missed: the step
 * showing the question's demo, else the last step before it in the file. */
int quiz_item_step(const struct quiz_item *it);
/* The kind's name in result files: "choice" or "predict". */
const char *quiz_kind_name(enum lesson_question_kind kind);
/* The status's name in result files: "right", "wrong", "void", "unanswered". */
const char *quiz_status_name(enum quiz_status st);

#endif
