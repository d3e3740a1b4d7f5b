/*
 * loop.c — the coroutine event loop: scheduler, ready queue, timer heap,
 * parking, posts from other threads, stuck detection.
 *
 * Coroutines.  Each coroutine is a ucontext (makecontext) with its own stack
 * from mmap, a PROT_NONE guard page below it so an overflow faults instead
 * of scribbling over a neighbour.  makecontext passes only ints, so the
 * struct coro pointer travels as two 32-bit halves.  A finished coroutine's
 * stack is unmapped at once; its struct stays (ids and pointers the engine
 * kept remain valid) until loop_free().
 *
 * Scheduler.  loop_run() runs on the caller's own stack and context
 * (l->sched): it picks a ready coroutine, swapcontext()s into it, and gets
 * control back when the coroutine yields, sleeps, parks or returns.
 * Coroutines only ever switch to the scheduler, never to each other, so the
 * hooks see a simple resume/suspend pair around every run, and they run on
 * the loop thread's stack, not on a small coroutine stack.
 *
 * Ready queue.  A FIFO kept as one contiguous slice ready[rhead..rtail) so
 * that the pick hook can be shown the whole queue as an array; taking entry
 * i shifts the i entries before it up by one.  New and woken coroutines go
 * to the tail.
 *
 * Timers.  A binary min-heap of sleeping coroutines keyed on (deadline,
 * seq): seq numbers every sleep, so equal deadlines wake in the order they
 * were set (asyncio's call_at does the same).  Due timers move to the
 * ready queue before each step.
 *
 * Parking.  coro_park() suspends until coro_wake() or loop_post(); a wake
 * that comes first is kept as a permit, so the park returns at once.  The
 * primitives park through a wait queue instead (aio_waitq_*), which records
 * the object waited on (coro_waiting_on) and wakes only through the queue:
 * a stray coro_wake can't pull a coroutine out of a lock's queue.
 *
 * Other threads.  loop_post() appends to a mutex-protected list, drops one
 * hold (loop_hold) and writes to an eventfd; loop_stop() sets an atomic flag
 * and writes to the eventfd, nothing else (so a signal handler may call it).
 * When nothing is ready the scheduler waits in ppoll() on the eventfd until
 * the earliest timer deadline, or forever if there is none: no spinning.
 *
 * No stack.  A coroutine whose stack cannot be mapped (ulimit -v, no
 * memory) never runs: it is marked done without running and loop_run()
 * returns LOOP_NOSTACK at once, loop_failed() naming it and the error.  The
 * caller decides; running the loop again goes on with the others (each
 * LOOP_NOSTACK retires one coroutine, so a caller that loops ends).
 *
 * Stuck.  Nothing ready, no timers, no holds and no posts, yet coroutines
 * remain: none can ever run again (an asyncio.Lock deadlock, a get on a
 * queue nobody puts to).  loop_run() returns LOOP_STUCK; each parked
 * coroutine's coro_waiting_on() and each lock's holder give the wait-for
 * graph.
 *
 * AddressSanitizer.  ASan tracks one stack per thread; told nothing, it
 * takes a coroutine stack for a wild one and reports false positives.
 * Every swapcontext is bracketed by __sanitizer_start_switch_fiber (with the
 * target stack's bounds and a slot for the current fake stack) and
 * __sanitizer_finish_switch_fiber once on the other side.  A coroutine
 * learns the scheduler stack's bounds from its finish call; its last switch
 * passes NULL so its fake stack is destroyed.  Stacks are unpoisoned before
 * they are unmapped, as a later mmap may reuse the addresses.  Under ASan
 * the switch itself is getcontext + setcontext rather than swapcontext:
 * ASan's swapcontext interceptor warns of "false positives" on first use
 * and wipes the whole target stack's shadow on every switch, which would
 * blind it to real bugs in coroutine frames; with the fiber annotations it
 * is not needed.
 *
 * ThreadSanitizer.  TSan keeps a shadow call stack and vector clock per
 * thread; told nothing, it would see one thread's stack jump between
 * frames.  Each coroutine gets a TSan fiber (__tsan_create_fiber) when it
 * gets its stack, and the scheduler's is the loop thread's own; every
 * switch calls __tsan_switch_to_fiber just before it.  The fibers run on
 * one thread, one at a time, so the switch synchronises them (no
 * __tsan_switch_to_fiber_no_sync).  A finished coroutine's fiber is
 * destroyed by the scheduler, never by itself.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "loop.h"
#include "util.h"

#if defined(__SANITIZE_ADDRESS__)
#define LOOP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LOOP_ASAN 1
#endif
#endif
#ifndef LOOP_ASAN
#define LOOP_ASAN 0
#endif
#if defined(__SANITIZE_THREAD__)
#define LOOP_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LOOP_TSAN 1
#endif
#endif
#ifndef LOOP_TSAN
#define LOOP_TSAN 0
#endif
#if LOOP_TSAN
#include <sanitizer/tsan_interface.h>
#endif

#if LOOP_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

#define LOOP_STACK_MIN (16 * 1024)

struct coro {
	struct loop *loop;
	int id;
	enum coro_state state;
	enum coro_wait why;	/* reason for the last suspension */
	int wake_pending;	/* a coro_wake came while not parked */
	void (*fn)(struct coro *, void *);
	void *arg;

	ucontext_t ctx;
	void *map;		/* guard page + stack; NULL before its first run and after its end */
	size_t map_len;
	void *stack;
	size_t stack_size;
	void *fake_stack;	/* ASan's fake stack while switched out */
	void *tsan_fiber;	/* TSan's context, while c has a stack */

	uint64_t deadline;	/* timer heap key ... */
	uint64_t seq;		/* ... and its FIFO tie-break */

	struct aio_waitq *waitq; /* the wait queue c is in, or NULL */
	struct coro *wnext;	/* next in that wait queue */
	const void *waiting_on;
};

