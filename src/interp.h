/*
 * interp.h — the cost of a forked Python interpreter, for process workers
 * (see interp.c).
 */
#ifndef LOCKSTEP_INTERP_H
#define LOCKSTEP_INTERP_H

#include <stddef.h>

#define INTERP_HEAP_BYTES (15u << 20)	/* a CPython 3.11 parent's RSS */
#define INTERP_CHILD_PAGES 390u		/* a forked child's page faults */

#define INTERP_BOOT_CPU_MS 40	/* a fresh CPython's start-up, CPU time */

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
 * an interpreter-sized heap written anew and INTERP_BOOT_CPU_MS of CPU;
 * returns the pages written. */
unsigned interp_fresh_boot(void);

#endif
