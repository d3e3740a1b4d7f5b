/* check_layout.c — the player's layout at every size from the minimum up,
 * for every combination of panes: inside the screen, no overlaps, the
 * fixed rows in place, narrow terminals stacked, wide ones side by side. */
#include "config.h"

#include <string.h>

#include "layout.h"
#include "suites.h"

/* Check assertions are costly (each one reports to the runner): these
 * helpers test with plain ifs and fail with a message. */
#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

static void
check_inside(struct rect r, int cols, int rows, int i)
{
	if (r.h == 0)
		return;
	REQUIRE(r.y >= 0 && r.x >= 0 && r.w > 0 && r.y + r.h <= rows &&
	    r.x + r.w <= cols, "%dx%d: rect %d (%d,%d %dx%d) outside", cols, rows,
	    i, r.y, r.x, r.w, r.h);
}

static void
check_layout(int cols, int rows, unsigned mask, enum layout_zoom zoom)
{
	struct layout l;
	int want[PANE__MAX];
	struct rect all[PANE__MAX + 4];
	int n = 0, shown = 0;

	for (int p = 0; p < PANE__MAX; p++)
		want[p] = 3 + (p * 7 + cols) % 9;
	layout_player(&l, cols, rows, mask, want, zoom, LAYOUT_MIN_TEXT);
	REQUIRE(!l.too_small && l.title.y == 0 && l.knobs.y == rows - 2 &&
	    l.status.y == rows - 1, "%dx%d: fixed rows misplaced", cols, rows);
	all[n++] = l.title;
	all[n++] = l.knobs;
	all[n++] = l.status;
	all[n++] = l.text;
	for (int p = 0; p < PANE__MAX; p++) {
		if (l.pane[p].h > 0) {
			REQUIRE((mask & PANE_BIT(p)) && l.pane[p].h >= LAYOUT_PANE_MIN_H,
			    "%dx%d mask %x: pane %d shown wrongly", cols, rows, mask, p);
			shown++;
		}
		all[n++] = l.pane[p];
	}
	REQUIRE(shown + l.hidden == __builtin_popcount(mask),
	    "%dx%d mask %x: %d shown + %d hidden", cols, rows, mask, shown, l.hidden);
	for (int i = 0; i < n; i++) {
		check_inside(all[i], cols, rows, i);
		for (int j = i + 1; j < n; j++)
			REQUIRE(!layout_overlap(all[i], all[j]),
			    "%dx%d mask %x: rects %d and %d overlap", cols, rows, mask, i, j);
	}
	REQUIRE(zoom != ZOOM_BOTH || mask == 0 || l.wide || l.text.h >= LAYOUT_MIN_TEXT,
	    "%dx%d: text squeezed to %d rows", cols, rows, l.text.h);
	REQUIRE(zoom != ZOOM_TEXT || shown == 0, "text zoom shows panes");
	REQUIRE(zoom != ZOOM_PANES || mask == 0 || l.text.h == 0, "pane zoom shows text");
}

START_TEST(every_size)
{
	for (int cols = LAYOUT_MIN_COLS; cols <= 200; cols += 7)
		for (int rows = LAYOUT_MIN_ROWS; rows <= 60; rows += 5)
			for (unsigned mask = 0; mask < (1u << PANE__MAX); mask += 3)
				for (int z = 0; z < ZOOM__MAX; z++)
					check_layout(cols, rows, mask, z);
}
END_TEST

START_TEST(shapes)
{
	struct layout l;
	int want[PANE__MAX] = { [PANE_TIMELINE] = 7, [PANE_LOCK] = 8, [PANE_RESULTS] = 7 };
	unsigned mask = PANE_BIT(PANE_TIMELINE) | PANE_BIT(PANE_LOCK) | PANE_BIT(PANE_RESULTS);

	layout_player(&l, 40, 12, mask, want, ZOOM_BOTH, LAYOUT_MIN_TEXT);
	ck_assert(l.too_small);
	ck_assert(!layout_fits(59, 30));
	ck_assert(layout_fits(60, 18));
	/* 100x30: side by side, every pane shown in one column */
	layout_player(&l, 100, 30, mask, want, ZOOM_BOTH, LAYOUT_MIN_TEXT);
	ck_assert(l.wide);
	ck_assert_int_eq(l.text.x, 0);
	ck_assert_int_eq(l.pane[PANE_TIMELINE].x, l.text.w);
	ck_assert_int_eq(l.hidden, 0);
	ck_assert_int_eq(l.pane[PANE_LOCK].x, l.pane[PANE_RESULTS].x);
	/* 80x24: text above, the timeline across, lock and results side by side */
	layout_player(&l, 80, 24, mask, want, ZOOM_BOTH, LAYOUT_MIN_TEXT);
	ck_assert(!l.wide);
	ck_assert_int_eq(l.text.w, 80);
	ck_assert_int_eq(l.pane[PANE_TIMELINE].w, 80);
	ck_assert_int_eq(l.pane[PANE_LOCK].y, l.pane[PANE_RESULTS].y);
	ck_assert_int_eq(l.hidden, 0);
	ck_assert_int_ge(l.text.h, LAYOUT_MIN_TEXT);
}
END_TEST

