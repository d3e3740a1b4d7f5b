/*
 * trace-read.c — a --trace recording read back for replay (trace-read.h).
 *
 * The file is read a line at a time, as trace-chrome.c writes it: the
 * Chrome trace events are passed over; the line that opens "lockstep" is
 * that object (parsed with json-read.c), then "lockstepEvents" has one
 * event a line ([ns, track, kind, object, arg], parsed here, strictly, as
 * there may be millions), then the line of "lockstepEnd".  Anything else
 * is refused with the file's line number: a file that was re-formatted,
 * cut short or written by something else is not guessed at.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo.h"
#include "json.h"
#include "trace-read.h"
#include "util.h"

#define MAX_EVENTS (2u * REC_MAX_CHUNKS * REC_CHUNK)	/* 4M: 96 MiB */
/* A recording lockstep writes is at most 1 GiB (--trace's cap), and no
 * line of it is near a MiB: larger is not one, and is not read whole. */
#define MAX_FILE_BYTES (1ll << 30)
#define MAX_LINE_BYTES (1 << 20)

struct reader {
	const char *path;
	long line;
	char *err;
	size_t errlen;
};

static int rd_fail(struct reader *rd, const char *fmt, ...) LS_PRINTF(2, 3);

/* "PATH:LINE: message" into the error; returns -1. */
static int
rd_fail(struct reader *rd, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (rd->line > 0)
		xsnprintf(rd->err, rd->errlen, "%s:%ld: %s", rd->path, rd->line, msg);
	else
		xsnprintf(rd->err, rd->errlen, "%s: %s", rd->path, msg);
	return -1;
}

/* A number member of o, or def when it is missing. */
static double
num(const struct json_value *o, const char *key, double def)
{
	const struct json_value *v = json_get(o, key);

	return v != NULL && v->type == JSON_NUMBER ? v->num : def;
}

static const char *
str(const struct json_value *o, const char *key)
{
	const struct json_value *v = json_get(o, key);

	return v != NULL && v->type == JSON_STRING ? v->str : NULL;
}

/* The demo's knobs, as the command line wrote them. */
static int
head_knobs(struct reader *rd, const struct json_value *k, struct trace_file *tf)
{
	char err[256];

	if (k == NULL || k->type != JSON_OBJECT)
		return rd_fail(rd, "no \"knobs\" in the \"lockstep\" part");
	for (int i = 0; i < k->n; i++) {
		int id = knob_find(k->keys[i]), v;

		if (id < 0 || !demo_takes_knob(tf->demo, id))
			return rd_fail(rd, "demo %s has no knob '%s'", tf->demo->name, k->keys[i]);
		if (k->items[i].type != JSON_STRING ||
		    knob_parse(id, k->items[i].str, &v, err, sizeof err) != 0)
			return rd_fail(rd, "knob %s: %s", k->keys[i],
			    k->items[i].type == JSON_STRING ? err : "not a string");
		knobs_set(&tf->knobs, id, v);
	}
	{
		struct knobs probe = tf->knobs;

		if (demo_resolve_knobs(tf->demo, &probe, err, sizeof err) != 0)
			return rd_fail(rd, "knobs: %s", err);
	}
	return 0;
}

