/*
 * spawn.c — multiprocessing's other two start methods for the process
 * model: spawn, and forkserver (the default on Linux from Python 3.14).
 *
 * spawn.  CPython forks and execs a fresh interpreter for each worker,
 * which boots, imports multiprocessing and the main module, unpickles the
 * Process object and only then runs the target.  lockstep does the same
 * with itself: the forked child execs /proc/self/exe with SPAWN_ARG and a
 * pipe holding a struct spawn_desc (the demo's name, the resolved knobs,
 * the worker's index and pipe ends, the clock's and the work loop's
 * calibration, and where the run's shared memory lies).  The fresh
 * lockstep maps that memory at the same addresses (so every pointer in
 * it still holds), rebuilds a struct run around it, pays a fresh
 * interpreter's start-up (interp_fresh_boot) and runs the worker.
 *
 * The shared memory has to outlive the exec: a run with these start
 * methods maps it from memfds (run_exec_shared, shared_map), and the
 * child keeps their descriptors across the exec.  A fresh image lands its
 * libraries at random addresses; should one sit where a map must go
 * (MAP_FIXED_NOREPLACE refuses), the worker exits with status
 * SPAWN_EXIT_MAP and the run fails saying so, never a silent overlap.
 *
 * forkserver.  CPython starts one server process per program at the
 * first Process.start() (a fresh interpreter, like spawn), then for each
 * worker sends it the worker's pipe ends over a Unix socket (SCM_RIGHTS);
 * the server forks a child off itself (a small, fresh interpreter, not
 * the big parent), answers with its pid, and when the child ends sends
 * its exit status.  lockstep's server is a spawned lockstep (SERVER_ARG)
 * doing exactly that, once per run (a run is a program): the conductor
 * reads the pids and the exit statuses from the socket, since the
 * workers are the server's children, not the conductor's.  Each worker
 * dies with the server (PR_SET_PDEATHSIG) and the server with lockstep.
 *
 * lockstep never runs a shell: exec goes straight to its own image.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demo.h"
#include "engine-int.h"
#include "interp.h"
#include "spawn.h"
#include "trace.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define SPAWN_MAX_MAPS 16
#define SERVER_POLL_MS 2	/* the server looks for ended children */

/* What an exec'd lockstep needs to become worker index (or the server). */
struct spawn_desc {
	char demo[32];
	struct knobs k;
	int nworkers, ntracks, nhelpers, index;
	pid_t parent;
	int fd_a, fd_b;		/* worker: task, result; server: socket, -1 */
	int nmaps;
	struct spawn_map { uintptr_t addr; size_t len; int fd; } map[SPAWN_MAX_MAPS];
	uintptr_t shm, trace, state, results;
	size_t shm_size;
	int64_t ntasks;
	uint64_t tsc0, mono0, mult;
	int use_tsc;
	double units_per_ms;
};

/* Server → conductor. */
struct server_msg {
	int32_t type;		/* MSG_PID or MSG_EXIT */
	int32_t index;
	int32_t pid;
	int32_t status;
};
enum { MSG_PID = 1, MSG_EXIT };

/* --- the parent's side ---------------------------------------------------- */

static void
desc_map(struct spawn_desc *d, const void *p, size_t len, int fd)
{
	if (d->nmaps < SPAWN_MAX_MAPS)
		d->map[d->nmaps] = (struct spawn_map){ (uintptr_t)p, len, fd };
	d->nmaps++;
}

