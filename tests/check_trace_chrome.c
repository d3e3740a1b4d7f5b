/* check_trace_chrome.c — a real run written as Chrome trace-event JSON:
 * well formed, every track named, slices for what the workers did, the
 * deadlocked waits closed at the end; streamed as drained, and still well
 * formed when a size cap leaves events out. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "engine.h"
#include "suites.h"
#include "trace-chrome.h"
#include "util.h"

/* Occurrences of needle in s. */
static int
count(const char *s, const char *needle)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* Brackets balance outside strings, and nothing follows the outer object. */
static void
assert_balanced(const char *s)
{
	int depth = 0, in_str = 0;
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (in_str) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == '"')
				in_str = 0;
			continue;
		}
		if (*p == '"')
			in_str = 1;
		else if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']')
			ck_assert_int_ge(--depth, 0);
		if (depth == 0 && p != s)
			break;
	}
	ck_assert_int_eq(depth, 0);
	ck_assert_int_eq(in_str, 0);
	ck_assert_str_eq(p, "}\n");
}

START_TEST(a_deadlocked_run_is_a_well_formed_trace)
{
	const struct demo *d = demo_find("deadlock");
	struct knobs k = { 0 };
	struct event_log log = { 0 };
	struct result res;
	char err[256], *buf = NULL;
	size_t len = 0;
	struct run *r;
	FILE *f;

	knobs_set(&k, KNOB_DELAY, 20);
	r = run_start(d, &k, err, sizeof err);
	ck_assert_msg(r != NULL, "%s", err);
	while (!run_finished(r)) {
		run_drain(r, event_log_add, &log);
		sleep_ns(1000000);
	}
	run_drain(r, event_log_add, &log);
	run_wait(r, &res);
	ck_assert_int_eq(res.ncycle, 4);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(trace_chrome_write(f, r, &log), 0);
	fclose(f);
	ck_assert(strncmp(buf, "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[", 38) == 0);
	assert_balanced(buf);
	/* Four lanes per track, each named: two workers and the control. */
	ck_assert_int_eq(count(buf, "\"thread_name\""), 3 * 4);
	ck_assert_ptr_nonnull(strstr(buf, "\"thread-1 sync\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"lockstep demo deadlock (thread)\""));
	/* Each worker held its first lock and waited for the other's. */
	ck_assert_int_ge(count(buf, "\"hold lock-"), 2);
	ck_assert_int_ge(count(buf, "\"wait lock-"), 2);
	ck_assert_int_ge(count(buf, "\"ph\":\"X\""), 4);
	ck_assert_ptr_null(strstr(buf, "\"dur\":-"));
	free(buf);
	event_log_free(&log);
	ck_assert_ptr_null(log.ev);
	run_free(r);
}
END_TEST

/* Stream a deadlock run with the given cap; the JSON text (free it). */
static char *
stream_run(off_t cap, size_t *skipped)
{
	const struct demo *d = demo_find("deadlock");
	struct knobs k = { 0 };
	struct chrome *c;
	char err[256], *buf = NULL;
	size_t len = 0;
	struct run *r;
	FILE *f = open_memstream(&buf, &len);

	knobs_set(&k, KNOB_DELAY, 20);
	r = run_start(d, &k, err, sizeof err);
	ck_assert_msg(r != NULL, "%s", err);
	c = trace_chrome_begin(f, r, cap);
	while (!run_finished(r)) {
		run_drain(r, trace_chrome_event, c);
		sleep_ns(1000000);
	}
	run_wait(r, NULL);
	run_drain(r, trace_chrome_event, c);
	ck_assert_int_eq(trace_chrome_end(c, skipped), 0);
	fclose(f);
	run_free(r);
	return buf;
}

START_TEST(a_streamed_trace_is_well_formed_even_capped)
{
	size_t skipped = 1;
	char *buf = stream_run(0, &skipped);

	ck_assert_uint_eq(skipped, 0);
	assert_balanced(buf);
	ck_assert_int_ge(count(buf, "\"hold lock-"), 2);
	ck_assert_ptr_null(strstr(buf, "\"dur\":-"));
	free(buf);
	/* a cap below the header: every event left out, counted, valid JSON */
	buf = stream_run(1, &skipped);
	ck_assert_uint_gt(skipped, 0);
	assert_balanced(buf);
	ck_assert_int_eq(count(buf, "\"ph\":\"X\""), 0);
	ck_assert_int_eq(count(buf, "\"thread_name\""), 3 * 4);
	free(buf);
}
END_TEST

Suite *
trace_chrome_suite(void)
{
	Suite *s = suite_create("trace-chrome");
	TCase *tc = tcase_create("write");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, a_deadlocked_run_is_a_well_formed_trace);
	tcase_add_test(tc, a_streamed_trace_is_well_formed_even_capped);
	suite_add_tcase(s, tc);
	return s;
}
