/*
 * engine.c — a run's life: start, the conductor thread, stop, wait, free.
 * See engine.h for the overview, engine-int.h for the files it is made of.
 *
 * run_start() resolves the knobs, picks the model's row of struct
 * model_ops, maps the shared block, calls the demo's setup hook (objects
 * and shared state are made there, before any fork), and starts one
 * conductor thread with every signal blocked (so are the workers it
 * starts): signals belong to the caller's thread.  The conductor runs
 * the model (ops->run starts the workers, watches them and reaps them)
 * or the demo's custom schedule, records the run's metrics and calls
 * the demo's finish hook.  The process model forks from the conductor,
 * which outlives every child by construction (PR_SET_PDEATHSIG fires
 * when the thread that forked dies, not the process).
 *
 * run_stop() sets the stop flag and wakes whatever may sleep on
 * something else (the coroutine loop, the step gate): every blocking wait
 * in the engine is timed and sees the flag, so a run ends promptly.
 *
 * How a run ended.  Exactly one of done, deadlocked, stopped, failed
 * (DESIGN rule 7), decided once the workers are gone: a failure wins, then
 * a deadlock, then a stop asked for from outside (run_stop).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine-int.h"
#include "loop.h"
#include "util.h"

#define TRACE_CAPACITY 16384

static const struct model_ops *const models[MODEL__MAX] = {
	[MODEL_SEQUENTIAL] = &model_sequential,
	[MODEL_THREAD] = &model_thread,
	[MODEL_PROCESS] = &model_process,
	[MODEL_COROUTINE] = &model_coro,
};

static _Atomic int worker_nice;		/* run_set_worker_nice() */

static void *conductor_main(void *);

int
model_worker_per_task(int model)
{
	return models[model]->worker_per_task;
}

/* Workers, trace and GIL, once setup has made the shared objects; 0, or
 * -1 with errno when the trace cannot be mapped. */
static int
run_prepare(struct run *r)
{
	int gil = run_gil(r);

	r->ntracks = r->nworkers + 1 + r->nhelpers;
	r->trace = trace_new_shared(r->ntracks, TRACE_CAPACITY,
	    run_exec_shared(r) ? &r->trace_fd : NULL);
	if (r->trace == NULL)
		return -1;
	r->workers = xcalloc((size_t)r->nworkers, sizeof *r->workers);
	if (gil)
		gil_init(&r->shm->gil, (uint64_t)run_knob(r, KNOB_SWITCH_INTERVAL) * 1000000u,
		    1, r->trace, &r->shm->stop, &r->shm->pace);
	for (int i = 0; i < r->nworkers; i++) {
		struct worker *w = &r->workers[i];

		w->run = r;
		w->index = i;
		w->last_cpu = -1;
		w->gil = gil ? &r->shm->gil : NULL;
	}
	return 0;
}

/* Start the conductor with every signal blocked; 0 or an errno. */
static int
conductor_start(struct run *r)
{
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&r->conductor, NULL, conductor_main, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	r->started = rc == 0;
	return rc;
}

struct run *
run_start(const struct demo *d, const struct knobs *k, char *err, size_t len)
{
	return run_start_named(d, k, NULL, err, len);
}

static struct run *
run_launch(const struct demo *d, const struct knobs *k,
    const struct run_names *names, int stepped, char *err, size_t len);

struct run *
run_start_named(const struct demo *d, const struct knobs *k,
    const struct run_names *names, char *err, size_t len)
{
	return run_launch(d, k, names, 0, err, len);
}

struct run *
run_start_stepped(const struct demo *d, const struct knobs *k,
    const struct run_names *names, char *err, size_t len)
{
	return run_launch(d, k, names, 1, err, len);
}

