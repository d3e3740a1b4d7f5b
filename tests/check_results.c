/*
 * check_results.c — quiz result files and the report: the strict JSON
 * reader, write -> read round trip, each malformed variant refused with
 * its reason, unique names for thirty writers in one folder in one second,
 * an interrupted write that report never reads, and the report over a
 * folder of good, malformed, foreign and newer-version files, as a table
 * and as RFC 4180 CSV.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "json.h"
#include "report.h"
#include "results.h"
#include "suites.h"
#include "util.h"

static char dir[64];

static void
setup(void)
{
	strcpy(dir, "/tmp/lockstep-results-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static int
count_files(const char *suffix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name), s = strlen(suffix);

		n += de->d_name[0] != '.' && l > s &&
		    strcmp(de->d_name + l - s, suffix) == 0;
	}
	closedir(d);
	return n;
}

/* A small valid result for name with the given answers. */
static void
sample(struct results *r, const char *name, int right_a, int right_b)
{
	memset(r, 0, sizeof *r);
	r->version = RESULTS_VERSION;
	strcpy(r->lockstep, "9.9");
	xsnprintf(r->name, sizeof r->name, "%s", name);
	strcpy(r->host, "lab-7");
	r->start = 1795000000;
	r->end = 1795000100;
	r->seed = 42;
	r->nlessons = 2;
	r->lessons = xcalloc(2, sizeof *r->lessons);
	strcpy(r->lessons[0], "gil");
	strcpy(r->lessons[1], "race-lock");
	r->answers = xcalloc(3, sizeof *r->answers);
	r->n = 3;
	strcpy(r->answers[0].lesson, "gil");
	strcpy(r->answers[0].id, "why");
	r->answers[0].kind = QUESTION_CHOICE;
	r->answers[0].picked = 1u << 2;
	r->answers[0].status = right_a ? QUIZ_RIGHT : QUIZ_WRONG;
	strcpy(r->answers[1].lesson, "race-lock");
	strcpy(r->answers[1].id, "reach");
	r->answers[1].kind = QUESTION_PREDICT;
	r->answers[1].picked = 1u << 0;
	r->answers[1].status = right_b ? QUIZ_RIGHT : QUIZ_WRONG;
	r->answers[1].nmeasured = 2;
	strcpy(r->answers[1].measured[0].name, "final");
	r->answers[1].measured[0].value = 3817;
	strcpy(r->answers[1].measured[1].name, "expected");
	r->answers[1].measured[1].value = 4000;
	strcpy(r->answers[2].lesson, "race-lock");
	strcpy(r->answers[2].id, "void-one");
	r->answers[2].kind = QUESTION_PREDICT;
	r->answers[2].picked = 1u << 1;
	r->answers[2].status = QUIZ_VOID;
	r->right = right_a + right_b;
	r->total = 2;
}

