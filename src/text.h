/*
 * text.h — text for the terminal, without the terminal: UTF-8 display
 * widths, word wrapping to a width, clipping, an ASCII transliteration for
 * terminals that cannot show UTF-8, and the number formats the panes use.
 * Pure functions, tested by Check.
 */
#ifndef LOCKSTEP_TEXT_H
#define LOCKSTEP_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* One wrapped line: len bytes of the text from off. */
struct text_line {
	size_t off, len;
};

struct text_lines {
	struct text_line *v;
	int n, cap;
};

/* Decode one UTF-8 character at s (n bytes left): its code point and length
 * in *len (1 for an invalid byte, decoded as U+FFFD). */
unsigned text_decode(const char *s, size_t n, size_t *len);
/* Columns the code point c takes on a terminal (0, 1 or 2). */
int text_cwidth(unsigned c);
/* Columns the first n bytes of s take. */
int text_width_n(const char *s, size_t n);
/* Columns s takes. */
int text_width(const char *s);
/* Bytes of s (at most n) that fit in cols columns, never splitting a
 * character. */
size_t text_fit(const char *s, size_t n, int cols);
/*
 * Wrap text (one paragraph, newlines count as spaces unless hard is set,
 * then they break lines) into lines of at most width columns, appending to
 * out.  Soft lines point into text, so one may contain a newline: callers
 * that draw them turn newlines into spaces first.  Words longer than width are cut.  Leading spaces of a hard line
 * are kept (code).  An empty text gives one empty line.
 */
void text_wrap(const char *text, int width, int hard, struct text_lines *out);
/* Free the lines; out is empty again. */
void text_lines_free(struct text_lines *out);
/* A malloc'd ASCII copy of s: "…" → "...", "→" → "->", "×" → "x", dashes,
 * quotes, box and block characters to their look-alikes, anything else to
 * '?' (one per character). */
char *text_ascii(const char *s);
/* "480 ms", "1.23 s", "2 min 3 s" for a duration in milliseconds. */
const char *text_ms(double ms, char *buf, size_t len);
/* A metric value: integers without decimals, others with up to 2. */
const char *text_num(double v, char *buf, size_t len);
/* One row of a --help table on f: head in a 22-column field (on a line of
 * its own when longer), then text and " [range]" (range may be NULL),
 * wrapped at spaces so that no line passes 80 columns. */
void text_help_row(FILE *f, const char *head, const char *text, const char *range);

#endif