/* The timeline as pane-timeline.c sizes it for n workers: a row each (or
 * two to a row in half blocks), the ruler, a legend row, the borders. */
static void
ask_timeline(struct layout_ask *a, int n)
{
	a->want[PANE_TIMELINE] = n + 2 + 2;
	a->min[PANE_TIMELINE] = (n + 1) / 2 + 2 + 2;
	a->max[PANE_TIMELINE] = a->want[PANE_TIMELINE] + n;
}

/* Rows the pane area has at the bottom: where its last pane ends. */
static int
panes_bottom(const struct layout *l)
{
	int b = 0;

	for (int p = 0; p < PANE__MAX; p++)
		if (l->pane[p].h > 0 && l->pane[p].y + l->pane[p].h > b)
			b = l->pane[p].y + l->pane[p].h;
	return b;
}

START_TEST(every_worker_on_screen)
{
	static const int sizes[][2] = { { 80, 24 }, { 100, 30 }, { 200, 50 } };
	static const int workers[] = { 1, 4, 8, 64 };

	for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
	for (size_t k = 0; k < sizeof workers / sizeof workers[0]; k++)
	for (unsigned others = 0; others < (1u << (PANE__MAX - 1)); others++) {
		int cols = sizes[z][0], rows = sizes[z][1], n = workers[k];
		struct layout_ask a = { .min_text = LAYOUT_MIN_TEXT };
		struct layout l;
		struct rect t;

		if (__builtin_popcount(others) > 3)
			continue;	/* a step shows at most four panes */
		a.mask = PANE_BIT(PANE_TIMELINE) | (others << 1);
		for (int p = 0; p < PANE__MAX; p++)
			a.want[p] = 5;
		ask_timeline(&a, n);
		/* the default layout: every worker of a course step (up to 8) */
		layout_lesson(&l, cols, rows, &a);
		t = l.pane[PANE_TIMELINE];
		if (n <= 8) {
			REQUIRE(t.h >= a.min[PANE_TIMELINE], "%dx%d, %d workers: timeline %d rows",
			    cols, rows, n, t.h);
			REQUIRE(l.wide || l.text.h >= LAYOUT_MIN_TEXT, "%dx%d: text %d rows",
			    cols, rows, l.text.h);
		}
		/* a row each at 80x24 for up to 4, and on bigger terminals */
		if (n <= 4 || (n <= 8 && rows >= 30))
			REQUIRE(t.h >= a.want[PANE_TIMELINE], "%dx%d, %d workers: timeline %d "
			    "rows, wants %d", cols, rows, n, t.h, a.want[PANE_TIMELINE]);
		/* side by side, nothing left empty below the panes */
		if (l.wide)
			REQUIRE(panes_bottom(&l) == rows - 2, "%dx%d mask %x: panes end at %d",
			    cols, rows, a.mask, panes_bottom(&l));
		/* Tab: panes only, 64 workers at 100x30, two to a row in blocks */
		a.zoom = ZOOM_PANES;
		layout_lesson(&l, cols, rows, &a);
		t = l.pane[PANE_TIMELINE];
		if (cols >= 100 && rows >= 30) {
			int inner = t.h - 2 - 2, blocks = (t.w - 4 + 1) / 25;

			REQUIRE(inner > 0 && 2 * inner * blocks >= n, "%dx%d Tab: %d workers in "
			    "%d rows x %d blocks", cols, rows, n, inner, blocks);
		}
	}
}
END_TEST

