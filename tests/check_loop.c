/*
 * check_loop.c — loop: scheduling order, timers, many coroutines, the
 * primitives, stuck detection, stop and posts from other threads, the hooks.
 *
 * Coroutines mostly just record what happened (into a struct rec) and the
 * asserts run after loop_run() returns, on the test's own stack.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loop.h"
#include "suites.h"
#include "util.h"

#define MS 1000000ull

/* What the coroutines of one test write down. */
struct rec {
	int log[4096];
	int n;
};

static void
rec_add(struct rec *r, int v)
{
	if (r->n < (int)nitems(r->log))
		r->log[r->n++] = v;
}

static void
assert_log(const struct rec *r, const int *want, int n)
{
	ck_assert_int_eq(r->n, n);
	for (int i = 0; i < n; i++)
		ck_assert_msg(r->log[i] == want[i], "log[%d] = %d, want %d", i,
		    r->log[i], want[i]);
}

/* ---- ready queue order ---- */

static void
log_once(struct coro *c, void *arg)
{
	rec_add(arg, coro_id(c));
}

static void
log_yield_thrice(struct coro *c, void *arg)
{
	for (int i = 0; i < 3; i++) {
		rec_add(arg, coro_id(c));
		coro_yield(c);
	}
}

START_TEST(ready_coroutines_run_in_spawn_order)
{
	struct loop *l = loop_new(0, NULL);
	struct rec r = {.n = 0};
	static const int want[] = {0, 1, 2, 3, 4};

	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(coro_id(loop_spawn(l, log_once, &r)), i);
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	assert_log(&r, want, 5);
	ck_assert_int_eq(loop_live(l), 0);
	ck_assert_int_eq(coro_state(loop_coro(l, 3)), CORO_DONE);
	loop_free(l);
}
END_TEST

START_TEST(yield_round_robins)
{
	struct loop *l = loop_new(0, NULL);
	struct rec r = {.n = 0};
	static const int want[] = {0, 1, 2, 0, 1, 2, 0, 1, 2};

	for (int i = 0; i < 3; i++)
		loop_spawn(l, log_yield_thrice, &r);
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	assert_log(&r, want, 9);
	loop_free(l);
}
END_TEST

/* ---- timers ---- */

struct sleeper {
	struct rec *r;
	uint64_t ns, took;
	uint64_t deadline;	/* when its sleep was due (0: a yield) */
};

static void
sleep_and_log(struct coro *c, void *arg)
{
	struct sleeper *s = arg;
	uint64_t t0 = now_ns();

	if (s->ns == 0) {
		coro_sleep(c, 0);	/* sleep(0) is a yield */
	} else {
		s->deadline = t0 + s->ns;
		coro_sleep_until(c, s->deadline);
	}
	s->took = now_ns() - t0;
	rec_add(s->r, coro_id(c));
}

/*
 * The sleeps (30, 10, 20, 15, 5 ms and a sleep(0)) are each measured from
 * when the coroutine ran, so on an idle machine they wake 5, 4, 1, 3, 2, 0.
 * A loaded machine may run the coroutines far apart and move the
 * deadlines, so the order asserted is that of the deadlines each one
 * set: the yield first (it is ready at once; due timers queue behind it),
 * then the timers by deadline.
 */
START_TEST(sleeps_finish_in_deadline_order_and_take_their_time)
{
	struct loop *l = loop_new(0, NULL);
	struct rec r = {.n = 0};
	static const uint64_t ms[] = {30, 10, 20, 15, 5, 0};
	struct sleeper s[nitems(ms)];

	for (size_t i = 0; i < nitems(ms); i++) {
		s[i] = (struct sleeper){.r = &r, .ns = ms[i] * MS};
		loop_spawn(l, sleep_and_log, &s[i]);
	}
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	ck_assert_int_eq(r.n, (int)nitems(ms));
	ck_assert_int_eq(r.log[0], 5);
	for (int i = 2; i < r.n; i++) {
		const struct sleeper *a = &s[r.log[i - 1]], *b = &s[r.log[i]];

		ck_assert_msg(a->deadline < b->deadline || (a->deadline == b->deadline &&
		    r.log[i - 1] < r.log[i]), "woke %d before %d", r.log[i - 1], r.log[i]);
	}
	for (size_t i = 0; i < nitems(ms); i++)
		ck_assert_uint_ge(s[i].took, s[i].ns);
	loop_free(l);
}
END_TEST