/* The workers' names and the objects. */
static int
head_rows(struct reader *rd, const struct json_value *h, struct trace_file *tf)
{
	const struct json_value *w = json_get(h, "workers"), *o = json_get(h, "objects");

	if (w == NULL || w->type != JSON_ARRAY || w->n < 1 || o == NULL ||
	    o->type != JSON_ARRAY)
		return rd_fail(rd, "no \"workers\" or \"objects\" in the \"lockstep\" part");
	tf->nworkers = w->n;
	for (int i = 0; i < w->n && i < VIEW_MAX_WORKERS; i++)
		xsnprintf(tf->names[i], sizeof tf->names[i], "%s",
		    w->items[i].type == JSON_STRING ? w->items[i].str : "?");
	tf->nobjs = o->n < VIEW_MAX_OBJS ? o->n : VIEW_MAX_OBJS;
	for (int i = 0; i < tf->nobjs; i++) {
		const char *name = str(&o->items[i], "name"), *kind = str(&o->items[i], "kind");

		if (name == NULL || kind == NULL || strlen(kind) != 1 ||
		    strchr("LQS", kind[0]) == NULL)
			return rd_fail(rd, "object %d: wants a name and a kind L, Q or S", i);
		xsnprintf(tf->obj[i].name, sizeof tf->obj[i].name, "%s", name);
		tf->obj[i].kind = kind[0];
		tf->obj[i].size = (int)num(&o->items[i], "size", 0);
	}
	return 0;
}

/* The "lockstep" object, on the text after its key. */
static int
read_head(struct reader *rd, const char *text, size_t len, struct trace_file *tf)
{
	struct json_value *h = NULL;
	const char *demo;
	char err[160];
	int rc = -1;

	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ','))
		len--;
	if (json_parse(text, len, &h, err, sizeof err) != 0)
		return rd_fail(rd, "the \"lockstep\" part: %s", err);
	if (h->type != JSON_OBJECT || num(h, "version", 0) != 1)
		rd_fail(rd, "a \"lockstep\" part of another version (this lockstep reads 1)");
	else if ((demo = str(h, "demo")) == NULL || (tf->demo = demo_find(demo)) == NULL)
		rd_fail(rd, "unknown demo '%s'", demo != NULL ? demo : "");
	else if (head_knobs(rd, json_get(h, "knobs"), tf) == 0 &&
	    head_rows(rd, h, tf) == 0) {
		xsnprintf(tf->command, sizeof tf->command, "%s",
		    str(h, "command") != NULL ? str(h, "command") : tf->demo->name);
		xsnprintf(tf->recorded, sizeof tf->recorded, "%s",
		    str(h, "recorded") != NULL ? str(h, "recorded") : "");
		tf->cores = (int)num(h, "cores", 1);
		tf->cores = tf->cores < 1 ? 1 : tf->cores;
		tf->gil = num(h, "gil", 0) != 0;
		tf->col_ns = (uint64_t)num(h, "col_ns", VIEW_COL_NS);
		tf->col_ns = tf->col_ns < 100000 ? VIEW_COL_NS : tf->col_ns;
		rc = 0;
	}
	json_value_free(h);
	return rc;
}

/* One event line: [ns,track,kind,object,arg] and a comma unless last. */
static int
read_event(struct reader *rd, const char *s, struct event *e)
{
	long long v[5];
	char *end;

	if (*s++ != '[')
		return rd_fail(rd, "not an event: want [ns,track,kind,object,arg]");
	for (int i = 0; i < 5; i++) {
		errno = 0;
		v[i] = strtoll(s, &end, 10);
		if (end == s || errno != 0 || *end != (i < 4 ? ',' : ']'))
			return rd_fail(rd, "not an event: want [ns,track,kind,object,arg]");
		s = end + 1;
	}
	if (*s == ',')
		s++;
	if (*s != '\n' && *s != '\0')
		return rd_fail(rd, "something after the event");
	if (v[1] < 0 || v[1] > UINT16_MAX || v[3] < 0 || v[3] > UINT32_MAX)
		return rd_fail(rd, "an event's track or object out of range");
	if (v[2] <= EV_NONE || v[2] >= EV__MAX)
		return rd_fail(rd, "unknown event kind %lld", v[2]);
	*e = (struct event){ .t = TRACE_READ_T0 + (uint64_t)(v[0] < 0 ? 0 : v[0]),
	    .track = (uint16_t)v[1], .kind = (uint16_t)v[2], .obj = (uint32_t)v[3],
	    .arg = v[4] };
	return 0;
}

