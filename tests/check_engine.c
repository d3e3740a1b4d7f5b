/* check_engine.c — runs of the real demos: each result's invariants, per
 * model; stopping; the step gate.  The "demos" tcase asserts counts and
 * the order of events, never durations, so a loaded machine passes it;
 * durations (with 10x margins) are in the "timing" tcase, run only with
 * LOCKSTEP_TIMING=1. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "demo.h"
#include "engine.h"
#include "suites.h"
#include "trace-chrome.h"
#include "util.h"

static void
discard(const struct event *e, void *arg)
{
	(void)e;
	(*(size_t *)arg)++;
}

/* Start demo name with "knob", "value" settings, the step gate on from
 * the start if stepped; the run is the caller's. */
static struct run *
start_gated(const char *name, int stepped, const char *const *settings)
{
	const struct demo *d = demo_find(name);
	struct knobs k = { 0 };
	char err[256];
	struct run *r;

	ck_assert_ptr_nonnull(d);
	for (int i = 0; settings[i] != NULL; i += 2) {
		int id = knob_find(settings[i]), v;

		ck_assert_int_ge(id, 0);
		ck_assert_int_eq(knob_parse(id, settings[i + 1], &v, err, sizeof err), 0);
		knobs_set(&k, id, v);
	}
	r = stepped ? run_start_stepped(d, &k, NULL, err, sizeof err) :
	    run_start(d, &k, err, sizeof err);
	ck_assert_msg(r != NULL, "%s", err);
	return r;
}

static struct run *
start_named(const char *name, const char *const *settings)
{
	return start_gated(name, 0, settings);
}

/* Run demo name with "knob", "value" settings to the end; fill res. */
static void
run_named(const char *name, struct result *res, const char *const *settings)
{
	struct run *r = start_named(name, settings);
	size_t events = 0;

	while (!run_finished(r)) {
		run_drain(r, discard, &events);
		sleep_ns(1000000);
	}
	run_wait(r, res);
	run_free(r);
	ck_assert_msg(res->error[0] == '\0', "%s: %s", name, res->error);
}

static double
m(const struct result *res, const char *name)
{
	for (int i = 0; i < res->nmetrics; i++)
		if (strcmp(res->m[i].name, name) == 0)
			return res->m[i].value;
	ck_abort_msg("no metric %s", name);
	return 0;
}

/* Run as run_named does, keeping the events for the caller to free. */
static void
run_logged(const char *name, struct result *res, struct event_log *log,
    const char *const *settings)
{
	struct run *r = start_named(name, settings);

	while (!run_finished(r)) {
		run_drain(r, event_log_add, log);
		sleep_ns(1000000);
	}
	run_drain(r, event_log_add, log);
	run_wait(r, res);
	run_free(r);
	ck_assert_msg(res->error[0] == '\0', "%s: %s", name, res->error);
}

/* Sleeps on tracks first..last that began before the first of them ended:
 * 1 when they ran one after another, more when they overlapped. */
static int
sleeps_overlapping(const struct event_log *log, int first, int last)
{
	uint64_t end = UINT64_MAX;
	int n = 0;

	for (size_t i = 0; i < log->n; i++)
		if (log->ev[i].kind == EV_SLEEP_END && log->ev[i].track >= first &&
		    log->ev[i].track <= last && log->ev[i].t < end)
			end = log->ev[i].t;
	for (size_t i = 0; i < log->n; i++)
		n += log->ev[i].kind == EV_SLEEP_BEGIN && log->ev[i].track >= first &&
		    log->ev[i].track <= last && log->ev[i].t < end;
	return n;
}

/* Wait up to 60 s (a loaded machine is slow) until pred(r) holds. */
static int
wait_for(struct run *r, int (*pred)(struct run *))
{
	uint64_t t0 = now_ns();

	while (!pred(r) && !run_finished(r) && now_ns() - t0 < 60000000000ull)
		sleep_ns(1000000);
	return pred(r);
}

/*
 * A deadlock run that must deadlock, whatever the load: started with the
 * step gate on, each worker is let through until it holds its first lock
 * and is parked before asking for its second; then the gate goes off and
 * every one asks at once.  Timing cannot break the cycle (a worker slow to
 * start no longer lets its neighbour take both locks).  Coroutines need
 * no gate (and cannot use it so: a coroutine parked at the gate holds the
 * loop's one thread): the loop's FIFO runs each to its first lock and its
 * sleep before any wakes, whatever the load.  The knobs are settings[], as
 * for RUN; the result lands in res.
 */
