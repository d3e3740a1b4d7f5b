/*
 * model-process.c — the process model: one fork()ed process per worker,
 * as multiprocessing starts them, each with its own GIL; and both halves
 * of the pipe protocol a Pool uses to hand out tasks and collect results.
 *
 * The conductor forks the children, so it is the thread PR_SET_PDEATHSIG
 * watches: it outlives its children by construction, reaping every one
 * before it returns, and if lockstep itself dies the kernel kills them.
 * A child keeps only its own pipe ends (another child's would hide that
 * child's EOF from the parent), restores default signal handling (but
 * ignores the terminal's INT and QUIT: its parent stops the run), and
 * leaves with _exit(): it never runs lockstep's exit handlers.  What the
 * children cost follows a forked CPython's (interp.c): the parent holds
 * an interpreter-sized heap, each child writes to its share of it.
 *
 * While children run the conductor serves their pipes, looks for a
 * deadlock, and reaps whoever ended; after a stop it gives stragglers
 * STOP_GRACE_NS, then SIGKILL.  The shared block (objects, stop flag,
 * trace rings) was mapped before the fork, so children share it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine-int.h"
#include "interp.h"
#include "util.h"

#define POLL_NS 2000000u		/* conductor's look interval */
#define STOP_GRACE_NS 1000000000u	/* then SIGKILL stragglers */
#define FAIL_GRACE_NS 100000000u	/* the same once a worker died */

/* A process worker's side of the task pipes. */
struct pipe_end {
	int task_fd, result_fd;
	int64_t *chunk;
	int chunk_n, chunk_pos, chunk_cap;
	int64_t *out;			/* (task, value) pairs to send back */
	int out_n, out_cap;
};

/*
 * A process worker and its parent speak in messages over two pipes, like a
 * multiprocessing Pool's: the worker sends the results of its last chunk
 * (possibly none), which also asks for more; the parent answers with the
 * next chunk of task numbers, or an empty chunk when there are no more.
 *   worker → parent: u32 n, n × (i64 task, i64 value)
 *   parent → worker: u32 n, n × i64 task
 */
static int64_t
process_next_task(struct worker *w)
{
	struct pipe_end *p = w->pipe;
	uint32_t n;

	if (p->chunk_pos < p->chunk_n)
		return p->chunk[p->chunk_pos++];
	n = (uint32_t)p->out_n;
	if (write_full(p->result_fd, &n, sizeof n) != 0 ||
	    write_full(p->result_fd, p->out, (size_t)p->out_n * 2 * sizeof *p->out) != 0)
		return -1;
	p->out_n = 0;
	if (read_full(p->task_fd, &n, sizeof n) != (ssize_t)sizeof n || n == 0)
		return -1;
	if ((int)n > p->chunk_cap) {
		p->chunk_cap = (int)n;
		p->chunk = xreallocarray(p->chunk, n, sizeof *p->chunk);
	}
	if (read_full(p->task_fd, p->chunk, n * sizeof *p->chunk) != (ssize_t)(n * sizeof *p->chunk))
		return -1;
	p->chunk_n = (int)n;
	p->chunk_pos = 1;
	return p->chunk[0];
}

static void
process_task_result(struct worker *w, int64_t task, int64_t value)
{
	struct pipe_end *p = w->pipe;

	if (p->out_n == p->out_cap) {
		p->out_cap = p->out_cap ? 2 * p->out_cap : 16;
		p->out = xreallocarray(p->out, (size_t)p->out_cap, 2 * sizeof *p->out);
	}
	p->out[2 * p->out_n] = task;
	p->out[2 * p->out_n + 1] = value;
	p->out_n++;
}

static uint64_t
process_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void
process_child_setup(pid_t parent)
{
	sigset_t none;

	fatal_forked();
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(1);	/* unprotected, or lockstep died before we got here */
	/* Ctrl-C and Ctrl-\ reach the terminal's whole process group: the
	 * parent alone decides, stopping the run, so a worker is not killed
	 * under it and the run reads "stopped", not "failed". */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGXFSZ, SIG_DFL);
	sigemptyset(&none);
	pthread_sigmask(SIG_SETMASK, &none, NULL);
}

