/*
 * model-thread.c — the thread model: one pthread per worker, under the
 * run's one GIL when it is on (CPython's threading), in parallel when it
 * is off (free-threaded Python).
 *
 * The conductor starts the threads one at a time, as Thread.start() does:
 * it returns only once the new thread runs, holding the GIL when there is
 * one (CPython's _bootstrap sets the thread's _started event, Python code,
 * under the GIL).  So starting a thread costs a hand-over and, beside
 * CPU-bound threads, up to a switch interval, as it does in CPython;
 * without it lockstep started threads three times cheaper than CPython
 * and the process/thread start-up ratio was three times CPython's.
 *
 * Then the conductor looks at them — often at first,
 * since short runs end soon, then every POLL_NS — for a deadlock (watch.c)
 * until every one has set its done flag, and joins them.  POLL_NS is long
 * (20 ms): a conductor waking every 2 ms took CPU from the workers and, on
 * two cores, preempted them right after GIL hand-offs (the convoy's
 * latencies shrank by a third); the run's end time is its last worker's,
 * so the look's period does not lengthen it.
 *
 * The objects' waits here are the process-shared pthread mutex and
 * conditions in the run's shared block; the process and sequential
 * models use them too.  Every wait is timed (WAIT_SLICE_NS) and gives up
 * when the run's stop flag is set, so a stopped or deadlocked run ends.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine-int.h"
#include "interp.h"
#include "util.h"

/* ThreadSanitizer does not intercept pthread_mutex_clocklock(): it would
 * see the unlock of a lock it never saw taken.  A TSan build measures its
 * lock-wait slices on CLOCK_REALTIME instead. */
#if defined(__SANITIZE_THREAD__)
#define THREAD_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define THREAD_TSAN 1
#endif
#endif
#if defined(HAVE_PTHREAD_MUTEX_CLOCKLOCK) && !defined(THREAD_TSAN)
#define USE_CLOCKLOCK 1
#endif

#define POLL_NS 20000000u
#define WAIT_SLICE_NS 20000000u

/* --- the objects' waits, shared with processes and the sequential run --- */

int
thread_obj_lock_try(struct worker *w, struct obj *o)
{
	(void)w;
	return pthread_mutex_trylock(&o->mu) == 0 ? 0 : 1;
}

/*
 * One slice of a lock wait.  pthread_mutex_timedlock() reads its deadline
 * on CLOCK_REALTIME, while deadline_in() gives CLOCK_MONOTONIC ones (the
 * condition variables' clock): handing it one made every slice time out at
 * once, so a waiter spun in futex calls on both cores instead of sleeping
 * (the locked counter ran for minutes, a deadlock burned CPU).
 */
static int
mutex_wait_slice(pthread_mutex_t *mu)
{
	struct timespec ts;
#ifdef USE_CLOCKLOCK
	deadline_in(&ts, WAIT_SLICE_NS);
	return pthread_mutex_clocklock(mu, CLOCK_MONOTONIC, &ts);
#else
	uint64_t t;

	clock_gettime(CLOCK_REALTIME, &ts);
	t = (uint64_t)ts.tv_nsec + WAIT_SLICE_NS;
	ts.tv_sec += (time_t)(t / 1000000000u);
	ts.tv_nsec = (long)(t % 1000000000u);
	return pthread_mutex_timedlock(mu, &ts);
#endif
}

int
thread_obj_lock_wait(struct worker *w, struct obj *o)
{
	for (;;) {
		if (mutex_wait_slice(&o->mu) == 0) {
			/* Woken by a stop (a deadlock broken): the lock was let
			 * go by a worker that stops, not handed on to run. */
			if (!run_stopping(w->run))
				return 0;
			pthread_mutex_unlock(&o->mu);
			return -1;
		}
		if (run_stopping(w->run))
			return -1;
	}
}

void
thread_obj_lock_give(struct worker *w, struct obj *o)
{
	(void)w;
	pthread_mutex_unlock(&o->mu);
}

void
thread_obj_enter(struct obj *o)
{
	pthread_mutex_lock(&o->mu);
}

void
thread_obj_leave(struct obj *o)
{
	pthread_mutex_unlock(&o->mu);
}

int
thread_obj_wait(struct worker *w, struct obj *o, enum obj_cond c)
{
	struct timespec ts;

	deadline_in(&ts, WAIT_SLICE_NS);
	pthread_cond_timedwait(c == COND_NOT_FULL ? &o->c1 : &o->c2, &o->mu, &ts);
	return run_stopping(w->run) ? -1 : 0;
}

void
thread_obj_signal(struct obj *o, enum obj_cond c)
{
	pthread_cond_signal(c == COND_NOT_FULL ? &o->c1 : &o->c2);
}

int
thread_obj_sem_try(struct worker *w, struct obj *o)
{
	(void)w;
	if (o->count == 0)
		return 1;
	o->count--;
	return 0;
}

int
thread_obj_sem_wait(struct worker *w, struct obj *o)
{
	int rc = 0;

	while (o->count == 0 && rc == 0)
		rc = thread_obj_wait(w, o, COND_NOT_FULL);
	if (rc == 0)
		o->count--;
	return rc;
}

void
thread_obj_sem_give(struct obj *o)
{
	o->count++;
	pthread_cond_signal(&o->c1);
}

/* --- the conductor ----------------------------------------------------- */

static void *
thread_main(void *arg)
{
	struct worker *w = arg;

	if (w->gil != NULL) {
		gil_take(w->gil, w->index);
		w->has_gil = 1;
	}
	interp_thread_boot();	/* _bootstrap, up to _started.set() */
	sem_post(&w->run->thread_started);	/* Thread.start() may return */
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

/* Wait until the thread just started runs (or the run stops). */
static void
thread_wait_started(struct run *r)
{
	for (;;) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 10000000;	/* look at the stop flag every 10 ms */
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		if (sem_timedwait(&r->thread_started, &ts) == 0 || run_stopping(r))
			return;
	}
}

static void
thread_run(struct run *r)
{
	pthread_t *tids = xcalloc((size_t)r->nworkers, sizeof *tids);
	struct watch wt = { 0 };
	int started = 0;

	sem_init(&r->thread_started, 0, 0);
	for (int i = 0; i < r->nworkers; i++) {
		int rc = pthread_create(&tids[i], NULL, thread_main, &r->workers[i]);

		if (rc != 0) {
			run_fail(r, "cannot start thread %d: %s", i, strerror(rc));
			run_flag_stop(r);
			break;
		}
		started++;
		thread_wait_started(r);
	}
	for (uint64_t nap = 20000; started == r->nworkers && !all_done(r);
	    nap = nap * 2 < POLL_NS ? nap * 2 : POLL_NS) {
		sleep_ns(nap);
		watch_look(r, &wt);
	}
	for (int i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	sem_destroy(&r->thread_started);
	free(tids);
}

const struct model_ops model_thread = {
	.track = "thread",
	.gil_shared = 1,
	.run = thread_run,
	.io = work_block_ns,
	.yield = work_sleep_zero,
	THREAD_OBJ_OPS,
};
