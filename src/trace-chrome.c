/*
 * trace-chrome.c — the Chrome trace-event format, as Perfetto and
 * chrome://tracing read it: {"traceEvents": [...]}.
 *
 * Each worker gets four lanes (tids), each holding properly nested "X"
 * (complete) slices: its tasks and coroutine runs, its GIL waits and holds,
 * its waits and holds on locks, queues and semaphores, and its I/O.  Queue
 * depth and semaphore holders are "C" counters; CPU changes and a detected
 * deadlock are instant events.  Timestamps are microseconds from the run's
 * start.  A slice still open at the end (a deadlocked wait) is closed at
 * the last event.
 *
 * Streaming.  lockstep demo --trace writes each event as it is drained
 * (trace_chrome_begin, trace_chrome_event as the drain callback,
 * trace_chrome_end), so memory stays bounded however long the run.  Slices
 * need their own track's events in order, which each ring gives; across
 * tracks the file is not sorted, which the trace-event format allows (its
 * readers sort by ts).  A cap on the file size leaves later events out and
 * says how many.
 *
 * Replay (lockstep replay FILE).  After traceEvents the file carries what
 * rebuilds the run in lockstep's panes, under keys the trace viewers pass
 * over: "lockstep" (the demo, its knobs as on the command line, its
 * workers and objects, the machine's cores, when it was recorded),
 * "lockstepEvents" (every event as it was drained, one a line:
 * [ns since the start, track, kind, object, arg]) and "lockstepEnd" (how
 * the run ended, when, its measured figures).  The events are streamed to
 * a temporary file meanwhile and copied in at the end, so memory stays
 * bounded; trace-read.c reads them back.
 */
#include "config.h"

#include <stdlib.h>
#include <sys/types.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "engine.h"
#include "json.h"
#include "knob.h"
#include "trace-chrome.h"
#include "util.h"
#include "view.h"

enum lane { LANE_TASK, LANE_GIL, LANE_SYNC, LANE_IO, LANE__MAX };
static const char *const lane_names[LANE__MAX] = { "tasks", "GIL", "sync", "I/O" };

#define MAX_OPEN 8

struct open_slice {
	uint64_t t;
	int kind;		/* the event that opened it */
	uint32_t obj;
};

struct chrome {
	FILE *f;
	struct run *r;
	uint64_t t0, tend;
	int first;
	int ntracks;
	off_t max_bytes;	/* 0: no cap */
	size_t events, skipped;	/* written and left out past the cap */
	/* per track and lane: a small stack of open slices */
	struct open_slice (*open)[LANE__MAX][MAX_OPEN];
	int (*depth)[LANE__MAX];
	/* for replay: the header, the raw events so far, how it ended */
	char *head;
	size_t headlen;
	FILE *raw;			/* NULL: no room for them (tmpfile failed) */
	size_t nraw;
	struct result res;
	int have_res;
	uint64_t t_end;
};

void
event_log_add(const struct event *e, void *arg)
{
	struct event_log *log = arg;

	if (log->n == log->cap) {
		log->cap = log->cap ? 2 * log->cap : 4096;
		log->ev = xreallocarray(log->ev, log->cap, sizeof *log->ev);
	}
	log->ev[log->n++] = *e;
}

void
event_log_free(struct event_log *log)
{
	free(log->ev);
	log->ev = NULL;
	log->n = log->cap = 0;
}

static int
event_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	return x->t < y->t ? -1 : x->t > y->t;
}

static double
us(const struct chrome *c, uint64_t t)
{
	return t < c->t0 ? 0 : (double)(t - c->t0) / 1000.0;
}

static void
sep(struct chrome *c)
{
	if (!c->first)
		fputs(",\n", c->f);
	c->first = 0;
}

static void
slice_name(struct chrome *c, const struct open_slice *o, char *buf, size_t len)
{
	const char *obj = run_object_name(c->r, (int)o->obj);

	switch (o->kind) {
	case EV_TASK_BEGIN:
		xsnprintf(buf, len, "task %u", o->obj);
		break;
	case EV_CORO_RESUME:
		xsnprintf(buf, len, "running");
		break;
	case EV_GIL_REQUEST:
		xsnprintf(buf, len, "wait GIL");
		break;
	case EV_GIL_ACQUIRE:
		xsnprintf(buf, len, "GIL");
		break;
	case EV_LOCK_REQUEST:
		xsnprintf(buf, len, "wait %s", obj);
		break;
	case EV_LOCK_ACQUIRE:
		xsnprintf(buf, len, "hold %s", obj);
		break;
	case EV_SEM_REQUEST:
		xsnprintf(buf, len, "wait %s", obj);
		break;
	case EV_SEM_ACQUIRE:
		xsnprintf(buf, len, "inside %s", obj);
		break;
	case EV_QUEUE_FULL:
		xsnprintf(buf, len, "%s full", obj);
		break;
	case EV_QUEUE_EMPTY:
		xsnprintf(buf, len, "%s empty", obj);
		break;
	case EV_SLEEP_BEGIN:
		xsnprintf(buf, len, "I/O wait");
		break;
	case EV_PARK:
		xsnprintf(buf, len, "parked");
		break;
	default:
		xsnprintf(buf, len, "%s", trace_kind_name(o->kind));
	}
}