static void
desc_fill(struct spawn_desc *d, struct run *r, int index, int fd_a, int fd_b,
    pid_t parent)
{
	memset(d, 0, sizeof *d);
	xsnprintf(d->demo, sizeof d->demo, "%s", r->demo->name);
	d->k = r->k;
	d->nworkers = r->nworkers;
	d->ntracks = r->ntracks;
	d->nhelpers = r->nhelpers;
	d->index = index;
	d->parent = parent;
	d->fd_a = fd_a;
	d->fd_b = fd_b;
	desc_map(d, r->shm, r->shm_size, r->shm_fd);
	desc_map(d, r->trace, trace_map_size(r->trace), r->trace_fd);
	for (int i = 0; i < r->nbig; i++)
		desc_map(d, r->big[i].p, r->big[i].len, r->big[i].fd);
	d->shm = (uintptr_t)r->shm;
	d->shm_size = r->shm_size;
	d->trace = (uintptr_t)r->trace;
	d->state = (uintptr_t)r->state;
	d->results = (uintptr_t)r->results;
	d->ntasks = r->ntasks;
	d->use_tsc = atomic_load(&ls_clock.use_tsc);
	d->tsc0 = ls_clock.tsc0;
	d->mono0 = ls_clock.mono0;
	d->mult = ls_clock.mult;
	d->units_per_ms = work_units_per_ms();
}

static void
keep_on_exec(int fd)
{
	if (fd >= 0)
		fcntl(fd, F_SETFD, 0);
}

/* In a forked child: exec a fresh lockstep as arg with d; never returns. */
static LS_NORETURN void
exec_fresh(const char *arg, struct spawn_desc *d)
{
	char fdtext[16];
	int p[2];
	char *argv[4];

	if (d->nmaps > SPAWN_MAX_MAPS)
		_exit(SPAWN_EXIT_MAP);
	for (int i = 0; i < d->nmaps; i++) {
		if (d->map[i].fd < 0)
			_exit(SPAWN_EXIT_MAP);	/* no memfd: nothing to map */
		keep_on_exec(d->map[i].fd);
	}
	keep_on_exec(d->fd_a);
	keep_on_exec(d->fd_b);
	/* the description fits a pipe's buffer: write it all, then exec */
	if (pipe(p) != 0 || write_full(p[1], d, sizeof *d) != 0)
		_exit(SPAWN_EXIT_EXEC);
	close(p[1]);
	xsnprintf(fdtext, sizeof fdtext, "%d", p[0]);
	argv[0] = (char *)(uintptr_t)ls_progname;
	argv[1] = (char *)(uintptr_t)arg;
	argv[2] = fdtext;
	argv[3] = NULL;
	execv("/proc/self/exe", argv);
	_exit(SPAWN_EXIT_EXEC);
}

void
spawn_exec_worker(struct run *r, int i, pid_t parent, int task_fd, int result_fd)
{
	struct spawn_desc d;

	process_child_setup(parent);	/* protected while it execs */
	desc_fill(&d, r, i, task_fd, result_fd, parent);
	exec_fresh(SPAWN_ARG, &d);
}

int
forkserver_start(struct run *r)
{
	int sv[2];
	pid_t parent = getpid(), pid;

	r->exit_status = xcalloc((size_t)r->nworkers, sizeof *r->exit_status);
	for (int i = 0; i < r->nworkers; i++)
		r->exit_status[i] = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0 ||
	    (pid = fork()) == -1) {
		run_fail(r, "cannot start the fork server: %s", strerror(errno));
		run_flag_stop(r);
		return -1;
	}
	if (pid == 0) {
		struct spawn_desc d;

		close(sv[0]);
		process_child_setup(parent);
		desc_fill(&d, r, -1, sv[1], -1, parent);
		exec_fresh(SERVER_ARG, &d);
	}
	close(sv[1]);
	r->server_fd = sv[0];
	r->server_pid = pid;
	return 0;
}

/* Read one message from the server; 1, 0 at its end, -1 if none waits
 * (with dontwait). */
static int
server_read(struct run *r, struct server_msg *m, int dontwait)
{
	ssize_t n;

	if (r->server_fd < 0)
		return 0;
	if (dontwait) {
		struct pollfd pfd = { r->server_fd, POLLIN, 0 };

		if (poll(&pfd, 1, 0) != 1)
			return -1;
	}
	n = read_full(r->server_fd, m, sizeof *m);
	return n == (ssize_t)sizeof *m ? 1 : 0;
}

