/*
 * screen-notes.c — `lockstep present --notes`: the speaker's window beside
 * a presenter.  It follows the presenter's "lesson, step" messages
 * (notes.h) and shows what the projector does not: the step's @note
 * texts, its prose, what comes next, and a clock.  With no presenter (not
 * started yet, or gone) it says so and tries again twice a second; it only
 * ever looks the two ids up in its own course.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "notes.h"
#include "prose.h"
#include "term.h"
#include "text.h"
#include "ui.h"
#include "util.h"

#define NOTES_RETRY_NS 500000000u

struct notes_view {
	struct notes_client c;
	char path[108];
	char err[300];			/* no socket path: why */
	int ever;			/* a presenter was followed */
	char lesson[NOTES_ID_MAX], step[NOTES_ID_MAX];
	uint64_t last_try;
	time_t since, shown_sec;
	int scroll;
};

static void
notes_enter(struct ui *ui)
{
	struct notes_view *nv = xcalloc(1, sizeof *nv);

	ui->notes = nv;
	notes_client_init(&nv->c);
	if (notes_socket_path(nv->path, sizeof nv->path, nv->err, sizeof nv->err) != 0)
		nv->path[0] = '\0';
}

static void
notes_leave(struct ui *ui)
{
	if (ui->notes == NULL)
		return;
	notes_client_close(&ui->notes->c);
	free(ui->notes);
	ui->notes = NULL;
}

static enum ui_action
notes_key(struct ui *ui, int key)
{
	const struct keymap_entry *e = keymap_find(keymap_notes, key);
	struct notes_view *nv = ui->notes;

	if (e == NULL)
		return UI_NONE;
	switch (e->cmd) {
	case CMD_QUIT:
		return UI_QUIT;
	case CMD_HELP:
		return UI_HELP;
	case CMD_SCROLL_UP:
		nv->scroll = nv->scroll > 0 ? nv->scroll - 1 : 0;
		return UI_REDRAW;
	case CMD_SCROLL_DOWN:
		nv->scroll++;
		return UI_REDRAW;
	default:
		return UI_NONE;
	}
}

static void
notes_keys(struct ui *ui, const struct keymap_entry *t[3], const char *titles[3])
{
	(void)ui;
	t[0] = keymap_notes;
	titles[0] = "Speaker notes";
	t[1] = NULL;
}

static int
notes_tick(struct ui *ui, uint64_t now)
{
	struct notes_view *nv = ui->notes;
	time_t sec = time(NULL);
	int changed = 0;

	if (nv->c.fd < 0 && nv->path[0] != '\0' && now - nv->last_try >= NOTES_RETRY_NS) {
		nv->last_try = now;
		if (notes_client_connect(&nv->c, nv->path) == 0) {
			nv->since = sec;
			changed = 1;
		}
	}
	if (nv->c.fd >= 0) {
		char l[NOTES_ID_MAX], s[NOTES_ID_MAX];

		switch (notes_client_poll(&nv->c, l, s)) {
		case 1:
			if (strcmp(l, nv->lesson) != 0 || strcmp(s, nv->step) != 0)
				nv->scroll = 0;
			memcpy(nv->lesson, l, sizeof l);
			memcpy(nv->step, s, sizeof s);
			nv->ever = 1;
			changed = 1;
			break;
		case -1:
			changed = 1;	/* the presenter is gone */
			break;
		}
	}
	if (sec != nv->shown_sec) {
		nv->shown_sec = sec;
		changed = 1;	/* the clock */
	}
	return changed;
}

static int
notes_busy(struct ui *ui)
{
	(void)ui;
	return 1;		/* the clock and the socket need frames */
}

/* Draw text wrapped in w columns from row *y (skipping the first *skip
 * rows), stopping at end. */
static void
notes_text(const char *text, int *y, int x, int w, int end, int *skip,
    enum color_role role)
{
	struct text_lines tl = { 0 };

	text_wrap(text, w, 1, &tl);
	for (int i = 0; i < tl.n && *y < end; i++) {
		char *line;

		if (*skip > 0) {
			(*skip)--;
			continue;
		}
		line = xstrndup(text + tl.v[i].off, tl.v[i].len);
		term_put((*y)++, x, w, role, line);
		free(line);
	}
	text_lines_free(&tl);
}

static int
no_metric(void *ctx, int run, const char *name, double *value)
{
	(void)ctx, (void)run, (void)name, (void)value;
	return -1;		/* the notes never see the presenter's numbers */
}