/* The "lockstepEnd" object: how it ended and its figures. */
static int
read_end(struct reader *rd, const char *text, size_t len, struct trace_file *tf)
{
	struct json_value *o = NULL;
	const struct json_value *m;
	const char *end;
	char err[160];

	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ','))
		len--;
	if (json_parse(text, len, &o, err, sizeof err) != 0)
		return rd_fail(rd, "the \"lockstepEnd\" part: %s", err);
	end = str(o, "end");
	tf->res.end = RUN_FAILED + 1;
	for (int e = RUN_DONE; end != NULL && e <= RUN_FAILED; e++)
		if (strcmp(end, run_end_name((enum run_end)e)) == 0)
			tf->res.end = (enum run_end)e;
	if (tf->res.end > RUN_FAILED) {
		json_value_free(o);
		return rd_fail(rd, "\"end\" is not done, deadlocked, stopped or failed");
	}
	tf->end_ns = (uint64_t)num(o, "t", 0);
	tf->res.cpus_seen = (uint64_t)num(o, "cpus_seen", 0);
	tf->dropped = (uint64_t)num(o, "dropped", 0);
	m = json_get(o, "metrics");
	for (int i = 0; m != NULL && m->type == JSON_OBJECT && i < m->n &&
	    tf->res.nmetrics < RUN_MAX_METRICS; i++) {
		int k = tf->res.nmetrics++;

		xsnprintf(tf->metric_names[k], sizeof tf->metric_names[k], "%s", m->keys[i]);
		tf->res.m[k].name = tf->metric_names[k];
		tf->res.m[k].value = m->items[i].type == JSON_NUMBER ? m->items[i].num : 0;
	}
	json_value_free(o);
	return 0;
}

static int
add_event(struct reader *rd, struct trace_file *tf, const char *line, size_t *cap)
{
	if (tf->n == MAX_EVENTS)
		return rd_fail(rd, "more than %u events: too long to replay", MAX_EVENTS);
	if (tf->n == *cap) {
		*cap = *cap ? 2 * *cap : 4096;
		tf->ev = xreallocarray(tf->ev, *cap, sizeof *tf->ev);
	}
	return read_event(rd, line, &tf->ev[tf->n++]);
}

#define KEY_HEAD "\"lockstep\":"
#define KEY_EVENTS "\"lockstepEvents\":["
#define KEY_END "\"lockstepEnd\":"

/*
 * getline() that stops reading a line once it is longer than
 * MAX_LINE_BYTES (what it read so far is returned, longer than the
 * limit): a file of one endless line must not take all memory.
 */
static ssize_t
getdelim_max(char **line, size_t *size, FILE *f)
{
	size_t n = 0;
	int c;

	while ((c = getc_unlocked(f)) != EOF) {
		if (n + 2 > *size) {
			*size = *size < 256 ? 256 : *size * 2;
			*line = xrealloc(*line, *size);
		}
		(*line)[n++] = (char)c;
		if (c == '\n' || n > MAX_LINE_BYTES)
			break;
	}
	if (n == 0)
		return -1;
	(*line)[n] = '\0';
	return (ssize_t)n;
}

