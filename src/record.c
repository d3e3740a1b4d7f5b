/*
 * record.c — a run's view changes kept, and the view at any time rebuilt
 * from the nearest checkpoint (see record.h for the design).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "util.h"

struct rec_chunk {
	struct view cp;			/* the view before ev[0] */
	uint64_t pos;			/* the latest time up to ev[0] */
	size_t n;
	struct event ev[REC_CHUNK];
};

void
record_init(struct record *r)
{
	memset(r, 0, sizeof *r);
}

void
record_free(struct record *r)
{
	for (size_t i = 0; i < r->nc; i++)
		free(r->c[i]);
	free(r->c);
	record_init(r);
}

void
record_begin(struct record *r, const struct view *v)
{
	size_t max = r->max_chunks;

	record_free(r);
	r->max_chunks = max;
	r->cap = 8;
	r->c = xreallocarray(NULL, r->cap, sizeof *r->c);
	r->c[0] = xmalloc(sizeof *r->c[0]);
	r->c[0]->cp = *v;
	r->c[0]->n = 0;
	r->c[0]->pos = v->t0;
	r->nc = 1;
	r->t0 = r->tmax = v->t0;
}

int
record_kept(const struct record *r)
{
	return r->nc > 0;
}

/* Room for one more entry; a new chunk starts from v when the last is full. */
static struct rec_chunk *
record_room(struct record *r, const struct view *v)
{
	struct rec_chunk *c = r->c[r->nc - 1];

	if (c->n < REC_CHUNK)
		return c;
	if (r->nc == (r->max_chunks > 0 ? r->max_chunks : REC_MAX_CHUNKS)) {
		/* bounded: the oldest part goes, the next checkpoint starts */
		r->dropped += r->c[0]->n;
		r->entries -= r->c[0]->n;
		c = r->c[0];
		memmove(r->c, r->c + 1, (r->nc - 1) * sizeof *r->c);
		r->nc--;
	} else {
		c = xmalloc(sizeof *c);
	}
	if (r->nc == r->cap) {
		r->cap *= 2;
		r->c = xreallocarray(r->c, r->cap, sizeof *r->c);
	}
	c->cp = *v;
	c->n = 0;
	r->c[r->nc++] = c;
	return c;
}

/* Keep entry e, made on v (before it is applied). */
static void
record_keep(struct record *r, const struct view *v, const struct event *e)
{
	struct rec_chunk *c;

	if (r->nc == 0)
		return;		/* nothing being kept (a view set up by hand) */
	c = record_room(r, v);
	if (e->t > r->tmax)
		r->tmax = e->t;
	if (c->n == 0)
		c->pos = r->tmax;
	c->ev[c->n++] = *e;
	r->entries++;
	if (e->kind == REC_FINISH)
		r->end = e->t;
}

void
record_apply(struct view *v, const struct event *e)
{
	switch (e->kind) {
	case REC_TICK:
		view_tick(v, e->t);
		break;
	case REC_COL_NS:
		view_set_col_ns(v, (uint64_t)e->arg, e->t);
		break;
	case REC_FINISH:	/* kept at its turn, t; the run ended at arg */
		view_finish(v, (uint64_t)e->arg, (int)e->obj);
		break;
	default:
		view_event(v, e);
	}
}

/* Keep e and apply it to v. */
static void
record_step(struct record *r, struct view *v, const struct event *e)
{
	record_keep(r, v, e);
	record_apply(v, e);
}

void
record_events(struct record *r, struct view *v, struct event *ev, size_t n)
{
	view_sort_events(ev, n);
	for (size_t i = 0; i < n; i++)
		record_step(r, v, &ev[i]);
}

/* A clock time for v: never behind an event it applied already (one
 * drained just after the frame's time was read), so that the view at a
 * frame's time is the whole of what that frame showed. */
static uint64_t
record_now(const struct record *r, uint64_t now)
{
	return now > r->tmax ? now : r->tmax;
}

void
record_tick(struct record *r, struct view *v, uint64_t now)
{
	struct event e = { .t = record_now(r, now), .kind = REC_TICK };

	record_step(r, v, &e);
}

void
record_set_col_ns(struct record *r, struct view *v, uint64_t col_ns, uint64_t now)
{
	struct event e = { .t = record_now(r, now), .kind = REC_COL_NS,
	    .arg = (int64_t)col_ns };

	if (col_ns == 0 || col_ns == v->col_ns)
		return;		/* no change: nothing to keep */
	record_step(r, v, &e);
}

