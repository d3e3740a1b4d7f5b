/*
 * lesson-expr.c — the two places a lesson reads live numbers: {placeholders}
 * in prose and @when conditions of predict questions.
 *
 * Both name values the same way: a metric of the run's demo (demo.h), or a
 * knob the demo takes, optionally qualified by the run ("fast.wall_ms") when
 * a question has several runs.  Names are checked against the registry when
 * the file is parsed, so rendering and deciding never meet an unknown name,
 * only a value that is not known yet.
 *
 * A condition is a tiny expression language: numbers, names, + - * /,
 * comparisons, and/or/not, parentheses.  It is parsed by recursive descent
 * into an array of nodes, typed as it goes (numbers vs truth values), and
 * nesting is bounded, so a hostile line can neither recurse deeply nor run
 * anything: evaluation is arithmetic over looked-up numbers and nothing else.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson-int.h"
#include "util.h"

#define COND_MAX_DEPTH 16
#define COND_MAX_NODES 64

static int
is_name_start(int c)
{
	return isalpha(c) || c == '_';
}

static int
is_name_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.';
}

/* The ":.N" or ":one|many" after a placeholder's name; s..e is "{...}". */
static int
piece_format(struct lesson_piece *pc, const char *s, const char *e, char *err,
    size_t len)
{
	const char *f = pc->s + pc->n + 1, *bar = memchr(f, '|', (size_t)(e - f));

	if (bar != NULL) {
		if (memchr(bar + 1, '|', (size_t)(e - bar - 1)) != NULL ||
		    memchr(f, '{', (size_t)(e - f)) != NULL) {
			xsnprintf(err, len, "'{%.*s}': a plural is {name:one|many}, "
			    "with one '|'", (int)(e - s - 1), s + 1);
			return -1;
		}
		pc->one = f;
		pc->none = (size_t)(bar - f);
		pc->many = bar + 1;
		pc->nmany = (size_t)(e - bar - 1);
		return 0;
	}
	if (f[0] != '.' || !isdigit((unsigned char)f[1]) || f[2] != '}' ||
	    f[1] - '0' > LESSON_MAX_DIGITS) {
		xsnprintf(err, len, "'{%.*s}': the format is ':.N' with N from 0 to "
		    "%d decimals, or ':one|many' for a word that agrees with the "
		    "value", (int)(e - s - 1), s + 1, LESSON_MAX_DIGITS);
		return -1;
	}
	pc->digits = f[1] - '0';
	return 0;
}

int
lesson_piece_next(const char **pos, struct lesson_piece *pc, char *err, size_t len)
{
	const char *s = *pos, *e;

	pc->digits = -1;
	pc->one = pc->many = NULL;
	pc->none = pc->nmany = 0;
	if (*s == '\0') {
		pc->kind = PIECE_END;
		return 0;
	}
	if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
		pc->kind = PIECE_TEXT;
		pc->s = s;
		pc->n = 1;
		*pos = s + 2;
		return 0;
	}
	if (*s == '}') {
		*pos = s + 1;
		xsnprintf(err, len, "'}' without '{' (write '}}' for a brace)");
		return -1;
	}
	if (*s != '{') {
		pc->kind = PIECE_TEXT;
		pc->s = s;
		pc->n = strcspn(s, "{}");
		*pos = s + pc->n;
		return 0;
	}

	/* {name} or {name:.N} */
	e = strchr(s, '}');
	if (e == NULL) {
		*pos = s + strlen(s);
		xsnprintf(err, len, "unclosed '{' (write '{{' for a brace)");
		return -1;
	}
	*pos = e + 1;
	pc->kind = PIECE_REF;
	pc->s = s + 1;
	pc->n = strcspn(pc->s, ":}");
	if (pc->n == 0 || !is_name_start((unsigned char)pc->s[0])) {
		xsnprintf(err, len, "'{%.*s}' is not a placeholder: want {name} or "
		    "{name:.N} or {name:one|many} (write '{{' for a brace)", (int)(e - s - 1), s + 1);
		return -1;
	}
	for (size_t i = 0; i < pc->n; i++) {
		if (!is_name_char((unsigned char)pc->s[i])) {
			xsnprintf(err, len, "'{%.*s}': a name has letters, digits, "
			    "'_', '-' and one '.'", (int)(e - s - 1), s + 1);
			return -1;
		}
	}
	if (pc->s[pc->n] == ':')
		return piece_format(pc, s, e, err, len);
	return 0;
}

