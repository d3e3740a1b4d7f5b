/*
 * trace-chrome.h — write a run's events as Chrome trace-event JSON.
 */
#ifndef LOCKSTEP_TRACE_CHROME_H
#define LOCKSTEP_TRACE_CHROME_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "trace.h"

struct run;
struct result;
struct chrome;

/* A growable log of events, filled while draining a run. */
struct event_log {
	struct event *ev;
	size_t n, cap;
};

/* trace_drain callback appending to a struct event_log. */
void event_log_add(const struct event *e, void *log);
/* Free the log's memory. */
void event_log_free(struct event_log *log);
/* Write log (events of run r) to f as trace-event JSON; 0 or -1. */
int trace_chrome_write(FILE *f, struct run *r, struct event_log *log);
/* Start streaming run r's events to f (the header and track names); past
 * about max_bytes (0: no cap) events are left out. */
struct chrome *trace_chrome_begin(FILE *f, struct run *r, off_t max_bytes);
/* The run's result, for replay (its end, when, its figures): before
 * trace_chrome_end. */
void trace_chrome_result(struct chrome *c, const struct result *res);
/* run_drain callback: write one event (arg: the struct chrome). */
void trace_chrome_event(const struct event *e, void *chrome);
/* Close open slices and the JSON, free c; 0, or -1 on a write error.  The
 * events left out past the cap go to *skipped (if not NULL). */
int trace_chrome_end(struct chrome *c, size_t *skipped);

#endif
