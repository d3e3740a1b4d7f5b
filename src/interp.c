/*
 * interp.c — what makes a process worker cost what a Python one costs.
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
 * children: 42 ms of CPU, 2372 minor faults).  A fork server's children
 * are forked from that small fresh server and pay interp_served_boot():
 * 1010 pages of its heap copied, 4 ms of CPU (measured the same way:
 * 6 ms, 1010 faults).
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
	return (unsigned)(heap_len / page);
}

unsigned
interp_served_boot(void)
{
	unsigned n = heap_copy_pages(INTERP_SERVED_PAGES);

	work_spin_ms(INTERP_SERVED_CPU_MS);
	return n;
}
