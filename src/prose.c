/*
 * prose.c — a step laid out in lines (see prose.h).  Inline `code` loses
 * its backticks before wrapping and keeps a class instead, so wrapping
 * measures what is drawn.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "prose.h"
#include "syntax.h"
#include "text.h"
#include "util.h"

static struct prose_line *
line_add(struct prose *p, enum prose_kind kind, const char *s, size_t n,
    const unsigned char *cls, int indent)
{
	struct prose_line *l;

	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->v = xreallocarray(p->v, (size_t)p->cap, sizeof *p->v);
	}
	l = &p->v[p->n++];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	l->s = xstrndup(s, n);
	l->cls = xcalloc(n + 1, 1);
	if (cls != NULL)
		memcpy(l->cls, cls, n);
	l->indent = indent;
	return l;
}

static void
blank(struct prose *p)
{
	if (p->n > 0 && p->v[p->n - 1].kind != PROSE_BLANK)
		line_add(p, PROSE_BLANK, "", 0, NULL, 0);
}

/* Strip backticks from text into *out, marking what they enclosed. */
static unsigned char *
strip_code(const char *text, char **out)
{
	size_t n = strlen(text), o = 0;
	unsigned char *cls = xcalloc(n + 1, 1);
	char *s = xmalloc(n + 1);
	int in = 0;

	for (size_t i = 0; i < n; i++) {
		if (text[i] == '`') {
			in = !in;
			continue;
		}
		cls[o] = in ? PROSE_CLS_CODE : PROSE_CLS_PLAIN;
		/* paragraphs are stored with their line breaks: spaces here */
		s[o++] = text[i] == '\n' || text[i] == '\t' ? ' ' : text[i];
	}
	s[o] = '\0';
	*out = s;
	return cls;
}

/* Wrap text into lines of kind, the first prefixed by key (in the indent). */
static void
add_wrapped(struct prose *p, enum prose_kind kind, const char *text, int width,
    int indent, const char *key, lesson_metric_fn fn, void *ctx,
    const struct lesson_run *run)
{
	char *rendered = lesson_render(text, run, run != NULL, fn, ctx, NULL), *s;
	unsigned char *cls = strip_code(rendered, &s);
	struct text_lines tl = { 0 };

	text_wrap(s, width - indent, 0, &tl);
	for (int i = 0; i < tl.n; i++) {
		struct prose_line *l = line_add(p, kind, s + tl.v[i].off, tl.v[i].len,
		    cls + tl.v[i].off, indent);

		if (i == 0 && key != NULL)
			xsnprintf(l->key, sizeof l->key, "%s", key);
	}
	text_lines_free(&tl);
	free(cls);
	free(s);
	free(rendered);
}

/* A code block; numbered: its lines carry their numbers (the step's
 * code block, which @line marks refer to). */
static void
add_code(struct prose *p, const struct lesson_block *b, int width, int numbered)
{
	struct text_lines tl = { 0 };
	int python = b->lang == NULL || strcmp(b->lang, "python") == 0, state = 0;

	int line = 0;

	text_wrap(b->text, width - 4, 1, &tl);
	for (int i = 0; i < tl.n; i++) {
		size_t off = tl.v[i].off;
		/* a piece of a long line goes on indented, under its start */
		int cont = off > 0 && b->text[off - 1] != '\n';
		struct prose_line *l = line_add(p, PROSE_CODE, b->text + off,
		    tl.v[i].len, NULL, cont ? 4 : 2);

		if (cont)
			xsnprintf(l->key, sizeof l->key, "  ↪");
		else if (numbered)
			l->code_line = ++line;


		if (python)
			syntax_python(l->s, tl.v[i].len, &state, l->cls);
	}
	text_lines_free(&tl);
}

void
prose_build(struct prose *p, const struct lesson_step *st, int width, int hints,
    lesson_metric_fn fn, void *ctx)
{
	const struct lesson_run *run = st->demo;
	unsigned char *shown = xcalloc((size_t)st->nblocks + 1, 1);

	if (width < 10)
		width = 10;
	lesson_blocks_shown(st, fn, ctx, shown);
	add_wrapped(p, PROSE_HEADING, st->title, width, 0, NULL, NULL, NULL, NULL);
	blank(p);
	for (int i = 0; i < st->nblocks; i++) {
		const struct lesson_block *b = &st->blocks[i];
		int next = i + 1;

		if (!shown[i])
			continue;
		while (next < st->nblocks && !shown[next])
			next++;
		switch (b->kind) {
		case BLOCK_PARA:
			add_wrapped(p, PROSE_TEXT, b->text, width, 0, NULL, fn, ctx, run);
			blank(p);
			break;
		case BLOCK_BULLET:
			add_wrapped(p, PROSE_BULLET, b->text, width, 2, "•", fn, ctx, run);
			if (next >= st->nblocks || st->blocks[next].kind != BLOCK_BULLET)
				blank(p);
			break;
		case BLOCK_CODE:
			add_code(p, b, width, b == lesson_step_code(st));
			blank(p);
			break;
		}
	}
	free(shown);
	if (st->ntries > 0) {
		line_add(p, PROSE_LABEL, "Try this:", 9, NULL, 0);
		for (int i = 0; i < st->ntries; i++) {
			int indent = text_width(st->tries[i].key) + 3;

			if (indent < 4)
				indent = 4;
			add_wrapped(p, PROSE_TRY, st->tries[i].text, width, indent,
			    st->tries[i].key, fn, ctx, run);
		}
		blank(p);
	}
	if (st->hints.n > 0 && hints) {
		for (int i = 0; i < st->hints.n; i++)
			add_wrapped(p, PROSE_HINT, st->hints.v[i], width, 6,
			    i == 0 ? "Hint" : NULL, fn, ctx, run);
	} else if (st->hints.n > 0) {
		char buf[64];

		xsnprintf(buf, sizeof buf, "h shows %d hint%s", st->hints.n,
		    st->hints.n > 1 ? "s" : "");
		line_add(p, PROSE_HINT_OFF, buf, strlen(buf), NULL, 0);
	}
	while (p->n > 0 && p->v[p->n - 1].kind == PROSE_BLANK) {
		p->n--;
		free(p->v[p->n].s);
		free(p->v[p->n].cls);
	}
}

void
prose_free(struct prose *p)
{
	for (int i = 0; i < p->n; i++) {
		free(p->v[i].s);
		free(p->v[i].cls);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}