/* Append "a, b, c" of a NULL-ended list to buf at *off. */
static void
append_list(char *buf, size_t len, size_t *off, const char *const *names,
    const char *sep)
{
	for (int i = 0; names[i] != NULL; i++) {
		*off += xsnprintf(buf + *off, len - *off, "%s%s", sep, names[i]);
		sep = ", ";
	}
}

/* The value names a run understands, for "unknown metric" messages. */
static void
describe_names(const struct lesson_run *r, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	append_list(buf, len, &off, demo_common_metrics, "");
	append_list(buf, len, &off, r->demo->metrics, ", ");
}

int
lesson_ref_resolve(const char *ref, size_t n, const struct lesson_run *runs,
    int nruns, int *run, char *name, size_t namelen, char *err, size_t len)
{
	const char *dot = memchr(ref, '.', n);
	const struct lesson_run *r;
	char names[512];
	int k;

	if (n >= LESSON_MAX_NAME || n >= namelen) {
		xsnprintf(err, len, "name '%.*s' is too long", (int)n, ref);
		return -1;
	}
	if (nruns == 0) {
		xsnprintf(err, len, "'%.*s': there is no demo here to take it from",
		    (int)n, ref);
		return -1;
	}
	if (dot != NULL) {
		size_t rn = (size_t)(dot - ref);

		*run = -1;
		for (int i = 0; i < nruns; i++)
			if (runs[i].name != NULL && strlen(runs[i].name) == rn &&
			    memcmp(runs[i].name, ref, rn) == 0)
				*run = i;
		if (*run < 0) {
			xsnprintf(err, len, "'%.*s': no @run called '%.*s' here",
			    (int)n, ref, (int)rn, ref);
			return -1;
		}
		memcpy(name, dot + 1, n - rn - 1);
		name[n - rn - 1] = '\0';
	} else {
		if (nruns > 1) {
			xsnprintf(err, len, "'%.*s': say which run (%s.%.*s, %s.%.*s ...)",
			    (int)n, ref, runs[0].name, (int)n, ref, runs[1].name,
			    (int)n, ref);
			return -1;
		}
		*run = 0;
		memcpy(name, ref, n);
		name[n] = '\0';
	}

	r = &runs[*run];
	if (strchr(name, '.') != NULL || name[0] == '\0') {
		xsnprintf(err, len, "'%.*s' is not a name", (int)n, ref);
		return -1;
	}
	if (demo_has_metric(r->demo, name)) {
		if (!r->baseline && (strcmp(name, "speedup") == 0 ||
		    strcmp(name, "baseline_ms") == 0)) {
			xsnprintf(err, len, "'%s' needs baseline=on in the demo "
			    "binding on line %d", name, r->line);
			return -1;
		}
		return 0;
	}
	k = knob_find(name);
	if (k >= 0 && demo_takes_knob(r->demo, k))
		return 0;
	describe_names(r, names, sizeof names);
	xsnprintf(err, len, "unknown metric '%s' for demo '%s' (it reports %s, "
	    "and the values of its knobs)", name, r->demo->name, names);
	return -1;
}

int
lesson_value(const struct lesson_run *runs, int run, const char *name,
    lesson_metric_fn fn, void *ctx, double *value)
{
	int k, rc = fn != NULL ? fn(ctx, run, name, value) : -1;

	if (rc == 0 || rc == LESSON_VALUE_STOPPED)
		return rc;
	/* Not measured: a knob still has the value the binding gave it. */
	k = knob_find(name);
	if (runs != NULL && k >= 0 && demo_takes_knob(runs[run].demo, k)) {
		*value = runs[run].knobs.v[k];
		return 0;
	}
	return -1;
}

/* Conditions. */

enum cond_op {
	OP_NUM, OP_REF, OP_NEG, OP_ADD, OP_SUB, OP_MUL, OP_DIV,
	OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_AND, OP_OR, OP_NOT
};