/* A message about worker m->index: note its exit.  Gone: every worker
 * the server had is taken as killed. */
static void
server_note(struct run *r, const struct server_msg *m, int gone)
{
	if (gone) {
		for (int i = 0; i < r->nworkers; i++)
			if (r->exit_status[i] == -1)
				r->exit_status[i] = SIGKILL;	/* a wait status: killed */
		close(r->server_fd);
		r->server_fd = -1;
		return;
	}
	if (m->type == MSG_EXIT && m->index >= 0 && m->index < r->nworkers)
		r->exit_status[m->index] = m->status;
}

pid_t
forkserver_fork(struct run *r, int i, int task_fd, int result_fd)
{
	struct server_msg m;
	int32_t index = i, fds[2] = { task_fd, result_fd };
	char cbuf[CMSG_SPACE(sizeof fds)];
	struct iovec iov = { &index, sizeof index };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	struct cmsghdr *c;
	int rc;

	memset(cbuf, 0, sizeof cbuf);
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof fds);
	memcpy(CMSG_DATA(c), fds, sizeof fds);
	if (r->server_fd < 0 || sendmsg(r->server_fd, &mh, MSG_NOSIGNAL) != sizeof index) {
		run_fail(r, "the fork server is gone: process %d not started", i);
		return -1;
	}
	/* its pid comes back; exits of earlier workers may come first */
	while ((rc = server_read(r, &m, 0)) == 1 && !(m.type == MSG_PID && m.index == i))
		server_note(r, &m, 0);
	if (rc != 1 || m.pid <= 0) {
		run_fail(r, "the fork server could not start process %d", i);
		return -1;
	}
	return m.pid;
}

int
forkserver_reaped(struct run *r, int i, int *status)
{
	struct server_msg m;
	int rc;

	while ((rc = server_read(r, &m, 1)) == 1)
		server_note(r, &m, 0);
	if (rc == 0 && r->server_fd >= 0)
		server_note(r, &m, 1);
	if (r->exit_status[i] == -1)
		return 0;
	*status = r->exit_status[i];
	r->exit_status[i] = -2;	/* told once */
	return 1;
}

void
forkserver_stop(struct run *r)
{
	if (r->server_pid <= 0)
		return;
	if (r->server_fd >= 0)
		close(r->server_fd);	/* the server ends at EOF */
	r->server_fd = -1;
	while (waitpid(r->server_pid, NULL, 0) == -1 && errno == EINTR)
		;
	r->server_pid = 0;
}

/* --- the exec'd side ------------------------------------------------------- */

/* Map d's shared memory back where the parent had it, and rebuild the run
 * around it; exits SPAWN_EXIT_MAP if it cannot. */
static void
rebuild_run(struct run *r, const struct spawn_desc *d)
{
	memset(r, 0, sizeof *r);
	for (int i = 0; i < d->nmaps; i++) {
		void *want = (void *)d->map[i].addr;
		void *p = mmap(want, d->map[i].len, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_FIXED_NOREPLACE, d->map[i].fd, 0);

		if (p != want)
			_exit(SPAWN_EXIT_MAP);	/* taken, or an old kernel's hint */
		close(d->map[i].fd);
	}
	ls_clock.tsc0 = d->tsc0;
	ls_clock.mono0 = d->mono0;
	ls_clock.mult = d->mult;
	atomic_store(&ls_clock.use_tsc, d->use_tsc);
	work_set_units_per_ms(d->units_per_ms);
	if ((r->demo = demo_find(d->demo)) == NULL)
		_exit(SPAWN_EXIT_MAP);
	r->k = d->k;
	r->model = MODEL_PROCESS;
	r->ops = &model_process;
	r->nworkers = d->nworkers;
	r->ntracks = d->ntracks;
	r->nhelpers = d->nhelpers;
	r->shm = (struct shm *)d->shm;
	r->shm_size = d->shm_size;
	r->trace = (struct trace *)d->trace;
	r->state = (void *)d->state;
	r->results = (int64_t *)d->results;
	r->ntasks = d->ntasks;
	r->shm_fd = r->trace_fd = r->server_fd = -1;
	r->workers = xcalloc((size_t)r->nworkers, sizeof *r->workers);
	for (int i = 0; i < r->nworkers; i++) {
		r->workers[i].run = r;
		r->workers[i].index = i;
		r->workers[i].last_cpu = -1;
	}
}

