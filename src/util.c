/*
 * util.c — allocation, fatal errors, time.
 *
 * fatal() and fatalx() run the fatal hook first: the UI sets it to
 * term_done() so that no error message is ever printed into a terminal
 * still in curses mode (htop's CRT_done, tmux's fatal()).  Only the UI
 * thread may touch the terminal, so another thread's fatal error is
 * handed to it (fatal_pending); a fork()ed worker never runs the hook and
 * leaves with _exit().
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/futex.h>
#include <sys/syscall.h>
#endif

#include "util.h"

const char *ls_progname = "lockstep";

#define FATAL_HANDOVER_NS 5000000000u	/* then abort() */

static struct {
	void (*hook)(void), (*notify)(void);
	pthread_t thread;		/* the hook's */
	pid_t pid;			/* the process that set it */
	_Atomic int forked;		/* fatal_forked() was called */
	pthread_mutex_t mu;
	char message[512];		/* another thread's, for fatal_pending */
	_Atomic int pending;
} fatal_state = { .mu = PTHREAD_MUTEX_INITIALIZER };

void
fatal_hook_set(void (*hook)(void), void (*notify)(void))
{
	fatal_state.hook = hook;
	fatal_state.notify = notify;
	fatal_state.thread = pthread_self();
	fatal_state.pid = getpid();
}

void
fatal_forked(void)
{
	atomic_store(&fatal_state.forked, 1);
	fatal_state.hook = NULL;
}

/* Print msg on stderr; end the process as this thread may. */
LS_NORETURN static void
fatal_end(const char *msg)
{
	void (*hook)(void) = fatal_state.hook;

	if (atomic_load(&fatal_state.forked) ||
	    (fatal_state.pid != 0 && getpid() != fatal_state.pid)) {
		fputs(msg, stderr);
		fflush(stderr);
		_exit(1);
	}
	if (hook != NULL && !pthread_equal(pthread_self(), fatal_state.thread)) {
		uint64_t t0 = now_ns();

		pthread_mutex_lock(&fatal_state.mu);
		if (!atomic_load(&fatal_state.pending))
			xsnprintf(fatal_state.message, sizeof fatal_state.message, "%s", msg);
		atomic_store(&fatal_state.pending, 1);
		pthread_mutex_unlock(&fatal_state.mu);
		if (fatal_state.notify != NULL)
			fatal_state.notify();
		while (now_ns() - t0 < FATAL_HANDOVER_NS)
			sleep_ns(10000000);
		abort();
	}
	fatal_state.hook = NULL;	/* never twice, even if the hook fails */
	if (hook != NULL)
		hook();
	fputs(msg, stderr);
	exit(1);
}

void
fatal_pending(void)
{
	char msg[sizeof fatal_state.message];

	if (!atomic_load(&fatal_state.pending))
		return;
	pthread_mutex_lock(&fatal_state.mu);
	xsnprintf(msg, sizeof msg, "%s", fatal_state.message);
	pthread_mutex_unlock(&fatal_state.mu);
	fatal_end(msg);
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size == 0 ? 1 : size);

	if (p == NULL)
		fatalx("out of memory (%zu bytes)", size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		fatalx("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size == 0 ? 1 : size);

	if (q == NULL)
		fatalx("out of memory (%zu bytes)", size);
	return q;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		fatalx("out of memory (%zu x %zu bytes)", n, size);
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int
xasprintf(char **out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(out, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatalx("out of memory");
	return n;
}

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	char msg[512];
	size_t off;
	va_list ap;

	off = xsnprintf(msg, sizeof msg, "%s: ", ls_progname);
	va_start(ap, fmt);
	vsnprintf(msg + off, sizeof msg - off, fmt, ap);
	va_end(ap);
	off = strlen(msg);
	xsnprintf(msg + off, sizeof msg - off, ": %s\n", strerror(saved));
	fatal_end(msg);
}

void
fatalx(const char *fmt, ...)
{
	char msg[512];
	size_t off;
	va_list ap;

	off = xsnprintf(msg, sizeof msg, "%s: ", ls_progname);
	va_start(ap, fmt);
	vsnprintf(msg + off, sizeof msg - off, fmt, ap);
	va_end(ap);
	off = strlen(msg);
	xsnprintf(msg + off, sizeof msg - off, "\n");
	fatal_end(msg);
}

void
warnx_ls(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ls_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void *
shared_map(size_t len, int *fd)
{
	void *p;

	if (fd != NULL)
		*fd = -1;
#ifdef HAVE_MEMFD_CREATE
	if (fd != NULL && (*fd = memfd_create("lockstep-shared", MFD_CLOEXEC)) >= 0) {
		if (ftruncate(*fd, (off_t)len) != 0) {
			int e = errno;

			close(*fd);
			*fd = -1;
			errno = e;
			return MAP_FAILED;
		}
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, *fd, 0);
		if (p == MAP_FAILED) {
			int e = errno;

			close(*fd);
			*fd = -1;
			errno = e;
		}
		return p;
	}
#endif
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
}

uint64_t
thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void
deadline_in(struct timespec *ts, uint64_t ns)
{
	uint64_t t;

	clock_gettime(CLOCK_MONOTONIC, ts);
	t = (uint64_t)ts->tv_nsec + ns;
	ts->tv_sec += (time_t)(t / 1000000000u);
	ts->tv_nsec = (long)(t % 1000000000u);
}

void
sleep_ns(uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000u),
		.tv_nsec = (long)(ns % 1000000000u),
	};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Shared futexes (no FUTEX_PRIVATE_FLAG): process workers sleep on a
 * word of the run's shared block. */
void
word_sleep(_Atomic uint32_t *word, uint32_t seen, uint64_t ns)
{
#ifdef __linux__
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000u),
		.tv_nsec = (long)(ns % 1000000000u),
	};

	/* EINTR, EAGAIN (changed already): the caller looks again */
	(void)syscall(SYS_futex, word, FUTEX_WAIT, seen, &ts, NULL, 0);