struct tie {
	struct rec *r;
	uint64_t when;
	int yields;
};

static void
yield_then_sleep_until(struct coro *c, void *arg)
{
	struct tie *t = arg;

	for (int i = 0; i < t->yields; i++)
		coro_yield(c);
	rec_add(t->r, -1 - coro_id(c)); /* the order the timers were set */
	coro_sleep_until(c, t->when);
	rec_add(t->r, coro_id(c));
}

START_TEST(equal_deadlines_wake_in_the_order_they_were_set)
{
	struct loop *l = loop_new(0, NULL);
	struct rec r = {.n = 0};
	struct tie t[8];
	/* Far enough off that all eight are set before it is due, however
	 * busy the machine (5 ms was not always enough). */
	uint64_t when = now_ns() + 1000 * MS;

	/* Coroutine i yields 7 - i times first: timers get set 7, 6, ... 0. */
	for (int i = 0; i < 8; i++) {
		t[i] = (struct tie){.r = &r, .when = when, .yields = 7 - i};
		loop_spawn(l, yield_then_sleep_until, &t[i]);
	}
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	ck_assert_int_eq(r.n, 16);
	for (int i = 0; i < 8; i++) {
		ck_assert_int_eq(r.log[i], -1 - (7 - i));
		ck_assert_int_eq(r.log[8 + i], 7 - i);
	}
	loop_free(l);
}
END_TEST

START_TEST(timer_heap_orders_many_deadlines)
{
	struct loop *l = loop_new(0, NULL);
	struct rec r = {.n = 0};
	struct tie t[300];
	uint64_t base, seed = 12345;
	int prev = -1;

	for (int i = 0; i < 300; i++) {
		t[i] = (struct tie){.r = &r, .yields = 0};
		loop_spawn(l, yield_then_sleep_until, &t[i]);
	}
	/* Pseudo-random deadlines over 8 distinct values: many ties.  The
	 * first is far enough off that all 300 are set before any is due,
	 * even on a loaded machine (50 ms was not always enough). */
	base = now_ns() + 1000 * MS;
	for (int i = 0; i < 300; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		t[i].when = base + (seed >> 61) * MS / 4;
	}
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	ck_assert_int_eq(r.n, 600);
	/* Timers were set in id order; wakes are by deadline, then id. */
	for (int i = 0; i < 600; i++) {
		if (r.log[i] < 0)
			continue;
		if (prev >= 0) {
			const struct tie *a = &t[prev], *b = &t[r.log[i]];

			ck_assert(a->when < b->when ||
			    (a->when == b->when && prev < r.log[i]));
		}
		prev = r.log[i];
	}
	loop_free(l);
}
END_TEST

static void
log_sleep_and_wake(struct coro *c, void *arg)
{
	struct sleeper *s = arg;

	rec_add(s->r, -1 - coro_id(c));
	coro_sleep(c, s->ns);
	rec_add(s->r, coro_id(c));
}

START_TEST(gather_of_100_sleepers_overlaps)
{
	struct loop *l = loop_new(0, NULL);
	struct rec r = {.n = 0};
	struct sleeper s[100];

	for (int i = 0; i < 100; i++) {
		s[i] = (struct sleeper){.r = &r, .ns = 50 * MS};
		loop_spawn(l, log_sleep_and_wake, &s[i]);
	}
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	/* Every sleep began before any ended: they overlapped. */
	ck_assert_int_eq(r.n, 200);
	for (int i = 0; i < 100; i++) {
		ck_assert_int_lt(r.log[i], 0);
		ck_assert_int_ge(r.log[100 + i], 0);
	}
	loop_free(l);
}
END_TEST

START_TEST(gather_of_100_sleepers_takes_one_sleep)
{
	struct loop *l = loop_new(0, NULL);
	struct rec r = {.n = 0};
	struct sleeper s[100];
	uint64_t t0 = now_ns();

	for (int i = 0; i < 100; i++) {
		s[i] = (struct sleeper){.r = &r, .ns = 50 * MS};
		loop_spawn(l, sleep_and_log, &s[i]);
	}
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	ck_assert_uint_lt(now_ns() - t0, 500 * MS);
	ck_assert_int_eq(r.n, 100);
	loop_free(l);
}
END_TEST

