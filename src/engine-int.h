/*
 * engine-int.h — the engine's private structures and the model ops table.
 * Not for demos: they use engine.h.
 *
 * Files, from the bottom up (each calls only files above it in this
 * list, so the engine's call graph has no cycles; calls through the ops
 * table go the other way, by design):
 *
 *   gate.c      the step gate (pure: a mutex, a condition, slots)
 *   deadlock.c  the wait-for cycle (pure: arrays in, cycle out)
 *   run.c       a run's state: accessors, results, objects, track names
 *   watch.c     the conductor's deadlock watch over running workers
 *   work.c      what a worker does, the GIL around blocking, the gate pass
 *   sync.c      lock, queue and semaphore: bookkeeping once, waits by op
 *   model-sequential.c, model-thread.c, model-process.c, model-coro.c
 *               one row of struct model_ops each
 *   engine.c    a run's life: start, the conductor, stop, wait, free
 */
#ifndef LOCKSTEP_ENGINE_INT_H
#define LOCKSTEP_ENGINE_INT_H

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <sys/types.h>

#include "engine.h"
#include "gate.h"
#include "gil.h"
#include "util.h"

enum obj_kind { OBJ_LOCK = 1, OBJ_QUEUE, OBJ_SEM };
/* The two conditions of an object: a queue's not-full and not-empty; a
 * semaphore uses the first. */
enum obj_cond { COND_NOT_FULL, COND_NOT_EMPTY };

/* A lock, queue or semaphore, in shared memory. */
struct obj {
	int kind;
	char name[24];
	pthread_mutex_t mu;		/* pshared; the lock itself for OBJ_LOCK */
	pthread_cond_t c1, c2;		/* queue: not full, not empty; sem: c1 */
	_Atomic int holder;		/* lock: worker index, -1 free */
	int capacity;			/* queue slots; sem: its value (constant) */
	int head, count;		/* queue: under mu; sem: count available */
	int holders;			/* sem: inside now */
	int64_t *items;			/* queue slots, in the shared arena */
	void *model;			/* the model's own state (coroutine waiters) */
	_Atomic int64_t acquisitions, contended, blocked_full, blocked_empty,
	    max_depth, max_holders;
};

/* Per-worker state the controller reads (deadlock detection, stats). */
struct slot {
	_Atomic int waiting_on;		/* lock object it blocks on, -1 none */
	_Atomic int done;
	_Atomic uint64_t end_ns;	/* when its body ended (0: not yet) */
	_Atomic uint64_t cpu_ns;
	_Atomic uint64_t cpus;		/* bit n: ran on CPU n */
	_Atomic int64_t tasks;
};

/* The block every worker shares, mapped before any fork. */
struct shm {
	_Atomic int stop;
	_Atomic int pace;
	_Atomic int64_t next_task;
	struct gil gil;			/* the GIL threads share */
	struct gate gate;		/* step mode */
	int nobjs;
	struct obj obj[RUN_MAX_OBJECTS];
	struct slot slot[RUN_MAX_WORKERS + 2];
	_Atomic int frozen;		/* paused: work and waits stand still */
	_Atomic uint64_t frozen_at;	/* when the freeze began */
	_Atomic uint64_t frozen_ns;	/* frozen time before it, not run time */
	_Atomic uint32_t news;		/* word_wake()d on stop, freeze, thaw */
	size_t arena_size, arena_used;
	_Alignas(64) unsigned char arena[];
};

/*
 * A worker model: how workers run, wait and block.  One row per model
 * (model-*.c); the engine and the primitives call through it, so nothing
 * outside the model files asks which model runs.
 *
 * Object operations split each primitive where its bookkeeping goes
 * (sync.c): *_try takes without waiting (0) or says it would block (1);
 * *_wait blocks until it has it (0) or the run stops (-1).  enter/leave
 * bracket a queue's or semaphore's state (a mutex, or nothing on one
 * thread), wait/signal are its condition.  sync.c releases the GIL before
 * any wait and takes it back after leave: a worker never waits for the
 * GIL while it holds an object's mutex.
 */
