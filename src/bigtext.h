/*
 * bigtext.h — large block digits for the presenter's readouts, readable
 * from the back of a room, and the readouts themselves.
 *
 * A 3×5 pixel font of the characters a readout needs (digits . : - / x s m
 * % and space).  Full size draws each pixel as two cells (5 rows, 7 columns
 * a digit with its gap); half size packs two pixel rows into one cell with
 * half blocks (3 rows, 4 columns a digit), for small terminals.  With ascii
 * set, '#' stands for a full pixel cell and half size uses '"' and ','.
 * No curses here: the presenter draws the rows it gets.
 */
#ifndef LOCKSTEP_BIGTEXT_H
#define LOCKSTEP_BIGTEXT_H

#include <stddef.h>

#include "lesson.h"

#define BIGTEXT_MAX_READOUTS 5

/* A readout: what it is and its value, in the font's characters. */
struct readout {
	const char *label;		/* "wall time", "speedup" ... */
	char value[24];			/* "2.1s", "3.7x", "3817/4000" */
};

/* Rows the text takes (5 full, 3 half). */
int bigtext_rows(int half);
/* Columns s takes. */
int bigtext_width(const char *s, int half);
/* Row row of s rendered into buf (UTF-8 blocks, or ASCII). */
void bigtext_row(const char *s, int half, int ascii, int row, char *buf, size_t len);
/*
 * The presenter's readouts of a run: wall time (measured, or elapsed_ms
 * while it runs), speedup, final/expected, lost, p99 latency — each one
 * the run knows.  fn is asked only when done is set (a run that ended
 * done): a stopped or failed run claims nothing.  Returns the count.
 */
int readouts_collect(lesson_metric_fn fn, void *ctx, int done, int running,
    double elapsed_ms, struct readout *out, int max);

#endif