/* ---- many coroutines, spawning from inside ---- */

static void
busy_little(struct coro *c, void *arg)
{
	int *count = arg;

	coro_yield(c);
	coro_sleep(c, 1 * MS);
	coro_yield(c);
	++*count;
}

START_TEST(a_thousand_and_twenty_four_coroutines)
{
	struct loop *l = loop_new(0, NULL);
	int count = 0;

	for (int i = 0; i < 1024; i++)
		loop_spawn(l, busy_little, &count);
	ck_assert_int_eq(loop_live(l), 1024);
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	ck_assert_int_eq(count, 1024);
	ck_assert_int_eq(loop_ncoros(l), 1024);
	loop_free(l);
}
END_TEST

struct tree {
	struct rec r;
	int depth[64];
};

/* Each coroutine of depth < 5 spawns two children: 63 in all. */
static void
spawn_children(struct coro *c, void *arg)
{
	struct tree *t = arg;
	struct loop *l = coro_loop(c);

	ck_assert_ptr_eq(loop_current(l), c);
	rec_add(&t->r, coro_id(c));
	if (t->depth[coro_id(c)] < 5) {
		for (int k = 0; k < 2; k++) {
			struct coro *k_c = loop_spawn(l, spawn_children, t);

			t->depth[coro_id(k_c)] = t->depth[coro_id(c)] + 1;
		}
	}
	coro_yield(c);
}

START_TEST(spawn_from_inside_a_coroutine)
{
	struct loop *l = loop_new(0, NULL);
	struct tree *t = xcalloc(1, sizeof *t);

	loop_spawn(l, spawn_children, t);
	ck_assert_ptr_null(loop_current(l));
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	ck_assert_int_eq(loop_ncoros(l), 63);
	/* Breadth first: children run in the order they were spawned. */
	ck_assert_int_eq(t->r.n, 63);
	for (int i = 0; i < 63; i++)
		ck_assert_int_eq(t->r.log[i], i);
	free(t);
	loop_free(l);
}
END_TEST

/* ---- lock ---- */

struct counter {
	struct aio_lock lk;
	int use_lock;
	int value;
	int waited;
};

static void
increment_100(struct coro *c, void *arg)
{
	struct counter *k = arg;

	for (int i = 0; i < 100; i++) {
		int v;

		if (k->use_lock)
			k->waited += aio_lock_acquire(c, &k->lk);
		v = k->value;
		coro_yield(c);
		k->value = v + 1;
		if (k->use_lock)
			aio_lock_release(c, &k->lk);
	}
}

START_TEST(lock_keeps_a_read_yield_write_counter_exact)
{
	struct counter k = {.use_lock = 1};

	for (int pass = 0; pass < 2; pass++) {
		struct loop *l = loop_new(0, NULL);

		aio_lock_init(&k.lk);
		k.value = k.waited = 0;
		for (int i = 0; i < 4; i++)
			loop_spawn(l, increment_100, &k);
		ck_assert_int_eq(loop_run(l), LOOP_DONE);
		if (k.use_lock) {
			ck_assert_int_eq(k.value, 400);
			ck_assert_int_gt(k.waited, 0);
			ck_assert_int_eq(aio_lock_holder(&k.lk), -1);
		} else {
			/* Round robin: all four read one value per round. */
			ck_assert_int_eq(k.value, 100);
		}
		loop_free(l);
		k.use_lock = 0;
	}
}
END_TEST

struct handoff {
	struct aio_lock lk;
	struct rec arrive, acquire;
	int blocked[5];
	int holder_seen, waiting_seen;
	const void *waits_on[5];
};

/*
 * Coroutine 0 holds the lock until the four others wait for it; i > 0
 * yield 5 - i times first, so they arrive 4, 3, 2, 1 by the ready queue's
 * turns alone, however late the loop runs (not by timers).
 */
static void
take_lock_in_turn(struct coro *c, void *arg)
{
	struct handoff *h = arg;
	int id = coro_id(c);

	if (id == 0) {
		aio_lock_acquire(c, &h->lk);
		while (aio_lock_waiting(&h->lk) < 4)
			coro_sleep(c, MS);
		h->holder_seen = aio_lock_holder(&h->lk);
		h->waiting_seen = aio_lock_waiting(&h->lk);
		for (int i = 1; i < 5; i++)
			h->waits_on[i] =
			    coro_waiting_on(loop_coro(coro_loop(c), i));
		rec_add(&h->acquire, 0);
		aio_lock_release(c, &h->lk);
		return;
	}
	for (int k = 0; k < 5 - id; k++)
		coro_yield(c);
	rec_add(&h->arrive, id);
	h->blocked[id] = aio_lock_acquire(c, &h->lk);
	rec_add(&h->acquire, id);
	coro_yield(c);
	aio_lock_release(c, &h->lk);
}

