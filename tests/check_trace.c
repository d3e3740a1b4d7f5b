/* check_trace.c — the event rings: order, wrap-around, drops, fork. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "suites.h"
#include "trace.h"

struct seen {
	int n;
	int64_t last;
	int in_order;
	int per_track[4];
};

static void
record(const struct event *e, void *arg)
{
	struct seen *s = arg;

	if (s->n > 0 && e->arg != s->last + 1 && e->track == 0)
		s->in_order = 0;
	if (e->track == 0)
		s->last = e->arg;
	if (e->track < 4)
		s->per_track[e->track]++;
	s->n++;
}

START_TEST(events_come_out_in_order)
{
	struct trace *t = trace_new(2, 64);
	struct seen s = { .in_order = 1, .last = -1 };

	for (int i = 0; i < 50; i++)
		trace_emit(t, 0, EV_MARK, 0, i);
	trace_emit(t, 1, EV_MARK, 7, 0);
	ck_assert_uint_eq(trace_drain(t, record, &s), 51);
	ck_assert(s.in_order);
	ck_assert_int_eq(s.per_track[0], 50);
	ck_assert_int_eq(s.per_track[1], 1);
	ck_assert_uint_eq(trace_drain(t, record, &s), 0);	/* nothing twice */
	ck_assert_uint_eq(trace_dropped(t), 0);
	trace_free(t);
}
END_TEST

START_TEST(ring_wraps_around_many_times)
{
	struct trace *t = trace_new(1, 16);
	struct seen s = { .in_order = 1, .last = -1 };
	int64_t next = 0;

	for (int round = 0; round < 100; round++) {
		for (int i = 0; i < 11; i++)
			trace_emit(t, 0, EV_MARK, 0, next++);
		trace_drain(t, record, &s);
	}
	ck_assert_int_eq(s.n, 1100);
	ck_assert(s.in_order);
	ck_assert_uint_eq(trace_dropped(t), 0);
	trace_free(t);
}
END_TEST

START_TEST(full_ring_drops_and_counts)
{
	struct trace *t = trace_new(1, 16);
	struct seen s = { .in_order = 1, .last = -1 };

	for (int i = 0; i < 20; i++)
		trace_emit(t, 0, EV_MARK, 0, i);
	ck_assert_uint_eq(trace_dropped(t), 4);
	ck_assert_uint_eq(trace_drain(t, record, &s), 16);
	ck_assert(s.in_order);			/* the oldest 16 survive */
	ck_assert_int_eq(s.last, 15);
	trace_emit(t, 0, EV_MARK, 0, 16);	/* room again */
	ck_assert_uint_eq(trace_drain(t, record, &s), 1);
	trace_free(t);
}
END_TEST

START_TEST(bad_tracks_are_ignored)
{
	struct trace *t = trace_new(1, 16);
	struct seen s = { 0 };

	trace_emit(t, -1, EV_MARK, 0, 0);
	trace_emit(t, 1, EV_MARK, 0, 0);
	trace_emit(NULL, 0, EV_MARK, 0, 0);
	ck_assert_uint_eq(trace_drain(t, record, &s), 0);
	trace_free(t);
}
END_TEST

START_TEST(forked_child_writes_into_the_parent_s_ring)
{
	struct trace *t = trace_new(2, 4096);
	struct seen s = { .in_order = 1, .last = -1 };
	pid_t pid = fork();
	int status;

	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		for (int i = 0; i < 1000; i++)
			trace_emit(t, 0, EV_MARK, 0, i);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_uint_eq(trace_drain(t, record, &s), 1000);
	ck_assert(s.in_order);
	trace_free(t);
}
END_TEST

struct producer {
	struct trace *t;
	int n;
};

static void *
produce(void *arg)
{
	struct producer *p = arg;

	for (int i = 0; i < p->n; i++)
		trace_emit(p->t, 0, EV_MARK, 0, i);
	return NULL;
}

struct seqcheck {
	int64_t last;
	int64_t got;
	int increasing;
};

static void
check_seq(const struct event *e, void *arg)
{
	struct seqcheck *c = arg;

	if (e->arg <= c->last)
		c->increasing = 0;
	c->last = e->arg;
	c->got++;
}

START_TEST(concurrent_reader_sees_every_kept_event_once_in_order)
{
	struct trace *t = trace_new(1, 256);
	struct producer p = { t, 500000 };
	struct seqcheck c = { .last = -1, .increasing = 1 };
	pthread_t th;

	ck_assert_int_eq(pthread_create(&th, NULL, produce, &p), 0);
	for (int i = 0; i < 2000; i++)
		trace_drain(t, check_seq, &c);
	pthread_join(th, NULL);
	trace_drain(t, check_seq, &c);
	ck_assert(c.increasing);
	ck_assert_int_eq(c.got + (int64_t)trace_dropped(t), p.n);
	trace_free(t);
}
END_TEST

START_TEST(every_kind_has_a_name)
{
	for (int k = 1; k < EV__MAX; k++)
		ck_assert_str_ne(trace_kind_name(k), "unknown");
	ck_assert_str_eq(trace_kind_name(EV__MAX), "unknown");
}
END_TEST

Suite *
trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, events_come_out_in_order);
	tcase_add_test(tc, ring_wraps_around_many_times);
	tcase_add_test(tc, full_ring_drops_and_counts);
	tcase_add_test(tc, bad_tracks_are_ignored);
	tcase_add_test(tc, forked_child_writes_into_the_parent_s_ring);
	tcase_add_test(tc, concurrent_reader_sees_every_kept_event_once_in_order);
	tcase_add_test(tc, every_kind_has_a_name);
	suite_add_tcase(s, tc);
	return s;
}
