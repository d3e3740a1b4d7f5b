/*
 * watch.c — the conductor's watch over running workers: deadlock.
 *
 * Every worker records the lock it blocks on (slot.waiting_on) and every
 * lock its holder.  While threads or processes run, the conductor takes a
 * snapshot of both every few milliseconds and looks for a wait-for cycle
 * (deadlock.c).  A cycle seen unchanged in DEADLOCK_CONFIRM consecutive
 * looks is a deadlock: a real one never goes away, while a snapshot taken
 * in the middle of two hand-overs can show a cycle that is not there.
 * Coroutines need no confirmation: when the loop can run nothing, the
 * snapshot is still.  Either way the conductor records the cycle in the
 * result, emits EV_DEADLOCK and sets the stop flag: every blocking wait is
 * timed and sees it, so the deadlocked workers return.
 */
#include "config.h"

#include <string.h>

#include "deadlock.h"
#include "engine-int.h"
#include "util.h"

#define DEADLOCK_CONFIRM 10

/* The wait-for cycle among the run's workers now: its length, or 0. */
static int
snapshot_cycle(struct run *r, int *cycle)
{
	int waiting[RUN_MAX_WORKERS], holder[RUN_MAX_OBJECTS];
	struct shm *s = r->shm;

	for (int i = 0; i < r->nworkers; i++)
		waiting[i] = atomic_load(&s->slot[i].waiting_on);
	for (int i = 0; i < s->nobjs; i++)
		holder[i] = s->obj[i].kind == OBJ_LOCK ? atomic_load(&s->obj[i].holder) : -1;
	return deadlock_cycle(waiting, r->nworkers, holder, s->nobjs, cycle, RUN_MAX_CYCLE);
}

static void
report(struct run *r, const int *cycle, int len)
{
	struct result *res = &r->res;

	res->ncycle = len;
	for (int i = 0; i < len; i++) {
		if (i % 2 == 0)
			run_track_name(r, cycle[i], res->cycle[i], sizeof res->cycle[i]);
		else
			xsnprintf(res->cycle[i], sizeof res->cycle[i], "%s",
			    r->shm->obj[cycle[i]].name);
	}
	trace_emit(r->trace, run_control_track(r), EV_DEADLOCK, 0, len / 2);
	run_metric(r, "deadlocked", 1);
	run_metric(r, "cycle_length", len / 2);
	run_flag_stop(r);
}

void
watch_look(struct run *r, struct watch *wt)
{
	int cycle[RUN_MAX_CYCLE], n;

	if (run_stopping(r))
		return;
	n = snapshot_cycle(r, cycle);
	if (n == 0 || n != wt->len || memcmp(cycle, wt->cycle, (size_t)n * sizeof *cycle) != 0) {
		wt->seen = n > 0;
		wt->len = n;
		memcpy(wt->cycle, cycle, (size_t)n * sizeof *cycle);
		return;
	}
	if (++wt->seen >= DEADLOCK_CONFIRM)
		report(r, wt->cycle, wt->len);
}

int
watch_stuck(struct run *r)
{
	int cycle[RUN_MAX_CYCLE], n = snapshot_cycle(r, cycle);

	if (n > 0)
		report(r, cycle, n);
	return n > 0;
}