static void
deadlock_in_step(struct result *res, const char *const *settings)
{
	int first[26] = { 0 }, n, at_second = 0;
	uint64_t t0 = now_ns();
	size_t events = 0;
	struct run *r = start_gated("deadlock", 1, settings);

	if (run_knobs(r)->v[KNOB_MODEL] == MODEL_COROUTINE) {
		run_free(r);
		run_named("deadlock", res, settings);
		return;
	}
	n = run_workers(r);
	ck_assert_int_le(n, (int)nitems(first));
	while (at_second < n) {
		at_second = 0;
		for (int i = 0; i < n; i++) {
			int kind, obj;

			if (!run_gate_parked(r, i, &kind, &obj))
				continue;
			if (kind == EV_LOCK_REQUEST && first[i])
				at_second++;	/* holds its first: stays */
			else if (run_gate_release(r, i) == 0 && kind == EV_LOCK_REQUEST)
				first[i] = 1;	/* goes to take its first */
		}
		run_drain(r, discard, &events);
		ck_assert_msg(!run_finished(r), "the run ended before its cycle formed");
		ck_assert_msg(now_ns() - t0 < 60000000000ull, "%d of %d workers at their "
		    "second lock after 60 s", at_second, n);
		sleep_ns(1000000);
	}
	run_gate_set(r, 0);
	while (!run_finished(r)) {
		run_drain(r, discard, &events);
		sleep_ns(1000000);
	}
	run_wait(r, res);
	run_free(r);
	ck_assert_msg(res->error[0] == '\0', "deadlock: %s", res->error);
}

#define RUN(name, res, ...) run_named(name, res, (const char *const[]){ __VA_ARGS__, NULL })
#define DEADLOCK_IN_STEP(res, ...) \
	deadlock_in_step(res, (const char *const[]){ __VA_ARGS__, NULL })
#define START(name, ...) start_named(name, (const char *const[]){ __VA_ARGS__, NULL })
#define START_STEPPED(name, ...) \
	start_gated(name, 1, (const char *const[]){ __VA_ARGS__, NULL })
#define RUN_LOGGED(name, res, log, ...) \
	run_logged(name, res, log, (const char *const[]){ __VA_ARGS__, NULL })

START_TEST(counter_with_the_lock_is_exact_in_every_model)
{
	static const char *const models[] = { "sequential", "thread", "process" };
	struct result res;

	for (size_t i = 0; i < nitems(models); i++) {
		RUN("counter", &res, "model", models[i], "lock", "on", "gil", "off",
		    "increments", "20000");
		ck_assert_double_eq(m(&res, "final"), m(&res, "expected"));
		ck_assert_double_eq(m(&res, "expected"), 80000);
	}
}
END_TEST

START_TEST(counter_without_lock_or_gil_loses_updates)
{
	struct result res;

	RUN("counter", &res, "model", "thread", "gil", "off", "lock", "off",
	    "workers", "4", "increments", "1000000");
	ck_assert_double_lt(m(&res, "final"), m(&res, "expected"));
	ck_assert_double_gt(m(&res, "lost"), 0);
}
END_TEST

START_TEST(processes_without_the_lock_lose_updates)
{
	struct result res;

	RUN("counter", &res, "model", "process", "lock", "off", "workers", "4",
	    "increments", "1000000");
	ck_assert_double_lt(m(&res, "final"), m(&res, "expected"));
}
END_TEST

START_TEST(gil_switches_only_between_increments)
{
	struct result res;

	/* Like CPython 3.10+: no drop request honoured mid "counter += 1". */
	RUN("counter", &res, "model", "thread", "gil", "on", "lock", "off",
	    "increments", "300000");
	ck_assert_double_eq(m(&res, "final"), m(&res, "expected"));
	/* ... but a sleep(0) between the read and the write loses updates. */
	RUN("counter", &res, "model", "thread", "gil", "on", "lock", "off",
	    "await-between", "on", "increments", "2000");
	ck_assert_double_lt(m(&res, "final"), m(&res, "expected"));
}
END_TEST

START_TEST(queue_loses_and_duplicates_nothing)
{
	static const char *const models[] = { "thread", "process" };
	struct result res;

	for (size_t i = 0; i < nitems(models); i++) {
		RUN("queue", &res, "model", models[i], "producers", "3", "consumers", "2",
		    "items", "300", "capacity", "2", "delay", "0", "work", "1");
		ck_assert_double_eq(m(&res, "produced"), 900);
		ck_assert_double_eq(m(&res, "consumed"), 900);
		ck_assert_double_eq(m(&res, "lost"), 0);
		ck_assert_double_eq(m(&res, "duplicated"), 0);
		ck_assert_double_le(m(&res, "max_depth"), 2);
	}
}
END_TEST