struct cond_node {
	enum cond_op op;
	int a, b;		/* operand nodes */
	double num;		/* OP_NUM */
	int run;		/* OP_REF */
	char *name;		/* OP_REF */
};

struct lesson_cond {
	struct cond_node *node;
	int n;
	int root;
};

enum tok { T_END, T_NUM, T_NAME, T_OP, T_LPAREN, T_RPAREN, T_BAD };

struct cond_parser {
	const char *s;			/* where the next token starts */
	enum tok tok;
	const char *ts;			/* the current token */
	size_t tn;
	double num;
	const struct lesson_run *runs;
	int nruns;
	struct lesson_cond *c;
	int depth;
	char *err;
	size_t len;
	int failed;
};

/* Binary operators by precedence level, loosest first. */
static const struct {
	const char *text;
	enum cond_op op;
	int level;
} binops[] = {
	{ "or", OP_OR, 0 },
	{ "and", OP_AND, 1 },
	{ "==", OP_EQ, 2 }, { "!=", OP_NE, 2 }, { "<=", OP_LE, 2 },
	{ ">=", OP_GE, 2 }, { "<", OP_LT, 2 }, { ">", OP_GT, 2 },
	{ "+", OP_ADD, 3 }, { "-", OP_SUB, 3 },
	{ "*", OP_MUL, 4 }, { "/", OP_DIV, 4 },
};

static int
cfail(struct cond_parser *cp, const char *fmt, const char *arg, size_t n)
{
	if (!cp->failed) {
		char what[LESSON_MAX_NAME + 16];

		if (arg == NULL)
			xsnprintf(what, sizeof what, "the end");
		else
			xsnprintf(what, sizeof what, "'%.*s'",
			    (int)(n > LESSON_MAX_NAME ? LESSON_MAX_NAME : n), arg);
		xsnprintf(cp->err, cp->len, fmt, what);
		cp->failed = 1;
	}
	return -1;
}

static void
cond_lex(struct cond_parser *cp)
{
	const char *s = cp->s;
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	cp->ts = s;
	if (*s == '\0') {
		cp->tok = T_END;
		cp->tn = 0;
	} else if (isdigit((unsigned char)*s)) {
		cp->num = strtod(s, &end);
		cp->tok = T_NUM;
		/* Decimal only: no hex floats, exponents or inf. */
		for (const char *q = s; q < end; q++)
			if (!isdigit((unsigned char)*q) && *q != '.')
				cp->tok = T_BAD;
		s = end;
	} else if (is_name_start((unsigned char)*s)) {
		while (is_name_char((unsigned char)*s) &&
		    !(*s == '-' && !isalnum((unsigned char)s[1])))
			s++;
		cp->tok = T_NAME;
	} else if (*s == '(' || *s == ')') {
		cp->tok = *s == '(' ? T_LPAREN : T_RPAREN;
		s++;
	} else if (strchr("=!<>", *s) != NULL && s[1] == '=') {
		cp->tok = T_OP;
		s += 2;
	} else if (strchr("<>+-*/", *s) != NULL) {
		cp->tok = T_OP;
		s++;
	} else {
		cp->tok = T_BAD;
		s++;
	}
	cp->tn = (size_t)(s - cp->ts);
	cp->s = s;
	/* "and", "or", "not" are operators, not names. */
	if (cp->tok == T_NAME && ((cp->tn == 3 && memcmp(cp->ts, "and", 3) == 0) ||
	    (cp->tn == 2 && memcmp(cp->ts, "or", 2) == 0)))
		cp->tok = T_OP;
}

static int
tok_is(const struct cond_parser *cp, const char *text)
{
	return (cp->tok == T_OP || cp->tok == T_NAME) &&
	    strlen(text) == cp->tn && memcmp(cp->ts, text, cp->tn) == 0;
}

static int
cond_node(struct cond_parser *cp, enum cond_op op, int a, int b)
{
	struct lesson_cond *c = cp->c;

	if (c->n == COND_MAX_NODES)
		return cfail(cp, "condition too long (near %s)", cp->ts, cp->tn);
	c->node = xreallocarray(c->node, (size_t)c->n + 1, sizeof *c->node);
	memset(&c->node[c->n], 0, sizeof c->node[c->n]);
	c->node[c->n].op = op;
	c->node[c->n].a = a;
	c->node[c->n].b = b;
	return c->n++;
}

