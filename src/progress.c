/*
 * progress.c — the progress file: a small line format, strict parsing,
 * safe and atomic saves that merge with other instances.
 *
 *   # lockstep progress 2
 *   last race-lock
 *   lesson race-lock step 2 furthest 5 done 0 quiz 3 4
 *
 * step is where the learner was last (the lesson resumes there, also after
 * going back), furthest the furthest step ever reached.  Version 1 files
 * (no furthest: it is taken to be step) are read and rewritten as 2.
 *
 * Safety.  The state folder must belong to the user and be writable by no
 * one else (as ssh requires of ~/.ssh): otherwise another user could plant
 * links in it.  Inside it every file is opened relative to the folder's
 * descriptor with O_NOFOLLOW and O_NONBLOCK and checked with fstat, so a
 * link, FIFO, socket or device is never followed, never blocks, and is
 * never written through.  Temp files are created with O_EXCL.
 *
 * Set aside, never lost.  A progress file that is not a readable regular
 * file of sane size holding valid text (corrupt, unreadable, too large, a
 * directory, a FIFO, a link ...) is renamed progress.KIND-STAMP before
 * anything else is written there, and the message says which it was.
 *
 * Merge on save.  Two lockstep instances may run at once (two terminals).
 * struct progress keeps a copy of what the file held when this instance
 * last read or wrote it (base).  A save takes an exclusive flock on
 * progress.lock, re-reads the file, applies to it the entries this
 * instance changed since base (per lesson: its step if it moved here,
 * since the last save is where the learner was last; the furthest step;
 * done; the best quiz score), writes the result to a temp file, fsyncs, renames it
 * over the old one and fsyncs the folder.  The merged result becomes both
 * this instance's progress and its new base.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "paths.h"
#include "progress.h"
#include "util.h"

#define PROGRESS_FILE "progress"
#define PROGRESS_LOCK "progress.lock"
#define PROGRESS_HEADER "# lockstep progress 2"
#define PROGRESS_HEADER_1 "# lockstep progress 1"	/* read, never written */
#define PROGRESS_MAX_BYTES (1 << 20)
#define PROGRESS_LOCK_WAIT_NS (3ull * 1000000000u)

/* Flags of every open inside the state folder. */
#define PROGRESS_OPEN_FLAGS (O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

