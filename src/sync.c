/*
 * sync.c — the instrumented lock, bounded queue and semaphore.
 *
 * For threads and processes they are process-shared pthread objects in the
 * run's shared block (threading.Lock, queue.Queue / multiprocessing.Queue,
 * Semaphore, and a multiprocessing Value's get_lock()).  For coroutines
 * they are the event loop's own (asyncio.Lock, Queue, Semaphore), in
 * engine-coro.c.
 *
 * As in CPython, a thread that must block on one of them first releases
 * the GIL, and takes it back only after it has let go of the object's
 * internal mutex: a thread never waits for the GIL while holding a mutex
 * another GIL waiter might need.  Every wait is a timed loop that sees the
 * run's stop flag.  Before each operation a worker passes the step gate.
 */
#include "config.h"

#include <errno.h>
#include <time.h>

#include "engine-int.h"
#include "util.h"

#define WAIT_SLICE_NS 20000000u

static struct obj *
obj_get(struct worker *w, int id, int kind)
{
	struct shm *s = w->run->shm;

	if (id < 0 || id >= s->nobjs || s->obj[id].kind != kind)
		fatalx("demo %s: bad object %d", w->run->demo->name, id);
	return &s->obj[id];
}

static void
note_max(_Atomic int64_t *max, int64_t v)
{
	int64_t cur = atomic_load_explicit(max, memory_order_relaxed);

	while (v > cur && !atomic_compare_exchange_weak(max, &cur, v))
		;
}

/* Wait on c (mutex held) for a slice; -1 when the run is stopping. */
static int
cond_slice(struct worker *w, pthread_cond_t *c, pthread_mutex_t *m)
{
	struct timespec ts;

	deadline_in(&ts, WAIT_SLICE_NS);
	pthread_cond_timedwait(c, m, &ts);
	return run_stopping(w->run) ? -1 : 0;
}

int
lock_acquire(struct worker *w, int id)
{
	struct obj *o = obj_get(w, id, OBJ_LOCK);
	struct slot *sl = &w->run->shm->slot[w->index];
	uint64_t t0;
	int rc = 0;

	gate_pass(w, EV_LOCK_REQUEST, id);
	if (w->model == MODEL_COROUTINE)
		return engine_coro_lock(w, o, id, 1);
	t0 = now_ns();
	work_emit(w, EV_LOCK_REQUEST, (uint32_t)id, 0);
	if (pthread_mutex_trylock(&o->mu) != 0) {
		struct timespec ts;
		int had;

		atomic_fetch_add(&o->contended, 1);
		atomic_store(&sl->waiting_on, id);
		had = work_gil_release(w);
		for (;;) {
			deadline_in(&ts, WAIT_SLICE_NS);
			if (pthread_mutex_timedlock(&o->mu, &ts) == 0)
				break;
			if (run_stopping(w->run)) {
				rc = -1;
				break;
			}
		}
		atomic_store(&sl->waiting_on, -1);
		work_gil_reacquire(w, had);
		if (rc != 0)
			return rc;
	}
	atomic_store(&o->holder, w->index);
	atomic_fetch_add(&o->acquisitions, 1);
	work_emit(w, EV_LOCK_ACQUIRE, (uint32_t)id, (int64_t)(now_ns() - t0));
	return 0;
}

void
lock_release(struct worker *w, int id)
{
	struct obj *o = obj_get(w, id, OBJ_LOCK);

	if (w->model == MODEL_COROUTINE) {
		engine_coro_lock(w, o, id, 0);
		return;
	}
	atomic_store(&o->holder, -1);
	work_emit(w, EV_LOCK_RELEASE, (uint32_t)id, 0);
	pthread_mutex_unlock(&o->mu);
}

