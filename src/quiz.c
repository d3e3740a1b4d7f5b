/*
 * quiz.c — building, shuffling and grading a quiz (see quiz.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quiz.h"
#include "util.h"

uint64_t
quiz_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A uniform index below n (n small: the modulo bias is negligible). */
static int
quiz_below(uint64_t *state, int n)
{
	return (int)(quiz_random(state) % (uint64_t)n);
}

int
quiz_build(struct quiz *qz, const struct lesson *const *lessons, int n,
    uint64_t seed)
{
	uint64_t st = seed;
	int total = 0, k = 0;

	memset(qz, 0, sizeof *qz);
	qz->seed = seed;
	for (int i = 0; i < n; i++)
		total += lessons[i]->nquestions;
	if (total == 0)
		return 0;
	qz->items = xcalloc((size_t)total, sizeof *qz->items);
	for (int i = 0; i < n; i++)
		for (int j = 0; j < lessons[i]->nquestions; j++) {
			struct quiz_item *it = &qz->items[k++];

			it->lesson = lessons[i];
			it->q = &lessons[i]->questions[j];
		}
	qz->n = total;
	/* Fisher-Yates over the questions, then over each one's choices. */
	for (int i = total - 1; i > 0; i--) {
		int j = quiz_below(&st, i + 1);
		struct quiz_item t = qz->items[i];

		qz->items[i] = qz->items[j];
		qz->items[j] = t;
	}
	for (int i = 0; i < total; i++) {
		struct quiz_item *it = &qz->items[i];

		for (int c = 0; c < it->q->nchoices; c++)
			it->order[c] = c;
		for (int c = it->q->nchoices - 1; c > 0; c--) {
			int j = quiz_below(&st, c + 1), t = it->order[c];

			it->order[c] = it->order[j];
			it->order[j] = t;
		}
	}
	return total;
}

void
quiz_free(struct quiz *qz)
{
	free(qz->items);
	memset(qz, 0, sizeof *qz);
}

enum quiz_status
quiz_grade_choice(struct quiz_item *it, unsigned picked)
{
	it->picked = picked;
	it->right = lesson_choice_answer(it->q);
	it->status = picked == it->right ? QUIZ_RIGHT : QUIZ_WRONG;
	return it->status;
}

/* Records every value lesson_predict_answer() looks up. */
struct quiz_recorder {
	struct quiz_item *it;
	lesson_metric_fn fn;
	void *ctx;
};

static int
quiz_record(void *ctx, int run, const char *name, double *value)
{
	struct quiz_recorder *r = ctx;
	struct quiz_item *it = r->it;
	char full[QUIZ_MAX_NAME];

	if (r->fn(r->ctx, run, name, value) != 0)
		return -1;
	if (it->q->nruns > 1 && run >= 0 && run < it->q->nruns &&
	    it->q->runs[run].name != NULL)
		xsnprintf(full, sizeof full, "%s.%s", it->q->runs[run].name, name);
	else
		xsnprintf(full, sizeof full, "%s", name);
	for (int i = 0; i < it->nmeasured; i++)
		if (strcmp(it->measured[i].name, full) == 0)
			return 0;
	if (it->nmeasured < QUIZ_MAX_MEASURED) {
		strcpy(it->measured[it->nmeasured].name, full);
		it->measured[it->nmeasured++].value = *value;
	}
	return 0;
}

enum quiz_status
quiz_grade_predict(struct quiz_item *it, unsigned picked, int runs_done,
    lesson_metric_fn fn, void *ctx)
{
	struct quiz_recorder r = { it, fn, ctx };

	it->picked = picked;
	it->right = 0;
	it->nmeasured = 0;
	if (!runs_done ||
	    lesson_predict_answer(it->q, quiz_record, &r, &it->right) != 0) {
		it->right = 0;
		it->status = QUIZ_VOID;
		return it->status;
	}
	it->status = picked == it->right ? QUIZ_RIGHT : QUIZ_WRONG;
	return it->status;
}

void
quiz_score(const struct quiz *qz, int *right, int *total)
{
	*right = *total = 0;
	for (int i = 0; i < qz->n; i++) {
		*right += qz->items[i].status == QUIZ_RIGHT;
		*total += qz->items[i].status == QUIZ_RIGHT ||
		    qz->items[i].status == QUIZ_WRONG;
	}
}

int
quiz_item_step(const struct quiz_item *it)
{
	const struct lesson *l = it->lesson;
	int best = 0;

	if (it->q->nruns > 0)
		for (int s = 0; s < l->nsteps; s++)
			if (l->steps[s].demo != NULL &&
			    l->steps[s].demo->demo == it->q->runs[0].demo)
				return s;
	for (int s = 0; s < l->nsteps; s++)
		if (l->steps[s].line < it->q->line)
			best = s;
	return best;
}

const char *
quiz_kind_name(enum lesson_question_kind kind)
{
	return kind == QUESTION_PREDICT ? "predict" : "choice";
}

const char *
quiz_status_name(enum quiz_status st)
{
	static const char *const names[] = {
		[QUIZ_UNANSWERED] = "unanswered",
		[QUIZ_RIGHT] = "right",
		[QUIZ_WRONG] = "wrong",
		[QUIZ_VOID] = "void",
	};

	return names[st];
}
