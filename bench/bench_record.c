/*
 * bench_record.c — what rewinding costs: a made-up run of a million events
 * (8 threads taking turns at the GIL and a lock, drained in batches as the
 * player drains them, a tick a frame) is kept in a record; then the cost of
 * a jump to an arbitrary time (the nearest checkpoint and the entries after
 * it), mean and worst of JUMPS, next to the goal of one frame (33 ms), and
 * the memory the kept run takes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "record.h"
#include "util.h"

#define EVENTS 1000000
#define WORKERS 8
#define BATCH 1000		/* events drained a frame */
#define JUMPS 500

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
	uint64_t t = 0, t0, worst = 0, sum = 0, len;
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
		uint64_t target = (uint64_t)rand() % len, s = now_ns(), d;

		record_view_at(&r, target, at);
		d = now_ns() - s;
		sum += d;
		worst = d > worst ? d : worst;
	}
	printf("record: a jump to an arbitrary time in a %zu-event run (%.1f s): "
	    "mean %.2f ms, worst %.2f ms (goal: under one frame, 33 ms)\n", total,
	    (double)len / 1e9, (double)sum / JUMPS / 1e6, (double)worst / 1e6);
	printf("record: the kept run takes %.1f MiB (%zu checkpoints of %zu KiB, "
	    "one every %d entries; %zu bytes an entry)\n",
	    (double)record_bytes(&r) / 1048576.0, r.nc, sizeof(struct view) / 1024,
	    REC_CHUNK, sizeof(struct event));
	record_free(&r);
	free(batch);
	free(v);
	free(at);
	return 0;
}
