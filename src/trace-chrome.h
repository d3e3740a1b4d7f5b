/*
 * trace-chrome.h — write a run's events as Chrome trace-event JSON.
 */
#ifndef LOCKSTEP_TRACE_CHROME_H
#define LOCKSTEP_TRACE_CHROME_H

#include <stddef.h>
#include <stdio.h>

#include "trace.h"

struct run;

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

#endif
