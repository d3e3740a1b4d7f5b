/*
 * interp.h — the cost of a forked Python interpreter, for process workers
 * (see interp.c).
 */
#ifndef LOCKSTEP_INTERP_H
#define LOCKSTEP_INTERP_H

#include <stddef.h>

#define INTERP_HEAP_BYTES (15u << 20)	/* a CPython 3.11 parent's RSS */
#define INTERP_CHILD_PAGES 390u		/* a forked child's page faults */

/* A fresh interpreter (spawn's child, the fork server), and a child of
 * the fork server, up to the target: pages it writes and CPU beyond them
 * (CPython 3.11 on this VM: 2372 faults and 42 ms of CPU; 1010 and 6 ms). */
#define INTERP_FRESH_PAGES 2370u
#define INTERP_FRESH_CPU_MS 30
#define INTERP_SERVED_PAGES 1010u
#define INTERP_SERVED_CPU_MS 4

/* The start method's name (enum start_method): "fork", "spawn"... */
const char *interp_start_method(int start);
/* In the parent, before forking workers: map and touch an
 * interpreter-sized heap once (later calls do nothing). */
void interp_heap_prepare(void);
/* Bytes of that heap (0 before interp_heap_prepare). */
size_t interp_heap_size(void);
/* In a forked child: write to the pages a Python child's start-up writes
 * to (copy-on-write faults); returns how many pages it wrote. */
unsigned interp_child_boot(void);
/* In a fresh (exec'd) process: what a fresh interpreter's start-up costs,
 * INTERP_FRESH_PAGES of heap written anew and INTERP_FRESH_CPU_MS of CPU;
 * returns the pages written. */
unsigned interp_fresh_boot(void);
/* In a child of the fork server (whose heap interp_fresh_boot made): a
 * copy of INTERP_SERVED_PAGES of it, and INTERP_SERVED_CPU_MS of CPU
 * (the Process object unpickled, the main module imported again). */
unsigned interp_served_boot(void);

#endif
