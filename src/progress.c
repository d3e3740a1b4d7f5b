/*
 * progress.c — the progress file: a small line format, strict parsing,
 * atomic saves.
 *
 *   # lockstep progress 1
 *   last race-lock
 *   lesson race-lock step 2 done 0 quiz 3 4
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "paths.h"
#include "progress.h"
#include "util.h"

#define PROGRESS_FILE "progress"
#define PROGRESS_HEADER "# lockstep progress 1"
#define PROGRESS_MAX_BYTES (1 << 20)

void
progress_free(struct progress *p)
{
	free(p->v);
	memset(p, 0, sizeof *p);
}

static int
valid_id(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n >= PROGRESS_ID_MAX)
		return 0;
	for (const char *s = id; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
			return 0;
	return 1;
}

struct progress_entry *
progress_get(struct progress *p, const char *id, int create)
{
	struct progress_entry *e;

	for (int i = 0; i < p->n; i++)
		if (strcmp(p->v[i].id, id) == 0)
			return &p->v[i];
	if (!create || !valid_id(id))
		return NULL;
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->v = xreallocarray(p->v, (size_t)p->cap, sizeof *p->v);
	}
	e = &p->v[p->n++];
	memset(e, 0, sizeof *e);
	xsnprintf(e->id, sizeof e->id, "%s", id);
	return e;
}

static int
parse_line(struct progress *p, char *line)
{
	char id[PROGRESS_ID_MAX + 1], extra;
	int step, done, right, total;
	struct progress_entry *e;

	if (line[0] == '\0' || line[0] == '#')
		return 0;
	if (sscanf(line, "last %64s %c", id, &extra) == 1) {
		if (!valid_id(id))
			return -1;
		xsnprintf(p->last, sizeof p->last, "%s", id);
		return 0;
	}
	if (sscanf(line, "lesson %64s step %d done %d quiz %d %d %c", id, &step, &done,
	    &right, &total, &extra) != 5)
		return -1;
	if (!valid_id(id) || step < 0 || step > 10000 || (done != 0 && done != 1) ||
	    total < 0 || total > 1000 || right < 0 || right > total ||
	    progress_get(p, id, 0) != NULL)
		return -1;
	e = progress_get(p, id, 1);
	e->step = step;
	e->done = done;
	e->quiz_right = right;
	e->quiz_total = total;
	return 0;
}

int
progress_parse(struct progress *p, const char *text, int *bad_line)
{
	char *copy = xstrdup(text), *line = copy, *nl;
	int lineno = 0, rc = 0;

	if (strncmp(text, PROGRESS_HEADER "\n", strlen(PROGRESS_HEADER) + 1) != 0) {
		*bad_line = 1;
		free(copy);
		return -1;
	}
	while (line != NULL && *line != '\0') {
		lineno++;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if (strlen(line) != strcspn(line, "\r\t\v\f") || parse_line(p, line) != 0) {
			*bad_line = lineno;
			rc = -1;
			break;
		}
		line = nl != NULL ? nl + 1 : NULL;
	}
	free(copy);
	if (rc != 0)
		progress_free(p);
	return rc;
}

/* Read the whole file at path; NULL with errno (ENOENT: there is none). */
static char *
slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	ssize_t n;

	if (fd == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size > PROGRESS_MAX_BYTES) {
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	n = read_full(fd, buf, (size_t)st.st_size);
	close(fd);
	if (n < 0 || (size_t)n != (size_t)st.st_size) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

enum progress_load_status
progress_load(struct progress *p, const char *dir, char *msg, size_t len)
{
	char *path, *aside, *text, stamp[32];
	size_t n = 0;
	int bad = 0;
	time_t now = time(NULL);
	struct tm tm;

	memset(p, 0, sizeof *p);
	msg[0] = '\0';
	xasprintf(&path, "%s/%s", dir, PROGRESS_FILE);
	text = slurp(path, &n);
	if (text == NULL) {
		enum progress_load_status st = PROGRESS_OK;

		if (errno != ENOENT) {
			xsnprintf(msg, len, "%s: %s", path, strerror(errno));
			st = PROGRESS_ERROR;
		}
		free(path);
		return st;
	}
	if (strlen(text) == n && progress_parse(p, text, &bad) == 0) {
		free(text);
		free(path);
		return PROGRESS_OK;
	}
	free(text);
	/* Corrupt: keep it for the learner, start afresh. */
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	xasprintf(&aside, "%s.corrupt-%s", path, stamp);
	if (rename(path, aside) == 0)
		xsnprintf(msg, len, "%s:%d: unreadable progress; set aside as %s, starting afresh",
		    path, bad, aside);
	else
		xsnprintf(msg, len, "%s:%d: unreadable progress (could not set it aside: %s)",
		    path, bad, strerror(errno));
	free(aside);
	free(path);
	memset(p, 0, sizeof *p);
	return PROGRESS_SET_ASIDE;
}

int
progress_save(const struct progress *p, const char *dir, char *err, size_t len)
{
	char *path, *tmp;
	FILE *f;
	int fd, rc = -1;

	if (paths_mkdirs(dir) != 0) {
		xsnprintf(err, len, "%s: %s", dir, strerror(errno));
		return -1;
	}
	xasprintf(&path, "%s/%s", dir, PROGRESS_FILE);
	xasprintf(&tmp, "%s/.%s.%ld.tmp", dir, PROGRESS_FILE, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		xsnprintf(err, len, "%s: %s", tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		goto out;
	}
	fprintf(f, "%s\n", PROGRESS_HEADER);
	if (p->last[0] != '\0')
		fprintf(f, "last %s\n", p->last);
	for (int i = 0; i < p->n; i++)
		fprintf(f, "lesson %s step %d done %d quiz %d %d\n", p->v[i].id,
		    p->v[i].step, p->v[i].done, p->v[i].quiz_right, p->v[i].quiz_total);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		xsnprintf(err, len, "%s: %s", tmp, strerror(errno));
		fclose(f);
		unlink(tmp);
		goto out;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		xsnprintf(err, len, "%s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(fd);	/* make the rename itself durable */
		close(fd);
	}
	rc = 0;
out:
	free(tmp);
	free(path);
	return rc;
}
