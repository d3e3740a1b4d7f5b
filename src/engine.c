/*
 * engine.c — a run's life: shared memory, the conductor thread, the worker
 * models, deadlock detection and the step gate.  See engine.h for the
 * overview.
 *
 * The conductor.  run_start() starts one conductor thread per run, with
 * every signal blocked (so are the workers it starts): signals belong to
 * the caller's thread.  The conductor forks the process model's children.
 * PR_SET_PDEATHSIG fires when the thread that forked dies, not the process,
 * so the conductor outlives its children by construction: it reaps every
 * one of them before it returns.  If lockstep itself dies, the children get
 * SIGKILL from the kernel.
 *
 * Deadlock detection.  Every worker records the lock it blocks on
 * (slot.waiting_on) and every lock its holder.  While the workers run, the
 * conductor follows worker → lock → holder → lock ... every few
 * milliseconds; a cycle seen unchanged in DEADLOCK_CONFIRM consecutive
 * looks is a deadlock (a real one never goes away).  The conductor then
 * records the cycle and emits EV_DEADLOCK, lets it stand --hold ms (times
 * the pace) so the learner sees the workers stopped and the cycle drawn,
 * and then breaks it by stopping the run: every blocking wait is timed and
 * sees the stop flag, so the deadlocked workers return.
 *
 * How a run ended.  Exactly one of done, deadlocked, stopped, failed
 * (DESIGN rule 7), decided once the workers are gone: a failure wins, then
 * a deadlock, then a stop asked for from outside (run_stop).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "engine-int.h"
#include "loop.h"
#include "util.h"

#define ARENA_SIZE (4u << 20)
#define TRACE_CAPACITY 16384
#define DEADLOCK_CONFIRM 10
#define POLL_NS 2000000u		/* conductor's look interval */
#define STOP_GRACE_NS 1000000000u	/* then SIGKILL stragglers */
#define GATE_SLICE_NS 20000000u		/* a parked worker looks at the stop flag */

static void *conductor_main(void *);

static _Atomic int worker_nice;		/* run_set_worker_nice() */

static void
init_mutex(pthread_mutex_t *m)
{
	pthread_mutexattr_t ma;

	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(m, &ma);
	pthread_mutexattr_destroy(&ma);
}

static void
init_cond(pthread_cond_t *c)
{
	pthread_condattr_t ca;

	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(c, &ca);
	pthread_condattr_destroy(&ca);
}

/* Workers, trace and GIL, once setup has fixed the worker count. */
static void
run_prepare(struct run *r)
{
	const struct demo *d = r->demo;
	int gil = r->model == MODEL_THREAD && run_knob(r, KNOB_GIL) == ON &&
	    demo_takes_knob(d, KNOB_GIL);

	r->ntracks = r->nworkers + 1 + r->nhelpers;
	r->trace = trace_new(r->ntracks, TRACE_CAPACITY);
	r->workers = xcalloc((size_t)r->nworkers, sizeof *r->workers);
	if (gil)
		gil_init(&r->shm->gil, (uint64_t)run_knob(r, KNOB_SWITCH_INTERVAL) * 1000000u,
		    1, r->trace, &r->shm->stop, &r->shm->pace);
	for (int i = 0; i < r->nworkers; i++) {
		struct worker *w = &r->workers[i];

		w->run = r;
		w->index = i;
		w->model = r->model;
		w->last_cpu = -1;
		w->gil = gil ? &r->shm->gil : NULL;
	}
}

