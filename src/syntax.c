/*
 * syntax.c — the Python highlighter (see syntax.h).  A hand-written
 * scanner: comments, strings (with prefixes, escapes and triple quotes),
 * numbers (with underscores, decimals, exponents), identifiers checked
 * against the keyword and builtin tables.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "syntax.h"
#include "util.h"

static const char *const keywords[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield",
};

static const char *const builtins[] = {
	"print", "range", "len", "sum", "list", "dict", "set", "int", "str",
	"map", "zip", "enumerate", "sorted", "min", "max", "open", "isinstance",
	"self",
};

static int
in_table(const char *const *t, size_t nt, const char *s, size_t n)
{
	for (size_t i = 0; i < nt; i++)
		if (strlen(t[i]) == n && memcmp(t[i], s, n) == 0)
			return 1;
	return 0;
}

static int
ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

static int
ident_char(char c)
{
	return ident_start(c) || isdigit((unsigned char)c);
}

/* Scan a string body from i (after the opening quote(s)); returns the index
 * after the closing quote, or n if the line ends first (*open stays set for
 * a triple-quoted string). */
static size_t
scan_string(const char *s, size_t n, size_t i, char q, int triple, int *open)
{
	*open = 1;
	while (i < n) {
		if (s[i] == '\\') {
			i += 2;
			continue;
		}
		if (s[i] == q) {
			if (!triple) {
				*open = 0;
				return i + 1;
			}
			if (i + 2 < n && s[i + 1] == q && s[i + 2] == q) {
				*open = 0;
				return i + 3;
			}
		}
		i++;
	}
	if (!triple)
		*open = 0;	/* an unterminated one-line string ends here */
	return n;
}

void
syntax_python(const char *s, size_t n, int *state, unsigned char *cls)
{
	size_t i = 0, j;
	int open;

	memset(cls, SYN_PLAIN, n);
	/* inside a triple-quoted string: *state is its quote character */
	if (*state != 0) {
		j = scan_string(s, n, 0, (char)*state, 1, &open);
		memset(cls, SYN_STRING, j);
		i = j;
		if (open)
			return;
		*state = 0;
	}
	while (i < n) {
		char c = s[i];

		if (c == '#') {
			memset(cls + i, SYN_COMMENT, n - i);
			return;
		}
		if (c == '"' || c == '\'') {
			int triple = i + 2 < n && s[i + 1] == c && s[i + 2] == c;

			j = scan_string(s, n, i + (triple ? 3 : 1), c, triple, &open);
			memset(cls + i, SYN_STRING, j - i);
			if (open && triple)
				*state = c;
			i = j;
			continue;
		}
		if (isdigit((unsigned char)c) ||
		    (c == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1]))) {
			j = i;
			while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_' ||
			    s[j] == '.' || ((s[j] == '+' || s[j] == '-') && j > i &&
			    (s[j - 1] == 'e' || s[j - 1] == 'E'))))
				j++;
			memset(cls + i, SYN_NUMBER, j - i);
			i = j;
			continue;
		}
		if (ident_start(c)) {
			j = i;
			while (j < n && ident_char(s[j]))
				j++;
			/* string prefixes: f"...", rb'...' */
			if (j < n && (s[j] == '"' || s[j] == '\'') && j - i <= 2 &&
			    strspn(s + i, "rRbBfFuU") >= j - i) {
				memset(cls + i, SYN_STRING, j - i);
				i = j;
				continue;
			}
			if (in_table(keywords, nitems(keywords), s + i, j - i))
				memset(cls + i, SYN_KEYWORD, j - i);
			else if (in_table(builtins, nitems(builtins), s + i, j - i))
				memset(cls + i, SYN_BUILTIN, j - i);
			i = j;
			continue;
		}
		i++;
	}
}
