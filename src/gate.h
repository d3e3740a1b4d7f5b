/*
 * gate.h — the step gate: workers park before their next operation until
 * the learner (the controller) releases one of them.  See gate.c.
 */
#ifndef LOCKSTEP_GATE_H
#define LOCKSTEP_GATE_H

#include <pthread.h>
#include <stdatomic.h>

#include "knob.h"

#define GATE_SLOTS (MAX_COROUTINES + 2)	/* one per worker, and spares */

/* A slot's state, guarded by the gate's mutex. */
struct gate_slot {
	int parked;		/* waits at the gate now */
	int kind, obj;		/* the operation (EV_*) it waits to do, on obj */
	int release;		/* the controller let it go */
};

/* Lives in memory shared with forked workers: no pointers inside. */
struct gate {
	_Atomic int on;
	pthread_mutex_t mu;	/* process-shared */
	pthread_cond_t cv;	/* process-shared, CLOCK_MONOTONIC */
	struct gate_slot slot[GATE_SLOTS];
};

/* Make g ready: off, no slot parked, its mutex and condition
 * process-shared (fatal if the system cannot share them). */
void gate_init(struct gate *g);
/* Free the gate's mutex and condition. */
void gate_destroy(struct gate *g);
/* True while the gate is on (a cheap relaxed read). */
int gate_is_on(struct gate *g);
/* Switch the gate on or off; off lets every parked slot go. */
void gate_set(struct gate *g, int on);
/* Wake every parked slot to look at the stop flag again. */
void gate_wake(struct gate *g);
/* Let slot i go: 0, or -1 if it is not parked. */
int gate_release(struct gate *g, int i);
/* If slot i is parked (and not yet released): 1 and its operation. */
int gate_parked(struct gate *g, int i, int *kind, int *obj);
/* Park slots[0..n-1] before operation kind on obj until the controller
 * releases one of them: its position in slots, or -1 when the gate went
 * off or *stop became true first. */
int gate_park(struct gate *g, const int *slots, int n, int kind, int obj,
    const _Atomic int *stop);

#endif
