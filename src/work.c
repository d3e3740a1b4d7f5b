/*
 * work.c — what a worker does: compute, wait, yield, take tasks, and the
 * bookkeeping around its body; the GIL let go around blocking, and the
 * step gate before each operation.  What differs between models (how an
 * I/O wait, a yield, a to_thread call or a task hand-out is done) is the
 * model's op (struct model_ops); everything else is written here once.
 *
 * Computation is real: work_compute() runs a calibrated integer loop, so
 * "500 ms of work" is the same amount of arithmetic in every model, and a
 * speedup is measured, never assumed.  The loop runs in chunks of about
 * CHUNK_MS; between chunks the worker notes which CPU it is on and checks
 * the stop flag.  Each chunk does pace times the work, so slow motion
 * stretches computation as much as it stretches waits.
 *
 * The GIL's drop request (CPython's eval breaker) is looked at far more
 * often: every BREAKER_UNITS of the loop, under a microsecond, as CPython
 * looks at it every few bytecodes.  How soon the holder answers decides
 * who wins the GIL next: a waiter whose timed wait just ran out, asked
 * for the drop and is still on its way into the condition variable takes
 * the signal from one asleep in it.  Answered only between 50 µs chunks,
 * the sleeping I/O thread of the convoy won nine hand-offs in ten and its
 * median latency was 0.38 of CPython's; answered within a microsecond, the
 * hand-offs split as CPython's do (bench/fidelity.sh).
 */
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include "engine-int.h"
#include "util.h"

#define CHUNK_MS 0.05
#define BREAKER_UNITS 16
/* A sleeping worker is woken by a stop or a pause (shm->news); the slice
 * only bounds a missed wake.  Looking every 10 ms instead, 64 sleeping
 * workers woke 6400 times a second: 6 % of a core, three times what
 * drawing them cost. */
#define SLEEP_SLICE_NS 100000000u

static double units_per_ms;
static pthread_once_t calibrate_once = PTHREAD_ONCE_INIT;
/* Where spin() leaves its result so the loop is not optimised away: one
 * per thread (a shared one was a data race between workers). */
static _Thread_local volatile uint64_t sink;

/* One unit: a short dependent chain of integer operations (xorshift). */
static void
spin(uint64_t units)
{
	uint64_t x = sink | 1;

	for (uint64_t u = 0; u < units; u++)
		for (int i = 0; i < 32; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
		}
	sink = x;
}

/* spin(), looking at *breaker (if any) every BREAKER_UNITS: returns the
 * units still to do when it found it set, 0 when all are done. */
static uint64_t
spin_watch(uint64_t units, const _Atomic int *breaker)
{
	while (units > 0) {
		uint64_t n = units < BREAKER_UNITS ? units : BREAKER_UNITS;

		if (breaker != NULL &&
		    atomic_load_explicit(breaker, memory_order_relaxed))
			return units;
		spin(n);
		units -= n;
	}
	return 0;
}

static void
calibrate(void)
{
	uint64_t units = 1000, t0, dt = 0;

	/* This thread's CPU time, not the wall clock: on a busy machine a
	 * wall-clock calibration counts the time other processes ran as
	 * ours, and "500 ms of work" became a third of it.  Grow until one
	 * measurement takes at least 10 ms, keep the best of three at that
	 * size (least disturbed by caches and interrupts). */
	for (;;) {
		t0 = thread_cpu_ns();
		spin(units);
		dt = thread_cpu_ns() - t0;
		if (dt >= 10000000u)
			break;
		units *= 2;
	}
	for (int i = 0; i < 2; i++) {
		uint64_t d;

		t0 = thread_cpu_ns();
		spin(units);
		d = thread_cpu_ns() - t0;
		if (d < dt)
			dt = d;
	}
	units_per_ms = (double)units / ((double)dt / 1e6);
}

double
work_units_per_ms(void)
{
	pthread_once(&calibrate_once, calibrate);
	return units_per_ms;
}

static void
calibrate_none(void)
{
}

void
work_set_units_per_ms(double units)
{
	units_per_ms = units;
	pthread_once(&calibrate_once, calibrate_none);
}

