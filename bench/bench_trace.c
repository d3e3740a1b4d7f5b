/*
 * bench_trace.c — what tracing costs a worker, next to what an uncontended
 * mutex lock/unlock pair costs, measured in the same run, and what the
 * clock read inside it costs by itself, read each way the TSC can be read
 * (only rdtscp and lfence;rdtsc keep a stamp after its cause on another
 * CPU; clock.c).  A reader thread drains the ring meanwhile, as the UI
 * does.  Best of ROUNDS short rounds each: on a shared machine the best
 * round is the one no other process interrupted.
 * Then 64 workers emit as fast as they can for FLOOD_NS while one reader
 * drains every DRAIN_NAP_NS (the headless collector's shortest nap): the
 * events per second one reader sustains, and what the default rings drop.
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "trace.h"
#include "util.h"

#define N 200000
#define ROUNDS 40
#define FLOOD_WORKERS 64
#define FLOOD_NS 500000000u
#define DRAIN_NAP_NS 1000000u
#define RING_DEFAULT 16384	/* engine.c's TRACE_CAPACITY */

static _Atomic int done;
static volatile uint64_t sink_u64;

static void
nothing(const struct event *e, void *arg)
{
	(void)e;
	(void)arg;
}

static void *
reader(void *arg)
{
	struct trace *t = arg;

	while (!atomic_load(&done)) {
		trace_drain(t, nothing, NULL);
		sleep_ns(100000);
	}
	return NULL;
}

static double
best(double (*fn)(struct trace *), struct trace *t)
{
	double b = 1e9;

	for (int i = 0; i < ROUNDS; i++) {
		double v = fn(t);

		if (v < b)
			b = v;
	}
	return b;
}

static double
emit_now(struct trace *t)
{
	uint64_t t0 = now_ns();

	for (int i = 0; i < N; i++)
		trace_emit(t, 0, EV_MARK, 0, i);
	return (double)(now_ns() - t0) / N;
}

static double
emit_at(struct trace *t)
{
	uint64_t t0 = now_ns();

	for (int i = 0; i < N; i++)
		trace_emit_at(t, 0, (uint64_t)i, EV_MARK, 0, i);
	return (double)(now_ns() - t0) / N;
}

static double
mutex_pair(struct trace *t)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	uint64_t t0 = now_ns();

	(void)t;
	for (int i = 0; i < N; i++) {
		pthread_mutex_lock(&mu);
		pthread_mutex_unlock(&mu);
	}
	return (double)(now_ns() - t0) / N;
}

static double
clock_alone(struct trace *t)
{
	uint64_t t0 = now_ns(), x = 0;

	(void)t;
	for (int i = 0; i < N; i++)
		x ^= now_ns();
	sink_u64 = x;
	return (double)(now_ns() - t0) / N;
}

#ifdef LS_HAVE_TSC
static double
tsc_plain(struct trace *t)
{
	uint64_t t0 = now_ns(), x = 0;

	(void)t;
	for (int i = 0; i < N; i++)
		x ^= __builtin_ia32_rdtsc();
	sink_u64 = x;
	return (double)(now_ns() - t0) / N;
}

static double
tsc_lfence(struct trace *t)
{
	uint64_t t0 = now_ns(), x = 0;

	(void)t;
	for (int i = 0; i < N; i++) {
		__builtin_ia32_lfence();
		x ^= __builtin_ia32_rdtsc();
	}
	sink_u64 = x;
	return (double)(now_ns() - t0) / N;
}

static double
tsc_rdtscp(struct trace *t)
{
	uint64_t t0 = now_ns(), x = 0;
	unsigned int cpu;

	(void)t;
	for (int i = 0; i < N; i++)
		x ^= __builtin_ia32_rdtscp(&cpu);
	sink_u64 = x;
	return (double)(now_ns() - t0) / N;
}
#endif

static double
gettime_alone(struct trace *t)
{
	uint64_t t0 = now_ns(), x = 0;

	(void)t;
	for (int i = 0; i < N; i++)
		x ^= clock_mono_ns();
	sink_u64 = x;
	return (double)(now_ns() - t0) / N;
}

