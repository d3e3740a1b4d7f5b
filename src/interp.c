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
 * start-up is interp_fresh_boot(): the interpreter's heap written anew
 * (page faults on fresh pages, not copies) and INTERP_BOOT_CPU_MS of
 * calibrated computation for what CPython's start-up, its imports of
 * multiprocessing and the main module and the unpickling of the Process
 * compute (user CPU time of spawned CPython 3.11 children, getrusage,
 * bench/py-startup.py).  A forkserver's workers are forked from that
 * fresh server, so they pay interp_child_boot() over its heap.
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

void
interp_heap_prepare(void)
{
	void *p;

	if (heap != NULL)
		return;
	page = (size_t)sysconf(_SC_PAGESIZE);
	heap_len = INTERP_HEAP_BYTES;
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

size_t
interp_heap_size(void)
{
	return heap != NULL ? heap_len : 0;
}

unsigned
interp_child_boot(void)
{
	size_t pages, stride;
	unsigned touched = 0;

	if (heap == NULL)
		return 0;
	pages = heap_len / page;
	stride = pages / INTERP_CHILD_PAGES;
	if (stride == 0)
		stride = 1;
	for (size_t k = 0; k < pages && touched < INTERP_CHILD_PAGES; k += stride) {
		/* a reference count goes up: the page is copied */
		((volatile unsigned char *)heap)[k * page + 8]++;
		touched++;
	}
	return touched;
}

unsigned
interp_fresh_boot(void)
{
	interp_heap_prepare();
	work_spin_ms(INTERP_BOOT_CPU_MS);
	return (unsigned)(heap_len / page);
}