START_TEST(deadlock_is_detected_with_its_cycle)
{
	static const char *const models[] = { "thread", "process" };
	struct result res;

	for (size_t i = 0; i < nitems(models); i++) {
		DEADLOCK_IN_STEP(&res, "model", models[i], "order", "inconsistent",
		    "delay", "1", "hold", "0");
		ck_assert_int_eq(res.end, RUN_DEADLOCKED);
		ck_assert_ptr_nonnull(strstr(res.broken, "lockstep broke it"));
		ck_assert_double_eq(m(&res, "deadlocked"), 1);
		ck_assert_double_eq(m(&res, "cycle_length"), 2);
		ck_assert_int_eq(res.ncycle, 4);
		ck_assert_ptr_nonnull(strstr(res.cycle[1], "lock-"));
		ck_assert_ptr_nonnull(strstr(res.cycle[0], models[i]));
	}
}
END_TEST

/* A ring of n philosophers: the whole cycle is reported, each worker once,
 * each waiting for the lock the next one holds. */
static void
assert_ring(const char *model, int n)
{
	struct result res;
	char workers[8], want[32];

	snprintf(workers, sizeof workers, "%d", n);
	DEADLOCK_IN_STEP(&res, "model", model, "workers", workers, "delay", "1",
	    "hold", "0");
	ck_assert_double_eq(m(&res, "deadlocked"), 1);
	ck_assert_double_eq(m(&res, "cycle_length"), n);
	ck_assert_int_eq(res.ncycle, 2 * n);
	for (int i = 0; i < n; i++) {
		int w = atoi(strchr(res.cycle[2 * i], '-') + 1);

		/* worker w holds lock w and waits for lock w + 1 */
		snprintf(want, sizeof want, "lock-%c", 'A' + (w + 1) % n);
		ck_assert_str_eq(res.cycle[2 * i + 1], want);
		if (i > 0)
			ck_assert_int_eq(w, (atoi(strchr(res.cycle[2 * i - 2], '-') + 1) + 1) % n);
	}
}

START_TEST(a_12_worker_cycle_is_reported_whole)
{
	assert_ring("thread", 12);
	assert_ring("coroutine", 12);
}
END_TEST

START_TEST(a_26_worker_cycle_is_reported_whole)
{
	assert_ring("thread", 26);
	assert_ring("process", 26);
}
END_TEST

/* The cycle stands --hold ms, the workers in it waiting, before it is
 * broken: no worker ends until then.  The step gate forms the cycle. */
START_TEST(a_deadlock_stands_its_hold_before_it_is_broken)
{
	static const char *const models[] = { "thread", "coroutine" };
	struct result res;

	for (size_t i = 0; i < nitems(models); i++) {
		DEADLOCK_IN_STEP(&res, "model", models[i], "delay", "1", "hold", "400");
		ck_assert_int_eq(res.end, RUN_DEADLOCKED);
		ck_assert_double_ge(m(&res, "wall_ms"), 400);
		ck_assert_double_eq(m(&res, "rounds_done"), 0);
	}
}
END_TEST

/* How a run ended, exactly one of done, deadlocked, stopped, failed. */
START_TEST(a_run_ends_done_or_stopped)
{
	struct result res;
	struct run *r;

	RUN("io", &res, "tasks", "2", "delay", "1");
	ck_assert_int_eq(res.end, RUN_DONE);
	ck_assert(run_end_has_results(res.end));
	RUN("deadlock", &res, "order", "ordered", "delay", "1", "tasks", "1");
	ck_assert_int_eq(res.end, RUN_DONE);
	r = START("counter", "increments", "10000000");
	run_stop(r);
	run_wait(r, &res);
	run_free(r);
	ck_assert_int_eq(res.end, RUN_STOPPED);
	ck_assert(!run_end_has_results(res.end));
	ck_assert_str_eq(run_end_name(RUN_STOPPED), "stopped");
	ck_assert_str_eq(run_end_name(RUN_DEADLOCKED), "deadlocked");
}
END_TEST

START_TEST(ordered_locks_never_deadlock)
{
	struct result res;

	RUN("deadlock", &res, "model", "thread", "order", "ordered", "workers", "4",
	    "delay", "5", "tasks", "5");
	ck_assert_double_eq(m(&res, "deadlocked"), 0);
	ck_assert_double_eq(m(&res, "rounds_done"), 20);
}
END_TEST

START_TEST(semaphore_admits_at_most_its_limit)
{
	struct result res;

	RUN("semaphore", &res, "model", "thread", "tasks", "12", "limit", "3",
	    "delay", "20");
	ck_assert_double_eq(m(&res, "tasks_done"), 12);
	ck_assert_double_eq(m(&res, "max_concurrent"), 3);
}
END_TEST

