/*
 * engine-coro.c — the coroutine model: the demo's workers as coroutines on
 * one event loop (loop.c), run by the conductor thread, as asyncio.run(
 * gather(...)) runs them on one thread.
 *
 * The loop's hooks turn switches into trace events (EV_CORO_RESUME when a
 * coroutine gets the loop, EV_CORO_YIELD when it gives it back).  The
 * loop thread's CPU clock is read once around the whole run: a switch
 * costs no system call of ours.  The pick hook
 * is the step gate: when it is on, the loop waits until the controller
 * releases one of the ready coroutines, and runs that one.
 *
 * Locks, queues and semaphores get loop-level twins (asyncio.Lock, Queue,
 * Semaphore) for the run.  A coroutine that waits on a lock records it in
 * its slot, as threads do, so when the loop is stuck the usual wait-for
 * walk finds the cycle.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "engine-int.h"
#include "loop.h"
#include "util.h"

static struct worker *
coro_worker(struct run *r, struct coro *c)
{
	int i = coro_id(c);

	return i >= 0 && i < r->nworkers ? &r->workers[i] : NULL;
}

static void
hook_resume(void *ctx, struct coro *c)
{
	struct run *r = ctx;
	struct worker *w = coro_worker(r, c);

	if (w == NULL)
		return;
	work_emit(w, EV_CORO_RESUME, 0, 0);
	work_note_cpu(w);
}

static void
hook_suspend(void *ctx, struct coro *c, enum coro_wait why)
{
	struct run *r = ctx;
	struct worker *w = coro_worker(r, c);

	if (w == NULL)
		return;
	work_emit(w, EV_CORO_YIELD, 0, why);
}

/* Step gate: which ready coroutine runs next is the controller's choice. */
static int
hook_pick(void *ctx, struct coro *const *ready, int n)
{
	struct run *r = ctx;
	struct shm *s = r->shm;
	struct timespec ts;
	int chosen = -1;

	if (!atomic_load_explicit(&s->gate_on, memory_order_relaxed))
		return 0;
	pthread_mutex_lock(&s->gate_mu);
	for (int i = 0; i < n; i++) {
		struct slot *sl = &s->slot[coro_id(ready[i])];

		sl->parked = 1;
		sl->park_kind = EV_CORO_RESUME;
		sl->park_obj = 0;
	}
	while (chosen < 0 && atomic_load(&s->gate_on) && !atomic_load(&s->stop)) {
		for (int i = 0; i < n && chosen < 0; i++)
			if (s->slot[coro_id(ready[i])].release)
				chosen = i;
		if (chosen >= 0)
			break;
		deadline_in(&ts, 20000000u);
		pthread_cond_timedwait(&s->gate_cv, &s->gate_mu, &ts);
	}
	for (int i = 0; i < n; i++) {
		struct slot *sl = &s->slot[coro_id(ready[i])];

		sl->parked = 0;
		sl->release = 0;
	}
	pthread_mutex_unlock(&s->gate_mu);
	if (atomic_load(&s->stop))
		return -1;
	return chosen < 0 ? 0 : chosen;
}

static void
coro_main(struct coro *c, void *arg)
{
	struct worker *w = arg;

	w->coro = c;
	engine_worker_run(w, NULL);
}

/* Loop-level twins of the run's objects. */
static void
twins_new(struct run *r)
{
	for (int i = 0; i < r->shm->nobjs; i++) {
		struct obj *o = &r->shm->obj[i];

		switch (o->kind) {
		case OBJ_LOCK:
			o->aio = xcalloc(1, sizeof(struct aio_lock));
			aio_lock_init(o->aio);
			break;
		case OBJ_QUEUE:
			o->aio = xcalloc(1, sizeof(struct aio_queue));
			aio_queue_init(o->aio, o->capacity);
			break;
		case OBJ_SEM:
			o->aio = xcalloc(1, sizeof(struct aio_sem));
			aio_sem_init(o->aio, o->count);
			break;
		}
	}
}

static void
twins_free(struct run *r)
{
	for (int i = 0; i < r->shm->nobjs; i++) {
		struct obj *o = &r->shm->obj[i];

		if (o->kind == OBJ_QUEUE && o->aio != NULL)
			aio_queue_free(o->aio);
		free(o->aio);
		o->aio = NULL;
	}
}

int
engine_coroutines(struct run *r)
{
	struct loop_hooks hooks = {
		.resume = hook_resume,
		.suspend = hook_suspend,
		.pick = hook_pick,
		.ctx = r,
	};
	struct loop *l = loop_new(0, &hooks);
	enum loop_status st;
	uint64_t c0 = thread_cpu_ns();

	twins_new(r);
	for (int i = 0; i < r->nworkers; i++)
		loop_spawn(l, coro_main, &r->workers[i]);
	pthread_mutex_lock(&r->loop_mu);
	r->loop = l;
	pthread_mutex_unlock(&r->loop_mu);
	if (run_stopping(r))
		loop_stop(l);

	st = loop_run(l);
	atomic_fetch_add(&r->shm->slot[0].cpu_ns, thread_cpu_ns() - c0);
	if (st == LOOP_STUCK && !engine_find_deadlock(r))
		run_fail(r, "every coroutine is waiting and nothing can wake them");

	pthread_mutex_lock(&r->loop_mu);
	r->loop = NULL;
	pthread_mutex_unlock(&r->loop_mu);
	loop_free(l);
	twins_free(r);
	for (int i = 0; i < r->nworkers; i++)
		atomic_store(&r->shm->slot[i].done, 1);
	return st == LOOP_DONE ? 0 : -1;
}

