/*
 * lesson.h — the lesson model and its parser (the format is lockstep-lesson(5)).
 *
 * A lesson file is parsed into a struct lesson: a header (id, title, level,
 * order, summary), ordered steps and quiz questions.  A step holds prose
 * blocks (paragraphs stored whole, wrapped by the player), Python code, an
 * optional demo binding, "try this" prompts, hints and speaker notes.  A
 * question is multiple choice (the right answers are in the file) or
 * predict-then-run (each choice carries a condition over the metrics of the
 * question's own runs; lesson_predict_answer() decides after the runs).
 *
 * The parser never stops at the first fault: every error is collected as
 * "FILE:LINE: message" in a struct lesson_errors, and a file with any error
 * yields no lesson.  Nothing in a lesson can run a command, include a file
 * or execute code; demo and knob names are validated against the registry.
 */
#ifndef LOCKSTEP_LESSON_H
#define LOCKSTEP_LESSON_H

#include <stddef.h>
#include <stdio.h>

#include "demo.h"
#include "knob.h"

/* Limits (documented in lockstep-lesson(5)). */
#define LESSON_MAX_BYTES (256 * 1024)	/* whole file */
#define LESSON_MAX_LINE 200		/* bytes per line, newline excluded */
#define LESSON_MAX_ID 40		/* bytes in a lesson, step or question id */
#define LESSON_MAX_SECTIONS 64		/* steps + questions */
#define LESSON_MAX_CHOICES 8		/* per question */
#define LESSON_MAX_RUNS 4		/* per predict question */
#define LESSON_MAX_ERRORS 50		/* per file; then the parser gives up */
#define LESSON_MAX_DIGITS 6		/* most decimals in {name:.N} */
#define LESSON_MAX_IF_DEPTH 2		/* an @if inside an @if, no deeper */

enum lesson_level { LEVEL_BEGINNER, LEVEL_INTERMEDIATE, LEVEL_ADVANCED, LEVEL__MAX };

/* The panes a step may show, in screen order: one per line of panes.def. */
enum lesson_pane {
#define PANE(ID, name) PANE_##ID,
#include "panes.def"
#undef PANE
	PANE__MAX
};
#define PANE_BIT(p) (1u << (p))
#define PANES_DEFAULT (PANE_BIT(PANE_TIMELINE) | PANE_BIT(PANE_RESULTS))

enum lesson_block_kind { BLOCK_PARA, BLOCK_BULLET, BLOCK_CODE };

struct lesson_block {
	enum lesson_block_kind kind;
	char *text;		/* PARA, BULLET: one paragraph; CODE: lines, '\n'-ended */
	char *lang;		/* CODE: "python" or "text" */
	int line;
	int group, branch;	/* shown only in this branch of this @if group;
				 * group -1: always shown */
};

struct lesson_cond;			/* a parsed condition */

/*
 * Conditional prose: "@if COND", "@elif COND", "@else", "@before", "@end".
 * The first branch whose condition holds is shown; @else when none does;
 * @before (the neutral text) while a condition cannot be decided yet
 * (the step's demo has not run, or a new run is going).
 */
enum lesson_branch_kind { BRANCH_IF, BRANCH_ELIF, BRANCH_ELSE, BRANCH_BEFORE };

struct lesson_branch {
	enum lesson_branch_kind kind;
	struct lesson_cond *cond;	/* IF, ELIF */
	char *text;			/* the condition as written */
	int line;
};

struct lesson_group {
	int parent, parent_branch;	/* the enclosing group's branch, or -1 */
	struct lesson_branch *branches;
	int nbranches;
	int line;
};

/*
 * "@claim CONDITION": what the step's prose states without an @if holds
 * for every run of its demo, by the demo's design.  Never shown; the
 * course proof-read (tests/check_course.c) runs the demo and checks it.
 */
struct lesson_claim {
	struct lesson_cond *cond;
	char *text;
	int line;
};

#define LESSON_MAX_NAMES 8		/* names= and roles= of a binding */
#define LESSON_NAME_LEN 24		/* bytes per name, NUL included */

