/*
 * notes.c — the presenter's socket and the notes window's end of it
 * (notes.h).  Everything is non-blocking: the presenter polls once a frame
 * and never waits for a listener, a slow or stuck listener is dropped.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "notes.h"
#include "util.h"

#define NOTES_SOCKET "present.sock"

/* A private folder: made 0700 if missing, and checked either way. */
static int
notes_private_dir(const char *dir, char *err, size_t errlen)
{
	struct stat st;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		xsnprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (lstat(dir, &st) != 0) {
		xsnprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077) != 0) {
		xsnprintf(err, errlen, "%s: not a private folder of yours (want mode 0700)",
		    dir);
		return -1;
	}
	return 0;
}

int
notes_socket_path(char *path, size_t len, char *err, size_t errlen)
{
	const char *run = getenv("XDG_RUNTIME_DIR"), *tmp = getenv("TMPDIR");
	char dir[4096];

	if (run != NULL && run[0] == '/')
		xsnprintf(dir, sizeof dir, "%s/lockstep", run);
	else
		xsnprintf(dir, sizeof dir, "%s/lockstep-%u",
		    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp", (unsigned)getuid());
	if (notes_private_dir(dir, err, errlen) != 0)
		return -1;
	if (strlen(dir) + strlen(NOTES_SOCKET) + 2 > sizeof(((struct sockaddr_un *)0)->sun_path) ||
	    strlen(dir) + strlen(NOTES_SOCKET) + 2 > len) {
		xsnprintf(err, errlen, "%s: path too long for a socket", dir);
		return -1;
	}
	xsnprintf(path, len, "%s/%s", dir, NOTES_SOCKET);
	return 0;
}

static void
notes_addr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	xsnprintf(sa->sun_path, sizeof sa->sun_path, "%s", path);
}

/* The peer of a connected socket runs as this user. */
static int
notes_peer_ok(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof cred;

	return getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 &&
	    cred.uid == getuid();
}

int
notes_server_open(struct notes_server *s, const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa;
	mode_t old;
	int rc;

	memset(s, 0, sizeof *s);
	for (int i = 0; i < NOTES_MAX_CLIENTS; i++)
		s->client[i] = -1;
	xsnprintf(s->path, sizeof s->path, "%s", path);
	notes_addr(&sa, path);
	s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s->fd < 0) {
		xsnprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	for (int tries = 0; tries < 2; tries++) {
		old = umask(077);	/* the socket is born 0600 */
		rc = bind(s->fd, (struct sockaddr *)&sa, sizeof sa);
		umask(old);
		if (rc == 0 || errno != EADDRINUSE)
			break;
		/* Someone's socket: a live presenter answers, a stale one not. */
		{
			int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
			int live = probe >= 0 &&
			    connect(probe, (struct sockaddr *)&sa, sizeof sa) == 0;

			if (probe >= 0)
				close(probe);
			if (live) {
				xsnprintf(err, errlen, "a presenter is already running "
				    "(%s)", path);
				close(s->fd);
				s->fd = -1;
				return -1;
			}
		}
		unlink(path);
	}
	if (rc != 0 || listen(s->fd, NOTES_MAX_CLIENTS) != 0) {
		xsnprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(s->fd);
		s->fd = -1;
		return -1;
	}
	return 0;
}

static void
notes_drop(struct notes_server *s, int i)
{
	close(s->client[i]);
	s->client[i] = -1;
}

/* Send the current line to client i; a listener that cannot take it goes. */
static void
notes_tell(struct notes_server *s, int i)
{
	size_t n = strlen(s->line);

	if (n == 0 || s->client[i] < 0)
		return;
	if (send(s->client[i], s->line, n, MSG_NOSIGNAL | MSG_DONTWAIT) != (ssize_t)n)
		notes_drop(s, i);
}

