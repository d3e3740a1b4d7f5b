/*
 * results.c — writing and strictly reading quiz result files (results.h).
 *
 *   {"format":"lockstep-results","version":1,"lockstep":"0.1.0",
 *    "name":"ann","host":"lab-07","seed":42,
 *    "start":"2026-11-23T09:00:00Z","end":"2026-11-23T09:06:12Z",
 *    "lessons":["gil","processes"],
 *    "questions":[{"lesson":"gil","id":"why","kind":"choice","picked":[0],
 *                  "result":"right","measured":{}}, ...],
 *    "score":{"right":3,"total":4}}
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "results.h"
#include "util.h"

void
results_free(struct results *r)
{
	free(r->lessons);
	free(r->answers);
	memset(r, 0, sizeof *r);
}

int
results_valid_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > RESULTS_MAX_NAME)
		return 0;
	for (const unsigned char *s = (const unsigned char *)name; *s != '\0'; s++)
		if (*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

void
results_file_name_part(const char *name, char *out, size_t len)
{
	size_t n = 0;

	for (const char *s = name; *s != '\0' && n + 1 < len && n < 32; s++) {
		char c = *s;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			c = '_';
		if (n == 0 && c == '.')
			c = '_';	/* never a hidden file */
		out[n++] = c;
	}
	if (n == 0 && len > 1)
		out[n++] = '_';
	out[n] = '\0';
}

void
results_from_quiz(struct results *r, const struct quiz *qz,
    const struct lesson *const *lessons, int nlessons, const char *name,
    const char *host, time_t start, time_t end)
{
	memset(r, 0, sizeof *r);
	r->version = RESULTS_VERSION;
	xsnprintf(r->lockstep, sizeof r->lockstep, "%s", PACKAGE_VERSION);
	xsnprintf(r->name, sizeof r->name, "%s", name);
	xsnprintf(r->host, sizeof r->host, "%s", host);
	r->start = start;
	r->end = end;
	r->seed = qz->seed;
	r->nlessons = nlessons;
	r->lessons = xcalloc((size_t)nlessons + 1, sizeof *r->lessons);
	for (int i = 0; i < nlessons; i++)
		xsnprintf(r->lessons[i], sizeof r->lessons[i], "%s", lessons[i]->id);
	r->answers = xcalloc((size_t)qz->n + 1, sizeof *r->answers);
	for (int i = 0; i < qz->n; i++) {
		const struct quiz_item *it = &qz->items[i];
		struct results_answer *a = &r->answers[r->n++];

		xsnprintf(a->lesson, sizeof a->lesson, "%s", it->lesson->id);
		xsnprintf(a->id, sizeof a->id, "%s", it->q->id);
		a->kind = it->q->kind;
		a->picked = it->picked;
		a->status = it->status;
		memcpy(a->measured, it->measured, sizeof a->measured);
		a->nmeasured = it->nmeasured;
	}
	quiz_score(qz, &r->right, &r->total);
}

void
results_time(time_t t, const char *fmt, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (strftime(buf, len, fmt, &tm) == 0 && len > 0)
		buf[0] = '\0';
}

static void
results_print(const struct results *r, FILE *f)
{
	char t[32];
	int first = 1;

	fputc('{', f);
	json_key(f, "format", &first);
	json_string(f, RESULTS_FORMAT);
	json_key(f, "version", &first);
	fprintf(f, "%d", RESULTS_VERSION);
	json_key(f, "lockstep", &first);
	json_string(f, r->lockstep);
	json_key(f, "name", &first);
	json_string(f, r->name);
	json_key(f, "host", &first);
	json_string(f, r->host);
	json_key(f, "seed", &first);
	fprintf(f, "%llu", (unsigned long long)(r->seed & ((1ull << 53) - 1)));
	results_time(r->start, RESULTS_TIME_FORMAT, t, sizeof t);
	json_key(f, "start", &first);
	json_string(f, t);
	results_time(r->end, RESULTS_TIME_FORMAT, t, sizeof t);
	json_key(f, "end", &first);
	json_string(f, t);
	json_key(f, "lessons", &first);
	fputc('[', f);
	for (int i = 0; i < r->nlessons; i++) {
		if (i > 0)
			fputc(',', f);
		json_string(f, r->lessons[i]);
	}
	fputs("],\n\"questions\":[", f);
	for (int i = 0; i < r->n; i++) {
		const struct results_answer *a = &r->answers[i];
		int qf = 1, c = 0;

		fputs(i > 0 ? ",\n{" : "\n{", f);
		json_key(f, "lesson", &qf);
		json_string(f, a->lesson);
		json_key(f, "id", &qf);
		json_string(f, a->id);
		json_key(f, "kind", &qf);
		json_string(f, quiz_kind_name(a->kind));
		json_key(f, "picked", &qf);
		fputc('[', f);
		for (int b = 0; b < LESSON_MAX_CHOICES; b++)
			if (a->picked & (1u << b))
				fprintf(f, c++ ? ",%d" : "%d", b);
		fputc(']', f);
		json_key(f, "result", &qf);
		json_string(f, quiz_status_name(a->status));
		json_key(f, "measured", &qf);
		fputc('{', f);
		c = 1;
		for (int m = 0; m < a->nmeasured; m++) {
			json_key(f, a->measured[m].name, &c);
			json_number(f, a->measured[m].value);
		}
		fputs("}}", f);
	}
	fprintf(f, "],\n\"score\":{\"right\":%d,\"total\":%d}}\n", r->right,
	    r->total);
}

