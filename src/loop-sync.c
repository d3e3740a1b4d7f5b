/*
 * loop-sync.c — asyncio's Lock on the loop, built from a wait queue
 * (aio_waitq in loop.c).  The engine's coroutine queues and semaphores
 * are sync.c's, waiting on the loop's wait queues (model-coro.c).
 *
 * The lock is FIFO-fair, as asyncio's is, and hands over directly: a
 * release with waiters gives the lock to the longest waiter before it even
 * runs, so a coroutine that arrives later can't barge in, and
 * aio_lock_holder() names the new holder at once.
 *
 * There are no threads here: everything runs on the loop thread, between
 * switches, so no operation needs a lock of its own.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "loop.h"
#include "util.h"

/* ---- asyncio.Lock ---- */

void
aio_lock_init(struct aio_lock *lk)
{
	lk->holder = NULL;
	aio_waitq_init(&lk->waiters);
}

int
aio_lock_acquire(struct coro *c, struct aio_lock *lk)
{
	if (lk->holder == NULL && aio_waitq_len(&lk->waiters) == 0) {
		lk->holder = c;
		return 0;
	}
	/* Not reentrant, like asyncio: the holder waits for itself forever. */
	aio_waitq_wait(c, &lk->waiters, lk);
	return 1;
}

void
aio_lock_release(struct coro *c, struct aio_lock *lk)
{
	if (lk->holder == NULL)
		fatalx("aio_lock_release: the lock is not held");
	lk->holder = aio_waitq_wake(&lk->waiters);
}

int
aio_lock_holder(const struct aio_lock *lk)
{
	return lk->holder != NULL ? coro_id(lk->holder) : -1;
}

int
aio_lock_waiting(const struct aio_lock *lk)
{
	return aio_waitq_len(&lk->waiters);
}