void
notes_server_send(struct notes_server *s, const char *lesson, const char *step)
{
	char l[NOTES_ID_MAX], st[NOTES_ID_MAX];

	xsnprintf(s->line, sizeof s->line, "step %s %s\n", lesson, step);
	s->line[strcspn(s->line, "\n")] = '\0';
	if (notes_parse(s->line, l, st) != 0) {
		s->line[0] = '\0';	/* never send what a listener would refuse */
		return;
	}
	strcat(s->line, "\n");
	for (int i = 0; i < NOTES_MAX_CLIENTS; i++)
		notes_tell(s, i);
}

void
notes_server_poll(struct notes_server *s)
{
	char junk[64];
	int fd;

	if (s->fd < 0)
		return;
	/* Listeners never talk: anything readable is EOF or junk, so they go. */
	for (int i = 0; i < NOTES_MAX_CLIENTS; i++)
		if (s->client[i] >= 0 && recv(s->client[i], junk, sizeof junk, MSG_DONTWAIT) >= 0)
			notes_drop(s, i);
		else if (s->client[i] >= 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			notes_drop(s, i);
	while ((fd = accept4(s->fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
		int slot = -1;

		for (int i = 0; i < NOTES_MAX_CLIENTS && slot < 0; i++)
			if (s->client[i] < 0)
				slot = i;
		if (slot < 0 || !notes_peer_ok(fd)) {
			close(fd);
			continue;
		}
		s->client[slot] = fd;
		notes_tell(s, slot);
	}
}

void
notes_server_close(struct notes_server *s)
{
	for (int i = 0; i < NOTES_MAX_CLIENTS; i++)
		if (s->client[i] >= 0)
			notes_drop(s, i);
	if (s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
		unlink(s->path);
	}
}

void
notes_client_init(struct notes_client *c)
{
	memset(c, 0, sizeof *c);
	c->fd = -1;
}

int
notes_client_connect(struct notes_client *c, const char *path)
{
	struct sockaddr_un sa;
	int fd;

	notes_client_close(c);
	notes_addr(&sa, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || !notes_peer_ok(fd) ||
	    fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
		close(fd);
		return -1;
	}
	c->fd = fd;
	return 0;
}

void
notes_client_close(struct notes_client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->n = 0;
}

int
notes_client_poll(struct notes_client *c, char lesson[NOTES_ID_MAX],
    char step[NOTES_ID_MAX])
{
	int got = 0;

	if (c->fd < 0)
		return -1;
	for (;;) {
		ssize_t n = recv(c->fd, c->buf + c->n, sizeof c->buf - 1 - c->n, MSG_DONTWAIT);
		char *nl;

		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR)) {
			notes_client_close(c);
			return -1;
		}
		if (n < 0)
			return got;
		c->n += (size_t)n;
		c->buf[c->n] = '\0';
		while ((nl = memchr(c->buf, '\n', c->n)) != NULL) {
			*nl = '\0';
			if (notes_parse(c->buf, lesson, step) != 0) {
				notes_client_close(c);
				return -1;
			}
			got = 1;
			c->n -= (size_t)(nl + 1 - c->buf);
			memmove(c->buf, nl + 1, c->n);
		}
		if (c->n >= sizeof c->buf - 1) {	/* a line too long: not ours */
			notes_client_close(c);
			return -1;
		}
	}
}

static int
notes_id(const char *s, size_t n, char out[NOTES_ID_MAX])
{
	if (n == 0 || n >= NOTES_ID_MAX)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-'))
			return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

int
notes_parse(const char *line, char lesson[NOTES_ID_MAX], char step[NOTES_ID_MAX])
{
	const char *a, *b;

	if (strncmp(line, "step ", 5) != 0)
		return -1;
	a = line + 5;
	if ((b = strchr(a, ' ')) == NULL || strchr(b + 1, ' ') != NULL)
		return -1;
	if (notes_id(a, (size_t)(b - a), lesson) != 0 ||
	    notes_id(b + 1, strlen(b + 1), step) != 0)
		return -1;
	return 0;
}