void
process_worker(struct run *r, int i, pid_t parent, int task_fd, int result_fd,
    unsigned (*boot)(void))
{
	static struct gil own;	/* each process has its own interpreter */
	static struct pipe_end pe;
	struct worker *w = &r->workers[i];

	process_child_setup(parent);
	/* Only our own pipe ends: other children's would hide their EOFs
	 * (a spawned or fork server's worker has none: close-on-exec). */
	for (int j = 0; r->task_fd != NULL && j < i; j++) {
		close(r->task_fd[j]);
		close(r->result_fd[j]);
	}
	pe.task_fd = task_fd;
	pe.result_fd = result_fd;
	w->pipe = &pe;
	if (run_knob(r, KNOB_GIL) == ON && demo_takes_knob(r->demo, KNOB_GIL)) {
		gil_init(&own, (uint64_t)run_knob(r, KNOB_SWITCH_INTERVAL) * 1000000u,
		    0, r->trace, &r->shm->stop, &r->shm->pace);
		w->gil = &own;
		gil_take(w->gil, w->index);
		w->has_gil = 1;
	}
	boot();
	engine_worker_run(w, process_cpu_ns);
	interp_exit();
	_exit(0);	/* as multiprocessing's child: os._exit() */
}

/* The parent is an interpreter: fork() copies that much (interp.c). */
static void
process_prepare(struct run *r)
{
	(void)r;
	interp_heap_prepare();
}

/* Read worker i's results (which ask for more) and answer with a chunk. */
static int
dispatch(struct run *r, int i)
{
	int64_t pair[2];
	uint32_t n;
	int64_t chunk[64], first;
	int want = run_knob(r, KNOB_CHUNKSIZE), got = 0;

	if (read_full(r->result_fd[i], &n, sizeof n) != (ssize_t)sizeof n)
		return -1;
	r->bytes_moved += sizeof n;
	r->messages++;
	for (uint32_t k = 0; k < n; k++) {
		if (read_full(r->result_fd[i], pair, sizeof pair) != (ssize_t)sizeof pair)
			return -1;
		r->bytes_moved += sizeof pair;
		if (pair[0] >= 0 && pair[0] < r->ntasks)
			r->results[pair[0]] = pair[1];
	}
	/* The next chunk, written in pieces of at most 64 task numbers. */
	first = r->dispatched;
	if (!run_stopping(r))
		while (got < want && r->dispatched < r->ntasks)
			got++, r->dispatched++;
	n = (uint32_t)got;
	if (write_full(r->task_fd[i], &n, sizeof n) != 0)
		return -1;
	r->bytes_moved += sizeof n;
	r->messages++;
	for (int k = 0; k < got; k += 64) {
		int m = got - k < 64 ? got - k : 64;

		for (int j = 0; j < m; j++)
			chunk[j] = first + k + j;
		if (write_full(r->task_fd[i], chunk, (size_t)m * sizeof *chunk) != 0)
			return -1;
		r->bytes_moved += (size_t)m * sizeof *chunk;
	}
	return 0;
}

static void
close_pipes(struct run *r, int i)
{
	if (r->task_fd[i] >= 0)
		close(r->task_fd[i]);
	if (r->result_fd[i] >= 0)
		close(r->result_fd[i]);
	r->task_fd[i] = r->result_fd[i] = -1;
}

/* Wait up to ns for results from the workers and answer them. */
static void
serve_pipes(struct run *r, uint64_t ns)
{
	struct pollfd *pfd = xcalloc((size_t)r->nworkers, sizeof *pfd);
	int n;

	for (int i = 0; i < r->nworkers; i++) {
		pfd[i].fd = r->result_fd[i];
		pfd[i].events = POLLIN;
	}
	n = poll(pfd, (nfds_t)r->nworkers, (int)(ns / 1000000u) + 1);
	for (int i = 0; n > 0 && i < r->nworkers; i++) {
		if (pfd[i].fd < 0 || pfd[i].revents == 0)
			continue;
		if (!(pfd[i].revents & POLLIN) || dispatch(r, i) != 0)
			close_pipes(r, i);
	}
	free(pfd);
}

/* Start worker i as the run's start method does, with its pipe ends:
 * fork (a forked copy of this interpreter), spawn (a fresh one exec'd
 * in the forked child) or forkserver (forked by the fork server).  Its
 * pid, or -1 with errno. */
static pid_t
start_child(struct run *r, int i, pid_t parent, int tp[2], int rp[2])
{
	int start = run_knob(r, KNOB_START);
	pid_t pid;

	if (start == START_FORKSERVER)
		return forkserver_fork(r, i, tp[0], rp[1]);
	if ((pid = fork()) != 0)
		return pid;
	close(tp[1]);
	close(rp[0]);
	if (start == START_SPAWN)
		spawn_exec_worker(r, i, parent, tp[0], rp[1]);
	process_worker(r, i, parent, tp[0], rp[1], interp_child_boot);
}