START_TEST(timeline_strips_fill_the_rows)
{
	static const int workers[] = { 1, 2, 4, 8, 64 };

	for (size_t k = 0; k < sizeof workers / sizeof workers[0]; k++)
		for (int h = 3; h <= 60; h++)
			for (int w = 36; w <= 196; w += 40) {
				int n = workers[k], nleg = 1 + (w < 60);
				struct layout_tl t;

				layout_timeline(&t, n, n, nleg, h, w);
				REQUIRE(t.used <= h, "%d workers, %dx%d: uses %d rows", n, w, h, t.used);
				REQUIRE(t.strips >= 1 && t.strips <= LAYOUT_TL_STRIPS &&
				    t.strips * (w - LAYOUT_TL_NAME) <= 512, "%d strips of %d", t.strips, w);
				/* strips only when every worker has its rows in each */
				REQUIRE(t.strips == 1 || (t.per_row == 1 && t.strip_h == n * t.mult + 1),
				    "%d workers, %dx%d: strips of %d rows", n, w, h, t.strip_h);
				/* rows left over: less than another strip */
				if (t.strips > 1 && t.strips < LAYOUT_TL_STRIPS &&
				    (t.strips + 1) * (w - LAYOUT_TL_NAME) <= 512)
					REQUIRE(h - t.used < t.strip_h + (t.times ? n + 1 : 0) + t.strips,
					    "%d workers, %dx%d: %d rows unused", n, w, h, h - t.used);
				/* no more rows wanted than it can use */
				REQUIRE(layout_timeline_most(n, n, nleg, w) >= t.used,
				    "%d workers at %d: most below used", n, w);
			}
}
END_TEST

/* Lay out a 200x50 (or any) player as the player does: the timeline asks
 * for what its strips can use, then gives back the rows they leave. */
static void
player_layout(struct layout *l, int cols, int rows, struct layout_ask *a, int n,
    struct layout_tl *t)
{
	int w;

	layout_lesson(l, cols, rows, a);
	w = l->pane[PANE_TIMELINE].w - 4;
	layout_timeline(t, n, n, 1, l->pane[PANE_TIMELINE].h - 2, w);
	if (t->used + 2 < l->pane[PANE_TIMELINE].h) {
		a->max[PANE_TIMELINE] = t->used + 2;
		layout_lesson(l, cols, rows, a);
		layout_timeline(t, n, n, 1, l->pane[PANE_TIMELINE].h - 2, w);
	}
}

START_TEST(nothing_half_empty_at_200x50)
{
	/* a course step has two workers or more */
	static const int workers[] = { 2, 3, 4, 8 };

	for (size_t k = 0; k < sizeof workers / sizeof workers[0]; k++)
	for (unsigned others = 1; others < (1u << (PANE__MAX - 1)); others++) {
		int n = workers[k], blank = 0;
		struct layout_ask a = { .min_text = LAYOUT_MIN_TEXT };
		struct layout l;
		struct layout_tl t;

		if (__builtin_popcount(others) > 3)
			continue;
		a.mask = PANE_BIT(PANE_TIMELINE) | (others << 1);
		for (int p = 1; p < PANE__MAX; p++)
			a.want[p] = 4 + p % 5;	/* 2 to 6 lines of content */
		a.want[PANE_TIMELINE] = n + 1 + 1 + 2;
		a.max[PANE_TIMELINE] = layout_timeline_most(n, n, 1, 112 - 4) + 2;
		player_layout(&l, 200, 50, &a, n, &t);
		/* rows with nothing on them, inside the boxes */
		blank += l.pane[PANE_TIMELINE].h - 2 - t.used;
		for (int p = 1; p < PANE__MAX; p++)
			if (l.pane[p].h > 0)
				blank += l.pane[p].h - a.want[p];
		REQUIRE(t.strips >= 2, "200x50, %d workers, panes %x: one strip", n, a.mask);
		REQUIRE(blank <= t.strip_h + 3, "200x50, %d workers, panes %x: %d blank rows "
		    "(strips of %d)", n, a.mask, blank, t.strip_h);
	}
}
END_TEST

/* A crowd (more workers than a course step's 8) beside other panes asks
 * for rows for 8 of them: the results are never hidden for it. */
