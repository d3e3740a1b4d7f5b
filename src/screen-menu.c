/*
 * screen-menu.c — the course: every lesson in order with the learner's
 * progress, a filter typed after '/', and the summary of the lesson under
 * the cursor.  The cursor starts on the lesson seen last.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keymap.h"
#include "term.h"
#include "text.h"
#include "ui.h"
#include "util.h"

#define MENU_DETAIL_ROWS 4

static int
matches(const struct lesson *l, const char *filter)
{
	if (filter[0] == '\0')
		return 1;
	return strcasestr(l->title, filter) != NULL || strcasestr(l->id, filter) != NULL ||
	    (l->summary != NULL && strcasestr(l->summary, filter) != NULL);
}

/* The lessons shown (indexes into the catalogue); returns the count. */
/* The catalogue indexes the filter lets through, in order (free it). */
static int *
menu_items(struct ui *ui, int *n)
{
	int *out = xreallocarray(NULL, (size_t)ui->cat.n + 1, sizeof *out);

	*n = 0;
	for (int i = 0; i < ui->cat.n; i++)
		if (matches(ui->cat.v[i], ui->menu.filter))
			out[(*n)++] = i;
	return out;
}

static void
menu_enter(struct ui *ui)
{
	ui->menu.top = 0;
	if (ui->prog.last[0] == '\0')
		return;
	for (int i = 0; i < ui->cat.n; i++)
		if (strcmp(ui->cat.v[i]->id, ui->prog.last) == 0)
			ui->menu.sel = i;
}

static void
menu_leave(struct ui *ui)
{
	(void)ui;
}

const char *
ui_progress_text(struct ui *ui, const struct lesson *l, char *buf, int len)
{
	struct progress_entry *e = progress_get(&ui->prog, l->id, 0);
	size_t n;

	if (e == NULL)
		xsnprintf(buf, (size_t)len, "not started");
	else if (e->done)
		xsnprintf(buf, (size_t)len, "done %s", term_glyph(G_CHECK));
	else if (e->furthest > e->step && e->furthest < l->nsteps)
		xsnprintf(buf, (size_t)len, "step %d of %d, up to %d", e->step + 1,
		    l->nsteps, e->furthest + 1);	/* went back: resumes there */
	else
		xsnprintf(buf, (size_t)len, "step %d of %d", e->step + 1, l->nsteps);
	n = strlen(buf);
	if (e != NULL && e->quiz_total > 0)
		xsnprintf(buf + n, (size_t)len - n, ", quiz %d/%d", e->quiz_right,
		    e->quiz_total);
	return buf;
}

static void
draw_row(struct ui *ui, int y, int idx, int num, int selected)
{
	const struct lesson *l = ui->cat.v[idx];
	struct progress_entry *e = progress_get(&ui->prog, l->id, 0);
	enum color_role role = selected ? COLOR_SELECT : COLOR_NORMAL, prole;
	char prog[64];
	int progw = 22, levw = 13, titlew = ui->cols - 6 - levw - progw - 2;

	if (selected)
		term_fill((struct rect){ y, 0, 1, ui->cols }, COLOR_SELECT);
	term_printf(y, 1, 4, selected ? COLOR_SELECT : COLOR_DIM, "%3d", num);
	term_put_clip(y, 6, titlew - 1, role, l->title);
	term_put(y, 6 + titlew, levw, selected ? COLOR_SELECT : COLOR_DIM,
	    lesson_level_name(l->level));
	ui_progress_text(ui, l, prog, sizeof prog);
	prole = e == NULL ? COLOR_DIM : e->done ? COLOR_GOOD : COLOR_NOTICE;
	term_put(y, 6 + titlew + levw, progw, selected ? COLOR_SELECT : prole, prog);
}

static void
draw_detail(struct ui *ui, const struct lesson *l, struct rect r)
{
	struct text_lines tl = { 0 };
	char buf[128];

	term_put_clip(r.y, 1, r.w - 2, COLOR_HEADING, l->title);
	text_wrap(l->summary != NULL ? l->summary : "", r.w - 2, 0, &tl);
	for (int i = 0; i < tl.n && i < r.h - 2; i++) {
		char line[512];

		xsnprintf(line, sizeof line, "%.*s", (int)tl.v[i].len,
		    l->summary + tl.v[i].off);
		term_put(r.y + 1 + i, 1, r.w - 2, COLOR_NORMAL, line);
	}
	text_lines_free(&tl);
	xsnprintf(buf, sizeof buf, "%d steps, %d questions, %s; id %s", l->nsteps,
	    l->nquestions, lesson_level_name(l->level), l->id);
	term_put(r.y + r.h - 1, 1, r.w - 2, COLOR_DIM, buf);
}

