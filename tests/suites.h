/*
 * suites.h — every Check suite the runner knows: one per module.
 */
#ifndef LOCKSTEP_TESTS_SUITES_H
#define LOCKSTEP_TESTS_SUITES_H

#include <check.h>
#include <stdint.h>

Suite *bigtext_suite(void);
Suite *course_suite(void);
Suite *deadlock_suite(void);
Suite *demo_suite(void);
Suite *engine_suite(void);
Suite *clock_suite(void);
Suite *gate_suite(void);
Suite *gil_suite(void);
Suite *histo_suite(void);
Suite *interp_suite(void);
Suite *json_suite(void);
Suite *keymap_suite(void);
Suite *knob_suite(void);
Suite *knob_edit_suite(void);
Suite *layout_suite(void);
Suite *live_suite(void);
Suite *loop_suite(void);
Suite *lesson_suite(void);
Suite *notes_suite(void);
Suite *ops_suite(void);
Suite *overhead_suite(void);
Suite *pane_suite(void);
Suite *paths_suite(void);
Suite *progress_suite(void);
Suite *prose_suite(void);
Suite *quiz_suite(void);
Suite *record_suite(void);
Suite *results_suite(void);
Suite *syntax_suite(void);
Suite *term_suite(void);
Suite *text_suite(void);
Suite *trace_suite(void);
Suite *trace_chrome_suite(void);
Suite *trace_read_suite(void);
Suite *util_suite(void);
Suite *view_suite(void);

/*
 * True when LOCKSTEP_TIMING=1 is in the environment.  A suite then adds its
 * "timing" tcase: assertions about milliseconds, with generous bounds, that
 * hold on a quiet machine only (make bench and CI's timing step run them).
 * make check asserts orderings, counts and invariants, never durations.
 */
int check_timing(void);

struct view;
/* Feed view v one event at T0 + ms milliseconds (CHECK_T0, in ns). */
#define CHECK_MS 1000000ull
#define CHECK_T0 (1000 * CHECK_MS)
void check_view_event(struct view *v, uint64_t ms, int track, int kind,
    uint32_t obj, int64_t arg);

/* Write text to the file dir/name (created or truncated); fails the test if
 * it cannot. */
void check_write_file(const char *dir, const char *name, const char *text);

struct demo;
struct knobs;
/* Knobs that keep demo d short under model (smaller counts, shorter
 * waits), for the suites that run every demo under every model. */
void check_short_knobs(const struct demo *d, struct knobs *k, int model);

#endif