static void
slice_open(struct chrome *c, const struct event *e, int lane)
{
	int *d = &c->depth[e->track][lane];

	if (*d < MAX_OPEN)
		c->open[e->track][lane][*d] = (struct open_slice){ e->t, e->kind, e->obj };
	(*d)++;
}

/* Close the innermost slice of lane (if its opener is one of kinds). */
static void
slice_close(struct chrome *c, int track, int lane, uint64_t t)
{
	int *d = &c->depth[track][lane];
	struct open_slice *o;
	char name[64];

	if (*d == 0)
		return;
	(*d)--;
	if (*d >= MAX_OPEN)
		return;
	o = &c->open[track][lane][*d];
	slice_name(c, o, name, sizeof name);
	sep(c);
	fprintf(c->f, "{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,\"name\":",
	    track * LANE__MAX + lane, us(c, o->t), (double)(t - o->t) / 1000.0);
	json_string(c->f, name);
	fputc('}', c->f);
}

static void
counter(struct chrome *c, const struct event *e, const char *what)
{
	char name[48];

	xsnprintf(name, sizeof name, "%s %s", run_object_name(c->r, (int)e->obj), what);
	sep(c);
	fprintf(c->f, "{\"ph\":\"C\",\"pid\":1,\"ts\":%.3f,\"name\":", us(c, e->t));
	json_string(c->f, name);
	fprintf(c->f, ",\"args\":{\"value\":%lld}}", (long long)e->arg);
}

static void
instant(struct chrome *c, const struct event *e, const char *name)
{
	sep(c);
	fprintf(c->f, "{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"name\":",
	    e->track * LANE__MAX, us(c, e->t));
	json_string(c->f, name);
	fputc('}', c->f);
}

static void
chrome_event(struct chrome *c, const struct event *e)
{
	char name[48];

	if (e->track >= c->ntracks)
		return;
	switch (e->kind) {
	case EV_TASK_BEGIN:
	case EV_CORO_RESUME:
		slice_open(c, e, LANE_TASK);
		break;
	case EV_TASK_DONE:
	case EV_CORO_YIELD:
		slice_close(c, e->track, LANE_TASK, e->t);
		break;
	case EV_GIL_REQUEST:
		slice_open(c, e, LANE_GIL);
		break;
	case EV_GIL_ACQUIRE:
		slice_close(c, e->track, LANE_GIL, e->t);
		slice_open(c, e, LANE_GIL);
		break;
	case EV_GIL_DROP:
		slice_close(c, e->track, LANE_GIL, e->t);
		break;
	case EV_LOCK_REQUEST:
	case EV_SEM_REQUEST:
	case EV_PARK:
		slice_open(c, e, LANE_SYNC);
		break;
	case EV_LOCK_ACQUIRE:
	case EV_SEM_ACQUIRE:
		slice_close(c, e->track, LANE_SYNC, e->t);
		slice_open(c, e, LANE_SYNC);
		if (e->kind == EV_SEM_ACQUIRE)
			counter(c, e, "holders");
		break;
	case EV_LOCK_RELEASE:
	case EV_SEM_RELEASE:
	case EV_UNPARK:
		slice_close(c, e->track, LANE_SYNC, e->t);
		if (e->kind == EV_SEM_RELEASE)
			counter(c, e, "holders");
		break;
	case EV_QUEUE_FULL:
	case EV_QUEUE_EMPTY:
		slice_open(c, e, LANE_SYNC);
		break;
	case EV_QUEUE_PUT:
	case EV_QUEUE_GET:
		if (c->depth[e->track][LANE_SYNC] > 0) {
			int d = c->depth[e->track][LANE_SYNC] - 1;
			int k = d < MAX_OPEN ? c->open[e->track][LANE_SYNC][d].kind : 0;

			if (k == EV_QUEUE_FULL || k == EV_QUEUE_EMPTY)
				slice_close(c, e->track, LANE_SYNC, e->t);
		}
		counter(c, e, "depth");
		break;
	case EV_SLEEP_BEGIN:
		slice_open(c, e, LANE_IO);
		break;
	case EV_SLEEP_END:
		slice_close(c, e->track, LANE_IO, e->t);
		break;
	case EV_CPU:
		xsnprintf(name, sizeof name, "on CPU %u", e->obj);
		instant(c, e, name);
		break;
	case EV_DEADLOCK:
		instant(c, e, "deadlock detected");
		break;
	case EV_QUEUE_PILL:
		instant(c, e, e->arg ? "poison pill taken" : "poison pill put");
		break;
	case EV_VALUE:
		/* the shared counter, as a counter track */
		sep(c);
		fprintf(c->f, "{\"ph\":\"C\",\"pid\":1,\"ts\":%.3f,\"name\":\"counter\","
		    "\"args\":{\"value\":%lld}}", us(c, e->t), (long long)e->arg);
		break;
	case EV_VALUE_READ:
		xsnprintf(name, sizeof name, "read %lld", (long long)e->arg);
		instant(c, e, name);
		break;
	default:
		break;
	}
}