struct run *
run_start(const struct demo *d, const struct knobs *k, char *err, size_t len)
{
	struct run *r;
	sigset_t all, old;
	int rc;

	r = xcalloc(1, sizeof *r);
	pthread_mutex_init(&r->loop_mu, NULL);
	r->demo = d;
	r->k = *k;
	if (demo_resolve_knobs(d, &r->k, err, len) != 0) {
		free(r);
		return NULL;
	}
	r->model = r->k.v[KNOB_MODEL];
	r->pid = getpid();
	r->nworkers = demo_takes_knob(d, KNOB_WORKERS) ? r->k.v[KNOB_WORKERS] : 1;
	if (r->model == MODEL_SEQUENTIAL && !demo_takes_knob(d, KNOB_WORKERS))
		r->nworkers = 1;

	(void)work_units_per_ms();	/* calibrate before any thread or fork */

	r->shm_size = sizeof(struct shm) + ARENA_SIZE;
	r->shm = mmap(NULL, r->shm_size, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (r->shm == MAP_FAILED)
		fatal("mmap run (%zu bytes)", r->shm_size);
	r->shm->arena_size = ARENA_SIZE;
	atomic_init(&r->shm->pace, r->k.v[KNOB_PACE]);
	init_mutex(&r->shm->gate_mu);
	init_cond(&r->shm->gate_cv);
	for (int i = 0; i < RUN_MAX_WORKERS + 2; i++)
		atomic_init(&r->shm->slot[i].waiting_on, -1);

	/* Setup allocates shared objects and may change the worker count. */
	if (r->demo->setup != NULL && r->demo->setup(r) != 0) {
		xsnprintf(err, len, "%s", r->res.error[0] != '\0' ? r->res.error :
		    "demo setup failed");
		run_free(r);
		return NULL;
	}
	run_prepare(r);

	/* The start time is set here, not by the conductor, so that the
	 * caller may read it (run_started_ns) as soon as run_start returns. */
	r->t0 = now_ns();
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&r->conductor, NULL, conductor_main, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		xsnprintf(err, len, "cannot start the demo: %s", strerror(rc));
		run_free(r);
		return NULL;
	}
	r->started = 1;
	return r;
}

int
run_finished(struct run *r)
{
	return atomic_load(&r->finished);
}

void
run_stop(struct run *r)
{
	struct loop *l;

	atomic_store(&r->shm->stop, 1);
	pthread_mutex_lock(&r->loop_mu);
	if ((l = r->loop) != NULL)
		loop_stop(l);
	pthread_mutex_unlock(&r->loop_mu);
	pthread_mutex_lock(&r->shm->gate_mu);
	pthread_cond_broadcast(&r->shm->gate_cv);
	pthread_mutex_unlock(&r->shm->gate_mu);
}

int
run_wait(struct run *r, struct result *res)
{
	if (r->started) {
		pthread_join(r->conductor, NULL);
		r->started = 0;
	}
	if (res != NULL)
		*res = r->res;
	return r->res.error[0] != '\0' ? -1 : 0;
}

const char *
run_end_name(enum run_end end)
{
	static const char *const names[] = {
		[RUN_DONE] = "done", [RUN_DEADLOCKED] = "deadlocked",
		[RUN_STOPPED] = "stopped", [RUN_FAILED] = "failed",
	};

	return end <= RUN_FAILED ? names[end] : "?";
}

int
run_end_has_results(enum run_end end)
{
	return end == RUN_DONE || end == RUN_DEADLOCKED;
}

void
run_free(struct run *r)
{
	if (r == NULL)
		return;
	run_stop(r);
	run_wait(r, NULL);
	for (int i = 0; i < r->shm->nobjs; i++) {
		struct obj *o = &r->shm->obj[i];

		pthread_mutex_destroy(&o->mu);
		pthread_cond_destroy(&o->c1);
		pthread_cond_destroy(&o->c2);
	}
	trace_free(r->trace);
	munmap(r->shm, r->shm_size);
	free(r->workers);
	free(r->pids);
	free(r->task_fd);
	free(r->result_fd);
	pthread_mutex_destroy(&r->loop_mu);
	free(r);
}

size_t
run_drain(struct run *r, void (*fn)(const struct event *, void *), void *arg)
{
	return trace_drain(r->trace, fn, arg);
}

struct trace *
run_trace(struct run *r)
{
	return r->trace;
}

const struct demo *
run_demo(const struct run *r)
{
	return r->demo;
}

const struct knobs *
run_knobs(const struct run *r)
{
	return &r->k;
}

int
run_workers(const struct run *r)
{
	return r->nworkers;
}

int
run_control_track(const struct run *r)
{
	return r->nworkers;
}

