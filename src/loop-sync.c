/*
 * loop-sync.c — asyncio's Lock, Queue(maxsize) and Semaphore on the loop,
 * built from wait queues (aio_waitq in loop.c).
 *
 * All three are FIFO-fair, as asyncio's are.  The lock and the semaphore
 * hand over directly: a release with waiters gives the lock (the permit) to
 * the longest waiter before it even runs, so a coroutine that arrives later
 * can't barge in, and aio_lock_holder() names the new holder at once.  The
 * queue works like asyncio.Queue: a blocked put or get waits, is woken by
 * the next get or put, and checks again (a running coroutine may have
 * taken the slot or the item meanwhile; then it queues up again).
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

/* ---- asyncio.Queue ---- */

void
aio_queue_init(struct aio_queue *q, int capacity)
{
	q->capacity = capacity > 0 ? capacity : 0;
	q->size = q->capacity > 0 ? q->capacity : 16;
	q->items = xreallocarray(NULL, (size_t)q->size, sizeof *q->items);
	q->head = q->n = 0;
	aio_waitq_init(&q->getters);
	aio_waitq_init(&q->putters);
}

void
aio_queue_free(struct aio_queue *q)
{
	free(q->items);
	q->items = NULL;
	q->size = q->n = 0;
}

/* Double an unbounded queue's ring, unwrapping it. */
static void
aio_queue_grow(struct aio_queue *q)
{
	int64_t *items;

	items = xreallocarray(NULL, (size_t)q->size * 2, sizeof *items);

	for (int i = 0; i < q->n; i++)
		items[i] = q->items[(q->head + i) % q->size];
	free(q->items);
	q->items = items;
	q->head = 0;
	q->size *= 2;
}

int
aio_queue_put(struct coro *c, struct aio_queue *q, int64_t item)
{
	int blocked = 0;

	while (q->capacity > 0 && q->n >= q->capacity) {
		blocked = 1;
		aio_waitq_wait(c, &q->putters, q);
	}
	if (q->n == q->size)
		aio_queue_grow(q);
	q->items[(q->head + q->n) % q->size] = item;
	q->n++;
	aio_waitq_wake(&q->getters);
	return blocked;
}

int
aio_queue_get(struct coro *c, struct aio_queue *q, int64_t *item)
{
	int blocked = 0;

	while (q->n == 0) {
		blocked = 1;
		aio_waitq_wait(c, &q->getters, q);
	}
	*item = q->items[q->head];
	q->head = (q->head + 1) % q->size;
	q->n--;
	aio_waitq_wake(&q->putters);
	return blocked;
}

int
aio_queue_depth(const struct aio_queue *q)
{
	return q->n;
}

/* ---- asyncio.Semaphore ---- */

void
aio_sem_init(struct aio_sem *s, int value)
{
	s->value = value;
	aio_waitq_init(&s->waiters);
}

int
aio_sem_acquire(struct coro *c, struct aio_sem *s)
{
	if (s->value > 0 && aio_waitq_len(&s->waiters) == 0) {
		s->value--;
		return 0;
	}
	/* The release that wakes us hands its permit over. */
	aio_waitq_wait(c, &s->waiters, s);
	return 1;
}

void
aio_sem_release(struct coro *c, struct aio_sem *s)
{
	if (aio_waitq_wake(&s->waiters) == NULL)
		s->value++;
}

int
aio_sem_value(const struct aio_sem *s)
{
	return s->value;
}

int
aio_sem_waiting(const struct aio_sem *s)
{
	return aio_waitq_len(&s->waiters);
}