START_TEST(io_waits_overlap_in_threads)
{
	struct result seq, thr;
	struct event_log sl = { 0 }, tl = { 0 };

	RUN_LOGGED("io", &seq, &sl, "model", "sequential", "tasks", "4", "delay", "50");
	RUN_LOGGED("io", &thr, &tl, "model", "thread", "workers", "8", "tasks", "8",
	    "delay", "200");
	ck_assert_double_ge(m(&seq, "wall_ms"), 200);	/* 4 x 50 ms, in turn */
	ck_assert_int_eq(sleeps_overlapping(&sl, 0, 0), 1);
	ck_assert_int_ge(sleeps_overlapping(&tl, 0, 7), 2);
	ck_assert_double_eq(m(&thr, "tasks_done"), 8);
	event_log_free(&sl);
	event_log_free(&tl);
}
END_TEST

START_TEST(io_waits_overlap_in_threads_timed)
{
	struct result seq, thr;

	RUN("io", &seq, "model", "sequential", "tasks", "20", "delay", "50");
	RUN("io", &thr, "model", "thread", "workers", "20", "tasks", "20", "delay", "50");
	ck_assert_double_ge(m(&seq, "wall_ms"), 1000);	/* 20 x 50 ms, in turn */
	ck_assert_double_lt(m(&thr, "wall_ms"), 500);	/* one round; 10x margin */
}
END_TEST

START_TEST(cpu_tasks_all_complete_in_every_model)
{
	static const char *const models[] = { "sequential", "thread", "process" };
	struct result res;

	for (size_t i = 0; i < nitems(models); i++) {
		RUN("cpu", &res, "model", models[i], "tasks", "6", "work", "5");
		ck_assert_double_eq(m(&res, "tasks_done"), 6);
		ck_assert_double_gt(m(&res, "cpu_ms"), 0);
	}
}
END_TEST

START_TEST(pool_answers_agree_and_processes_move_bytes)
{
	struct result seq, proc, chunky;
	int primes = 0;

	/* The same 30 numbers the demo checks: count the primes directly. */
	for (int64_t t = 0; t < 30; t++) {
		int64_t n = t < 5 ? (int64_t[]){ 15485863, 15485867, 15485869,
		    15485917, 15485927 }[t] : 15485929 + 2 * (t - 5);
		int p = 1;

		for (int64_t i = 2; i * i <= n; i++)
			if (n % i == 0) {
				p = 0;
				break;
			}
		primes += p;
	}
	RUN("pool", &seq, "model", "sequential", "tasks", "30");
	RUN("pool", &proc, "executor", "process", "tasks", "30", "chunksize", "1");
	RUN("pool", &chunky, "executor", "process", "tasks", "30", "chunksize", "10");
	ck_assert_double_eq(m(&seq, "primes"), primes);
	ck_assert_double_eq(m(&proc, "primes"), primes);
	ck_assert_double_eq(m(&chunky, "primes"), primes);
	ck_assert_double_eq(m(&seq, "bytes_moved"), 0);
	ck_assert_double_gt(m(&proc, "bytes_moved"), 30 * 16);
	ck_assert_double_lt(m(&chunky, "messages"), m(&proc, "messages"));
}
END_TEST

START_TEST(startup_starts_every_worker)
{
	static const char *const models[] = { "sequential", "thread", "process" };
	struct result res;

	for (size_t i = 0; i < nitems(models); i++) {
		RUN("startup", &res, "model", models[i], "count", "20");
		ck_assert_double_eq(m(&res, "started"), 20);
		ck_assert_double_gt(m(&res, "per_worker_us"), 0);
	}
}
END_TEST

/* The spawn and forkserver start methods: workers in fresh lockstep images
 * share the run's memory exactly as forked ones do. */
START_TEST(spawned_and_forkserver_workers_share_the_run)
{
	static const char *const starts[] = { "spawn", "forkserver" };
	struct result res;

	for (size_t i = 0; i < nitems(starts); i++) {
		RUN("counter", &res, "model", "process", "start", starts[i], "lock", "on",
		    "workers", "3", "increments", "2000");
		ck_assert_double_eq(m(&res, "final"), 6000);
		RUN("queue", &res, "model", "process", "start", starts[i]);
		ck_assert_double_eq(m(&res, "lost"), 0);
		ck_assert_double_eq(m(&res, "duplicated"), 0);
		ck_assert_double_eq(m(&res, "consumed"), m(&res, "produced"));
		RUN("pool", &res, "executor", "process", "start", starts[i], "tasks", "10",
		    "chunksize", "2");
		ck_assert_double_eq(m(&res, "tasks_done"), 10);
		ck_assert_double_gt(m(&res, "bytes_moved"), 10 * 16);
	}
}
END_TEST