struct model_ops {
	const char *track;		/* trace track names: "thread-0" */
	int gil_shared;			/* workers share the run's one GIL */
	int worker_per_task;		/* --tasks defaults --workers */
	/* Before the clock starts: what the model needs ready (NULL: none). */
	void (*prepare)(struct run *r);
	/* Conductor: start the workers, watch them, reap them. */
	void (*run)(struct run *r);
	/* The model's natural I/O wait for ns (paced already). */
	int (*io)(struct worker *w, uint64_t ns);
	/* time.sleep(0) / await asyncio.sleep(0). */
	int (*yield)(struct worker *w);
	/* asyncio.to_thread(time.sleep, ns); NULL: a blocking sleep. */
	int (*to_thread)(struct worker *w, uint64_t ns);
	/* Tasks from elsewhere than the shared counter (NULL: the counter). */
	int64_t (*next_task)(struct worker *w);
	void (*task_result)(struct worker *w, int64_t task, int64_t value);
	/* Locks. */
	int (*lock_try)(struct worker *w, struct obj *o);
	int (*lock_wait)(struct worker *w, struct obj *o);
	void (*lock_give)(struct worker *w, struct obj *o);
	/* Queue and semaphore state. */
	void (*enter)(struct obj *o);
	void (*leave)(struct obj *o);
	int (*wait)(struct worker *w, struct obj *o, enum obj_cond c);
	void (*signal)(struct obj *o, enum obj_cond c);
	/* Semaphore permits (inside enter/leave). */
	int (*sem_try)(struct worker *w, struct obj *o);
	int (*sem_wait)(struct worker *w, struct obj *o);
	void (*sem_give)(struct obj *o);
};

extern const struct model_ops model_sequential, model_thread, model_process,
    model_coro;

struct run {
	const struct demo *demo;
	const struct model_ops *ops;
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
	int64_t ntasks;			/* run_set_tasks */
	int64_t *results;		/* ntasks results, shared */
	int64_t dispatched;		/* process model: tasks sent so far */
	int *task_fd, *result_fd;	/* process model: parent's pipe ends */
	uint64_t bytes_moved, messages;
	int nhelpers;			/* extra tracks for helper threads */
	int deadlocked;			/* a wait-for cycle was found */
	struct run_map { void *p; size_t len; int fd; } *big;	/* run_shalloc's own maps */
	int nbig;
	char *worker_names;		/* run_start_named: "a,b,...", or NULL */
	char *object_names;
	/* spawn and forkserver (spawn.c): the shared maps' memfds (-1: none),
	 * so an exec'd lockstep maps them too, and the fork server */
	int shm_fd, trace_fd;
	pid_t server_pid;
	int server_fd;
	int *exit_status;		/* forkserver: a worker's, once it ended */
	sem_t thread_started;		/* thread model: a new thread is running */
};

/* --- run.c -------------------------------------------------------------- */

/* Map the run's shared block (stop flag, pace, gate, objects, arena);
 * 0, or -1 with errno. */
int run_shm_new(struct run *r);
/* The run's shared memory must be mappable by an exec'd lockstep (the
 * spawn and forkserver start methods): memfds, not anonymous maps. */
int run_exec_shared(const struct run *r);
/* Free the objects' mutexes and unmap the shared block. */
void run_shm_free(struct run *r);
/* Object id of the expected kind (fatal for a demo's bad id). */
struct obj *run_obj(struct run *r, int id, int kind);
/* Set the stop flag (no wake-ups: engine.c's run_stop does those). */
void run_flag_stop(struct run *r);
/* Record a metric into the result (also for the models' own). */
/* (run_metric, run_fail in engine.h) */

/* --- watch.c ------------------------------------------------------------ */

/* Consecutive sightings of the same wait-for cycle, and when it was
 * confirmed (0: not yet). */
struct watch {
	uint64_t found_ns;
	int seen;
	int len;
	int cycle[RUN_MAX_CYCLE];
};
/* One look at the running workers: a cycle seen unchanged in enough
 * consecutive looks is reported, and broken once it stood --hold ms. */
