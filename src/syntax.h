/*
 * syntax.h — a small Python highlighter for the lesson player's code
 * blocks: it marks each byte of a line as plain, keyword, string, comment
 * or number.  Lines are coloured one at a time; a triple-quoted string
 * that spans lines carries over in *state.  No curses: the player maps
 * these classes to colour roles.
 */
#ifndef LOCKSTEP_SYNTAX_H
#define LOCKSTEP_SYNTAX_H

#include <stddef.h>

enum syntax_class { SYN_PLAIN, SYN_KEYWORD, SYN_STRING, SYN_COMMENT, SYN_NUMBER,
	SYN_BUILTIN, SYN__MAX };

/* Classify the n bytes of line into cls[0..n-1]; *state is 0 at the start
 * of a block and carries an open triple-quoted string to the next line. */
void syntax_python(const char *line, size_t n, int *state, unsigned char *cls);

#endif
