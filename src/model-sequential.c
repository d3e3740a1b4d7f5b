/*
 * model-sequential.c — the sequential model: every worker's body runs to
 * its end, one after another, on the conductor thread, as a plain loop
 * runs in Python.  It is the baseline a speedup is measured against.
 *
 * One thread runs them all, so its CPU clock is read once, around the
 * whole run, and booked to the first worker's slot.  Waits and objects
 * are the thread model's (a worker alone never blocks on them for long).
 */
#include "config.h"

#include "engine-int.h"
#include "util.h"

static void
sequential_run(struct run *r)
{
	uint64_t c0 = thread_cpu_ns();

	for (int i = 0; i < r->nworkers && !run_stopping(r); i++)
		engine_worker_run(&r->workers[i], NULL);
	atomic_fetch_add(&r->shm->slot[0].cpu_ns, thread_cpu_ns() - c0);
}

const struct model_ops model_sequential = {
	.track = "main",
	.run = sequential_run,
	.io = work_block_ns,
	.yield = work_sleep_zero,
	THREAD_OBJ_OPS,
};