const char *
run_track_name(const struct run *r, int track, char *buf, size_t len)
{
	static const char *const prefix[MODEL__MAX] = {
		[MODEL_SEQUENTIAL] = "main",
		[MODEL_THREAD] = "thread",
		[MODEL_PROCESS] = "process",
		[MODEL_COROUTINE] = "task",
	};

	if (track == r->nworkers)
		xsnprintf(buf, len, "control");
	else if (track > r->nworkers)
		xsnprintf(buf, len, "helper-%d", track - r->nworkers - 1);
	else
		xsnprintf(buf, len, "%s-%d", prefix[r->model], track);
	return buf;
}

const char *
run_object_name(const struct run *r, int id)
{
	if (id < 0 || id >= r->shm->nobjs)
		return "?";
	return r->shm->obj[id].name;
}

int
run_objects(const struct run *r)
{
	return r->shm->nobjs;
}

int
run_object_kind(const struct run *r, int id)
{
	static const char kinds[] = { [OBJ_LOCK] = 'L', [OBJ_QUEUE] = 'Q', [OBJ_SEM] = 'S' };

	if (id < 0 || id >= r->shm->nobjs)
		return 0;
	return kinds[r->shm->obj[id].kind];
}

int
run_object_size(const struct run *r, int id)
{
	const struct obj *o;

	if (id < 0 || id >= r->shm->nobjs)
		return 0;
	o = &r->shm->obj[id];
	return o->kind == OBJ_QUEUE ? o->capacity : o->kind == OBJ_SEM ?
	    o->count + o->holders : 0;
}

int
run_model(const struct run *r)
{
	return r->model;
}

int
run_gil(const struct run *r)
{
	return r->model == MODEL_THREAD && r->k.v[KNOB_GIL] == ON &&
	    demo_takes_knob(r->demo, KNOB_GIL);
}

int
run_pace(const struct run *r)
{
	return atomic_load(&r->shm->pace);
}

void
run_set_pace(struct run *r, int pace)
{
	if (pace < knob_table[KNOB_PACE].min)
		pace = knob_table[KNOB_PACE].min;
	if (pace > knob_table[KNOB_PACE].max)
		pace = knob_table[KNOB_PACE].max;
	atomic_store(&r->shm->pace, pace);
}

void
run_set_worker_nice(int nice)
{
	atomic_store(&worker_nice, nice < 0 ? 0 : nice > 19 ? 19 : nice);
}

uint64_t
run_started_ns(const struct run *r)
{
	return r->t0;
}

/* --- for demos --------------------------------------------------------- */

void
run_set_workers(struct run *r, int n)
{
	r->nworkers = n < 1 ? 1 : n > RUN_MAX_WORKERS ? RUN_MAX_WORKERS : n;
}

void *
run_shalloc(struct run *r, size_t size)
{
	struct shm *s = r->shm;
	size_t off = (s->arena_used + 63) & ~(size_t)63;

	if (off + size > s->arena_size)
		fatalx("demo %s: shared arena exhausted (%zu bytes)", r->demo->name, size);
	s->arena_used = off + size;
	return s->arena + off;
}

void
run_metric(struct run *r, const char *name, double value)
{
	struct result *res = &r->res;

	for (int i = 0; i < res->nmetrics; i++) {
		if (strcmp(res->m[i].name, name) == 0) {
			res->m[i].value = value;
			return;
		}
	}
	if (res->nmetrics < RUN_MAX_METRICS)
		res->m[res->nmetrics++] = (struct metric){ name, value };
}

int
run_metric_get(const struct run *r, const char *name, double *v)
{
	for (int i = 0; i < r->res.nmetrics; i++) {
		if (strcmp(r->res.m[i].name, name) == 0) {
			*v = r->res.m[i].value;
			return 0;
		}
	}
	return -1;
}

void
run_fail(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->res.error, sizeof r->res.error, fmt, ap);
	va_end(ap);
}

void
run_set_state(struct run *r, void *state)
{
	r->state = state;
}

void *
run_state(const struct run *r)
{
	return r->state;
}

void
run_set_helpers(struct run *r, int n)
{
	r->nhelpers = n < 0 ? 0 : n > 1024 ? 1024 : n;
}