START_TEST(lock_hands_over_in_arrival_order)
{
	struct loop *l = loop_new(0, NULL);
	struct handoff h;
	static const int arrive[] = {4, 3, 2, 1};
	static const int acquire[] = {0, 4, 3, 2, 1};

	memset(&h, 0, sizeof h);
	aio_lock_init(&h.lk);
	for (int i = 0; i < 5; i++)
		loop_spawn(l, take_lock_in_turn, &h);
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	assert_log(&h.arrive, arrive, 4);
	assert_log(&h.acquire, acquire, 5);
	ck_assert_int_eq(h.holder_seen, 0);
	ck_assert_int_eq(h.waiting_seen, 4);
	for (int i = 1; i < 5; i++) {
		ck_assert_int_eq(h.blocked[i], 1);
		ck_assert_ptr_eq(h.waits_on[i], &h.lk);
		ck_assert_ptr_null(coro_waiting_on(loop_coro(l, i)));
	}
	loop_free(l);
}
END_TEST

/* ---- stuck ---- */

struct two_locks {
	struct aio_lock a, b;
};

static void
take_a_then_b(struct coro *c, void *arg)
{
	struct two_locks *t = arg;

	aio_lock_acquire(c, &t->a);
	coro_yield(c);
	aio_lock_acquire(c, &t->b);
	aio_lock_release(c, &t->b);
	aio_lock_release(c, &t->a);
}

static void
take_b_then_a(struct coro *c, void *arg)
{
	struct two_locks *t = arg;

	aio_lock_acquire(c, &t->b);
	coro_yield(c);
	aio_lock_acquire(c, &t->a);
	aio_lock_release(c, &t->a);
	aio_lock_release(c, &t->b);
}

START_TEST(opposite_lock_order_is_reported_stuck_with_its_cycle)
{
	struct loop *l = loop_new(0, NULL);
	struct two_locks t;
	struct coro *x, *y;
	const struct aio_lock *wx, *wy;

	aio_lock_init(&t.a);
	aio_lock_init(&t.b);
	x = loop_spawn(l, take_a_then_b, &t);
	y = loop_spawn(l, take_b_then_a, &t);
	ck_assert_int_eq(loop_run(l), LOOP_STUCK);
	ck_assert_int_eq(loop_live(l), 2);
	ck_assert_int_eq(coro_state(x), CORO_PARKED);
	ck_assert_int_eq(coro_state(y), CORO_PARKED);
	/* x waits for b, held by y, which waits for a, held by x. */
	wx = coro_waiting_on(x);
	wy = coro_waiting_on(y);
	ck_assert_ptr_eq(wx, &t.b);
	ck_assert_ptr_eq(wy, &t.a);
	ck_assert_int_eq(aio_lock_holder(wx), coro_id(y));
	ck_assert_int_eq(aio_lock_holder(wy), coro_id(x));
	/* Running again changes nothing; freeing the pair leaks nothing. */
	ck_assert_int_eq(loop_run(l), LOOP_STUCK);
	loop_free(l);
}
END_TEST

static void
park_forever(struct coro *c, void *arg)
{
	coro_park(c);
}

START_TEST(a_lone_park_is_stuck_and_free_cleans_up)
{
	struct loop *l = loop_new(0, NULL);

	for (int i = 0; i < 10; i++)
		loop_spawn(l, park_forever, NULL);
	ck_assert_int_eq(loop_run(l), LOOP_STUCK);
	ck_assert_int_eq(loop_live(l), 10);
	ck_assert_ptr_null(coro_waiting_on(loop_coro(l, 0)));
	loop_free(l);
}
END_TEST

/* ---- no memory for a stack ---- */

