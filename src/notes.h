/*
 * notes.h — the line from a presenter to its speaker notes: `lockstep
 * present LESSON` listens on a Unix domain socket, `lockstep present
 * --notes` in another terminal connects and follows it.
 *
 * The socket lives in a private folder: $XDG_RUNTIME_DIR/lockstep/, or
 * when that is unset ${TMPDIR:-/tmp}/lockstep-UID/; the folder must be a
 * real directory (not a link), owned by the user, mode 0700, or nothing is
 * done there.  The socket itself is created 0600, and each side checks the
 * other's uid (SO_PEERCRED).  A socket left by a crashed presenter is told
 * from a live one by connecting to it: refused means stale, and it is
 * replaced; accepted means a presenter runs, and a second one is refused.
 *
 * The presenter only ever sends "step LESSON STEP\n" — a lesson id and a
 * step id, as lockstep-lesson(5) allows them — when the step changes and
 * to each new listener.  The notes side parses strictly and trusts
 * nothing else: anything longer or different is dropped and the
 * connection closed.
 */
#ifndef LOCKSTEP_NOTES_H
#define LOCKSTEP_NOTES_H

#include <stddef.h>

#define NOTES_MAX_CLIENTS 8
#define NOTES_MAX_LINE 100	/* "step " + two ids + a space + '\n' fit */
#define NOTES_ID_MAX 41		/* an id and its NUL */

struct notes_server {
	int fd;				/* listening, or -1 */
	int client[NOTES_MAX_CLIENTS];	/* -1: free */
	char line[NOTES_MAX_LINE + 1];	/* the current message, "" none */
	char path[108];
};

struct notes_client {
	int fd;				/* connected, or -1 */
	char buf[NOTES_MAX_LINE + 1];
	size_t n;
};

/* The socket's path (its private folder made and checked); 0, or -1 with err. */
int notes_socket_path(char *path, size_t len, char *err, size_t errlen);
/* Listen at path (a stale socket is replaced); 0, or -1 with err. */
int notes_server_open(struct notes_server *s, const char *path, char *err,
    size_t errlen);
/* Tell every listener (now and later) the presenter is at lesson, step. */
void notes_server_send(struct notes_server *s, const char *lesson, const char *step);
/* Take new listeners (sending them the current step), drop gone ones. */
void notes_server_poll(struct notes_server *s);
/* Close everything and remove the socket. */
void notes_server_close(struct notes_server *s);

/* An unconnected client. */
void notes_client_init(struct notes_client *c);
/* Try to connect to path: 0 connected, -1 no presenter there. */
int notes_client_connect(struct notes_client *c, const char *path);
/*
 * Read what arrived: 1 with the newest lesson and step set, 0 nothing new,
 * -1 the presenter is gone (or sent something that is not a step message):
 * the client is unconnected again.
 */
int notes_client_poll(struct notes_client *c, char lesson[NOTES_ID_MAX],
    char step[NOTES_ID_MAX]);
/* Close the connection. */
void notes_client_close(struct notes_client *c);
/* Parse one message line (no '\n'): 0 with the ids, or -1. */
int notes_parse(const char *line, char lesson[NOTES_ID_MAX], char step[NOTES_ID_MAX]);

#endif
