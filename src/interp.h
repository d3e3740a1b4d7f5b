/*
 * interp.h — what CPython's own code costs where lockstep has none: the
 * start of a thread, a process or an event loop (see interp.c).
 */
#ifndef LOCKSTEP_INTERP_H
#define LOCKSTEP_INTERP_H

#include <stddef.h>

#define INTERP_HEAP_BYTES (15u << 20)	/* a CPython 3.11 parent's RSS */
#define INTERP_CHILD_PAGES 390u		/* a forked child's page faults */

/* A fresh interpreter (spawn's child, the fork server), and a child of
 * the fork server, up to the target: pages it writes and CPU beyond them
 * (CPython 3.11 on this VM: 2664-2729 faults and 50 ms of CPU; 1010 and
 * 3.9-4.5 ms, of which lockstep's copies of the pages take 2.7); and a
 * spawned child's exit, which finalises its interpreter (10 ms of CPU). */
#define INTERP_FRESH_PAGES 2370u
#define INTERP_FRESH_CPU_MS 44
#define INTERP_FRESH_EXIT_CPU_MS 10
#define INTERP_SERVED_PAGES 1010u
#define INTERP_SERVED_CPU_MS 1.5

/* Interpreter code around a start, in µs of CPU: Process() and start() in
 * the parent; a new thread's bootstrap up to Thread.start()'s return;
 * asyncio.run's own set-up and shut-down; create_task() and a task's
 * first step.  Each is what CPython 3.11 spends there on this VM less what
 * lockstep's C already spends on the same step (interp.c). */
#define INTERP_PROCESS_START_US 250
#define INTERP_THREAD_BOOT_US 40
#define INTERP_LOOP_US 250
#define INTERP_TASK_US 4

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
/* In a process worker about to _exit(): a spawned child's finalisation
 * (nothing for a forked one, which ends with os._exit()). */
void interp_exit(void);
/* The parent's Process() and start(), before it forks or asks the server. */
void interp_process_start(void);
/* In a new thread, holding the GIL if there is one, before Thread.start()
 * returns. */
void interp_thread_boot(void);
/* On the loop thread: asyncio.run's set-up (once), create_task (each). */
void interp_loop_boot(void);
void interp_task_boot(void);

#endif