START_TEST(a_coroutine_without_a_stack_is_retired_unrun)
{
	/* No address space holds a stack this large: every mmap fails. */
	struct loop *l = loop_new(SIZE_MAX / 4, NULL);
	struct rec r = {0};
	int err = 0;

	loop_spawn(l, log_once, &r);
	loop_spawn(l, log_once, &r);
	ck_assert_ptr_null(loop_failed(l, &err));
	ck_assert_int_eq(loop_run(l), LOOP_NOSTACK);
	ck_assert_ptr_eq(loop_failed(l, &err), loop_coro(l, 0));
	ck_assert_int_eq(err, ENOMEM);
	ck_assert_int_eq(coro_state(loop_coro(l, 0)), CORO_DONE);
	ck_assert_int_eq(loop_live(l), 1);
	/* Running again goes on with the next, which fails in turn. */
	ck_assert_int_eq(loop_run(l), LOOP_NOSTACK);
	ck_assert_ptr_eq(loop_failed(l, NULL), loop_coro(l, 1));
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	ck_assert_int_eq(r.n, 0);	/* neither ran */
	loop_free(l);
}
END_TEST

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CHECK_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CHECK_SANITIZED 1
#endif
#endif

#ifndef CHECK_SANITIZED	/* the test below is skipped there */
/* The process's address space now, in bytes (VmSize), or 0. */
static size_t
vm_size(void)
{
	char line[256];
	size_t kb = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmSize: %zu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

/*
 * In a child under RLIMIT_AS room for two 16 MiB stacks and no third: the
 * first two coroutines run (and park, keeping their stacks), each later
 * one is retired unrun with ENOMEM, one per loop_run, and the loop then
 * sees the two parked ones stuck.  The exit status says which check broke.
 */
static int
third_stack_child(void)
{
	size_t stack = 16u << 20, vm = vm_size();
	struct rlimit rl;
	struct loop *l = loop_new(stack, NULL);
	int err = 0;

	if (vm == 0)
		return 10;
	for (int i = 0; i < 5; i++)
		loop_spawn(l, park_forever, NULL);
	rl.rlim_cur = rl.rlim_max = vm + 40u * (1u << 20);
	if (setrlimit(RLIMIT_AS, &rl) != 0)
		return 11;
	for (int i = 2; i < 5; i++) {
		if (loop_run(l) != LOOP_NOSTACK)
			return 20 + i;
		if (loop_failed(l, &err) != loop_coro(l, i) || err != ENOMEM)
			return 30 + i;
	}
	if (loop_run(l) != LOOP_STUCK || loop_live(l) != 2)
		return 40;
	for (int i = 0; i < 2; i++)
		if (coro_state(loop_coro(l, i)) != CORO_PARKED)
			return 50 + i;
	loop_free(l);
	return 0;
}
#endif

START_TEST(the_coroutine_that_finds_no_memory_is_the_one_retired)
{
#ifdef CHECK_SANITIZED
	/* A sanitizer's shadow memory cannot live under RLIMIT_AS. */
	return;
#else
	int status;
	pid_t pid = fork();

	ck_assert_int_ne(pid, -1);
	if (pid == 0)
		_exit(third_stack_child());
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "child: status %#x (exit %d)", status, WEXITSTATUS(status));
#endif
}
END_TEST

/* ---- other threads ---- */

struct stopper {
	struct loop *l;
	uint64_t delay;
};

static void *
stop_later(void *arg)
{
	struct stopper *s = arg;

	sleep_ns(s->delay);
	loop_stop(s->l);
	return NULL;
}

static void
sleep_long(struct coro *c, void *arg)
{
	coro_sleep(c, 10000 * MS);
}

static void
stop_from_a_thread(int timed)
{
	struct loop *l = loop_new(0, NULL);
	struct stopper s = {.l = l, .delay = 30 * MS};
	pthread_t th;
	uint64_t t0;

	loop_spawn(l, sleep_long, NULL);
	loop_spawn(l, park_forever, NULL);
	t0 = now_ns();
	ck_assert_int_eq(pthread_create(&th, NULL, stop_later, &s), 0);
	ck_assert_int_eq(loop_run(l), LOOP_STOPPED);
	if (timed)
		ck_assert_uint_lt(now_ns() - t0, 2000 * MS);
	pthread_join(th, NULL);
	/* A stop asked for before loop_run is honoured at once. */
	loop_stop(l);
	ck_assert_int_eq(loop_run(l), LOOP_STOPPED);
	loop_free(l);
}