/* Eight random hex digits for a file name. */
static void
results_random(char *buf, size_t len)
{
	uint32_t v;

	if (getrandom(&v, sizeof v, GRND_NONBLOCK) != (ssize_t)sizeof v)
		v = (uint32_t)(now_ns() ^ ((uint64_t)getpid() << 16));
	xsnprintf(buf, len, "%08x", v);
}

int
results_write(const struct results *r, const char *dir, char *path,
    size_t pathlen, char *err, size_t errlen)
{
	char part[40], stamp[32], rnd[16], tmp[4096];
	FILE *f;
	int fd = -1, rc = -1;

	results_file_name_part(r->name, part, sizeof part);
	results_time(r->end, "%Y%m%dT%H%M%S", stamp, sizeof stamp);
	/* The temporary file: hidden, in the same folder, never an old one. */
	for (int tries = 0; fd == -1 && tries < 20; tries++) {
		results_random(rnd, sizeof rnd);
		xsnprintf(tmp, sizeof tmp, "%s/.%s-%s-%s.json.tmp", dir, part, stamp, rnd);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
		if (fd == -1 && errno != EEXIST) {
			xsnprintf(err, errlen, "%s: %s", dir, strerror(errno));
			return -1;
		}
	}
	if (fd == -1) {
		xsnprintf(err, errlen, "%s: no free file name", dir);
		return -1;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		xsnprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	results_print(r, f);
	if (fflush(f) != 0 || ferror(f) || fsync(fd) != 0) {
		xsnprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		fclose(f);
		unlink(tmp);
		return -1;
	}
	fclose(f);
	/* The final name: link() refuses an existing name, so nothing is
	 * ever overwritten; another RANDOM on a clash. */
	for (int tries = 0; tries < 20; tries++) {
		if (tries > 0)
			results_random(rnd, sizeof rnd);
		xsnprintf(path, pathlen, "%s/%s-%s-%s.json", dir, part, stamp, rnd);
		if (link(tmp, path) == 0) {
			rc = 0;
			break;
		}
		if (errno == EEXIST)
			continue;
		if (errno == EPERM || errno == ENOSYS || errno == EOPNOTSUPP) {
			/* No hard links (some synced folders): no-replace rename. */
			if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0) {
				rc = 0;
				break;
			}
			if (errno == EEXIST)
				continue;
		}
		xsnprintf(err, errlen, "%s: %s", path, strerror(errno));
		break;
	}
	if (rc != 0 && err[0] == '\0')
		xsnprintf(err, errlen, "%s: no free file name", dir);
	unlink(tmp);
	if (rc == 0 && (fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(fd);	/* make the new name durable */
		close(fd);
	}
	return rc;
}

/* Reading. */

static int
results_fail(char *reason, size_t rlen, const char *fmt, ...) LS_PRINTF(3, 4);

static int
results_fail(char *reason, size_t rlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, rlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* A lesson or question id, as lesson(5) allows them. */
static int
results_valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > LESSON_MAX_ID)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

static const struct json_value *
results_field(const struct json_value *o, const char *key, enum json_type type)
{
	const struct json_value *v = json_get(o, key);

	return v != NULL && v->type == type ? v : NULL;
}

static int
results_int(const struct json_value *v, double max, long long *out)
{
	if (v == NULL || v->type != JSON_NUMBER || v->num < 0 || v->num > max ||
	    v->num != (double)(long long)v->num)
		return -1;
	*out = (long long)v->num;
	return 0;
}

static int
results_parse_time(const char *s, time_t *out)
{
	struct tm tm = { 0 };
	char z;
	int n = 0;

	if (strlen(s) != 20 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z, &n) != 7 ||
	    n != 20 || z != 'Z' || tm.tm_mon < 1 || tm.tm_mon > 12 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60 || tm.tm_year < 1970)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return 0;
}

