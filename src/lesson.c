/*
 * lesson.c — the lesson parser: text in, struct lesson (or every error) out.
 *
 * The format (lockstep-lesson(5)) is line-oriented, so the parser is one
 * pass over lines with a little state:
 *
 *   header     "key: value" lines until the first "## " heading
 *   sections   "## step ID: Title", "## choice ID", "## predict ID"
 *   directives "@name arguments" lines; a directive that carries text
 *              (@try, @hint, @note, @right, @wrong, @choice, @why) takes
 *              the following lines too, up to a blank line
 *   prose      other lines; consecutive lines join into one paragraph,
 *              "- " starts a bullet, a blank line ends either
 *   code       between a "```python" (or "```text") line and a "```" line,
 *              kept verbatim
 *   comments   lines starting with "#" but not "##"
 *   @if        "@if COND" ... "@elif COND" ... "@else" ... "@before" ...
 *              "@end" in a step: the blocks in between belong to one
 *              branch of a group; groups nest once.  Conditions are parsed
 *              when the step closes, against its @demo.
 *   @line      "@line N OPERATION..." in a step: where a worker stands in
 *              the step's code while it performs an operation (ops.h);
 *              checked when the step closes, against its code and @demo.
 *
 * Every line is first checked as bytes (length, UTF-8, control characters),
 * then dispatched.  Headers and directives are tables of handlers.  Each
 * error is recorded with its line and parsing goes on, so an author sees all
 * faults at once; checks that need a whole section (a step's placeholders
 * against its @demo, a question's choices) run when the section closes.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keymap.h"
#include "knob-edit.h"
#include "lesson-int.h"
#include "ops.h"
#include "util.h"

enum section { SEC_NONE, SEC_STEP, SEC_CHOICE, SEC_PREDICT };
#define SEC_BIT(s) (1u << (s))

/* Where a text's {placeholders} take their values from. */
enum scope {
	SCOPE_STEP,		/* the step's @demo */
	SCOPE_NONE,		/* a multiple-choice question: no run */
	SCOPE_BEFORE,		/* a predict question before its run */
	SCOPE_AFTER,		/* a predict question's @why and @note */
};

/* A placeholder seen in a section, checked when the section closes. */
struct pending_ref {
	int line;
	char name[LESSON_MAX_NAME];
};

/* An error waiting to be sorted by line. */
struct pending_err {
	int line;
	int seq;
	char *msg;
};

struct parser {
	const char *name;
	struct lesson_errors *errs;
	struct pending_err *err;
	int nerrors;
	int binding_failed;		/* a @demo or @run of this section failed */
	struct lesson *l;
	int line;

	int in_header;
	int header_line[8];		/* line of each header key seen, 0 if not */

	enum section sec;
	struct lesson_step *step;
	struct lesson_question *q;
	int panes_line;
	int last_try_line;
	int else_line;

	char **text;			/* where continuation lines go, or NULL */
	enum scope text_scope;
	int text_is_bullet_or_para;

	int in_fence;
	int fence_line;
	struct lesson_block *fence;	/* the CODE block being filled */
	size_t fence_len;

	struct pending_ref *refs;
	int nrefs;

	/* the @if groups open now, outermost first: the step's group index,
	 * and the lines of their @else and @before (0: none yet) */
	int if_depth;
	int if_group[LESSON_MAX_IF_DEPTH];
	int if_else[LESSON_MAX_IF_DEPTH];
	int if_before[LESSON_MAX_IF_DEPTH];
	int if_deeper;			/* @ifs refused as too deep, still open */
};

static void
perr(struct parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
perr(struct parser *p, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (p->nerrors > LESSON_MAX_ERRORS)
		return;
	if (p->nerrors == LESSON_MAX_ERRORS) {
		xsnprintf(msg, sizeof msg, "too many errors (%d); stopping here",
		    LESSON_MAX_ERRORS);
	} else {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
	}
	p->err = xreallocarray(p->err, (size_t)p->nerrors + 1, sizeof *p->err);
	p->err[p->nerrors].line = line;
	p->err[p->nerrors].seq = p->nerrors;
	p->err[p->nerrors].msg = xstrdup(msg);
	p->nerrors++;
}

static int
cmp_err(const void *a, const void *b)
{
	const struct pending_err *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Hand the errors over in line order (the last one, "too many", stays last). */
static void
flush_errors(struct parser *p)
{
	int n = p->nerrors > LESSON_MAX_ERRORS ? LESSON_MAX_ERRORS : p->nerrors;

	if (n > 0)
		qsort(p->err, (size_t)n, sizeof *p->err, cmp_err);
	for (int i = 0; i < p->nerrors; i++) {
		lesson_errors_add(p->errs, p->name, p->err[i].line, "%s", p->err[i].msg);
		free(p->err[i].msg);
	}
	free(p->err);
}

/* Error lists. */

void
lesson_errors_init(struct lesson_errors *errs)
{
	memset(errs, 0, sizeof *errs);
}

void
lesson_errors_add(struct lesson_errors *errs, const char *file, int line,
    const char *fmt, ...)
{
	char *msg, *full;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	if (line > 0)
		xasprintf(&full, "%s:%d: %s", file, line, msg);
	else
		xasprintf(&full, "%s: %s", file, msg);
	free(msg);
	if (errs->n == errs->cap) {
		errs->cap = errs->cap ? errs->cap * 2 : 16;
		errs->msg = xreallocarray(errs->msg, (size_t)errs->cap, sizeof *errs->msg);
	}
	errs->msg[errs->n++] = full;
}

void
lesson_errors_print(const struct lesson_errors *errs, FILE *f)
{
	for (int i = 0; i < errs->n; i++)
		fprintf(f, "%s\n", errs->msg[i]);
}

void
lesson_errors_free(struct lesson_errors *errs)
{
	for (int i = 0; i < errs->n; i++)
		free(errs->msg[i]);
	free(errs->msg);
	lesson_errors_init(errs);
}

/* Names. */

static const char *const level_names[] = { "beginner", "intermediate", "advanced", NULL };
static const char *const pane_names[] = {
#define PANE(ID, name) [PANE_##ID] = #name,
#include "panes.def"
#undef PANE
	[PANE__MAX] = NULL
};
/* Keys a @try may name besides one printable character. */
static const char *const key_names[] = {
	"Space", "Enter", "Tab", "Esc", "Backspace", "Left", "Right", "Up",
	"Down", "PageUp", "PageDown", "Home", "End", NULL
};
const char *
lesson_level_name(enum lesson_level level)
{
	return level_names[level];
}

static int
find_name(const char *const *names, const char *s)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static void
join_names(const char *const *names, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; names[i] != NULL; i++)
		off += xsnprintf(buf + off, len - off, "%s%s", i ? ", " : "", names[i]);
}

/* Small string helpers. */

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/* The next space-separated word of *s (NULL at the end); advances *s. */
static char *
next_word(char **s)
{
	char *w = *s;

	while (*w == ' ' || *w == '\t')
		w++;
	if (*w == '\0')
		return NULL;
	*s = w + strcspn(w, " \t");
	if (**s != '\0')
		*(*s)++ = '\0';
	return w;
}

static int
valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > LESSON_MAX_ID || !(islower((unsigned char)s[0]) ||
	    isdigit((unsigned char)s[0])))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) &&
		    s[i] != '-')
			return 0;
	return 1;
}

/* Append a line of prose to *dst, joined by one space. */
static void
text_append(char **dst, const char *s)
{
	char *t;

	if (*dst == NULL || **dst == '\0') {
		free(*dst);
		*dst = xstrdup(s);
		return;
	}
	xasprintf(&t, "%s %s", *dst, s);
	free(*dst);
	*dst = t;
}

