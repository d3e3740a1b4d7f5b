/*
 * work.c — what a worker does: compute, wait, yield, and the bookkeeping
 * around its body.
 *
 * Computation is real: work_compute() runs a calibrated integer loop, so
 * "500 ms of work" is the same amount of arithmetic in every model, and a
 * speedup is measured, never assumed.  The loop runs in chunks of about
 * CHUNK_MS; between chunks — the "bytecode boundaries" where CPython checks
 * its eval breaker — the worker answers a GIL drop request, notes which CPU
 * it is on and checks the stop flag.  Each chunk does pace times the work,
 * so slow motion stretches computation as much as it stretches waits.
 */
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include "engine-int.h"
#include "util.h"

#define CHUNK_MS 0.05
#define SLEEP_SLICE_NS 10000000u

static double units_per_ms;
static pthread_once_t calibrate_once = PTHREAD_ONCE_INIT;
static volatile uint64_t sink;

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

static void
calibrate(void)
{
	uint64_t units = 1000, t0, dt = 0;

	/* Grow until one measurement takes at least 20 ms, keep the best
	 * of three at that size (least disturbed by other load). */
	for (;;) {
		t0 = now_ns();
		spin(units);
		dt = now_ns() - t0;
		if (dt >= 20000000u)
			break;
		units *= 2;
	}
	for (int i = 0; i < 2; i++) {
		uint64_t d;

		t0 = now_ns();
		spin(units);
		d = now_ns() - t0;
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

void
work_begin(struct worker *w)
{
	work_emit(w, EV_START, 0, w->model == MODEL_PROCESS ? getpid() : w->run->pid);
	work_note_cpu(w);
}

void
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
	atomic_store(&sl->done, 1);
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
	return run_stopping(w->run) ? -1 : 0;
}

int
work_compute(struct worker *w, double ms)
{
	double per_chunk = work_units_per_ms() * CHUNK_MS;
	long chunks = (long)(ms / CHUNK_MS + 0.5);

	for (long c = 0; c < chunks; c++) {
		spin((uint64_t)(per_chunk * pace_of(w)));
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

/* A blocking sleep of ns (already paced), in slices that see the stop. */
static int
blocking_sleep(struct worker *w, uint64_t ns)
{
	uint64_t end = now_ns() + ns, t;

	while ((t = now_ns()) < end) {
		if (run_stopping(w->run))
			return -1;
		sleep_ns(end - t < SLEEP_SLICE_NS ? end - t : SLEEP_SLICE_NS);
	}
	return 0;
}

int
work_block(struct worker *w, double ms)
{
	uint64_t ns = (uint64_t)(ms * 1e6) * (uint64_t)pace_of(w);
	int had, rc;

	work_emit(w, EV_SLEEP_BEGIN, 0, (int64_t)ns);
	had = work_gil_release(w);
	rc = blocking_sleep(w, ns);
	work_emit(w, EV_SLEEP_END, 0, 0);
	work_gil_reacquire(w, had);
	return rc;
}

int
work_io(struct worker *w, double ms)
{
	uint64_t ns = (uint64_t)(ms * 1e6) * (uint64_t)pace_of(w);
	int rc;

	if (w->model != MODEL_COROUTINE)
		return work_block(w, ms);
	work_emit(w, EV_SLEEP_BEGIN, 0, (int64_t)ns);
	rc = engine_coro_sleep(w, ns);
	work_emit(w, EV_SLEEP_END, 0, 0);
	return rc;
}

int
work_yield(struct worker *w)
{
	int had;

	if (w->model == MODEL_COROUTINE)
		return engine_coro_yield(w);
	had = work_gil_release(w);
	sched_yield();
	work_gil_reacquire(w, had);
	return run_stopping(w->run) ? -1 : 0;
}

/*
 * A process worker and its parent speak in messages over two pipes, like a
 * multiprocessing Pool's: the worker sends the results of its last chunk
 * (possibly none), which also asks for more; the parent answers with the
 * next chunk of task numbers, or an empty chunk when there are no more.
 *   worker → parent: u32 n, n × (i64 task, i64 value)
 *   parent → worker: u32 n, n × i64 task
 */
static int64_t
pipe_next_task(struct worker *w)
{
	struct pipe_end *p = w->pipe;
	uint32_t n;

	if (p->chunk_pos < p->chunk_n)
		return p->chunk[p->chunk_pos++];
	n = (uint32_t)p->out_n;
	if (write_full(p->result_fd, &n, sizeof n) != 0 ||
	    write_full(p->result_fd, p->out, (size_t)p->out_n * 2 * sizeof *p->out) != 0)
		return -1;
	p->out_n = 0;
	if (read_full(p->task_fd, &n, sizeof n) != (ssize_t)sizeof n || n == 0)
		return -1;
	if ((int)n > p->chunk_cap) {
		p->chunk_cap = (int)n;
		p->chunk = xreallocarray(p->chunk, n, sizeof *p->chunk);
	}
	if (read_full(p->task_fd, p->chunk, n * sizeof *p->chunk) != (ssize_t)(n * sizeof *p->chunk))
		return -1;
	p->chunk_n = (int)n;
	p->chunk_pos = 1;
	return p->chunk[0];
}

int64_t
work_next_task(struct worker *w)
{
	struct run *r = w->run;
	int64_t t;

	if (run_stopping(r))
		return -1;
	if (w->pipe != NULL)
		t = pipe_next_task(w);
	else if ((t = atomic_fetch_add(&r->shm->next_task, 1)) >= r->ntasks)
		t = -1;
	if (t >= 0)
		work_emit(w, EV_TASK_BEGIN, 0, t);
	return t;
}

void
work_task_result(struct worker *w, int64_t task, int64_t value)
{
	struct pipe_end *p = w->pipe;

	if (p == NULL) {
		if (task >= 0 && task < w->run->ntasks)
			w->run->results[task] = value;
		return;
	}
	if (p->out_n == p->out_cap) {
		p->out_cap = p->out_cap ? 2 * p->out_cap : 16;
		p->out = xreallocarray(p->out, (size_t)p->out_cap, 2 * sizeof *p->out);
	}
	p->out[2 * p->out_n] = task;
	p->out[2 * p->out_n + 1] = value;
	p->out_n++;
}

void
work_task_done(struct worker *w, int64_t task)
{
	w->tasks_done++;
	work_emit(w, EV_TASK_DONE, 0, task);
}
