/*
 * demo-cost.c — how long a run lasts, estimated from its knobs alone.
 *
 * A lesson step's demo must be watchable: 3 to 15 s at pace 1, its
 * sequential baseline included (DESIGN rule 8).  `lockstep check --timing`
 * proves that for every step from these estimates, without running
 * anything, so make check catches a lesson whose knobs make a run flash by
 * or drag.  Each demo's cost hook (in its demo-NAME.c) knows its schedule:
 * how many rounds of waits, how much computation on how many cores.
 *
 * Most knobs are already in milliseconds (--work is calibrated computation,
 * --delay a real wait), so most estimates hold on any machine.  What is not
 * (a counter increment, a trial division, a GIL hand-off) is priced in
 * constants measured on the reference machine (2 cores, x86-64, Linux),
 * below and in the demo files; `make bench` prints each course step's real
 * run length next to its estimate, so a drift shows.
 *
 * Slow motion stretches everything alike (work.c, gil.c): the estimates
 * multiply computation and waits by the pace, and leave the fixed costs
 * (system calls, process start) as they are.
 */
#include "config.h"

#include "demo.h"

/* One work_bytecode() unit: 32 dependent xorshift rounds, about 56 ns. */
const double cost_unit_ns = 56.0;

double
cost_spread(int tasks, int workers, double task_ms, int ncores, int cpu)
{
	int lanes = workers < tasks ? workers : tasks;
	double rounds;

	if (lanes < 1)
		lanes = 1;
	rounds = (double)((tasks + lanes - 1) / lanes);
	if (cpu && ncores < lanes) {
		/* More computing workers than cores: they share the cores. */
		double shared = (double)tasks * task_ms / ncores;

		return shared > rounds * task_ms ? shared : rounds * task_ms;
	}
	return rounds * task_ms;
}

int
cost_parallel_cpu(const struct knobs *k, int takes_gil)
{
	int model = k->v[KNOB_MODEL];

	return model == MODEL_PROCESS ||
	    (model == MODEL_THREAD && (!takes_gil || k->v[KNOB_GIL] == OFF));
}

double
demo_cost(const struct demo *d, const struct knobs *k, int baseline, int ncores,
    int *startup)
{
	double ms;

	*startup = 0;
	if (d->cost == NULL)
		return -1;
	if (ncores < 1)
		ncores = 1;
	ms = d->cost(k, ncores, startup);
	if (baseline && k->v[KNOB_MODEL] != MODEL_SEQUENTIAL &&
	    (d->models & MODEL_BIT(MODEL_SEQUENTIAL))) {
		struct knobs b = *k;
		int ignored;

		b.v[KNOB_MODEL] = MODEL_SEQUENTIAL;
		ms += d->cost(&b, ncores, &ignored);
	}
	return ms;
}