START_TEST(loop_stop_from_a_thread_ends_a_long_sleep)
{
	stop_from_a_thread(0);
}
END_TEST

START_TEST(loop_stop_from_a_thread_is_prompt)
{
	stop_from_a_thread(1);
}
END_TEST

struct offload {
	struct coro *c;
	pthread_t th;
	int result;
	int got;
	int ticks;
};

static void *
offload_work(void *arg)
{
	struct offload *o = arg;

	sleep_ns(40 * MS);
	o->result = 42;
	loop_post(coro_loop(o->c), o->c);
	return NULL;
}

/* asyncio.to_thread: hold, start the thread, park until it posts. */
static void
to_thread(struct coro *c, void *arg)
{
	struct offload *o = arg;

	o->c = c;
	loop_hold(coro_loop(c));
	if (pthread_create(&o->th, NULL, offload_work, o) != 0)
		return;
	coro_park(c);
	o->got = o->result;
}

static void
tick_a_little(struct coro *c, void *arg)
{
	struct offload *o = arg;

	for (int i = 0; i < 3; i++) {
		coro_sleep(c, 2 * MS);
		o->ticks++;
	}
}

START_TEST(hold_and_post_from_a_thread_wake_the_parked_coroutine)
{
	struct loop *l = loop_new(0, NULL);
	struct offload o = {.result = 0};

	loop_spawn(l, to_thread, &o);
	loop_spawn(l, tick_a_little, &o);
	/* The loop idles with nothing ready and no timers, but a hold. */
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	ck_assert_int_eq(o.got, 42);
	ck_assert_int_eq(o.ticks, 3);
	pthread_join(o.th, NULL);
	loop_free(l);
}
END_TEST

static void
wake_before_park(struct coro *c, void *arg)
{
	int *parks = arg;

	coro_wake(c);
	coro_park(c); /* returns at once: the wake was kept */
	++*parks;
}

START_TEST(a_wake_before_the_park_is_not_lost)
{
	struct loop *l = loop_new(0, NULL);
	int parks = 0;

	loop_spawn(l, wake_before_park, &parks);
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	ck_assert_int_eq(parks, 1);
	loop_free(l);
}
END_TEST

/* ---- hooks ---- */

struct picker {
	struct rec r;
	int steps, stop_after, last;
};

static int
pick_last(void *ctx, struct coro *const *ready, int n)
{
	struct picker *p = ctx;

	if (p->stop_after > 0 && p->steps == p->stop_after)
		return -1;
	p->steps++;
	return p->last ? n - 1 : 0;
}

START_TEST(pick_chooses_the_order_and_can_stop)
{
	struct picker p = {.last = 1};
	struct loop_hooks h = {.pick = pick_last, .ctx = &p};
	struct loop *l = loop_new(0, &h);
	static const int want[] = {4, 3, 2, 1, 0};

	for (int i = 0; i < 5; i++)
		loop_spawn(l, log_once, &p.r);
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	assert_log(&p.r, want, 5);
	loop_free(l);
}
END_TEST

START_TEST(pick_returning_minus_one_stops_and_run_resumes)
{
	struct picker p = {.stop_after = 4};
	struct loop_hooks h = {.pick = pick_last, .ctx = &p};
	struct loop *l = loop_new(0, &h);
	static const int want[] = {0, 1, 2, 0, 1, 2, 0, 1, 2};

	for (int i = 0; i < 3; i++)
		loop_spawn(l, log_yield_thrice, &p.r);
	ck_assert_int_eq(loop_run(l), LOOP_STOPPED);
	ck_assert_int_eq(p.r.n, 4);
	p.stop_after = 0;
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	assert_log(&p.r, want, 9);
	loop_free(l);
}
END_TEST

/* Hook log entries: kind * 100 + id (* 10 + why for suspends). */
enum { H_RESUME = 1, H_SUSPEND = 2, H_DONE = 3 };

static void
hook_resume(void *ctx, struct coro *c)
{
	struct rec *r = ctx;

	ck_assert_int_eq(coro_state(c), CORO_RUNNING);
	ck_assert_ptr_eq(loop_current(coro_loop(c)), c);
	rec_add(r, H_RESUME * 100 + coro_id(c));
}

static void
hook_suspend(void *ctx, struct coro *c, enum coro_wait why)
{
	rec_add(ctx, H_SUSPEND * 100 + coro_id(c) * 10 + (int)why);
}

