/*
 * interp.c — what makes a worker cost what a Python one costs.
 *
 * lockstep models multiprocessing's "fork" start method (the default on
 * Linux up to Python 3.13).  A forked CPython child is not a small C
 * process: fork() copies the page tables of a whole interpreter, the child
 * writes to pages all over the inherited heap (reference counts, the
 * thread and import state reinitialised after fork, multiprocessing's
 * bootstrap), and its exit tears the interpreter's address space down.
 * The figures below were measured on CPython 3.11 with multiprocessing
 * imported (bench/py-startup.py; getrusage of 30 children):
 *
 *  - INTERP_HEAP_BYTES: the parent's resident set, about 15 MiB.  The
 *    first process run maps that much and writes every page, so each
 *    fork() copies the page tables of an interpreter-sized heap.  Threads
 *    and coroutines never pay for it (the heap is only made for processes).
 *  - INTERP_CHILD_PAGES: the minor page faults of one child, about 390.
 *    interp_child_boot() writes one word in that many pages spread over
 *    the inherited heap: copy-on-write faults, as Python's start-up makes.
 *
 * The child then exits with _exit(), as multiprocessing's forked child
 * does (os._exit after _bootstrap), and the kernel unmaps the heap.
 *
 * "spawn" and "forkserver" (the default from 3.14) start a fresh
 * interpreter instead (spawn.c execs a fresh lockstep for it), whose
 * start-up is interp_fresh_boot(): INTERP_FRESH_PAGES of heap written
 * anew (faults on fresh pages, not copies) and INTERP_FRESH_CPU_MS of
 * calibrated computation, so that with the exec the whole costs what a
 * spawned CPython child spends before its target runs: its start-up, the
 * imports of multiprocessing and of the main module, the unpickling of
 * the Process (getrusage inside the target of spawned CPython 3.11
 * children: 50 ms of CPU, 2664-2729 minor faults; lockstep's exec and
 * pages take 6 of those ms).  A fork server's children are forked from
 * that small fresh server and pay interp_served_boot(): 1010 pages of its
 * heap copied, 1.5 ms of CPU besides (measured the same way with 30
 * children started at once: 3.9-4.5 ms, 1010 faults; the copies alone
 * take lockstep 2.7 ms).  A spawned child ends with sys.exit(), which
 * finalises its interpreter: INTERP_FRESH_EXIT_CPU_MS more (its whole
 * CPU, 60 ms, less the 50 spent before the target); forked children, the
 * fork server's too, end with os._exit() and pay nothing.
 *
 * lockstep is no interpreter, so the Python code around each start is
 * modelled as calibrated computation (work_spin_ms) of the length that
 * code takes in CPython 3.11 on this VM, less what lockstep's C already
 * spends on the same step (its clone(), fork(), pipes and GIL hand-off
 * are real).  Measured with thread_time() and getrusage():
 *
 *  - INTERP_PROCESS_START_US: Process() and start() in the parent,
 *    0.62-0.67 ms of CPU per fork start, against lockstep's 0.34-0.42 ms.
 *  - INTERP_THREAD_BOOT_US: a new thread's _bootstrap up to _started.set(),
 *    26-42 µs of CPU (time.thread_time() at the target's start), run
 *    under the GIL while Thread.start() waits.  Without it a lockstep
 *    thread started in 48 µs against CPython's 88.
 *  - INTERP_LOOP_US: asyncio.run() around a coroutine that returns at
 *    once, 450 µs of CPU, against 200 µs for lockstep's loop.
 *  - INTERP_TASK_US: each further task of a gather(), 5.7 µs, against
 *    lockstep's 1.8 µs per coroutine.
 */
#include "config.h"

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "engine.h"
#include "interp.h"
#include "knob.h"
#include "util.h"


static unsigned char *heap;
static size_t heap_len, page;
static int fresh;	/* this process is a spawned interpreter */

const char *
interp_start_method(int start)
{
	static const char *const names[] = {
		[START_FORK] = "fork", [START_SPAWN] = "spawn",
		[START_FORKSERVER] = "forkserver",
	};

	return start >= START_FORK && start <= START_FORKSERVER ? names[start] : "?";
}

/* Map a heap of len bytes and write every page of it, once. */
static void
heap_make(size_t len)
{
	void *p;

	if (heap != NULL)
		return;
	page = (size_t)sysconf(_SC_PAGESIZE);
	heap_len = len;
	p = mmap(NULL, heap_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED)
		fatal("mmap interpreter heap (%zu bytes)", heap_len);
	heap = p;
#ifdef MADV_NOHUGEPAGE
	/* CPython's arenas are 1 MiB mappings: small pages, as here */
	(void)madvise(p, heap_len, MADV_NOHUGEPAGE);
#endif
	for (size_t off = 0; off < heap_len; off += page)
		heap[off] = 1;	/* resident, so fork copies its page tables */
}

void
interp_heap_prepare(void)
{
	heap_make(INTERP_HEAP_BYTES);
}

size_t
interp_heap_size(void)
{
	return heap != NULL ? heap_len : 0;
}

/* Write one word in n pages spread over the inherited heap: a reference
 * count goes up, the page is copied.  Returns the pages written. */
static unsigned
heap_copy_pages(unsigned n)
{
	size_t pages, stride;
	unsigned touched = 0;

	if (heap == NULL)
		return 0;
	pages = heap_len / page;
	stride = pages / n;
	if (stride == 0)
		stride = 1;
	for (size_t k = 0; k < pages && touched < n; k += stride) {
		((volatile unsigned char *)heap)[k * page + 8]++;
		touched++;
	}
	return touched;
}

unsigned
interp_child_boot(void)
{
	return heap_copy_pages(INTERP_CHILD_PAGES);
}

unsigned
interp_fresh_boot(void)
{
	heap_make((size_t)INTERP_FRESH_PAGES * (size_t)sysconf(_SC_PAGESIZE));
	work_spin_ms(INTERP_FRESH_CPU_MS);
	fresh = 1;
	return (unsigned)(heap_len / page);
}

unsigned
interp_served_boot(void)
{
	unsigned n = heap_copy_pages(INTERP_SERVED_PAGES);

	work_spin_ms(INTERP_SERVED_CPU_MS);
	fresh = 0;	/* forked off the server: os._exit() */
	return n;
}

void
interp_exit(void)
{
	if (fresh)
		work_spin_ms(INTERP_FRESH_EXIT_CPU_MS);
}

void
interp_process_start(void)
{
	work_spin_ms(INTERP_PROCESS_START_US / 1000.0);
}

void
interp_thread_boot(void)
{
	work_spin_ms(INTERP_THREAD_BOOT_US / 1000.0);
}

void
interp_loop_boot(void)
{
	work_spin_ms(INTERP_LOOP_US / 1000.0);
}

void
interp_task_boot(void)
{
	work_spin_ms(INTERP_TASK_US / 1000.0);
}
