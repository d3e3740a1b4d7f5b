/*
 * replay.h — a time cursor over a kept run (record.h): the lesson player's
 * `[` `]` Home End and Space-plays-from-here, without any drawing.
 *
 * While the cursor is on, the panes draw v, the view rebuilt at the cursor
 * (never the workers).  The cursor moves in steps of 1/REPLAY_STEPS of the
 * kept run; reaching the end leaves replay (the end is the run as it
 * stands).  Playing moves the cursor on by the wall time elapsed × the
 * recorded run's pace / the pace chosen now, so at the pace the run was
 * recorded at it plays in real time, and slow motion slows it further.
 */
#ifndef LOCKSTEP_REPLAY_H
#define LOCKSTEP_REPLAY_H

#include <stdint.h>

#include "record.h"
#include "view.h"

#define REPLAY_STEPS 40		/* `[` and `]`: 1/40 of the run */

struct replay {
	int on;				/* the panes show v */
	int playing;			/* the cursor moves on by itself */
	uint64_t cursor;		/* ns since the run's start */
	uint64_t wall0, from;		/* playing: since when, from where */
	int rec_pace, pace;		/* the run's pace, the pace to play at */
	struct view *v;			/* the view at the cursor */
};

/* Replay off. */
void replay_init(struct replay *p);
/* Free the view; replay off. */
void replay_free(struct replay *p);
/* Leave replay: the panes show the run as it stands again. */
void replay_leave(struct replay *p);
/* Put the cursor at t (ns since the start, clamped to the kept part) and
 * rebuild the view there; at the end, replay is left.  Returns 1 when
 * something changed, 0, or -1 when nothing is kept. */
int replay_seek(struct replay *p, const struct record *r, uint64_t t);
/* Move the cursor by steps (negative: back) of 1/REPLAY_STEPS of the run;
 * from the end when replay was off. */
int replay_step(struct replay *p, const struct record *r, int steps);
/* The length of one step, in ns. */
uint64_t replay_step_ns(const struct record *r);
/* Play from the cursor (at now, wall clock) or stop playing; rec_pace is the
 * pace the run went at, pace the one to play at now. */
void replay_play(struct replay *p, uint64_t now, int on, int rec_pace, int pace);
/* The pace to play at changed (slow motion keys): goes on from here. */
void replay_set_pace(struct replay *p, uint64_t now, int pace);
/* Once a frame: a playing cursor moves on; 1 when the view changed. */
int replay_frame(struct replay *p, const struct record *r, uint64_t now);

#endif
