/*
 * ops.h — the operations a demo's workers perform (read, write, sleep,
 * acquire, put, await …), as a lesson's code names them.
 *
 * An operation is what a line of the lesson's Python does: "@line 9 read"
 * says a worker stands on line 9 of the step's code while it reads the
 * shared value.  The view model derives each worker's current operation
 * from its trace events alone (op_of_event), so a view rebuilt by replaying
 * events has it too; every demo lists the operations it performs, and
 * under which models (struct demo_op), for lockstep check and
 * "lockstep list operations DEMO".  No curses here.
 */
#ifndef LOCKSTEP_OPS_H
#define LOCKSTEP_OPS_H

struct demo;
struct event;
struct lesson_step;
struct view;

enum op {
	OP_NONE,		/* not on any line yet */
	OP_COMPUTE,		/* runs a task's Python code (EV_TASK_BEGIN) */
	OP_READ,		/* reads the shared value (value = counter) */
	OP_WRITE,		/* writes it back (counter = value + 1) */
	OP_YIELD,		/* gives the others a turn: sleep(0) */
	OP_SLEEP,		/* a blocking sleep or I/O call */
	OP_AWAIT,		/* awaits: the loop runs others meanwhile */
	OP_ACQUIRE,		/* acquires a lock or semaphore (waits if taken) */
	OP_RELEASE,		/* releases it */
	OP_PUT,			/* puts an item into a queue (waits if full) */
	OP_GET,			/* gets an item from a queue (waits if empty) */
	OP__MAX
};

/* An operation a demo performs, and under which models (MODEL_BIT()s;
 * 0: every model the demo runs).  A list ends with op OP_NONE. */
struct demo_op {
	int op;
	unsigned models;
};

/* The name of op ("read"), or "?". */
const char *op_name(int op);
/* One line saying what op is, as lockstep-lesson(5) describes it. */
const char *op_summary(int op);
/* The operation called name, or -1. */
int op_find(const char *name);
/*
 * The operation a worker is in after event e, when it was in cur: cur
 * itself when e does not change it.
 */
int op_of_event(const struct event *e, int cur);
/*
 * Apply event e to a worker in operation *op on object *obj (-1: none):
 * 1 when either changed.
 */
int op_apply(const struct event *e, int *op, int *obj);
/*
 * The operation a worker parked in step mode before ev_kind (an EV_*, the
 * gate's operation) is about to perform: has_read says it read the shared
 * value and has not written it back.  OP_NONE when it cannot be told.
 */
int op_next(int ev_kind, int has_read);
/* Models (MODEL_BIT()s) under which demo d performs op; 0: never. */
unsigned op_models(const struct demo *d, int op);
/*
 * Where the workers of v stand in step st's code (its @line marks): line[i]
 * the code line (from 1) of worker i, 0 when on none (not started, done, or
 * in an operation the step does not mark), for the first n workers.
 * Returns how many stand on a line.
 */
int op_markers(const struct lesson_step *st, const struct view *v, int *line, int n);

#endif
