/*
 * json.h — just enough JSON writing for --json and --trace: strings are
 * escaped, numbers printed finite.
 */
#ifndef LOCKSTEP_JSON_H
#define LOCKSTEP_JSON_H

#include <stdio.h>

/* Write s as a JSON string literal. */
void json_string(FILE *f, const char *s);
/* Write a number (non-finite values become null). */
void json_number(FILE *f, double v);
/* Write "key": (with a leading comma unless *first) and clear *first. */
void json_key(FILE *f, const char *key, int *first);

#endif