#define STACK_CACHE 64	/* finished coroutines' stacks kept for reuse */

struct stack {
	void *map;
	size_t map_len;
};

struct loop {
	size_t stack_size;
	struct stack cache[STACK_CACHE];	/* stacks ready for reuse */
	int ncached;
	struct loop_hooks hooks;
	ucontext_t sched;	/* the scheduler: loop_run's own context */
	const void *sched_bottom; /* its stack, for ASan */
	size_t sched_size;
	void *sched_fiber;	/* TSan: the loop thread's own context */
	struct coro *current;
	int running;

	struct coro **coros;	/* all, by id */
	int ncoros, coros_cap;
	int nlive;
	struct coro *failed;	/* the last one that got no stack */
	int failed_errno;

	struct coro **ready;	/* FIFO: ready[rhead..rtail) */
	int rhead, rtail, rcap;

	struct coro **heap;	/* timer min-heap on (deadline, seq) */
	int nheap, heap_cap;
	uint64_t timer_seq;

	int wakefd;		/* eventfd: posts and stops wake loop_idle */
	atomic_int stop;
	atomic_int posted;	/* posts is non-empty: worth taking mu */
	pthread_mutex_t mu;	/* guards posts and holds */
	struct coro **posts;
	int nposts, posts_cap;
	int holds;
};

/* ASan fiber annotations; nothing without ASan. */
static void
asan_start(void **fake, const void *bottom, size_t size)
{
#if LOOP_ASAN
	__sanitizer_start_switch_fiber(fake, bottom, size);
#endif
}

static void
asan_finish(void *fake, const void **bottom, size_t *size)
{
#if LOOP_ASAN
	__sanitizer_finish_switch_fiber(fake, bottom, size);
#endif
}

static void
asan_unpoison(void *p, size_t len)
{
#if LOOP_ASAN
	__asan_unpoison_memory_region(p, len);
#endif
}

/* TSan fiber annotations; nothing without TSan. */
static void
tsan_fiber_new(struct coro *c)
{
#if LOOP_TSAN
	if (c->tsan_fiber == NULL)
		c->tsan_fiber = __tsan_create_fiber(0);
#else
	(void)c;
#endif
}

static void
tsan_fiber_free(struct coro *c)
{
#if LOOP_TSAN
	if (c->tsan_fiber != NULL)
		__tsan_destroy_fiber(c->tsan_fiber);
#endif
	c->tsan_fiber = NULL;
}

static void
tsan_switch(void *fiber)
{
#if LOOP_TSAN
	__tsan_switch_to_fiber(fiber, 0);
#else
	(void)fiber;
#endif
}

/* Grow *arr (of *cap pointers) so it holds at least need. */
static void
grow(struct coro ***arr, int *cap, int need)
{
	if (need <= *cap)
		return;
	*cap = *cap < 16 ? 16 : *cap * 2;
	if (*cap < need)
		*cap = need;
	*arr = xreallocarray(*arr, (size_t)*cap, sizeof **arr);
}