int
run_helper_track(const struct run *r, int i)
{
	return r->nworkers + 1 + i;
}

int64_t
run_tasks_done(const struct run *r)
{
	int64_t n = 0;

	for (int i = 0; i < r->nworkers; i++)
		n += atomic_load(&r->shm->slot[i].tasks);
	return n;
}

int
run_knob(const struct run *r, int id)
{
	return r->k.v[id];
}

int
run_stopping(const struct run *r)
{
	return atomic_load_explicit(&r->shm->stop, memory_order_relaxed);
}

void
run_set_tasks(struct run *r, int64_t n)
{
	r->ntasks = n;
	r->results = run_shalloc(r, (size_t)(n > 0 ? n : 1) * sizeof *r->results);
}

int
run_setup_tasks(struct run *r)
{
	run_set_tasks(r, run_knob(r, KNOB_TASKS));
	if (r->model == MODEL_COROUTINE && !knobs_isset(&r->k, KNOB_WORKERS))
		run_set_workers(r, run_knob(r, KNOB_TASKS));
	return 0;
}

void
run_report_tasks(struct run *r)
{
	run_metric(r, "tasks_done", (double)run_tasks_done(r));
}

int64_t
run_task_result(const struct run *r, int64_t task)
{
	return task >= 0 && task < r->ntasks ? r->results[task] : 0;
}

/* --- objects ----------------------------------------------------------- */

static int
obj_new(struct run *r, int kind, const char *name)
{
	struct shm *s = r->shm;
	struct obj *o;

	if (s->nobjs >= RUN_MAX_OBJECTS)
		fatalx("demo %s: too many objects", r->demo->name);
	o = &s->obj[s->nobjs];
	o->kind = kind;
	xsnprintf(o->name, sizeof o->name, "%s", name);
	init_mutex(&o->mu);
	init_cond(&o->c1);
	init_cond(&o->c2);
	atomic_init(&o->holder, -1);
	return s->nobjs++;
}

int
run_lock_new(struct run *r, const char *name)
{
	return obj_new(r, OBJ_LOCK, name);
}

int
run_queue_new(struct run *r, const char *name, int capacity)
{
	int id = obj_new(r, OBJ_QUEUE, name);
	struct obj *o = &r->shm->obj[id];

	o->capacity = capacity;
	o->items = run_shalloc(r, (size_t)capacity * sizeof *o->items);
	return id;
}

int
run_sem_new(struct run *r, const char *name, int value)
{
	int id = obj_new(r, OBJ_SEM, name);

	r->shm->obj[id].count = value;
	return id;
}

void
run_obj_stats(struct run *r, int id, struct obj_stats *st)
{
	struct obj *o = &r->shm->obj[id];

	st->acquisitions = atomic_load(&o->acquisitions);
	st->contended = atomic_load(&o->contended);
	st->blocked_full = atomic_load(&o->blocked_full);
	st->blocked_empty = atomic_load(&o->blocked_empty);
	st->max_depth = atomic_load(&o->max_depth);
	st->max_holders = atomic_load(&o->max_holders);
}

/* --- step gate --------------------------------------------------------- */

void
gate_pass(struct worker *w, int kind, int obj)
{
	struct shm *s = w->run->shm;
	struct slot *sl = &s->slot[w->index];
	struct timespec ts;
	int had;

	if (!atomic_load_explicit(&s->gate_on, memory_order_relaxed))
		return;
	/* Parked is blocked: let the others have the GIL meanwhile. */
	had = work_gil_release(w);
	pthread_mutex_lock(&s->gate_mu);
	sl->parked = 1;
	sl->park_kind = kind;
	sl->park_obj = obj;
	work_emit(w, EV_PARK, (uint32_t)obj, kind);
	while (!sl->release && atomic_load(&s->gate_on) && !atomic_load(&s->stop)) {
		deadline_in(&ts, GATE_SLICE_NS);
		pthread_cond_timedwait(&s->gate_cv, &s->gate_mu, &ts);
	}
	sl->parked = 0;
	sl->release = 0;
	pthread_mutex_unlock(&s->gate_mu);
	work_emit(w, EV_UNPARK, (uint32_t)obj, kind);
	work_gil_retake(w, had);
}