/* The fork server's loop: fork a worker for each request, report pids
 * and exits, until the conductor closes the socket. */
static int
server_loop(struct run *r, int sock)
{
	pid_t self = getpid();
	int *idx_of = NULL, nkids = 0, open = 1;
	pid_t *kids = NULL;

	while (open || nkids > 0) {
		struct pollfd pfd = { open ? sock : -1, POLLIN, 0 };
		struct server_msg m = { 0 };
		int status;
		pid_t pid;

		if (poll(&pfd, 1, nkids > 0 ? SERVER_POLL_MS : -1) == 1 && open) {
			int32_t index = -1, fds[2] = { -1, -1 };
			char cbuf[CMSG_SPACE(sizeof fds)];
			struct iovec iov = { &index, sizeof index };
			struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = cbuf, .msg_controllen = sizeof cbuf };
			struct cmsghdr *c;

			if (recvmsg(sock, &mh, MSG_CMSG_CLOEXEC) != sizeof index ||
			    (c = CMSG_FIRSTHDR(&mh)) == NULL || c->cmsg_type != SCM_RIGHTS ||
			    index < 0 || index >= r->nworkers) {
				/* EOF: the run is over; end what is left */
				open = 0;
				for (int k = 0; k < nkids; k++)
					kill(kids[k], SIGKILL);
				continue;
			}
			memcpy(fds, CMSG_DATA(c), sizeof fds);
			if ((pid = fork()) == 0) {
				close(sock);
				process_worker(r, index, self, fds[0], fds[1],
				    interp_served_boot);
			}
			close(fds[0]);
			close(fds[1]);
			m = (struct server_msg){ MSG_PID, index, pid > 0 ? pid : -1, 0 };
			if (write_full(sock, &m, sizeof m) != 0)
				open = 0;
			if (pid > 0) {
				kids = xreallocarray(kids, (size_t)nkids + 1, sizeof *kids);
				idx_of = xreallocarray(idx_of, (size_t)nkids + 1, sizeof *idx_of);
				kids[nkids] = pid;
				idx_of[nkids++] = index;
			}
		}
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			for (int k = 0; k < nkids; k++) {
				if (kids[k] != pid)
					continue;
				m = (struct server_msg){ MSG_EXIT, idx_of[k], pid, status };
				if (open)
					(void)write_full(sock, &m, sizeof m);
				kids[k] = kids[--nkids];
				idx_of[k] = idx_of[nkids];
				break;
			}
	}
	return 0;
}

int
spawn_main(int argc, char **argv)
{
	static struct run r;
	struct spawn_desc d;
	int fd, server;

	if (argc != 3)
		return -1;
	server = strcmp(argv[1], SERVER_ARG) == 0;
	if (!server && strcmp(argv[1], SPAWN_ARG) != 0)
		return -1;
	fd = atoi(argv[2]);
	if (read_full(fd, &d, sizeof d) != (ssize_t)sizeof d)
		_exit(SPAWN_EXIT_MAP);
	close(fd);
	rebuild_run(&r, &d);
	if (server) {
		process_child_setup(d.parent);
		interp_fresh_boot();	/* the server is a fresh interpreter */
		_exit(server_loop(&r, d.fd_a));
	}
	process_worker(&r, d.index, d.parent, d.fd_a, d.fd_b, interp_fresh_boot);
}