static int
results_parse_answer(const struct json_value *q, int i, struct results_answer *a,
    char *reason, size_t rlen)
{
	const struct json_value *lesson, *id, *kind, *picked, *res, *meas;

	if (q->type != JSON_OBJECT)
		return results_fail(reason, rlen, "question %d is not an object", i + 1);
	lesson = results_field(q, "lesson", JSON_STRING);
	id = results_field(q, "id", JSON_STRING);
	kind = results_field(q, "kind", JSON_STRING);
	picked = results_field(q, "picked", JSON_ARRAY);
	res = results_field(q, "result", JSON_STRING);
	meas = results_field(q, "measured", JSON_OBJECT);
	if (!lesson || !id || !kind || !picked || !res || !meas)
		return results_fail(reason, rlen,
		    "question %d lacks lesson, id, kind, picked, result or measured", i + 1);
	if (!results_valid_id(lesson->str) || !results_valid_id(id->str))
		return results_fail(reason, rlen, "question %d: bad lesson or question id", i + 1);
	strcpy(a->lesson, lesson->str);
	strcpy(a->id, id->str);
	if (strcmp(kind->str, "choice") == 0)
		a->kind = QUESTION_CHOICE;
	else if (strcmp(kind->str, "predict") == 0)
		a->kind = QUESTION_PREDICT;
	else
		return results_fail(reason, rlen, "question %d: unknown kind", i + 1);
	for (int c = 0; c < picked->n; c++) {
		long long b;

		if (results_int(&picked->items[c], LESSON_MAX_CHOICES - 1, &b) != 0 ||
		    (a->picked & (1u << b)))
			return results_fail(reason, rlen, "question %d: bad picked choice", i + 1);
		a->picked |= 1u << b;
	}
	if (strcmp(res->str, "right") == 0)
		a->status = QUIZ_RIGHT;
	else if (strcmp(res->str, "wrong") == 0)
		a->status = QUIZ_WRONG;
	else if (strcmp(res->str, "void") == 0 && a->kind == QUESTION_PREDICT)
		a->status = QUIZ_VOID;
	else
		return results_fail(reason, rlen, "question %d: bad result", i + 1);
	if (meas->n > QUIZ_MAX_MEASURED)
		return results_fail(reason, rlen, "question %d: too many measured values", i + 1);
	for (int m = 0; m < meas->n; m++) {
		if (meas->items[m].type != JSON_NUMBER || strlen(meas->keys[m]) == 0 ||
		    strlen(meas->keys[m]) >= QUIZ_MAX_NAME)
			return results_fail(reason, rlen, "question %d: bad measured value", i + 1);
		strcpy(a->measured[m].name, meas->keys[m]);
		a->measured[m].value = meas->items[m].num;
	}
	a->nmeasured = meas->n;
	return 0;
}

