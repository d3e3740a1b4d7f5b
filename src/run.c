/*
 * run.c — a run's state, as demos, models and callers see it: knobs,
 * workers, tracks and their names, the shared block and its arena, the
 * instrumented objects, the measured result, and the step gate's
 * controls.  Everything here is bookkeeping: nothing starts, waits or
 * blocks (engine.c runs the run; the models run the workers).
 *
 * The shared block (struct shm) is mapped MAP_SHARED before any fork, so
 * its atomics, the gate, the GIL, the objects' process-shared mutexes and
 * the arena are the same memory in every worker of every model.
 */
#include "config.h"

#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "engine-int.h"
#include "util.h"

#define ARENA_SIZE (4u << 20)

int
run_shm_new(struct run *r)
{
	r->shm_size = sizeof(struct shm) + ARENA_SIZE;
	r->shm = shared_map(r->shm_size, run_exec_shared(r) ? &r->shm_fd : NULL);
	if (r->shm == MAP_FAILED) {
		r->shm = NULL;
		return -1;
	}
	r->shm->arena_size = ARENA_SIZE;
	atomic_init(&r->shm->pace, r->k.v[KNOB_PACE]);
	gate_init(&r->shm->gate);
	for (int i = 0; i < RUN_MAX_WORKERS + 2; i++)
		atomic_init(&r->shm->slot[i].waiting_on, -1);
	return 0;
}

int
run_exec_shared(const struct run *r)
{
	return r->model == MODEL_PROCESS && r->k.v[KNOB_START] != START_FORK;
}

