/*
 * json-read.c — a strict JSON reader for files lockstep did not write
 * itself (quiz results from a shared folder).
 *
 * A recursive descent over RFC 8259 into a small tree.  It refuses rather
 * than guesses: trailing data, duplicate keys, invalid escapes, unescaped
 * control characters, invalid UTF-8, lone surrogates, "\u0000", nesting
 * deeper than JSON_MAX_DEPTH and numbers that do not fit a double are
 * errors, each with the byte offset where it was found.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

#define JSON_MAX_DEPTH 32

struct json_reader {
	const char *s, *end;
	const char *start;
	char *err;
	size_t errlen;
	int failed;
};

static void json_fail(struct json_reader *r, const char *fmt, ...) LS_PRINTF(2, 3);

static void
json_fail(struct json_reader *r, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	if (r->failed)
		return;
	r->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	xsnprintf(r->err, r->errlen, "%s at byte %ld", msg, (long)(r->s - r->start));
}

static void
json_ws(struct json_reader *r)
{
	while (r->s < r->end && (*r->s == ' ' || *r->s == '\t' || *r->s == '\n' ||
	    *r->s == '\r'))
		r->s++;
}

static int json_value_read(struct json_reader *r, struct json_value *v, int depth);

/* Append code point cp as UTF-8. */
static size_t
json_utf8(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static int
json_hex4(struct json_reader *r, unsigned *cp)
{
	*cp = 0;
	if (r->end - r->s < 4) {
		json_fail(r, "short \\u escape");
		return -1;
	}
	for (int i = 0; i < 4; i++) {
		char c = *r->s++;

		*cp <<= 4;
		if (c >= '0' && c <= '9')
			*cp |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*cp |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*cp |= (unsigned)(c - 'A' + 10);
		else {
			json_fail(r, "bad \\u escape");
			return -1;
		}
	}
	return 0;
}

/* Length of the valid UTF-8 sequence at s (before end), or 0. */
static size_t
json_utf8_len(const unsigned char *s, const unsigned char *end)
{
	size_t n;
	unsigned cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if ((size_t)(end - s) < n)
		return 0;
	cp = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static int
json_string_read(struct json_reader *r, char **out, size_t *outlen)
{
	char *buf;
	size_t n = 0;

	r->s++;			/* the opening quote */
	/* Decoded text is never longer than the source. */
	buf = xmalloc((size_t)(r->end - r->s) + 1);
	for (;;) {
		unsigned char c;

		if (r->s >= r->end) {
			json_fail(r, "unterminated string");
			break;
		}
		c = (unsigned char)*r->s;
		if (c == '"') {
			r->s++;
			buf[n] = '\0';
			*out = buf;
			if (outlen != NULL)
				*outlen = n;
			return 0;
		}
		if (c < 0x20) {
			json_fail(r, "control character in a string");
			break;
		}
		if (c >= 0x80) {
			size_t k = json_utf8_len((const unsigned char *)r->s,
			    (const unsigned char *)r->end);

			if (k == 0) {
				json_fail(r, "invalid UTF-8");
				break;
			}
			memcpy(buf + n, r->s, k);
			n += k;
			r->s += k;
			continue;
		}
		r->s++;
		if (c != '\\') {
			buf[n++] = (char)c;
			continue;
		}
		if (r->s >= r->end) {
			json_fail(r, "unterminated string");
			break;
		}
		c = (unsigned char)*r->s++;
		switch (c) {
		case '"': case '\\': case '/':
			buf[n++] = (char)c;
			break;
		case 'b': buf[n++] = '\b'; break;
		case 'f': buf[n++] = '\f'; break;
		case 'n': buf[n++] = '\n'; break;
		case 'r': buf[n++] = '\r'; break;
		case 't': buf[n++] = '\t'; break;
		case 'u': {
			unsigned cp, lo;

			if (json_hex4(r, &cp) != 0)
				goto fail;
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				json_fail(r, "lone surrogate");
				goto fail;
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (r->end - r->s < 6 || r->s[0] != '\\' || r->s[1] != 'u') {
					json_fail(r, "lone surrogate");
					goto fail;
				}
				r->s += 2;
				if (json_hex4(r, &lo) != 0)
					goto fail;
				if (lo < 0xdc00 || lo > 0xdfff) {
					json_fail(r, "lone surrogate");
					goto fail;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (cp == 0) {
				json_fail(r, "\\u0000 in a string");
				goto fail;
			}
			n += json_utf8(buf + n, cp);
			break;
		}
		default:
			json_fail(r, "bad escape \\%c", c >= 0x20 && c < 0x7f ? c : '?');
			goto fail;
		}
	}
fail:
	free(buf);
	return -1;
}

static int
json_number_read(struct json_reader *r, struct json_value *v)
{
	const char *p = r->s;
	char tmp[64], *endp;

	/* The grammar first, so strtod's leniency (hex, inf, "1.") is never used. */
	if (p < r->end && *p == '-')
		p++;
	if (p < r->end && *p == '0')
		p++;
	else if (p < r->end && *p >= '1' && *p <= '9')
		while (p < r->end && *p >= '0' && *p <= '9')
			p++;
	else {
		json_fail(r, "bad number");
		return -1;
	}
	if (p < r->end && *p == '.') {
		if (++p >= r->end || *p < '0' || *p > '9') {
			json_fail(r, "bad number");
			return -1;
		}
		while (p < r->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < r->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < r->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= r->end || *p < '0' || *p > '9') {
			json_fail(r, "bad number");
			return -1;
		}
		while (p < r->end && *p >= '0' && *p <= '9')
			p++;
	}
	if ((size_t)(p - r->s) >= sizeof tmp) {
		json_fail(r, "number too long");
		return -1;
	}
	memcpy(tmp, r->s, (size_t)(p - r->s));
	tmp[p - r->s] = '\0';
	errno = 0;
	v->num = strtod(tmp, &endp);
	if (errno == ERANGE || !isfinite(v->num)) {
		json_fail(r, "number out of range");
		return -1;
	}
	v->type = JSON_NUMBER;
	r->s = p;
	return 0;
}

static int
json_literal(struct json_reader *r, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(r->end - r->s) < n || memcmp(r->s, word, n) != 0) {
		json_fail(r, "unexpected character");
		return -1;
	}
	r->s += n;
	return 0;
}

static int
json_container_read(struct json_reader *r, struct json_value *v, int depth)
{
	int is_obj = *r->s == '{';
	char close = is_obj ? '}' : ']';
	int cap = 0;

	if (depth >= JSON_MAX_DEPTH) {
		json_fail(r, "nested too deeply");
		return -1;
	}
	v->type = is_obj ? JSON_OBJECT : JSON_ARRAY;
	r->s++;
	json_ws(r);
	if (r->s < r->end && *r->s == close) {
		r->s++;
		return 0;
	}
	for (;;) {
		char *key = NULL;

		json_ws(r);
		if (is_obj) {
			if (r->s >= r->end || *r->s != '"') {
				json_fail(r, "expected a key");
				return -1;
			}
			if (json_string_read(r, &key, NULL) != 0)
				return -1;
			for (int i = 0; i < v->n; i++)
				if (strcmp(v->keys[i], key) == 0) {
					json_fail(r, "duplicate key \"%.40s\"", key);
					free(key);
					return -1;
				}
			json_ws(r);
			if (r->s >= r->end || *r->s != ':') {
				json_fail(r, "expected ':'");
				free(key);
				return -1;
			}
			r->s++;
		}
		if (v->n == cap) {
			cap = cap ? 2 * cap : 8;
			v->items = xreallocarray(v->items, (size_t)cap, sizeof *v->items);
			if (is_obj)
				v->keys = xreallocarray(v->keys, (size_t)cap, sizeof *v->keys);
		}
		memset(&v->items[v->n], 0, sizeof v->items[v->n]);
		if (is_obj)
			v->keys[v->n] = key;
		v->n++;
		if (json_value_read(r, &v->items[v->n - 1], depth + 1) != 0)
			return -1;
		json_ws(r);
		if (r->s < r->end && *r->s == ',') {
			r->s++;
			continue;
		}
		if (r->s < r->end && *r->s == close) {
			r->s++;
			return 0;
		}
		json_fail(r, "expected ',' or '%c'", close);
		return -1;
	}
}

static int
json_value_read(struct json_reader *r, struct json_value *v, int depth)
{
	json_ws(r);
	if (r->s >= r->end) {
		json_fail(r, "unexpected end");
		return -1;
	}
	switch (*r->s) {
	case '{':
	case '[':
		return json_container_read(r, v, depth);
	case '"':
		v->type = JSON_STRING;
		return json_string_read(r, &v->str, NULL);
	case 't':
		v->type = JSON_BOOL;
		v->boolean = 1;
		return json_literal(r, "true");
	case 'f':
		v->type = JSON_BOOL;
		return json_literal(r, "false");
	case 'n':
		v->type = JSON_NULL;
		return json_literal(r, "null");
	default:
		return json_number_read(r, v);
	}
}

static void
json_value_clear(struct json_value *v)
{
	for (int i = 0; i < v->n; i++) {
		json_value_clear(&v->items[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
}

int
json_parse(const char *text, size_t len, struct json_value **out, char *err,
    size_t errlen)
{
	struct json_reader r = { text, text + len, text, err, errlen, 0 };
	struct json_value *v = xcalloc(1, sizeof *v);

	*out = NULL;
	if (json_value_read(&r, v, 0) == 0) {
		json_ws(&r);
		if (r.s != r.end)
			json_fail(&r, "trailing data");
	}
	if (r.failed) {
		json_value_free(v);
		return -1;
	}
	*out = v;
	return 0;
}

void
json_value_free(struct json_value *v)
{
	if (v == NULL)
		return;
	json_value_clear(v);
	free(v);
}

const struct json_value *
json_get(const struct json_value *obj, const char *key)
{
	if (obj == NULL || obj->type != JSON_OBJECT)
		return NULL;
	for (int i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return &obj->items[i];
	return NULL;
}