/* Byte checks: UTF-8, control characters, length. */

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, past U+10FFFF, C1 controls. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return len;
}

/* 0 if line s (n bytes, no newline) is acceptable text, else -1 (reported). */
static int
check_bytes(struct parser *p, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, len;

	if (n > LESSON_MAX_LINE) {
		perr(p, p->line, "line is %zu bytes long; the limit is %d", n,
		    LESSON_MAX_LINE);
		return -1;
	}
	for (i = 0; i < n; i += len) {
		if (u[i] == '\0') {
			perr(p, p->line, "NUL byte at column %zu (a binary file?)", i + 1);
			return -1;
		}
		if (u[i] == '\r') {
			perr(p, p->line, "carriage return at column %zu (save the file "
			    "with Unix line endings)", i + 1);
			return -1;
		}
		if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7f) {
			perr(p, p->line, "control character 0x%02x at column %zu "
			    "(only tab is allowed)", u[i], i + 1);
			return -1;
		}
		if ((len = utf8_len(u + i, n - i)) == 0) {
			perr(p, p->line, "invalid UTF-8 (byte 0x%02x) at column %zu",
			    u[i], i + 1);
			return -1;
		}
	}
	return 0;
}

/* Placeholders. */

/* Check the placeholders of one line of text in scope; queue the refs. */
static void
scan_placeholders(struct parser *p, const char *s, enum scope scope)
{
	struct lesson_piece pc;
	char err[256];

	for (;;) {
		if (lesson_piece_next(&s, &pc, err, sizeof err) != 0) {
			perr(p, p->line, "%s", err);
			continue;
		}
		if (pc.kind == PIECE_END)
			return;
		if (pc.kind != PIECE_REF)
			continue;
		if (scope == SCOPE_NONE) {
			perr(p, p->line, "{%.*s}: a multiple-choice question has no run "
			    "to take it from", (int)pc.n, pc.s);
		} else if (scope == SCOPE_BEFORE) {
			perr(p, p->line, "{%.*s}: not known until the run, after the "
			    "learner answers; use it in @why or @note", (int)pc.n, pc.s);
		} else if (pc.n >= LESSON_MAX_NAME) {
			perr(p, p->line, "{%.*s}: name too long", (int)pc.n, pc.s);
		} else {
			p->refs = xreallocarray(p->refs, (size_t)p->nrefs + 1,
			    sizeof *p->refs);
			p->refs[p->nrefs].line = p->line;
			memcpy(p->refs[p->nrefs].name, pc.s, pc.n);
			p->refs[p->nrefs].name[pc.n] = '\0';
			p->nrefs++;
		}
	}
}

/* Check the queued placeholders against the section's runs. */
static void
check_refs(struct parser *p, const struct lesson_run *runs, int nruns)
{
	char err[768], name[LESSON_MAX_NAME];
	int run;

	for (int i = 0; i < p->nrefs; i++) {
		struct pending_ref *r = &p->refs[i];

		if (nruns == 0)
			perr(p, r->line, "{%s}: this step has no @demo to take it from",
			    r->name);
		else if (lesson_ref_resolve(r->name, strlen(r->name), runs, nruns,
		    &run, name, sizeof name, err, sizeof err) != 0)
			perr(p, r->line, "{%s}: %s", r->name, err);
	}
	p->nrefs = 0;
}

/* Blocks and text. */

/* End the paragraph or directive text being filled. */
static void
text_close(struct parser *p)
{
	p->text = NULL;
	p->text_is_bullet_or_para = 0;
}

static struct lesson_block *
block_add(struct parser *p, enum lesson_block_kind kind)
{
	struct lesson_block **bv;
	int *n;

	if (p->sec == SEC_STEP) {
		bv = &p->step->blocks;
		n = &p->step->nblocks;
	} else {
		bv = &p->q->blocks;
		n = &p->q->nblocks;
	}
	*bv = xreallocarray(*bv, (size_t)*n + 1, sizeof **bv);
	memset(&(*bv)[*n], 0, sizeof **bv);
	(*bv)[*n].kind = kind;
	(*bv)[*n].line = p->line;
	(*bv)[*n].group = -1;
	if (p->if_depth > 0) {
		int g = p->if_group[p->if_depth - 1];

		(*bv)[*n].group = g;
		(*bv)[*n].branch = p->step->groups[g].nbranches - 1;
	}
	return &(*bv)[(*n)++];
}

/* Scope of a question's text before and after the run. */
static enum scope
question_scope(const struct parser *p, int after)
{
	if (p->sec == SEC_STEP)
		return SCOPE_STEP;
	if (p->sec == SEC_CHOICE)
		return SCOPE_NONE;
	return after ? SCOPE_AFTER : SCOPE_BEFORE;
}

static void
prose_line(struct parser *p, char *s)
{
	struct lesson_block *b;

	if (p->text != NULL) {
		scan_placeholders(p, s, p->text_scope);
		text_append(p->text, s);
		return;
	}
	if (p->sec == SEC_CHOICE || p->sec == SEC_PREDICT) {
		if (p->q->nchoices > 0) {
			perr(p, p->line, "question text after the choices: put it "
			    "before the first choice");
			return;
		}
	}
	if (s[0] == '-' && (s[1] == ' ' || s[1] == '\t')) {
		b = block_add(p, BLOCK_BULLET);
		s = trim(s + 1);
	} else {
		b = block_add(p, BLOCK_PARA);
	}
	b->text = xstrdup("");
	p->text = &b->text;
	p->text_scope = question_scope(p, 0);
	p->text_is_bullet_or_para = 1;
	scan_placeholders(p, s, p->text_scope);
	text_append(p->text, s);
}

/* A prose line that starts a bullet ends the paragraph before it. */
static void
prose(struct parser *p, char *s)
{
	if (p->text_is_bullet_or_para && s[0] == '-' &&
	    (s[1] == ' ' || s[1] == '\t'))
		text_close(p);
	prose_line(p, s);
}

static void
fence_open(struct parser *p, char *s)
{
	const char *lang = trim(s + 3);

	text_close(p);
	if (strcmp(lang, "python") != 0 && strcmp(lang, "text") != 0) {
		perr(p, p->line, "code block language '%s': use ```python or ```text",
		    lang);
		lang = "text";
	}
	p->fence = block_add(p, BLOCK_CODE);
	p->fence->lang = xstrdup(lang);
	p->fence->text = xstrdup("");
	p->fence_len = 0;
	p->in_fence = 1;
	p->fence_line = p->line;
}

static void
fence_line(struct parser *p, const char *s, size_t n)
{
	struct lesson_block *b = p->fence;

	b->text = xrealloc(b->text, p->fence_len + n + 2);
	memcpy(b->text + p->fence_len, s, n);
	p->fence_len += n;
	b->text[p->fence_len++] = '\n';
	b->text[p->fence_len] = '\0';
}

/* Demo bindings. */

static void
describe_knobs(const struct demo *d, char *buf, size_t len)
{
	size_t off = 0;

	off += xsnprintf(buf, len, "model");
	for (const struct demo_knob *dk = d->knobs; dk->id != -1; dk++)
		off += xsnprintf(buf + off, len - off, ", %s", knob_table[dk->id].name);
	xsnprintf(buf + off, len - off, ", pace, baseline, scale, names, roles");
}