int
queue_put(struct worker *w, int id, int64_t item)
{
	struct obj *o = obj_get(w, id, OBJ_QUEUE);
	int had = 0, depth, rc = 0;

	gate_pass(w, EV_QUEUE_PUT, id);
	if (w->model == MODEL_COROUTINE)
		return engine_coro_queue(w, o, id, 1, &item);
	pthread_mutex_lock(&o->mu);
	if (o->count == o->capacity) {
		atomic_fetch_add(&o->blocked_full, 1);
		work_emit(w, EV_QUEUE_FULL, (uint32_t)id, o->count);
		had = work_gil_release(w);
		while (o->count == o->capacity && rc == 0)
			rc = cond_slice(w, &o->c1, &o->mu);
	}
	if (rc == 0) {
		o->items[(o->head + o->count) % o->capacity] = item;
		depth = ++o->count;
		note_max(&o->max_depth, depth);
		work_emit(w, EV_QUEUE_PUT, (uint32_t)id, depth);
		if (item < 0)
			work_emit(w, EV_QUEUE_PILL, (uint32_t)id, 0);
		pthread_cond_signal(&o->c2);
	}
	pthread_mutex_unlock(&o->mu);
	work_gil_reacquire(w, had);
	return rc;
}

int
queue_get(struct worker *w, int id, int64_t *item)
{
	struct obj *o = obj_get(w, id, OBJ_QUEUE);
	int had = 0, rc = 0;

	gate_pass(w, EV_QUEUE_GET, id);
	if (w->model == MODEL_COROUTINE)
		return engine_coro_queue(w, o, id, 0, item);
	pthread_mutex_lock(&o->mu);
	if (o->count == 0) {
		atomic_fetch_add(&o->blocked_empty, 1);
		work_emit(w, EV_QUEUE_EMPTY, (uint32_t)id, 0);
		had = work_gil_release(w);
		while (o->count == 0 && rc == 0)
			rc = cond_slice(w, &o->c2, &o->mu);
	}
	if (rc == 0) {
		*item = o->items[o->head];
		o->head = (o->head + 1) % o->capacity;
		o->count--;
		work_emit(w, EV_QUEUE_GET, (uint32_t)id, o->count);
		if (*item < 0)
			work_emit(w, EV_QUEUE_PILL, (uint32_t)id, 1);
		pthread_cond_signal(&o->c1);
	}
	pthread_mutex_unlock(&o->mu);
	work_gil_reacquire(w, had);
	return rc;
}

int
sem_acquire(struct worker *w, int id)
{
	struct obj *o = obj_get(w, id, OBJ_SEM);
	int had = 0, rc = 0;

	gate_pass(w, EV_SEM_REQUEST, id);
	if (w->model == MODEL_COROUTINE)
		return engine_coro_sem(w, o, id, 1);
	work_emit(w, EV_SEM_REQUEST, (uint32_t)id, 0);
	pthread_mutex_lock(&o->mu);
	if (o->count == 0) {
		atomic_fetch_add(&o->contended, 1);
		had = work_gil_release(w);
		while (o->count == 0 && rc == 0)
			rc = cond_slice(w, &o->c1, &o->mu);
	}
	if (rc == 0) {
		o->count--;
		o->holders++;
		note_max(&o->max_holders, o->holders);
		atomic_fetch_add(&o->acquisitions, 1);
		work_emit(w, EV_SEM_ACQUIRE, (uint32_t)id, o->holders);
	}
	pthread_mutex_unlock(&o->mu);
	work_gil_reacquire(w, had);
	return rc;
}

void
sem_release(struct worker *w, int id)
{
	struct obj *o = obj_get(w, id, OBJ_SEM);

	if (w->model == MODEL_COROUTINE) {
		engine_coro_sem(w, o, id, 0);
		return;
	}
	pthread_mutex_lock(&o->mu);
	o->count++;
	o->holders--;
	work_emit(w, EV_SEM_RELEASE, (uint32_t)id, o->holders);
	pthread_cond_signal(&o->c1);
	pthread_mutex_unlock(&o->mu);
}