static void
notes_step(struct ui *ui, struct notes_view *nv, const struct lesson *l, int s)
{
	const struct lesson_step *st = &l->steps[s];
	int y = 2, x = 2, w = ui->cols - 4, end = ui->rows - 1, skip = nv->scroll;
	struct prose pr = { 0 };
	char buf[300];

	xsnprintf(buf, sizeof buf, "Step %d of %d: %s", s + 1, l->nsteps, st->title);
	term_put_clip(y++, x, w, COLOR_HEADING, buf);
	y++;
	if (st->notes.n == 0)
		notes_text("(no speaker notes for this step)", &y, x, w, end, &skip, COLOR_DIM);
	for (int i = 0; i < st->notes.n; i++) {
		char *t = lesson_render(st->notes.v[i], st->demo, st->demo != NULL, no_metric,
		    NULL, "…");

		notes_text(t, &y, x, w, end, &skip, COLOR_NOTICE);
		free(t);
	}
	if (s + 1 < l->nsteps)
		xsnprintf(buf, sizeof buf, "Next: step %d, %s", s + 2, l->steps[s + 1].title);
	else if (l->nquestions > 0)
		xsnprintf(buf, sizeof buf, "Next: the end; the lesson's quiz has %d question%s "
		    "(lockstep quiz %s)", l->nquestions, l->nquestions > 1 ? "s" : "", l->id);
	else
		xsnprintf(buf, sizeof buf, "Next: the end of the lesson");
	if (y < end)
		y++;
	notes_text(buf, &y, x, w, end, &skip, COLOR_KEY);
	if (y < end)
		y++;
	notes_text("The step's text (hidden on the projector):", &y, x, w, end, &skip,
	    COLOR_DIM);
	prose_build(&pr, st, w, 1, no_metric, NULL);
	for (int i = 1; i < pr.n && y < end; i++) {	/* 0 is the title */
		if (skip > 0) {
			skip--;
			continue;
		}
		if (pr.v[i].key[0] != '\0')
			term_put(y, x, pr.v[i].indent, COLOR_DIM, pr.v[i].key);
		term_put(y++, x + pr.v[i].indent, w - pr.v[i].indent,
		    pr.v[i].kind == PROSE_CODE ? COLOR_CODE : COLOR_NORMAL, pr.v[i].s);
	}
	prose_free(&pr);
}

static void
notes_draw(struct ui *ui)
{
	struct notes_view *nv = ui->notes;
	struct rect title = { 0, 0, 1, ui->cols }, status = { ui->rows - 1, 0, 1, ui->cols };
	const struct lesson *l = nv->ever ? lesson_catalogue_find(&ui->cat, nv->lesson) : NULL;
	char clock[16], buf[300];
	time_t now = time(NULL);
	struct tm tm;
	int mid = ui->rows / 2 - 1, s = -1;

	localtime_r(&now, &tm);
	strftime(clock, sizeof clock, "%H:%M:%S ", &tm);
	term_fill(title, COLOR_TITLE);
	term_printf(0, 1, ui->cols - 12, COLOR_TITLE, "lockstep notes %s %s",
	    term_glyph(G_POINTER), l != NULL ? l->title : "speaker notes");
	term_put(0, ui->cols - text_width(clock), 9, COLOR_TITLE, clock);
	for (int i = 0; l != NULL && i < l->nsteps; i++)
		if (strcmp(l->steps[i].id, nv->step) == 0)
			s = i;
	if (nv->path[0] == '\0') {
		term_put_clip(mid, 2, ui->cols - 4, COLOR_WARN, "Cannot follow a presenter:");
		term_put_clip(mid + 1, 2, ui->cols - 4, COLOR_NORMAL, nv->err);
	} else if (nv->c.fd < 0) {
		term_put_clip(mid, 2, ui->cols - 4, COLOR_NOTICE, nv->ever ?
		    "The presenter has quit. Waiting for it to come back..." :
		    "No presenter is running yet. Waiting...");
		term_put_clip(mid + 1, 2, ui->cols - 4, COLOR_DIM,
		    "Start 'lockstep present LESSON' in another terminal; this window follows it.");
	} else if (!nv->ever) {
		term_put_clip(mid, 2, ui->cols - 4, COLOR_NOTICE, "Connected; waiting for a step...");
	} else if (l == NULL || s < 0) {
		xsnprintf(buf, sizeof buf, "The presenter is at %s, step %s, which this "
		    "lockstep's course does not have.", nv->lesson, nv->step);
		term_put_clip(mid, 2, ui->cols - 4, COLOR_WARN, buf);
	} else {
		notes_step(ui, nv, l, s);
	}
	term_fill(status, COLOR_NORMAL);
	if (nv->c.fd >= 0) {
		long el = (long)(now - nv->since);

		xsnprintf(buf, sizeof buf, "following the presenter for %ld:%02ld", el / 60, el % 60);
		term_put(status.y, 1, ui->cols - 20, COLOR_GOOD, buf);
	} else
		term_put(status.y, 1, ui->cols - 20, COLOR_DIM, "no presenter");
	term_put(status.y, ui->cols - 15, 14, COLOR_DIM, "? help  q quit");
}

const struct screen screen_notes = {
	.name = "notes",
	.enter = notes_enter,
	.leave = notes_leave,
	.draw = notes_draw,
	.key = notes_key,
	.tick = notes_tick,
	.busy = notes_busy,
	.keys = notes_keys,
};
