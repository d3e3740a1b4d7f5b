/*
 * json.h — just enough JSON: writing for --json, --trace and quiz results
 * (strings escaped, numbers printed finite), and a strict reader
 * (json-read.c) for result files from a shared folder.
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


enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY,
	JSON_OBJECT };

/* A parsed value: an object's members are items[i] named keys[i]. */
struct json_value {
	enum json_type type;
	int boolean;
	double num;
	char *str;			/* STRING: UTF-8, no NUL inside */
	struct json_value *items;	/* ARRAY, OBJECT */
	char **keys;			/* OBJECT */
	int n;
};

/* Parse len bytes of text strictly; 0 with *out, or -1 with err ("... at byte N"). */
int json_parse(const char *text, size_t len, struct json_value **out, char *err,
    size_t errlen);
/* Free a parsed value (NULL is fine). */
void json_value_free(struct json_value *v);
/* The member key of object obj, or NULL (also when obj is not an object). */
const struct json_value *json_get(const struct json_value *obj, const char *key);

#endif
