/*
 * loop.h — an asyncio-like event loop on one thread: real coroutines (each
 * with its own stack), a FIFO ready queue, timers, wake-ups from other
 * threads, wait queues, and asyncio's Lock (FIFO-fair).
 *
 * Everything here runs on the thread that calls loop_run(), except the three
 * functions marked thread-safe: loop_stop(), loop_hold() and loop_post().
 * The coro_* and aio_* calls that suspend must be made by the running
 * coroutine itself (the c they are given).
 *
 * Hooks let the demo engine watch and steer: resume/suspend/done are called
 * from the scheduler (on the loop thread's own stack, never on a coroutine's)
 * around every switch, and pick chooses which ready coroutine runs next.
 */
#ifndef LOCKSTEP_LOOP_H
#define LOCKSTEP_LOOP_H

#include <stddef.h>
#include <stdint.h>

struct loop;
struct coro;

/* Why a coroutine gave control back (the suspend hook's why). */
enum coro_wait {
	CORO_WAIT_READY,	/* yielded, still runnable: asyncio.sleep(0) */
	CORO_WAIT_SLEEP,	/* waits for a timer: asyncio.sleep(t) */
	CORO_WAIT_PARK		/* waits on a primitive or an external post */
};

/* Where a coroutine is. */
enum coro_state {
	CORO_READY,		/* in the ready queue */
	CORO_RUNNING,		/* the one running now */
	CORO_SLEEPING,		/* in the timer heap */
	CORO_PARKED,		/* waits for a wake, a post or a primitive */
	CORO_DONE		/* its function returned */
};

/* Observers and the step gate; every member is optional. */
struct loop_hooks {
	/* c is about to run. */
	void (*resume)(void *ctx, struct coro *c);
	/* c gave control back, for the reason why. */
	void (*suspend)(void *ctx, struct coro *c, enum coro_wait why);
	/* c's function returned. */
	void (*done)(void *ctx, struct coro *c);
	/*
	 * Choose the index in ready[0..n-1] (FIFO order, n >= 1) of the
	 * coroutine to run next; NULL means always 0.  May block (the step
	 * gate waits here).  Returning -1 stops the loop (LOOP_STOPPED).
	 */
	int (*pick)(void *ctx, struct coro *const *ready, int n);
	void *ctx;
};

/* Why loop_run() returned. */
enum loop_status {
	LOOP_DONE,		/* every coroutine returned */
	LOOP_STOPPED,		/* loop_stop(), or pick returned -1 */
	LOOP_STUCK,		/* nothing can ever run again: a deadlock */
	LOOP_NOSTACK		/* a coroutine got no stack: see loop_failed() */
};

/* The default coroutine stack size (a guard page is added below it). */
#define LOOP_STACK_DEFAULT (64 * 1024)

/* A loop whose coroutines get stack_size bytes of stack (0: the default). */
struct loop *loop_new(size_t stack_size, const struct loop_hooks *hooks);
/* Free l and every coroutine, finished or not (not while loop_run runs). */
void loop_free(struct loop *l);
/* A new ready coroutine running fn(c, arg); call it on the loop thread. */
struct coro *loop_spawn(struct loop *l, void (*fn)(struct coro *c, void *arg),
    void *arg);
/* Run until all coroutines returned, a stop, stuck, or a coroutine got no
 * stack; may run again after. */
enum loop_status loop_run(struct loop *l);
/* Thread- and async-signal-safe: make loop_run return LOOP_STOPPED soon. */
void loop_stop(struct loop *l);
/* Thread-safe: an outside completion is pending; wait, don't report stuck. */
void loop_hold(struct loop *l);
/* Thread-safe: wake parked c (if c is not NULL) and drop one hold. */
void loop_post(struct loop *l, struct coro *c);

/* The coroutine running now, or NULL in the scheduler. */
struct coro *loop_current(const struct loop *l);
/* Coroutines ever spawned on l (finished ones included). */
int loop_ncoros(const struct loop *l);
/* The coroutine whose id is id, or NULL. */
struct coro *loop_coro(const struct loop *l, int id);
/* Coroutines spawned and not yet finished. */
int loop_live(const struct loop *l);
/* After LOOP_NOSTACK: the coroutine that could not get its stack (retired
 * without running), its errno in *err; NULL if none ever failed. */
struct coro *loop_failed(const struct loop *l, int *err);

/* c's number: 0, 1, 2 ... in spawn order. */
int coro_id(const struct coro *c);
/* The loop c belongs to. */
struct loop *coro_loop(const struct coro *c);
/* Where c is now. */
enum coro_state coro_state(const struct coro *c);
/* What c is parked on (an aio_waitq's obj), or NULL. */
const void *coro_waiting_on(const struct coro *c);

/* asyncio.sleep(0): go to the back of the ready queue. */
void coro_yield(struct coro *c);
/* asyncio.sleep(t): sleep ns nanoseconds; 0 is coro_yield. */
void coro_sleep(struct coro *c, uint64_t ns);
/* Sleep until now_ns() >= deadline; equal deadlines wake in FIFO order. */
void coro_sleep_until(struct coro *c, uint64_t deadline);
/* Suspend until coro_wake(c) or loop_post(l, c), at once if one came first. */
void coro_park(struct coro *c);
/* Make parked c ready; if not parked, its next coro_park returns at once. */
void coro_wake(struct coro *c);

/*
 * A FIFO of coroutines parked on some object: what the primitives below
 * are built from, and open for others (an Event, a Condition).
 */
struct aio_waitq {
	struct coro *head, *tail;
	int n;
};

/* An empty wait queue. */
void aio_waitq_init(struct aio_waitq *q);
/* Park c at q's tail, recording obj as what it waits on, until woken. */
void aio_waitq_wait(struct coro *c, struct aio_waitq *q, const void *obj);
/* Make q's head ready and return it, or NULL if q is empty. */
struct coro *aio_waitq_wake(struct aio_waitq *q);
/* Coroutines waiting in q. */
int aio_waitq_len(const struct aio_waitq *q);

/* asyncio.Lock: not reentrant; released straight to the longest waiter. */
struct aio_lock {
	struct coro *holder;
	struct aio_waitq waiters;
};

/* An unlocked lock. */
void aio_lock_init(struct aio_lock *lk);
/* Take lk; returns 1 if c had to wait for it, 0 if it got it at once. */
int aio_lock_acquire(struct coro *c, struct aio_lock *lk);
/* Release lk (fatal if it is not held), handing it to the first waiter. */
void aio_lock_release(struct coro *c, struct aio_lock *lk);
/* The id of lk's holder, or -1 if it is free. */
int aio_lock_holder(const struct aio_lock *lk);
/* Coroutines waiting for lk. */
int aio_lock_waiting(const struct aio_lock *lk);

#endif
