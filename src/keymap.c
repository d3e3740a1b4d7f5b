/*
 * keymap.c — the key tables of the screens (see keymap.h).  Order is the
 * order the help overlay lists them.  The lesson player's table is built
 * once, on first use: its own keys around one row per knob key, in the
 * knob table's order.
 */
#include "config.h"

#include <pthread.h>
#include <string.h>

#include "keymap.h"
#include "knob-edit.h"
#include "text.h"
#include "util.h"

const struct keymap_entry keymap_menu[] = {
	{ { KEYMAP_UP, 'k' }, "↑ k", CMD_UP, "previous lesson" },
	{ { KEYMAP_DOWN, 'j' }, "↓ j", CMD_DOWN, "next lesson" },
	{ { KEYMAP_PGUP }, "PgUp", CMD_PGUP, "a page up" },
	{ { KEYMAP_PGDN }, "PgDn", CMD_PGDN, "a page down" },
	{ { KEYMAP_HOME, 'g' }, "Home g", CMD_FIRST, "first lesson" },
	{ { KEYMAP_END, 'G' }, "End G", CMD_LAST, "last lesson" },
	{ { KEYMAP_ENTER, KEYMAP_RIGHT, 'l' }, "Enter", CMD_OPEN, "open the lesson" },
	{ { '/' }, "/", CMD_FILTER, "filter by typing" },
	{ { KEYMAP_ESC }, "Esc", CMD_CLEAR, "clear the filter" },
	{ { '?', KEYMAP_TAB }, "?", CMD_HELP, "this help" },
	{ { 'q' }, "q", CMD_QUIT, "quit lockstep" },
	{ { 0 }, NULL, CMD_NONE, NULL },
};

const struct keymap_entry keymap_filter[] = {
	{ { KEYMAP_UP }, "↑", CMD_UP, "previous match" },
	{ { KEYMAP_DOWN }, "↓", CMD_DOWN, "next match" },
	{ { KEYMAP_ENTER }, "Enter", CMD_OPEN, "open the lesson" },
	{ { KEYMAP_BACKSPACE }, "Backspace", CMD_BACK, "delete a character" },
	{ { KEYMAP_ESC }, "Esc", CMD_CLEAR, "clear the filter" },
	{ { 0 }, NULL, CMD_NONE, NULL },
};

/* The lesson player's own keys: those before the knob keys, then after. */
static const struct keymap_entry lesson_head[] = {
	{ { 'n', KEYMAP_RIGHT }, "n →", CMD_NEXT, "next step" },
	{ { 'p', KEYMAP_LEFT }, "p ←", CMD_PREV, "previous step" },
	{ { ' ' }, "Space", CMD_RUN, "run / stop; replay: play" },
};
static const struct keymap_entry lesson_tail[] = {
	{ { '<', ',' }, "<", CMD_SLOWER, "slower (slow motion to 50×)" },
	{ { '>', '.' }, ">", CMD_FASTER, "faster" },
	{ { 'z' }, "z", CMD_PAUSE, "pause / resume" },
	{ { '[', KEYMAP_WHEEL_UP }, "[", CMD_TIME_BACK, "back 1/40 of the run (wheel)" },
	{ { ']', KEYMAP_WHEEL_DOWN }, "]", CMD_TIME_FWD, "forward 1/40 (wheel)" },
	{ { KEYMAP_HOME }, "Home", CMD_TIME_START, "replay from the start" },
	{ { KEYMAP_END }, "End", CMD_TIME_END, "the end: leave replay" },
	{ { 's' }, "s", CMD_STEP, "step mode: be the scheduler" },
	{ { 'r' }, "r", CMD_RESET, "knobs and speed back to the lesson's" },
	{ { 'R' }, "R", CMD_SERIES, "run it N times (knob runs): a histogram" },
	{ { 'h' }, "h", CMD_HINTS, "show / hide the hints" },
	{ { 'Q' }, "Q", CMD_QUIZ, "take this lesson's quiz" },
	{ { KEYMAP_UP, 'k' }, "↑ k", CMD_SCROLL_UP, "scroll the text up" },
	{ { KEYMAP_DOWN, 'j' }, "↓ j", CMD_SCROLL_DOWN, "scroll the text down" },
	{ { KEYMAP_PGUP }, "PgUp", CMD_PAGE_UP, "text: a page up" },
	{ { KEYMAP_PGDN }, "PgDn", CMD_PAGE_DOWN, "text: a page down" },
	{ { KEYMAP_TAB }, "Tab", CMD_ZOOM, "layout: both, panes, text" },
	{ { '?' }, "?", CMD_HELP, "this help" },
	{ { 'q', KEYMAP_ESC }, "q", CMD_BACK, "back to the menu" },
};

static struct keymap_entry lesson_rows[nitems(lesson_head) + KNOB__MAX +
    nitems(lesson_tail) + 1];
static char lesson_labels[KNOB__MAX][8];
static pthread_once_t lesson_once = PTHREAD_ONCE_INIT;

/* A row for knob id's key, unless an earlier knob has the key. */
static int
knob_row(struct keymap_entry *row, int id)
{
	int key = knob_table[id].key, down = knob_down_key(id);

	if (key == 0)
		return 0;
	for (int j = 0; j < id; j++)
		if (knob_table[j].key == key)
			return 0;
	row->keys[0] = key;
	row->keys[1] = down;
	if (key == '+') {
		/* = and _ need no shift */
		row->keys[2] = '=';
		row->keys[3] = '_';
	}
	if (down != 0)
		xsnprintf(lesson_labels[id], sizeof lesson_labels[id], "%c %c", key, down);
	else
		xsnprintf(lesson_labels[id], sizeof lesson_labels[id], "%c", key);
	row->label = lesson_labels[id];
	row->cmd = CMD_KNOB;
	row->help = knob_table[id].keyhelp;
	return 1;
}