struct flood {
	struct trace *t;
	int track;
	_Atomic uint64_t *emitted;
};

static _Atomic int flood_stop;

static void *
flood_worker(void *arg)
{
	struct flood *f = arg;
	uint64_t n = 0;

	while (!atomic_load_explicit(&flood_stop, memory_order_relaxed)) {
		trace_emit(f->t, f->track, EV_MARK, 0, (int64_t)n);
		n++;
	}
	atomic_fetch_add(f->emitted, n);
	return NULL;
}

static void
flood(void)
{
	struct trace *t = trace_new(FLOOD_WORKERS, RING_DEFAULT);
	pthread_t th[FLOOD_WORKERS];
	struct flood f[FLOOD_WORKERS];
	_Atomic uint64_t emitted = 0;
	uint64_t read = 0, t0, end, el;

	atomic_store(&flood_stop, 0);
	for (int i = 0; i < FLOOD_WORKERS; i++) {
		f[i] = (struct flood){ .t = t, .track = i, .emitted = &emitted };
		pthread_create(&th[i], NULL, flood_worker, &f[i]);
	}
	t0 = now_ns();
	end = t0 + FLOOD_NS;
	while (now_ns() < end) {
		read += trace_drain(t, nothing, NULL);
		sleep_ns(DRAIN_NAP_NS);
	}
	atomic_store(&flood_stop, 1);
	for (int i = 0; i < FLOOD_WORKERS; i++)
		pthread_join(th[i], NULL);
	read += trace_drain(t, nothing, NULL);
	el = now_ns() - t0;
	printf("%-46s %10.2f\n", "64 busy workers: events/s the reader took (M)",
	    (double)read / ((double)el / 1e9) / 1e6);
	printf("%-46s %10.2f\n", "64 busy workers: events/s emitted (M)",
	    (double)atomic_load(&emitted) / ((double)el / 1e9) / 1e6);
	printf("%-46s %9.1f%%\n", "64 busy workers: dropped at 16384/ring",
	    100.0 * (double)trace_dropped(t) / (double)(atomic_load(&emitted) ? atomic_load(&emitted) : 1));
	trace_free(t);
}

int
main(void)
{
	struct trace *t = trace_new(1, 16384);
	pthread_t th;
	double e, a, m, c, g;

	pthread_create(&th, NULL, reader, t);
	e = best(emit_now, t);
	a = best(emit_at, t);
	m = best(mutex_pair, t);
	c = best(clock_alone, t);
	g = best(gettime_alone, t);
	atomic_store(&done, 1);
	pthread_join(th, NULL);

	printf("%-46s %10s\n", "trace cost per event (best of 40 x 200k)", "ns/op");
	printf("%-46s %10.1f\n", "trace_emit: clock read + ring write", e);
	printf("%-46s %10.1f\n", "trace_emit_at: ring write only", a);
	printf("%-46s %10.1f\n", "pthread mutex lock+unlock, uncontended", m);
	printf("%-46s %10.1f\n", clock_source()[0] == 't' ? "now_ns alone (calibrated TSC)" :
	    "now_ns alone (clock_gettime)", c);
	printf("%-46s %10.1f\n", "clock_gettime(CLOCK_MONOTONIC) alone", g);
#ifdef LS_HAVE_TSC
	printf("%-46s %10.1f\n", "TSC read alone: rdtscp (ordered; used)", best(tsc_rdtscp, t));
	printf("%-46s %10.1f\n", "TSC read alone: lfence; rdtsc (ordered)", best(tsc_lfence, t));
	printf("%-46s %10.1f\n", "TSC read alone: rdtsc (unordered)", best(tsc_plain, t));
#endif
	printf("%-46s %9.2fx\n", "trace_emit / mutex pair", e / m);
	printf("%-46s %10llu\n", "events dropped (reader drains every 0.1 ms)",
	    (unsigned long long)trace_dropped(t));
	trace_free(t);
	flood();
	return 0;
}
