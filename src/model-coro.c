/*
 * model-coro.c — the coroutine model: the demo's workers as coroutines
 * on one event loop (loop.c), run by the conductor thread, as
 * asyncio.run(gather(...)) runs them on one thread.
 *
 * The loop's hooks turn switches into trace events (EV_CORO_RESUME when a
 * coroutine gets the loop, EV_CORO_YIELD when it gives it back).  The
 * loop thread's CPU clock is read once around the whole run: a switch
 * costs no system call of ours.  The pick hook is the step gate: when it
 * is on, the ready coroutines park together at the gate (gate.c) and the
 * one the learner releases runs next.
 *
 * The objects wait as asyncio's do, FIFO-fair, on the loop's wait queues:
 * a lock (loop-sync.c's aio_lock) and a semaphore hand over directly to
 * their longest waiter on release, so a later arrival cannot barge in; a
 * queue's blocked put or get is woken by the next get or put and checks
 * again.  Nothing here needs a mutex: everything runs on the loop thread.
 * The bookkeeping around the waits is sync.c's, as for every model, so a
 * coroutine blocked on a lock shows in its slot and, when the loop is
 * stuck, the deadlock watch finds the cycle.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "engine-int.h"
#include "interp.h"
#include "loop.h"
#include "util.h"

/* An object's waiters on the loop. */
struct coro_obj {
	struct aio_lock lock;
	struct aio_waitq q[2];		/* by enum obj_cond; a semaphore's in q[0] */
};

static struct coro_obj *
coro_obj(struct obj *o)
{
	return o->model;
}

/* --- loop hooks -------------------------------------------------------- */

static struct worker *
coro_worker(struct run *r, struct coro *c)
{
	int i = coro_id(c);

	return i >= 0 && i < r->nworkers ? &r->workers[i] : NULL;
}

static void
hook_resume(void *ctx, struct coro *c)
{
	struct worker *w = coro_worker(ctx, c);

	if (w == NULL)
		return;
	work_emit(w, EV_CORO_RESUME, 0, 0);
	work_note_cpu(w);
}

static void
hook_suspend(void *ctx, struct coro *c, enum coro_wait why)
{
	struct worker *w = coro_worker(ctx, c);

	if (w != NULL)
		work_emit(w, EV_CORO_YIELD, 0, why);
}

/* Step gate: which ready coroutine runs next is the learner's choice. */
static int
hook_pick(void *ctx, struct coro *const *ready, int n)
{
	struct run *r = ctx;
	struct shm *s = r->shm;
	int ids[RUN_MAX_WORKERS + 2], chosen;

	if (!gate_is_on(&s->gate))
		return 0;
	if (n > (int)nitems(ids))
		n = (int)nitems(ids);
	for (int i = 0; i < n; i++)
		ids[i] = coro_id(ready[i]);
	chosen = gate_park(&s->gate, ids, n, EV_CORO_RESUME, 0, &s->stop);
	/* stopping: FIFO, so that each coroutine runs to its return */
	return chosen < 0 ? 0 : chosen;
}

/* --- the conductor ----------------------------------------------------- */

static void
coro_main(struct coro *c, void *arg)
{
	struct worker *w = arg;

	w->coro = c;
	engine_worker_run(w, NULL);
}

static void
objs_new(struct run *r)
{
	for (int i = 0; i < r->shm->nobjs; i++) {
		struct coro_obj *co = xcalloc(1, sizeof *co);

		aio_lock_init(&co->lock);
		aio_waitq_init(&co->q[0]);
		aio_waitq_init(&co->q[1]);
		r->shm->obj[i].model = co;
	}
}

static void
objs_free(struct run *r)
{
	for (int i = 0; i < r->shm->nobjs; i++) {
		free(r->shm->obj[i].model);
		r->shm->obj[i].model = NULL;
	}
}

/* Publish the loop to run_stop (NULL: withdraw it). */
static void
publish_loop(struct run *r, struct loop *l)
{
	pthread_mutex_lock(&r->loop_mu);
	r->loop = l;
	pthread_mutex_unlock(&r->loop_mu);
}

/*
 * A coroutine that cannot get its stack (ulimit -v, no memory) fails the
 * run, which stops: the loop runs on so that the coroutines already
 * started see the stop and return, as after a learner's stop.
 */
static enum loop_status
coro_run_loop(struct run *r, struct loop *l)
{
	enum loop_status st = loop_run(l);
	int failed = 0, err;

	while (st == LOOP_NOSTACK) {
		struct coro *c = loop_failed(l, &err);

		if (!failed++)
			run_fail(r, "cannot start coroutine %d of %d: no memory for its "
			    "%d KiB stack (%s)", coro_id(c), r->nworkers,
			    LOOP_STACK_DEFAULT / 1024, strerror(err));
		run_flag_stop(r);
		st = loop_run(l);
	}
	return failed ? LOOP_NOSTACK : st;
}