static int
is_truth(const struct cond_parser *cp, int n)
{
	enum cond_op op = cp->c->node[n].op;

	return op >= OP_EQ;
}

static int cond_binary(struct cond_parser *cp, int level);

static int
cond_primary(struct cond_parser *cp)
{
	int n, run;
	char name[LESSON_MAX_NAME];

	if (++cp->depth > COND_MAX_DEPTH)
		return cfail(cp, "condition nested too deeply (at %s)", cp->ts, cp->tn);
	switch (cp->tok) {
	case T_NUM:
		if ((n = cond_node(cp, OP_NUM, -1, -1)) < 0)
			return -1;
		cp->c->node[n].num = cp->num;
		cond_lex(cp);
		break;
	case T_NAME:
		if (tok_is(cp, "not")) {
			/* not binds looser than a comparison: not a < b */
			cond_lex(cp);
			if ((n = cond_binary(cp, 2)) < 0)
				return -1;
			if (!is_truth(cp, n))
				return cfail(cp, "'not' needs a comparison, before %s",
				    cp->tok == T_END ? NULL : cp->ts, cp->tn);
			n = cond_node(cp, OP_NOT, n, -1);
			break;
		}
		if (lesson_ref_resolve(cp->ts, cp->tn, cp->runs, cp->nruns, &run,
		    name, sizeof name, cp->err, cp->len) != 0) {
			cp->failed = 1;
			return -1;
		}
		if ((n = cond_node(cp, OP_REF, -1, -1)) < 0)
			return -1;
		cp->c->node[n].run = run;
		cp->c->node[n].name = xstrdup(name);
		cond_lex(cp);
		break;
	case T_LPAREN:
		cond_lex(cp);
		if ((n = cond_binary(cp, 0)) < 0)
			return -1;
		if (cp->tok != T_RPAREN)
			return cfail(cp, "expected ')', not %s",
			    cp->tok == T_END ? NULL : cp->ts, cp->tn);
		cond_lex(cp);
		break;
	default:
		if (tok_is(cp, "-")) {
			cond_lex(cp);
			if ((n = cond_primary(cp)) < 0)
				return -1;
			if (is_truth(cp, n))
				return cfail(cp, "'-' needs a number, before %s",
				    cp->tok == T_END ? NULL : cp->ts, cp->tn);
			n = cond_node(cp, OP_NEG, n, -1);
			break;
		}
		return cfail(cp, "expected a number or a name, not %s",
		    cp->tok == T_END ? NULL : cp->ts, cp->tn);
	}
	cp->depth--;
	return n;
}

static int
cond_binary(struct cond_parser *cp, int level)
{
	int lhs, rhs;

	if (level > 4)
		return cond_primary(cp);
	if ((lhs = cond_binary(cp, level + 1)) < 0)
		return -1;
	for (;;) {
		size_t i;

		for (i = 0; i < nitems(binops); i++)
			if (binops[i].level == level && tok_is(cp, binops[i].text))
				break;
		if (i == nitems(binops))
			return lhs;
		cond_lex(cp);
		if ((rhs = cond_binary(cp, level + 1)) < 0)
			return -1;
		/* Type rules: and/or join comparisons; the rest take numbers. */
		if (level <= 1 && (!is_truth(cp, lhs) || !is_truth(cp, rhs)))
			return cfail(cp, "%s needs a comparison on each side",
			    binops[i].text, strlen(binops[i].text));
		if (level >= 2 && (is_truth(cp, lhs) || is_truth(cp, rhs)))
			return cfail(cp, "%s needs a number on each side (use "
			    "and/or to join comparisons)", binops[i].text,
			    strlen(binops[i].text));
		if ((lhs = cond_node(cp, binops[i].op, lhs, rhs)) < 0)
			return -1;
		/* a < b < c reads wrong; ask for "a < b and b < c". */
		if (level == 2)
			return lhs;
	}
}