/*
 * The names the code gives a demo's objects and workers ("names=one,two
 * roles=a,b"): the panes, the results and step mode use them in place of
 * "lock-A" and "thread-0", so they are the names the learner reads.
 */
struct lesson_names {
	char obj[LESSON_MAX_NAMES][LESSON_NAME_LEN];	/* objects, in creation order */
	int nobj;
	char worker[LESSON_MAX_NAMES][LESSON_NAME_LEN];	/* workers 0, 1 ... */
	int nworker;
};

/* How a binding's timeline columns go (scale=): by default GIL turns where
 * the step shows the gil pane, else the run fitted to the pane. */
enum lesson_scale {
	LESSON_SCALE_AUTO,
	LESSON_SCALE_GIL,		/* half a GIL turn a column */
	LESSON_SCALE_RUN		/* the expected run across the pane */
};

/* A demo binding: a step's @demo or one @run of a predict question. */
struct lesson_run {
	char *name;			/* @run name; NULL for a step's @demo */
	const struct demo *demo;
	struct knobs knobs;		/* resolved: every knob has its value */
	int baseline;			/* also run sequentially (speedup, baseline_ms) */
	enum lesson_scale scale;	/* the timeline's time per column */
	struct lesson_names names;
	int line;
};

/* A "try this" prompt: press key, see what happens. */
struct lesson_try {
	char *key;		/* "g", "+", "Space", "Enter" ... */
	char *text;
	int line;
};

/* A run-time text list (hints, speaker notes). */
struct lesson_texts {
	char **v;
	int n;
};

/*
 * "@line N OPERATION... [on OBJECT] [by WORKER...]": line N (from 1) of the
 * step's code block is where a worker stands while it performs each
 * operation (ops.h) — on that object only, and by those workers only, when
 * given (names from the binding's names= and roles=).
 */
struct lesson_mark {
	int code_line;		/* N */
	unsigned ops;		/* bit o: operation o */
	char on[LESSON_NAME_LEN];			/* "": any object */
	char by[LESSON_MAX_NAMES][LESSON_NAME_LEN];	/* workers; none: any */
	int nby;
	int line;		/* of the directive */
};

struct lesson_step {
	char *id;
	char *title;
	int line;
	struct lesson_block *blocks;
	int nblocks;
	struct lesson_run *demo;	/* NULL: no live demo in this step */
	unsigned panes;			/* PANE_BIT()s */
	struct lesson_try *tries;
	int ntries;
	struct lesson_texts hints;
	struct lesson_texts notes;	/* speaker notes (presenter mode) */
	struct lesson_group *groups;	/* @if groups, outer before inner */
	int ngroups;
	struct lesson_claim *claims;
	int nclaims;
	struct lesson_mark *marks;	/* @line, in file order */
	int nmarks;
};

enum lesson_question_kind { QUESTION_CHOICE, QUESTION_PREDICT };

struct lesson_choice {
	char *text;
	char *why;			/* the explanation shown after answering */
	int right;			/* CHOICE: a right answer */
	struct lesson_cond *when;	/* PREDICT: right when this holds */
	int is_else;			/* PREDICT: right when no other choice is */
	int when_seen;			/* PREDICT: a @when was given */
	int line;
};

struct lesson_question {
	enum lesson_question_kind kind;
	char *id;
	int line;
	struct lesson_block *blocks;	/* the question itself */
	int nblocks;
	struct lesson_run *runs;	/* PREDICT: the runs the answer comes from */
	int nruns;
	unsigned panes;
	struct lesson_choice *choices;
	int nchoices;
	struct lesson_texts hints;
	struct lesson_texts notes;
};

struct lesson {
	char *path;		/* the file (or buffer name) it came from */
	char *id;
	int id_line;
	char *title;
	enum lesson_level level;
	int order;		/* course order: lower first, then by id */
	char *summary;
	struct lesson_step *steps;
	int nsteps;
	struct lesson_question *questions;
	int nquestions;
};

/* Every error of one or more files, each "FILE:LINE: message". */
struct lesson_errors {
	char **msg;
	int n, cap;
};

/* The lessons of the search directories, in course order. */
struct lesson_catalogue {
	struct lesson **v;
	int n;
};