/* What a process's command line says, NUL-separated words joined by ' '. */
static void
read_cmdline(pid_t pid, char *buf, size_t len)
{
	char path[64];
	FILE *f;
	size_t n = 0;

	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	buf[0] = '\0';
	if ((f = fopen(path, "r")) == NULL)
		return;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
}

/* A worker's pid from its EV_START, once all n have started. */
static int
started_pids(struct run *r, struct event_log *log, pid_t *pids, int n)
{
	int got = 0;

	run_drain(r, event_log_add, log);
	for (size_t i = 0; i < log->n; i++)
		if (log->ev[i].kind == EV_START && log->ev[i].track < n)
			pids[log->ev[i].track] = (pid_t)log->ev[i].arg, got++;
	return got;
}

START_TEST(spawned_workers_are_fresh_images_and_stop)
{
	static const char *const starts[] = { "spawn", "forkserver" };
	static const char *const words[] = { "--lockstep-spawned-worker",
	    "--lockstep-forkserver" };

	for (size_t i = 0; i < nitems(starts); i++) {
		struct run *r = START("io", "model", "process", "start", starts[i],
		    "workers", "2", "tasks", "2", "delay", "10000");
		struct event_log log = { 0 };
		pid_t pids[2] = { 0, 0 };
		struct result res;
		char cmd[256];
		uint64_t t0 = now_ns();

		while (started_pids(r, &log, pids, 2) < 2 && now_ns() - t0 < 20000000000ull)
			sleep_ns(2000000);
		ck_assert_msg(pids[0] > 0 && pids[1] > 0, "%s: workers did not start", starts[i]);
		ck_assert_int_ne(pids[0], pids[1]);
		/* an exec'd lockstep (spawn), or forked from one (the server) */
		read_cmdline(pids[0], cmd, sizeof cmd);
		ck_assert_msg(strstr(cmd, words[i]) != NULL, "%s: worker runs '%s'",
		    starts[i], cmd);
		run_stop(r);
		run_wait(r, &res);
		run_free(r);
		event_log_free(&log);
		ck_assert_int_eq(res.end, RUN_STOPPED);
		/* every process reaped, the fork server too */
		errno = 0;
		ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
		ck_assert_int_eq(errno, ECHILD);
	}
}
END_TEST

START_TEST(convoy_measures_every_request)
{
	struct result res;

	RUN("convoy", &res, "gil", "off", "tasks", "20", "cpu-threads", "1");
	ck_assert_double_eq(m(&res, "requests"), 20);
	ck_assert_double_le(m(&res, "latency_p50_ms"), m(&res, "latency_p99_ms"));
}
END_TEST

/* Start a long demo, stop it, and check it ends promptly and cleanly. */
static void
stop_early(const char *model, int timed)
{
	struct run *r = START("io", "model", model, "tasks", "8",
	    "delay", "10000");	/* 10 s waits */
	struct result res;
	uint64_t t0;

	sleep_ns(100000000);
	t0 = now_ns();
	run_stop(r);
	run_wait(r, &res);
	/* Stopped in the middle of every 10 s wait: none of them ended. */
	ck_assert_double_eq(m(&res, "tasks_done"), 0);
	if (timed)
		ck_assert_uint_lt(now_ns() - t0, 1000000000u);	/* 10x below a wait */
	ck_assert(run_finished(r));
	run_free(r);
	/* Every child was reaped. */
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}

START_TEST(stop_ends_threads)
{
	stop_early("thread", 0);
}
END_TEST

START_TEST(stop_reaps_processes)
{
	stop_early("process", 0);
}
END_TEST

START_TEST(stop_ends_threads_promptly)
{
	stop_early("thread", 1);
}
END_TEST

START_TEST(stop_reaps_processes_promptly)
{
	stop_early("process", 1);
}
END_TEST

static int
parked(struct run *r, int i)
{
	int kind, obj;

	return run_gate_parked(r, i, &kind, &obj);
}

static int
worker0_parked(struct run *r)
{
	return parked(r, 0);
}

static int
both_parked(struct run *r)
{
	return parked(r, 0) && parked(r, 1);
}

static int
one_of_three_parked(struct run *r)
{
	return parked(r, 0) || parked(r, 1) || parked(r, 2);
}