struct lesson_cond *
lesson_cond_parse(const char *text, const struct lesson_run *runs, int nruns,
    char *err, size_t len)
{
	struct cond_parser cp = {
		.s = text, .runs = runs, .nruns = nruns, .err = err, .len = len,
	};
	int root;

	cp.c = xcalloc(1, sizeof *cp.c);
	cond_lex(&cp);
	if (cp.tok == T_END) {
		xsnprintf(err, len, "empty condition");
		lesson_cond_free(cp.c);
		return NULL;
	}
	root = cond_binary(&cp, 0);
	if (root >= 0 && cp.tok == T_BAD && cp.tn == 1 && *cp.ts == '=')
		root = cfail(&cp, "unexpected %s (compare with '==')", cp.ts, cp.tn);
	if (root >= 0 && cp.tok != T_END)
		root = cfail(&cp, "unexpected %s", cp.ts, cp.tn);
	if (root >= 0 && !is_truth(&cp, root))
		root = cfail(&cp, "the condition is a number, not a comparison "
		    "(near %s)", NULL, 0);
	if (root < 0) {
		lesson_cond_free(cp.c);
		return NULL;
	}
	cp.c->root = root;
	return cp.c;
}

static int
cond_eval(const struct lesson_cond *c, int i, const struct lesson_run *runs,
    lesson_metric_fn fn, void *ctx, double *v)
{
	const struct cond_node *n = &c->node[i];
	double a = 0, b = 0;

	if (n->op == OP_NUM) {
		*v = n->num;
		return 0;
	}
	if (n->op == OP_REF)
		return lesson_value(runs, n->run, n->name, fn, ctx, v);
	if (cond_eval(c, n->a, runs, fn, ctx, &a) != 0)
		return -1;
	if (n->b >= 0 && cond_eval(c, n->b, runs, fn, ctx, &b) != 0)
		return -1;
	switch (n->op) {
	case OP_NEG: *v = -a; break;
	case OP_ADD: *v = a + b; break;
	case OP_SUB: *v = a - b; break;
	case OP_MUL: *v = a * b; break;
	case OP_DIV: *v = b != 0 ? a / b : NAN; break;
	case OP_EQ: *v = a == b; break;
	case OP_NE: *v = a != b; break;
	case OP_LT: *v = a < b; break;
	case OP_LE: *v = a <= b; break;
	case OP_GT: *v = a > b; break;
	case OP_GE: *v = a >= b; break;
	case OP_AND: *v = a != 0 && b != 0; break;
	case OP_OR: *v = a != 0 || b != 0; break;
	case OP_NOT: *v = a == 0; break;
	default: return -1;
	}
	return 0;
}

int
lesson_cond_eval(const struct lesson_cond *c, const struct lesson_run *runs,
    lesson_metric_fn fn, void *ctx, int *holds)
{
	double v;

	if (cond_eval(c, c->root, runs, fn, ctx, &v) != 0)
		return -1;
	*holds = v != 0;
	return 0;
}

void
lesson_cond_free(struct lesson_cond *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < c->n; i++)
		free(c->node[i].name);
	free(c->node);
	free(c);
}

int
lesson_predict_answer(const struct lesson_question *q, lesson_metric_fn fn,
    void *ctx, unsigned *right)
{
	int holds, any = 0;

	*right = 0;
	if (q->kind != QUESTION_PREDICT)
		return -1;
	for (int i = 0; i < q->nchoices; i++) {
		if (q->choices[i].when == NULL)
			continue;
		if (lesson_cond_eval(q->choices[i].when, q->runs, fn, ctx, &holds) != 0)
			return -1;
		if (holds) {
			*right |= 1u << i;
			any = 1;
		}
	}
	for (int i = 0; i < q->nchoices && !any; i++)
		if (q->choices[i].is_else)
			*right |= 1u << i;
	return 0;
}

/* The branch of group g to show: the first that holds, @else if none does,
 * @before (or none, -1) while a condition cannot be decided. */
static int
group_branch(const struct lesson_group *g, const struct lesson_run *run,
    lesson_metric_fn fn, void *ctx)
{
	int before = -1, holds;

	for (int i = 0; i < g->nbranches; i++)
		if (g->branches[i].kind == BRANCH_BEFORE)
			before = i;
	for (int i = 0; i < g->nbranches; i++) {
		const struct lesson_branch *b = &g->branches[i];

		if (b->kind == BRANCH_ELSE)
			return i;
		if (b->kind == BRANCH_BEFORE)
			continue;
		if (b->cond == NULL || run == NULL ||
		    lesson_cond_eval(b->cond, run, fn, ctx, &holds) != 0)
			return before;
		if (holds)
			return i;
	}
	return -1;
}

