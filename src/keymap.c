/*
 * keymap.c — the key tables of the screens (see keymap.h).  Order is the
 * order the help overlay lists them.
 */
#include "config.h"

#include <string.h>

#include "keymap.h"
#include "text.h"
#include "util.h"

const struct keymap_entry keymap_menu[] = {
	{ KEYMAP_UP, 'k', 0, "↑ k", CMD_UP, "previous lesson" },
	{ KEYMAP_DOWN, 'j', 0, "↓ j", CMD_DOWN, "next lesson" },
	{ KEYMAP_PGUP, 0, 0, "PgUp", CMD_PGUP, "a page up" },
	{ KEYMAP_PGDN, 0, 0, "PgDn", CMD_PGDN, "a page down" },
	{ KEYMAP_HOME, 'g', 0, "Home g", CMD_FIRST, "first lesson" },
	{ KEYMAP_END, 'G', 0, "End G", CMD_LAST, "last lesson" },
	{ KEYMAP_ENTER, KEYMAP_RIGHT, 'l', "Enter", CMD_OPEN, "open the lesson" },
	{ '/', 0, 0, "/", CMD_FILTER, "filter by typing" },
	{ KEYMAP_ESC, 0, 0, "Esc", CMD_CLEAR, "clear the filter" },
	{ '?', KEYMAP_TAB, 0, "?", CMD_HELP, "this help" },
	{ 'q', 0, 0, "q", CMD_QUIT, "quit lockstep" },
	{ 0, 0, 0, NULL, CMD_NONE, NULL },
};

const struct keymap_entry keymap_filter[] = {
	{ KEYMAP_UP, 0, 0, "↑", CMD_UP, "previous match" },
	{ KEYMAP_DOWN, 0, 0, "↓", CMD_DOWN, "next match" },
	{ KEYMAP_ENTER, 0, 0, "Enter", CMD_OPEN, "open the lesson" },
	{ KEYMAP_BACKSPACE, 0, 0, "Backspace", CMD_BACK, "delete a character" },
	{ KEYMAP_ESC, 0, 0, "Esc", CMD_CLEAR, "clear the filter" },
	{ 0, 0, 0, NULL, CMD_NONE, NULL },
};

const struct keymap_entry keymap_lesson[] = {
	{ 'n', KEYMAP_RIGHT, 0, "n →", CMD_NEXT, "next step" },
	{ 'p', KEYMAP_LEFT, 0, "p ←", CMD_PREV, "previous step" },
	{ ' ', 0, 0, "Space", CMD_RUN, "run / stop the step's demo" },
	{ '+', '=', 0, "+", CMD_MORE, "more workers (or tasks...)" },
	{ '-', '_', 0, "-", CMD_FEWER, "fewer workers (or tasks...)" },
	{ 'l', 0, 0, "l", CMD_LOCK, "lock on/off" },
	{ 'g', 0, 0, "g", CMD_GIL, "GIL on/off (free-threaded)" },
	{ 'm', 0, 0, "m", CMD_MODEL, "next model" },
	{ 'o', 0, 0, "o", CMD_ORDER, "lock order" },
	{ 'w', 0, 0, "w", CMD_STYLE, "how a coroutine waits" },
	{ '<', ',', 0, "<", CMD_SLOWER, "slower (slow motion to 50×)" },
	{ '>', '.', 0, ">", CMD_FASTER, "faster" },
	{ 'z', 0, 0, "z", CMD_PAUSE, "pause / resume" },
	{ 's', 0, 0, "s", CMD_STEP, "step mode: be the scheduler" },
	{ 'r', 0, 0, "r", CMD_RESET, "knobs back to the lesson's" },
	{ 'h', 0, 0, "h", CMD_HINTS, "show / hide the hints" },
	{ 'Q', 0, 0, "Q", CMD_QUIZ, "take this lesson's quiz" },
	{ KEYMAP_UP, 'k', 0, "↑ k", CMD_SCROLL_UP, "scroll the text up" },
	{ KEYMAP_DOWN, 'j', 0, "↓ j", CMD_SCROLL_DOWN, "scroll the text down" },
	{ KEYMAP_PGUP, 0, 0, "PgUp", CMD_PAGE_UP, "text: a page up" },
	{ KEYMAP_PGDN, 0, 0, "PgDn", CMD_PAGE_DOWN, "text: a page down" },
	{ KEYMAP_TAB, 0, 0, "Tab", CMD_ZOOM, "layout: both, panes, text" },
	{ '?', 0, 0, "?", CMD_HELP, "this help" },
	{ 'q', KEYMAP_ESC, 0, "q", CMD_BACK, "back to the menu" },
	{ 0, 0, 0, NULL, CMD_NONE, NULL },
};

