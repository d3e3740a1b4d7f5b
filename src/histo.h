/*
 * histo.h — a series of runs of one demo and the distribution of its
 * outcome: "run it again and again".
 *
 * A race's result is not one number but a distribution.  A series runs
 * the same demo with the same knobs N times (the runs knob); each run
 * that finished adds its outcome (struct demo_outcome: one metric of the
 * result, and whether the run came out right) to a struct histo.  The
 * summary gives the smallest, middle and largest value and how many runs
 * were right; the bins group the values for a text histogram: one bin per
 * case (deadlocked or not), one per value when there are few, else ranges
 * of equal width over min..max.  A stopped run never counts: a series
 * stopped halfway holds only the runs that finished (DESIGN rule 7).
 *
 * No drawing here: demo --runs prints it, the histogram pane draws it.
 */
#ifndef LOCKSTEP_HISTO_H
#define LOCKSTEP_HISTO_H

#include <stddef.h>

#include "demo.h"
#include "engine.h"

#define HISTO_MAX_BINS 32

/* One finished run of the series. */
struct histo_run {
	double value;		/* the outcome's metric */
	int correct;		/* it came out right */
};

struct histo {
	const struct demo *demo;	/* NULL: no series */
	int want;			/* runs asked for */
	int n;				/* runs that finished, in v */
	int stopped;			/* the series was stopped before want */
	struct histo_run *v;
};

/* A bin of the histogram: the runs whose value is lo..hi. */
struct histo_bin {
	double lo, hi;
	int count, correct;
};

struct histo_summary {
	int n, correct;
	double min, median, max;	/* median: the middle run's (the lower
					 * of the two middle ones for even n) */
};

/* An empty series of want runs of d (which has an outcome). */
void histo_init(struct histo *h, const struct demo *d, int want);
/* Forget the series; h is an empty struct afterwards. */
void histo_free(struct histo *h);
/* True while the series has runs to go. */
int histo_going(const struct histo *h);
/* Count run res: 0, or -1 if it has no outcome (stopped, failed, no such
 * metric) or the series is full. */
int histo_add(struct histo *h, const struct result *res);
/* The outcome of res: 0 with *run filled, or -1 as for histo_add. */
int histo_outcome(const struct demo *d, const struct result *res,
    struct histo_run *run);
/* Min, median, max and the right runs of the runs so far (zeros if none). */
void histo_summarize(const struct histo *h, struct histo_summary *s);
/* Group the runs into at most max bins (max <= HISTO_MAX_BINS), lowest
 * first; returns the count (0 when no run finished and the outcome has no
 * cases). */
int histo_bins(const struct histo *h, int max, struct histo_bin *bins);
/* A bin's label into buf: its case ("deadlocked"), its value ("400000")
 * or its range ("399000-399499"). */
const char *histo_bin_label(const struct histo *h, const struct histo_bin *b,
    char *buf, size_t len);
/* The same, short for a narrow pane: a range of large numbers wide
 * enough that three significant digits tell it apart ("1.50M..1.59M"). */
const char *histo_bin_label_short(const struct histo *h, const struct histo_bin *b,
    char *buf, size_t len);
/* "min 3, median 7, max 9" of the runs so far into buf, the widest form
 * that fits cols columns (then "min 3 med 7 max 9", then short numbers);
 * NULL when there is no run or the outcome is cases (the bars say it). */
const char *histo_spread(const struct histo *h, int cols, char *buf, size_t len);
/* A series metric (demo_series_metrics: runs_done, runs_correct,
 * runs_min, ...): 0 and *v, or -1 when no run finished. */
int histo_metric(const struct histo *h, const char *name, double *v);

#endif
