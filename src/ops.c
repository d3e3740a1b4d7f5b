/*
 * ops.c — the operations table, and how trace events move a worker from
 * one operation to the next (see ops.h).
 *
 * A worker's operation is the last one it began (none until its first:
 * a worker that starts has not reached any line yet), and stays when it
 * ends (the view stops applying events to it; the markers leave out the
 * finished unless the run was stopped): EV_LOCK_REQUEST begins
 * an acquire (the worker stands on "with lock:" while it waits, and until
 * it begins something else), EV_VALUE_READ a read, EV_SLEEP_BEGIN a sleep
 * or, awaited, an await.  Events that are not operations (the GIL's, the
 * CPU it runs on, a task's end) leave it where it is, with two
 * exceptions: a thread that lets the GIL go by itself right after reading
 * the shared value is in its sleep(0) (the counter's read-yield-write),
 * and a coroutine that yields while still runnable is in
 * asyncio.sleep(0).  Without a GIL a thread's sleep(0) leaves no event, so
 * its worker stays on the read until it writes.
 */
#include "config.h"

#include <string.h>

#include "demo.h"
#include "lesson.h"
#include "loop.h"
#include "ops.h"
#include "trace.h"
#include "util.h"
#include "view.h"

static const struct {
	const char *name;
	const char *summary;
} op_table[OP__MAX] = {
	[OP_NONE] = { "none", "not started, or finished" },
	[OP_COMPUTE] = { "compute", "runs a task's Python code: a CPU-bound loop, handle(item)" },
	[OP_READ] = { "read", "reads the shared value: value = counter" },
	[OP_WRITE] = { "write", "writes the shared value back: counter = value + 1" },
	[OP_YIELD] = { "yield", "gives the others a turn: time.sleep(0), "
	    "await asyncio.sleep(0)" },
	[OP_SLEEP] = { "sleep", "a blocking call: time.sleep(), blocking I/O" },
	[OP_AWAIT] = { "await", "awaits: await asyncio.sleep(), await "
	    "asyncio.to_thread(); the loop runs others" },
	[OP_ACQUIRE] = { "acquire", "takes a lock or semaphore, waiting while "
	    "it is taken: with lock:, acquire()" },
	[OP_RELEASE] = { "release", "gives the lock or semaphore back: the end "
	    "of with, release()" },
	[OP_PUT] = { "put", "puts an item into a queue, waiting while it is full" },
	[OP_GET] = { "get", "gets an item from a queue, waiting while it is empty" },
};

const char *
op_name(int op)
{
	return op >= 0 && op < OP__MAX ? op_table[op].name : "?";
}

const char *
op_summary(int op)
{
	return op >= 0 && op < OP__MAX ? op_table[op].summary : "?";
}

int
op_find(const char *name)
{
	for (int i = OP_NONE + 1; i < OP__MAX; i++)
		if (strcmp(op_table[i].name, name) == 0)
			return i;
	return -1;
}

int
op_of_event(const struct event *e, int cur)
{
	switch (e->kind) {
	case EV_TASK_BEGIN:
		return OP_COMPUTE;
	case EV_VALUE_READ:
		return OP_READ;
	case EV_VALUE:
		return OP_WRITE;
	case EV_GIL_DROP:
		return e->arg == 0 && cur == OP_READ ? OP_YIELD : cur;
	case EV_CORO_YIELD:
		return e->arg == CORO_WAIT_READY && cur != OP_NONE ? OP_YIELD : cur;
	case EV_SLEEP_BEGIN:
		return e->obj == SLEEP_AWAITED ? OP_AWAIT : OP_SLEEP;
	case EV_LOCK_REQUEST:
	case EV_SEM_REQUEST:
		return OP_ACQUIRE;
	case EV_LOCK_RELEASE:
	case EV_SEM_RELEASE:
		return OP_RELEASE;
	case EV_QUEUE_PUT:
	case EV_QUEUE_FULL:
		return OP_PUT;
	case EV_QUEUE_GET:
	case EV_QUEUE_EMPTY:
		return OP_GET;
	default:
		return cur;
	}
}

/* The events that begin an operation on their object. */
static int
begins_on_object(int ev_kind)
{
	switch (ev_kind) {
	case EV_LOCK_REQUEST: case EV_SEM_REQUEST: case EV_LOCK_RELEASE:
	case EV_SEM_RELEASE: case EV_QUEUE_PUT: case EV_QUEUE_FULL:
	case EV_QUEUE_GET: case EV_QUEUE_EMPTY:
		return 1;
	default:
		return 0;
	}
}

int
op_apply(const struct event *e, int *op, int *obj)
{
	int next = op_of_event(e, *op);

	/* the same operation on another object (release two, then one)
	 * moves the worker too */
	if (next == *op && !(begins_on_object(e->kind) && (int)e->obj != *obj))
		return 0;
	*op = next;
	*obj = begins_on_object(e->kind) ? (int)e->obj : -1;
	return 1;
}

int
op_next(int ev_kind, int has_read)
{
	switch (ev_kind) {
	case EV_LOCK_REQUEST:
	case EV_SEM_REQUEST:
		return OP_ACQUIRE;
	case EV_QUEUE_PUT:
		return OP_PUT;
	case EV_QUEUE_GET:
		return OP_GET;
	case EV_GIL_REQUEST:
	case EV_CORO_RESUME:
		/* back on the CPU: a read not written back is written next */
		return has_read ? OP_WRITE : OP_COMPUTE;
	default:
		return OP_NONE;
	}
}

unsigned
op_models(const struct demo *d, int op)
{
	for (int i = 0; d->ops != NULL && d->ops[i].op != OP_NONE; i++)
		if (d->ops[i].op == op)
			return d->models & (d->ops[i].models != 0 ? d->ops[i].models :
			    MODELS_ALL);
	return 0;
}

int
op_markers(const struct lesson_step *st, const struct view *v, int *line, int n)
{
	int on = 0;

	for (int i = 0; i < n; i++) {
		const struct view_worker *w = &v->w[i];

		/* a finished worker is off the code, unless the run was
		 * stopped: then each stays where the stop found it */
		line[i] = i < v->nworkers && (w->state != WS_DONE || v->stopped) ?
		    lesson_op_line(st, w->op, w->op_obj >= 0 && w->op_obj < v->nobjs ?
		    v->obj[w->op_obj].name : NULL, w->name) : 0;
		on += line[i] > 0;
	}
	return on;
}
