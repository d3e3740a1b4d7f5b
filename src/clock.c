/*
 * clock.c — now_ns(): the one clock every timestamp comes from, cheap
 * enough to stamp every event a worker emits.
 *
 * clock_gettime(CLOCK_MONOTONIC) costs 20–40 ns on a virtual machine,
 * more than the uncontended mutex pair a trace event sits beside.  Where
 * the CPU has an invariant TSC (CPUID 0x80000007 EDX bit 8: it ticks at a
 * constant rate in every power state) and the kernel itself trusts it as
 * its clocksource (so the TSCs of all CPUs are in step), now_ns() reads
 * the TSC instead and scales it, as Tracy and the kernel's vDSO do.  It
 * reads it with rdtscp, which waits for the loads before it: plain rdtsc
 * may run ahead of a load that saw another thread's store and so stamp an
 * event earlier than the event that caused it (check_clock caught that).
 *
 *     ns = mono0 + ((tsc - tsc0) * mult) >> 32
 *
 * (tsc0, mono0) and mult are fixed once, by a calibration of about 2 ms
 * against CLOCK_MONOTONIC in clock_init() (trace_new() calls it, so every
 * run has it; before it, now_ns() reads clock_gettime): each end is the clock_gettime()
 * read bracketed by the two closest TSC reads of a few tries.  The
 * multiply is 64 × 64 → 128 bits, so it never overflows.  now_ns() is
 * inline (util.h): one load, rdtscp, one multiply — no call, no lock.
 *
 * Monotonic across CPUs: the TSCs are synchronised (the kernel checked
 * before choosing it).  Across processes: the calibration happens before
 * the engine forks (in trace_new()), and children inherit the
 * same constants, so every process maps a TSC value to the same
 * nanosecond.  Elsewhere — no invariant TSC, another clocksource, not
 * x86, or LOCKSTEP_CLOCK=monotonic in the environment — now_ns() is plain
 * clock_gettime(CLOCK_MONOTONIC).  Either way it counts from the same
 * origin as CLOCK_MONOTONIC, to within the calibration's error (about
 * 1e-4 of the time since it), so deadlines built with deadline_in() and
 * times read here agree.
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

#ifdef LS_HAVE_TSC
#include <cpuid.h>
#endif

#define CALIBRATE_NS 2000000u	/* the calibration's span */
#define PAIR_TRIES 5		/* TSC-bracketed clock reads per end */

struct ls_clock ls_clock;
static pthread_once_t clock_once = PTHREAD_ONCE_INIT;

uint64_t
clock_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#ifdef LS_HAVE_TSC
/* Does the kernel keep time with the TSC?  If the file cannot be read,
 * trust the CPU's word alone. */
static int
kernel_trusts_tsc(void)
{
	FILE *f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");
	char buf[32] = "";
	int ok;

	if (f == NULL)
		return 1;
	ok = fgets(buf, sizeof buf, f) != NULL && strncmp(buf, "tsc", 3) == 0 &&
	    (buf[3] == '\n' || buf[3] == '\0');
	fclose(f);
	return ok;
}

/* An invariant TSC, and rdtscp to read it in order. */
static int
cpu_has_invariant_tsc(void)
{
	unsigned int a, b, c, d;

	if (__get_cpuid(0x80000000u, &a, &b, &c, &d) == 0 || a < 0x80000007u)
		return 0;
	__get_cpuid(0x80000001u, &a, &b, &c, &d);
	if (!((d >> 27) & 1))
		return 0;
	__get_cpuid(0x80000007u, &a, &b, &c, &d);
	return (d >> 8) & 1;
}

/* One (tsc, mono) pair: the clock read whose bracketing TSC reads are
 * closest together, the TSC taken at the middle. */
static void
read_pair(uint64_t *tsc, uint64_t *mono)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < PAIR_TRIES; i++) {
		unsigned int cpu;
		uint64_t a = __builtin_ia32_rdtscp(&cpu), m = clock_mono_ns();
		uint64_t b = __builtin_ia32_rdtscp(&cpu);

		if (b - a < best) {
			best = b - a;
			*tsc = a + (b - a) / 2;
			*mono = m;
		}
	}
}

static void
calibrate(void)
{
	uint64_t tsc0, mono0, t1, m1, mult;
	const char *env = getenv("LOCKSTEP_CLOCK");

	if (env != NULL && strcmp(env, "monotonic") == 0)
		return;
	if (!cpu_has_invariant_tsc() || !kernel_trusts_tsc())
		return;
	read_pair(&tsc0, &mono0);
	do
		read_pair(&t1, &m1);
	while (m1 - mono0 < CALIBRATE_NS);
	if (t1 <= tsc0)
		return;
	mult = (uint64_t)((((unsigned __int128)(m1 - mono0)) << 32) / (t1 - tsc0));
	if (mult == 0)
		return;
	/* Anchor at the later pair: the value at hand-over is exact. */
	ls_clock.tsc0 = t1;
	ls_clock.mono0 = m1;
	ls_clock.mult = mult;
	atomic_store_explicit(&ls_clock.use_tsc, 1, memory_order_release);
}
#else
static void
calibrate(void)
{
}
#endif

void
clock_init(void)
{
	pthread_once(&clock_once, calibrate);
}

const char *
clock_source(void)
{
	return atomic_load(&ls_clock.use_tsc) ? "tsc" : "clock_gettime";
}