void
run_gate_set(struct run *r, int on)
{
	struct shm *s = r->shm;

	pthread_mutex_lock(&s->gate_mu);
	atomic_store(&s->gate_on, on);
	pthread_cond_broadcast(&s->gate_cv);
	pthread_mutex_unlock(&s->gate_mu);
}

int
run_gate_release(struct run *r, int worker)
{
	struct shm *s = r->shm;
	int rc = -1;

	if (worker < 0 || worker >= r->nworkers)
		return -1;
	pthread_mutex_lock(&s->gate_mu);
	if (s->slot[worker].parked) {
		s->slot[worker].release = 1;
		pthread_cond_broadcast(&s->gate_cv);
		rc = 0;
	}
	pthread_mutex_unlock(&s->gate_mu);
	return rc;
}

int
run_gate_parked(struct run *r, int worker, int *kind, int *obj)
{
	struct shm *s = r->shm;
	int parked;

	if (worker < 0 || worker >= r->nworkers)
		return 0;
	pthread_mutex_lock(&s->gate_mu);
	parked = s->slot[worker].parked && !s->slot[worker].release;
	if (parked) {
		*kind = s->slot[worker].park_kind;
		*obj = s->slot[worker].park_obj;
	}
	pthread_mutex_unlock(&s->gate_mu);
	return parked;
}

/* --- deadlock detection ------------------------------------------------ */

struct dl_state {
	uint64_t found_ns;		/* when the cycle was confirmed, 0 not yet */
	int seen;			/* consecutive sightings */
	int len;
	int cycle[2 * 64];		/* worker, lock, worker, lock ... */
};

/* Follow the wait-for graph from worker start; fill cyc, return its length
 * (workers + locks) when start is on a cycle, else 0. */
static int
dl_walk(struct run *r, int start, int *cyc, int max)
{
	struct shm *s = r->shm;
	int cur = start, n = 0;

	for (int steps = 0; steps <= r->nworkers && n + 2 <= max; steps++) {
		int lk = atomic_load(&s->slot[cur].waiting_on), h;

		if (lk < 0 || s->obj[lk].kind != OBJ_LOCK)
			return 0;
		h = atomic_load(&s->obj[lk].holder);
		if (h < 0 || h >= r->nworkers)
			return 0;
		cyc[n++] = cur;
		cyc[n++] = lk;
		if (h == start)
			return n;
		cur = h;
	}
	return 0;
}

static int
dl_check(struct run *r, struct dl_state *st)
{
	int cyc[2 * 64], n = 0;

	for (int i = 0; i < r->nworkers && i < 64 && n == 0; i++)
		n = dl_walk(r, i, cyc, (int)nitems(cyc));
	if (n == 0 || n != st->len || memcmp(cyc, st->cycle, (size_t)n * sizeof *cyc) != 0) {
		st->seen = n > 0;
		st->len = n;
		memcpy(st->cycle, cyc, (size_t)n * sizeof *cyc);
		return 0;
	}
	return ++st->seen >= DEADLOCK_CONFIRM;
}

static void
dl_report(struct run *r, const struct dl_state *st)
{
	struct result *res = &r->res;
	int n = st->len < (int)nitems(res->cycle) ? st->len : (int)nitems(res->cycle);

	res->ncycle = n;
	for (int i = 0; i < n; i++) {
		if (i % 2 == 0)
			run_track_name(r, st->cycle[i], res->cycle[i], sizeof res->cycle[i]);
		else
			xsnprintf(res->cycle[i], sizeof res->cycle[i], "%s",
			    r->shm->obj[st->cycle[i]].name);
	}
	trace_emit(r->trace, run_control_track(r), EV_DEADLOCK, 0, st->len / 2);
	run_metric(r, "deadlocked", 1);
	run_metric(r, "cycle_length", st->len / 2);
	r->deadlocked = 1;
}