void
work_spin_ms(double ms)
{
	spin((uint64_t)(work_units_per_ms() * ms));
}

static int
pace_of(const struct worker *w)
{
	return atomic_load_explicit(&w->run->shm->pace, memory_order_relaxed);
}

void
work_emit(struct worker *w, int kind, uint32_t obj, int64_t arg)
{
	trace_emit(w->run->trace, w->index, kind, obj, arg);
}

void
work_note_cpu(struct worker *w)
{
	int cpu = sched_getcpu();

	if (cpu == w->last_cpu || cpu < 0)
		return;
	w->last_cpu = cpu;
	if (cpu < 64)
		atomic_fetch_or_explicit(&w->run->shm->slot[w->index].cpus,
		    1ull << cpu, memory_order_relaxed);
	work_emit(w, EV_CPU, (uint32_t)cpu, 0);
}

/* EV_START carries the pid the worker runs in: lockstep's own for every
 * model but processes. */
static void
work_begin(struct worker *w)
{
	work_emit(w, EV_START, 0, getpid());
	work_note_cpu(w);
}

static void
work_end(struct worker *w, uint64_t cpu_ns)
{
	struct slot *sl = &w->run->shm->slot[w->index];

	if (w->has_gil) {
		gil_drop(w->gil, w->index, 0);
		w->has_gil = 0;
	}
	atomic_fetch_add(&sl->cpu_ns, cpu_ns);
	atomic_store(&sl->tasks, w->tasks_done);
	work_emit(w, EV_END, 0, w->tasks_done);
	atomic_store(&sl->end_ns, now_ns());
	atomic_store(&sl->done, 1);
}

void
engine_worker_run(struct worker *w, uint64_t (*cpu_clock)(void))
{
	uint64_t c0 = cpu_clock != NULL ? cpu_clock() : 0;

	work_begin(w);
	w->run->demo->work(w);
	work_end(w, cpu_clock != NULL ? cpu_clock() - c0 : 0);
}

/* Between bytecodes: the eval breaker. */
static int
work_tick(struct worker *w)
{
	/* gil_check() without its retake: the step gate may hold a thread
	 * between letting the GIL go and asking for it again. */
	if (w->has_gil &&
	    atomic_load_explicit(&w->gil->drop_request, memory_order_relaxed)) {
		gil_drop(w->gil, w->index, 1);
		w->has_gil = 0;
		work_gil_reacquire(w, 1);
	}
	work_note_cpu(w);
	if (atomic_load_explicit(&w->run->shm->frozen, memory_order_relaxed))
		return run_thaw_wait(w->run);
	return run_stopping(w->run) ? -1 : 0;
}

int
work_compute(struct worker *w, double ms)
{
	double per_chunk = work_units_per_ms() * CHUNK_MS;
	long chunks = (long)(ms / CHUNK_MS + 0.5);

	for (long c = 0; c < chunks; c++) {
		uint64_t left = (uint64_t)(per_chunk * pace_of(w));

		/* a drop request is answered at once, the rest of the chunk
		 * done once the GIL is back */
		while ((left = spin_watch(left, w->has_gil ?
		    &w->gil->drop_request : NULL)) > 0)
			if (work_tick(w) != 0)
				return -1;
		if (work_tick(w) != 0)
			return -1;
	}
	return 0;
}

void
work_bytecode(struct worker *w, int units)
{
	spin((uint64_t)units * (uint64_t)pace_of(w));
}

int
work_backedge(struct worker *w)
{
	if (w->has_gil && atomic_load_explicit(&w->gil->drop_request, memory_order_relaxed))
		return work_tick(w);
	return run_stopping(w->run) ? -1 : 0;
}

int
work_gil_release(struct worker *w)
{
	if (!w->has_gil)
		return 0;
	gil_drop(w->gil, w->index, 0);
	w->has_gil = 0;
	return 1;
}

void
work_gil_reacquire(struct worker *w, int had)
{
	if (!had)
		return;
	gate_pass(w, EV_GIL_REQUEST, 0);
	work_gil_retake(w, had);
}

