/*
 * util.h — the basics every module leans on: allocation that never returns
 * NULL, fatal errors that restore the terminal first, monotonic time, and
 * small string helpers.
 */
#ifndef LOCKSTEP_UTIL_H
#define LOCKSTEP_UTIL_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#define LS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define LS_NORETURN __attribute__((noreturn))
#define nitems(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__x86_64__)
#define LS_HAVE_TSC 1		/* now_ns() may read the TSC (clock.c) */
#endif

/* The program's name for messages ("lockstep"). */
extern const char *ls_progname;

/*
 * fatal() and fatalx() on the thread that set the hook run it first (the
 * UI: term_done, so no message lands in a curses screen).  On any other
 * thread they never touch the terminal: they hand their message over,
 * call notify (which wakes the hook's thread) and wait for that thread to
 * end the process in fatal_pending(); if it does not within a few
 * seconds, they abort() (the crash handler restores the terminal).
 */
void fatal_hook_set(void (*hook)(void), void (*notify)(void));
/* On the hook's thread: if another thread failed fatally, run the hook,
 * print that thread's message and exit(1); else return. */
void fatal_pending(void);
/* This process is a fork()ed worker: fatal() never runs the hook and
 * leaves with _exit(), never running lockstep's exit handlers. */
void fatal_forked(void);

/* Allocate or die. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
/* A mutex, and a condition on CLOCK_MONOTONIC, usable across fork()ed
 * processes when pshared: fatal if the system refuses an attribute (a
 * mutex silently not shared would not exclude anyone). */
void xmutex_init(pthread_mutex_t *m, int pshared);
void xcond_init(pthread_cond_t *c, int pshared);
char *xstrndup(const char *s, size_t n);
int xasprintf(char **out, const char *fmt, ...) LS_PRINTF(2, 3);

/* Print "lockstep: message: strerror(errno)" and exit 1. */
void fatal(const char *fmt, ...) LS_PRINTF(1, 2) LS_NORETURN;
/* Print "lockstep: message" and exit 1. */
void fatalx(const char *fmt, ...) LS_PRINTF(1, 2) LS_NORETURN;
/* Print "lockstep: message" to stderr and carry on. */
void warnx_ls(const char *fmt, ...) LS_PRINTF(1, 2);

/* Calibrate now_ns() against CLOCK_MONOTONIC (before forking); later
 * calls do nothing. */
void clock_init(void);
/* What now_ns() reads: "tsc" or "clock_gettime". */
const char *clock_source(void);
/* clock_gettime(CLOCK_MONOTONIC) in nanoseconds. */
uint64_t clock_mono_ns(void);

/* now_ns()'s calibration (clock.c); read-only after clock_init(). */
struct ls_clock {
	_Atomic int use_tsc;
	uint64_t tsc0, mono0, mult;	/* ns = mono0 + (tsc - tsc0) * mult >> 32 */
};
extern struct ls_clock ls_clock;

/* A TSC value as CLOCK_MONOTONIC nanoseconds (calibrated: use_tsc set). */
static inline uint64_t
clock_tsc_ns(uint64_t tsc)
{
	uint64_t d = tsc - ls_clock.tsc0;

	/* a TSC read racing the anchor's may be a few ticks behind */
	if ((int64_t)d < 0)
		return ls_clock.mono0;
	return ls_clock.mono0 + (uint64_t)(((unsigned __int128)d * ls_clock.mult) >> 32);
}

#ifdef LS_HAVE_TSC
/* The TSC, read in order: rdtscp, not rdtsc, waits for earlier loads, so a
 * stamp taken after seeing another thread's store is later than the stamp
 * that thread took before it (plain rdtsc is twice as cheap here and got
 * that wrong in 3 of 200000 hand-overs between two CPUs). */
static inline uint64_t
clock_tsc_read(void)
{
	unsigned int cpu;

	return __builtin_ia32_rdtscp(&cpu);
}
#endif

/* CLOCK_MONOTONIC in nanoseconds, read through the calibrated TSC where
 * that is safe (clock.c). */
static inline uint64_t
now_ns(void)
{
#ifdef LS_HAVE_TSC
	if (atomic_load_explicit(&ls_clock.use_tsc, memory_order_acquire))
		return clock_tsc_ns(clock_tsc_read());
#endif
	return clock_mono_ns();
}
/* A zeroed MAP_SHARED mapping of len bytes, shared with fork()ed children.
 * With fd non-NULL it is a memfd's (close-on-exec) and *fd keeps it open, so
 * a process exec'd later can map the same memory; -1 there when memfds are
 * unavailable (then it is anonymous).  MAP_FAILED with errno on failure. */
void *shared_map(size_t len, int *fd);
/* This thread's CPU time in nanoseconds. */
uint64_t thread_cpu_ns(void);
/* ts = CLOCK_MONOTONIC now + ns: an absolute deadline for timed waits on
 * conditions created with pthread_condattr_setclock(CLOCK_MONOTONIC). */
struct timespec;
void deadline_in(struct timespec *ts, uint64_t ns);
/* Sleep for ns nanoseconds, resuming after signals. */
void sleep_ns(uint64_t ns);
/* Sleep up to ns nanoseconds, or until *word no longer holds seen and
 * word_wake() was called on it, from any thread or any process sharing
 * the mapping (a futex on Linux; elsewhere the sleep just runs out). */
void word_sleep(_Atomic uint32_t *word, uint32_t seen, uint64_t ns);
/* Change *word and wake everyone in word_sleep() on it. */
void word_wake(_Atomic uint32_t *word);

/* snprintf that always terminates and returns what it wrote (clamped). */
size_t xsnprintf(char *buf, size_t len, const char *fmt, ...) LS_PRINTF(3, 4);
/* Parse a whole decimal integer in [min, max], white space allowed on
 * either side; 0 on success, -1 if not. */
int parse_int(const char *s, long min, long max, long *out);
/* The signals whose default action ends the process and that come from
 * outside (kill, Ctrl-C, Ctrl-\\, a CPU limit), SIGPIPE and SIGXFSZ aside:
 * lockstep catches them all to clean up before it exits. */
extern const int util_ending_signals[];
extern const size_t util_nending_signals;
/* Catch each of the n signals in sigs with fn (no SA_RESTART, empty mask). */
void catch_signals(void (*fn)(int), const int *sigs, size_t n);
/* sigaction(), fatal if it fails (a handler silently missing would leave
 * the terminal broken on that signal). */
void xsigaction(int sig, const struct sigaction *sa, struct sigaction *old);
/* Read exactly len bytes (retrying on EINTR); len, 0 at EOF, or -1. */
ssize_t read_full(int fd, void *buf, size_t len);
/* Why a file of this st_mode is refused where a regular file is wanted. */
const char *util_file_kind_error(unsigned mode);
/* Write all len bytes; 0, or -1 with errno. */
int write_full(int fd, const void *buf, size_t len);

#endif
