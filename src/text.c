/*
 * text.c — UTF-8 widths, wrapping and ASCII fallbacks (see text.h).
 *
 * Widths come from wcwidth(3) for the code point, so they follow the
 * locale the interface set; an unprintable or unknown character counts as
 * one column, which is what ncurses draws for it (a replacement).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"
#include "util.h"

unsigned
text_decode(const char *str, size_t n, size_t *len)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c;
	size_t need;

	*len = 1;
	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4, c = s[0] & 0x07;
	else
		return 0xfffd;
	if (n < need)
		return 0xfffd;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0xfffd;
		c = c << 6 | (s[i] & 0x3f);
	}
	*len = need;
	return c;
}

int
text_cwidth(unsigned c)
{
	int w;

	if (c < 0x20 || c == 0x7f)
		return 0;
	if (c < 0x7f)
		return 1;
	w = wcwidth((wchar_t)c);
	return w < 0 ? 1 : w;
}

int
text_width_n(const char *s, size_t n)
{
	int w = 0;
	size_t len;

	for (size_t i = 0; i < n && s[i] != '\0'; i += len)
		w += text_cwidth(text_decode(s + i, n - i, &len));
	return w;
}

int
text_width(const char *s)
{
	return text_width_n(s, strlen(s));
}

size_t
text_fit(const char *s, size_t n, int cols)
{
	size_t i = 0, len;
	int w = 0;

	while (i < n && s[i] != '\0') {
		int cw = text_cwidth(text_decode(s + i, n - i, &len));

		if (w + cw > cols)
			break;
		w += cw;
		i += len;
	}
	return i;
}

static void
lines_add(struct text_lines *out, size_t off, size_t len)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 16;
		out->v = xreallocarray(out->v, (size_t)out->cap, sizeof *out->v);
	}
	out->v[out->n].off = off;
	out->v[out->n].len = len;
	out->n++;
}

/* Wrap one hard line [from, to) of text. */
static void
wrap_span(const char *text, size_t from, size_t to, int width, int keep_indent,
    struct text_lines *out)
{
	size_t pos = from, start, end, brk;
	int added = 0;

	if (width < 1)
		width = 1;
	if (!keep_indent)
		while (pos < to && text[pos] == ' ')
			pos++;
	while (pos < to) {
		start = pos;
		/* the longest run from start that fits */
		end = start + text_fit(text + start, to - start, width);
		if (end >= to) {
			lines_add(out, start, to - start);
			added = 1;
			break;
		}
		/* break at the last space within the fit, else cut the word */
		brk = end;
		while (brk > start && text[brk] != ' ')
			brk--;
		if (brk == start || (keep_indent && brk <= start))
			brk = end > start ? end : start + 1;
		{
			size_t e = brk;

			while (e > start && text[e - 1] == ' ')
				e--;
			lines_add(out, start, e - start);
		}
		added = 1;
		pos = brk;
		while (pos < to && text[pos] == ' ')
			pos++;
	}
	if (!added)
		lines_add(out, from, 0);
}

void
text_wrap(const char *text, int width, int hard, struct text_lines *out)
{
	size_t n = strlen(text);

	if (hard) {
		size_t from = 0;

		while (from <= n) {
			const char *nl = memchr(text + from, '\n', n - from);
			size_t to = nl != NULL ? (size_t)(nl - text) : n;

			if (nl == NULL && from == n && from > 0)
				break;	/* text ended with a newline */
			wrap_span(text, from, to, width, 1, out);
			from = to + 1;
			if (nl == NULL)
				break;
		}
		return;
	}
	/* Soft: newlines are spaces.  Work on a copy with them replaced, but
	 * report offsets into text (same length). */
	{
		char *copy = xstrdup(text);

		for (size_t i = 0; i < n; i++)
			if (copy[i] == '\n' || copy[i] == '\t')
				copy[i] = ' ';
		wrap_span(copy, 0, n, width, 0, out);
		free(copy);
	}
}

void
text_lines_free(struct text_lines *out)
{
	free(out->v);
	memset(out, 0, sizeof *out);
}