/* Fork the workers, each with its two pipes; the number started. */
static int
fork_children(struct run *r)
{
	pid_t parent = getpid();
	int live = 0;

	fflush(NULL);	/* no buffered output duplicated into children */
	for (int i = 0; i < r->nworkers; i++) {
		int tp[2], rp[2];
		pid_t pid;

		r->task_fd[i] = r->result_fd[i] = -1;
		interp_process_start();
		if (pipe2(tp, O_CLOEXEC) == -1 || pipe2(rp, O_CLOEXEC) == -1 ||
		    (pid = start_child(r, i, parent, tp, rp)) == -1) {
			if (r->res.error[0] == '\0')
				run_fail(r, "cannot start process %d: %s", i,
				    strerror(errno));
			run_flag_stop(r);
			break;
		}
		close(tp[0]);
		close(rp[1]);
		r->task_fd[i] = tp[1];
		r->result_fd[i] = rp[0];
		r->pids[i] = pid;
		live++;
	}
	return live;
}

/* Reap the children that ended; how many.  One that died abnormally
 * while the run went on fails the run and stops it: the survivors may be
 * waiting for what it will never do (a queue's poison pills, a lock it
 * held), so they must not wait on. */
static int
reap_ended(struct run *r)
{
	int n = 0;

	for (int i = 0; i < r->nworkers; i++) {
		int status;

		if (r->pids[i] <= 0)
			continue;
		if (run_knob(r, KNOB_START) == START_FORKSERVER ?
		    !forkserver_reaped(r, i, &status) :
		    waitpid(r->pids[i], &status, WNOHANG) != r->pids[i])
			continue;
		if ((WIFSIGNALED(status) || WEXITSTATUS(status) != 0) &&
		    !run_stopping(r) && r->res.error[0] == '\0') {
			if (WIFSIGNALED(status))
				run_fail(r, "process %d was killed (signal %d)", i,
				    WTERMSIG(status));
			else
				run_fail(r, "process %d exited with status %d", i,
				    WEXITSTATUS(status));
			run_flag_stop(r);
		}
		atomic_store(&r->shm->slot[i].done, 1);
		close_pipes(r, i);
		r->pids[i] = 0;
		n++;
	}
	return n;
}

/* After a stop, give the children STOP_GRACE_NS (FAIL_GRACE_NS in a failed
 * run) to end, then kill them. */
static void
kill_stragglers(struct run *r, uint64_t *stop_seen)
{
	if (!run_stopping(r))
		return;
	if (*stop_seen == 0) {
		*stop_seen = now_ns();
		return;
	}
	if (now_ns() - *stop_seen <= (r->res.error[0] != '\0' ? FAIL_GRACE_NS :
	    STOP_GRACE_NS))
		return;
	for (int i = 0; i < r->nworkers; i++)
		if (r->pids[i] > 0)
			kill(r->pids[i], SIGKILL);
}

static void
process_run(struct run *r)
{
	struct watch wt = { 0 };
	uint64_t stop_seen = 0;
	int live;

	r->pids = xcalloc((size_t)r->nworkers, sizeof *r->pids);
	r->task_fd = xcalloc((size_t)r->nworkers, sizeof *r->task_fd);
	r->result_fd = xcalloc((size_t)r->nworkers, sizeof *r->result_fd);
	live = run_knob(r, KNOB_START) != START_FORKSERVER || forkserver_start(r) == 0 ?
	    fork_children(r) : 0;
	while ((live -= reap_ended(r)) > 0) {
		serve_pipes(r, POLL_NS);
		watch_look(r, &wt);
		kill_stragglers(r, &stop_seen);
	}
	for (int i = 0; i < r->nworkers; i++)
		close_pipes(r, i);
	forkserver_stop(r);
	run_metric(r, "bytes_moved", (double)r->bytes_moved);
	run_metric(r, "messages", (double)r->messages);
}

const struct model_ops model_process = {
	.track = "process",
	.run = process_run,
	.io = work_block_ns,
	.yield = work_sleep_zero,
	.prepare = process_prepare,
	.next_task = process_next_task,
	.task_result = process_task_result,
	THREAD_OBJ_OPS,
};
