/*
 * overhead.h — the cost of watching, measured while a run goes: the trace
 * events per second the interface drains, the events the rings dropped,
 * and the CPU the interface's own thread (drawing and draining: lockstep's
 * collector) takes, as a share of one core.  The lesson player shows them
 * on its status line, so a teacher can say what the watching costs.
 *
 * No curses and no clock of its own: the caller passes the times, so the
 * figures are tested with made-up ones.
 */
#ifndef LOCKSTEP_OVERHEAD_H
#define LOCKSTEP_OVERHEAD_H

#include <stddef.h>
#include <stdint.h>

#define OVERHEAD_WINDOW_NS 500000000u	/* the figures cover the last 0.5 s */

struct overhead {
	uint64_t t0, cpu0;	/* wall and thread-CPU ns at the window's start */
	uint64_t events;	/* events drained in this window */
	int have;		/* the figures below cover one window at least */
	double ev_per_s;	/* events drained per second */
	double cpu_pct;		/* the interface thread's CPU, % of one core */
	uint64_t dropped;	/* events the run's rings dropped, all of it */
};

/* The three figures as text, ready for the status line. */
struct overhead_text {
	char rate[24];		/* "8.2k events/s" */
	char drops[24];		/* "12 dropped", "" when none were */
	char cpu[24];		/* "UI 2.4% CPU" */
	int gap;		/* blanks between two of them */
	int width;		/* columns the whole takes, gaps included */
};

/* A run starts now (wall ns), the calling thread having used cpu ns. */
void overhead_start(struct overhead *o, uint64_t now, uint64_t cpu);
/* n more events were drained. */
void overhead_count(struct overhead *o, size_t n);
/* Once a frame: the wall and thread-CPU ns now, and the run's drops so
 * far.  Closes the window when it is OVERHEAD_WINDOW_NS old; returns 1 when
 * the figures changed. */
int overhead_sample(struct overhead *o, uint64_t now, uint64_t cpu, uint64_t dropped);
/* The figures in at most width columns, shortened as needed ("8.2k ev/s",
 * then "8.2k/s"); 0, or -1 when there are none yet or they cannot fit. */
int overhead_format(const struct overhead *o, int width, struct overhead_text *out);

#endif