/* Read the file's lines; 0 when the three parts were found. */
static int
read_lines(struct reader *rd, FILE *f, struct trace_file *tf)
{
	char *line = NULL;
	size_t size = 0, cap = 0;
	ssize_t n;
	int head = 0, events = 0, in_events = 0, end = 0, rc = 0;

	while (rc == 0 && (n = getdelim_max(&line, &size, f)) > 0) {
		rd->line++;
		if (n > MAX_LINE_BYTES)
			rc = rd_fail(rd, "a line longer than %d bytes: not a lockstep "
			    "--trace recording", MAX_LINE_BYTES);
		else if (rd->line == 1 && line[0] != '{')
			rc = rd_fail(rd, "not a lockstep --trace recording (not JSON)");
		else if (in_events && line[0] == ']')
			in_events = 0;
		else if (in_events)
			rc = add_event(rd, tf, line, &cap);
		else if (strncmp(line, KEY_HEAD, strlen(KEY_HEAD)) == 0 && !head) {
			head = 1;
			rc = read_head(rd, line + strlen(KEY_HEAD), (size_t)n - strlen(KEY_HEAD), tf);
		} else if (strncmp(line, KEY_EVENTS, strlen(KEY_EVENTS)) == 0 && head && !events)
			events = in_events = 1;
		else if (strncmp(line, KEY_END, strlen(KEY_END)) == 0 && events && !in_events) {
			end = 1;
			rc = read_end(rd, line + strlen(KEY_END), (size_t)n - strlen(KEY_END), tf);
		}
	}
	free(line);
	if (rc != 0)
		return rc;
	if (ferror(f))
		return rd_fail(rd, "%s", strerror(errno));
	rd->line = 0;
	if (!head)
		return rd_fail(rd, "not a lockstep --trace recording (no \"lockstep\" part; "
		    "record one with 'lockstep demo NAME --trace FILE')");
	if (!events || in_events || !end)
		return rd_fail(rd, "the recording is cut short (no end)");
	return 0;
}

int
trace_file_load(const char *path, struct trace_file *tf, char *err, size_t len)
{
	struct reader rd = { path, 0, err, len };
	struct stat st;
	FILE *f;
	int fd, rc;

	memset(tf, 0, sizeof *tf);
	/* O_NONBLOCK: a FIFO or a device must not hang the open; what is not
	 * a regular file is refused as soon as fstat says what it is */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) == -1)
		return rd_fail(&rd, "%s", strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		rc = fstat(fd, &st) == -1 ? rd_fail(&rd, "%s", strerror(errno)) :
		    rd_fail(&rd, "%s", util_file_kind_error(st.st_mode));
		close(fd);
		return rc;
	}
	if (st.st_size > MAX_FILE_BYTES) {
		close(fd);
		return rd_fail(&rd, "too large to be a lockstep --trace recording "
		    "(%lld MiB, at most %lld)", (long long)st.st_size >> 20,
		    MAX_FILE_BYTES >> 20);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if ((f = fdopen(fd, "r")) == NULL) {
		rc = rd_fail(&rd, "%s", strerror(errno));
		close(fd);
		return rc;
	}
	rc = read_lines(&rd, f, tf);
	fclose(f);
	return rc;
}

void
trace_file_free(struct trace_file *tf)
{
	free(tf->ev);
	tf->ev = NULL;
	tf->n = 0;
}

/* v set up as the recorded run's view was. */
static void
replay_view(const struct trace_file *tf, struct view *v)
{
	char kinds[VIEW_MAX_OBJS + 1];

	for (int i = 0; i < tf->nobjs; i++)
		kinds[i] = (char)tf->obj[i].kind;
	kinds[tf->nobjs] = '\0';
	view_init_plain(v, tf->nworkers, kinds, tf->cores, TRACE_READ_T0, tf->col_ns);
	v->model = tf->knobs.v[KNOB_MODEL];
	v->gil = tf->gil;
	for (int i = 0; i < v->nworkers; i++)
		xsnprintf(v->w[i].name, sizeof v->w[i].name, "%s", tf->names[i]);
	for (int i = 0; i < v->nobjs; i++) {
		xsnprintf(v->obj[i].name, sizeof v->obj[i].name, "%s", tf->obj[i].name);
		v->obj[i].size = tf->obj[i].size;
	}
}

void
trace_file_replay(const struct trace_file *tf, struct record *r, struct view *v)
{
	struct event *ev = xreallocarray(NULL, tf->n > 0 ? tf->n : 1, sizeof *ev);

	replay_view(tf, v);
	record_begin(r, v);
	memcpy(ev, tf->ev, tf->n * sizeof *ev);
	record_run(r, v, ev, tf->n, TRACE_READ_T0 + tf->end_ns, tf->res.end == RUN_STOPPED);
	free(ev);
}
