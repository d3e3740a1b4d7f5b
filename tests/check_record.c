/* check_record.c — a run kept: the view at any time, rebuilt from the
 * nearest checkpoint, is the view built straight there and the view the
 * learner saw live at that moment; jumps back and forth agree; checkpoints
 * every REC_CHUNK entries; the memory stays bounded. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "knob.h"
#include "live.h"
#include "record.h"
#include "replay.h"
#include "suites.h"
#include "util.h"

#define MS 1000000ull

/* Two views alike, byte for byte (what every pane reads). */
static void
same_view(const struct view *a, const struct view *b, const char *what)
{
	if (memcmp(a, b, sizeof *a) == 0)
		return;
	ck_abort_msg("%s: views differ (now %llu/%llu, events %lld/%lld, value %lld/%lld)",
	    what, (unsigned long long)a->now, (unsigned long long)b->now,
	    (long long)a->events, (long long)b->events, (long long)a->value,
	    (long long)b->value);
}

/* A made-up run of nw workers taking turns at the GIL and a lock, in
 * batches of about 40 events, a tick after each; now and then an event
 * comes a batch late, as from a ring drained after the frame. */
static uint64_t
feed(struct record *r, struct view *v, int nbatches, unsigned seed)
{
	static const int cycle[] = {
		EV_GIL_REQUEST, EV_GIL_ACQUIRE, EV_LOCK_REQUEST, EV_LOCK_ACQUIRE,
		EV_VALUE, EV_LOCK_RELEASE, EV_GIL_DROP,
	};
	struct event batch[64];
	uint64_t t = v->t0;
	int64_t value = 0;

	srand(seed);
	for (int b = 0; b < nbatches; b++) {
		size_t n = 0;

		while (n < 40) {
			int w = rand() % v->nworkers;

			for (size_t k = 0; k < nitems(cycle) && n < nitems(batch); k++) {
				t += 1000 + (uint64_t)(rand() % 50000);
				batch[n++] = (struct event){ .t = t, .track = (uint16_t)w,
				    .kind = (uint16_t)cycle[k], .obj = 0,
				    .arg = cycle[k] == EV_VALUE ? ++value : 0 };
			}
		}
		if (b % 7 == 3)	/* late: from before the last tick */
			batch[n - 1].t = v->now > v->t0 ? v->now - 100 : v->t0;
		record_events(r, v, batch, n);
		record_tick(r, v, t + 500);
	}
	return t + 500 - v->t0;
}

START_TEST(a_jump_lands_where_the_straight_replay_does)
{
	struct view *live = xmalloc(sizeof *live), *a = xmalloc(sizeof *a),
	    *b = xmalloc(sizeof *b);
	struct record r;
	uint64_t len;

	record_init(&r);
	view_init_plain(live, 4, "L", 2, 1000 * MS, 2 * MS);
	record_begin(&r, live);
	len = feed(&r, live, 2000, 7);
	record_finish(&r, live, live->now + MS, 0);
	ck_assert(r.entries > 3 * REC_CHUNK);
	ck_assert_uint_eq(record_length(&r), len + MS);
	/* the end is the live view itself */
	ck_assert_int_eq(record_view_at(&r, record_length(&r), a), 0);
	same_view(a, live, "at the end");
	srand(11);
	for (int i = 0; i < 60; i++) {
		uint64_t t = (uint64_t)rand() % (len + 2 * MS);
		char what[64];

		xsnprintf(what, sizeof what, "at %llu ns", (unsigned long long)t);
		record_view_at(&r, t, a);
		record_view_straight(&r, t, b);
		same_view(a, b, what);
	}
	free(live);
	free(a);
	free(b);
	record_free(&r);
}
END_TEST

