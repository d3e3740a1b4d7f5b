/*
 * knob-edit.h — turning a demo's knobs by hand, as the lesson player's keys
 * do, with no terminal: which knob a key turns, by how much, and whether
 * the demo accepts the result.
 *
 * Everything here is read from the knob table (knob.h: each knob's key,
 * step rule and bar label) and the demo registry (demo.h: which knobs a
 * demo takes, its couplings and the model's worker cap).  A struct
 * knob_edit keeps the knobs as given (what the next run starts with) and
 * the same resolved (every value filled in), resolved again only when a
 * knob changes.
 */
#ifndef LOCKSTEP_KNOB_EDIT_H
#define LOCKSTEP_KNOB_EDIT_H

#include <stddef.h>

#include "demo.h"
#include "knob.h"

struct knob_edit {
	const struct demo *demo;	/* NULL: the step has no demo */
	struct knobs named;		/* what the step's @demo line set */
	struct knobs set;		/* what the next run starts with */
	struct knobs now;		/* set, resolved */
};

/* What a turn did. */
enum knob_turn {
	TURN_CHANGED,		/* the knob (and maybe a coupled one) changed */
	TURN_LIMIT,		/* already at its end: nothing changed */
	TURN_REFUSED,		/* the demo does not accept the value */
	TURN_NONE,		/* the demo has no knob on that key */
};

/* Start editing demo d's knobs k (a step's @demo; d may be NULL). */
void knob_edit_init(struct knob_edit *e, const struct demo *d, const struct knobs *k);
/* Set knob id to v if the demo accepts the whole set: 0, or -1 with the
 * reason in msg. */
int knob_edit_set(struct knob_edit *e, int id, int v, char *msg, size_t len);
/* Turn the knob key turns, by its step rule; msg says what happened (the
 * new value, the limit, the reason).  *id: the knob, or -1. */
enum knob_turn knob_edit_turn(struct knob_edit *e, int key, int *id, char *msg,
    size_t len);
/* The knob key turns for demo d (-1: none), and *dir: +1 up, -1 down. */
int knob_edit_knob(const struct demo *d, int key, int *dir);
/* The knob key turns in the demos that take it (of lowest rank), or -1. */
int knob_edit_key_knob(int key);
/* The +/- knob of demo d, or -1. */
int knob_edit_count(const struct demo *d);
/* True if demo d has knob id to turn by a key (a model only among two or more). */
int knob_edit_has(const struct demo *d, int id);
/* True if the knob bar shows knob id: a knob the demo turns by its key,
 * not the count (shown first), and named by the step when its row asks
 * for that. */
int knob_edit_on_bar(const struct knob_edit *e, int id);
/* The key that turns a knob of key up the other way (+: -, i: I); 0 for a
 * choice knob. */
int knob_down_key(int id);
/* Value v of knob id one step in dir, within the knob's range. */
int knob_step_value(int id, int v, int dir);

#endif