/* Parse "a,b,c" (identifiers) into names[]; 0, or -1 (reported). */
static int
parse_names(struct parser *p, const char *what, char *list,
    char names[][LESSON_NAME_LEN], int *n)
{
	char *w;

	if (*n > 0) {
		perr(p, p->line, "%s= given twice", what);
		return -1;
	}
	while ((w = strsep(&list, ",")) != NULL) {
		size_t len = strlen(w);
		int ok = len > 0 && len < LESSON_NAME_LEN &&
		    (isalpha((unsigned char)w[0]) || w[0] == '_');

		for (size_t i = 0; ok && i < len; i++)
			ok = isalnum((unsigned char)w[i]) || w[i] == '_';
		if (!ok) {
			perr(p, p->line, "%s: '%s' is not a name (letters, digits and "
			    "'_', at most %d)", what, w, LESSON_NAME_LEN - 1);
			return -1;
		}
		if (*n == LESSON_MAX_NAMES) {
			perr(p, p->line, "%s: at most %d names", what, LESSON_MAX_NAMES);
			return -1;
		}
		memcpy(names[(*n)++], w, len + 1);
	}
	return 0;
}

/* Parse "DEMO knob=value ... [baseline=on]" into r; 0 or -1 (reported). */
static int
parse_binding(struct parser *p, char *args, struct lesson_run *r)
{
	char *w, *eq, err[256], knobs[256];
	int bad = 0, id, v;

	r->line = p->line;
	if ((w = next_word(&args)) == NULL) {
		perr(p, p->line, "name a demo (see 'lockstep list demos')");
		p->binding_failed = 1;
		return -1;
	}
	if ((r->demo = demo_find(w)) == NULL) {
		perr(p, p->line, "unknown demo '%s' (see 'lockstep list demos')", w);
		p->binding_failed = 1;
		return -1;
	}
	while ((w = next_word(&args)) != NULL) {
		if ((eq = strchr(w, '=')) == NULL || eq == w) {
			perr(p, p->line, "'%s': write knobs as NAME=VALUE", w);
			bad = 1;
			continue;
		}
		*eq++ = '\0';
		if (strcmp(w, "names") == 0 || strcmp(w, "roles") == 0) {
			int obj = strcmp(w, "names") == 0;

			if (parse_names(p, w, eq, obj ? r->names.obj : r->names.worker,
			    obj ? &r->names.nobj : &r->names.nworker) != 0)
				bad = 1;
			continue;
		}
		if (strcmp(w, "scale") == 0) {
			if (strcmp(eq, "gil") == 0 || strcmp(eq, "run") == 0)
				r->scale = strcmp(eq, "gil") == 0 ? LESSON_SCALE_GIL :
				    LESSON_SCALE_RUN;
			else {
				perr(p, p->line, "scale: '%s' is not one of gil|run", eq);
				bad = 1;
			}
			continue;
		}
		if (strcmp(w, "baseline") == 0) {
			if (strcmp(eq, "on") == 0 || strcmp(eq, "off") == 0)
				r->baseline = strcmp(eq, "on") == 0;
			else {
				perr(p, p->line, "baseline: '%s' is not one of on|off", eq);
				bad = 1;
			}
			continue;
		}
		if ((id = knob_find(w)) < 0 || !demo_takes_knob(r->demo, id)) {
			describe_knobs(r->demo, knobs, sizeof knobs);
			perr(p, p->line, "%s knob '%s': demo '%s' takes %s",
			    id < 0 ? "unknown" : "unexpected", w, r->demo->name, knobs);
			bad = 1;
			continue;
		}
		if (knobs_isset(&r->knobs, id)) {
			perr(p, p->line, "knob '%s' given twice", w);
			bad = 1;
			continue;
		}
		if (knob_parse(id, eq, &v, err, sizeof err) != 0) {
			perr(p, p->line, "%s", err);
			bad = 1;
			continue;
		}
		knobs_set(&r->knobs, id, v);
	}
	if (!bad && demo_resolve_knobs(r->demo, &r->knobs, err, sizeof err) != 0) {
		perr(p, p->line, "%s", err);
		bad = 1;
	}
	if (bad)
		p->binding_failed = 1;
	return bad ? -1 : 0;
}

static void
parse_panes(struct parser *p, char *args, unsigned *panes)
{
	char names[128], *w;
	int i, words = 0;

	if (p->panes_line != 0) {
		perr(p, p->line, "@panes given twice (first on line %d)", p->panes_line);
		return;
	}
	p->panes_line = p->line;
	*panes = 0;
	while ((w = next_word(&args)) != NULL) {
		words++;
		if ((i = find_name(pane_names, w)) < 0) {
			join_names(pane_names, names, sizeof names);
			perr(p, p->line, "unknown pane '%s' (panes: %s)", w, names);
		} else if (*panes & PANE_BIT(i)) {
			perr(p, p->line, "pane '%s' listed twice", w);
		} else {
			*panes |= PANE_BIT(i);
		}
	}
	if (words == 0)
		perr(p, p->line, "@panes needs at least one pane");
	if (*panes == 0)
		*panes = PANES_DEFAULT;
}

/* Directives. */

static void
d_demo(struct parser *p, char *args)
{
	struct lesson_run r = { 0 };

	if (p->step->demo != NULL) {
		perr(p, p->line, "@demo given twice (first on line %d)",
		    p->step->demo->line);
		return;
	}
	if (parse_binding(p, args, &r) == 0) {
		p->step->demo = xmalloc(sizeof *p->step->demo);
		*p->step->demo = r;
	}
}

static void
d_panes(struct parser *p, char *args)
{
	parse_panes(p, args, p->sec == SEC_STEP ? &p->step->panes : &p->q->panes);
}

/* Start a directive's text: the rest of the line, then continuation lines. */
static void
text_start(struct parser *p, char **slot, char *args, enum scope scope)
{
	args = trim(args);
	*slot = xstrdup("");
	p->text = slot;
	p->text_scope = scope;
	p->text_is_bullet_or_para = 0;
	if (*args != '\0') {
		scan_placeholders(p, args, scope);
		text_append(slot, args);
	}
}

static void
d_try(struct parser *p, char *args)
{
	struct lesson_step *st = p->step;
	struct lesson_try *t;
	char *key = next_word(&args), names[160];

	if (key == NULL) {
		perr(p, p->line, "@try needs a key and a prompt: @try g Turn the GIL off");
		return;
	}
	if (!(strlen(key) == 1 && isgraph((unsigned char)key[0])) &&
	    find_name(key_names, key) < 0) {
		join_names(key_names, names, sizeof names);
		perr(p, p->line, "unknown key '%s' (one character, or %s)", key, names);
	}
	st->tries = xreallocarray(st->tries, (size_t)st->ntries + 1, sizeof *st->tries);
	t = &st->tries[st->ntries++];
	t->key = xstrdup(key);
	t->line = p->line;
	p->last_try_line = p->line;
	text_start(p, &t->text, args, SCOPE_STEP);
}

static struct lesson_texts *
section_texts(struct parser *p, int notes)
{
	if (p->sec == SEC_STEP)
		return notes ? &p->step->notes : &p->step->hints;
	return notes ? &p->q->notes : &p->q->hints;
}

static void
d_text(struct parser *p, char *args, int notes)
{
	struct lesson_texts *t = section_texts(p, notes);

	t->v = xreallocarray(t->v, (size_t)t->n + 1, sizeof *t->v);
	t->v[t->n] = NULL;
	text_start(p, &t->v[t->n++], args, question_scope(p, notes));
}

static void
d_hint(struct parser *p, char *args)
{
	d_text(p, args, 0);
}

static void
d_note(struct parser *p, char *args)
{
	d_text(p, args, 1);
}