START_TEST(step_gate_lets_one_chosen_worker_go)
{
	/* The gate is on before the workers start, so both park before their
	 * first lock request, however slow the machine; without the GIL no
	 * worker parks before a GIL request instead (another test's subject). */
	struct run *r = START_STEPPED("counter", "model", "thread", "workers", "2",
	    "lock", "on", "gil", "off", "increments", "2000");
	struct result res;
	int kind, obj;

	/* Both workers end up parked before a lock acquisition. */
	ck_assert(wait_for(r, both_parked));
	for (int i = 0; i < 2; i++) {
		ck_assert(run_gate_parked(r, i, &kind, &obj));
		ck_assert_int_eq(kind, EV_LOCK_REQUEST);
	}
	/* Release worker 0 alone: it comes back to the gate, 1 stays. */
	ck_assert_int_eq(run_gate_release(r, 0), 0);
	ck_assert(wait_for(r, worker0_parked));
	ck_assert(run_gate_parked(r, 0, &kind, &obj));
	ck_assert_int_eq(kind, EV_LOCK_REQUEST);
	ck_assert(run_gate_parked(r, 1, &kind, &obj));
	ck_assert_int_eq(run_gate_release(r, 5), -1);
	run_gate_set(r, 0);
	run_wait(r, &res);
	ck_assert_double_eq(m(&res, "final"), m(&res, "expected"));
	run_free(r);
}
END_TEST

START_TEST(step_gate_parks_before_taking_the_gil_back)
{
	struct run *r = START("cpu", "model", "thread", "workers", "2", "tasks", "2",
	    "work", "400", "gil", "on");
	struct result res;
	int kind = 0, obj;

	run_gate_set(r, 1);
	/* The holder is asked to drop the GIL after a switch interval; it
	 * lets go, then parks before asking for it again. */
	ck_assert(wait_for(r, both_parked) || parked(r, 0) || parked(r, 1));
	ck_assert(run_gate_parked(r, 0, &kind, &obj) || run_gate_parked(r, 1, &kind, &obj));
	ck_assert_int_eq(kind, EV_GIL_REQUEST);
	run_gate_set(r, 0);
	run_wait(r, &res);
	ck_assert_double_eq(m(&res, "tasks_done"), 2);
	run_free(r);
}
END_TEST

START_TEST(pace_stretches_the_run)
{
	struct result slow;

	RUN("io", &slow, "model", "thread", "tasks", "4", "workers", "4", "delay", "20",
	    "pace", "20");
	ck_assert_double_ge(m(&slow, "wall_ms"), 400);	/* 20 ms x 20 */
}
END_TEST

START_TEST(full_pace_does_not_stretch_the_run)
{
	struct result fast;

	RUN("io", &fast, "model", "thread", "tasks", "4", "workers", "4", "delay", "20");
	ck_assert_double_lt(m(&fast, "wall_ms"), 200);
}
END_TEST

START_TEST(coroutines_race_only_if_they_await_mid_update)
{
	struct result res;

	RUN("counter", &res, "model", "coroutine", "increments", "20000");
	ck_assert_double_eq(m(&res, "final"), m(&res, "expected"));
	RUN("counter", &res, "model", "coroutine", "increments", "2000",
	    "await-between", "on");
	ck_assert_double_lt(m(&res, "final"), m(&res, "expected"));
}
END_TEST

START_TEST(coroutine_queue_deadlock_and_semaphore)
{
	struct result res;

	RUN("queue", &res, "model", "coroutine", "producers", "3", "consumers", "2",
	    "items", "200", "capacity", "2", "delay", "0", "work", "1");
	ck_assert_double_eq(m(&res, "consumed"), 600);
	ck_assert_double_eq(m(&res, "lost") + m(&res, "duplicated"), 0);
	RUN("deadlock", &res, "model", "coroutine", "delay", "20", "hold", "0");
	ck_assert_int_eq(res.end, RUN_DEADLOCKED);
	ck_assert_double_eq(m(&res, "deadlocked"), 1);
	ck_assert_int_eq(res.ncycle, 4);
	ck_assert_ptr_nonnull(strstr(res.cycle[0], "task-"));
	RUN("deadlock", &res, "model", "coroutine", "order", "ordered", "delay", "5");
	ck_assert_double_eq(m(&res, "deadlocked"), 0);
	RUN("semaphore", &res, "model", "coroutine", "tasks", "9", "limit", "2",
	    "delay", "10");
	ck_assert_double_eq(m(&res, "max_concurrent"), 2);
	ck_assert_double_eq(m(&res, "tasks_done"), 9);
}
END_TEST