START_TEST(a_crowd_does_not_hide_the_results)
{
	static const int sizes[][2] = { { 80, 24 }, { 100, 30 }, { 200, 50 } };

	for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
		for (int n = 9; n <= 64; n += 5) {
			struct layout_ask a = { .min_text = LAYOUT_MIN_TEXT,
				.mask = PANE_BIT(PANE_TIMELINE) | PANE_BIT(PANE_RESULTS) };
			int w = sizes[z][0] >= LAYOUT_WIDE_COLS ? sizes[z][0] / 2 : sizes[z][0];
			struct layout l;

			a.want[PANE_TIMELINE] = a.min[PANE_TIMELINE] =
			    layout_timeline_fewest(LAYOUT_TL_CROWD, LAYOUT_TL_CROWD + 1, 1, w - 4) + 2;
			a.max[PANE_TIMELINE] = layout_timeline_most(n, n, 1, w - 4) + 2;
			a.want[PANE_RESULTS] = 9;	/* a start-up headline in half size */
			layout_lesson(&l, sizes[z][0], sizes[z][1], &a);
			REQUIRE(l.hidden == 0 && l.pane[PANE_RESULTS].h >= 8, "%dx%d, %d workers: "
			    "results %d rows", sizes[z][0], sizes[z][1], n, l.pane[PANE_RESULTS].h);
		}
}
END_TEST

START_TEST(code_fits_the_text_column)
{
	struct layout_ask a = { .min_text = LAYOUT_MIN_TEXT };
	struct layout l;

	a.mask = PANE_BIT(PANE_TIMELINE) | PANE_BIT(PANE_RESULTS);
	ask_timeline(&a, 4);
	a.want[PANE_RESULTS] = 6;
	/* 100x30: code up to 54 columns does not wrap; panes keep 40 */
	for (int code = 10; code <= 80; code++) {
		a.text_w = layout_code_cols(code);
		layout_lesson(&l, 100, 30, &a);
		REQUIRE(l.wide && 100 - l.text.w >= LAYOUT_PANES_MIN_W, "code %d: panes %d wide",
		    code, 100 - l.text.w);
		if (code <= 54)
			REQUIRE(l.text.w >= layout_code_cols(code), "100x30, code %d: text %d",
			    code, l.text.w);
		/* 200x50: the course's widest (73) and more fit */
		layout_lesson(&l, 200, 50, &a);
		REQUIRE(l.text.w >= layout_code_cols(code) && l.text.w >= 80, "200x50, "
		    "code %d: text %d", code, l.text.w);
		/* 80x24: stacked, the whole width */
		layout_lesson(&l, 80, 24, &a);
		REQUIRE(l.text.w == 80, "80x24: text %d wide", l.text.w);
	}
	/* no code: half the screen, at most LAYOUT_TEXT_MAX */
	a.text_w = 0;
	layout_lesson(&l, 100, 30, &a);
	ck_assert_int_eq(l.text.w, 50);
	layout_lesson(&l, 200, 50, &a);
	ck_assert_int_eq(l.text.w, LAYOUT_TEXT_MAX);
}
END_TEST

START_TEST(the_bar_never_drops_a_key)
{
	/* the longest bar a course step has: a count, five knobs, pace, step
	 * and pause */
	static const struct bar_key k[] = {
		{ "Space", "stop", NULL }, { "+-", "workers 64", "64" },
		{ "lL", "lock on", "on" }, { "gG", "GIL off", "off" },
		{ "mM", "coroutine", "coroutine" }, { "oO", "order inconsistent", "inconsistent" },
		{ "wW", "to-thread", "to-thread" }, { "<>", "50×", NULL },
		{ "s", "stepping", NULL }, { "z", "paused", NULL },
	};
	int n = (int)(sizeof k / sizeof k[0]), last = 0;

	for (int cols = 200; cols >= LAYOUT_MIN_COLS - 2; cols--) {
		int level = layout_bar(k, n, cols);

		/* squeezed step by step as the terminal narrows, never dropped */
		ck_assert_int_ge(level, last);
		last = level;
		ck_assert_msg(layout_bar_width(k, n, level) <= cols, "%d columns: %d wide",
		    cols, layout_bar_width(k, n, level));
	}
	ck_assert_int_eq(layout_bar(k, n, 200), 0);
	ck_assert_int_eq(layout_bar_width(k, 2, 0), 5 + 1 + 4 + 2 + 2 + 1 + 10);
	ck_assert_int_eq(layout_bar_width(k, 2, 3), 5 + 1 + 2);
}
END_TEST

Suite *
layout_suite(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("layout");

	tcase_add_test(tc, every_size);
	tcase_add_test(tc, shapes);
	tcase_add_test(tc, every_worker_on_screen);
	tcase_add_test(tc, timeline_strips_fill_the_rows);
	tcase_add_test(tc, nothing_half_empty_at_200x50);
	tcase_add_test(tc, a_crowd_does_not_hide_the_results);
	tcase_add_test(tc, code_fits_the_text_column);
	tcase_add_test(tc, the_bar_never_drops_a_key);
	suite_add_tcase(s, tc);
	return s;
}
