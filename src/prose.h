/*
 * prose.h — a lesson step as the lines the player draws: the step's title,
 * its paragraphs (those of the @if branches the values choose) wrapped to
 * the width with {placeholders} filled from the step's run, bullets with
 * a hanging indent, code blocks with Python syntax classes, the "try
 * this" prompts and the hints.  No curses: each line says what it is
 * (kind) and, byte by byte, how to colour it (cls), and the player maps
 * that to colour roles.
 */
#ifndef LOCKSTEP_PROSE_H
#define LOCKSTEP_PROSE_H

#include "lesson.h"

enum prose_kind {
	PROSE_BLANK, PROSE_HEADING, PROSE_TEXT, PROSE_BULLET, PROSE_CODE,
	PROSE_TRY, PROSE_HINT, PROSE_HINT_OFF, PROSE_LABEL
};

/* Prose byte classes (cls) beside enum syntax_class for code. */
#define PROSE_CLS_PLAIN 0
#define PROSE_CLS_CODE 1	/* `inline code` */

struct prose_line {
	enum prose_kind kind;
	char *s;
	unsigned char *cls;	/* strlen(s) classes */
	int indent;		/* columns before s */
	char key[16];		/* drawn in the indent: a @try's key, a bullet,
				 * "Hint", a code line's continuation mark */
	int code_line;		/* PROSE_CODE: its line in the code block (from
				 * 1) on its first piece, else 0 */
};

struct prose {
	struct prose_line *v;
	int n, cap;
};

/*
 * Lay step st out in width columns (>= 10).  hints: show the hints, else
 * one line saying how many there are.  fn/ctx fill placeholders (values
 * it does not know show as "…").
 */
void prose_build(struct prose *p, const struct lesson_step *st, int width,
    int hints, lesson_metric_fn fn, void *ctx);
/* Free the lines; p is empty again. */
void prose_free(struct prose *p);

#endif