START_TEST(back_then_forward_gives_the_same_view)
{
	struct view *v = xmalloc(sizeof *v), *a = xmalloc(sizeof *a),
	    *b = xmalloc(sizeof *b), *c = xmalloc(sizeof *c);
	struct record r;
	uint64_t len;

	record_init(&r);
	view_init_plain(v, 3, "L", 2, 5 * MS, 2 * MS);
	record_begin(&r, v);
	len = feed(&r, v, 600, 3);
	record_view_at(&r, len * 3 / 4, a);
	record_view_at(&r, len / 5, b);
	record_view_at(&r, len * 3 / 4, c);
	same_view(a, c, "back then forward");
	/* and time went back: fewer events, a lower counter */
	ck_assert(b->events < a->events);
	ck_assert(b->value < a->value);
	ck_assert(b->now < a->now);
	/* before the start and past the end: clamped */
	record_view_at(&r, 0, b);
	ck_assert_int_eq(b->events, 0);
	record_view_at(&r, len * 10, c);
	same_view(c, v, "past the end");
	free(v);
	free(a);
	free(b);
	free(c);
	record_free(&r);
}
END_TEST

START_TEST(a_checkpoint_every_chunk_and_the_memory_bounded)
{
	struct view *v = xmalloc(sizeof *v), *a = xmalloc(sizeof *a),
	    *b = xmalloc(sizeof *b);
	struct record r;
	uint64_t len;
	size_t bytes;

	record_init(&r);
	r.max_chunks = 4;
	view_init_plain(v, 4, "L", 2, 0, 2 * MS);
	record_begin(&r, v);
	ck_assert(record_kept(&r));
	feed(&r, v, 100, 5);
	/* 42 events and a tick a batch: within the first chunk */
	ck_assert_uint_eq(r.nc, 1);
	ck_assert_uint_eq(r.entries, 100 * 43);
	bytes = record_bytes(&r);
	len = feed(&r, v, 3000, 9);
	/* full chunks then the last one, each beginning with a checkpoint;
	 * four at most, the oldest dropped */
	ck_assert_uint_eq(r.nc, 4);
	ck_assert_uint_eq(r.entries + r.dropped, 3100 * 43);
	ck_assert_uint_le(r.entries, 4 * REC_CHUNK);
	ck_assert_uint_gt(r.entries, 3 * REC_CHUNK);
	ck_assert(record_bytes(&r) <= 4 * bytes + 4096);
	for (size_t i = 0; i < r.entries; i++)
		ck_assert_ptr_nonnull(record_entry(&r, i));
	ck_assert_ptr_null(record_entry(&r, r.entries));
	/* the kept part starts later; a jump before it lands on its start */
	ck_assert(record_start(&r) > 0);
	record_view_at(&r, 0, a);
	record_view_straight(&r, record_start(&r), b);
	same_view(a, b, "the start of the kept part");
	record_view_at(&r, len - 3 * MS, a);
	record_view_straight(&r, len - 3 * MS, b);
	same_view(a, b, "after a drop");
	record_free(&r);
	ck_assert(!record_kept(&r));
	ck_assert_int_eq(record_view_at(&r, 0, a), -1);
	free(v);
	free(a);
	free(b);
}
END_TEST

START_TEST(the_cursor_steps_plays_and_leaves_at_the_end)
{
	struct view *v = xmalloc(sizeof *v);
	struct record r;
	struct replay p;
	uint64_t len, step;

	record_init(&r);
	replay_init(&p);
	ck_assert_int_eq(replay_step(&p, &r, -1), -1);	/* nothing kept */
	view_init_plain(v, 3, "L", 2, 0, 2 * MS);
	record_begin(&r, v);
	feed(&r, v, 400, 2);
	record_finish(&r, v, v->now, 0);
	len = record_length(&r);
	step = replay_step_ns(&r);
	ck_assert_uint_eq(step, len / REPLAY_STEPS);
	/* from the end, back a step: the view there */
	ck_assert_int_eq(replay_step(&p, &r, -1), 1);
	ck_assert(p.on);
	ck_assert_uint_eq(p.cursor, len - step);
	ck_assert(p.v->now == r.t0 + len - step && p.v->end == 0);
	replay_step(&p, &r, -3);
	ck_assert_uint_eq(p.cursor, len - 4 * step);
	ck_assert_int_eq(replay_seek(&p, &r, 0), 1);
	ck_assert_uint_eq(p.cursor, 0);
	replay_step(&p, &r, -1);	/* the start stays the start */
	ck_assert(p.on && p.cursor == 0);
	/* playing at twice the run's pace: half the run's speed */
	replay_seek(&p, &r, len / 2);
	replay_play(&p, 1000 * MS, 1, 1, 2);
	ck_assert(p.playing);
	ck_assert_int_eq(replay_frame(&p, &r, 1000 * MS + 2 * step), 1);
	ck_assert_uint_eq(p.cursor, len / 2 + step);
	replay_set_pace(&p, 1000 * MS + 2 * step, 1);	/* now the run's own */
	replay_frame(&p, &r, 1000 * MS + 3 * step);
	ck_assert_uint_eq(p.cursor, len / 2 + 2 * step);
	/* played to the end: replay is over, the panes show the run */
	ck_assert_int_eq(replay_frame(&p, &r, 1000 * MS + 4 * len), 1);
	ck_assert(!p.on && !p.playing);
	ck_assert_int_eq(replay_frame(&p, &r, 1000 * MS + 5 * len), 0);
	/* forward from the end does nothing */
	ck_assert_int_eq(replay_step(&p, &r, 1), 0);
	ck_assert(!p.on);
	replay_free(&p);
	record_free(&r);
	free(v);
}
END_TEST

