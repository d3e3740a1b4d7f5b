/*
 * trace-read.h — read back a `lockstep demo --trace FILE` recording for
 * lockstep replay: the demo and knobs it names, its workers and objects,
 * every event, how it ended; and rebuild the run from it as a kept record
 * (record.h), so the player shows it in the same panes as a live run.
 */
#ifndef LOCKSTEP_TRACE_READ_H
#define LOCKSTEP_TRACE_READ_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "knob.h"
#include "record.h"
#include "view.h"

struct trace_file {
	const struct demo *demo;
	struct knobs knobs;		/* as recorded: every knob the demo takes */
	char command[512];		/* "lockstep demo counter --model thread …" */
	char recorded[32];		/* UTC, ISO 8601 */
	int cores;			/* of the machine it ran on */
	int gil;
	uint64_t col_ns;
	int nworkers;
	char names[VIEW_MAX_WORKERS][24];
	int nobjs;
	struct { char name[24]; int kind, size; } obj[VIEW_MAX_OBJS];
	struct event *ev;		/* t: ns since the start */
	size_t n;
	uint64_t end_ns;		/* when it ended, since the start */
	struct result res;		/* how it ended and its figures */
	char metric_names[RUN_MAX_METRICS][32];
	uint64_t dropped;		/* events the recording lost */
};

/* Read path into tf; 0, or -1 with "PATH:LINE: message" (or "PATH:
 * message") in err.  Free with trace_file_free() either way. */
int trace_file_load(const char *path, struct trace_file *tf, char *err, size_t len);
void trace_file_free(struct trace_file *tf);
/* Rebuild the recorded run: v is set up from the recording (its workers,
 * objects, model) and r keeps every step of it, the events applied a
 * frame (33 ms of the run) at a time as the player would have; v ends as
 * the finished run.  v->t0 is TRACE_READ_T0. */
void trace_file_replay(const struct trace_file *tf, struct record *r, struct view *v);

#define TRACE_READ_T0 1000000000ull	/* the rebuilt run's start, in ns */

#endif