static int
results_parse_value(const struct json_value *v, struct results *r, char *reason,
    size_t rlen)
{
	const struct json_value *fmt, *ver, *s, *lessons, *qs, *score;
	long long n, right, total;

	if (v->type != JSON_OBJECT)
		return results_fail(reason, rlen, "not a lockstep result file (not a JSON object)");
	fmt = results_field(v, "format", JSON_STRING);
	if (fmt == NULL || strcmp(fmt->str, RESULTS_FORMAT) != 0)
		return results_fail(reason, rlen, "not a lockstep result file (foreign JSON)");
	ver = json_get(v, "version");
	if (results_int(ver, 1e9, &n) != 0 || n < 1)
		return results_fail(reason, rlen, "bad format version");
	if (n > RESULTS_VERSION)
		return results_fail(reason, rlen,
		    "format version %lld is newer than this lockstep reads (%d)", n,
		    RESULTS_VERSION);
	r->version = (int)n;
	if ((s = results_field(v, "lockstep", JSON_STRING)) == NULL ||
	    strlen(s->str) >= sizeof r->lockstep)
		return results_fail(reason, rlen, "missing or bad \"lockstep\"");
	strcpy(r->lockstep, s->str);
	if ((s = results_field(v, "name", JSON_STRING)) == NULL ||
	    !results_valid_name(s->str))
		return results_fail(reason, rlen, "missing or bad \"name\"");
	strcpy(r->name, s->str);
	if ((s = results_field(v, "host", JSON_STRING)) == NULL ||
	    strlen(s->str) > RESULTS_MAX_HOST || !results_valid_name(s->str))
		return results_fail(reason, rlen, "missing or bad \"host\"");
	strcpy(r->host, s->str);
	if (results_int(json_get(v, "seed"), 9007199254740991.0, &n) != 0)
		return results_fail(reason, rlen, "missing or bad \"seed\"");
	r->seed = (uint64_t)n;
	if ((s = results_field(v, "start", JSON_STRING)) == NULL ||
	    results_parse_time(s->str, &r->start) != 0)
		return results_fail(reason, rlen, "missing or bad \"start\"");
	if ((s = results_field(v, "end", JSON_STRING)) == NULL ||
	    results_parse_time(s->str, &r->end) != 0 || r->end < r->start)
		return results_fail(reason, rlen, "missing or bad \"end\"");
	lessons = results_field(v, "lessons", JSON_ARRAY);
	if (lessons == NULL || lessons->n == 0 || lessons->n > LESSON_MAX_SECTIONS * 16)
		return results_fail(reason, rlen, "missing or bad \"lessons\"");
	r->lessons = xcalloc((size_t)lessons->n, sizeof *r->lessons);
	for (int i = 0; i < lessons->n; i++) {
		if (lessons->items[i].type != JSON_STRING ||
		    !results_valid_id(lessons->items[i].str))
			return results_fail(reason, rlen, "bad lesson id in \"lessons\"");
		strcpy(r->lessons[r->nlessons++], lessons->items[i].str);
	}
	qs = results_field(v, "questions", JSON_ARRAY);
	if (qs == NULL || qs->n > RESULTS_MAX_QUESTIONS)
		return results_fail(reason, rlen, "missing or bad \"questions\"");
	r->answers = xcalloc((size_t)qs->n + 1, sizeof *r->answers);
	for (int i = 0; i < qs->n; i++) {
		int known = 0;

		if (results_parse_answer(&qs->items[i], i, &r->answers[i], reason, rlen) != 0)
			return -1;
		for (int l = 0; l < r->nlessons && !known; l++)
			known = strcmp(r->lessons[l], r->answers[i].lesson) == 0;
		if (!known)
			return results_fail(reason, rlen,
			    "question %d: lesson not in \"lessons\"", i + 1);
		r->n++;
	}
	score = results_field(v, "score", JSON_OBJECT);
	if (score == NULL || results_int(json_get(score, "right"), 1e6, &right) != 0 ||
	    results_int(json_get(score, "total"), 1e6, &total) != 0)
		return results_fail(reason, rlen, "missing or bad \"score\"");
	r->right = r->total = 0;
	for (int i = 0; i < r->n; i++) {
		r->right += r->answers[i].status == QUIZ_RIGHT;
		r->total += r->answers[i].status != QUIZ_VOID;
	}
	if (right != r->right || total != r->total)
		return results_fail(reason, rlen, "score does not match the answers");
	return 0;
}

int
results_parse(const char *text, size_t len, struct results *r, char *reason,
    size_t rlen)
{
	struct json_value *v;
	char err[200];
	int rc;

	memset(r, 0, sizeof *r);
	if (json_parse(text, len, &v, err, sizeof err) != 0)
		return results_fail(reason, rlen, "not JSON (%s)", err);
	rc = results_parse_value(v, r, reason, rlen);
	json_value_free(v);
	if (rc != 0)
		results_free(r);
	return rc;
}

int
results_read(const char *path, struct results *r, char *reason, size_t rlen)
{
	struct stat st;
	char *buf;
	ssize_t n;
	int fd, rc;

	memset(r, 0, sizeof *r);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1)
		return results_fail(reason, rlen, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return results_fail(reason, rlen, "not a regular file");
	}
	if (st.st_size > RESULTS_MAX_BYTES) {
		close(fd);
		return results_fail(reason, rlen, "too big for a result file");
	}
	buf = xmalloc((size_t)st.st_size + 1);
	n = 0;
	for (;;) {
		ssize_t k = read(fd, buf + n, (size_t)st.st_size + 1 - (size_t)n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k < 0)
				n = -1;
			break;
		}
		n += k;
		if (n > st.st_size)
			break;
	}
	close(fd);
	if (n < 0) {
		rc = results_fail(reason, rlen, "cannot read: %s", strerror(errno));
	} else if (n > st.st_size) {
		rc = results_fail(reason, rlen, "changed while read");
	} else {
		rc = results_parse(buf, (size_t)n, r, reason, rlen);
	}
	free(buf);
	return rc;
}