void
record_finish(struct record *r, struct view *v, uint64_t now, int stopped)
{
	/* kept after every tick (a view at the last frame's time is that
	 * frame's, unfinished), though the run may have ended before it */
	struct event e = { .t = now > r->tmax ? now : r->tmax + 1,
	    .kind = REC_FINISH, .obj = (uint32_t)stopped, .arg = (int64_t)now };

	record_step(r, v, &e);
}

void
record_run(struct record *r, struct view *v, struct event *ev, size_t n,
    uint64_t end, int stopped)
{
	uint64_t tick = v->t0;
	size_t i = 0;

	view_sort_events(ev, n);
	if (n > 0 && ev[n - 1].t > end)
		end = ev[n - 1].t;
	while (tick < end) {
		size_t first = i;
		uint64_t next = i < n ? ev[i].t : end;

		/* A stretch with nothing in it is one tick, not a frame's
		 * tick every 33 ms: a recording whose one event came days
		 * later (fuzzed) took minutes.  A view at any time in it is
		 * still right: record_view_at ticks the view to its time. */
		if (next > tick + 2 * REC_FRAME_NS)
			tick = next - REC_FRAME_NS;
		tick = tick + REC_FRAME_NS < end ? tick + REC_FRAME_NS : end;
		while (i < n && ev[i].t <= tick)
			i++;
		if (i > first)
			record_events(r, v, ev + first, i - first);
		record_tick(r, v, tick);
	}
	record_finish(r, v, end, stopped);
}

uint64_t
record_start(const struct record *r)
{
	return r->nc > 0 ? r->c[0]->cp.now - r->t0 : 0;
}

uint64_t
record_length(const struct record *r)
{
	if (r->nc == 0)
		return 0;
	return (r->end != 0 ? r->end : r->tmax) - r->t0;
}

/* The absolute time for t ns since the start, within the kept part. */
static uint64_t
record_clamp(const struct record *r, uint64_t t)
{
	uint64_t lo = record_start(r), hi = record_length(r);

	t = t < lo ? lo : t > hi ? hi : t;
	return r->t0 + t;
}

/*
 * Apply the entries from chunk k on to v, up to the cut for target: before
 * the first entry later than target, or right after a tick at target (so
 * that the view at a frame's time is the view that frame showed, without
 * the events drained only at the next frame).
 */
static void
replay_from(const struct record *r, size_t k, struct view *v, uint64_t target)
{
	for (; k < r->nc; k++) {
		for (size_t i = 0; i < r->c[k]->n; i++) {
			const struct event *e = &r->c[k]->ev[i];

			if (e->t > target)
				return;
			record_apply(v, e);
			if (e->kind == REC_TICK && e->t == target)
				return;
		}
	}
}

/* The view's clock to target, unless the run ended before. */
static void
tick_to(struct view *v, uint64_t target)
{
	if (v->end == 0 && target > v->now)
		view_tick(v, target);
}

int
record_view_at(const struct record *r, uint64_t t, struct view *out)
{
	uint64_t target;
	size_t lo = 0, hi;

	if (r->nc == 0)
		return -1;
	target = record_clamp(r, t);
	/* the last chunk whose first entry (and all before) is before target:
	 * the cut is in it, or right at its end */
	hi = r->nc;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->c[mid]->n > 0 && r->c[mid]->pos < target)
			lo = mid;
		else
			hi = mid;
	}
	*out = r->c[lo]->cp;
	replay_from(r, lo, out, target);
	tick_to(out, target);
	return 0;
}

int
record_view_straight(const struct record *r, uint64_t t, struct view *out)
{
	if (r->nc == 0)
		return -1;
	*out = r->c[0]->cp;
	replay_from(r, 0, out, record_clamp(r, t));
	tick_to(out, record_clamp(r, t));
	return 0;
}

const struct event *
record_entry(const struct record *r, size_t i)
{
	/* every chunk but the last is full */
	if (i >= r->entries)
		return NULL;
	return &r->c[i / REC_CHUNK]->ev[i % REC_CHUNK];
}

size_t
record_bytes(const struct record *r)
{
	return sizeof *r + r->cap * sizeof *r->c + r->nc * sizeof(struct rec_chunk);
}