void
lesson_blocks_shown(const struct lesson_step *st, lesson_metric_fn fn,
    void *ctx, unsigned char *shown)
{
	int *pick = xcalloc((size_t)st->ngroups + 1, sizeof *pick);

	/* Outer groups come first, so a parent is decided before its child. */
	for (int g = 0; g < st->ngroups; g++) {
		const struct lesson_group *gr = &st->groups[g];

		if (gr->parent >= 0 && pick[gr->parent] != gr->parent_branch)
			pick[g] = -1;
		else
			pick[g] = group_branch(gr, st->demo, fn, ctx);
	}
	for (int i = 0; i < st->nblocks; i++) {
		const struct lesson_block *b = &st->blocks[i];

		shown[i] = b->group < 0 || pick[b->group] == b->branch;
	}
	free(pick);
}

unsigned
lesson_choice_answer(const struct lesson_question *q)
{
	unsigned right = 0;

	for (int i = 0; i < q->nchoices; i++)
		if (q->choices[i].right)
			right |= 1u << i;
	return right;
}

/* Rendering. */

struct buf {
	char *s;
	size_t n, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* Format v with digits decimals, or by default an integer or one decimal. */
static void
format_value(double v, int digits, char *out, size_t len)
{
	if (!isfinite(v))
		xsnprintf(out, len, "%s", isnan(v) ? "?" : v > 0 ? "∞" : "-∞");
	else if (digits >= 0)
		xsnprintf(out, len, "%.*f", digits, v);
	else if (fabs(v) >= 1e15 || v == (double)(long long)v)
		xsnprintf(out, len, "%.0f", v);
	else
		xsnprintf(out, len, "%.1f", v);
}

/* True if value is one of knob k's choices. */
static int
choice_ok(int k, int value)
{
	for (int i = 0; knob_table[k].choices[i] != NULL; i++)
		if (i == value)
			return 1;
	return 0;
}

char *
lesson_render(const char *text, const struct lesson_run *runs, int nruns,
    lesson_metric_fn fn, void *ctx, const char *missing)
{
	struct buf b = { 0 };
	struct lesson_piece pc;
	const char *pos = text;
	char err[512], name[LESSON_MAX_NAME], num[64];
	double v;
	int run, k, rc;

	buf_add(&b, "", 0);
	if (missing == NULL)
		missing = "…";
	for (;;) {
		if (lesson_piece_next(&pos, &pc, err, sizeof err) != 0) {
			/* The parser rejects this; show something anyway. */
			buf_add(&b, "?", 1);
			continue;
		}
		if (pc.kind == PIECE_END)
			break;
		if (pc.kind == PIECE_TEXT) {
			buf_add(&b, pc.s, pc.n);
			continue;
		}
		rc = -1;
		if (lesson_ref_resolve(pc.s, pc.n, runs, nruns, &run, name,
		    sizeof name, err, sizeof err) != 0 ||
		    (rc = lesson_value(runs, run, name, fn, ctx, &v)) != 0) {
			/* A stopped run's figure was never reached: a dash. */
			if (rc == LESSON_VALUE_STOPPED)
				buf_add(&b, "—", strlen("—"));
			else
				buf_add(&b, missing, strlen(missing));
			continue;
		}
		if (pc.one != NULL) {
			/* the word that agrees with the value: 1 slot, 3 slots */
			if (v == 1)
				buf_add(&b, pc.one, pc.none);
			else
				buf_add(&b, pc.many, pc.nmany);
			continue;
		}
		k = knob_find(name);
		if (k >= 0 && knob_table[k].type == KNOB_CHOICE &&
		    !demo_has_metric(runs[run].demo, name) && v >= 0 && v < 16 &&
		    choice_ok(k, (int)v))
			knob_format(k, (int)v, num, sizeof num);	/* "on", "thread" */
		else
			format_value(v, pc.digits, num, sizeof num);
		buf_add(&b, num, strlen(num));
	}
	return b.s;
}