/* The knobs a recording names: the demo's, but --runs (a recording is of
 * one run). */
static int
replay_knob(const struct demo *d, int id)
{
	return id != KNOB_RUNS && demo_takes_knob(d, id);
}

/* The knobs of r's demo as on a command line: "--model thread --workers 4". */
static void
replay_command(struct run *r, char *buf, size_t len)
{
	const struct demo *d = run_demo(r);
	size_t off = xsnprintf(buf, len, "lockstep demo %s", d->name);
	char val[32];

	for (int id = 0; id < KNOB__MAX && off < len; id++)
		if (replay_knob(d, id))
			off += xsnprintf(buf + off, len - off, " --%s %s", knob_table[id].name,
			    knob_format(id, run_knob(r, id), val, sizeof val));
}

/* The "lockstep" object: what replay needs to set the panes up. */
static void
replay_head(struct chrome *c, FILE *f)
{
	struct run *r = c->r;
	const struct demo *d = run_demo(r);
	char buf[1024], val[32];
	time_t now = time(NULL);
	struct tm tm;
	long ncores = sysconf(_SC_NPROCESSORS_ONLN);
	int first = 1;

	fputs("{\"version\":1,\"demo\":", f);
	json_string(f, d->name);
	replay_command(r, buf, sizeof buf);
	fputs(",\"command\":", f);
	json_string(f, buf);
	fputs(",\"knobs\":{", f);
	for (int id = 0; id < KNOB__MAX; id++)
		if (replay_knob(d, id)) {
			json_key(f, knob_table[id].name, &first);
			json_string(f, knob_format(id, run_knob(r, id), val, sizeof val));
		}
	gmtime_r(&now, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(f, "},\"recorded\":\"%s\",\"cores\":%ld,\"gil\":%d,\"col_ns\":%llu,"
	    "\"workers\":[", buf, ncores < 1 ? 1 : ncores, run_gil(r),
	    (unsigned long long)view_col_ns(run_gil(r), run_knob(r, KNOB_SWITCH_INTERVAL),
	    run_pace(r)));
	for (int t = 0; t < run_workers(r); t++) {
		fputs(t ? "," : "", f);
		json_string(f, run_track_name(r, t, buf, sizeof buf));
	}
	fputs("],\"objects\":[", f);
	for (int o = 0; o < run_objects(r); o++) {
		fprintf(f, "%s{\"name\":", o ? "," : "");
		json_string(f, run_object_name(r, o));
		fprintf(f, ",\"kind\":\"%c\",\"size\":%d}", run_object_kind(r, o),
		    run_object_size(r, o));
	}
	fputs("]}", f);
}

/* The "lockstepEnd" object: how the run ended, when, and its figures. */
static void
replay_end(struct chrome *c)
{
	uint64_t end = c->t_end > c->tend ? c->t_end : c->tend;
	int first = 1;

	fprintf(c->f, "\"lockstepEnd\":{\"t\":%llu,\"end\":",
	    (unsigned long long)(end > c->t0 ? end - c->t0 : 0));
	json_string(c->f, c->have_res ? run_end_name(c->res.end) : "done");
	fputs(",\"metrics\":{", c->f);
	for (int i = 0; c->have_res && i < c->res.nmetrics; i++) {
		json_key(c->f, c->res.m[i].name, &first);
		json_number(c->f, c->res.m[i].value);
	}
	fprintf(c->f, "},\"cpus_seen\":%llu,\"dropped\":%llu}",
	    c->have_res ? (unsigned long long)c->res.cpus_seen : 0ull,
	    (unsigned long long)trace_dropped(run_trace(c->r)));
}

/* Copy the raw events kept in c->raw to the file. */
static void
replay_events(struct chrome *c)
{
	char buf[65536];
	size_t n;

	fputs("\"lockstepEvents\":[\n", c->f);
	if (c->raw != NULL) {
		rewind(c->raw);
		while ((n = fread(buf, 1, sizeof buf, c->raw)) > 0)
			fwrite(buf, 1, n, c->f);
		if (ferror(c->raw))
			fputs("\n", c->f);	/* the events cut short: replay says so */
	}
	fputs("\n],\n", c->f);
}

void
trace_chrome_result(struct chrome *c, const struct result *res)
{
	double wall;

	c->res = *res;
	c->have_res = 1;
	if (result_metric(res, "wall_ms", &wall) == 0 && wall > 0)
		c->t_end = c->t0 + (uint64_t)(wall * 1e6);
}

struct chrome *
trace_chrome_begin(FILE *f, struct run *r, off_t max_bytes)
{
	struct chrome *c = xcalloc(1, sizeof *c);
	char name[64], tname[96];

	c->f = f;
	c->r = r;
	c->first = 1;
	c->max_bytes = max_bytes;
	c->ntracks = trace_tracks(run_trace(r));
	c->open = xcalloc((size_t)c->ntracks, sizeof *c->open);
	c->depth = xcalloc((size_t)c->ntracks, sizeof *c->depth);
	c->t0 = c->tend = run_started_ns(r);
	{
		FILE *h = open_memstream(&c->head, &c->headlen);

		if (h != NULL) {
			replay_head(c, h);
			fclose(h);
		}
	}
	c->raw = tmpfile();

	fputs("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n", f);
	sep(c);
	fputs("{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":", f);
	xsnprintf(name, sizeof name, "lockstep demo %s (%s)", run_demo(r)->name,
	    model_name(run_knob(r, KNOB_MODEL)));
	json_string(f, name);
	fputs("}}", f);
	for (int t = 0; t < c->ntracks; t++) {
		for (int l = 0; l < LANE__MAX; l++) {
			run_track_name(r, t, name, sizeof name);
			xsnprintf(tname, sizeof tname, "%s %s", name, lane_names[l]);
			sep(c);
			fprintf(f, "{\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"name\":\"thread_name\","
			    "\"args\":{\"name\":", t * LANE__MAX + l);
			json_string(f, tname);
			fprintf(f, "}},\n{\"ph\":\"M\",\"pid\":1,\"tid\":%d,"
			    "\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":%d}}",
			    t * LANE__MAX + l, t * LANE__MAX + l);
		}
	}
	return c;
}