void
work_gil_retake(struct worker *w, int had)
{
	if (!had)
		return;
	gil_take(w->gil, w->index);
	w->has_gil = 1;
	work_note_cpu(w);
}

/*
 * The step gate.  A parked worker is blocked, so it lets the others have
 * the GIL meanwhile, and takes it back once released, without passing
 * the gate a second time.
 */
void
gate_pass(struct worker *w, int kind, int obj)
{
	struct shm *s = w->run->shm;
	int had;

	if (!gate_is_on(&s->gate))
		return;
	had = work_gil_release(w);
	work_emit(w, EV_PARK, (uint32_t)obj, kind);
	gate_park(&s->gate, &w->index, 1, kind, obj, &s->stop);
	work_emit(w, EV_UNPARK, (uint32_t)obj, kind);
	work_gil_retake(w, had);
}

int
work_sleep(struct run *r, uint64_t ns)
{
	uint64_t end = now_ns() + ns, t;

	while ((t = now_ns()) < end) {
		uint32_t seen = atomic_load(&r->shm->news);

		if (run_stopping(r))
			return -1;
		if (atomic_load_explicit(&r->shm->frozen, memory_order_relaxed)) {
			/* a paused wait stands still: what is left of it waits */
			if (run_thaw_wait(r) != 0)
				return -1;
			end += now_ns() - t;
			continue;
		}
		word_sleep(&r->shm->news, seen,
		    end - t < SLEEP_SLICE_NS ? end - t : SLEEP_SLICE_NS);
	}
	return 0;
}

int
work_block_ns(struct worker *w, uint64_t ns)
{
	int had, rc;

	work_emit(w, EV_SLEEP_BEGIN, 0, (int64_t)ns);
	had = work_gil_release(w);
	rc = work_sleep(w->run, ns);
	work_emit(w, EV_SLEEP_END, 0, 0);
	work_gil_reacquire(w, had);
	return rc;
}

/* ms of this run's time, stretched by the pace, in ns. */
static uint64_t
paced_ns(struct worker *w, double ms)
{
	return (uint64_t)(ms * 1e6) * (uint64_t)pace_of(w);
}

int
work_block(struct worker *w, double ms)
{
	return work_block_ns(w, paced_ns(w, ms));
}

int
work_io(struct worker *w, double ms)
{
	return w->run->ops->io(w, paced_ns(w, ms));
}

int
work_to_thread(struct worker *w, double ms)
{
	const struct model_ops *ops = w->run->ops;

	if (ops->to_thread == NULL)
		return work_block(w, ms);
	return ops->to_thread(w, paced_ns(w, ms));
}

int
work_sleep_zero(struct worker *w)
{
	int had = work_gil_release(w);

	/* CPython's time.sleep(0) is a zero-length clock_nanosleep(), not
	 * sched_yield(): the call returns at once when nobody else wants the
	 * CPU (the GIL does the handing over), where sched_yield() gives a
	 * busy machine's other processes a whole time slice — a lock holder
	 * waited milliseconds per increment (issue 9). */
	sleep_ns(0);
	work_gil_reacquire(w, had);
	return run_stopping(w->run) ? -1 : 0;
}

int
work_yield(struct worker *w)
{
	return w->run->ops->yield(w);
}

int64_t
work_next_task(struct worker *w)
{
	struct run *r = w->run;
	int64_t t;

	if (run_stopping(r))
		return -1;
	if (r->ops->next_task != NULL)
		t = r->ops->next_task(w);
	else if ((t = atomic_fetch_add(&r->shm->next_task, 1)) >= r->ntasks)
		t = -1;
	if (t >= 0)
		work_emit(w, EV_TASK_BEGIN, 0, t);
	return t;
}

void
work_task_result(struct worker *w, int64_t task, int64_t value)
{
	struct run *r = w->run;

	if (r->ops->task_result != NULL)
		r->ops->task_result(w, task, value);
	else if (task >= 0 && task < r->ntasks)
		r->results[task] = value;
}

void
work_task_done(struct worker *w, int64_t task)
{
	w->tasks_done++;
	work_emit(w, EV_TASK_DONE, 0, task);
}