void
progress_free(struct progress *p)
{
	free(p->v);
	free(p->base);
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

struct progress_entry *
progress_at(struct progress *p, const char *id, int step)
{
	struct progress_entry *e = progress_get(p, id, 1);

	if (e != NULL) {
		e->step = step;
		if (step > e->furthest)
			e->furthest = step;
		e->moved = 1;
	}
	return e;
}

/* A lesson line of a version 1 file (no furthest) or 2. */
static int
parse_lesson(const char *line, int version, char *id, int *step, int *furthest,
    int *done, int *right, int *total)
{
	char extra;

	if (version == 1) {
		*furthest = -1;
		return sscanf(line, "lesson %64s step %d done %d quiz %d %d %c", id, step,
		    done, right, total, &extra) == 5 ? 0 : -1;
	}
	return sscanf(line, "lesson %64s step %d furthest %d done %d quiz %d %d %c", id,
	    step, furthest, done, right, total, &extra) == 6 ? 0 : -1;
}

static int
parse_line(struct progress *p, char *line, int version)
{
	char id[PROGRESS_ID_MAX + 1], extra;
	int step, furthest, done, right, total;
	struct progress_entry *e;

	if (line[0] == '\0' || line[0] == '#')
		return 0;
	if (sscanf(line, "last %64s %c", id, &extra) == 1) {
		if (!valid_id(id))
			return -1;
		xsnprintf(p->last, sizeof p->last, "%s", id);
		return 0;
	}
	if (parse_lesson(line, version, id, &step, &furthest, &done, &right, &total) != 0)
		return -1;
	if (furthest == -1)
		furthest = step;
	if (!valid_id(id) || step < 0 || step > furthest || furthest > 10000 ||
	    (done != 0 && done != 1) ||
	    total < 0 || total > 1000 || right < 0 || right > total ||
	    progress_get(p, id, 0) != NULL)
		return -1;
	e = progress_get(p, id, 1);
	e->step = step;
	e->furthest = furthest;
	e->done = done;
	e->quiz_right = right;
	e->quiz_total = total;
	return 0;
}

int
progress_parse(struct progress *p, const char *text, int *bad_line)
{
	char *copy = xstrdup(text), *line = copy, *nl;
	int lineno = 0, rc = 0, version;

	if (strncmp(text, PROGRESS_HEADER "\n", strlen(PROGRESS_HEADER) + 1) == 0)
		version = 2;
	else if (strncmp(text, PROGRESS_HEADER_1 "\n", strlen(PROGRESS_HEADER_1) + 1) == 0)
		version = 1;
	else {
		*bad_line = 1;
		free(copy);
		return -1;
	}
	while (line != NULL && *line != '\0') {
		lineno++;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if (strlen(line) != strcspn(line, "\r\t\v\f") || parse_line(p, line, version) != 0) {
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

char *
progress_format(const struct progress *p, size_t *len)
{
	size_t cap = 128 + (size_t)p->n * (PROGRESS_ID_MAX + 128), n = 0;
	char *buf = xmalloc(cap);

	n += xsnprintf(buf + n, cap - n, "%s\n", PROGRESS_HEADER);
	if (p->last[0] != '\0')
		n += xsnprintf(buf + n, cap - n, "last %s\n", p->last);
	for (int i = 0; i < p->n; i++)
		n += xsnprintf(buf + n, cap - n,
		    "lesson %s step %d furthest %d done %d quiz %d %d\n", p->v[i].id,
		    p->v[i].step, p->v[i].furthest > p->v[i].step ? p->v[i].furthest :
		    p->v[i].step, p->v[i].done, p->v[i].quiz_right, p->v[i].quiz_total);
	*len = n;
	return buf;
}

/* Remember p's entries as what the file holds now. */
static void
progress_rebase(struct progress *p)
{
	free(p->base);
	p->base = NULL;
	p->nbase = p->n;
	if (p->n > 0) {
		p->base = xreallocarray(NULL, (size_t)p->n, sizeof *p->base);
		memcpy(p->base, p->v, (size_t)p->n * sizeof *p->v);
	}
	memcpy(p->base_last, p->last, sizeof p->last);
}

/* Open the state folder and check that only its owner can change it:
 * a descriptor, or -1 with err (errno ENOENT: it does not exist). */
static int
state_dir_open(const char *dir, char *err, size_t len)
{
	struct stat st;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dfd == -1) {
		int e = errno;

		xsnprintf(err, len, "%s: %s", dir, strerror(e));
		errno = e;
		return -1;
	}
	if (fstat(dfd, &st) == -1) {
		xsnprintf(err, len, "%s: %s", dir, strerror(errno));
	} else if (st.st_uid != geteuid()) {
		xsnprintf(err, len, "another user (uid %ld) owns the state folder %s: "
		    "refused", (long)st.st_uid, dir);
	} else if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		xsnprintf(err, len, "others can write to the state folder %s: refused "
		    "(chmod go-w it)", dir);
	} else {
		return dfd;
	}
	close(dfd);
	errno = EPERM;
	return -1;
}

enum read_status { READ_OK, READ_NONE, READ_BAD };

/*
 * Read and parse the progress file of folder dfd into p.  READ_BAD: it is
 * there but not usable; kind names it for the aside copy's name and why
 * says it for the learner.
 */
static enum read_status
read_progress(int dfd, struct progress *p, const char **kind, char *why, size_t len)
{
	struct stat st;
	char *text;
	ssize_t n;
	int fd, bad = 0;

	memset(p, 0, sizeof *p);
	if ((fd = openat(dfd, PROGRESS_FILE, O_RDONLY | PROGRESS_OPEN_FLAGS)) == -1) {
		if (errno == ENOENT)
			return READ_NONE;
		if (errno == ELOOP) {
			*kind = "link";
			xsnprintf(why, len, "is a symbolic link");
		} else if (errno == ENXIO) {
			*kind = "special";
			xsnprintf(why, len, "is a socket, not a regular file");
		} else {
			*kind = "unreadable";
			xsnprintf(why, len, "cannot be read (%s)", strerror(errno));
		}
		return READ_BAD;
	}
	if (fstat(fd, &st) == -1) {
		*kind = "unreadable";
		xsnprintf(why, len, "cannot be read (%s)", strerror(errno));
		close(fd);
		return READ_BAD;
	}
	if (!S_ISREG(st.st_mode)) {
		*kind = S_ISDIR(st.st_mode) ? "directory" : "special";
		xsnprintf(why, len, "%s", util_file_kind_error(st.st_mode));
		close(fd);
		return READ_BAD;
	}
	if (st.st_size > PROGRESS_MAX_BYTES) {
		*kind = "too-large";
		xsnprintf(why, len, "is too large (%lld bytes, at most %d)",
		    (long long)st.st_size, PROGRESS_MAX_BYTES);
		close(fd);
		return READ_BAD;
	}
	text = xmalloc((size_t)st.st_size + 1);
	n = read_full(fd, text, (size_t)st.st_size);
	close(fd);
	if (n < 0 || (size_t)n != (size_t)st.st_size) {
		*kind = "unreadable";
		xsnprintf(why, len, "cannot be read (%s)", n < 0 ? strerror(errno) :
		    "it changed while read");
		free(text);
		return READ_BAD;
	}
	text[n] = '\0';
	if (strlen(text) != (size_t)n || progress_parse(p, text, &bad) != 0) {
		*kind = "corrupt";
		xsnprintf(why, len, "is corrupt (line %d)", bad > 0 ? bad : 1);
		free(text);
		memset(p, 0, sizeof *p);
		return READ_BAD;
	}
	free(text);
	return READ_OK;
}

/* Rename the progress file of dfd to progress.KIND-STAMP[.N], a name not
 * taken; 0 with the name in aside, or -1 with errno. */
static int
set_aside(int dfd, const char *kind, char *aside, size_t len)
{
	char stamp[32];
	time_t now = time(NULL);
	struct stat st;
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	for (int i = 0; i < 1000; i++) {
		if (i == 0)
			xsnprintf(aside, len, "%s.%s-%s", PROGRESS_FILE, kind, stamp);
		else
			xsnprintf(aside, len, "%s.%s-%s.%d", PROGRESS_FILE, kind, stamp, i);
		if (fstatat(dfd, aside, &st, AT_SYMLINK_NOFOLLOW) == -1 && errno == ENOENT)
			return renameat(dfd, PROGRESS_FILE, dfd, aside);
	}
	errno = EEXIST;
	return -1;
}

/* Set the unusable progress file of dfd aside; msg says what happened. */
static void
set_aside_report(int dfd, const char *dir, const char *kind, const char *why,
    char *msg, size_t len)
{
	char aside[PROGRESS_ID_MAX + 64];

	if (set_aside(dfd, kind, aside, sizeof aside) == 0)
		xsnprintf(msg, len, "%s/%s %s: set aside as %s, starting afresh", dir,
		    PROGRESS_FILE, why, aside);
	else
		xsnprintf(msg, len, "%s/%s %s (could not set it aside: %s)", dir,
		    PROGRESS_FILE, why, strerror(errno));
}

enum progress_load_status
progress_load(struct progress *p, const char *dir, char *msg, size_t len)
{
	char why[128];
	const char *kind = "";
	enum progress_load_status rc = PROGRESS_OK;
	int dfd;

	memset(p, 0, sizeof *p);
	msg[0] = '\0';
	if ((dfd = state_dir_open(dir, msg, len)) == -1) {
		if (errno != ENOENT)
			return PROGRESS_ERROR;
		msg[0] = '\0';
		return PROGRESS_OK;	/* nothing saved yet */
	}
	if (read_progress(dfd, p, &kind, why, sizeof why) == READ_BAD) {
		set_aside_report(dfd, dir, kind, why, msg, len);
		rc = PROGRESS_SET_ASIDE;
	}
	close(dfd);
	progress_rebase(p);
	return rc;
}

/* Take the save lock of dfd (waiting a bounded time): its fd, or -1. */
static int
lock_take(int dfd, const char *dir, char *err, size_t len)
{
	uint64_t until = now_ns() + PROGRESS_LOCK_WAIT_NS;
	struct stat st;
	int fd = openat(dfd, PROGRESS_LOCK, O_RDWR | O_CREAT | PROGRESS_OPEN_FLAGS, 0600);

	if (fd == -1) {
		xsnprintf(err, len, "%s/%s: %s", dir, PROGRESS_LOCK, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		xsnprintf(err, len, "%s/%s: %s", dir, PROGRESS_LOCK,
		    fstat(fd, &st) == -1 ? strerror(errno) : util_file_kind_error(st.st_mode));
		close(fd);
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if ((errno != EWOULDBLOCK && errno != EINTR) || now_ns() > until) {
			xsnprintf(err, len, "%s/%s: %s", dir, PROGRESS_LOCK,
			    errno == EWOULDBLOCK ? "held by another lockstep for too long" :
			    strerror(errno));
			close(fd);
			return -1;
		}
		sleep_ns(10 * 1000000u);
	}
	return fd;
}

/* What the file held for e's lesson when p last read or wrote it (an
 * empty entry if nothing). */
static struct progress_entry
entry_base(const struct progress *p, const struct progress_entry *e)
{
	struct progress_entry none = { 0 };

	for (int i = 0; i < p->nbase; i++)
		if (strcmp(p->base[i].id, e->id) == 0)
			return p->base[i];
	return none;
}

static int
entry_changed(const struct progress *p, const struct progress_entry *e)
{
	struct progress_entry b = entry_base(p, e);

	return e->moved || memcmp(&b, e, sizeof *e) != 0;
}

/*
 * Fold e, changed here since base b, into d: the step if it moved here
 * (this save is the learner's latest position, back or forth), the
 * furthest step, done once done, the best score.
 */
static void
entry_join(struct progress_entry *d, const struct progress_entry *e,
    const struct progress_entry *b)
{
	if (e->moved || e->step != b->step)
		d->step = e->step;
	if (e->furthest > d->furthest)
		d->furthest = e->furthest;
	if (d->step > d->furthest)
		d->furthest = d->step;
	d->done |= e->done;
	/* right/total compared without division; a score beats none */
	if (e->quiz_total > 0 && (d->quiz_total == 0 ||
	    (long)e->quiz_right * d->quiz_total > (long)d->quiz_right * e->quiz_total ||
	    ((long)e->quiz_right * d->quiz_total == (long)d->quiz_right * e->quiz_total &&
	    e->quiz_total > d->quiz_total))) {
		d->quiz_right = e->quiz_right;
		d->quiz_total = e->quiz_total;
	}
}

/* Write text to a new temp file of dfd and rename it to the progress
 * file; 0, or -1 with err (no temp file is left). */
static int
write_atomically(int dfd, const char *dir, const char *text, size_t n, char *err,
    size_t len)
{
	static unsigned seq;
	char tmp[64];
	int fd = -1;

	for (int i = 0; i < 100 && fd == -1; i++) {
		xsnprintf(tmp, sizeof tmp, ".%s.%ld.%u.tmp", PROGRESS_FILE, (long)getpid(),
		    seq++);
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | PROGRESS_OPEN_FLAGS, 0600);
		if (fd == -1 && errno != EEXIST)
			break;
	}
	/* the reason first: a status line that clips it still says why */
	if (fd == -1) {
		xsnprintf(err, len, "%s (in %s)", strerror(errno), dir);
		return -1;
	}
	if (write_full(fd, text, n) != 0 || fsync(fd) != 0) {
		xsnprintf(err, len, "%s (in %s)", strerror(errno), dir);
		close(fd);
		unlinkat(dfd, tmp, 0);
		return -1;
	}
	if (close(fd) != 0 || renameat(dfd, tmp, dfd, PROGRESS_FILE) != 0) {
		xsnprintf(err, len, "%s/%s: %s", dir, PROGRESS_FILE, strerror(errno));
		unlinkat(dfd, tmp, 0);
		return -1;
	}
	fsync(dfd);	/* make the rename itself durable */
	return 0;
}

int
progress_save(struct progress *p, const char *dir, char *err, size_t len)
{
	struct progress disk;
	const char *kind = "";
	char why[128], *text;
	size_t n;
	int dfd, lfd, rc = -1;

	err[0] = '\0';
	if (paths_mkdirs(dir) != 0) {
		xsnprintf(err, len, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if ((dfd = state_dir_open(dir, err, len)) == -1)
		return -1;
	if ((lfd = lock_take(dfd, dir, err, len)) == -1) {
		close(dfd);
		return -1;
	}
	rc = 0;
	if (read_progress(dfd, &disk, &kind, why, sizeof why) == READ_BAD) {
		set_aside_report(dfd, dir, kind, why, err, len);
		rc = 1;
	}
	for (int i = 0; i < p->n; i++) {
		struct progress_entry b = entry_base(p, &p->v[i]);

		if (entry_changed(p, &p->v[i]))
			entry_join(progress_get(&disk, p->v[i].id, 1), &p->v[i], &b);
	}
	if (strcmp(p->last, p->base_last) != 0)
		memcpy(disk.last, p->last, sizeof disk.last);
	text = progress_format(&disk, &n);
	if (write_atomically(dfd, dir, text, n, err, len) != 0) {
		progress_free(&disk);
		rc = -1;
	} else {
		progress_free(p);
		*p = disk;
		progress_rebase(p);
	}
	free(text);
	close(lfd);	/* releases the lock */
	close(dfd);
	return rc;
}