/* How long a found deadlock stands before it is broken (--hold, paced). */
static uint64_t
dl_hold_ns(const struct run *r)
{
	if (!demo_takes_knob(r->demo, KNOB_HOLD))
		return 0;
	return (uint64_t)run_knob(r, KNOB_HOLD) * 1000000u * (uint64_t)run_pace(r);
}

/* Break the deadlock: stop the run, and say so in the result. */
static void
dl_break(struct run *r, uint64_t stood_ns)
{
	xsnprintf(r->res.broken, sizeof r->res.broken, "the cycle stood %.1f s; "
	    "lockstep broke it by stopping every worker in it",
	    (double)stood_ns / 1e9);
	atomic_store(&r->shm->stop, 1);
}

int
engine_find_deadlock(struct run *r)
{
	struct dl_state dl = { 0 };
	uint64_t t0;

	for (int i = 0; i < r->nworkers && i < 64; i++) {
		dl.len = dl_walk(r, i, dl.cycle, (int)nitems(dl.cycle));
		if (dl.len > 0)
			break;
	}
	if (dl.len == 0)
		return 0;
	dl_report(r, &dl);
	/* Nothing can move: let it stand, then break it. */
	t0 = now_ns();
	while (!run_stopping(r) && now_ns() - t0 < dl_hold_ns(r))
		sleep_ns(POLL_NS);
	dl_break(r, now_ns() - t0);
	return 1;
}

/* One look at the running workers: find a deadlock, and break it once it
 * has stood long enough. */
static void
conductor_look(struct run *r, struct dl_state *dl)
{
	uint64_t now;

	if (atomic_load(&r->shm->stop))
		return;
	if (dl->found_ns == 0) {
		if (!dl_check(r, dl))
			return;
		dl_report(r, dl);
		dl->found_ns = now_ns();
	}
	now = now_ns();
	if (now - dl->found_ns >= dl_hold_ns(r))
		dl_break(r, now - dl->found_ns);
}

/* --- models ------------------------------------------------------------ */

void
engine_worker_run(struct worker *w, uint64_t (*cpu_clock)(void))
{
	uint64_t c0 = cpu_clock != NULL ? cpu_clock() : 0;

	work_begin(w);
	w->run->demo->work(w);
	work_end(w, cpu_clock != NULL ? cpu_clock() - c0 : 0);
}

static uint64_t
process_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One thread runs every worker: its CPU clock is read once, for all. */
static void
model_sequential(struct run *r)
{
	uint64_t c0 = thread_cpu_ns();

	for (int i = 0; i < r->nworkers && !run_stopping(r); i++)
		engine_worker_run(&r->workers[i], NULL);
	atomic_fetch_add(&r->shm->slot[0].cpu_ns, thread_cpu_ns() - c0);
}

static void *
thread_main(void *arg)
{
	struct worker *w = arg;

	if (w->gil != NULL) {
		gil_take(w->gil, w->index);
		w->has_gil = 1;
	}
	engine_worker_run(w, thread_cpu_ns);
	return NULL;
}

static int
all_done(struct run *r)
{
	for (int i = 0; i < r->nworkers; i++)
		if (!atomic_load(&r->shm->slot[i].done))
			return 0;
	return 1;
}