static void
coro_run(struct run *r)
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

	objs_new(r);
	interp_loop_boot();	/* asyncio.run's own set-up and shut-down */
	for (int i = 0; i < r->nworkers; i++) {
		interp_task_boot();	/* create_task() */
		loop_spawn(l, coro_main, &r->workers[i]);
	}
	publish_loop(r, l);
	if (run_stopping(r))
		loop_stop(l);
	st = coro_run_loop(r, l);
	/* A stop leaves coroutines suspended.  One waiting on a to_thread
	 * helper must get to join it before the loop and its stack are
	 * freed, or the helper posts into freed memory (Ctrl-C segfaulted):
	 * with the stop flag up each coroutine returns at its next step, the
	 * helpers' sleeps end at once, so this ends promptly. */
	for (int drains = 0; st == LOOP_STOPPED && loop_live(l) > 0 && drains < 100; drains++)
		st = loop_run(l);
	atomic_fetch_add(&r->shm->slot[0].cpu_ns, thread_cpu_ns() - c0);
	if (st == LOOP_STUCK && !run_stopping(r) && !watch_stuck(r))
		run_fail(r, "every coroutine is waiting and nothing can wake them");
	publish_loop(r, NULL);
	loop_free(l);
	objs_free(r);
	for (int i = 0; i < r->nworkers; i++)
		atomic_store(&r->shm->slot[i].done, 1);
}

/* --- worker operations ------------------------------------------------- */

static int
coro_io(struct worker *w, uint64_t ns)
{
	work_emit(w, EV_SLEEP_BEGIN, SLEEP_AWAITED, (int64_t)ns);
	coro_sleep(w->coro, ns);
	work_emit(w, EV_SLEEP_END, 0, 0);
	return run_stopping(w->run) ? -1 : 0;
}

static int
coro_yield_op(struct worker *w)
{
	coro_yield(w->coro);
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

	trace_emit(r->trace, track, EV_SLEEP_BEGIN, 0, (int64_t)t->ns);
	(void)work_sleep(r, t->ns);
	trace_emit(r->trace, track, EV_SLEEP_END, 0, 0);
	loop_post(t->loop, t->w->coro);
	return NULL;
}

static int
coro_to_thread(struct worker *w, uint64_t ns)
{
	struct to_thread t = { .w = w, .loop = coro_loop(w->coro), .ns = ns };
	pthread_t th;
	sigset_t all, old;
	int rc;

	loop_hold(t.loop);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&th, NULL, to_thread_main, &t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		/* Blocking here instead would show the loop blocked, which is
		 * not what to_thread does: the run fails, saying why. */
		loop_post(t.loop, NULL);	/* drop the hold */
		run_fail(w->run, "cannot start a to_thread thread: %s", strerror(rc));
		run_flag_stop(w->run);
		return -1;
	}
	work_emit(w, EV_SLEEP_BEGIN, SLEEP_AWAITED, (int64_t)ns);
	coro_park(w->coro);
	work_emit(w, EV_SLEEP_END, 0, 0);
	pthread_join(th, NULL);
	return run_stopping(w->run) ? -1 : 0;
}

/* --- the objects' waits ------------------------------------------------ */

static int
coro_lock_try(struct worker *w, struct obj *o)
{
	struct aio_lock *lk = &coro_obj(o)->lock;

	if (aio_lock_holder(lk) >= 0 || aio_lock_waiting(lk) > 0)
		return 1;
	aio_lock_acquire(w->coro, lk);	/* free: taken without a wait */
	return 0;
}

static int
coro_lock_wait(struct worker *w, struct obj *o)
{
	aio_lock_acquire(w->coro, &coro_obj(o)->lock);
	return run_stopping(w->run) ? -1 : 0;
}

static void
coro_lock_give(struct worker *w, struct obj *o)
{
	aio_lock_release(w->coro, &coro_obj(o)->lock);
}

/* One thread: nothing to enter or leave. */
static void
coro_nothing(struct obj *o)
{
	(void)o;
}

static int
coro_wait(struct worker *w, struct obj *o, enum obj_cond c)
{
	aio_waitq_wait(w->coro, &coro_obj(o)->q[c], o);
	return run_stopping(w->run) ? -1 : 0;
}

static void
coro_signal(struct obj *o, enum obj_cond c)
{
	aio_waitq_wake(&coro_obj(o)->q[c]);
}

static int
coro_sem_try(struct worker *w, struct obj *o)
{
	(void)w;
	if (o->count == 0 || aio_waitq_len(&coro_obj(o)->q[0]) > 0)
		return 1;
	o->count--;
	return 0;
}

/* The release that wakes us hands its permit over. */
static int
coro_sem_wait(struct worker *w, struct obj *o)
{
	return coro_wait(w, o, 0);
}

static void
coro_sem_give(struct obj *o)
{
	if (aio_waitq_wake(&coro_obj(o)->q[0]) == NULL)
		o->count++;
}

const struct model_ops model_coro = {
	.track = "task",
	.worker_per_task = 1,
	.run = coro_run,
	.io = coro_io,
	.yield = coro_yield_op,
	.to_thread = coro_to_thread,
	.lock_try = coro_lock_try,
	.lock_wait = coro_lock_wait,
	.lock_give = coro_lock_give,
	.enter = coro_nothing,
	.leave = coro_nothing,
	.wait = coro_wait,
	.signal = coro_signal,
	.sem_try = coro_sem_try,
	.sem_wait = coro_sem_wait,
	.sem_give = coro_sem_give,
};
