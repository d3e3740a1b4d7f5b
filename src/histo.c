/*
 * histo.c — a series of runs and its outcome's distribution (histo.h).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "histo.h"
#include "util.h"

void
histo_init(struct histo *h, const struct demo *d, int want)
{
	histo_free(h);
	if (d == NULL || d->outcome == NULL || want < 1)
		return;
	h->demo = d;
	h->want = want;
	h->v = xreallocarray(NULL, (size_t)want, sizeof *h->v);
}

void
histo_free(struct histo *h)
{
	free(h->v);
	memset(h, 0, sizeof *h);
}

int
histo_going(const struct histo *h)
{
	return h->demo != NULL && !h->stopped && h->n < h->want;
}

int
histo_outcome(const struct demo *d, const struct result *res,
    struct histo_run *run)
{
	const struct demo_outcome *o = d != NULL ? d->outcome : NULL;

	if (o == NULL || !run_end_has_results(res->end) || res->error[0] != '\0' ||
	    result_metric(res, o->metric, &run->value) != 0)
		return -1;
	run->correct = o->correct(res) != 0;
	return 0;
}

int
histo_add(struct histo *h, const struct result *res)
{
	if (h->demo == NULL || h->n >= h->want ||
	    histo_outcome(h->demo, res, &h->v[h->n]) != 0)
		return -1;
	h->n++;
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The runs' values, sorted (the caller frees). */
static double *
sorted_values(const struct histo *h)
{
	double *s = xreallocarray(NULL, (size_t)(h->n > 0 ? h->n : 1), sizeof *s);

	for (int i = 0; i < h->n; i++)
		s[i] = h->v[i].value;
	qsort(s, (size_t)h->n, sizeof *s, cmp_double);
	return s;
}

void
histo_summarize(const struct histo *h, struct histo_summary *s)
{
	double *v;

	memset(s, 0, sizeof *s);
	if (h->n == 0)
		return;
	v = sorted_values(h);
	s->n = h->n;
	for (int i = 0; i < h->n; i++)
		s->correct += h->v[i].correct;
	s->min = v[0];
	s->max = v[h->n - 1];
	s->median = v[(h->n - 1) / 2];
	free(v);
}

/* The case bins: one per case, empty ones too. */
static int
case_bins(const struct histo *h, int max, struct histo_bin *bins)
{
	const char *const *cases = h->demo->outcome->cases;
	int n = 0;

	while (cases[n] != NULL && n < max) {
		bins[n] = (struct histo_bin){ .lo = n, .hi = n };
		n++;
	}
	for (int i = 0; i < h->n; i++) {
		int c = (int)h->v[i].value;

		if (c < 0 || c >= n)
			continue;	/* not a case: no bar can show it */
		bins[c].count++;
		bins[c].correct += h->v[i].correct;
	}
	return n;
}

static int
all_whole(const struct histo *h)
{
	for (int i = 0; i < h->n; i++)
		if (h->v[i].value != floor(h->v[i].value))
			return 0;
	return 1;
}

/* Bins lo..hi of equal width over the values of sorted v (n of them, at
 * least two apart): whole widths for whole numbers, so no value falls
 * between two bins.  Counts are left to the caller. */
static int
range_bins(const double *v, int n, int whole, int max, struct histo_bin *bins)
{
	double min = v[0], top = v[n - 1], w;
	int nb;

	if (whole) {
		w = ceil((top - min + 1) / max);
		nb = (int)ceil((top - min + 1) / w);
		for (int i = 0; i < nb; i++)
			bins[i] = (struct histo_bin){ min + i * w, min + (i + 1) * w - 1, 0, 0 };
	} else {
		w = (top - min) / max;
		nb = max;
		for (int i = 0; i < nb; i++)
			bins[i] = (struct histo_bin){ min + i * w, min + (i + 1) * w, 0, 0 };
	}
	bins[nb - 1].hi = top;
	return nb;
}

/*
 * The value every right run had, when they all had one and no wrong run
 * had it (the counter's expected count, "no deadlock"): it gets a bin of
 * its own, so a range never mixes right runs with wrong ones.  0 and *rv,
 * or -1.
 */
static int
right_value(const struct histo *h, double *rv)
{
	int found = 0;

	for (int i = 0; i < h->n; i++)
		if (h->v[i].correct) {
			if (found && h->v[i].value != *rv)
				return -1;
			*rv = h->v[i].value;
			found = 1;
		}
	for (int i = 0; found && i < h->n; i++)
		if (!h->v[i].correct && h->v[i].value == *rv)
			return -1;
	return found ? 0 : -1;
}

/* Put a bin for whole value rv among the nb contiguous bins, splitting
 * the range it falls in; returns the new count (at most nb + 2). */
static int
insert_value(struct histo_bin *bins, int nb, double rv)
{
	struct histo_bin piece[3];
	int at = 0, np = 0;

	while (at < nb && bins[at].hi < rv)
		at++;
	if (at == nb || bins[at].lo > rv) {
		memmove(bins + at + 1, bins + at, (size_t)(nb - at) * sizeof *bins);
		bins[at] = (struct histo_bin){ rv, rv, 0, 0 };
		return nb + 1;
	}
	if (bins[at].lo < rv)
		piece[np++] = (struct histo_bin){ bins[at].lo, rv - 1, 0, 0 };
	piece[np++] = (struct histo_bin){ rv, rv, 0, 0 };
	if (bins[at].hi > rv)
		piece[np++] = (struct histo_bin){ rv + 1, bins[at].hi, 0, 0 };
	memmove(bins + at + np, bins + at + 1, (size_t)(nb - at - 1) * sizeof *bins);
	memcpy(bins + at, piece, (size_t)np * sizeof *piece);
	return nb - 1 + np;
}

