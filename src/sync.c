/*
 * sync.c — the instrumented lock, bounded queue and semaphore, for every
 * model: threading.Lock, queue.Queue / multiprocessing.Queue, Semaphore
 * (and a multiprocessing Value's get_lock()) for threads and processes;
 * asyncio.Lock, Queue and Semaphore for coroutines.
 *
 * The bookkeeping is written here once: the step gate before each
 * operation, the trace events, the statistics, the lock's holder and the
 * worker's waiting_on (which the deadlock watch reads), the queue's ring
 * in shared memory.  How a worker waits is its model's: process-shared
 * pthread objects for threads and processes (model-thread.c), wait queues
 * on the event loop for coroutines (model-coro.c).
 *
 * As in CPython, a thread that must block on one of them first releases
 * the GIL, and takes it back only after it has let go of the object's
 * internal mutex: a thread never waits for the GIL while holding a mutex
 * another GIL waiter might need.  Every wait sees the run's stop flag
 * and then returns -1.
 */
#include "config.h"

#include "engine-int.h"
#include "util.h"

static void
note_max(_Atomic int64_t *max, int64_t v)
{
	int64_t cur = atomic_load_explicit(max, memory_order_relaxed);

	while (v > cur && !atomic_compare_exchange_weak(max, &cur, v))
		;
}

int
lock_acquire(struct worker *w, int id)
{
	const struct model_ops *ops = w->run->ops;
	struct obj *o = run_obj(w->run, id, OBJ_LOCK);
	struct slot *sl = &w->run->shm->slot[w->index];
	uint64_t t0;
	int had, rc = 0;

	gate_pass(w, EV_LOCK_REQUEST, id);
	t0 = now_ns();
	work_emit(w, EV_LOCK_REQUEST, (uint32_t)id, 0);
	if (ops->lock_try(w, o) != 0) {
		atomic_fetch_add(&o->contended, 1);
		atomic_store(&sl->waiting_on, id);
		had = work_gil_release(w);
		rc = ops->lock_wait(w, o);
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
	struct obj *o = run_obj(w->run, id, OBJ_LOCK);

	atomic_store(&o->holder, -1);
	work_emit(w, EV_LOCK_RELEASE, (uint32_t)id, 0);
	w->run->ops->lock_give(w, o);
}

/* Wait (entered) while the queue is at its limit; -1 if the run stops. */
static int
queue_wait(struct worker *w, struct obj *o, enum obj_cond c, int *had)
{
	const struct model_ops *ops = w->run->ops;
	int rc = 0;

	*had = work_gil_release(w);
	while ((c == COND_NOT_FULL ? o->count == o->capacity : o->count == 0) && rc == 0)
		rc = ops->wait(w, o, c);
	return rc;
}

int
queue_put(struct worker *w, int id, int64_t item)
{
	const struct model_ops *ops = w->run->ops;
	struct obj *o = run_obj(w->run, id, OBJ_QUEUE);
	int had = 0, rc = 0;

	gate_pass(w, EV_QUEUE_PUT, id);
	ops->enter(o);
	if (o->count == o->capacity) {
		atomic_fetch_add(&o->blocked_full, 1);
		work_emit(w, EV_QUEUE_FULL, (uint32_t)id, o->count);
		rc = queue_wait(w, o, COND_NOT_FULL, &had);
	}
	if (rc == 0) {
		o->items[(o->head + o->count) % o->capacity] = item;
		o->count++;
		note_max(&o->max_depth, o->count);
		work_emit(w, EV_QUEUE_PUT, (uint32_t)id, o->count);
		if (item < 0)
			work_emit(w, EV_QUEUE_PILL, (uint32_t)id, 0);
		ops->signal(o, COND_NOT_EMPTY);
	}
	ops->leave(o);
	work_gil_reacquire(w, had);
	return rc;
}

int
queue_get(struct worker *w, int id, int64_t *item)
{
	const struct model_ops *ops = w->run->ops;
	struct obj *o = run_obj(w->run, id, OBJ_QUEUE);
	int had = 0, rc = 0;

	gate_pass(w, EV_QUEUE_GET, id);
	ops->enter(o);
	if (o->count == 0) {
		atomic_fetch_add(&o->blocked_empty, 1);
		work_emit(w, EV_QUEUE_EMPTY, (uint32_t)id, 0);
		rc = queue_wait(w, o, COND_NOT_EMPTY, &had);
	}
	if (rc == 0) {
		*item = o->items[o->head];
		o->head = (o->head + 1) % o->capacity;
		o->count--;
		work_emit(w, EV_QUEUE_GET, (uint32_t)id, o->count);
		if (*item < 0)
			work_emit(w, EV_QUEUE_PILL, (uint32_t)id, 1);
		ops->signal(o, COND_NOT_FULL);
	}
	ops->leave(o);
	work_gil_reacquire(w, had);
	return rc;
}

int
sem_acquire(struct worker *w, int id)
{
	const struct model_ops *ops = w->run->ops;
	struct obj *o = run_obj(w->run, id, OBJ_SEM);
	int had = 0, rc = 0;

	gate_pass(w, EV_SEM_REQUEST, id);
	work_emit(w, EV_SEM_REQUEST, (uint32_t)id, 0);
	ops->enter(o);
	if (ops->sem_try(w, o) != 0) {
		atomic_fetch_add(&o->contended, 1);
		had = work_gil_release(w);
		rc = ops->sem_wait(w, o);
	}
	if (rc == 0) {
		o->holders++;
		note_max(&o->max_holders, o->holders);
		atomic_fetch_add(&o->acquisitions, 1);
		work_emit(w, EV_SEM_ACQUIRE, (uint32_t)id, o->holders);
	}
	ops->leave(o);
	work_gil_reacquire(w, had);
	return rc;
}

void
sem_release(struct worker *w, int id)
{
	const struct model_ops *ops = w->run->ops;
	struct obj *o = run_obj(w->run, id, OBJ_SEM);

	ops->enter(o);
	o->holders--;
	work_emit(w, EV_SEM_RELEASE, (uint32_t)id, o->holders);
	ops->sem_give(o);
	ops->leave(o);
}
