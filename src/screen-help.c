/*
 * screen-help.c — the help overlay: every key of the current screen, read
 * from the same key tables the screen dispatches with, in a box over the
 * screen.  Any key closes it.
 */
#include "config.h"

#include "keymap.h"
#include "term.h"
#include "text.h"
#include "ui.h"

static int
table_rows(const struct keymap_entry *t)
{
	int n = 0;

	while (t[n].cmd != CMD_NONE)
		n++;
	return n;
}

void
screen_help_draw(struct ui *ui)
{
	const struct keymap_entry *tables[3] = { NULL, NULL, NULL };
	const char *titles[3] = { NULL, NULL, NULL };
	struct rect box;
	int rows = 0, ncol, per_col, w, y, col = 0, i;

	ui->screen->keys(ui, tables, titles);
	for (int t = 0; t < 3 && tables[t] != NULL; t++)
		rows += table_rows(tables[t]) + 2;
	/* one column if it fits, else two */
	ncol = rows + 3 <= ui->rows - 2 ? 1 : 2;
	per_col = (rows + ncol - 1) / ncol;
	w = ncol == 1 ? 48 : 76;
	if (w > ui->cols - 4)
		w = ui->cols - 4;
	box.h = per_col + 3;
	if (box.h > ui->rows - 2)
		box.h = ui->rows - 2;
	box.w = w;
	box.y = (ui->rows - box.h) / 2;
	box.x = (ui->cols - box.w) / 2;
	term_fill(box, COLOR_NORMAL);
	term_box(box, "keys", COLOR_HEADING);
	y = box.y + 1;
	i = 0;
	for (int t = 0; t < 3 && tables[t] != NULL; t++) {
		int colw = (box.w - 2) / ncol, x;

		for (int r = -2; r < table_rows(tables[t]); r++, i++) {
			if (i == per_col) {
				col++;
				y = box.y + 1;
			}
			x = box.x + 2 + col * colw;
			if (y >= box.y + box.h - 2)
				continue;
			if (r == -2)
				term_put(y, x, colw - 2, COLOR_HEADING, titles[t]);
			else if (r >= 0)
				term_put(y, x + 8, colw - 9, COLOR_NORMAL, tables[t][r].help);
			if (r >= 0)
				term_put(y, x, 7, COLOR_KEY, tables[t][r].label);
			y++;
		}
	}
	term_put(box.y + box.h - 2, box.x + 2, box.w - 4, COLOR_DIM, "Any key closes this help.");
}