static void
draw_status(struct ui *ui, int y)
{
	const char *keys = "↑↓ choose  Enter open  / filter  ? help  q quit";
	int x = 1;

	if (ui->menu.filtering || ui->menu.filter[0] != '\0') {
		x += term_put(y, x, ui->cols - 2, COLOR_KEY, "/");
		x += term_put(y, x, ui->cols - 2 - x, COLOR_NORMAL, ui->menu.filter);
		if (ui->menu.filtering)
			x += term_put(y, x, 1, COLOR_SELECT, " ");
		x += 2;
		keys = ui->menu.filtering ? "Enter open  Esc clear" : "Esc clear";
	}
	/* notices get the row above the status line to themselves */
	if (ui->notice[0] != '\0')
		term_put_clip(y - 1, 1, ui->cols - 2, ui->notice_role, ui->notice);
	if (x + text_width(keys) + 2 <= ui->cols)
		term_put(y, ui->cols - text_width(keys) - 1, text_width(keys), COLOR_DIM, keys);
}

static void
menu_draw(struct ui *ui)
{
	int n, *items = menu_items(ui, &n), cur = -1, list_h, y;
	struct rect detail;
	char count[48];

	term_fill((struct rect){ 0, 0, 1, ui->cols }, COLOR_TITLE);
	term_put(0, 1, ui->cols - 2, COLOR_TITLE,
	    "lockstep: learn concurrency by watching it happen");
	xsnprintf(count, sizeof count, "%d lessons ", ui->cat.n);
	if (ui->cols > 60)
		term_put(0, ui->cols - text_width(count), text_width(count), COLOR_TITLE, count);
	term_put(1, 6, ui->cols - 8, COLOR_DIM, "Lesson");
	term_put(1, ui->cols - 22 - 13 - 2, 13, COLOR_DIM, "Level");
	term_put(1, ui->cols - 22 - 2, 22, COLOR_DIM, "Progress");
	list_h = ui->rows - 3 - MENU_DETAIL_ROWS - 2;
	for (int i = 0; i < n; i++)
		if (items[i] == ui->menu.sel)
			cur = i;
	if (cur < 0 && n > 0) {
		cur = 0;
		ui->menu.sel = items[0];
	}
	if (cur < ui->menu.top)
		ui->menu.top = cur;
	if (cur >= ui->menu.top + list_h)
		ui->menu.top = cur - list_h + 1;
	if (ui->menu.top < 0)
		ui->menu.top = 0;
	for (int i = ui->menu.top, y2 = 2; i < n && y2 < 2 + list_h; i++, y2++)
		draw_row(ui, y2, items[i], items[i] + 1, i == cur);
	if (n == 0)
		term_put(3, 6, ui->cols - 8, COLOR_DIM, ui->cat.n == 0 ?
		    "No lessons found (see lockstep(1): where lessons are read from)." :
		    "No lesson matches the filter (Esc clears it).");
	y = 2 + list_h;
	for (int x = 0; x < ui->cols; x++)
		term_put(y, x, 1, COLOR_BORDER, term_glyph(G_HLINE));
	detail = (struct rect){ y + 1, 0, MENU_DETAIL_ROWS, ui->cols };
	if (cur >= 0)
		draw_detail(ui, ui->cat.v[items[cur]], detail);
	draw_status(ui, ui->rows - 1);
	free(items);
}

static enum ui_action
menu_move(struct ui *ui, int by, int absolute)
{
	int n, *items = menu_items(ui, &n), cur = 0;

	if (n == 0) {
		free(items);
		return UI_NONE;
	}
	for (int i = 0; i < n; i++)
		if (items[i] == ui->menu.sel)
			cur = i;
	cur = absolute ? by : cur + by;
	if (cur < 0)
		cur = 0;
	if (cur >= n)
		cur = n - 1;
	ui->menu.sel = items[cur];
	free(items);
	return UI_REDRAW;
}

