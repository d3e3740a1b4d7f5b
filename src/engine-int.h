/*
 * engine-int.h — the engine's private structures, shared by engine.c,
 * work.c and sync.c.  Not for demos: they use engine.h.
 */
#ifndef LOCKSTEP_ENGINE_INT_H
#define LOCKSTEP_ENGINE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <sys/types.h>

#include "engine.h"
#include "gil.h"

enum obj_kind { OBJ_LOCK = 1, OBJ_QUEUE, OBJ_SEM };

/* A lock, queue or semaphore, in shared memory. */
struct obj {
	int kind;
	char name[24];
	pthread_mutex_t mu;		/* pshared; the lock itself for OBJ_LOCK */
	pthread_cond_t c1, c2;		/* queue: not full, not empty; sem: c1 */
	_Atomic int holder;		/* lock: worker index, -1 free */
	int capacity, head, count;	/* queue slots; sem: count available */
	int holders;			/* sem: inside now */
	int64_t *items;			/* queue slots, in the shared arena */
	void *aio;			/* coroutine model: the loop-level twin */
	_Atomic int64_t acquisitions, contended, blocked_full, blocked_empty,
	    max_depth, max_holders;
};

/* Per-worker state the controller reads (deadlock detection, stats). */
struct slot {
	_Atomic int waiting_on;		/* lock object it blocks on, -1 none */
	_Atomic int done;
	_Atomic uint64_t cpu_ns;
	_Atomic uint64_t cpus;		/* bit n: ran on CPU n */
	_Atomic int64_t tasks;
	/* step gate */
	int parked, park_kind, park_obj, release;
};

/* The block every worker shares, mapped before any fork. */
struct shm {
	_Atomic int stop;
	_Atomic int pace;
	_Atomic int64_t next_task;
	struct gil gil;			/* thread model's GIL */
	_Atomic int gate_on;
	pthread_mutex_t gate_mu;
	pthread_cond_t gate_cv;
	int nobjs;
	struct obj obj[RUN_MAX_OBJECTS];
	struct slot slot[RUN_MAX_WORKERS + 2];
	size_t arena_size, arena_used;
	_Alignas(64) unsigned char arena[];
};

struct run {
	const struct demo *demo;
	struct knobs k;
	int model;
	int nworkers;			/* workers started */
	int ntracks;			/* workers + control + helper */
	struct shm *shm;
	size_t shm_size;
	struct trace *trace;
	pthread_t conductor;
	_Atomic int finished;
	int started;			/* conductor running */
	uint64_t t0, t1;		/* the model run's start and end */
	struct result res;
	struct worker *workers;
	pid_t *pids;
	pthread_mutex_t loop_mu;	/* guards loop against run_stop */
	struct loop *loop;		/* coroutine model, while it runs */
	void *state;			/* the demo's shared state */
	pid_t pid;			/* lockstep's pid: every worker's but a process's */
	int64_t ntasks;			/* run_set_tasks */
	int64_t *results;		/* ntasks results, shared */
	int64_t dispatched;		/* process model: tasks sent so far */
	int *task_fd, *result_fd;	/* process model: parent's pipe ends */
	uint64_t bytes_moved, messages;
	int nhelpers;			/* extra tracks for helper threads */
	int deadlocked;			/* a wait-for cycle was found */
};

/* A process worker's side of the task pipes (work.c). */
struct pipe_end {
	int task_fd, result_fd;
	int64_t *chunk;
	int chunk_n, chunk_pos, chunk_cap;
	int64_t *out;			/* (task, value) pairs to send back */
	int out_n, out_cap;
};

/* Run a worker's body between work_begin and work_end (engine.c). */
void engine_worker_run(struct worker *w, uint64_t (*cpu_clock)(void));
/* Follow the wait-for graph; on a cycle report it, let it stand --hold ms
 * and stop the run.  1 if found. */
int engine_find_deadlock(struct run *r);

/* Worker bookkeeping around a work body (work.c). */
void work_begin(struct worker *w);
void work_end(struct worker *w, uint64_t cpu_ns);
/* Note the CPU the worker is on; emit EV_CPU when it changed. */
void work_note_cpu(struct worker *w);
/* Step gate: park before an operation if the gate is on (engine.c). */
void gate_pass(struct worker *w, int kind, int obj);
/* Release the worker's GIL around a blocking wait, and take it back (the
 * step gate may park it first); work_gil_retake() skips the gate. */
int work_gil_release(struct worker *w);
void work_gil_reacquire(struct worker *w, int had);
void work_gil_retake(struct worker *w, int had);



/* Coroutine model (engine-coro.c): run the workers as coroutines, and the
 * operations that differ inside one. */
int engine_coroutines(struct run *r);
int engine_coro_sleep(struct worker *w, uint64_t ns);
int engine_coro_yield(struct worker *w);

int engine_coro_lock(struct worker *w, struct obj *o, int id, int acquire);
int engine_coro_queue(struct worker *w, struct obj *o, int id, int put, int64_t *item);
int engine_coro_sem(struct worker *w, struct obj *o, int id, int acquire);
#endif
