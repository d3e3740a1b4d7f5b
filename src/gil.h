/*
 * gil.h — a model of CPython's global interpreter lock (3.2+), see gil.c.
 */
#ifndef LOCKSTEP_GIL_H
#define LOCKSTEP_GIL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

struct trace;

struct gil {
	pthread_mutex_t mutex;		/* protects locked, holder, switch_number */
	pthread_cond_t cond;		/* signalled when the GIL is released */
	pthread_mutex_t switch_mutex;	/* FORCE_SWITCHING: the dropper waits */
	pthread_cond_t switch_cond;	/*   until someone else has taken it */
	int locked;
	int holder;			/* track of the last holder, -1 none */
	uint64_t switch_number;		/* bumped when the holder changes */
	_Atomic int waiters;		/* threads waiting in gil_take() */
	_Atomic int drop_request;	/* "eval breaker": please let go */
	uint64_t interval_ns;		/* switch interval at pace 1 */
	uint64_t switches, forced;	/* statistics */
	struct trace *trace;		/* events go here (may be NULL) */
	const _Atomic int *stop;	/* the run's stop flag (may be NULL) */
	const _Atomic int *pace;	/* the run's pace (may be NULL: 1) */
};

/* Initialise g with a switch interval; pshared if processes share it. */
void gil_init(struct gil *g, uint64_t interval_ns, int pshared,
    struct trace *trace, const _Atomic int *stop, const _Atomic int *pace);
/* Destroy g's mutexes and conditions. */
void gil_destroy(struct gil *g);
/* Take the GIL for track, waiting as CPython's take_gil() does. */
void gil_take(struct gil *g, int track);
/* Release the GIL (forced: answering the eval breaker); if a drop request
 * is pending, wait until another thread has taken it (FORCE_SWITCHING). */
void gil_drop(struct gil *g, int track, int forced);
/* Eval breaker: if a drop request is pending, hand over and take it back.
 * Returns 1 if it switched. */
int gil_check(struct gil *g, int track);
/* Track holding the GIL now, or -1. */
int gil_holder(struct gil *g);

#endif