static const struct {
	unsigned c;
	const char *ascii;
} ascii_table[] = {
	{ 0x2026, "..." }, { 0x2192, "->" }, { 0x2190, "<-" }, { 0x2191, "^" },
	{ 0x2193, "v" }, { 0x00d7, "x" }, { 0x2013, "-" }, { 0x2014, "--" },
	{ 0x2018, "'" }, { 0x2019, "'" }, { 0x201c, "\"" }, { 0x201d, "\"" },
	{ 0x00b7, "." }, { 0x2022, "*" }, { 0x2264, "<=" }, { 0x2265, ">=" },
	{ 0x2260, "!=" }, { 0x2248, "~" }, { 0x00b5, "u" }, { 0x03bc, "u" },
	{ 0x2713, "v" }, { 0x2717, "x" }, { 0x2500, "-" }, { 0x2502, "|" },
	{ 0x250c, "+" }, { 0x2510, "+" }, { 0x2514, "+" }, { 0x2518, "+" },
	{ 0x2588, "#" }, { 0x2592, "~" }, { 0x2591, "-" }, { 0x2016, "|" },
	{ 0x25b8, ">" }, { 0x25b6, ">" }, { 0x00a0, " " }, { 0x2009, " " },
	{ 0x202f, " " }, { 0x21aa, ">" }, { 0x00e9, "e" }, { 0x00e8, "e" }, { 0x00e0, "a" },
};

char *
text_ascii(const char *s)
{
	size_t n = strlen(s), o = 0, len;
	char *out = xmalloc(3 * n + 1);

	for (size_t i = 0; i < n; i += len) {
		unsigned c = text_decode(s + i, n - i, &len);
		const char *rep = "?";

		if (c < 0x80) {
			out[o++] = (char)c;
			continue;
		}
		for (size_t k = 0; k < nitems(ascii_table); k++)
			if (ascii_table[k].c == c)
				rep = ascii_table[k].ascii;
		/* at most 3 bytes out for at least 2 in: fits in 3n */
		memcpy(out + o, rep, strlen(rep));
		o += strlen(rep);
	}
	out[o] = '\0';
	return out;
}

const char *
text_ms(double ms, char *buf, size_t len)
{
	if (ms < 0)
		ms = 0;
	if (ms < 10)
		xsnprintf(buf, len, "%.1f ms", ms);
	else if (ms < 1000)
		xsnprintf(buf, len, "%.0f ms", ms);
	else if (ms < 60000)
		xsnprintf(buf, len, "%.2f s", ms / 1000);
	else
		xsnprintf(buf, len, "%d min %d s", (int)(ms / 60000),
		    (int)(ms / 1000) % 60);
	return buf;
}

const char *
text_num(double v, char *buf, size_t len)
{
	if (v == (double)(long long)v && v > -1e15 && v < 1e15)
		xsnprintf(buf, len, "%lld", (long long)v);
	else
		xsnprintf(buf, len, "%.2f", v);
	return buf;
}

/*
 * One row of --help: head in a 22-column field (on a line of its own when
 * longer), then text, and "[range]" when range is given, wrapped at word
 * boundaries (the text's own line breaks are spaces) so that no line passes
 * 80 columns.
 */
void
text_help_row(FILE *f, const char *head, const char *text, const char *range)
{
	enum { INDENT = 25, WIDTH = 80 };
	char all[512];
	const char *p = all;
	int col;

	if (range != NULL)
		xsnprintf(all, sizeof all, "%s [%s]", text, range);
	else
		xsnprintf(all, sizeof all, "%s", text);
	if (strlen(head) > 22)
		fprintf(f, "  %s\n%*s", head, INDENT, "");
	else
		fprintf(f, "  %-22s ", head);
	col = INDENT;
	while (*p != '\0') {
		size_t n = strcspn(p, " \n");

		if (col > INDENT && col + 1 + (int)n > WIDTH) {
			fprintf(f, "\n%*s", INDENT, "");
			col = INDENT;
		} else if (col > INDENT) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, n, f);
		col += (int)n;
		p += n;
		p += strspn(p, " \n");
	}
	fputc('\n', f);
}