/* Step mode: these come first; the lesson's keys still work. */
const struct keymap_entry keymap_step[] = {
	{ '1', 0, 0, "1-9", CMD_PICK, "let that worker go on" },
	{ KEYMAP_UP, 'k', 0, "↑ k", CMD_PICK_UP, "choose the worker above" },
	{ KEYMAP_DOWN, 'j', 0, "↓ j", CMD_PICK_DOWN, "choose the worker below" },
	{ KEYMAP_ENTER, 0, 0, "Enter", CMD_RELEASE, "let the chosen one go" },
	{ 's', 0, 0, "s", CMD_STEP, "leave step mode" },
	{ 0, 0, 0, NULL, CMD_NONE, NULL },
};

const struct keymap_entry keymap_quiz[] = {
	{ '1', 0, 0, "1-9", CMD_PICK, "pick that choice (one answer: select it)" },
	{ KEYMAP_UP, 'k', 0, "↑ k", CMD_UP, "the choice above" },
	{ KEYMAP_DOWN, 'j', 0, "↓ j", CMD_DOWN, "the choice below" },
	{ ' ', 0, 0, "Space", CMD_TOGGLE, "tick / untick it; stop a run (voids it)" },
	{ KEYMAP_ENTER, 0, 0, "Enter", CMD_SUBMIT, "submit; next question" },
	{ 'h', 0, 0, "h", CMD_HINTS, "show the hints" },
	{ '?', 0, 0, "?", CMD_HELP, "this help" },
	{ 'q', KEYMAP_ESC, 0, "q", CMD_BACK, "leave (an unfinished quiz is not scored)" },
	{ 0, 0, 0, NULL, CMD_NONE, NULL },
};

const struct keymap_entry *
keymap_find(const struct keymap_entry *t, int key)
{
	if (key == 0)
		return NULL;
	for (; t->cmd != CMD_NONE; t++) {
		if (t->key == key || t->key2 == key || t->key3 == key)
			return t;
		/* "1-9": one row for the digits */
		if (t->cmd == CMD_PICK && key >= '1' && key <= '9')
			return t;
	}
	return NULL;
}

const struct keymap_entry *
keymap_for(const struct keymap_entry *t, enum keymap_cmd cmd)
{
	for (; t->cmd != CMD_NONE; t++)
		if (t->cmd == cmd)
			return t;
	return NULL;
}

static const struct {
	const char *name;
	int key;
	const char *glyph;
} key_names[] = {
	{ "Space", ' ', "Space" }, { "Enter", KEYMAP_ENTER, "Enter" },
	{ "Tab", KEYMAP_TAB, "Tab" }, { "Esc", KEYMAP_ESC, "Esc" },
	{ "Backspace", KEYMAP_BACKSPACE, "Backspace" }, { "Left", KEYMAP_LEFT, "←" },
	{ "Right", KEYMAP_RIGHT, "→" }, { "Up", KEYMAP_UP, "↑" },
	{ "Down", KEYMAP_DOWN, "↓" }, { "PageUp", KEYMAP_PGUP, "PgUp" },
	{ "PageDown", KEYMAP_PGDN, "PgDn" }, { "Home", KEYMAP_HOME, "Home" },
	{ "End", KEYMAP_END, "End" },
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

const char *
keymap_name(int key, int ascii, char *buf, int len)
{
	for (size_t i = 0; i < nitems(key_names); i++)
		if (key_names[i].key == key) {
			xsnprintf(buf, (size_t)len, "%s", ascii ? key_names[i].name :
			    key_names[i].glyph);
			return buf;
		}
	if (key > 0 && key < 0x80)
		xsnprintf(buf, (size_t)len, "%c", key);
	else
		xsnprintf(buf, (size_t)len, "?");
	return buf;
}
