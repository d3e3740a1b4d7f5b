/*
 * trace.h — what the demo workers tell the UI: timestamped events in one
 * single-producer ring per track (a worker, or the run's controller), in
 * shared memory so that fork()ed workers write into the same rings.
 *
 * A worker never waits for the reader: when its ring is full the event is
 * dropped and counted.  The reader (the UI thread once per frame, or the
 * headless collector) drains every ring without locks.  See trace.c for
 * the memory ordering.
 */
#ifndef LOCKSTEP_TRACE_H
#define LOCKSTEP_TRACE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Event kinds.  obj names the object (lock, queue, semaphore index; CPU
 * number for EV_CPU); arg is kind-specific, as noted.
 */
enum ev_kind {
	EV_NONE,
	EV_START,		/* worker started; arg = pid */
	EV_END,			/* worker finished; arg = tasks it completed */
	EV_CPU,			/* now running on CPU obj (emitted on change) */
	EV_GIL_REQUEST,		/* wants the GIL */
	EV_GIL_ACQUIRE,		/* holds the GIL; arg = ns it waited */
	EV_GIL_DROP,		/* released the GIL; arg = 1 if forced by a drop request */
	EV_GIL_DROP_REQUEST,	/* set the drop request (waited a switch interval) */
	EV_LOCK_REQUEST,	/* wants lock obj */
	EV_LOCK_ACQUIRE,	/* holds lock obj; arg = ns it waited */
	EV_LOCK_RELEASE,	/* released lock obj */
	EV_QUEUE_PUT,		/* put into queue obj; arg = depth after */
	EV_QUEUE_GET,		/* got from queue obj; arg = depth after */
	EV_QUEUE_FULL,		/* blocked: queue obj is full */
	EV_QUEUE_EMPTY,		/* blocked: queue obj is empty */
	EV_SEM_REQUEST,		/* wants semaphore obj */
	EV_SEM_ACQUIRE,		/* holds semaphore obj; arg = holders after */
	EV_SEM_RELEASE,		/* released semaphore obj; arg = holders after */
	EV_SLEEP_BEGIN,		/* blocking I/O or sleep begins; arg = ns planned;
				 * obj = SLEEP_AWAITED when a coroutine awaits it
				 * (the loop runs others meanwhile) */
	EV_SLEEP_END,		/* ... ends */
	EV_CORO_RESUME,		/* the loop resumes this coroutine */
	EV_CORO_YIELD,		/* it yields back; arg = enum coro_wait why */
	EV_TASK_BEGIN,		/* starts task number arg */
	EV_TASK_DONE,		/* finished task number arg */
	EV_PARK,		/* step mode: parked before op obj (an ev_kind) */
	EV_UNPARK,		/* step mode: released */
	EV_DEADLOCK,		/* controller: wait-for cycle found; arg = its length */
	EV_QUEUE_PILL,		/* a poison pill (a negative item, None) went
				   into queue obj (arg 0) or came out (arg 1) */
	EV_MARK,		/* demo-specific marker; obj/arg are the demo's */
	EV_VALUE_READ,		/* read the demo's shared value: arg (the LOAD
				   of counter += 1, before it is written back) */
	EV_VALUE,		/* the demo's shared value is now arg (sampled) */
	EV__MAX
};

/* EV_SLEEP_BEGIN's obj: a blocking call (0), or awaited by a coroutine. */
#define SLEEP_AWAITED 1u

struct event {
	uint64_t t;		/* CLOCK_MONOTONIC ns */
	uint16_t track;		/* worker index, or a controller track */
	uint16_t kind;		/* enum ev_kind */
	uint32_t obj;
	int64_t arg;
};

struct trace;

/*
 * Create a trace of ntracks rings of capacity events each (rounded up to a
 * power of two), in MAP_SHARED memory: create it before fork().  NULL with
 * errno when the memory cannot be mapped.
 */
struct trace *trace_new(int ntracks, uint32_t capacity);
/* The same; with fd non-NULL in memory a process exec'd later can map
 * too: *fd is its memfd, which the caller closes (shared_map, util.h). */
struct trace *trace_new_shared(int ntracks, uint32_t capacity, int *fd);
/* Bytes of t's mapping, which starts at t. */
size_t trace_map_size(const struct trace *t);
/* Unmap it (in the parent, after the workers are gone). */
void trace_free(struct trace *t);
/* Tracks in t. */
int trace_tracks(const struct trace *t);
/* Append an event to track's ring; drops and counts it if the ring is full. */
void trace_emit(struct trace *t, int track, int kind, uint32_t obj, int64_t arg);
/* Same with an explicit timestamp. */
void trace_emit_at(struct trace *t, int track, uint64_t when, int kind,
    uint32_t obj, int64_t arg);
/*
 * Drain every ring (the single reader): call fn for each event, ring by
 * ring, in each ring's order.  Returns the number of events drained.
 */
size_t trace_drain(struct trace *t, void (*fn)(const struct event *, void *),
    void *arg);
/* Events dropped so far, all rings. */
uint64_t trace_dropped(const struct trace *t);
/* The name of an event kind ("lock-acquire"). */
const char *trace_kind_name(int kind);

#endif