/*
 * Real runs of every demo under every model it supports, driven as the
 * player drives them: the view the learner saw at a frame is the view
 * rebuilt at that frame's time (its tick's: the frame's, or the latest
 * event it drained).
 */
#define SNAPS 24

START_TEST(every_demo_replays_what_was_seen_live)
{
	const struct demo *d = demo_table[_i];
	struct view *snap = xreallocarray(NULL, SNAPS, sizeof *snap), *at = xmalloc(sizeof *at);
	size_t tick_at[SNAPS];
	struct live l;
	int frames = 0;

	live_init(&l, 2);
	for (int m = 0; m < MODEL__MAX; m++) {
		struct knobs k;
		char what[96];
		uint64_t t0;
		int n = 0, frame = 0;

		if (!(d->models & MODEL_BIT(m)))
			continue;
		check_short_knobs(d, &k, m);
		ck_assert_msg(live_start(&l, d, &k, 0) == 0, "%s: %s", d->name, l.error);
		t0 = now_ns();
		while (live_busy(&l) && now_ns() - t0 < 30000000000ull) {
			uint64_t now = now_ns();

			live_frame(&l, now);
			frame++;
			/* a frame of a run going: its last entry is the tick */
			if (live_running(&l) && (frame < 6 || frame % 4 == 0) && n < SNAPS) {
				snap[n] = l.view;
				tick_at[n++] = l.rec.entries;
			}
			sleep_ns(2000000);
		}
		ck_assert_msg(l.phase == LIVE_DONE, "%s: phase %d (%s)", d->name, l.phase,
		    l.error);
		ck_assert(record_kept(&l.rec) && l.rec.dropped == 0);
		for (int s = 0; s < n; s++) {
			const struct event *tick = record_entry(&l.rec, tick_at[s] - 1);

			xsnprintf(what, sizeof what, "%s/%s frame %d", d->name,
			    knob_table[KNOB_MODEL].choices[m], s);
			ck_assert_uint_eq(tick->kind, REC_TICK);
			ck_assert_uint_eq(tick->t, snap[s].now);
			record_view_at(&l.rec, tick->t - l.rec.t0, at);
			same_view(at, &snap[s], what);
		}
		xsnprintf(what, sizeof what, "%s/%s end", d->name,
		    knob_table[KNOB_MODEL].choices[m]);
		record_view_at(&l.rec, record_length(&l.rec), at);
		same_view(at, &l.view, what);
		frames += n;
	}
	ck_assert_msg(frames >= 1, "%s: %d frames compared", d->name, frames);
	live_free(&l);
	free(snap);
	free(at);
}
END_TEST

Suite *
record_suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, a_jump_lands_where_the_straight_replay_does);
	tcase_add_test(tc, back_then_forward_gives_the_same_view);
	tcase_add_test(tc, a_checkpoint_every_chunk_and_the_memory_bounded);
	tcase_add_test(tc, the_cursor_steps_plays_and_leaves_at_the_end);
	suite_add_tcase(s, tc);
	tc = tcase_create("runs");
	tcase_set_timeout(tc, 180);
	tcase_add_loop_test(tc, every_demo_replays_what_was_seen_live, 0, (int)demo_count);
	suite_add_tcase(s, tc);
	return s;
}
