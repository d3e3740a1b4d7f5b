/*
 * engine-coro.c — the coroutine model: the demo's workers as coroutines on
 * one event loop thread.  (Pending the event loop module.)
 */
#include "config.h"

#include "engine-int.h"

int
engine_coroutines(struct run *r)
{
	run_fail(r, "the coroutine model is not available yet");
	return -1;
}

int
engine_coro_sleep(struct worker *w, uint64_t ns)
{
	return -1;
}

int
engine_coro_yield(struct worker *w)
{
	return -1;
}

int
engine_coro_lock(struct worker *w, struct obj *o, int id, int acquire)
{
	return -1;
}

int
engine_coro_queue(struct worker *w, struct obj *o, int id, int put, int64_t *item)
{
	return -1;
}

int
engine_coro_sem(struct worker *w, struct obj *o, int id, int acquire)
{
	return -1;
}
