/*
 * record.h — a run kept after it ends, so that the learner can travel back
 * and forth through it (issue 12, "rewind a run").
 *
 * The live view is built by a sequence of steps: a batch of trace events
 * (sorted by time, applied one by one), a tick of its clock once a frame, a
 * change of the time per column when the pace changes, and the end of the
 * run.  A record is that sequence, kept: live.c makes every change to its
 * view through record_events(), record_tick(), record_set_col_ns() and
 * record_finish(), which apply it and append it.  Replaying the first k
 * entries onto the view the run started with rebuilds exactly the view the
 * learner saw at that point; no pane reads the workers meanwhile.
 *
 * Entries are struct event: trace events as they came, plus REC_TICK (t is
 * the frame's time), REC_COL_NS (arg the new time per column) and
 * REC_FINISH (obj: the run was stopped; arg: when it ended, which may
 * precede t, the frame that saw it).  They are stored in chunks of
 * REC_CHUNK, and each chunk begins with a checkpoint, a copy of the view
 * before its first entry.  The view at time t is the last checkpoint at or
 * before t, the entries after it up to the first one later than t, then a
 * tick to t: one view copy and at most REC_CHUNK entries, whatever the
 * length of the run.  ("Later than t" is exact: a batch is sorted, and an
 * entry's position is the latest time seen up to it, which only grows.)
 *
 * Memory is bounded: a chunk is its checkpoint (sizeof (struct view),
 * ~110 KiB) and REC_CHUNK entries of 24 bytes (384 KiB); at most
 * REC_MAX_CHUNKS are kept (REC_MAX_CHUNKS * REC_CHUNK entries, ~31 MiB at
 * most; a lesson's run of a few seconds keeps 1-12 MiB), and past that the
 * oldest chunk is dropped: the record then starts at the next checkpoint,
 * and record_start() says where.
 */
#ifndef LOCKSTEP_RECORD_H
#define LOCKSTEP_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "view.h"

#define REC_CHUNK 16384		/* entries between checkpoints */
#define REC_MAX_CHUNKS 64	/* kept: 1M entries; the oldest go first */
#define REC_FRAME_NS 33000000u	/* record_run: a frame of the player's */

/* Entry kinds beyond the trace's events. */
enum {
	REC_TICK = 0x100,	/* view_tick(t) */
	REC_COL_NS,		/* view_set_col_ns(arg, t) */
	REC_FINISH		/* view_finish(arg, obj) */
};

struct rec_chunk;

struct record {
	struct rec_chunk **c;		/* oldest first */
	size_t nc, cap;
	uint64_t tmax;			/* the latest time of any entry so far */
	uint64_t t0;			/* the run's start (its view's t0) */
	uint64_t end;			/* the finish entry's time, 0 until then */
	size_t entries;			/* kept now */
	size_t dropped;			/* entries dropped with old chunks */
	size_t max_chunks;		/* 0: REC_MAX_CHUNKS (tests lower it) */
};

/* An empty record (no run kept). */
void record_init(struct record *r);
/* Free everything kept. */
void record_free(struct record *r);
/* Forget what was kept and start keeping the run whose view is v now
 * (just set up by view_init). */
void record_begin(struct record *r, const struct view *v);
/* True when a run is kept. */
int record_kept(const struct record *r);
/* Apply a drained batch of events to v (sorted by time first, as
 * view_events does) and keep it. */
void record_events(struct record *r, struct view *v, struct event *ev, size_t n);
/* view_tick(v, now), kept. */
void record_tick(struct record *r, struct view *v, uint64_t now);
/* view_set_col_ns(v, col_ns, now), kept. */
void record_set_col_ns(struct record *r, struct view *v, uint64_t col_ns, uint64_t now);
/* view_finish(v, now, stopped), kept. */
void record_finish(struct record *r, struct view *v, uint64_t now, int stopped);
/* A whole run's events at once (a recording): sorted, then applied and
 * kept a frame (REC_FRAME_NS of the run) at a time, a tick after each, as
 * the player would have; finished at end (or the last event) as stopped
 * says. */
void record_run(struct record *r, struct view *v, struct event *ev, size_t n,
    uint64_t end, int stopped);
/* Apply one entry to v (an event, or one of REC_*). */
void record_apply(struct view *v, const struct event *e);
/* When the kept part begins (the run's start unless old chunks were
 * dropped) and ends (the finish, or the latest entry), in ns since t0. */
uint64_t record_start(const struct record *r);
uint64_t record_length(const struct record *r);
/* The view at t ns since the run's start (clamped to the kept part) into
 * out: the nearest checkpoint and the entries after it.  -1 when nothing
 * is kept. */
int record_view_at(const struct record *r, uint64_t t, struct view *out);
/* The same built the long way, from the first checkpoint (tests). */
int record_view_straight(const struct record *r, uint64_t t, struct view *out);
/* Entry i of the kept ones (0: the oldest kept), or NULL. */
const struct event *record_entry(const struct record *r, size_t i);
/* Bytes the record holds now. */
size_t record_bytes(const struct record *r);

#endif