START_TEST(json_strict)
{
	static const char *const bad[] = {
		"", "{", "{\"a\":1,}", "[1,]", "{\"a\":1}x", "{\"a\":1,\"a\":2}",
		"\"\\x\"", "\"a\nb\"", "01", "1.", ".5", "-", "1e", "+1", "NaN",
		"\"\\ud800\"", "\"\\u0000\"", "\"\xff\"", "\"\xc0\xaf\"", "tru",
		"1e999",
	};
	static const char *const good[] = {
		"{}", "[]", "0", "-1.5e3", "\"\\u00e9\\ud83d\\ude00\"", "true",
		" {\"a\" : [null, false, {\"b\":\"c\"}]} ",
	};
	char deep[80], err[200];
	struct json_value *v;

	for (size_t i = 0; i < nitems(bad); i++) {
		ck_assert_msg(json_parse(bad[i], strlen(bad[i]), &v, err, sizeof err) == -1,
		    "accepted %s", bad[i]);
		ck_assert_ptr_null(v);
		ck_assert_ptr_nonnull(strstr(err, "at byte"));
	}
	for (size_t i = 0; i < nitems(good); i++) {
		ck_assert_msg(json_parse(good[i], strlen(good[i]), &v, err, sizeof err) == 0,
		    "refused %s: %s", good[i], err);
		json_value_free(v);
	}
	memset(deep, '[', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	ck_assert_int_eq(json_parse(deep, strlen(deep), &v, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "nested too deeply"));
	ck_assert_int_eq(json_parse("{\"k\":\"\\u00e9\"}", 14, &v, err, sizeof err), 0);
	ck_assert_str_eq(json_get(v, "k")->str, "\xc3\xa9");
	ck_assert_ptr_null(json_get(v, "x"));
	json_value_free(v);
}
END_TEST

START_TEST(round_trip)
{
	struct results r, back;
	char path[512], err[256];

	setup();
	sample(&r, "Ann \"the\" Student, 3b", 1, 0);
	ck_assert_int_eq(results_write(&r, dir, path, sizeof path, err, sizeof err), 0);
	/* NAME-YYYYmmddTHHMMSS-RANDOM.json, the name made safe for a file. */
	ck_assert_ptr_nonnull(strstr(path, "/Ann__the__Student__3b-"));
	ck_assert_int_eq(count_files(".json"), 1);
	ck_assert_int_eq(count_files(".tmp"), 0);
	ck_assert_int_eq(results_read(path, &back, err, sizeof err), 0);
	ck_assert_str_eq(back.name, "Ann \"the\" Student, 3b");
	ck_assert_str_eq(back.host, "lab-7");
	ck_assert_str_eq(back.lockstep, "9.9");
	ck_assert_int_eq(back.version, RESULTS_VERSION);
	ck_assert(back.start == r.start && back.end == r.end);
	ck_assert_uint_eq(back.seed, 42);
	ck_assert_int_eq(back.nlessons, 2);
	ck_assert_str_eq(back.lessons[1], "race-lock");
	ck_assert_int_eq(back.n, 3);
	ck_assert_str_eq(back.answers[1].id, "reach");
	ck_assert_int_eq(back.answers[1].kind, QUESTION_PREDICT);
	ck_assert_uint_eq(back.answers[0].picked, 1u << 2);
	ck_assert_int_eq(back.answers[1].status, QUIZ_WRONG);
	ck_assert_int_eq(back.answers[2].status, QUIZ_VOID);
	ck_assert_int_eq(back.answers[1].nmeasured, 2);
	ck_assert_str_eq(back.answers[1].measured[0].name, "final");
	ck_assert(back.answers[1].measured[0].value == 3817);
	ck_assert_int_eq(back.right, 1);
	ck_assert_int_eq(back.total, 2);
	results_free(&back);
	results_free(&r);
}
END_TEST

/* A valid file's text with one substring replaced. */
#define GOOD \
	"{\"format\":\"lockstep-results\",\"version\":1,\"lockstep\":\"1\"," \
	"\"name\":\"bo\",\"host\":\"h\",\"seed\":1," \
	"\"start\":\"2026-11-23T09:00:00Z\",\"end\":\"2026-11-23T09:05:00Z\"," \
	"\"lessons\":[\"gil\"],\"questions\":[{\"lesson\":\"gil\",\"id\":\"why\"," \
	"\"kind\":\"choice\",\"picked\":[1],\"result\":\"right\",\"measured\":{}}]," \
	"\"score\":{\"right\":1,\"total\":1}}"

static char *
variant(const char *from, const char *to)
{
	const char *at = strstr(GOOD, from);
	char *s;

	ck_assert_ptr_nonnull(at);
	xasprintf(&s, "%.*s%s%s", (int)(at - GOOD), GOOD, to, at + strlen(from));
	return s;
}

START_TEST(malformed_refused)
{
	static const struct {
		const char *from, *to, *reason;
	} cases[] = {
		{ "\"format\":\"lockstep-results\"", "\"format\":\"other\"", "foreign JSON" },
		{ "\"version\":1", "\"version\":2", "format version 2 is newer" },
		{ "\"version\":1", "\"version\":0", "bad format version" },
		{ "\"version\":1", "\"version\":\"1\"", "bad format version" },
		{ "\"name\":\"bo\"", "\"name\":\"\"", "bad \"name\"" },
		{ "\"name\":\"bo\"", "\"name\":\"b\\u001b[2J\"", "bad \"name\"" },
		{ "\"host\":\"h\",", "", "bad \"host\"" },
		{ "\"seed\":1", "\"seed\":-1", "bad \"seed\"" },
		{ "2026-11-23T09:00:00Z", "2026-11-23 09:00", "bad \"start\"" },
		{ "2026-11-23T09:05:00Z", "2026-11-23T08:05:00Z", "bad \"end\"" },
		{ "\"lessons\":[\"gil\"]", "\"lessons\":[]", "bad \"lessons\"" },
		{ "\"lessons\":[\"gil\"]", "\"lessons\":[\"../x\"]", "bad lesson id" },
		{ "\"lesson\":\"gil\"", "\"lesson\":\"gal\"", "lesson not in \"lessons\"" },
		{ "\"id\":\"why\"", "\"id\":\"Why Not\"", "bad lesson or question id" },
		{ "\"kind\":\"choice\"", "\"kind\":\"essay\"", "unknown kind" },
		{ "\"picked\":[1]", "\"picked\":[9]", "bad picked choice" },
		{ "\"picked\":[1]", "\"picked\":[1,1]", "bad picked choice" },
		{ "\"result\":\"right\"", "\"result\":\"void\"", "bad result" },
		{ "\"measured\":{}", "\"measured\":{\"x\":\"1\"}", "bad measured value" },
		{ "\"measured\":{}", "\"extra\":1", "lacks lesson" },
		{ "\"right\":1,", "\"right\":0,", "score does not match" },
		{ "\"score\":{\"right\":1,\"total\":1}", "\"score\":1", "bad \"score\"" },
		{ "}}", "}},", "not JSON" },
	};
	struct results r;
	char reason[256];

	ck_assert_int_eq(results_parse(GOOD, strlen(GOOD), &r, reason, sizeof reason), 0);
	results_free(&r);
	ck_assert_int_eq(results_parse("[1]", 3, &r, reason, sizeof reason), -1);
	ck_assert_ptr_nonnull(strstr(reason, "not a JSON object"));
	for (size_t i = 0; i < nitems(cases); i++) {
		char *s = variant(cases[i].from, cases[i].to);

		ck_assert_msg(results_parse(s, strlen(s), &r, reason, sizeof reason) == -1,
		    "accepted case %zu", i);
		ck_assert_msg(strstr(reason, cases[i].reason) != NULL,
		    "case %zu: '%s' lacks '%s'", i, reason, cases[i].reason);
		free(s);
	}
}
END_TEST

START_TEST(thirty_writers_one_second)
{
	struct results r;
	char path[512], err[256];
	pid_t pids[30];

	setup();
	sample(&r, "same", 1, 1);
	/* Thirty processes, one name, one timestamp: thirty files. */
	for (int i = 0; i < 30; i++) {
		if ((pids[i] = fork()) == 0)
			_exit(results_write(&r, dir, path, sizeof path, err, sizeof err) == 0 ? 0 : 1);
		ck_assert_int_gt(pids[i], 0);
	}
	for (int i = 0; i < 30; i++) {
		int st;

		ck_assert_int_eq(waitpid(pids[i], &st, 0), pids[i]);
		ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	ck_assert_int_eq(count_files(".json"), 30);
	ck_assert_int_eq(count_files(".tmp"), 0);
	results_free(&r);
}
END_TEST

static char *
read_stream(FILE *f)
{
	long n;
	char *s;

	fflush(f);
	n = ftell(f);
	rewind(f);
	s = xcalloc(1, (size_t)n + 1);
	ck_assert_int_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return s;
}

START_TEST(report_folder)
{
	struct results r;
	struct report rp;
	char path[512], err[256], *out, *errs;
	FILE *fo = tmpfile(), *fe = tmpfile();
	char *newer = variant("\"version\":1", "\"version\":7");

	setup();
	sample(&r, "ann", 0, 1);
	ck_assert_int_eq(results_write(&r, dir, path, sizeof path, err, sizeof err), 0);
	results_free(&r);
	sample(&r, "ann", 1, 0);	/* a second attempt: best per lesson */
	r.start += 1000;
	r.end += 1000;
	ck_assert_int_eq(results_write(&r, dir, path, sizeof path, err, sizeof err), 0);
	results_free(&r);
	sample(&r, "Bo, \"B\"", 0, 0);
	ck_assert_int_eq(results_write(&r, dir, path, sizeof path, err, sizeof err), 0);
	results_free(&r);
	check_write_file(dir, "junk.json", "this is not json");
	check_write_file(dir, "notes.txt", "hello");
	check_write_file(dir, "other.json", "{\"format\":\"something-else\"}");
	check_write_file(dir, "newer.json", newer);
	/* A write interrupted before its rename: a hidden temporary, ignored. */
	check_write_file(dir, ".ann-20261123T090000-0000beef.json.tmp", "{\"format\":\"lockstep-re");
	ck_assert_int_eq(report_load(&rp, dir, fe), 0);
	ck_assert_int_eq(rp.n, 3);
	ck_assert_int_eq(rp.nskipped, 4);
	errs = read_stream(fe);
	ck_assert_ptr_nonnull(strstr(errs, "junk.json: skipped: not JSON"));
	ck_assert_ptr_nonnull(strstr(errs, "notes.txt: skipped: not JSON"));
	ck_assert_ptr_nonnull(strstr(errs, "other.json: skipped: not a lockstep result file (foreign JSON)"));
	ck_assert_ptr_nonnull(strstr(errs, "newer.json: skipped: format version 7 is newer"));
	ck_assert_ptr_null(strstr(errs, ".tmp"));

	report_print(&rp, fo, 0, 0);
	out = read_stream(fo);
	/* ann's best: gil 1/1 (second try), race-lock 1/1 (first try). */
	ck_assert_ptr_nonnull(strstr(out, "student"));
	ck_assert_ptr_nonnull(strstr(out, "race-lock"));
	ck_assert_ptr_nonnull(strstr(out, "ann      "));
	ck_assert_ptr_nonnull(strstr(out, "1/1        1/1      2/2\n"));
	ck_assert_ptr_nonnull(strstr(out, "Bo, \"B\"  "));
	ck_assert_ptr_nonnull(strstr(out, "0/1        0/1      0/2\n"));
	ck_assert_ptr_nonnull(strstr(out, "Hardest questions"));
	ck_assert_ptr_nonnull(strstr(out, "gil/why"));
	ck_assert_ptr_null(strstr(out, "void-one"));
	free(out);

	fo = tmpfile();
	report_print(&rp, fo, 1, 0);
	out = read_stream(fo);
	ck_assert_str_eq(out,
	    "name,gil,gil total,race-lock,race-lock total,right,total\r\n"
	    "\"Bo, \"\"B\"\"\",0,1,0,1,0,2\r\n"
	    "ann,1,1,1,1,2,2\r\n");
	free(out);

	fo = tmpfile();
	report_print(&rp, fo, 1, 1);
	out = read_stream(fo);
	ck_assert_ptr_nonnull(strstr(out, "name,started (UTC),gil,"));
	ck_assert_ptr_nonnull(strstr(out, "\r\nann,2026-11-18 "));
	ck_assert_ptr_nonnull(strstr(out, ",0,1,1,1,1,2\r\nann,"));
	ck_assert_ptr_nonnull(strstr(out, ",1,1,0,1,1,2\r\n"));
	free(out);
	free(errs);
	free(newer);
	report_free(&rp);
}
END_TEST

START_TEST(csv_field)
{
	FILE *f = tmpfile();
	char *out;

	report_csv_field(f, "plain");
	fputc('|', f);
	report_csv_field(f, "a,b");
	fputc('|', f);
	report_csv_field(f, "say \"hi\"");
	fputc('|', f);
	report_csv_field(f, "two\nlines");
	out = read_stream(f);
	ck_assert_str_eq(out, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"");
	free(out);
}
END_TEST

START_TEST(report_empty)
{
	struct report rp;
	FILE *fe = tmpfile();

	setup();
	check_write_file(dir, "junk", "x");
	ck_assert_int_eq(report_load(&rp, dir, fe), 0);
	ck_assert_int_eq(rp.n, 0);
	ck_assert_int_eq(rp.nskipped, 1);
	report_free(&rp);
	ck_assert_int_eq(report_load(&rp, "/nonexistent/lockstep", fe), -1);
	fclose(fe);
}
END_TEST

Suite *
results_suite(void)
{
	Suite *s = suite_create("results");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, json_strict);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, malformed_refused);
	tcase_add_test(tc, thirty_writers_one_second);
	tcase_add_test(tc, report_folder);
	tcase_add_test(tc, csv_field);
	tcase_add_test(tc, report_empty);
	suite_add_tcase(s, tc);
	return s;
}