int
engine_coro_sleep(struct worker *w, uint64_t ns)
{
	coro_sleep(w->coro, ns);
	return run_stopping(w->run) ? -1 : 0;
}

int
engine_coro_yield(struct worker *w)
{
	coro_yield(w->coro);
	return run_stopping(w->run) ? -1 : 0;
}

int
engine_coro_lock(struct worker *w, struct obj *o, int id, int acquire)
{
	struct slot *sl = &w->run->shm->slot[w->index];
	uint64_t t0 = now_ns();

	if (!acquire) {
		atomic_store(&o->holder, -1);
		work_emit(w, EV_LOCK_RELEASE, (uint32_t)id, 0);
		aio_lock_release(w->coro, o->aio);
		return 0;
	}
	work_emit(w, EV_LOCK_REQUEST, (uint32_t)id, 0);
	atomic_store(&sl->waiting_on, id);
	if (aio_lock_acquire(w->coro, o->aio))
		atomic_fetch_add(&o->contended, 1);
	atomic_store(&sl->waiting_on, -1);
	atomic_store(&o->holder, w->index);
	atomic_fetch_add(&o->acquisitions, 1);
	work_emit(w, EV_LOCK_ACQUIRE, (uint32_t)id, (int64_t)(now_ns() - t0));
	return run_stopping(w->run) ? -1 : 0;
}

static void
note_max(_Atomic int64_t *max, int64_t v)
{
	if (v > atomic_load(max))
		atomic_store(max, v);
}

int
engine_coro_queue(struct worker *w, struct obj *o, int id, int put, int64_t *item)
{
	struct aio_queue *q = o->aio;
	int depth;

	if (put) {
		if (aio_queue_depth(q) >= o->capacity) {
			atomic_fetch_add(&o->blocked_full, 1);
			work_emit(w, EV_QUEUE_FULL, (uint32_t)id, aio_queue_depth(q));
		}
		aio_queue_put(w->coro, q, *item);
		depth = aio_queue_depth(q);
		note_max(&o->max_depth, depth);
		work_emit(w, EV_QUEUE_PUT, (uint32_t)id, depth);
		if (*item < 0)
			work_emit(w, EV_QUEUE_PILL, (uint32_t)id, 0);
	} else {
		if (aio_queue_depth(q) == 0) {
			atomic_fetch_add(&o->blocked_empty, 1);
			work_emit(w, EV_QUEUE_EMPTY, (uint32_t)id, 0);
		}
		aio_queue_get(w->coro, q, item);
		work_emit(w, EV_QUEUE_GET, (uint32_t)id, aio_queue_depth(q));
		if (*item < 0)
			work_emit(w, EV_QUEUE_PILL, (uint32_t)id, 1);
	}
	return run_stopping(w->run) ? -1 : 0;
}

int
engine_coro_sem(struct worker *w, struct obj *o, int id, int acquire)
{
	if (!acquire) {
		o->holders--;
		work_emit(w, EV_SEM_RELEASE, (uint32_t)id, o->holders);
		aio_sem_release(w->coro, o->aio);
		return 0;
	}
	work_emit(w, EV_SEM_REQUEST, (uint32_t)id, 0);
	if (aio_sem_acquire(w->coro, o->aio))
		atomic_fetch_add(&o->contended, 1);
	o->holders++;
	note_max(&o->max_holders, o->holders);
	atomic_fetch_add(&o->acquisitions, 1);
	work_emit(w, EV_SEM_ACQUIRE, (uint32_t)id, o->holders);
	return run_stopping(w->run) ? -1 : 0;
}

/* asyncio.to_thread: the blocking call runs on a helper thread. */
struct to_thread {
	struct worker *w;
	struct loop *loop;
	uint64_t ns;
};

static void *
to_thread_main(void *arg)
{
	struct to_thread *t = arg;
	struct run *r = t->w->run;
	int track = run_helper_track(r, t->w->index);
	uint64_t end = now_ns() + t->ns;

	trace_emit(r->trace, track, EV_SLEEP_BEGIN, 0, (int64_t)t->ns);
	while (now_ns() < end && !run_stopping(r)) {
		uint64_t left = end - now_ns();

		sleep_ns(left < 10000000u ? left : 10000000u);
	}
	trace_emit(r->trace, track, EV_SLEEP_END, 0, 0);
	loop_post(t->loop, t->w->coro);
	return NULL;
}

int
work_to_thread(struct worker *w, double ms)
{
	struct to_thread t;
	pthread_t th;
	sigset_t all, old;
	int rc;

	if (w->model != MODEL_COROUTINE)
		return work_block(w, ms);
	t.w = w;
	t.loop = coro_loop(w->coro);
	t.ns = (uint64_t)(ms * 1e6) *
	    (uint64_t)atomic_load_explicit(&w->run->shm->pace, memory_order_relaxed);
	loop_hold(t.loop);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&th, NULL, to_thread_main, &t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		loop_post(t.loop, NULL);	/* drop the hold */
		return work_block(w, ms);
	}
	work_emit(w, EV_SLEEP_BEGIN, 0, (int64_t)t.ns);
	coro_park(w->coro);
	work_emit(w, EV_SLEEP_END, 0, 0);
	pthread_join(th, NULL);
	return run_stopping(w->run) ? -1 : 0;
}
