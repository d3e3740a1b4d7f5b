/*
 * knob-edit.c — turning knobs by key (see knob-edit.h).
 *
 * A key names knobs through the knob table; of those the demo has, the one
 * of lowest rank is turned.  A choice goes to the next one the demo accepts
 * (models only among the demo's).  A number moves by its step rule and
 * stays within its range; when the demo refuses the new value (the model's
 * worker cap on a count the demo derives, the deadlock demo's 2..26), the
 * nearest value between the old and the new that it accepts is taken, so
 * + stops at the cap instead of failing.  A turn that leaves the count
 * (+/-) beyond what the new setting allows (threads to processes with 40
 * workers) brings the count down to the most it allows.  The caps and the
 * couplings themselves live in demo.c alone: this file only asks
 * demo_resolve_knobs().
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "knob-edit.h"
#include "util.h"

/* = and _ are + and - without the shift key. */
static int
unalias(int key)
{
	return key == '=' ? '+' : key == '_' ? '-' : key;
}

int
knob_down_key(int id)
{
	int key = knob_table[id].key;

	if (knob_table[id].step == STEP_CYCLE || knob_table[id].step == STEP_NONE)
		return 0;
	if (key == '+')
		return '-';
	return key >= 'a' && key <= 'z' ? toupper(key) : 0;
}

int
knob_edit_has(const struct demo *d, int id)
{
	if (d == NULL || knob_table[id].key == 0 || !demo_takes_knob(d, id))
		return 0;
	return id != KNOB_MODEL || __builtin_popcount(d->models) >= 2;
}

/* The knobs on key, of any demo (d NULL) or of demo d: the one of lowest
 * rank, and its direction. */
static int
find_knob(const struct demo *d, int key, int *dir)
{
	int best = -1;

	key = unalias(key);
	for (int id = 0; id < KNOB__MAX; id++) {
		int d_ = key == knob_table[id].key ? 1 : key == knob_down_key(id) ? -1 : 0;

		if (key == 0 || d_ == 0 || (d != NULL && !knob_edit_has(d, id)))
			continue;
		if (best < 0 || knob_table[id].rank < knob_table[best].rank) {
			best = id;
			*dir = d_;
		}
	}
	return best;
}

int
knob_edit_key_knob(int key)
{
	int dir;

	return find_knob(NULL, key, &dir);
}

int
knob_edit_knob(const struct demo *d, int key, int *dir)
{
	if (d == NULL)
		return -1;
	return find_knob(d, key, dir);
}

int
knob_edit_count(const struct demo *d)
{
	int dir;

	return knob_edit_knob(d, '+', &dir);
}

int
knob_edit_on_bar(const struct knob_edit *e, int id)
{
	int dir;

	/* the count is the bar's first item; a knob whose key turns another
	 * knob of this demo is not on the bar */
	if (!knob_edit_has(e->demo, id) || id == knob_edit_count(e->demo) ||
	    knob_edit_knob(e->demo, knob_table[id].key, &dir) != id)
		return 0;
	/* the start method only means something to processes */
	if (id == KNOB_START && e->now.v[KNOB_MODEL] != MODEL_PROCESS)
		return 0;
	return knob_table[id].bar == BAR_ALWAYS || knobs_isset(&e->named, id);
}

int
knob_step_value(int id, int v, int dir)
{
	const struct knob *k = &knob_table[id];
	int nv = v;

	switch (k->step) {
	case STEP_COUNT:
		/* down from 10 is 9, as up from 9 is 10 */
		if (dir > 0)
			nv = v + (v < 10 ? 1 : v < 50 ? 5 : v < 200 ? 25 : 100);
		else
			nv = v - (v <= 10 ? 1 : v <= 50 ? 5 : v <= 200 ? 25 : 100);
		break;
	case STEP_DOUBLE:
		nv = dir > 0 ? v * 2 : v / 2;
		break;
	default:
		break;
	}
	return nv < k->min ? k->min : nv > k->max ? k->max : nv;
}