static void
model_threads(struct run *r)
{
	pthread_t *tids = xcalloc((size_t)r->nworkers, sizeof *tids);
	struct dl_state dl = { 0 };
	int started = 0;

	for (int i = 0; i < r->nworkers; i++) {
		int rc = pthread_create(&tids[i], NULL, thread_main, &r->workers[i]);

		if (rc != 0) {
			run_fail(r, "cannot start thread %d: %s", i, strerror(rc));
			atomic_store(&r->shm->stop, 1);
			break;
		}
		started++;
	}
	/* Look often at first (short runs end soon), then every POLL_NS. */
	for (uint64_t nap = 20000; started == r->nworkers && !all_done(r);
	    nap = nap * 2 < POLL_NS ? nap * 2 : POLL_NS) {
		sleep_ns(nap);
		conductor_look(r, &dl);
	}
	for (int i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	free(tids);
}

static void
process_child(struct run *r, int i, pid_t parent, int task_fd, int result_fd)
{
	static struct gil own;	/* each process has its own interpreter */
	static struct pipe_end pe;
	struct worker *w = &r->workers[i];
	sigset_t none;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);	/* lockstep died before we got here */
	/* Only our own pipe ends: other children's would hide their EOFs. */
	for (int j = 0; j < i; j++) {
		close(r->task_fd[j]);
		close(r->result_fd[j]);
	}
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	pthread_sigmask(SIG_SETMASK, &none, NULL);
	pe.task_fd = task_fd;
	pe.result_fd = result_fd;
	w->pipe = &pe;
	if (run_knob(r, KNOB_GIL) == ON && demo_takes_knob(r->demo, KNOB_GIL)) {
		gil_init(&own, (uint64_t)run_knob(r, KNOB_SWITCH_INTERVAL) * 1000000u,
		    0, r->trace, &r->shm->stop, &r->shm->pace);
		w->gil = &own;
		gil_take(w->gil, w->index);
		w->has_gil = 1;
	}
	engine_worker_run(w, process_cpu_ns);
	_exit(0);
}

/* Read worker i's results (which ask for more) and answer with a chunk. */
static int
dispatch(struct run *r, int i)
{
	int64_t pair[2];
	uint32_t n;
	int64_t chunk[64], first;
	int want = run_knob(r, KNOB_CHUNKSIZE), got = 0;

	if (read_full(r->result_fd[i], &n, sizeof n) != (ssize_t)sizeof n)
		return -1;
	r->bytes_moved += sizeof n;
	r->messages++;
	for (uint32_t k = 0; k < n; k++) {
		if (read_full(r->result_fd[i], pair, sizeof pair) != (ssize_t)sizeof pair)
			return -1;
		r->bytes_moved += sizeof pair;
		if (pair[0] >= 0 && pair[0] < r->ntasks)
			r->results[pair[0]] = pair[1];
	}
	/* The next chunk, written in pieces of at most 64 task numbers. */
	first = r->dispatched;
	if (!run_stopping(r))
		while (got < want && r->dispatched < r->ntasks)
			got++, r->dispatched++;
	n = (uint32_t)got;
	if (write_full(r->task_fd[i], &n, sizeof n) != 0)
		return -1;
	r->bytes_moved += sizeof n;
	r->messages++;
	for (int k = 0; k < got; k += 64) {
		int m = got - k < 64 ? got - k : 64;

		for (int j = 0; j < m; j++)
			chunk[j] = first + k + j;
		if (write_full(r->task_fd[i], chunk, (size_t)m * sizeof *chunk) != 0)
			return -1;
		r->bytes_moved += (size_t)m * sizeof *chunk;
	}
	return 0;
}

static void
close_pipes(struct run *r, int i)
{
	if (r->task_fd[i] >= 0)
		close(r->task_fd[i]);
	if (r->result_fd[i] >= 0)
		close(r->result_fd[i]);
	r->task_fd[i] = r->result_fd[i] = -1;
}

/* Wait up to ns for results from the workers and answer them. */
static void
serve_pipes(struct run *r, uint64_t ns)
{
	struct pollfd *pfd = xcalloc((size_t)r->nworkers, sizeof *pfd);
	int n;

	for (int i = 0; i < r->nworkers; i++) {
		pfd[i].fd = r->result_fd[i];
		pfd[i].events = POLLIN;
	}
	n = poll(pfd, (nfds_t)r->nworkers, (int)(ns / 1000000u) + 1);
	for (int i = 0; n > 0 && i < r->nworkers; i++) {
		if (pfd[i].fd < 0 || pfd[i].revents == 0)
			continue;
		if (!(pfd[i].revents & POLLIN) || dispatch(r, i) != 0)
			close_pipes(r, i);
	}
	free(pfd);
}