/*
 * Look up a metric (or the value of a knob the run's demo takes) for
 * rendering or deciding: run is the index of the run (0 for a step's demo).
 * Returns 0 and sets *value, -1 when the value is not known (yet), or
 * LESSON_VALUE_STOPPED when the run that measures it was stopped (or
 * failed) and never reached it: a placeholder then shows "—", and a
 * predict question depending on it is void.
 */
typedef int (*lesson_metric_fn)(void *ctx, int run, const char *name, double *value);
#define LESSON_VALUE_STOPPED (-2)

/* Empty an error list before first use. */
void lesson_errors_init(struct lesson_errors *errs);
/* Append "file:line: message" (line 0: "file: message"). */
void lesson_errors_add(struct lesson_errors *errs, const char *file, int line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Print every error, one a line, to f. */
void lesson_errors_print(const struct lesson_errors *errs, FILE *f);
/* Free the messages; the list is empty again. */
void lesson_errors_free(struct lesson_errors *errs);

/*
 * Parse len bytes of data named name.  Returns 0 with *out set, or -1 with
 * *out NULL and every error appended to errs.
 */
int lesson_parse_buffer(const char *name, const char *data, size_t len,
    struct lesson **out, struct lesson_errors *errs);
/* Read and parse the file at path, like lesson_parse_buffer. */
int lesson_load(const char *path, struct lesson **out, struct lesson_errors *errs);
/* Free a lesson (NULL is fine). */
void lesson_free(struct lesson *l);

/* The name of a level ("beginner"). */
const char *lesson_level_name(enum lesson_level level);

/*
 * Render text with its {name}, {name:.N} and {name:one|many} placeholders
 * filled from fn (runs names the runs for "{run.name}"); "{{" and "}}" are
 * braces; {name:one|many} shows "one" when the value is 1, else "many".  A value
 * fn does not know shows as missing ("…" when NULL), one of a stopped run
 * as "—".  Returns malloc'd text.
 */
char *lesson_render(const char *text, const struct lesson_run *runs, int nruns,
    lesson_metric_fn fn, void *ctx, const char *missing);
/*
 * Which of step st's blocks to show now: shown[i] is set for each block i
 * whose @if branches (if any) are the ones chosen from fn's values.
 */
void lesson_blocks_shown(const struct lesson_step *st, lesson_metric_fn fn,
    void *ctx, unsigned char *shown);
/*
 * Decide a predict question from its runs' metrics: sets bit i of *right for
 * each right choice i.  Returns 0, or -1 if a metric it needs is unknown or
 * its run was stopped (the question is then void).
 */
int lesson_predict_answer(const struct lesson_question *q, lesson_metric_fn fn,
    void *ctx, unsigned *right);
/*
 * The line (from 1) of step st's code block where worker (its name) stands
 * in operation op on object obj (its name, NULL: none), or 0: the first
 * @line that names op and, if it says so, that object and that worker
 * ("task" names "task-2" too).
 */
int lesson_op_line(const struct lesson_step *st, int op, const char *obj,
    const char *worker);
/* Step st's code block (its first), or NULL. */
const struct lesson_block *lesson_step_code(const struct lesson_step *st);
/* Bits of the right choices of a multiple-choice question. */
unsigned lesson_choice_answer(const struct lesson_question *q);

/*
 * Load every *.lesson of the lesson directories (paths_lesson_dirs() with
 * explicit_dir): an earlier directory's lesson replaces a later one with the
 * same id; a bad file's errors go to errs and the file is skipped.
 */
void lesson_catalogue_load(struct lesson_catalogue *cat, const char *explicit_dir,
    struct lesson_errors *errs);
/* Load the *.lesson files of the given directories, first one winning. */
void lesson_catalogue_load_dirs(struct lesson_catalogue *cat, char *const *dirs,
    int ndirs, struct lesson_errors *errs);
/* The lesson with this id, or NULL. */
const struct lesson *lesson_catalogue_find(const struct lesson_catalogue *cat,
    const char *id);
/* Free the catalogue and its lessons. */
void lesson_catalogue_free(struct lesson_catalogue *cat);

#endif
