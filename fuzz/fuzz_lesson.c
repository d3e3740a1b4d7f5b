/*
 * fuzz_lesson.c — libFuzzer target over the lesson parser.
 *
 * Parses the input as a lesson file from memory, and when it parses,
 * renders every text with placeholders, chooses every step's @if
 * branches, and decides every predict question
 * with made-up metrics, so the whole path from bytes to what the player
 * shows is covered.  Built with --enable-fuzzing (CC=clang); run e.g.
 *
 *     fuzz/fuzz_lesson -max_total_time=60 CORPUS_DIR lessons tests/lessons
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every metric is known: its value depends on its name and run. */
static int
fake_lookup(void *ctx, int run, const char *name, double *value)
{
	(void)ctx;
	if (name[0] == 'l')
		return -1;		/* and some are not */
	*value = (double)(strlen(name) * 37 + (size_t)run) / 3.0;
	return 0;
}

static void
render(const char *text, const struct lesson_run *runs, int nruns)
{
	free(lesson_render(text, runs, nruns, fake_lookup, NULL, NULL));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lesson_errors errs;
	struct lesson *l;
	unsigned right;

	lesson_errors_init(&errs);
	if (lesson_parse_buffer("fuzz.lesson", (const char *)data, size, &l,
	    &errs) == 0) {
		for (int i = 0; i < l->nsteps; i++) {
			const struct lesson_step *s = &l->steps[i];
			int n = s->demo != NULL;
			unsigned char *shown = malloc((size_t)s->nblocks + 1);

			/* which @if branches show, measured and not yet */
			lesson_blocks_shown(s, fake_lookup, NULL, shown);
			lesson_blocks_shown(s, NULL, NULL, shown);
			free(shown);

			for (int b = 0; b < s->nblocks; b++)
				if (s->blocks[b].kind != BLOCK_CODE)
					render(s->blocks[b].text, s->demo, n);
			for (int t = 0; t < s->ntries; t++)
				render(s->tries[t].text, s->demo, n);
			for (int h = 0; h < s->hints.n; h++)
				render(s->hints.v[h], s->demo, n);
		}
		for (int i = 0; i < l->nquestions; i++) {
			const struct lesson_question *q = &l->questions[i];

			for (int c = 0; c < q->nchoices; c++)
				render(q->choices[c].why, q->runs, q->nruns);
			if (q->kind == QUESTION_PREDICT)
				(void)lesson_predict_answer(q, fake_lookup, NULL, &right);
			else
				(void)lesson_choice_answer(q);
		}
		lesson_free(l);
	}
	lesson_errors_free(&errs);
	return 0;
}
