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
 * result and emits EV_DEADLOCK, lets it stand --hold ms (times the pace)
 * so the learner sees the workers stopped and the cycle drawn, and then
 * breaks it by setting the stop flag: every blocking wait is timed and
 * sees it, so the deadlocked workers return.
 */
#include "config.h"

#include <string.h>

#include "deadlock.h"
#include "engine-int.h"
#include "util.h"

#define DEADLOCK_CONFIRM 10
#define HOLD_POLL_NS 2000000u

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
	r->deadlocked = 1;
}

/* How long a found deadlock stands before it is broken (--hold, paced). */
static uint64_t
hold_ns(struct run *r)
{
	if (!demo_takes_knob(r->demo, KNOB_HOLD))
		return 0;
	return (uint64_t)run_knob(r, KNOB_HOLD) * 1000000u * (uint64_t)run_pace(r);
}

/* Break the deadlock: stop the run, and say so in the result. */
static void
break_cycle(struct run *r, uint64_t stood_ns)
{
	xsnprintf(r->res.broken, sizeof r->res.broken, "the cycle stood %.1f s; "
	    "lockstep broke it by stopping every worker in it",
	    (double)stood_ns / 1e9);
	r->res.stood_ms = (double)stood_ns / 1e6;
	run_flag_stop(r);
}

/* Look for a cycle; 1 once the same one was seen DEADLOCK_CONFIRM times. */
static int
confirmed(struct run *r, struct watch *wt)
{
	int cycle[RUN_MAX_CYCLE], n = snapshot_cycle(r, cycle);

	if (n == 0 || n != wt->len || memcmp(cycle, wt->cycle, (size_t)n * sizeof *cycle) != 0) {
		wt->seen = n > 0;
		wt->len = n;
		memcpy(wt->cycle, cycle, (size_t)n * sizeof *cycle);
		return 0;
	}
	return ++wt->seen >= DEADLOCK_CONFIRM;
}

void
watch_look(struct run *r, struct watch *wt)
{
	uint64_t now;

	if (run_stopping(r))
		return;
	if (wt->found_ns == 0) {
		if (!confirmed(r, wt))
			return;
		report(r, wt->cycle, wt->len);
		wt->found_ns = now_ns();
	}
	now = now_ns();
	if (now - wt->found_ns >= hold_ns(r))
		break_cycle(r, now - wt->found_ns);
}

int
watch_stuck(struct run *r)
{
	int cycle[RUN_MAX_CYCLE], n = snapshot_cycle(r, cycle);
	uint64_t t0;

	if (n == 0)
		return 0;
	report(r, cycle, n);
	/* Nothing can move: let it stand, then break it. */
	t0 = now_ns();
	while (!run_stopping(r) && now_ns() - t0 < hold_ns(r))
		sleep_ns(HOLD_POLL_NS);
	break_cycle(r, now_ns() - t0);
	return 1;
}