static void
lesson_build(void)
{
	size_t n = 0;

	for (size_t i = 0; i < nitems(lesson_head); i++)
		lesson_rows[n++] = lesson_head[i];
	for (int id = 0; id < KNOB__MAX; id++)
		n += (size_t)knob_row(&lesson_rows[n], id);
	for (size_t i = 0; i < nitems(lesson_tail); i++)
		lesson_rows[n++] = lesson_tail[i];
}

const struct keymap_entry *
keymap_lesson(void)
{
	pthread_once(&lesson_once, lesson_build);
	return lesson_rows;
}

/* Step mode: these come first; the lesson's keys still work. */
const struct keymap_entry keymap_step[] = {
	{ { '1' }, "1-9", CMD_PICK, "let that worker go on" },
	{ { KEYMAP_UP, 'k' }, "↑ k", CMD_PICK_UP, "choose the worker above" },
	{ { KEYMAP_DOWN, 'j' }, "↓ j", CMD_PICK_DOWN, "choose the worker below" },
	{ { KEYMAP_ENTER }, "Enter", CMD_RELEASE, "let the chosen one go" },
	{ { 's' }, "s", CMD_STEP, "leave step mode" },
	{ { 0 }, NULL, CMD_NONE, NULL },
};

const struct keymap_entry keymap_quiz[] = {
	{ { '1' }, "1-9", CMD_PICK, "pick that choice" },
	{ { KEYMAP_UP, 'k' }, "↑ k", CMD_UP, "the choice above" },
	{ { KEYMAP_DOWN, 'j' }, "↓ j", CMD_DOWN, "the choice below" },
	{ { ' ' }, "Space", CMD_TOGGLE, "tick / untick; stop a run (void)" },
	{ { KEYMAP_ENTER }, "Enter", CMD_SUBMIT, "submit; next question" },
	{ { 'h' }, "h", CMD_HINTS, "show the hints" },
	{ { '?' }, "?", CMD_HELP, "this help" },
	{ { 'q', KEYMAP_ESC }, "q", CMD_BACK, "leave (unfinished: not scored)" },
	{ { 0 }, NULL, CMD_NONE, NULL },
};

const struct keymap_entry keymap_notes[] = {
	{ { KEYMAP_UP, 'k' }, "↑ k", CMD_SCROLL_UP, "scroll up" },
	{ { KEYMAP_DOWN, 'j' }, "↓ j", CMD_SCROLL_DOWN, "scroll down" },
	{ { '?' }, "?", CMD_HELP, "this help" },
	{ { 'q', KEYMAP_ESC }, "q", CMD_QUIT, "close the notes" },
	{ { 0 }, NULL, CMD_NONE, NULL },
};

const struct keymap_entry *
keymap_find(const struct keymap_entry *t, int key)
{
	if (key == 0)
		return NULL;
	for (; t->cmd != CMD_NONE; t++) {
		for (int k = 0; k < KEYMAP_KEYS; k++)
			if (t->keys[k] == key)
				return t;
		/* "1-9": one row for the digits */
		if (t->cmd == CMD_PICK && key >= '1' && key <= '9')
			return t;
	}
	return NULL;
}

/* The names of keys that are not one printable character. */
static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Space", ' ' }, { "Enter", KEYMAP_ENTER }, { "Tab", KEYMAP_TAB },
	{ "Esc", KEYMAP_ESC }, { "Backspace", KEYMAP_BACKSPACE },
	{ "Left", KEYMAP_LEFT }, { "Right", KEYMAP_RIGHT }, { "Up", KEYMAP_UP },
	{ "Down", KEYMAP_DOWN }, { "PageUp", KEYMAP_PGUP }, { "PageDown", KEYMAP_PGDN },
	{ "Home", KEYMAP_HOME }, { "End", KEYMAP_END },
};

int
keymap_parse(const char *name)
{
	size_t len;
	unsigned c;

	for (size_t i = 0; i < nitems(key_names); i++)
		if (strcmp(key_names[i].name, name) == 0)
			return key_names[i].key;
	c = text_decode(name, strlen(name), &len);
	if (c != 0 && name[len] == '\0')
		return (int)c;
	return 0;
}

int
keymap_lesson_works(const struct demo *d, int key)
{
	const struct keymap_entry *e = keymap_find(keymap_lesson(), key);
	int dir;

	if (e == NULL)
		e = keymap_find(keymap_step, key);
	if (e == NULL)
		return 0;
	switch (e->cmd) {
	case CMD_KNOB:
		return knob_edit_knob(d, key, &dir) >= 0;
	case CMD_SERIES:
		return d != NULL && d->outcome != NULL;
	case CMD_RUN: case CMD_SLOWER: case CMD_FASTER: case CMD_PAUSE:
	case CMD_STEP: case CMD_RESET: case CMD_PICK: case CMD_PICK_UP:
	case CMD_PICK_DOWN: case CMD_RELEASE: case CMD_TIME_BACK: case CMD_TIME_FWD:
	case CMD_TIME_START: case CMD_TIME_END:
		return d != NULL;
	default:
		return 1;
	}
}
