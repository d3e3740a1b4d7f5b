/*
 * results.h — quiz result files (the format is lockstep-results(5)).
 *
 * A finished quiz becomes one JSON object in a file of its own,
 * NAME-YYYYmmddTHHMMSS-RANDOM.json, in a results folder that a whole class
 * may share.  results_write() writes a hidden temporary file in that folder
 * (O_EXCL), fsyncs it, then link()s it to its final name — link, unlike
 * rename, fails rather than replaces when the name exists, so no result
 * ever overwrites another; on a clash it draws a new RANDOM and tries again.
 * A crash leaves at most a hidden ".*.tmp" file, which readers ignore.
 *
 * results_parse() is strict: a file is taken only when every field is there
 * with its type, the format is ours and its version one we know, the ids
 * are lesson ids and the score agrees with the answers.  Anything else is
 * refused with a one-line reason the report prints.
 */
#ifndef LOCKSTEP_RESULTS_H
#define LOCKSTEP_RESULTS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lesson.h"
#include "quiz.h"

#define RESULTS_FORMAT "lockstep-results"
#define RESULTS_VERSION 1
#define RESULTS_MAX_NAME 64		/* bytes in a student's name */
#define RESULTS_MAX_HOST 64
#define RESULTS_MAX_BYTES (1 << 20)	/* a bigger file is refused */
#define RESULTS_MAX_QUESTIONS 1024
#define RESULTS_TIME_FORMAT "%Y-%m-%dT%H:%M:%SZ"

struct results_answer {
	char lesson[LESSON_MAX_ID + 1];
	char id[LESSON_MAX_ID + 1];
	enum lesson_question_kind kind;
	unsigned picked;		/* bits of choice indexes, file order */
	enum quiz_status status;	/* RIGHT, WRONG or VOID */
	struct quiz_measure measured[QUIZ_MAX_MEASURED];
	int nmeasured;
};

struct results {
	int version;
	char lockstep[32];		/* the lockstep version that wrote it */
	char name[RESULTS_MAX_NAME + 1];
	char host[RESULTS_MAX_HOST + 1];
	time_t start, end;
	uint64_t seed;
	char (*lessons)[LESSON_MAX_ID + 1];
	int nlessons;
	struct results_answer *answers;
	int n;
	int right, total;		/* total: graded answers (void excluded) */
};

/* The results of a finished quiz qz over lessons, taken by name on host. */
void results_from_quiz(struct results *r, const struct quiz *qz,
    const struct lesson *const *lessons, int nlessons, const char *name,
    const char *host, time_t start, time_t end);
/*
 * Write r as a new file in dir (which must exist).  0 with the file's path
 * in path, or -1 with a reason in err; never replaces an existing file.
 */
int results_write(const struct results *r, const char *dir, char *path,
    size_t pathlen, char *err, size_t errlen);
/* Parse a result file's text strictly: 0, or -1 with the reason. */
int results_parse(const char *text, size_t len, struct results *r, char *reason,
    size_t rlen);
/* Read and parse the file at path like results_parse (not following links). */
int results_read(const char *path, struct results *r, char *reason, size_t rlen);
/* Free what r holds; r is empty again. */
void results_free(struct results *r);
/* The part of a file name that stands for name: [A-Za-z0-9._-], at most 32. */
void results_file_name_part(const char *name, char *out, size_t len);
/* Format t (UTC) with strftime format fmt into buf. */
void results_time(time_t t, const char *fmt, char *buf, size_t len);
/* A name is acceptable: 1..RESULTS_MAX_NAME bytes of UTF-8 without controls. */
int results_valid_name(const char *name);

#endif