void watch_look(struct run *r, struct watch *wt);
/* One look at stuck workers (the loop can run nothing): report a cycle
 * at once, let it stand --hold ms, break it.  1 if there was one. */
int watch_stuck(struct run *r);

/* --- work.c ------------------------------------------------------------- */

/* Run a worker's body between its start and end bookkeeping; cpu_clock
 * (NULL: none) measures the CPU time it used. */
void engine_worker_run(struct worker *w, uint64_t (*cpu_clock)(void));
/* Note the CPU the worker is on; emit EV_CPU when it changed. */
void work_note_cpu(struct worker *w);
/* Step gate: park before an operation if the gate is on. */
void gate_pass(struct worker *w, int kind, int obj);
/* Release the worker's GIL around a blocking wait, and take it back (the
 * step gate may park it first); work_gil_retake() skips the gate. */
int work_gil_release(struct worker *w);
void work_gil_reacquire(struct worker *w, int had);
void work_gil_retake(struct worker *w, int had);
/* Sleep ns in slices that see the run's stop flag: 0, or -1 if stopped. */
int work_sleep(struct run *r, uint64_t ns);
/* A blocking sleep of ns: the GIL released around it, as time.sleep does. */
int work_block_ns(struct worker *w, uint64_t ns);
/* time.sleep(0): a zero-length sleep with the GIL released around it. */
int work_sleep_zero(struct worker *w);

/* --- model-process.c, spawn.c ------------------------------------------ */

/* In a new process: never lockstep's terminal or exit handlers, die with
 * the parent (which must still be parent), default signals, none blocked. */
void process_child_setup(pid_t parent);
/* In a new process worker i (forked, spawned or from the fork server):
 * die with its parent, default signals, then run the worker with its two
 * pipe ends after boot (the start-up cost a Python child pays); never
 * returns.  parent is the pid getppid() must give. */
void process_worker(struct run *r, int i, pid_t parent, int task_fd,
    int result_fd, unsigned (*boot)(void)) LS_NORETURN;
/* In a forked child, for --start spawn: exec a fresh lockstep that maps
 * the run's shared memory and becomes worker i; never returns. */
void spawn_exec_worker(struct run *r, int i, pid_t parent, int task_fd,
    int result_fd) LS_NORETURN;
/* Conductor, --start forkserver: start the fork server (a fresh lockstep
 * that forks the workers); 0, or -1 with the run failed. */
int forkserver_start(struct run *r);
/* Have the fork server start worker i with these pipe ends; its pid, or
 * -1 with the run failed. */
pid_t forkserver_fork(struct run *r, int i, int task_fd, int result_fd);
/* Did forkserver worker i end?  1 with its wait status, else 0. */
int forkserver_reaped(struct run *r, int i, int *status);
/* Tell the fork server to go, and reap it. */
void forkserver_stop(struct run *r);

/* --- model-thread.c: the pthread objects threads and processes share ---- */

int thread_obj_lock_try(struct worker *w, struct obj *o);
int thread_obj_lock_wait(struct worker *w, struct obj *o);
void thread_obj_lock_give(struct worker *w, struct obj *o);
void thread_obj_enter(struct obj *o);
void thread_obj_leave(struct obj *o);
int thread_obj_wait(struct worker *w, struct obj *o, enum obj_cond c);
void thread_obj_signal(struct obj *o, enum obj_cond c);
int thread_obj_sem_try(struct worker *w, struct obj *o);
int thread_obj_sem_wait(struct worker *w, struct obj *o);
void thread_obj_sem_give(struct obj *o);
/* Their rows in a struct model_ops initializer. */
#define THREAD_OBJ_OPS \
	.lock_try = thread_obj_lock_try, .lock_wait = thread_obj_lock_wait, \
	.lock_give = thread_obj_lock_give, .enter = thread_obj_enter, \
	.leave = thread_obj_leave, .wait = thread_obj_wait, \
	.signal = thread_obj_signal, .sem_try = thread_obj_sem_try, \
	.sem_wait = thread_obj_sem_wait, .sem_give = thread_obj_sem_give

#endif