START_TEST(coroutines_overlap_io_on_one_thread)
{
	struct result res;
	struct event_log log = { 0 };

	RUN_LOGGED("io", &res, &log, "model", "coroutine", "tasks", "20", "delay", "50");
	/* The loop starts every sleep before it resumes any. */
	ck_assert_int_eq(sleeps_overlapping(&log, 0, 19), 20);
	ck_assert_double_eq(m(&res, "tasks_done"), 20);
	ck_assert_double_eq(m(&res, "workers"), 20);	/* one coroutine per task */
	event_log_free(&log);
}
END_TEST

START_TEST(coroutines_overlap_io_on_one_thread_timed)
{
	struct result res;

	RUN("io", &res, "model", "coroutine", "tasks", "20", "delay", "50");
	ck_assert_double_lt(m(&res, "wall_ms"), 500);	/* 20 x 50 ms would be 1 s */
}
END_TEST

START_TEST(a_blocking_call_stalls_the_loop)
{
	struct result block, wait, thread;
	struct event_log bl = { 0 }, wl = { 0 }, tl = { 0 };

	/* Track 0 is the heartbeat; the tasks are tracks 1 and 2. */
	RUN_LOGGED("blocking", &block, &bl, "style", "block", "tasks", "2", "delay", "300");
	RUN_LOGGED("blocking", &wait, &wl, "style", "await", "tasks", "2", "delay", "300");
	RUN_LOGGED("blocking", &thread, &tl, "style", "to-thread", "tasks", "2",
	    "delay", "300");
	ck_assert_double_ge(m(&block, "max_lag_ms"), 300);
	ck_assert_double_ge(m(&block, "wall_ms"), 600);	/* one after another */
	ck_assert_int_eq(sleeps_overlapping(&bl, 1, 2), 1);
	ck_assert_int_eq(sleeps_overlapping(&wl, 1, 2), 2);
	ck_assert_int_eq(sleeps_overlapping(&tl, 1, 2), 2);
	ck_assert_double_eq(m(&thread, "tasks_done"), 2);
	ck_assert_double_eq(m(&wait, "tasks_done"), 2);
	event_log_free(&bl);
	event_log_free(&wl);
	event_log_free(&tl);
}
END_TEST

START_TEST(a_blocking_call_stalls_the_loop_timed)
{
	struct result wait, thread;

	RUN("blocking", &wait, "style", "await", "tasks", "2", "delay", "300");
	RUN("blocking", &thread, "style", "to-thread", "tasks", "2", "delay", "300");
	ck_assert_double_lt(m(&wait, "max_lag_ms"), 30);
	ck_assert_double_lt(m(&thread, "max_lag_ms"), 30);
	ck_assert_double_lt(m(&thread, "wall_ms"), 600);
}
END_TEST

START_TEST(step_gate_chooses_the_next_coroutine)
{
	struct run *r = START("io", "model", "coroutine", "tasks", "3", "delay", "1");
	struct result res;
	int kind = 0, obj;

	run_gate_set(r, 1);
	if (wait_for(r, one_of_three_parked)) {
		for (int w = 0; w < 3; w++)
			if (run_gate_parked(r, w, &kind, &obj))
				break;
		ck_assert_int_eq(kind, EV_CORO_RESUME);
	}
	run_gate_set(r, 0);
	run_wait(r, &res);
	ck_assert_double_eq(m(&res, "tasks_done"), 3);
	run_free(r);
}
END_TEST

