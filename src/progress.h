/*
 * progress.h — what the learner has done, kept across sessions in
 * $XDG_STATE_HOME/lockstep/progress: per lesson the step the learner was
 * at last (where the lesson resumes), the furthest step reached, whether it
 * is done and the best quiz score, and the lesson seen last.
 *
 * Saving is atomic (temp file, fsync, rename, fsync of the directory), so a
 * crash leaves the old file or the new one, never half of either; it merges
 * with what another lockstep saved meanwhile, under a lock.  A file that
 * cannot be used is never trusted nor lost: it is renamed aside
 * (progress.corrupt-YYYYmmdd-HHMMSS, progress.directory-..., ...), reported,
 * and the learner starts afresh.  Nothing is written through a link, and a
 * state folder others can write to is refused.  See progress.c.
 */
#ifndef LOCKSTEP_PROGRESS_H
#define LOCKSTEP_PROGRESS_H

#include <stddef.h>

#define PROGRESS_ID_MAX 64

struct progress_entry {
	char id[PROGRESS_ID_MAX];
	int step;			/* step index the learner was at last (0-based) */
	int furthest;			/* the furthest step index reached, >= step */
	int done;			/* finished the lesson */
	int quiz_right, quiz_total;	/* best quiz score; total 0 = not taken */
	int moved;			/* step set here since the last save (not saved) */
};

struct progress {
	struct progress_entry *v;
	int n, cap;
	char last[PROGRESS_ID_MAX];	/* lesson seen last, "" none */
	/* what the file held when last read or written (for the merge) */
	struct progress_entry *base;
	int nbase;
	char base_last[PROGRESS_ID_MAX];
};

enum progress_load_status {
	PROGRESS_OK,			/* loaded (or there was none yet) */
	PROGRESS_SET_ASIDE,		/* was unusable: renamed aside, see msg */
	PROGRESS_ERROR			/* the state folder is unusable: see msg */
};

/* Load the progress file of state directory dir into p (empty p first). */
enum progress_load_status progress_load(struct progress *p, const char *dir,
    char *msg, size_t len);
/* Parse progress text; 0, or -1 with the line number of the fault. */
int progress_parse(struct progress *p, const char *text, int *bad_line);
/* Merge what p changed since it was loaded into dir's file (created if
 * missing), atomically; p becomes the merged whole.  0; 1 when saved but
 * an unusable file was set aside first (err says so); -1 with err. */
int progress_save(struct progress *p, const char *dir, char *err, size_t len);
/* p in the file format (malloc'd, NUL-terminated, its length in len). */
char *progress_format(const struct progress *p, size_t *len);
/* The entry for lesson id, created empty when create is set; or NULL. */
struct progress_entry *progress_get(struct progress *p, const char *id, int create);
/* The learner is at step of lesson id (back or forth): the step it resumes
 * at, the furthest raised if passed; the entry, or NULL for a bad id. */
struct progress_entry *progress_at(struct progress *p, const char *id, int step);
/* Free p's entries; p is empty again. */
void progress_free(struct progress *p);

#endif