static int
resolve(struct knob_edit *e, const struct knobs *k, char *msg, size_t len)
{
	struct knobs r = *k;

	if (demo_resolve_knobs(e->demo, &r, msg, len) != 0)
		return -1;
	e->set = *k;
	e->now = r;
	return 0;
}

void
knob_edit_init(struct knob_edit *e, const struct demo *d, const struct knobs *k)
{
	char err[256];

	memset(e, 0, sizeof *e);
	e->demo = d;
	e->named = *k;
	e->set = *k;
	e->now = *k;
	if (d != NULL && demo_resolve_knobs(d, &e->now, err, sizeof err) != 0)
		e->now = *k;
}

/* k was refused: bring the count down to the most the demo accepts with
 * it.  0, or -1 when no count helps. */
static int
fit_count(struct knob_edit *e, struct knobs *k)
{
	int c = knob_edit_count(e->demo);
	char err[256];

	if (c < 0)
		return -1;
	for (int v = e->now.v[c] - 1; v >= knob_table[c].min; v--) {
		knobs_set(k, c, v);
		if (resolve(e, k, err, sizeof err) == 0)
			return 0;
	}
	return -1;
}

int
knob_edit_set(struct knob_edit *e, int id, int v, char *msg, size_t len)
{
	struct knobs k = e->set;

	if (e->demo == NULL) {
		xsnprintf(msg, len, "This step has no demo.");
		return -1;
	}
	knobs_set(&k, id, v);
	demo_knob_turned(e->demo, &k, id);
	return resolve(e, &k, msg, len);
}

static enum knob_turn
turn_choice(struct knob_edit *e, int id, char *msg, size_t len)
{
	int n = 0, v = e->now.v[id];

	while (knob_table[id].choices[n] != NULL)
		n++;
	for (int tries = 0; tries < n; tries++) {
		v = (v + 1) % n;
		struct knobs k = e->set;

		if (id == KNOB_MODEL && !(e->demo->models & MODEL_BIT(v)))
			continue;
		if (knob_edit_set(e, id, v, msg, len) == 0)
			return TURN_CHANGED;
		knobs_set(&k, id, v);
		demo_knob_turned(e->demo, &k, id);
		return fit_count(e, &k) == 0 ? TURN_CHANGED : TURN_REFUSED;
	}
	return TURN_LIMIT;
}

static enum knob_turn
turn_number(struct knob_edit *e, int id, int dir, char *msg, size_t len)
{
	int v = e->now.v[id], nv = knob_step_value(id, v, dir);
	char err[256];

	/* the new value, or the nearest to it the demo accepts */
	for (; nv != v; nv += nv > v ? -1 : 1)
		if (knob_edit_set(e, id, nv, err, sizeof err) == 0)
			return TURN_CHANGED;
	xsnprintf(msg, len, "%s is at its %s (%d)", knob_table[id].name,
	    dir > 0 ? "maximum" : "minimum", v);
	return TURN_LIMIT;
}

enum knob_turn
knob_edit_turn(struct knob_edit *e, int key, int *id, char *msg, size_t len)
{
	int dir = 1;
	enum knob_turn t;
	char val[32];

	*id = knob_edit_knob(e->demo, key, &dir);
	if (*id < 0) {
		int k = knob_edit_key_knob(key);

		if (k >= 0 && knob_table[k].step == STEP_COUNT)
			xsnprintf(msg, len, "This step's demo has no count to change.");
		else
			xsnprintf(msg, len, "This step's demo has no %s knob.",
			    k >= 0 ? knob_table[k].name : "such");
		return TURN_NONE;
	}
	if (knob_table[*id].step == STEP_CYCLE)
		t = turn_choice(e, *id, msg, len);
	else
		t = turn_number(e, *id, dir, msg, len);
	if (t == TURN_CHANGED)
		xsnprintf(msg, len, "%s %s", knob_table[*id].name,
		    knob_format(*id, e->now.v[*id], val, sizeof val));
	return t;
}