static void
hook_done(void *ctx, struct coro *c)
{
	ck_assert_int_eq(coro_state(c), CORO_DONE);
	rec_add(ctx, H_DONE * 100 + coro_id(c));
}

static void
yield_once(struct coro *c, void *arg)
{
	coro_yield(c);
}

static void
sleep_then_park(struct coro *c, void *arg)
{
	coro_sleep(c, 1 * MS);
	coro_park(c);
}

static void
wake_coro_1_later(struct coro *c, void *arg)
{
	coro_sleep(c, 5 * MS);
	coro_wake(loop_coro(coro_loop(c), 1));
}

START_TEST(hooks_see_every_switch_in_order)
{
	struct rec r = {.n = 0};
	struct loop_hooks h = {.resume = hook_resume,
	    .suspend = hook_suspend,
	    .done = hook_done,
	    .ctx = &r};
	struct loop *l = loop_new(0, &h);
	static const int want[] = {
	    100, 200 + CORO_WAIT_READY,		/* 0 yields */
	    101, 210 + CORO_WAIT_SLEEP,		/* 1 sleeps */
	    102, 220 + CORO_WAIT_SLEEP,		/* 2 sleeps */
	    100, 300,				/* 0 returns */
	    101, 210 + CORO_WAIT_PARK,		/* 1 wakes, parks */
	    102, 302,				/* 2 wakes 1, returns */
	    101, 301,				/* 1 returns */
	};

	loop_spawn(l, yield_once, NULL);
	loop_spawn(l, sleep_then_park, NULL);
	loop_spawn(l, wake_coro_1_later, NULL);
	ck_assert_int_eq(loop_run(l), LOOP_DONE);
	assert_log(&r, want, (int)nitems(want));
	loop_free(l);
}
END_TEST

Suite *
loop_suite(void)
{
	Suite *s = suite_create("loop");
	TCase *order = tcase_create("order");
	TCase *timers = tcase_create("timers");
	TCase *sync = tcase_create("sync");
	TCase *threads = tcase_create("threads");
	TCase *hooks = tcase_create("hooks");

	tcase_add_test(order, ready_coroutines_run_in_spawn_order);
	tcase_add_test(order, yield_round_robins);
	tcase_add_test(order, a_thousand_and_twenty_four_coroutines);
	tcase_add_test(order, spawn_from_inside_a_coroutine);
	suite_add_tcase(s, order);

	tcase_add_test(timers,
	    sleeps_finish_in_deadline_order_and_take_their_time);
	tcase_add_test(timers, equal_deadlines_wake_in_the_order_they_were_set);
	tcase_add_test(timers, timer_heap_orders_many_deadlines);
	tcase_add_test(timers, gather_of_100_sleepers_overlaps);
	suite_add_tcase(s, timers);

	tcase_add_test(sync, lock_keeps_a_read_yield_write_counter_exact);
	tcase_add_test(sync, lock_hands_over_in_arrival_order);
	tcase_add_test(sync,
	    opposite_lock_order_is_reported_stuck_with_its_cycle);
	tcase_add_test(sync, a_lone_park_is_stuck_and_free_cleans_up);
	tcase_add_test(sync, a_coroutine_without_a_stack_is_retired_unrun);
	tcase_add_test(sync, the_coroutine_that_finds_no_memory_is_the_one_retired);
	suite_add_tcase(s, sync);

	tcase_add_test(threads, loop_stop_from_a_thread_ends_a_long_sleep);
	tcase_add_test(threads,
	    hold_and_post_from_a_thread_wake_the_parked_coroutine);
	tcase_add_test(threads, a_wake_before_the_park_is_not_lost);
	suite_add_tcase(s, threads);

	tcase_add_test(hooks, pick_chooses_the_order_and_can_stop);
	tcase_add_test(hooks, pick_returning_minus_one_stops_and_run_resumes);
	tcase_add_test(hooks, hooks_see_every_switch_in_order);
	suite_add_tcase(s, hooks);

	if (check_timing()) {
		TCase *timing = tcase_create("timing");

		tcase_add_test(timing, gather_of_100_sleepers_takes_one_sleep);
		tcase_add_test(timing, loop_stop_from_a_thread_is_prompt);
		suite_add_tcase(s, timing);
	}
	return s;
}