void
trace_chrome_event(const struct event *e, void *arg)
{
	struct chrome *c = arg;

	/* Past the cap, events are counted, not written (the file stays
	 * valid JSON: trace_chrome_end closes it).  ftello is looked at
	 * every 4096 events, so the cap may be passed by that many. */
	if (c->skipped > 0 || (c->max_bytes > 0 && c->events % 4096 == 0 &&
	    ftello(c->f) > c->max_bytes)) {
		c->skipped++;
		return;
	}
	c->events++;
	if (e->t > c->tend)
		c->tend = e->t;
	chrome_event(c, e);
	if (c->raw != NULL)
		fprintf(c->raw, "%s[%lld,%u,%u,%u,%lld]", c->nraw++ ? ",\n" : "",
		    (long long)(e->t - c->t0), e->track, e->kind, e->obj, (long long)e->arg);
}

int
trace_chrome_end(struct chrome *c, size_t *skipped)
{
	int rc;

	for (int t = 0; t < c->ntracks; t++)
		for (int l = 0; l < LANE__MAX; l++)
			while (c->depth[t][l] > 0)
				slice_close(c, t, l, c->tend);
	fputs("\n],\n\"lockstep\":", c->f);
	if (c->head != NULL)
		fwrite(c->head, 1, c->headlen, c->f);
	else
		fputs("{}", c->f);
	fputs(",\n", c->f);
	replay_events(c);
	replay_end(c);
	fputs("\n}\n", c->f);
	rc = ferror(c->f) ? -1 : 0;
	if (c->raw != NULL)
		fclose(c->raw);
	free(c->head);
	if (skipped != NULL)
		*skipped = c->skipped;
	free(c->open);
	free(c->depth);
	free(c);
	return rc;
}

int
trace_chrome_write(FILE *f, struct run *r, struct event_log *log)
{
	struct chrome *c;

	qsort(log->ev, log->n, sizeof *log->ev, event_cmp);
	c = trace_chrome_begin(f, r, 0);
	if (log->n > 0 && log->ev[0].t < c->t0)
		c->t0 = log->ev[0].t;
	for (size_t i = 0; i < log->n; i++)
		trace_chrome_event(&log->ev[i], c);
	return trace_chrome_end(c, NULL);
}