static enum ui_action
menu_open(struct ui *ui)
{
	int n, *items = menu_items(ui, &n);
	const struct lesson *l;
	struct progress_entry *e;

	for (int i = 0; i < n; i++) {
		if (items[i] != ui->menu.sel)
			continue;
		l = ui->cat.v[items[i]];
		e = progress_get(&ui->prog, l->id, 0);
		ui->open_lesson = l;
		ui->open_step = e != NULL && !e->done && e->step < l->nsteps ? e->step : 0;
		ui->menu.filtering = 0;
		free(items);
		return UI_OPEN;
	}
	free(items);
	return UI_NONE;
}

static enum ui_action
menu_cmd(struct ui *ui, enum keymap_cmd cmd)
{
	int page = ui->rows - 3 - MENU_DETAIL_ROWS - 2;

	switch (cmd) {
	case CMD_UP:
		return menu_move(ui, -1, 0);
	case CMD_DOWN:
		return menu_move(ui, 1, 0);
	case CMD_PGUP:
		return menu_move(ui, -page, 0);
	case CMD_PGDN:
		return menu_move(ui, page, 0);
	case CMD_FIRST:
		return menu_move(ui, 0, 1);
	case CMD_LAST:
		return menu_move(ui, 1 << 20, 1);
	case CMD_OPEN:
		return menu_open(ui);
	case CMD_FILTER:
		ui->menu.filtering = 1;
		return UI_REDRAW;
	case CMD_CLEAR:
		ui->menu.filter[0] = '\0';
		ui->menu.filtering = 0;
		return UI_REDRAW;
	case CMD_BACK: {
		size_t n = strlen(ui->menu.filter);

		/* drop one UTF-8 character */
		while (n > 0 && ((unsigned char)ui->menu.filter[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0)
			n--;
		ui->menu.filter[n] = '\0';
		return UI_REDRAW;
	}
	case CMD_HELP:
		return UI_HELP;
	case CMD_QUIT:
		return UI_QUIT;
	default:
		return UI_NONE;
	}
}

/* Typing a filter: printable characters go into it. */
static enum ui_action
menu_type(struct ui *ui, int key)
{
	size_t n = strlen(ui->menu.filter);
	char enc[5];
	int len = 0;

	if (key < 0x20 || key >= 0x110000)
		return UI_NONE;
	if (key < 0x80) {
		enc[len++] = (char)key;
	} else if (key < 0x800) {
		enc[len++] = (char)(0xc0 | key >> 6);
		enc[len++] = (char)(0x80 | (key & 0x3f));
	} else if (key < 0x10000) {
		enc[len++] = (char)(0xe0 | key >> 12);
		enc[len++] = (char)(0x80 | ((key >> 6) & 0x3f));
		enc[len++] = (char)(0x80 | (key & 0x3f));
	} else {
		enc[len++] = (char)(0xf0 | key >> 18);
		enc[len++] = (char)(0x80 | ((key >> 12) & 0x3f));
		enc[len++] = (char)(0x80 | ((key >> 6) & 0x3f));
		enc[len++] = (char)(0x80 | (key & 0x3f));
	}
	if (n + (size_t)len + 1 > sizeof ui->menu.filter)
		return UI_NONE;
	memcpy(ui->menu.filter + n, enc, (size_t)len);
	ui->menu.filter[n + (size_t)len] = '\0';
	return UI_REDRAW;
}

static enum ui_action
menu_key(struct ui *ui, int key)
{
	const struct keymap_entry *e;

	if (ui->menu.filtering) {
		if ((e = keymap_find(keymap_filter, key)) != NULL)
			return menu_cmd(ui, e->cmd);
		return menu_type(ui, key);
	}
	if ((e = keymap_find(keymap_menu, key)) != NULL)
		return menu_cmd(ui, e->cmd);
	return UI_NONE;
}

static int
menu_tick(struct ui *ui, uint64_t now)
{
	(void)ui;
	(void)now;
	return 0;
}

static int
menu_busy(struct ui *ui)
{
	(void)ui;
	return 0;
}

static void
menu_keys(struct ui *ui, const struct keymap_entry *t[3], const char *titles[3])
{
	t[0] = keymap_menu;
	titles[0] = "Lesson menu";
	t[1] = keymap_filter;
	titles[1] = "Typing a filter (/)";
	t[2] = NULL;
}

const struct screen screen_menu = {
	.name = "menu",
	.enter = menu_enter,
	.leave = menu_leave,
	.draw = menu_draw,
	.key = menu_key,
	.tick = menu_tick,
	.busy = menu_busy,
	.keys = menu_keys,
};