void
run_shm_free(struct run *r)
{
	for (int i = 0; i < r->nbig; i++) {
		munmap(r->big[i].p, r->big[i].len);
		if (r->big[i].fd >= 0)
			close(r->big[i].fd);
	}
	if (r->shm_fd >= 0)
		close(r->shm_fd);
	r->shm_fd = -1;
	free(r->big);
	r->big = NULL;
	r->nbig = 0;
	if (r->shm == NULL)
		return;
	for (int i = 0; i < r->shm->nobjs; i++) {
		struct obj *o = &r->shm->obj[i];

		pthread_mutex_destroy(&o->mu);
		pthread_cond_destroy(&o->c1);
		pthread_cond_destroy(&o->c2);
	}
	gate_destroy(&r->shm->gate);
	munmap(r->shm, r->shm_size);
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
run_flag_stop(struct run *r)
{
	atomic_store(&r->shm->stop, 1);
	word_wake(&r->shm->news);	/* sleeping workers see it at once */
}

int
run_finished(struct run *r)
{
	return atomic_load(&r->finished);
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

/* Entry i of a comma-separated list into buf: 1, or 0 if it is absent or
 * empty (the default stands). */
static int
names_pick(const char *list, int i, char *buf, size_t len)
{
	const char *p = list, *end;

	if (list == NULL || i < 0)
		return 0;
	for (; i > 0 && p != NULL; i--)
		if ((p = strchr(p, ',')) != NULL)
			p++;
	if (p == NULL)
		return 0;
	end = strchr(p, ',');
	if (end == NULL)
		end = p + strlen(p);
	if (end == p)
		return 0;
	xsnprintf(buf, len, "%.*s", (int)(end - p), p);
	return 1;
}

/*
 * A track's name: the run's own names (run_start_named) first, then the
 * demo's role ("producer-0", "io", "heartbeat", "to_thread-0"), then the
 * model's ("thread-0", "process-3", "task-2").
 */
const char *
run_track_name(const struct run *r, int track, char *buf, size_t len)
{
	if (track == r->nworkers)
		xsnprintf(buf, len, "control");
	else if (track < r->nworkers && names_pick(r->worker_names, track, buf, len))
		return buf;
	else if (r->demo->role != NULL && r->demo->role(r, track, buf, len) != NULL)
		return buf;
	else if (track > r->nworkers)
		xsnprintf(buf, len, "helper-%d", track - r->nworkers - 1);
	else
		xsnprintf(buf, len, "%s-%d", r->ops->track, track);
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
	/* capacity never changes after creation: no lock needed (count and
	 * holders change under o->mu on the workers' side) */
	return o->kind == OBJ_QUEUE || o->kind == OBJ_SEM ? o->capacity : 0;
}

int
run_model(const struct run *r)
{
	return r->model;
}

int
run_gil(const struct run *r)
{
	return r->ops->gil_shared && r->k.v[KNOB_GIL] == ON &&
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
run_freeze(struct run *r, int on)
{
	struct shm *s = r->shm;

	if (on == atomic_load(&s->frozen))
		return;
	if (on) {
		atomic_store(&s->frozen_at, now_ns());
	} else {
		atomic_fetch_add(&s->frozen_ns, now_ns() - atomic_load(&s->frozen_at));
	}
	atomic_store(&s->frozen, on);
	word_wake(&s->news);
}

int
run_thaw_wait(struct run *r)
{
	for (;;) {
		uint32_t seen = atomic_load(&r->shm->news);

		if (!atomic_load_explicit(&r->shm->frozen, memory_order_relaxed))
			break;
		if (run_stopping(r))
			return -1;
		/* woken by the thaw or a stop; the timeout bounds a lost wake */
		word_sleep(&r->shm->news, seen, 100000000u);
	}
	return run_stopping(r) ? -1 : 0;
}

uint64_t
run_started_ns(const struct run *r)
{
	return r->t0;
}

uint64_t
run_ended_ns(const struct run *r)
{
	return r->t1;
}

/* --- step gate controls ------------------------------------------------ */

void
run_gate_set(struct run *r, int on)
{
	gate_set(&r->shm->gate, on);
}

int
run_gate_release(struct run *r, int worker)
{
	if (worker < 0 || worker >= r->nworkers)
		return -1;
	return gate_release(&r->shm->gate, worker);
}

int
run_gate_parked(struct run *r, int worker, int *kind, int *obj)
{
	if (worker < 0 || worker >= r->nworkers)
		return 0;
	return gate_parked(&r->shm->gate, worker, kind, obj);
}

/* --- for demos --------------------------------------------------------- */

/*
 * Small blocks come from the arena; one that does not fit gets a shared
 * mapping of its own, so the memory a run can share grows with its knobs
 * (--items 1000000) instead of a fixed arena's size.  Either way it is
 * mapped before any fork, so every worker sees it.
 */
void *
run_shalloc(struct run *r, size_t size)
{
	struct shm *s = r->shm;
	size_t off = (s->arena_used + 63) & ~(size_t)63;
	void *p;
	int fd = -1;

	if (off + size <= s->arena_size) {
		s->arena_used = off + size;
		return s->arena + off;
	}
	p = shared_map(size, run_exec_shared(r) ? &fd : NULL);
	if (p == MAP_FAILED) {
		run_fail(r, "cannot share %zu MiB between the workers: %s",
		    (size + (1u << 20) - 1) >> 20, strerror(errno));
		return NULL;
	}
	r->big = xreallocarray(r->big, (size_t)r->nbig + 1, sizeof *r->big);
	r->big[r->nbig++] = (struct run_map){ p, size, fd };
	return p;
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
	return result_metric(&r->res, name, v);
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
	if (!names_pick(r->object_names, s->nobjs, o->name, sizeof o->name))
		xsnprintf(o->name, sizeof o->name, "%s", name);
	xmutex_init(&o->mu, 1);
	xcond_init(&o->c1, 1);
	xcond_init(&o->c2, 1);
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
	r->shm->obj[id].capacity = value;	/* constant: read without mu */
	return id;
}

struct obj *
run_obj(struct run *r, int id, int kind)
{
	struct shm *s = r->shm;

	if (id < 0 || id >= s->nobjs || s->obj[id].kind != kind)
		fatalx("demo %s: bad object %d", r->demo->name, id);
	return &s->obj[id];
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