static void
d_run(struct parser *p, char *args)
{
	struct lesson_question *q = p->q;
	struct lesson_run r = { 0 };
	char *name = next_word(&args);

	if (name == NULL || !isalpha((unsigned char)name[0]) || strchr(name, '.') ||
	    strlen(name) > LESSON_MAX_ID) {
		perr(p, p->line, "@run needs a name first: @run NAME DEMO KNOB=VALUE...");
		p->binding_failed = 1;
		return;
	}
	for (size_t i = 0; name[i] != '\0'; i++) {
		if (!isalnum((unsigned char)name[i]) && name[i] != '_') {
			perr(p, p->line, "run name '%s': letters, digits and '_' only", name);
			p->binding_failed = 1;
			return;
		}
	}
	for (int i = 0; i < q->nruns; i++) {
		if (strcmp(q->runs[i].name, name) == 0) {
			perr(p, p->line, "duplicate run name '%s' (first on line %d)",
			    name, q->runs[i].line);
			p->binding_failed = 1;
			return;
		}
	}
	if (q->nchoices > 0) {
		perr(p, p->line, "@run after the choices: the conditions need it first");
		return;
	}
	if (q->nruns == LESSON_MAX_RUNS) {
		perr(p, p->line, "more than %d runs in a question", LESSON_MAX_RUNS);
		return;
	}
	if (parse_binding(p, args, &r) != 0)
		return;
	r.name = xstrdup(name);
	q->runs = xreallocarray(q->runs, (size_t)q->nruns + 1, sizeof *q->runs);
	q->runs[q->nruns++] = r;
}

static struct lesson_choice *
choice_add(struct parser *p, char *args)
{
	struct lesson_question *q = p->q;
	struct lesson_choice *c;

	if (q->nchoices == LESSON_MAX_CHOICES) {
		perr(p, p->line, "more than %d choices", LESSON_MAX_CHOICES);
		return NULL;
	}
	q->choices = xreallocarray(q->choices, (size_t)q->nchoices + 1,
	    sizeof *q->choices);
	c = &q->choices[q->nchoices++];
	memset(c, 0, sizeof *c);
	c->line = p->line;
	text_start(p, &c->text, args, question_scope(p, 0));
	if (*c->text == '\0')
		perr(p, p->line, "a choice needs its text on the same line");
	return c;
}

static void
d_right(struct parser *p, char *args)
{
	struct lesson_choice *c = choice_add(p, args);

	if (c != NULL)
		c->right = 1;
}

static void
d_wrong(struct parser *p, char *args)
{
	choice_add(p, args);
}

static void
d_choice(struct parser *p, char *args)
{
	choice_add(p, args);
}

static struct lesson_choice *
last_choice(struct parser *p, const char *what)
{
	if (p->q->nchoices == 0) {
		perr(p, p->line, "%s before any choice", what);
		return NULL;
	}
	return &p->q->choices[p->q->nchoices - 1];
}

static void
d_why(struct parser *p, char *args)
{
	struct lesson_choice *c = last_choice(p, "@why");

	if (c == NULL)
		return;
	if (c->why != NULL) {
		perr(p, p->line, "a second @why for the choice on line %d", c->line);
		return;
	}
	text_start(p, &c->why, args, question_scope(p, 1));
}

static void
d_when(struct parser *p, char *args)
{
	struct lesson_choice *c = last_choice(p, "@when");
	char err[768];

	if (c == NULL)
		return;
	if (c->when_seen) {
		perr(p, p->line, "a second @when for the choice on line %d", c->line);
		return;
	}
	c->when_seen = 1;
	args = trim(args);
	if (strcmp(args, "else") == 0) {
		if (p->else_line != 0) {
			perr(p, p->line, "a second '@when else' (first on line %d)",
			    p->else_line);
			return;
		}
		c->is_else = 1;
		p->else_line = p->line;
		return;
	}
	if (p->binding_failed)
		return;		/* the failed @run was reported */
	if (p->q->nruns == 0) {
		perr(p, p->line, "@when before any @run: nothing to measure");
		return;
	}
	if ((c->when = lesson_cond_parse(args, p->q->runs, p->q->nruns, err,
	    sizeof err)) == NULL)
		perr(p, p->line, "bad condition: %s", err);
}

/* Conditional prose: @if, @elif, @else, @before, @end. */

