/*
 * layout.h — where everything goes on the lesson player's screen, as pure
 * arithmetic (tested without a terminal).  The screen calls layout_player()
 * from its one resize path and on every change of what it shows.
 *
 *   row 0          title bar
 *   rows 1..h-3    content: text | panes side by side when wide (>= 100
 *                  columns), else the text above the panes
 *   row h-2        knob bar
 *   row h-1        status line
 *
 * Side by side, the text column is half the screen (at most
 * LAYOUT_TEXT_MAX), widened to the step's widest code line when it has one,
 * as long as the panes keep LAYOUT_PANES_MIN_W columns.
 *
 * Panes go in enum lesson_pane order: the timeline across the whole pane
 * area, the others two to a row when the area is wide enough.  Each pane
 * asks for the rows it wants and the fewest it can show everything in
 * (the timeline's: two workers to a row).  When they do not fit, the
 * other panes give up rows down to their fewest, then down to
 * LAYOUT_PANE_MIN_H, then the timeline down to its fewest, then the last
 * panes are hidden (counted in hidden), and only then the timeline shrinks
 * further.  Rows left over go to the timeline (up to the most it can use)
 * and then to every pane alike, so a big terminal has no empty half.
 */
#ifndef LOCKSTEP_LAYOUT_H
#define LOCKSTEP_LAYOUT_H

#include "lesson.h"

#define LAYOUT_MIN_COLS 60
#define LAYOUT_MIN_ROWS 18
#define LAYOUT_WIDE_COLS 100	/* text and panes side by side from here */
#define LAYOUT_PAIR_COLS 64	/* two panes to a row from here */
#define LAYOUT_MIN_TEXT 6	/* rows of text kept when stacked */
#define LAYOUT_PANE_MIN_H 3
#define LAYOUT_TEXT_MAX 88	/* text column, side by side: at most */
#define LAYOUT_PANES_MIN_W 40	/* panes keep this many columns beside text */

struct rect {
	int y, x, h, w;
};

enum layout_zoom { ZOOM_BOTH, ZOOM_PANES, ZOOM_TEXT, ZOOM__MAX };

struct layout {
	int too_small;
	int wide;
	struct rect title, text, knobs, status;
	struct rect pane[PANE__MAX];	/* h == 0: not shown */
	int hidden;			/* panes asked for but left out */
};

/* What the player asks of the layout. */
struct layout_ask {
	unsigned mask;			/* the panes to show */
	int want[PANE__MAX];		/* rows each wants, borders included */
	int min[PANE__MAX];		/* fewest that show everything (0: want) */
	int max[PANE__MAX];		/* most it can use well (0: want) */
	enum layout_zoom zoom;
	int min_text;			/* rows of text kept when stacked */
	int text_w;			/* columns the text wants (its code), or 0 */
};

/* Lay out a cols × rows player as a asks. */
void layout_lesson(struct layout *l, int cols, int rows, const struct layout_ask *a);
/* The same with min = want and no text width: the panes in mask, each
 * wanting want[p] rows, keeping min_text rows of text when stacked. */
void layout_player(struct layout *l, int cols, int rows, unsigned mask,
    const int want[PANE__MAX], enum layout_zoom zoom, int min_text);
/* Only the panes in mask, each wanting want[p] rows, placed in area (sets
 * l->pane and l->hidden; the rest of l is left alone). */
void layout_panes(struct layout *l, struct rect area, unsigned mask,
    const int want[PANE__MAX]);
/*
 * The timeline's rows (pane-timeline.c): one text row a worker, two when
 * there is room (thicker bars), two workers a row in half blocks when
 * rows are short, side-by-side blocks when still short.  When rows are
 * plenty, time goes in strips one under the other, each its workers and a
 * ruler, as many as fill the rows (at most LAYOUT_TL_STRIPS, and no more
 * than the history's VIEW_TL_COLS columns); then the legend; then, when
 * rows are left for it, a header and one row a worker saying where its
 * time went; then a blank row between strips if one is left for each.
 * The player gives rows the timeline does not use (t->used) back to the
 * other panes.
 */
#define LAYOUT_TL_STRIPS 6
#define LAYOUT_TL_NAME 13	/* the name column and its gap, at most */
#define LAYOUT_TL_CROWD 8	/* a course step's most workers */

struct layout_tl {
	int per_row;	/* workers a text row: 1, or 2 in half blocks */
	int mult;	/* text rows a worker: 1 or 2 (3 in strips of few) */
	int blocks;	/* side-by-side blocks of workers */
	int rows;	/* text rows of workers a block (strip) */
	int shown;	/* workers drawn */
	int strips;	/* strips of time, one under the other */
	int strip_h;	/* rows a strip takes, its ruler included */
	int gap;	/* blank rows between strips: 0 or 1 */
	int times;	/* 1: each worker's time by state under the legend */
	int used;	/* rows drawn on, of h */
};

/* Shape the timeline of n workers shown (ntotal in the run) and a legend
 * of nleg rows into h rows of w columns (its box off). */
void layout_timeline(struct layout_tl *t, int n, int ntotal, int nleg, int h, int w);
/* Fewest rows (box off) that show every worker at w columns: two to a
 * row, in side-by-side blocks. */
int layout_timeline_fewest(int n, int ntotal, int nleg, int w);
/* Most rows (box off) the timeline can use well at w columns. */
int layout_timeline_most(int n, int ntotal, int nleg, int w);

/* One key of the knob bar: "key text", or "key brief" when short of room. */
struct bar_key {
	const char *key, *text, *brief;	/* brief may be NULL: none */
};

/* How to draw n bar keys in cols columns so none is dropped: 0 with two
 * spaces between, 1 with one, 2 with the briefs, 3 the keys alone (what
 * layout_bar_width measures). */
int layout_bar(const struct bar_key *k, int n, int cols);
/* Columns the bar takes at level. */
int layout_bar_width(const struct bar_key *k, int n, int level);
/* Columns of text a code line of width w needs (margins and indent). */
int layout_code_cols(int w);
/* True if the terminal is big enough for lockstep. */
int layout_fits(int cols, int rows);
/* True if two rectangles share a cell. */
int layout_overlap(struct rect a, struct rect b);

#endif
