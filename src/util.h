/*
 * util.h — the basics every module leans on: allocation that never returns
 * NULL, fatal errors that restore the terminal first, monotonic time, and
 * small string helpers.
 */
#ifndef LOCKSTEP_UTIL_H
#define LOCKSTEP_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define LS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define LS_NORETURN __attribute__((noreturn))
#define nitems(a) (sizeof(a) / sizeof((a)[0]))

/* The program's name for messages ("lockstep"). */
extern const char *ls_progname;

/* Called by fatal() before it prints, so the UI can restore the terminal. */
extern void (*ls_fatal_hook)(void);

/* Allocate or die. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
int xasprintf(char **out, const char *fmt, ...) LS_PRINTF(2, 3);

/* Print "lockstep: message: strerror(errno)" and exit 1. */
void fatal(const char *fmt, ...) LS_PRINTF(1, 2) LS_NORETURN;
/* Print "lockstep: message" and exit 1. */
void fatalx(const char *fmt, ...) LS_PRINTF(1, 2) LS_NORETURN;
/* Print "lockstep: message" to stderr and carry on. */
void warnx_ls(const char *fmt, ...) LS_PRINTF(1, 2);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t now_ns(void);
/* This thread's CPU time in nanoseconds. */
uint64_t thread_cpu_ns(void);
/* ts = CLOCK_MONOTONIC now + ns: an absolute deadline for timed waits on
 * conditions created with pthread_condattr_setclock(CLOCK_MONOTONIC). */
struct timespec;
void deadline_in(struct timespec *ts, uint64_t ns);
/* Sleep for ns nanoseconds, resuming after signals. */
void sleep_ns(uint64_t ns);

/* snprintf that always terminates and returns what it wrote (clamped). */
size_t xsnprintf(char *buf, size_t len, const char *fmt, ...) LS_PRINTF(3, 4);
/* Parse a whole decimal integer in [min, max]; 0 on success, -1 if not. */
int parse_int(const char *s, long min, long max, long *out);
/* Catch each of the n signals in sigs with fn (no SA_RESTART, empty mask). */
void catch_signals(void (*fn)(int), const int *sigs, size_t n);
/* Read exactly len bytes (retrying on EINTR); len, 0 at EOF, or -1. */
ssize_t read_full(int fd, void *buf, size_t len);
/* Why a file of this st_mode is refused where a regular file is wanted. */
const char *util_file_kind_error(unsigned mode);
/* Write all len bytes; 0, or -1 with errno. */
int write_full(int fd, const void *buf, size_t len);
/* True if s starts with prefix. */
int starts_with(const char *s, const char *prefix);

#endif
