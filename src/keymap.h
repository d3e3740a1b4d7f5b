/*
 * keymap.h — every key of every screen, as data: the screens look a key up
 * here to find their command, and the help overlay lists the same rows, so
 * the help can never disagree with what the keys do.  The lesson player's
 * knob keys are not written here: its table is built from the knob table
 * (knob.h), one CMD_KNOB row per knob key.
 *
 * Keys are Unicode code points for characters and KEYMAP_* codes for the
 * special keys (the terminal layer translates curses' codes to these), so
 * the tables and their tests need no terminal.
 */
#ifndef LOCKSTEP_KEYMAP_H
#define LOCKSTEP_KEYMAP_H

/* Special keys, above every Unicode code point. */
enum keymap_special {
	KEYMAP_UP = 0x200000, KEYMAP_DOWN, KEYMAP_LEFT, KEYMAP_RIGHT,
	KEYMAP_PGUP, KEYMAP_PGDN, KEYMAP_HOME, KEYMAP_END, KEYMAP_ENTER,
	KEYMAP_BACKSPACE, KEYMAP_ESC, KEYMAP_TAB, KEYMAP_BTAB, KEYMAP_RESIZE,
	KEYMAP_WHEEL_UP, KEYMAP_WHEEL_DOWN,	/* the mouse wheel, where reported */
	KEYMAP__END
};

/* What a key asks a screen to do. */
enum keymap_cmd {
	CMD_NONE,
	/* everywhere */
	CMD_HELP, CMD_QUIT, CMD_BACK,
	/* menu */
	CMD_UP, CMD_DOWN, CMD_PGUP, CMD_PGDN, CMD_FIRST, CMD_LAST, CMD_OPEN,
	CMD_FILTER, CMD_CLEAR,
	/* lesson player */
	CMD_NEXT, CMD_PREV, CMD_RUN, CMD_KNOB, CMD_SLOWER, CMD_FASTER, CMD_PAUSE,
	CMD_STEP, CMD_HINTS, CMD_SCROLL_UP, CMD_SCROLL_DOWN, CMD_PAGE_UP,
	CMD_PAGE_DOWN, CMD_ZOOM, CMD_RESET, CMD_SERIES,
	/* lesson player: travel in the kept run */
	CMD_TIME_BACK, CMD_TIME_FWD, CMD_TIME_START, CMD_TIME_END,
	/* step mode */
	CMD_PICK, CMD_PICK_UP, CMD_PICK_DOWN, CMD_RELEASE,
	/* quiz (CMD_QUIZ also in the lesson player) */
	CMD_QUIZ, CMD_TOGGLE, CMD_SUBMIT,
	CMD__MAX
};

#define KEYMAP_KEYS 4

struct keymap_entry {
	int keys[KEYMAP_KEYS];		/* 0: unused */
	const char *label;		/* how help and the knob bar write it */
	enum keymap_cmd cmd;
	const char *help;
};

/* The key tables; each ends with a row whose cmd is CMD_NONE. */
extern const struct keymap_entry keymap_menu[];
extern const struct keymap_entry keymap_filter[];	/* menu, typing a filter */
extern const struct keymap_entry keymap_step[];		/* lesson, step mode */
extern const struct keymap_entry keymap_quiz[];
extern const struct keymap_entry keymap_notes[];	/* present --notes */

struct demo;

/* The lesson player's table: its own keys and a row per knob key. */
const struct keymap_entry *keymap_lesson(void);
/* The entry of table t for key, or NULL. */
const struct keymap_entry *keymap_find(const struct keymap_entry *t, int key);
/* The key a lesson's @try names ("Space", "Left", "g"), or 0. */
int keymap_parse(const char *name);
/*
 * True if key does something in the lesson player on a step whose demo is
 * d (NULL: a step without a demo): a knob key only when d has that knob,
 * the run, pace and step-mode keys only with a demo.  lockstep check uses
 * it for @try.
 */
int keymap_lesson_works(const struct demo *d, int key);

#endif