static struct lesson_branch *
branch_add(struct parser *p, int g, enum lesson_branch_kind kind, char *cond)
{
	struct lesson_group *gr = &p->step->groups[g];
	struct lesson_branch *b;

	gr->branches = xreallocarray(gr->branches, (size_t)gr->nbranches + 1,
	    sizeof *gr->branches);
	b = &gr->branches[gr->nbranches++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->line = p->line;
	if (cond != NULL)
		b->text = xstrdup(cond);
	return b;
}

/* The innermost open group, or -1 (reported) when no @if is open. */
static int
open_group(struct parser *p, const char *what, char *args, int want_args)
{
	args = trim(args);
	if (p->if_depth == 0) {
		perr(p, p->line, "@%s without an @if", what);
		return -1;
	}
	if (want_args && *args == '\0') {
		perr(p, p->line, "@%s needs a condition: @%s CONDITION", what, what);
		return -1;
	}
	if (!want_args && *args != '\0') {
		perr(p, p->line, "@%s takes nothing after it (a condition goes "
		    "on @elif)", what);
		return -1;
	}
	return p->if_group[p->if_depth - 1];
}

static void
d_if(struct parser *p, char *args)
{
	struct lesson_step *st = p->step;
	struct lesson_group *gr;
	int d = p->if_depth;

	args = trim(args);
	if (d == LESSON_MAX_IF_DEPTH) {
		perr(p, p->line, "@if nested too deep: at most one @if inside "
		    "another (open on lines %d and %d)", st->groups[p->if_group[0]].line,
		    st->groups[p->if_group[d - 1]].line);
		p->if_deeper++;		/* its @end is not an error too */
		return;
	}
	if (*args == '\0')
		perr(p, p->line, "@if needs a condition: @if speedup >= 2");
	st->groups = xreallocarray(st->groups, (size_t)st->ngroups + 1,
	    sizeof *st->groups);
	gr = &st->groups[st->ngroups];
	memset(gr, 0, sizeof *gr);
	gr->line = p->line;
	gr->parent = d > 0 ? p->if_group[d - 1] : -1;
	gr->parent_branch = d > 0 ? st->groups[gr->parent].nbranches - 1 : -1;
	p->if_group[d] = st->ngroups++;
	p->if_else[d] = p->if_before[d] = 0;
	p->if_depth++;
	branch_add(p, p->if_group[d], BRANCH_IF, *args != '\0' ? args : NULL);
}

static void
d_elif(struct parser *p, char *args)
{
	int g = open_group(p, "elif", args, 1);

	if (g < 0)
		return;
	if (p->if_else[p->if_depth - 1] != 0) {
		perr(p, p->line, "@elif after @else (line %d): @else comes last",
		    p->if_else[p->if_depth - 1]);
		return;
	}
	branch_add(p, g, BRANCH_ELIF, trim(args));
}

/* @else or @before: a branch without a condition, once per group. */
static void
unconditional_branch(struct parser *p, char *args, enum lesson_branch_kind kind)
{
	const char *what = kind == BRANCH_ELSE ? "else" : "before";
	int g = open_group(p, what, args, 0), *seen;

	if (g < 0)
		return;
	seen = kind == BRANCH_ELSE ? &p->if_else[p->if_depth - 1] :
	    &p->if_before[p->if_depth - 1];
	if (*seen != 0) {
		perr(p, p->line, "a second @%s (first on line %d)", what, *seen);
		return;
	}
	*seen = p->line;
	branch_add(p, g, kind, NULL);
}

static void
d_else(struct parser *p, char *args)
{
	unconditional_branch(p, args, BRANCH_ELSE);
}

static void
d_before(struct parser *p, char *args)
{
	unconditional_branch(p, args, BRANCH_BEFORE);
}

static void
d_end(struct parser *p, char *args)
{
	if (p->if_deeper > 0)
		p->if_deeper--;
	else if (open_group(p, "end", args, 0) >= 0)
		p->if_depth--;
}

static void
d_claim(struct parser *p, char *args)
{
	struct lesson_step *st = p->step;
	struct lesson_claim *c;

	args = trim(args);
	if (*args == '\0') {
		perr(p, p->line, "@claim needs a condition: @claim final == expected");
		return;
	}
	st->claims = xreallocarray(st->claims, (size_t)st->nclaims + 1,
	    sizeof *st->claims);
	c = &st->claims[st->nclaims++];
	memset(c, 0, sizeof *c);
	c->text = xstrdup(args);
	c->line = p->line;
}

/* "on OBJECT" or "by WORKER..." of @line: the words after the keyword
 * until the next keyword.  0, or -1 after an error. */
static int
line_names(struct parser *p, struct lesson_mark *m, const char *kw, char **args)
{
	char *w;

	for (;;) {
		/* up to the end, or the next keyword (left for the caller) */
		const char *t = *args + strspn(*args, " \t");
		size_t len = strcspn(t, " \t");

		if (len == 0 || (len == 2 && (strncmp(t, "on", 2) == 0 ||
		    strncmp(t, "by", 2) == 0)))
			break;
		w = next_word(args);
		if (strlen(w) >= LESSON_NAME_LEN) {
			perr(p, p->line, "@line: name '%s' is longer than %d bytes", w,
			    LESSON_NAME_LEN - 1);
			return -1;
		}
		if (strcmp(kw, "on") == 0 && m->on[0] == '\0') {
			xsnprintf(m->on, sizeof m->on, "%s", w);
		} else if (strcmp(kw, "by") == 0 && m->nby < LESSON_MAX_NAMES) {
			xsnprintf(m->by[m->nby++], sizeof m->by[0], "%s", w);
		} else {
			perr(p, p->line, "@line: too many names after '%s' (one object, "
			    "at most %d workers)", kw, LESSON_MAX_NAMES);
			return -1;
		}
	}
	if ((strcmp(kw, "on") == 0 && m->on[0] == '\0') ||
	    (strcmp(kw, "by") == 0 && m->nby == 0)) {
		perr(p, p->line, "@line: '%s' needs a name: @line 6 acquire on lock by a",
		    kw);
		return -1;
	}
	return 0;
}

static void
d_line(struct parser *p, char *args)
{
	struct lesson_step *st = p->step;
	struct lesson_mark m = { .line = p->line };
	char *w = next_word(&args), *end;
	long n;

	if (w == NULL || (n = strtol(w, &end, 10), *end != '\0') || n < 1 ||
	    n > 9999) {
		perr(p, p->line, "@line needs a line of the code block and an "
		    "operation: @line 9 read");
		return;
	}
	m.code_line = (int)n;
	while ((w = next_word(&args)) != NULL) {
		int op = op_find(w);
		char all[160] = "";

		if (strcmp(w, "on") == 0 || strcmp(w, "by") == 0) {
			if ((strcmp(w, "on") == 0 ? m.on[0] != '\0' : m.nby > 0)) {
				perr(p, p->line, "@line: '%s' given twice", w);
				return;
			}
			if (line_names(p, &m, w, &args) != 0)
				return;
			continue;
		}
		if (op >= 0 && m.on[0] == '\0' && m.nby == 0) {
			m.ops |= 1u << op;
			continue;
		}
		if (op >= 0) {
			perr(p, p->line, "@line: operations come before 'on' and 'by'");
			return;
		}
		for (int o = OP_NONE + 1; o < OP__MAX; o++)
			xsnprintf(all + strlen(all), sizeof all - strlen(all), "%s%s",
			    o > OP_NONE + 1 ? ", " : "", op_name(o));
		perr(p, p->line, "unknown operation '%s': one of %s", w, all);
		return;
	}
	if (m.ops == 0) {
		perr(p, p->line, "@line %d needs an operation: @line %d read", m.code_line,
		    m.code_line);
		return;
	}
	st->marks = xreallocarray(st->marks, (size_t)st->nmarks + 1, sizeof *st->marks);
	st->marks[st->nmarks++] = m;
}

/* Worker name names the worker called worker: the same, or its role
 * ("task" for "task-2"). */
static int
names_worker(const char *name, const char *worker)
{
	size_t n = strlen(name);

	return strcmp(name, worker) == 0 || (strncmp(name, worker, n) == 0 &&
	    worker[n] == '-');
}

static int
mark_matches(const struct lesson_mark *m, int op, const char *obj, const char *worker)
{
	int by = m->nby == 0;

	if (!(m->ops & (1u << op)))
		return 0;
	if (m->on[0] != '\0' && (obj == NULL || strcmp(m->on, obj) != 0))
		return 0;
	for (int k = 0; k < m->nby && !by; k++)
		by = worker != NULL && names_worker(m->by[k], worker);
	return by;
}

const struct lesson_block *
lesson_step_code(const struct lesson_step *st)
{
	for (int i = 0; i < st->nblocks; i++)
		if (st->blocks[i].kind == BLOCK_CODE)
			return &st->blocks[i];
	return NULL;
}

int
lesson_op_line(const struct lesson_step *st, int op, const char *obj,
    const char *worker)
{
	for (int i = 0; op > OP_NONE && op < OP__MAX && i < st->nmarks; i++)
		if (mark_matches(&st->marks[i], op, obj, worker))
			return st->marks[i].code_line;
	return 0;
}

/* Two marks a worker could both stand on: an operation in both, and
 * objects and workers that do not tell them apart. */
static int
marks_overlap(const struct lesson_mark *a, const struct lesson_mark *b)
{
	int by = a->nby == 0 || b->nby == 0;

	if (!(a->ops & b->ops))
		return 0;
	if (a->on[0] != '\0' && b->on[0] != '\0' && strcmp(a->on, b->on) != 0)
		return 0;
	for (int i = 0; i < a->nby && !by; i++)
		for (int k = 0; k < b->nby && !by; k++)
			by = strcmp(a->by[i], b->by[k]) == 0;
	return by && (a->on[0] != '\0') == (b->on[0] != '\0') &&
	    (a->nby == 0) == (b->nby == 0);
}

/* True if name is one of n names. */
static int
name_in(const char names[][LESSON_NAME_LEN], int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

/* Lines in a code block's text. */
static int
code_lines(const struct lesson_block *b)
{
	int n = 0;

	for (const char *s = b->text; s != NULL && *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* The step's @line marks against its code block and its demo's operations. */
static void
check_marks(struct parser *p, const struct lesson_step *st)
{
	const struct lesson_block *code = lesson_step_code(st);

	for (int i = 0; i < st->nmarks; i++) {
		const struct lesson_mark *m = &st->marks[i];

		if (code == NULL) {
			perr(p, m->line, "@line without a code block in this step");
			continue;
		}
		if (st->demo == NULL) {
			if (!p->binding_failed)
				perr(p, m->line, "@line without a @demo in this step: "
				    "no worker stands anywhere");
			continue;
		}
		if (m->code_line > code_lines(code))
			perr(p, m->line, "@line %d: the code block (line %d) has %d "
			    "line%s", m->code_line, code->line, code_lines(code),
			    code_lines(code) == 1 ? "" : "s");
		for (int k = 0; k < i; k++)
			if (marks_overlap(&st->marks[k], m))
				perr(p, m->line, "an operation of line %d's @line again: a "
				    "worker stands on one line (tell them apart with on "
				    "OBJECT or by WORKER)", st->marks[k].line);
		if (m->on[0] != '\0' && !name_in(st->demo->names.obj, st->demo->names.nobj,
		    m->on))
			perr(p, m->line, "@line on '%s': not an object of the @demo's "
			    "names=", m->on);
		for (int k = 0; k < m->nby && st->demo->names.nworker > 0; k++)
			if (!name_in(st->demo->names.worker, st->demo->names.nworker, m->by[k]))
				perr(p, m->line, "@line by '%s': not a worker of the @demo's "
				    "roles=", m->by[k]);
		for (int o = OP_NONE + 1; o < OP__MAX; o++) {
			if (!(m->ops & (1u << o)))
				continue;
			if (op_models(st->demo->demo, o) == 0) {
				perr(p, m->line, "demo '%s' never performs '%s' "
				    "(lockstep list operations %s)", st->demo->demo->name,
				    op_name(o), st->demo->demo->name);
			}
		}
	}
}

/* Parse the step's @if, @elif and @claim conditions against its @demo. */
static void
parse_conditions(struct parser *p, struct lesson_step *st)
{
	char err[768];

	for (int i = 0; i < st->nclaims; i++) {
		struct lesson_claim *c = &st->claims[i];

		if (st->demo == NULL) {
			if (!p->binding_failed)
				perr(p, c->line, "@claim without a @demo in this step: "
				    "nothing to measure");
		} else if ((c->cond = lesson_cond_parse(c->text, st->demo, 1, err,
		    sizeof err)) == NULL) {
			perr(p, c->line, "bad condition: %s", err);
		}
	}

	for (int g = 0; g < st->ngroups; g++) {
		for (int i = 0; i < st->groups[g].nbranches; i++) {
			struct lesson_branch *b = &st->groups[g].branches[i];

			if (b->text == NULL)
				continue;
			if (st->demo == NULL) {
				if (!p->binding_failed)
					perr(p, b->line, "@%s without a @demo in this "
					    "step: nothing to measure", b->kind ==
					    BRANCH_IF ? "if" : "elif");
				continue;
			}
			if ((b->cond = lesson_cond_parse(b->text, st->demo, 1, err,
			    sizeof err)) == NULL)
				perr(p, b->line, "bad condition: %s", err);
		}
	}
}

static const struct directive {
	const char *name;
	unsigned sections;	/* SEC_BIT()s where it is allowed */
	void (*fn)(struct parser *, char *);
} directives[] = {
	{ "if", SEC_BIT(SEC_STEP), d_if },
	{ "elif", SEC_BIT(SEC_STEP), d_elif },
	{ "else", SEC_BIT(SEC_STEP), d_else },
	{ "before", SEC_BIT(SEC_STEP), d_before },
	{ "end", SEC_BIT(SEC_STEP), d_end },
	{ "demo", SEC_BIT(SEC_STEP), d_demo },
	{ "claim", SEC_BIT(SEC_STEP), d_claim },
	{ "line", SEC_BIT(SEC_STEP), d_line },
	{ "panes", SEC_BIT(SEC_STEP) | SEC_BIT(SEC_PREDICT), d_panes },
	{ "try", SEC_BIT(SEC_STEP), d_try },
	{ "hint", SEC_BIT(SEC_STEP) | SEC_BIT(SEC_CHOICE) | SEC_BIT(SEC_PREDICT), d_hint },
	{ "note", SEC_BIT(SEC_STEP) | SEC_BIT(SEC_CHOICE) | SEC_BIT(SEC_PREDICT), d_note },
	{ "run", SEC_BIT(SEC_PREDICT), d_run },
	{ "right", SEC_BIT(SEC_CHOICE), d_right },
	{ "wrong", SEC_BIT(SEC_CHOICE), d_wrong },
	{ "choice", SEC_BIT(SEC_PREDICT), d_choice },
	{ "why", SEC_BIT(SEC_CHOICE) | SEC_BIT(SEC_PREDICT), d_why },
	{ "when", SEC_BIT(SEC_PREDICT), d_when },
};

static const char *const section_names[] = { "header", "step", "choice", "predict" };

static void
directive(struct parser *p, char *s)
{
	char *name = s + 1, *args;
	size_t n = strcspn(name, " \t");

	text_close(p);
	args = name + n;
	if (*args != '\0')
		*args++ = '\0';
	for (size_t i = 0; i < nitems(directives); i++) {
		if (strcmp(directives[i].name, name) != 0)
			continue;
		if (!(directives[i].sections & SEC_BIT(p->sec))) {
			perr(p, p->line, "@%s does not belong in a %s section", name,
			    section_names[p->sec]);
			return;
		}
		if (p->if_depth > 0 && directives[i].fn != d_if &&
		    directives[i].fn != d_elif && directives[i].fn != d_else &&
		    directives[i].fn != d_before && directives[i].fn != d_end) {
			perr(p, p->line, "@%s inside the @if of line %d: only prose "
			    "and code are conditional", name,
			    p->step->groups[p->if_group[p->if_depth - 1]].line);
			return;
		}
		directives[i].fn(p, args);
		return;
	}
	perr(p, p->line, "unknown directive '@%s'", name);
}

/* Sections. */

/*
 * A model prompt ("@try m Press m, then 2: threads") names models the
 * demo runs: each model word, and the digit after "then", which picks a
 * model from the player's model menu (1 sequential ... 4 coroutine).
 */
static void
check_model_prompt(struct parser *p, const struct lesson_try *t,
    const struct demo *d)
{
	static const char *const words[] = { "sequential", "thread", "threads",
		"process", "processes", "coroutine", "coroutines", NULL };
	static const int models[] = { MODEL_SEQUENTIAL, MODEL_THREAD, MODEL_THREAD,
		MODEL_PROCESS, MODEL_PROCESS, MODEL_COROUTINE, MODEL_COROUTINE };
	const char *s = t->text;

	while (*s != '\0') {
		size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz");
		int m = -1;

		if (n == 0) {
			s++;
			continue;
		}
		for (int i = 0; words[i] != NULL; i++)
			if (strlen(words[i]) == n && strncmp(s, words[i], n) == 0)
				m = models[i];
		if (n == 4 && strncmp(s, "then", 4) == 0 && s[4] == ' ' &&
		    s[5] >= '1' && s[5] < '1' + MODEL__MAX && !isdigit((unsigned char)s[6]))
			m = s[5] - '1';
		if (m >= 0 && !(d->models & MODEL_BIT(m)))
			perr(p, t->line, "the prompt names the %s model, which demo '%s' "
			    "does not run", knob_table[KNOB_MODEL].choices[m], d->name);
		s += n;
	}
}

static void
close_step(struct parser *p)
{
	struct lesson_step *st = p->step;

	if (st->nblocks == 0)
		perr(p, st->line, "step '%s' has no text", st->id);
	for (int d = 0; d < p->if_depth; d++)
		perr(p, st->groups[p->if_group[d]].line, "@if has no @end");
	parse_conditions(p, st);
	check_marks(p, st);
	if (st->demo == NULL && p->panes_line != 0 && !p->binding_failed)
		perr(p, p->panes_line, "@panes without a @demo in this step");
	if (st->demo != NULL && (st->panes & PANE_BIT(PANE_HISTOGRAM)) &&
	    st->demo->demo->outcome == NULL)
		perr(p, p->panes_line, "pane 'histogram' needs a demo whose outcome "
		    "varies from run to run; demo '%s' comes out the same every run",
		    st->demo->demo->name);
	if (st->demo == NULL && st->ntries > 0 && !p->binding_failed)
		perr(p, st->tries[0].line, "@try without a @demo in this step");
	for (int i = 0; st->demo != NULL && i < st->ntries; i++) {
		int key = keymap_parse(st->tries[i].key), knob = knob_edit_key_knob(key);

		if (knob == KNOB_MODEL)
			check_model_prompt(p, &st->tries[i], st->demo->demo);
		if (knob < 0 && key != 0 && !keymap_lesson_works(st->demo->demo, key))
			perr(p, st->tries[i].line, "key '%s' does nothing in the lesson "
			    "player (see its ? help)", st->tries[i].key);
		if (knob < 0 || keymap_lesson_works(st->demo->demo, key))
			continue;
		if (demo_takes_knob(st->demo->demo, knob))
			perr(p, st->tries[i].line, "key '%s' turns --%s, which demo '%s' "
			    "has only one of", st->tries[i].key, knob_table[knob].name,
			    st->demo->demo->name);
		else
			perr(p, st->tries[i].line, "key '%s' turns --%s, which demo '%s' "
			    "does not take", st->tries[i].key, knob_table[knob].name,
			    st->demo->demo->name);
	}
	if (p->panes_line == 0)
		st->panes = PANES_DEFAULT;
	if (!p->binding_failed)
		check_refs(p, st->demo, st->demo != NULL ? 1 : 0);
}

static void
close_question(struct parser *p)
{
	struct lesson_question *q = p->q;
	int right = 0;

	if (q->nblocks == 0)
		perr(p, q->line, "question '%s' has no text", q->id);
	if (q->nchoices < 2)
		perr(p, q->line, "question '%s' needs at least two choices", q->id);
	for (int i = 0; i < q->nchoices; i++) {
		struct lesson_choice *c = &q->choices[i];

		if (c->why == NULL || *c->why == '\0')
			perr(p, c->line, "choice has no @why explanation");
		if (c->right)
			right++;
		if (q->kind == QUESTION_PREDICT && c->when == NULL && !c->is_else &&
		    !c->when_seen)
			perr(p, c->line, "choice has no @when condition");
	}
	if (q->kind == QUESTION_CHOICE && q->nchoices > 0 && right == 0)
		perr(p, q->line, "question '%s' has no @right answer", q->id);
	if (q->kind == QUESTION_PREDICT && q->nruns == 0 && !p->binding_failed)
		perr(p, q->line, "predict question '%s' has no @run", q->id);
	if (p->panes_line == 0)
		q->panes = PANES_DEFAULT;
	if (!p->binding_failed)
		check_refs(p, q->runs, q->nruns);
}

static void
close_section(struct parser *p)
{
	text_close(p);
	if (p->sec == SEC_STEP)
		close_step(p);
	else if (p->sec != SEC_NONE)
		close_question(p);
	p->sec = SEC_NONE;
	p->binding_failed = 0;
	p->nrefs = 0;
	p->panes_line = 0;
	p->else_line = 0;
	p->if_depth = p->if_deeper = 0;
}

/* The line of section id, or 0: ids are unique across steps and questions. */
static int
id_line(const struct lesson *l, const char *id)
{
	for (int i = 0; i < l->nsteps; i++)
		if (strcmp(l->steps[i].id, id) == 0)
			return l->steps[i].line;
	for (int i = 0; i < l->nquestions; i++)
		if (strcmp(l->questions[i].id, id) == 0)
			return l->questions[i].line;
	return 0;
}

static void
heading(struct parser *p, char *s)
{
	static const char *const kinds[] = { "step", "choice", "predict", NULL };
	struct lesson *l = p->l;
	char *rest = s + 2, *kind, *id, *title = NULL, *colon;
	int k, first;

	close_section(p);
	p->in_header = 0;
	kind = next_word(&rest);
	if (kind == NULL || (k = find_name(kinds, kind)) < 0) {
		perr(p, p->line, "unknown section '## %s': use ## step, ## choice "
		    "or ## predict", kind != NULL ? kind : "");
		return;
	}
	rest = trim(rest);
	if ((colon = strchr(rest, ':')) != NULL) {
		*colon = '\0';
		title = trim(colon + 1);
	}
	id = trim(rest);
	if (!valid_id(id)) {
		perr(p, p->line, "section id '%s': 1 to %d of a-z, 0-9 and '-', "
		    "starting with a letter or digit", id, LESSON_MAX_ID);
		return;
	}
	if ((first = id_line(l, id)) != 0) {
		perr(p, p->line, "duplicate section id '%s' (first on line %d)", id, first);
		return;
	}
	if (l->nsteps + l->nquestions == LESSON_MAX_SECTIONS) {
		perr(p, p->line, "more than %d sections", LESSON_MAX_SECTIONS);
		return;
	}
	if (k == 0) {
		if (title == NULL || *title == '\0') {
			perr(p, p->line, "a step needs a title: ## step %s: Title", id);
			return;
		}
		l->steps = xreallocarray(l->steps, (size_t)l->nsteps + 1, sizeof *l->steps);
		p->step = &l->steps[l->nsteps++];
		memset(p->step, 0, sizeof *p->step);
		p->step->id = xstrdup(id);
		p->step->title = xstrdup(title);
		p->step->line = p->line;
		p->sec = SEC_STEP;
		return;
	}
	if (title != NULL) {
		perr(p, p->line, "a question has no title: ## %s %s", kind, id);
		return;
	}
	l->questions = xreallocarray(l->questions, (size_t)l->nquestions + 1,
	    sizeof *l->questions);
	p->q = &l->questions[l->nquestions++];
	memset(p->q, 0, sizeof *p->q);
	p->q->kind = k == 1 ? QUESTION_CHOICE : QUESTION_PREDICT;
	p->q->id = xstrdup(id);
	p->q->line = p->line;
	p->sec = k == 1 ? SEC_CHOICE : SEC_PREDICT;
}

/* The header. */

enum { H_ID, H_TITLE, H_LEVEL, H_ORDER, H_SUMMARY };

static void
h_id(struct parser *p, char *v)
{
	if (!valid_id(v))
		perr(p, p->line, "id '%s': 1 to %d of a-z, 0-9 and '-', starting "
		    "with a letter or digit", v, LESSON_MAX_ID);
	p->l->id = xstrdup(v);
	p->l->id_line = p->line;
}

static void
h_title(struct parser *p, char *v)
{
	p->l->title = xstrdup(v);
}

static void
h_summary(struct parser *p, char *v)
{
	p->l->summary = xstrdup(v);
}

static void
h_level(struct parser *p, char *v)
{
	int i = find_name(level_names, v);

	if (i < 0)
		perr(p, p->line, "level '%s' is not one of beginner|intermediate|advanced", v);
	else
		p->l->level = (enum lesson_level)i;
}

static void
h_order(struct parser *p, char *v)
{
	long n;

	if (parse_int(v, 0, 9999, &n) != 0)
		perr(p, p->line, "order '%s' is not a whole number in 0..9999", v);
	else
		p->l->order = (int)n;
}

static const struct header {
	const char *name;
	void (*fn)(struct parser *, char *);
	int required;
} headers[] = {
	[H_ID] = { "id", h_id, 1 },
	[H_TITLE] = { "title", h_title, 1 },
	[H_LEVEL] = { "level", h_level, 1 },
	[H_ORDER] = { "order", h_order, 0 },
	[H_SUMMARY] = { "summary", h_summary, 1 },
};

static void
header_line(struct parser *p, char *s)
{
	char *colon = strchr(s, ':'), *value;

	if (colon == NULL || colon == s || strcspn(s, " \t") < (size_t)(colon - s)) {
		perr(p, p->line, "expected 'key: value' in the header (before the "
		    "first ## section)");
		return;
	}
	*colon = '\0';
	value = trim(colon + 1);
	for (size_t i = 0; i < nitems(headers); i++) {
		if (strcmp(headers[i].name, s) != 0)
			continue;
		if (p->header_line[i] != 0) {
			perr(p, p->line, "'%s:' given twice (first on line %d)", s,
			    p->header_line[i]);
			return;
		}
		p->header_line[i] = p->line;
		if (*value == '\0') {
			perr(p, p->line, "'%s:' needs a value", s);
			return;
		}
		headers[i].fn(p, value);
		return;
	}
	perr(p, p->line, "unknown header key '%s' (keys: id, title, level, order, "
	    "summary)", s);
}

/* One line, already checked as bytes. */
static void
parse_line(struct parser *p, char *s, size_t n)
{
	char *t;

	if (p->in_fence) {
		t = s;
		while (*t == ' ' || *t == '\t')
			t++;
		if (strncmp(t, "```", 3) == 0 && *trim(t + 3) == '\0') {
			if (t != s)
				perr(p, p->line, "indented closing ``` (start it in column 1)");
			p->in_fence = 0;
		} else {
			fence_line(p, s, n);
		}
		return;
	}
	t = trim(s);
	if (*t == '\0') {
		text_close(p);
		return;
	}
	if (s[0] == '#' && s[1] == '#') {
		heading(p, s);
		return;
	}
	if (s[0] == '#')
		return;
	if (p->in_header) {
		header_line(p, s);
		return;
	}
	if (p->sec == SEC_NONE) {
		/* After a bad heading: skip to the next section. */
		return;
	}
	if (strncmp(s, "```", 3) == 0) {
		fence_open(p, s);
		return;
	}
	if (s[0] == '@') {
		directive(p, s);
		return;
	}
	prose(p, t);
}

/* Whole-file checks once every line is read. */
static void
finish(struct parser *p)
{
	struct lesson *l = p->l;
	const char *base, *dot;

	if (p->in_fence)
		perr(p, p->fence_line, "code block is not closed (a ``` line ends it)");
	close_section(p);
	for (size_t i = 0; i < nitems(headers); i++)
		if (headers[i].required && p->header_line[i] == 0)
			perr(p, 1, "the header has no '%s:' line", headers[i].name);
	if (l->nsteps == 0)
		perr(p, 1, "the lesson has no '## step' section");
	if (p->header_line[H_ORDER] == 0)
		l->order = 9999;
	/* The id names the file: ID.lesson. */
	base = strrchr(p->name, '/');
	base = base != NULL ? base + 1 : p->name;
	dot = strrchr(base, '.');
	if (l->id != NULL && dot != NULL && strcmp(dot, ".lesson") == 0 &&
	    (strlen(l->id) != (size_t)(dot - base) ||
	    strncmp(l->id, base, (size_t)(dot - base)) != 0))
		perr(p, l->id_line, "id '%s' does not match the file name '%s' "
		    "(want id: %.*s)", l->id, base, (int)(dot - base), base);
}

int
lesson_parse_buffer(const char *name, const char *data, size_t len,
    struct lesson **out, struct lesson_errors *errs)
{
	struct parser p = { .name = name, .errs = errs, .in_header = 1 };
	const char *s = data, *end = data + len, *nl;
	char *line;

	*out = NULL;
	p.l = xcalloc(1, sizeof *p.l);
	p.l->path = xstrdup(name);
	if (len > LESSON_MAX_BYTES) {
		/* Point at the line where the limit is crossed. */
		p.line = 1;
		for (size_t i = 0; i < LESSON_MAX_BYTES; i++)
			p.line += data[i] == '\n';
		perr(&p, p.line, "file is larger than %d bytes", LESSON_MAX_BYTES);
		flush_errors(&p);
		lesson_free(p.l);
		return -1;
	}
	/* A UTF-8 byte-order mark is tolerated at the very start. */
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	while (s < end && p.nerrors <= LESSON_MAX_ERRORS) {
		size_t n;

		nl = memchr(s, '\n', (size_t)(end - s));
		n = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);
		p.line++;
		if (check_bytes(&p, s, n) == 0) {
			line = xstrndup(s, n);
			parse_line(&p, line, n);
			free(line);
		}
		s += n + (nl != NULL);
	}
	if (p.line == 0)
		p.line = 1;
	if (p.nerrors <= LESSON_MAX_ERRORS)
		finish(&p);
	free(p.refs);
	flush_errors(&p);
	if (p.nerrors > 0) {
		lesson_free(p.l);
		return -1;
	}
	*out = p.l;
	return 0;
}

int
lesson_load(const char *path, struct lesson **out, struct lesson_errors *errs)
{
	struct stat st;
	char *data;
	size_t len = 0;
	ssize_t r;
	int fd, rc;

	*out = NULL;
	/* O_NONBLOCK: a FIFO or a device must not hang the open; it is
	 * refused below as soon as fstat says what it is. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) == -1) {
		lesson_errors_add(errs, path, 0, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		if (fstat(fd, &st) == -1)
			lesson_errors_add(errs, path, 0, "%s", strerror(errno));
		else
			lesson_errors_add(errs, path, 0, "%s", util_file_kind_error(st.st_mode));
		close(fd);
		return -1;
	}
	/* Read one byte past the limit so an oversized file is seen as such. */
	data = xmalloc(LESSON_MAX_BYTES + 1);
	while (len < LESSON_MAX_BYTES + 1 &&
	    (r = read(fd, data + len, LESSON_MAX_BYTES + 1 - len)) != 0) {
		if (r == -1) {
			if (errno == EINTR)
				continue;
			lesson_errors_add(errs, path, 0, "%s", strerror(errno));
			free(data);
			close(fd);
			return -1;
		}
		len += (size_t)r;
	}
	close(fd);
	rc = lesson_parse_buffer(path, data, len, out, errs);
	free(data);
	return rc;
}

static void
texts_free(struct lesson_texts *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
}

static void
blocks_free(struct lesson_block *b, int n)
{
	for (int i = 0; i < n; i++) {
		free(b[i].text);
		free(b[i].lang);
	}
	free(b);
}

static void
groups_free(struct lesson_group *g, int n)
{
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < g[i].nbranches; j++) {
			lesson_cond_free(g[i].branches[j].cond);
			free(g[i].branches[j].text);
		}
		free(g[i].branches);
	}
	free(g);
}

void
lesson_free(struct lesson *l)
{
	if (l == NULL)
		return;
	for (int i = 0; i < l->nsteps; i++) {
		struct lesson_step *st = &l->steps[i];

		free(st->id);
		free(st->title);
		blocks_free(st->blocks, st->nblocks);
		free(st->demo);
		for (int j = 0; j < st->ntries; j++) {
			free(st->tries[j].key);
			free(st->tries[j].text);
		}
		free(st->tries);
		texts_free(&st->hints);
		texts_free(&st->notes);
		groups_free(st->groups, st->ngroups);
		for (int j = 0; j < st->nclaims; j++) {
			lesson_cond_free(st->claims[j].cond);
			free(st->claims[j].text);
		}
		free(st->claims);
		free(st->marks);
	}
	for (int i = 0; i < l->nquestions; i++) {
		struct lesson_question *q = &l->questions[i];

		free(q->id);
		blocks_free(q->blocks, q->nblocks);
		for (int j = 0; j < q->nruns; j++)
			free(q->runs[j].name);
		free(q->runs);
		for (int j = 0; j < q->nchoices; j++) {
			free(q->choices[j].text);
			free(q->choices[j].why);
			lesson_cond_free(q->choices[j].when);
		}
		free(q->choices);
		texts_free(&q->hints);
		texts_free(&q->notes);
	}
	free(l->steps);
	free(l->questions);
	free(l->path);
	free(l->id);
	free(l->title);
	free(l->summary);
	free(l);
}