/* ---- stacks ---- */

static void coro_entry(int hi, int lo);

/*
 * A coroutine gets its stack when it first runs, and gives it back when it
 * returns: a coroutine that runs to the end without suspending costs no
 * mapping of its own, and gathering many short ones reuses a few stacks —
 * closer to what asyncio's stackless coroutines cost.  0, or -1 with errno.
 */
static int
stack_map(struct loop *l, struct coro *c, size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	char *m;

	size = (size + page - 1) / page * page;
	if (l->ncached > 0) {
		struct stack *s = &l->cache[--l->ncached];

		c->map = s->map;
		c->map_len = s->map_len;
		c->stack = (char *)s->map + page;
		c->stack_size = size;
		return 0;
	}
	m = mmap(NULL, size + page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	if (mprotect(m, page, PROT_NONE) == -1) {
		int e = errno;

		munmap(m, size + page);
		errno = e;
		return -1;
	}
	c->map = m;
	c->map_len = size + page;
	c->stack = m + page;
	c->stack_size = size;
	return 0;
}

static void
stack_unmap(struct coro *c)
{
	if (c->map == NULL)
		return;
	asan_unpoison(c->stack, c->stack_size);
	tsan_fiber_free(c);
	if (munmap(c->map, c->map_len) == -1)
		fatal("munmap coroutine stack");
	c->map = NULL;
}

/* A finished coroutine's stack goes back to the cache (or is unmapped). */
static void
stack_release(struct loop *l, struct coro *c)
{
	if (c->map == NULL)
		return;
	if (l->ncached == STACK_CACHE) {
		stack_unmap(c);
		return;
	}
	asan_unpoison(c->stack, c->stack_size);
	tsan_fiber_free(c);
	l->cache[l->ncached++] = (struct stack){ c->map, c->map_len };
	c->map = NULL;
}

/* Give c its stack and its starting context (at its first resume);
 * 0, or -1 with errno when there is no memory for the stack. */
static int
coro_prepare(struct loop *l, struct coro *c)
{
	uintptr_t p = (uintptr_t)c;

	if (stack_map(l, c, l->stack_size) != 0)
		return -1;
	tsan_fiber_new(c);
	if (getcontext(&c->ctx) == -1)
		fatal("getcontext");
	c->ctx.uc_stack.ss_sp = c->stack;
	c->ctx.uc_stack.ss_size = c->stack_size;
	c->ctx.uc_link = NULL;
	makecontext(&c->ctx, (void (*)(void))coro_entry, 2,
	    (int)(unsigned)(p >> 16 >> 16), (int)(unsigned)(p & 0xffffffffu));
	return 0;
}

/* ---- ready queue ---- */

static void
ready_push(struct loop *l, struct coro *c)
{
	if (l->rtail == l->rcap && l->rhead > 0) {
		memmove(l->ready, l->ready + l->rhead,
		    (size_t)(l->rtail - l->rhead) * sizeof *l->ready);
		l->rtail -= l->rhead;
		l->rhead = 0;
	}
	grow(&l->ready, &l->rcap, l->rtail + 1);
	l->ready[l->rtail++] = c;
}

/* Take the i-th ready coroutine out, keeping the others' order. */
static struct coro *
ready_take(struct loop *l, int i)
{
	struct coro **q = l->ready + l->rhead;
	struct coro *c = q[i];

	memmove(q + 1, q, (size_t)i * sizeof *q);
	l->rhead++;
	if (l->rhead == l->rtail)
		l->rhead = l->rtail = 0;
	return c;
}

static void
make_ready(struct coro *c)
{
	c->state = CORO_READY;
	ready_push(c->loop, c);
}

/* ---- timer heap ---- */

static int
timer_before(const struct coro *a, const struct coro *b)
{
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline;
	return a->seq < b->seq;
}

static void
heap_swap(struct coro **h, int i, int j)
{
	struct coro *t = h[i];

	h[i] = h[j];
	h[j] = t;
}

static void
heap_push(struct loop *l, struct coro *c)
{
	struct coro **h;
	int i;

	grow(&l->heap, &l->heap_cap, l->nheap + 1);
	h = l->heap;
	i = l->nheap++;
	h[i] = c;
	while (i > 0 && timer_before(h[i], h[(i - 1) / 2])) {
		heap_swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static struct coro *
heap_pop(struct loop *l)
{
	struct coro **h = l->heap, *top = h[0];
	int i = 0, n = --l->nheap;

	h[0] = h[n];
	for (;;) {
		int m = i, a = 2 * i + 1, b = 2 * i + 2;

		if (a < n && timer_before(h[a], h[m]))
			m = a;
		if (b < n && timer_before(h[b], h[m]))
			m = b;
		if (m == i)
			break;
		heap_swap(h, i, m);
		i = m;
	}
	return top;
}

/* Move every due timer to the ready queue, earliest first. */
static void
timers_fire(struct loop *l)
{
	uint64_t now;

	if (l->nheap == 0)
		return;
	now = now_ns();
	while (l->nheap > 0 && l->heap[0]->deadline <= now)
		make_ready(heap_pop(l));
}

/* ---- switching ---- */

/* Save the running context in from and continue in to. */
static void
ctx_switch(ucontext_t *from, const ucontext_t *to)
{
#if LOOP_ASAN
	/* getcontext + setcontext: ASan intercepts neither (see the top). */
	volatile int resumed = 0;

	if (getcontext(from) == -1)
		fatal("getcontext");
	if (resumed)
		return;
	resumed = 1;
	setcontext(to);
	fatal("setcontext");
#else
	if (swapcontext(from, to) == -1)
		fatal("swapcontext");
#endif
}

/* From a coroutine: give control back to the scheduler. */
static void
coro_switch_out(struct coro *c, enum coro_wait why)
{
	struct loop *l = c->loop;
	void *fake = NULL;

	c->why = why;
	asan_start(c->state == CORO_DONE ? NULL : &fake, l->sched_bottom,
	    l->sched_size);
	tsan_switch(l->sched_fiber);
	ctx_switch(&c->ctx, &l->sched);
	asan_finish(fake, &l->sched_bottom, &l->sched_size);
}

/* Where every coroutine starts: the pointer arrives as two int halves. */
static void
coro_entry(int hi, int lo)
{
	uintptr_t p = (uintptr_t)(unsigned)hi << 16 << 16 | (unsigned)lo;
	struct coro *c = (struct coro *)p;

	asan_finish(NULL, &c->loop->sched_bottom, &c->loop->sched_size);
	c->fn(c, c->arg);
	c->state = CORO_DONE;
	coro_switch_out(c, CORO_WAIT_READY);
	fatalx("a finished coroutine was resumed");
}

/* From the scheduler: run c until it gives control back. */
static void
loop_switch_in(struct loop *l, struct coro *c)
{
	void *fake = NULL;

	asan_start(&fake, c->stack, c->stack_size);
#if LOOP_TSAN
	l->sched_fiber = __tsan_get_current_fiber();
#endif
	tsan_switch(c->tsan_fiber);
	ctx_switch(&l->sched, &c->ctx);
	asan_finish(fake, NULL, NULL);
}

/* Check that c is the running coroutine before suspending it. */
static void
coro_check_running(const struct coro *c, const char *what)
{
	if (c == NULL || c->loop->current != c)
		fatalx("%s: not called by the running coroutine", what);
}

/* ---- the loop ---- */

struct loop *
loop_new(size_t stack_size, const struct loop_hooks *hooks)
{
	struct loop *l = xcalloc(1, sizeof *l);

	if (stack_size == 0)
		stack_size = LOOP_STACK_DEFAULT;
	l->stack_size = stack_size < LOOP_STACK_MIN ? LOOP_STACK_MIN :
	    stack_size;
	if (hooks != NULL)
		l->hooks = *hooks;
	l->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (l->wakefd == -1)
		fatal("eventfd");
	atomic_init(&l->stop, 0);
	atomic_init(&l->posted, 0);
	if (pthread_mutex_init(&l->mu, NULL) != 0)
		fatalx("pthread_mutex_init failed");
	return l;
}

void
loop_free(struct loop *l)
{
	if (l == NULL)
		return;
	if (l->running)
		fatalx("loop_free: the loop is running");
	for (int i = 0; i < l->ncoros; i++) {
		stack_unmap(l->coros[i]);
		free(l->coros[i]);
	}
	for (int i = 0; i < l->ncached; i++)
		munmap(l->cache[i].map, l->cache[i].map_len);
	free(l->coros);
	free(l->ready);
	free(l->heap);
	free(l->posts);
	pthread_mutex_destroy(&l->mu);
	close(l->wakefd);
	free(l);
}

struct coro *
loop_spawn(struct loop *l, void (*fn)(struct coro *, void *), void *arg)
{
	struct coro *c = xcalloc(1, sizeof *c);

	c->loop = l;
	c->id = l->ncoros;
	c->fn = fn;
	c->arg = arg;

	grow(&l->coros, &l->coros_cap, l->ncoros + 1);
	l->coros[l->ncoros++] = c;
	l->nlive++;
	make_ready(c);
	return c;
}

/* Wake the idle wait (from any thread, or a signal handler). */
static void
loop_kick(struct loop *l)
{
	uint64_t one = 1;
	ssize_t n;

	do
		n = write(l->wakefd, &one, sizeof one);
	while (n == -1 && errno == EINTR);
	/* EAGAIN: the counter is saturated, so the loop is woken anyway. */
}

void
loop_stop(struct loop *l)
{
	atomic_store(&l->stop, 1);
	loop_kick(l);
}

void
loop_hold(struct loop *l)
{
	pthread_mutex_lock(&l->mu);
	l->holds++;
	pthread_mutex_unlock(&l->mu);
}

void
loop_post(struct loop *l, struct coro *c)
{
	pthread_mutex_lock(&l->mu);
	if (c != NULL) {
		grow(&l->posts, &l->posts_cap, l->nposts + 1);
		l->posts[l->nposts++] = c;
	}
	if (l->holds > 0)
		l->holds--;
	atomic_store(&l->posted, 1);
	pthread_mutex_unlock(&l->mu);
	loop_kick(l);
}

/* Wake the posted coroutines, in the order they were posted. */
static void
loop_take_posts(struct loop *l)
{
	if (!atomic_load(&l->posted))
		return;
	pthread_mutex_lock(&l->mu);
	for (int i = 0; i < l->nposts; i++)
		coro_wake(l->posts[i]);
	l->nposts = 0;
	atomic_store(&l->posted, 0);
	pthread_mutex_unlock(&l->mu);
}

/* True if a hold or a post may still make something ready. */
static int
loop_awaiting(struct loop *l)
{
	int r;

	pthread_mutex_lock(&l->mu);
	r = l->holds > 0 || l->nposts > 0;
	pthread_mutex_unlock(&l->mu);
	return r;
}

/* Nothing is ready: wait for the next timer, a post or a stop. */
static void
loop_idle(struct loop *l)
{
	struct pollfd pfd = {.fd = l->wakefd, .events = POLLIN};
	struct timespec ts, *tsp = NULL;
	uint64_t buf;

	if (l->nheap > 0) {
		uint64_t now = now_ns(), when = l->heap[0]->deadline;
		uint64_t wait = when > now ? when - now : 0;

		if (wait == 0)
			return;
		ts.tv_sec = (time_t)(wait / 1000000000u);
		ts.tv_nsec = (long)(wait % 1000000000u);
		tsp = &ts;
	}
	if (ppoll(&pfd, 1, tsp, NULL) == -1 && errno != EINTR)
		fatal("ppoll");
	/* Drain before looking at posts: a later post writes again. */
	if (read(l->wakefd, &buf, sizeof buf) == -1 && errno != EAGAIN &&
	    errno != EINTR)
		fatal("read eventfd");
}

/* Ask the pick hook (or FIFO) which ready coroutine runs; -1 to stop. */
static int
loop_pick(struct loop *l)
{
	int n = l->rtail - l->rhead, i;

	if (l->hooks.pick == NULL)
		return 0;
	i = l->hooks.pick(l->hooks.ctx, l->ready + l->rhead, n);
	if (i < -1 || i >= n)
		fatalx("loop pick hook chose %d of %d ready coroutines", i, n);
	return i;
}

/* Run c once, with the hooks around it; -1 if it got no stack (it is
 * retired unrun: see the top). */
static int
loop_step(struct loop *l, struct coro *c)
{
	if (c->map == NULL && coro_prepare(l, c) != 0) {	/* its first run */
		l->failed_errno = errno;
		l->failed = c;
		c->state = CORO_DONE;
		l->nlive--;
		return -1;
	}
	c->state = CORO_RUNNING;
	l->current = c;
	if (l->hooks.resume != NULL)
		l->hooks.resume(l->hooks.ctx, c);
	loop_switch_in(l, c);
	l->current = NULL;
	if (c->state == CORO_DONE) {
		stack_release(l, c);
		l->nlive--;
		if (l->hooks.done != NULL)
			l->hooks.done(l->hooks.ctx, c);
	} else if (l->hooks.suspend != NULL)
		l->hooks.suspend(l->hooks.ctx, c, c->why);
	return 0;
}

enum loop_status
loop_run(struct loop *l)
{
	enum loop_status st;

	if (l->running)
		fatalx("loop_run: the loop is already running");
	l->running = 1;
	for (;;) {
		int i;

		if (atomic_exchange(&l->stop, 0)) {
			st = LOOP_STOPPED;
			break;
		}
		loop_take_posts(l);
		timers_fire(l);
		if (l->rtail > l->rhead) {
			if ((i = loop_pick(l)) == -1) {
				st = LOOP_STOPPED;
				break;
			}
			if (loop_step(l, ready_take(l, i)) != 0) {
				st = LOOP_NOSTACK;
				break;
			}
			continue;
		}
		if (l->nlive == 0) {
			st = LOOP_DONE;
			break;
		}
		if (l->nheap == 0 && !loop_awaiting(l)) {
			st = LOOP_STUCK;
			break;
		}
		loop_idle(l);
	}
	l->running = 0;
	return st;
}

struct coro *
loop_current(const struct loop *l)
{
	return l->current;
}

int
loop_ncoros(const struct loop *l)
{
	return l->ncoros;
}

struct coro *
loop_coro(const struct loop *l, int id)
{
	return id >= 0 && id < l->ncoros ? l->coros[id] : NULL;
}

int
loop_live(const struct loop *l)
{
	return l->nlive;
}

struct coro *
loop_failed(const struct loop *l, int *err)
{
	if (err != NULL)
		*err = l->failed_errno;
	return l->failed;
}

/* ---- inside a coroutine ---- */

int
coro_id(const struct coro *c)
{
	return c->id;
}

struct loop *
coro_loop(const struct coro *c)
{
	return c->loop;
}

enum coro_state
coro_state(const struct coro *c)
{
	return c->state;
}

const void *
coro_waiting_on(const struct coro *c)
{
	return c->waiting_on;
}

void
coro_yield(struct coro *c)
{
	coro_check_running(c, "coro_yield");
	make_ready(c);
	coro_switch_out(c, CORO_WAIT_READY);
}

void
coro_sleep_until(struct coro *c, uint64_t deadline)
{
	coro_check_running(c, "coro_sleep");
	c->deadline = deadline;
	c->seq = c->loop->timer_seq++;
	c->state = CORO_SLEEPING;
	heap_push(c->loop, c);
	coro_switch_out(c, CORO_WAIT_SLEEP);
}

void
coro_sleep(struct coro *c, uint64_t ns)
{
	if (ns == 0)
		coro_yield(c);
	else
		coro_sleep_until(c, now_ns() + ns);
}

void
coro_park(struct coro *c)
{
	coro_check_running(c, "coro_park");
	if (c->wake_pending) {
		c->wake_pending = 0;
		return;
	}
	c->state = CORO_PARKED;
	coro_switch_out(c, CORO_WAIT_PARK);
}

void
coro_wake(struct coro *c)
{
	if (c->state == CORO_PARKED && c->waitq == NULL)
		make_ready(c);
	else if (c->state != CORO_DONE)
		c->wake_pending = 1;
}

/* ---- wait queues ---- */

void
aio_waitq_init(struct aio_waitq *q)
{
	q->head = q->tail = NULL;
	q->n = 0;
}

void
aio_waitq_wait(struct coro *c, struct aio_waitq *q, const void *obj)
{
	coro_check_running(c, "aio_waitq_wait");
	c->wnext = NULL;
	if (q->tail != NULL)
		q->tail->wnext = c;
	else
		q->head = c;
	q->tail = c;
	q->n++;
	c->waitq = q;
	c->waiting_on = obj;
	c->state = CORO_PARKED;
	coro_switch_out(c, CORO_WAIT_PARK);
}

struct coro *
aio_waitq_wake(struct aio_waitq *q)
{
	struct coro *c = q->head;

	if (c == NULL)
		return NULL;
	q->head = c->wnext;
	if (q->head == NULL)
		q->tail = NULL;
	q->n--;
	c->wnext = NULL;
	c->waitq = NULL;
	c->waiting_on = NULL;
	make_ready(c);
	return c;
}

int
aio_waitq_len(const struct aio_waitq *q)
{
	return q->n;
}