static void
model_processes(struct run *r)
{
	pid_t parent = getpid();
	struct dl_state dl = { 0 };
	uint64_t stop_seen = 0;
	int live = 0;

	r->pids = xcalloc((size_t)r->nworkers, sizeof *r->pids);
	r->task_fd = xcalloc((size_t)r->nworkers, sizeof *r->task_fd);
	r->result_fd = xcalloc((size_t)r->nworkers, sizeof *r->result_fd);
	fflush(NULL);	/* no buffered output duplicated into children */
	for (int i = 0; i < r->nworkers; i++) {
		int tp[2], rp[2];
		pid_t pid;

		r->task_fd[i] = r->result_fd[i] = -1;
		if (pipe2(tp, O_CLOEXEC) == -1 || pipe2(rp, O_CLOEXEC) == -1 ||
		    (pid = fork()) == -1) {
			run_fail(r, "cannot start process %d: %s", i, strerror(errno));
			atomic_store(&r->shm->stop, 1);
			break;
		}
		if (pid == 0) {
			close(tp[1]);
			close(rp[0]);
			process_child(r, i, parent, tp[0], rp[1]);
		}
		close(tp[0]);
		close(rp[1]);
		r->task_fd[i] = tp[1];
		r->result_fd[i] = rp[0];
		r->pids[i] = pid;
		live++;
	}
	while (live > 0) {
		for (int i = 0; i < r->nworkers; i++) {
			int status;

			if (r->pids[i] <= 0 || waitpid(r->pids[i], &status, WNOHANG) != r->pids[i])
				continue;
			if ((WIFSIGNALED(status) || WEXITSTATUS(status) != 0) &&
			    !run_stopping(r) && r->res.error[0] == '\0')
				run_fail(r, "process %d ended abnormally (status %d)", i, status);
			atomic_store(&r->shm->slot[i].done, 1);
			close_pipes(r, i);
			r->pids[i] = 0;
			live--;
		}
		if (live == 0)
			break;
		serve_pipes(r, POLL_NS);
		conductor_look(r, &dl);
		if (run_stopping(r)) {
			if (stop_seen == 0)
				stop_seen = now_ns();
			else if (now_ns() - stop_seen > STOP_GRACE_NS)
				for (int i = 0; i < r->nworkers; i++)
					if (r->pids[i] > 0)
						kill(r->pids[i], SIGKILL);
		}
	}
	for (int i = 0; i < r->nworkers; i++)
		close_pipes(r, i);
	run_metric(r, "bytes_moved", (double)r->bytes_moved);
	run_metric(r, "messages", (double)r->messages);
}

static void
conductor_metrics(struct run *r)
{
	uint64_t cpu = 0, cpus = 0;

	for (int i = 0; i < r->nworkers; i++) {
		cpu += atomic_load(&r->shm->slot[i].cpu_ns);
		cpus |= atomic_load(&r->shm->slot[i].cpus);
	}
	r->res.cpus_seen |= cpus;
	run_metric(r, "wall_ms", (double)(r->t1 - r->t0) / 1e6);
	run_metric(r, "cpu_ms", (double)cpu / 1e6);
	run_metric(r, "workers", r->nworkers);
	run_metric(r, "cores_used", __builtin_popcountll(r->res.cpus_seen));
}

static void *
conductor_main(void *arg)
{
	struct run *r = arg;
	const struct demo *d = r->demo;

	/* Linux nice is per thread, and the threads and processes the
	 * conductor starts inherit it: every worker of every model. */
	if (atomic_load(&worker_nice) > 0)
		(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid),
		    atomic_load(&worker_nice));
	if (d->custom != NULL) {
		d->custom(r);
	} else {
		switch (r->model) {
		case MODEL_SEQUENTIAL:
			model_sequential(r);
			break;
		case MODEL_THREAD:
			model_threads(r);
			break;
		case MODEL_PROCESS:
			model_processes(r);
			break;
		case MODEL_COROUTINE:
			engine_coroutines(r);
			break;
		}
	}
	r->t1 = now_ns();
	conductor_metrics(r);
	if (d->finish != NULL && r->res.error[0] == '\0')
		d->finish(r);
	r->res.end = r->res.error[0] != '\0' ? RUN_FAILED : r->deadlocked ? RUN_DEADLOCKED :
	    run_stopping(r) ? RUN_STOPPED : RUN_DONE;
	atomic_store(&r->finished, 1);
	return NULL;
}
