/*
 * pane.h — the live panes of the lesson player, one file each
 * (pane-NAME.c, defining its struct pane_class pane_NAME) and one line
 * each in panes.def, from which the table and lesson.h's enum are made.  A pane draws only from the view
 * model and the run's result, gathered in a struct pane_ctx; it never sees
 * the workers, the run or the lesson.
 */
#ifndef LOCKSTEP_PANE_H
#define LOCKSTEP_PANE_H

#include <stdint.h>

#include "demo.h"
#include "engine.h"
#include "layout.h"
#include "lesson.h"
#include "live.h"
#include "view.h"

/* What a pane may draw from. */
struct pane_ctx {
	const struct view *v;		/* NULL before the first run */
	const struct result *res;	/* the last finished run's, or NULL */
	const struct demo *demo;
	const struct knobs *knobs;	/* the knobs now (resolved) */
	enum live_phase phase;
	int paused, stepping, stopped;
	double elapsed_ms;		/* of the run now, or the last run */
	double baseline_ms;		/* < 0: unknown */
	const char *error;		/* "" when none */
	const struct histo *histo;	/* the series (R), or NULL */
	int series_run;			/* the series' run now (1-based), 0: none */
	uint64_t now;
	/* replay (the player's time cursor): v is the view at the cursor */
	int replay;
	uint64_t cursor;		/* ns since the run's start */
	const struct view *whole;	/* the finished run, for the timeline's
					 * whole picture; NULL: v's own columns */
};

/* The timeline's name column is at most this wide; its time columns are
 * the rest of the row. */
#define PANE_TL_NAME_MAX 12

/* A pane: what pane-NAME.c defines as pane_NAME. */
struct pane_class {
	const char *title;
	/* Rows wanted, borders included, for a pane w columns wide. */
	int (*height)(const struct pane_ctx *c, int w);
	/* Fewest rows it can draw everything in (NULL: height), borders
	 * included; the timeline's are two workers to a row. */
	int (*min)(const struct pane_ctx *c, int w);
	/* Most rows it can use well (NULL: height); more are blank. */
	int (*most)(const struct pane_ctx *c, int w);
	/* Draw inside r (the box is drawn already). */
	void (*draw)(const struct pane_ctx *c, struct rect r);
};

/* The panes, by PANE_*: one per line of panes.def. */
#define PANE(ID, name) extern const struct pane_class pane_##name;
#include "panes.def"
#undef PANE
extern const struct pane_class *const pane_classes[PANE__MAX];

/* Draw pane p in r: its box, its title, its contents. */
void pane_draw(enum lesson_pane p, const struct pane_ctx *c, struct rect r);
/* Fill c from live run l of demo d with knobs k (resolved), at time now. */
void pane_ctx_live(struct pane_ctx *c, const struct live *l, const struct demo *d,
    const struct knobs *k, uint64_t now);
/* Lay out the panes in mask inside area and draw them; lay->pane says
 * where each went. */
void pane_area(const struct pane_ctx *c, unsigned mask, struct rect area,
    struct layout *lay);
/* Rows pane p wants at width w. */
int pane_height(enum lesson_pane p, const struct pane_ctx *c, int w);
/* Fewest rows pane p can show everything in at width w. */
int pane_min_height(enum lesson_pane p, const struct pane_ctx *c, int w);
/* Most rows pane p can use well at width w. */
int pane_most_height(enum lesson_pane p, const struct pane_ctx *c, int w);
/* Columns of time the timeline shows in box r (all its strips), 0 when
 * there is no view yet. */
int pane_timeline_span(const struct view *v, struct rect r);
/* Fewest rows (box included) of a timeline showing only LAYOUT_TL_CROWD of
 * its workers and how many more there are, at width w. */
int pane_timeline_min_crowd(const struct pane_ctx *c, int w);
/* Rows of box r the timeline draws on (whole strips of time), box
 * included; r.h when there is no view yet. */
int pane_timeline_rows(const struct view *v, struct rect r);

/* Helpers shared by the panes (pane.c). */
/* A worker's name, or "?" for an index out of range. */
const char *pane_worker_name(const struct view *v, int i);
/* Write the names of workers idx[0..n-1] separated by spaces at y, x; each
 * in role; "none" in the dim role when n is 0.  Returns columns used. */
int pane_names(const struct view *v, const int *idx, int n, int y, int x,
    int cols, int role);
/* The finished run's metric name in *x; 0 when there is none. */
int pane_metric(const struct pane_ctx *c, const char *name, double *x);
/* A horizontal meter of cols cells filled to frac (0..1). */
void pane_meter(int y, int x, int cols, double frac, int role);
/* A dim message for a pane with nothing to show yet (wrapped). */
void pane_empty(struct rect r, const char *msg);
/* Write the first of the texts (NULL-terminated list) that fits in cols
 * at y, x in role: the long form where there is room, a shorter one where
 * not; the last cut with "…" when none fits.  Returns columns used. */
int pane_put_fit(int y, int x, int cols, int role, ...) __attribute__((sentinel));

#endif
