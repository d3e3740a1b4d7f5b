/*
 * bench_record.c — what rewinding costs: a made-up run of a million events
 * (8 threads taking turns at the GIL and a lock, drained in batches as the
 * player drains them, a tick a frame) is kept in a record; then the cost of
 * a jump to an arbitrary time (the nearest checkpoint and the entries after
 * it), mean and worst of JUMPS, next to the goal of one frame (33 ms), and
 * the memory the kept run takes.  Then a real lesson run (race-lock's step
 * with the lock: 4 threads, 100000 increments each) kept as the player
 * keeps it: its events and memory.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "demo.h"
#include "live.h"
#include "record.h"
#include "util.h"

#define EVENTS 1000000
#define WORKERS 8
#define BATCH 1000		/* events drained a frame */
#define JUMPS 500

/* A step of race-lock, run as the player runs it: 4 threads, yielding
 * between read and write. */
static void
lesson_run(const char *what, int increments, int lock)
{
	struct live l;
	struct knobs k = { 0 };
	uint64_t t0 = now_ns();

	live_init(&l, 2);
	knobs_set(&k, KNOB_WORKERS, 4);
	knobs_set(&k, knob_find("increments"), increments);
	knobs_set(&k, knob_find("await-between"), ON);
	knobs_set(&k, KNOB_LOCK, lock);
	if (live_start(&l, demo_find("counter"), &k, 0) != 0) {
		printf("record: the lesson run did not start: %s\n", l.error);
		return;
	}
	while (live_busy(&l) && now_ns() - t0 < 60000000000ull) {
		live_frame(&l, now_ns());
		sleep_ns(33000000);
	}
	printf("record: %s (%.1f s): %zu entries kept in %.1f MiB%s\n", what,
	    (double)record_length(&l.rec) / 1e9, l.rec.entries,
	    (double)record_bytes(&l.rec) / 1048576.0, l.rec.dropped > 0 ?
	    ", the oldest dropped (the cap)" : "");
	live_free(&l);
}

int
main(void)
{
	static const int cycle[] = {
		EV_GIL_REQUEST, EV_GIL_ACQUIRE, EV_LOCK_REQUEST, EV_LOCK_ACQUIRE,
		EV_VALUE, EV_LOCK_RELEASE, EV_GIL_DROP,
	};
	struct view *v = xmalloc(sizeof *v), *at = xmalloc(sizeof *at);
	struct event *batch = xreallocarray(NULL, BATCH + nitems(cycle), sizeof *batch);
	struct record r;
	uint64_t t = 0, t0, worst = 0, sum = 0, cpu = 0, len;
	size_t total = 0;
	int64_t value = 0;

	record_init(&r);
	view_init_plain(v, WORKERS, "L", 8, 0, 2500000);
	record_begin(&r, v);
	srand(1);
	t0 = now_ns();
	while (total < EVENTS) {
		size_t n = 0;

		while (n < BATCH) {
			int w = rand() % WORKERS;

			for (size_t k = 0; k < nitems(cycle); k++) {
				t += 2000 + (uint64_t)(rand() % 60000);
				batch[n++] = (struct event){ .t = t, .track = (uint16_t)w,
				    .kind = (uint16_t)cycle[k], .arg = cycle[k] == EV_VALUE ?
				    ++value : 0 };
			}
		}
		record_events(&r, v, batch, n);
		record_tick(&r, v, t);
		total += n;
	}
	record_finish(&r, v, t + 1000, 0);
	printf("record: %zu events kept in %.0f ms (%.0f ns an event, applied and kept)\n",
	    total, (double)(now_ns() - t0) / 1e6, (double)(now_ns() - t0) / (double)total);
	len = record_length(&r);
	for (int i = 0; i < JUMPS; i++) {
		uint64_t target = record_start(&r) + (uint64_t)rand() % (len - record_start(&r));
		uint64_t s = now_ns(), c = thread_cpu_ns(), d;

		record_view_at(&r, target, at);
		d = now_ns() - s;
		cpu += thread_cpu_ns() - c;
		sum += d;
		worst = d > worst ? d : worst;
	}
	printf("record: a jump to an arbitrary time in a %zu-event run (%.1f s, the last "
	    "%.1f s kept): mean %.2f ms (%.2f ms of CPU), worst %.2f ms (goal: under one "
	    "frame, 33 ms)\n", total, (double)len / 1e9, (double)(len - record_start(&r)) / 1e9,
	    (double)sum / JUMPS / 1e6, (double)cpu / JUMPS / 1e6, (double)worst / 1e6);
	printf("record: the kept run takes %.1f MiB (%zu checkpoints of %zu KiB, "
	    "one every %d entries; %zu bytes an entry)\n",
	    (double)record_bytes(&r) / 1048576.0, r.nc, sizeof(struct view) / 1024,
	    REC_CHUNK, sizeof(struct event));
	record_free(&r);
	free(batch);
	free(v);
	free(at);
	lesson_run("race-lock step 1 (4 x 100000, no lock)", 100000, OFF);
	lesson_run("race-lock's lock step (4 x 10000, lock)", 10000, ON);
	return 0;
}