/* More values than bins: ranges, the right value apart (whole numbers). */
static int
wide_bins(const struct histo *h, const double *v, int max, struct histo_bin *bins)
{
	double rv = 0, *rest = xreallocarray(NULL, (size_t)h->n, sizeof *rest);
	int whole = all_whole(h), n = 0, nb;
	int apart = max > 3 && whole && right_value(h, &rv) == 0;

	for (int i = 0; i < h->n; i++)
		if (!apart || v[i] != rv)
			rest[n++] = v[i];
	nb = range_bins(rest, n, whole, apart ? max - 2 : max, bins);
	free(rest);
	if (apart)
		nb = insert_value(bins, nb, rv);
	for (int i = 0; i < h->n; i++) {
		int b = 0;

		while (b < nb - 1 && h->v[i].value > bins[b].hi)
			b++;
		bins[b].count++;
		bins[b].correct += h->v[i].correct;
	}
	return nb;
}

int
histo_bins(const struct histo *h, int max, struct histo_bin *bins)
{
	double *v;
	int n = 0;

	if (max > HISTO_MAX_BINS)
		max = HISTO_MAX_BINS;
	if (h->demo == NULL || max < 1)
		return 0;
	if (h->demo->outcome->cases != NULL)
		return case_bins(h, max, bins);
	if (h->n == 0)
		return 0;
	v = sorted_values(h);
	/* one bin per value when they fit */
	for (int i = 0; i < h->n; i++) {
		if (i > 0 && v[i] == v[i - 1]) {
			bins[n - 1].count++;
			continue;
		}
		if (n == max) {
			n = wide_bins(h, v, max, bins);
			free(v);
			return n;
		}
		bins[n++] = (struct histo_bin){ v[i], v[i], 1, 0 };
	}
	free(v);
	for (int i = 0; i < h->n; i++)
		for (int b = 0; b < n; b++)
			if (bins[b].lo == h->v[i].value)
				bins[b].correct += h->v[i].correct;
	return n;
}

static const char *
num(double v, char *buf, size_t len)
{
	if (v == floor(v) && fabs(v) < 1e15)
		xsnprintf(buf, len, "%.0f", v);
	else
		xsnprintf(buf, len, "%.3g", v);
	return buf;
}

const char *
histo_bin_label(const struct histo *h, const struct histo_bin *b, char *buf,
    size_t len)
{
	char lo[32], hi[32];

	if (h->demo != NULL && h->demo->outcome->cases != NULL)
		xsnprintf(buf, len, "%s", h->demo->outcome->cases[(int)b->lo]);
	else if (b->lo == b->hi)
		xsnprintf(buf, len, "%s", num(b->lo, lo, sizeof lo));
	else
		xsnprintf(buf, len, "%s..%s", num(b->lo, lo, sizeof lo),
		    num(b->hi, hi, sizeof hi));
	return buf;
}

int
histo_metric(const struct histo *h, const char *name, double *v)
{
	struct histo_summary s;

	if (h->demo == NULL || h->n == 0)
		return -1;
	histo_summarize(h, &s);
	if (strcmp(name, "runs_done") == 0)
		*v = s.n;
	else if (strcmp(name, "runs_correct") == 0)
		*v = s.correct;
	else if (strcmp(name, "runs_min") == 0)
		*v = s.min;
	else if (strcmp(name, "runs_median") == 0)
		*v = s.median;
	else if (strcmp(name, "runs_max") == 0)
		*v = s.max;
	else
		return -1;
	return 0;
}

/* v in three significant digits and k or M when it is 10000 or more. */
static const char *
short_num(double v, char *buf, size_t len)
{
	static const struct { double at; const char *unit; } units[] = {
		{ 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" },
	};
	double a = fabs(v);

	for (size_t i = 0; a >= 1e4 && i < nitems(units); i++) {
		double x;

		if (a < units[i].at)
			continue;
		x = v / units[i].at;
		xsnprintf(buf, len, fabs(x) < 10 ? "%.2f%s" : fabs(x) < 100 ? "%.1f%s" :
		    "%.0f%s", x, units[i].unit);
		return buf;
	}
	return num(v, buf, len);
}

const char *
histo_bin_label_short(const struct histo *h, const struct histo_bin *b, char *buf,
    size_t len)
{
	char lo[32], hi[32];

	/* three digits tell bins apart when a bin spans 2 % of its values */
	if (b->lo == b->hi || (h->demo != NULL && h->demo->outcome->cases != NULL) ||
	    (b->hi - b->lo + 1) * 50 < fabs(b->hi))
		return histo_bin_label(h, b, buf, len);
	xsnprintf(buf, len, "%s..%s", short_num(b->lo, lo, sizeof lo),
	    short_num(b->hi, hi, sizeof hi));
	return buf;
}

const char *
histo_spread(const struct histo *h, int cols, char *buf, size_t len)
{
	static const char *const forms[] = {
		"min %s, median %s, max %s", "min %s  med %s  max %s", "min %s med %s max %s",
	};
	struct histo_summary s;
	char lo[32], mid[32], hi[32];

	histo_summarize(h, &s);
	if (s.n == 0 || h->demo->outcome->cases != NULL)
		return NULL;
	num(s.min, lo, sizeof lo);
	num(s.median, mid, sizeof mid);
	num(s.max, hi, sizeof hi);
	for (size_t i = 0; i < nitems(forms); i++)
		if ((int)xsnprintf(buf, len, forms[i], lo, mid, hi) <= cols)
			return buf;
	xsnprintf(buf, len, forms[nitems(forms) - 1], short_num(s.min, lo, sizeof lo),
	    short_num(s.median, mid, sizeof mid), short_num(s.max, hi, sizeof hi));
	return buf;
}
