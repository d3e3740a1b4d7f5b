/*
 * replay.c — the time cursor over a kept run (see replay.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "replay.h"
#include "util.h"

void
replay_init(struct replay *p)
{
	memset(p, 0, sizeof *p);
}

void
replay_free(struct replay *p)
{
	free(p->v);
	replay_init(p);
}

void
replay_leave(struct replay *p)
{
	p->on = 0;
	p->playing = 0;
}

int
replay_seek(struct replay *p, const struct record *r, uint64_t t)
{
	uint64_t start = record_start(r), len = record_length(r);

	if (!record_kept(r))
		return -1;
	t = t < start ? start : t > len ? len : t;
	if (t >= len) {
		/* the end: the run as it stands */
		int was = p->on;

		replay_leave(p);
		p->cursor = len;
		return was;
	}
	if (p->on && t == p->cursor)
		return 0;
	if (p->v == NULL)
		p->v = xmalloc(sizeof *p->v);
	record_view_at(r, t, p->v);
	p->cursor = t;
	p->on = 1;
	return 1;
}

uint64_t
replay_step_ns(const struct record *r)
{
	uint64_t len = record_length(r) - record_start(r), step = len / REPLAY_STEPS;

	return step > 0 ? step : 1;
}

int
replay_step(struct replay *p, const struct record *r, int steps)
{
	uint64_t from = p->on ? p->cursor : record_length(r), d;

	if (!record_kept(r))
		return -1;
	p->playing = 0;
	d = replay_step_ns(r) * (uint64_t)(steps < 0 ? -steps : steps);
	if (steps < 0)
		return replay_seek(p, r, from > d ? from - d : 0);
	return replay_seek(p, r, from + d);
}

void
replay_play(struct replay *p, uint64_t now, int on, int rec_pace, int pace)
{
	p->playing = on && p->on;
	p->wall0 = now;
	p->from = p->cursor;
	p->rec_pace = rec_pace < 1 ? 1 : rec_pace;
	p->pace = pace < 1 ? 1 : pace;
}

void
replay_set_pace(struct replay *p, uint64_t now, int pace)
{
	if (p->playing)
		replay_play(p, now, 1, p->rec_pace, pace);
	else
		p->pace = pace < 1 ? 1 : pace;
}

int
replay_frame(struct replay *p, const struct record *r, uint64_t now)
{
	uint64_t t;

	if (!p->on || !p->playing)
		return 0;
	t = p->from + (now - p->wall0) * (uint64_t)p->rec_pace / (uint64_t)p->pace;
	return replay_seek(p, r, t) != 0;
}