/* Rows are named by role, and a run's own names override them. */
START_TEST(workers_and_objects_are_named_by_role)
{
	const struct run_names names = { .workers = "ann,,cy", .objects = "one,two" };
	struct knobs k = { 0 };
	struct result res;
	char err[256], buf[32];
	struct run *r;

	r = START("queue", "producers", "2", "consumers", "1", "items", "1", "delay", "0",
	    "work", "1");
	ck_assert_str_eq(run_track_name(r, 0, buf, sizeof buf), "producer-0");
	ck_assert_str_eq(run_track_name(r, 1, buf, sizeof buf), "producer-1");
	ck_assert_str_eq(run_track_name(r, 2, buf, sizeof buf), "consumer-0");
	ck_assert_str_eq(run_track_name(r, 3, buf, sizeof buf), "control");
	run_free(r);
	r = START("convoy", "tasks", "1", "cpu-threads", "2");
	ck_assert_str_eq(run_track_name(r, 0, buf, sizeof buf), "io");
	ck_assert_str_eq(run_track_name(r, 2, buf, sizeof buf), "cpu-1");
	run_free(r);
	r = START("blocking", "style", "to-thread", "tasks", "2", "delay", "1");
	ck_assert_str_eq(run_track_name(r, 0, buf, sizeof buf), "heartbeat");
	ck_assert_str_eq(run_track_name(r, 1, buf, sizeof buf), "task-0");
	ck_assert_str_eq(run_track_name(r, run_helper_track(r, 1), buf, sizeof buf),
	    "to_thread-0");
	run_free(r);
	/* Overrides: given entries win, empty ones keep the default. */
	knobs_set(&k, KNOB_WORKERS, 3);
	knobs_set(&k, KNOB_HOLD, 0);
	/* Long enough that all three hold their first lock before any wants
	 * its second, however slowly a loaded machine starts threads (each
	 * start waits for the thread to run, as CPython's does). */
	knobs_set(&k, KNOB_DELAY, 300);
	r = run_start_named(demo_find("deadlock"), &k, &names, err, sizeof err);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(run_track_name(r, 0, buf, sizeof buf), "ann");
	ck_assert_str_eq(run_track_name(r, 1, buf, sizeof buf), "thread-1");
	ck_assert_str_eq(run_track_name(r, 2, buf, sizeof buf), "cy");
	ck_assert_str_eq(run_object_name(r, 0), "one");
	ck_assert_str_eq(run_object_name(r, 1), "two");
	ck_assert_str_eq(run_object_name(r, 2), "lock-C");
	run_wait(r, &res);
	run_free(r);
	ck_assert_int_eq(res.end, RUN_DEADLOCKED);
	for (int i = 0; i < res.ncycle; i += 2)
		ck_assert(strcmp(res.cycle[i], "ann") == 0 || strcmp(res.cycle[i], "cy") == 0 ||
		    strcmp(res.cycle[i], "thread-1") == 0);
}
END_TEST

Suite *
engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("demos"), *timing;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, counter_with_the_lock_is_exact_in_every_model);
	tcase_add_test(tc, spawned_and_forkserver_workers_share_the_run);
	tcase_add_test(tc, spawned_workers_are_fresh_images_and_stop);
	tcase_add_test(tc, counter_without_lock_or_gil_loses_updates);
	tcase_add_test(tc, processes_without_the_lock_lose_updates);
	tcase_add_test(tc, gil_switches_only_between_increments);
	tcase_add_test(tc, queue_loses_and_duplicates_nothing);
	tcase_add_test(tc, deadlock_is_detected_with_its_cycle);
	tcase_add_test(tc, a_12_worker_cycle_is_reported_whole);
	tcase_add_test(tc, a_26_worker_cycle_is_reported_whole);
	tcase_add_test(tc, ordered_locks_never_deadlock);
	tcase_add_test(tc, a_deadlock_stands_its_hold_before_it_is_broken);
	tcase_add_test(tc, a_run_ends_done_or_stopped);
	tcase_add_test(tc, workers_and_objects_are_named_by_role);
	tcase_add_test(tc, semaphore_admits_at_most_its_limit);
	tcase_add_test(tc, io_waits_overlap_in_threads);
	tcase_add_test(tc, cpu_tasks_all_complete_in_every_model);
	tcase_add_test(tc, pool_answers_agree_and_processes_move_bytes);
	tcase_add_test(tc, startup_starts_every_worker);
	tcase_add_test(tc, convoy_measures_every_request);
	tcase_add_test(tc, stop_ends_threads);
	tcase_add_test(tc, stop_reaps_processes);
	tcase_add_test(tc, step_gate_lets_one_chosen_worker_go);
	tcase_add_test(tc, step_gate_parks_before_taking_the_gil_back);
	tcase_add_test(tc, pace_stretches_the_run);
	tcase_add_test(tc, coroutines_race_only_if_they_await_mid_update);
	tcase_add_test(tc, coroutine_queue_deadlock_and_semaphore);
	tcase_add_test(tc, coroutines_overlap_io_on_one_thread);
	tcase_add_test(tc, a_blocking_call_stalls_the_loop);
	tcase_add_test(tc, step_gate_chooses_the_next_coroutine);
	suite_add_tcase(s, tc);
	if (!check_timing())
		return s;
	timing = tcase_create("timing");
	tcase_set_timeout(timing, 120);
	tcase_add_test(timing, io_waits_overlap_in_threads_timed);
	tcase_add_test(timing, stop_ends_threads_promptly);
	tcase_add_test(timing, stop_reaps_processes_promptly);
	tcase_add_test(timing, full_pace_does_not_stretch_the_run);
	tcase_add_test(timing, coroutines_overlap_io_on_one_thread_timed);
	tcase_add_test(timing, a_blocking_call_stalls_the_loop_timed);
	suite_add_tcase(s, timing);
	return s;
}
