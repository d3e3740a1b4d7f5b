/*
 * lesson-int.h — what the lesson-*.c files share and nothing else needs:
 * metric references, the placeholder scanner and the condition language.
 */
#ifndef LOCKSTEP_LESSON_INT_H
#define LOCKSTEP_LESSON_INT_H

#include <stddef.h>

#include "lesson.h"

#define LESSON_MAX_NAME 64	/* bytes in a metric reference "run.metric" */

/* A piece of text with placeholders: literal text or one {reference}. */
enum lesson_piece_kind { PIECE_END, PIECE_TEXT, PIECE_REF };

struct lesson_piece {
	enum lesson_piece_kind kind;
	const char *s;		/* TEXT: the text; REF: the reference's name */
	size_t n;
	int digits;		/* REF: decimals from ":.N", -1 if none */
	const char *one, *many;	/* REF: the words of ":one|many", or NULL */
	size_t none, nmany;
};

/*
 * The next piece of text at *pos, advancing *pos.  Returns 0, or -1 with a
 * message in err on a malformed placeholder (then *pos is past the fault).
 */
int lesson_piece_next(const char **pos, struct lesson_piece *pc, char *err,
    size_t len);
/*
 * Resolve a reference ("metric", "knob" or "run.metric") of length n against
 * runs: the run's index into *run and the bare name into name.  0, or -1
 * with a message in err.
 */
int lesson_ref_resolve(const char *ref, size_t n, const struct lesson_run *runs,
    int nruns, int *run, char *name, size_t namelen, char *err, size_t len);

/* Parse a @when condition over runs; NULL with a message in err. */
struct lesson_cond *lesson_cond_parse(const char *text,
    const struct lesson_run *runs, int nruns, char *err, size_t len);
/* Evaluate c: 0 with *holds set, or -1 if a value is unknown. */
int lesson_cond_eval(const struct lesson_cond *c, const struct lesson_run *runs,
    lesson_metric_fn fn, void *ctx, int *holds);
/* Free a condition (NULL is fine). */
void lesson_cond_free(struct lesson_cond *c);

/* A value for run's name: fn's, else the run's knob of that name. */
int lesson_value(const struct lesson_run *runs, int run, const char *name,
    lesson_metric_fn fn, void *ctx, double *value);

#endif