static struct run *
run_launch(const struct demo *d, const struct knobs *k,
    const struct run_names *names, int stepped, char *err, size_t len)
{
	struct run *r = xcalloc(1, sizeof *r);
	int rc;

	pthread_mutex_init(&r->loop_mu, NULL);
	r->shm_fd = r->trace_fd = r->server_fd = -1;
	r->demo = d;
	r->k = *k;
	if (names != NULL && names->workers != NULL)
		r->worker_names = xstrdup(names->workers);
	if (names != NULL && names->objects != NULL)
		r->object_names = xstrdup(names->objects);
	if (demo_resolve_knobs(d, &r->k, err, len) != 0) {
		pthread_mutex_destroy(&r->loop_mu);
		free(r->worker_names);
		free(r->object_names);
		free(r);
		return NULL;
	}
	r->model = r->k.v[KNOB_MODEL];
	r->ops = models[r->model];
	/* the count demo_resolve_knobs checked against the model's cap */
	r->nworkers = demo_workers(d, &r->k);
	(void)work_units_per_ms();	/* calibrate before any thread or fork */
	if (run_shm_new(r) != 0) {
		xsnprintf(err, len, "cannot start the demo: no memory to share (%s)",
		    strerror(errno));
		run_free(r);
		return NULL;
	}
	/* Setup allocates shared objects. */
	if (d->setup != NULL && d->setup(r) != 0) {
		xsnprintf(err, len, "%s", r->res.error[0] != '\0' ? r->res.error :
		    "demo setup failed");
		run_free(r);
		return NULL;
	}
	if (run_prepare(r) != 0) {
		xsnprintf(err, len, "cannot start the demo: no memory for its trace (%s)",
		    strerror(errno));
		run_free(r);
		return NULL;
	}
	if (r->ops->prepare != NULL)
		r->ops->prepare(r);
	/* The start time is set here, not by the conductor, so that the
	 * caller may read it (run_started_ns) as soon as run_start returns. */
	r->t0 = now_ns();
	if (stepped)	/* before any worker exists: none slips past */
		run_gate_set(r, 1);
	if ((rc = conductor_start(r)) != 0) {
		xsnprintf(err, len, "cannot start the demo: %s", strerror(rc));
		run_free(r);
		return NULL;
	}
	return r;
}

void
run_stop(struct run *r)
{
	struct loop *l;

	run_flag_stop(r);
	pthread_mutex_lock(&r->loop_mu);
	if ((l = r->loop) != NULL)
		loop_stop(l);
	pthread_mutex_unlock(&r->loop_mu);
	gate_wake(&r->shm->gate);
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

void
run_free(struct run *r)
{
	if (r == NULL)
		return;
	if (r->shm != NULL)	/* (NULL: it could not be mapped) */
		run_stop(r);
	run_wait(r, NULL);
	trace_free(r->trace);
	if (r->trace_fd >= 0)
		close(r->trace_fd);
	run_shm_free(r);
	free(r->exit_status);
	free(r->workers);
	free(r->pids);
	free(r->task_fd);
	free(r->result_fd);
	pthread_mutex_destroy(&r->loop_mu);
	free(r->worker_names);
	free(r->object_names);
	free(r);
}

void
run_set_worker_nice(int nice)
{
	atomic_store(&worker_nice, nice < 0 ? 0 : nice > 19 ? 19 : nice);
}

static void
conductor_metrics(struct run *r)
{
	uint64_t cpu = 0, cpus = 0, frozen;

	for (int i = 0; i < r->nworkers; i++) {
		cpu += atomic_load(&r->shm->slot[i].cpu_ns);
		cpus |= atomic_load(&r->shm->slot[i].cpus);
	}
	r->res.cpus_seen |= cpus;
	/* time the learner held the run paused is not the run's time */
	frozen = atomic_load(&r->shm->frozen_ns);
	if (atomic_load(&r->shm->frozen))
		frozen += r->t1 - atomic_load(&r->shm->frozen_at);
	if (frozen > r->t1 - r->t0)
		frozen = r->t1 - r->t0;
	run_metric(r, "wall_ms", (double)(r->t1 - r->t0 - frozen) / 1e6);
	run_metric(r, "cpu_ms", (double)cpu / 1e6);
	run_metric(r, "workers", r->nworkers);
	run_metric(r, "cores_used", __builtin_popcountll(r->res.cpus_seen));
}

/* When the run ended: its last worker's end, not when the conductor, which
 * looks only every few milliseconds, noticed it; now if one never said. */
static uint64_t
run_last_end(struct run *r)
{
	uint64_t last = 0;

	for (int i = 0; i < r->nworkers; i++) {
		uint64_t e = atomic_load(&r->shm->slot[i].end_ns);

		if (e == 0)
			return now_ns();
		if (e > last)
			last = e;
	}
	return last != 0 ? last : now_ns();
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
	if (d->custom != NULL)
		d->custom(r);
	else
		r->ops->run(r);
	r->t1 = run_last_end(r);
	conductor_metrics(r);
	if (d->finish != NULL && r->res.error[0] == '\0')
		d->finish(r);
	r->res.end = r->res.error[0] != '\0' ? RUN_FAILED : r->deadlocked ? RUN_DEADLOCKED :
	    run_stopping(r) ? RUN_STOPPED : RUN_DONE;
	atomic_store(&r->finished, 1);
	return NULL;
}