#else
	(void)word;
	(void)seen;
	sleep_ns(ns);
#endif
}

void
word_wake(_Atomic uint32_t *word)
{
	atomic_fetch_add(word, 1);
#ifdef __linux__
	(void)syscall(SYS_futex, word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
#endif
}

size_t
xsnprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (len == 0)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)n >= len ? len - 1 : (size_t)n;
}

int
parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);	/* skips leading white space ... */
	if (end == s)
		return -1;		/* no digits */
	while (*end == ' ' || *end == '\t')
		end++;			/* ... and so do we, trailing */
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void
xmutex_init(pthread_mutex_t *m, int pshared)
{
	pthread_mutexattr_t ma;
	int rc;

	if ((rc = pthread_mutexattr_init(&ma)) != 0 ||
	    (rc = pthread_mutexattr_setpshared(&ma, pshared ? PTHREAD_PROCESS_SHARED :
	    PTHREAD_PROCESS_PRIVATE)) != 0 || (rc = pthread_mutex_init(m, &ma)) != 0)
		fatalx("cannot make a %s mutex: %s", pshared ? "process-shared" : "private",
		    strerror(rc));
	pthread_mutexattr_destroy(&ma);
}

void
xcond_init(pthread_cond_t *c, int pshared)
{
	pthread_condattr_t ca;
	int rc;

	if ((rc = pthread_condattr_init(&ca)) != 0 ||
	    (rc = pthread_condattr_setpshared(&ca, pshared ? PTHREAD_PROCESS_SHARED :
	    PTHREAD_PROCESS_PRIVATE)) != 0 ||
	    (rc = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC)) != 0 ||
	    (rc = pthread_cond_init(c, &ca)) != 0)
		fatalx("cannot make a %s condition: %s", pshared ? "process-shared" :
		    "private", strerror(rc));
	pthread_condattr_destroy(&ca);
}

const int util_ending_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM,
	SIGPROF, SIGXCPU, SIGIO, SIGPWR,
};
const size_t util_nending_signals = nitems(util_ending_signals);

void
catch_signals(void (*fn)(int), const int *sigs, size_t n)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < n; i++)
		xsigaction(sigs[i], &sa, NULL);
}

void
xsigaction(int sig, const struct sigaction *sa, struct sigaction *old)
{
	if (sigaction(sig, sa, old) != 0)
		fatal("sigaction %d", sig);
}

ssize_t
read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n == 0)
			return got == 0 ? 0 : -1;	/* EOF mid-message is an error */
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)n;
	}
	return (ssize_t)got;
}

const char *
util_file_kind_error(unsigned mode)
{
	if (S_ISDIR(mode))
		return "is a directory";
	if (S_ISFIFO(mode))
		return "is a FIFO (named pipe), not a regular file";
	if (S_ISSOCK(mode))
		return "is a socket, not a regular file";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "is a device, not a regular file";
	return "not a regular file";
}

int
write_full(int fd, const void *buf, size_t len)
{
	size_t put = 0;

	while (put < len) {
		ssize_t n = write(fd, (const char *)buf + put, len - put);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		put += (size_t)n;
	}
	return 0;
}
