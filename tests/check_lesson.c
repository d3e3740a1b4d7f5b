/*
 * check_lesson.c — the lesson parser: every construct, every rejection rule
 * (with its exact line), placeholders, predict answers and the catalogue.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson.h"
#include "ops.h"
#include "suites.h"
#include "util.h"

#define HEADER \
	"id: t\n" \
	"title: A test\n" \
	"level: beginner\n" \
	"summary: What it is about.\n"
/* Lines 1-4 are the header; line 5 is blank; a step starts on line 6. */
#define STEP \
	HEADER "\n" \
	"## step one: One\n" \
	"@demo counter model=thread workers=4\n" \
	"Some prose.\n"

/* Parse text (name "t.lesson"); return the errors joined by newlines. */
static char *
parse_errors(const char *text, size_t len, struct lesson **out)
{
	struct lesson_errors errs;
	struct lesson *l;
	size_t n = 1;
	char *all;

	lesson_errors_init(&errs);
	if (lesson_parse_buffer("t.lesson", text, len, &l, &errs) == 0)
		ck_assert_int_eq(errs.n, 0);
	else
		ck_assert_int_gt(errs.n, 0);
	for (int i = 0; i < errs.n; i++)
		n += strlen(errs.msg[i]) + 1;
	all = xcalloc(1, n);
	for (int i = 0; i < errs.n; i++) {
		strcat(all, errs.msg[i]);
		strcat(all, "\n");
	}
	lesson_errors_free(&errs);
	if (out != NULL)
		*out = l;
	else
		lesson_free(l);
	return all;
}

static struct lesson *
parse_ok(const char *text)
{
	struct lesson *l;
	char *errs = parse_errors(text, strlen(text), &l);

	ck_assert_msg(l != NULL, "unexpected errors:\n%s", errs);
	free(errs);
	return l;
}

/* One rejection rule: text, the line of the error and part of its message. */
struct reject {
	const char *what;
	const char *text;
	size_t len;		/* 0: strlen(text) */
	int line;
	const char *fragment;
};

#define LONGLINE \
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" \
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" \
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"	/* 203 bytes */

#define CHOICE_Q \
	"\n## choice q\nWhich?\n@wrong A\n@why a\n@wrong B\n@why b\n"

static const struct reject rejects[] = {
	{ "unknown demo", HEADER "\n## step s: S\n@demo nosuch\nx\n", 0, 7,
	    "unknown demo 'nosuch'" },
	{ "knob the demo does not take", HEADER "\n## step s: S\n@demo cpu order=ordered\nx\n",
	    0, 7, "unexpected knob 'order': demo 'cpu' takes" },
	{ "unknown knob", HEADER "\n## step s: S\n@demo cpu colour=red\nx\n", 0, 7,
	    "unknown knob 'colour'" },
	{ "timeline scale not gil or run", HEADER "\n## step s: S\n@demo cpu scale=big\nx\n",
	    0, 7, "scale: 'big' is not one of gil|run" },
	{ "knob out of range", HEADER "\n## step s: S\n@demo cpu workers=0\nx\n", 0, 7,
	    "--workers: '0' is not a whole number in 1..1024" },
	{ "choice knob not a choice", HEADER "\n## step s: S\n@demo counter lock=maybe\nx\n",
	    0, 7, "--lock: 'maybe' is not one of off|on" },
	{ "workers over the model's limit", HEADER "\n## step s: S\n@demo cpu model=process workers=33\nx\n",
	    0, 7, "--workers 33: at most 32 with --model process" },
	{ "model the demo cannot run", HEADER "\n## step s: S\n@demo blocking model=thread\nx\n",
	    0, 7, "demo 'blocking' cannot run with --model thread" },
	{ "knob given twice", HEADER "\n## step s: S\n@demo cpu workers=2 workers=3\nx\n",
	    0, 7, "knob 'workers' given twice" },
	{ "knob without value", HEADER "\n## step s: S\n@demo cpu workers\nx\n", 0, 7,
	    "'workers': write knobs as NAME=VALUE" },
	{ "unknown header key", "id: t\ncolour: red\n" "title: A\nlevel: beginner\nsummary: s\n"
	    "## step s: S\nx\n", 0, 2, "unknown header key 'colour'" },
	{ "duplicate header key", HEADER "title: again\n## step s: S\nx\n", 0, 5,
	    "'title:' given twice (first on line 2)" },
	{ "prose in the header", HEADER "hello there\n## step s: S\nx\n", 0, 5,
	    "expected 'key: value' in the header" },
	{ "bad level", "id: t\ntitle: A\nlevel: expert\nsummary: s\n## step s: S\nx\n", 0, 3,
	    "level 'expert' is not one of beginner|intermediate|advanced" },
	{ "bad order", HEADER "order: first\n## step s: S\nx\n", 0, 5,
	    "order 'first' is not a whole number in 0..9999" },
	{ "bad id", "id: Not_An_Id\ntitle: A\nlevel: beginner\nsummary: s\n## step s: S\nx\n",
	    0, 1, "id 'Not_An_Id'" },
	{ "missing id", "title: A\nlevel: beginner\nsummary: s\n## step s: S\nx\n", 0, 1,
	    "the header has no 'id:' line" },
	{ "missing title", "id: t\nlevel: beginner\nsummary: s\n## step s: S\nx\n", 0, 1,
	    "the header has no 'title:' line" },
	{ "missing level", "id: t\ntitle: A\nsummary: s\n## step s: S\nx\n", 0, 1,
	    "the header has no 'level:' line" },
	{ "missing summary", "id: t\ntitle: A\nlevel: beginner\n## step s: S\nx\n", 0, 1,
	    "the header has no 'summary:' line" },
	{ "no step", HEADER CHOICE_Q, 0, 1, "the lesson has no '## step' section" },
	{ "empty file", "", 0, 1, "the header has no 'id:' line" },
	{ "unknown directive", STEP "@frobnicate now\n", 0, 9, "unknown directive '@frobnicate'" },
	{ "directive in the wrong section", STEP "@right yes\n", 0, 9,
	    "@right does not belong in a step section" },
	{ "unknown section", HEADER "\n## lecture l\nx\n", 0, 6, "unknown section '## lecture'" },
	{ "step without title", HEADER "\n## step s\nx\n", 0, 6, "a step needs a title" },
	{ "duplicate step id", STEP "\n## step one: Again\nx\n", 0, 10,
	    "duplicate section id 'one' (first on line 6)" },
	{ "duplicate question id", STEP "\n## choice one\nQ?\n@right a\n@why a\n@wrong b\n@why b\n",
	    0, 10, "duplicate section id 'one'" },
	{ "overlong line", STEP LONGLINE "\n", 0, 9, "line is 203 bytes long; the limit is 200" },
	{ "invalid UTF-8", STEP "caf\xff\n", 0, 9, "invalid UTF-8 (byte 0xff) at column 4" },
	{ "overlong UTF-8 form", STEP "a\xc0\xaf" "b\n", 0, 9, "invalid UTF-8 (byte 0xc0) at column 2" },
	{ "UTF-8 surrogate", STEP "a\xed\xa0\x80\n", 0, 9, "invalid UTF-8 (byte 0xed) at column 2" },
	{ "truncated UTF-8", STEP "ab\xe2\x82", 0, 9, "invalid UTF-8 (byte 0xe2) at column 3" },
	{ "NUL byte", STEP "bin\0ary\n", sizeof(STEP "bin\0ary\n") - 1, 9,
	    "NUL byte at column 4 (a binary file?)" },
	{ "control character", STEP "bell\a\n", 0, 9,
	    "control character 0x07 at column 5 (only tab is allowed)" },
	{ "carriage return", STEP "dos line\r\n", 0, 9, "carriage return at column 9" },
	{ "unknown pane", STEP "@panes timeline locks\n", 0, 9, "unknown pane 'locks' (panes: timeline" },
	{ "pane twice", STEP "@panes lock lock\n", 0, 9, "pane 'lock' listed twice" },
	{ "panes without demo", HEADER "\n## step s: S\n@panes lock\nx\n", 0, 7,
	    "@panes without a @demo in this step" },
	{ "unknown metric in prose", STEP "We got {lots} of it.\n", 0, 9,
	    "{lots}: unknown metric 'lots' for demo 'counter'" },
	{ "metric of another demo", STEP "It took {latency_p50_ms}.\n", 0, 9,
	    "unknown metric 'latency_p50_ms'" },
	{ "placeholder without demo", HEADER "\n## step s: S\nIt took {wall_ms} ms.\n", 0, 7,
	    "{wall_ms}: this step has no @demo to take it from" },
	{ "speedup without baseline", STEP "Speedup {speedup}.\n", 0, 9,
	    "'speedup' needs baseline=on in the demo binding on line 7" },
	{ "bad placeholder format", STEP "{wall_ms:.9} ms\n", 0, 9, "the format is ':.N'" },
	{ "unclosed brace", STEP "a { b\n", 0, 9, "unclosed '{' (write '{{' for a brace)" },
	{ "stray closing brace", STEP "a } b\n", 0, 9, "'}' without '{'" },
	{ "not a placeholder", STEP "a {1x} b\n", 0, 9, "is not a placeholder" },
	{ "placeholder in a choice question", STEP "\n## choice q\nTook {wall_ms}?\n@right a\n@why a\n@wrong b\n@why b\n",
	    0, 11, "{wall_ms}: a multiple-choice question has no run" },
	{ "multiple choice without a right answer", STEP CHOICE_Q, 0, 10,
	    "question 'q' has no @right answer" },
	{ "choice without explanation", STEP "\n## choice q\nWhich?\n@right A\n@wrong B\n@why b\n",
	    0, 12, "choice has no @why explanation" },
	{ "one choice only", STEP "\n## choice q\nWhich?\n@right A\n@why a\n", 0, 10,
	    "question 'q' needs at least two choices" },
	{ "question without text", STEP "\n## choice q\n@right A\n@why a\n@wrong B\n@why b\n", 0, 10,
	    "question 'q' has no text" },
	{ "predict without run", STEP "\n## predict p\nWill it?\n@choice yes\n@when else\n@why y\n"
	    "@choice no\n@when else\n@why n\n", 0, 10, "predict question 'p' has no @run" },
	{ "condition that does not parse", STEP "\n## predict p\nWill it?\n"
	    "@run r counter\n@choice yes\n@when final == \n@why y\n@choice no\n@when else\n@why n\n",
	    0, 14, "bad condition: expected a number or a name, not the end" },
	{ "condition with =", STEP "\n## predict p\nWill it?\n"
	    "@run r counter\n@choice yes\n@when final = expected\n@why y\n@choice no\n@when else\n@why n\n",
	    0, 14, "compare with '=='" },
	{ "condition with unknown metric", STEP "\n## predict p\nWill it?\n"
	    "@run r counter\n@choice yes\n@when finale == 3\n@why y\n@choice no\n@when else\n@why n\n",
	    0, 14, "unknown metric 'finale' for demo 'counter'" },
	{ "condition that is a number", STEP "\n## predict p\nWill it?\n"
	    "@run r counter\n@choice yes\n@when final + 1\n@why y\n@choice no\n@when else\n@why n\n",
	    0, 14, "the condition is a number, not a comparison" },
	{ "condition and on numbers", STEP "\n## predict p\nWill it?\n"
	    "@run r counter\n@choice yes\n@when final and lost\n@why y\n@choice no\n@when else\n@why n\n",
	    0, 14, "'and' needs a comparison on each side" },
	{ "condition chained comparison", STEP "\n## predict p\nWill it?\n"
	    "@run r counter\n@choice yes\n@when 1 < final < 3\n@why y\n@choice no\n@when else\n@why n\n",
	    0, 14, "unexpected '<'" },
	{ "condition name without run", STEP "\n## predict p\nWill it?\n"
	    "@run a counter\n@run b counter\n@choice yes\n@when final > 1\n@why y\n"
	    "@choice no\n@when else\n@why n\n", 0, 15, "'final': say which run" },
	{ "condition unknown run", STEP "\n## predict p\nWill it?\n"
	    "@run a counter\n@choice yes\n@when c.final > 1\n@why y\n@choice no\n@when else\n@why n\n",
	    0, 14, "no @run called 'c' here" },
	{ "choice without condition", STEP "\n## predict p\nWill it?\n"
	    "@run r counter\n@choice yes\n@why y\n@choice no\n@when else\n@why n\n",
	    0, 13, "choice has no @when condition" },
	{ "two else choices", STEP "\n## predict p\nWill it?\n"
	    "@run r counter\n@choice yes\n@when else\n@why y\n@choice no\n@when else\n@why n\n",
	    0, 17, "a second '@when else' (first on line 14)" },
	{ "placeholder before the run", STEP "\n## predict p\nWill {final} be big?\n"
	    "@run r counter\n@choice yes\n@when final > 1\n@why y\n@choice no\n@when else\n@why n\n",
	    0, 11, "{final}: not known until the run" },
	{ "run with bad knob", STEP "\n## predict p\nWill it?\n"
	    "@run r counter workers=0\n@choice yes\n@when final > 1\n@why y\n@choice no\n@when else\n@why n\n",
	    0, 12, "--workers: '0' is not a whole number" },
	{ "duplicate run name", STEP "\n## predict p\nWill it?\n"
	    "@run r counter\n@run r cpu\n@choice yes\n@when r.final > 1\n@why y\n@choice no\n"
	    "@when else\n@why n\n", 0, 13, "duplicate run name 'r' (first on line 12)" },
	{ "code block not closed", STEP "```python\nx = 1\n", 0, 9,
	    "code block is not closed" },
	{ "code block language", STEP "```rust\nfn main() {}\n```\n", 0, 9,
	    "code block language 'rust'" },
	{ "unknown key in try", STEP "@try F13 Press it.\n", 0, 9, "unknown key 'F13'" },
	{ "try g on a demo without gil", HEADER "\n## step s: S\n@demo startup count=10\nx\n@try g Toggle.\n",
	    0, 9, "key 'g' turns --gil, which demo 'startup' does not take" },
	{ "try without demo", HEADER "\n## step s: S\nx\n@try Space Run.\n", 0, 8,
	    "@try without a @demo in this step" },
	{ "two demos", STEP "@demo cpu\n", 0, 9, "@demo given twice (first on line 7)" },
	{ "why before choice", STEP "\n## choice q\nWhich?\n@why because\n", 0, 12,
	    "@why before any choice" },
	{ "question text after choices", STEP CHOICE_Q "\nMore text.\n", 0, 17,
	    "question text after the choices" },
	{ "@if without @end", STEP "@if lost > 0\nLost.\n", 0, 9, "@if has no @end" },
	{ "@end without @if", STEP "@end\n", 0, 9, "@end without an @if" },
	{ "@elif without @if", STEP "@elif lost > 0\n", 0, 9, "@elif without an @if" },
	{ "@elif after @else", STEP "@if lost > 0\na\n@else\nb\n@elif final > 1\n"
	    "@end\n", 0, 13, "@elif after @else (line 11)" },
	{ "a second @else", STEP "@if lost > 0\n@else\n@else\n@end\n", 0, 11,
	    "a second @else (first on line 10)" },
	{ "a second @before", STEP "@if lost > 0\n@before\n@before\n@end\n", 0, 11,
	    "a second @before" },
	{ "@if nested too deep", STEP "@if lost > 0\n@if final > 0\n@if workers > 1\n"
	    "@end\n@end\n@end\n", 0, 11, "@if nested too deep" },
	{ "@if without condition", STEP "@if\nx\n@end\n", 0, 9,
	    "@if needs a condition" },
	{ "@else with a condition", STEP "@if lost > 0\n@else lost == 0\n@end\n", 0, 10,
	    "@else takes nothing after it" },
	{ "@if bad condition", STEP "@if lost >\nx\n@end\n", 0, 9,
	    "bad condition: expected a number or a name" },
	{ "@elif unknown metric", STEP "@if lost > 0\n@elif speed > 1\n@end\n", 0, 10,
	    "unknown metric 'speed' for demo 'counter'" },
	{ "@if without a demo", HEADER "\n## step s: S\nx\n@if lost > 0\ny\n@end\n", 0, 8,
	    "@if without a @demo in this step" },
	{ "directive inside @if", STEP "@if lost > 0\n@try l Lock it.\n@end\n", 0, 10,
	    "@try inside the @if of line 9" },
	{ "@if in a question", STEP CHOICE_Q "@if lost > 0\n", 0, 16,
	    "@if does not belong in a choice section" },
	{ "plural with two bars", STEP "{final:a|b|c}\n", 0, 9,
	    "a plural is {name:one|many}, with one '|'" },
	{ "plural of an unknown metric", STEP "{slots:slot|slots}\n", 0, 9,
	    "unknown metric 'slots'" },
	{ "bad format", STEP "{final:x}\n", 0, 9, "or ':one|many'" },
	{ "@claim of an unknown metric", STEP "@claim speed > 1\n", 0, 9,
	    "bad condition: unknown metric 'speed'" },
	{ "@claim without a demo", HEADER "\n## step s: S\nx\n@claim lost == 0\n", 0, 8,
	    "@claim without a @demo in this step" },
	{ "@claim without a condition", STEP "@claim\n", 0, 9, "@claim needs a condition" },
	{ "a bad name", HEADER "\n## step s: S\n@demo deadlock names=one,2x\nx\n", 0, 7,
	    "names: '2x' is not a name" },
	{ "names twice", HEADER "\n## step s: S\n@demo deadlock roles=a roles=b\nx\n", 0, 7,
	    "roles= given twice" },
	{ "@try a key that does nothing", STEP "@try % Press it.\n", 0, 9,
	    "key '%' does nothing in the lesson player" },
	{ "@try a model the demo cannot run", HEADER "\n## step s: S\n"
	    "@demo semaphore model=coroutine\nx\n@try m Press m, then 3.\n", 0, 9,
	    "names the process model, which demo 'semaphore' does not run" },
	{ "@try a model named", HEADER "\n## step s: S\n"
	    "@demo semaphore model=coroutine\nx\n@try m Switch to processes.\n", 0, 9,
	    "names the process model" },
	{ "@line unknown operation", STEP "@line 1 frob\n```python\nx = 1\n```\n", 0, 9,
	    "unknown operation 'frob': one of compute, read, write" },
	{ "@line outside the code", STEP "@line 3 read\n```python\nx = 1\ny = 2\n```\n", 0, 9,
	    "@line 3: the code block (line 10) has 2 lines" },
	{ "@line an operation the demo never does", STEP
	    "```python\nx = q.get()\n```\n@line 1 get\n", 0, 12,
	    "demo 'counter' never performs 'get' (lockstep list operations counter)" },
	{ "@line without a number", STEP "@line read\n", 0, 9,
	    "@line needs a line of the code block and an operation" },
	{ "@line without an operation", STEP "@line 2\n", 0, 9,
	    "@line 2 needs an operation" },
	{ "@line without code", STEP "@line 1 read\n", 0, 9,
	    "@line without a code block in this step" },
	{ "@line the same operation twice", STEP
	    "@line 1 read\n@line 2 write read\n```python\nx = 1\ny = 2\n```\n", 0, 10,
	    "an operation of line 9's @line again" },
	{ "@line without a demo", HEADER "\n## step s: S\nx\n@line 1 read\n"
	    "```python\nx = 1\n```\n", 0, 8, "@line without a @demo in this step" },
	{ "@line on an object not in names=", HEADER "\n## step s: S\n"
	    "@demo deadlock model=thread workers=2 names=one,two roles=a,b\n"
	    "@line 1 acquire on three\nx\n```python\nx = 1\n```\n", 0, 8,
	    "@line on 'three': not an object of the @demo's names=" },
	{ "@line by a worker not in roles=", HEADER "\n## step s: S\n"
	    "@demo deadlock model=thread workers=2 names=one,two roles=a,b\n"
	    "@line 1 acquire on one by c\nx\n```python\nx = 1\n```\n", 0, 8,
	    "@line by 'c': not a worker of the @demo's roles=" },
	{ "@line on without a name", STEP "@line 1 acquire on\n", 0, 9,
	    "'on' needs a name" },
	{ "@line an operation after by", HEADER "\n## step s: S\n"
	    "@demo deadlock model=thread workers=2 names=one,two roles=a,b\n"
	    "@line 1 acquire by a release\nx\n```python\nx = 1\n```\n", 0, 8,
	    "@line by 'release': not a worker" },
	{ "@line on twice", STEP "@line 1 acquire on lock on lock\n", 0, 9,
	    "'on' given twice" },
	{ "@line two marks for one worker", HEADER "\n## step s: S\n"
	    "@demo deadlock model=thread workers=2 names=one,two roles=a,b\n"
	    "@line 1 acquire on one by a\n@line 2 acquire on one by b a\nx\n"
	    "```python\nx = 1\ny = 2\n```\n", 0, 9,
	    "an operation of line 8's @line again" },
	{ "@line inside @if", STEP "@if lost > 0\n@line 1 read\n@end\n", 0, 10,
	    "@line inside the @if of line 9" },
};

/* True if one line of errs starts with "t.lesson:LINE: " and holds fragment. */
static int
has_error(const char *errs, int line, const char *fragment)
{
	char prefix[64];
	const char *s, *nl;

	xsnprintf(prefix, sizeof prefix, "t.lesson:%d: ", line);
	for (s = errs; *s != '\0'; s = nl + 1) {
		char *one;
		int found;

		nl = strchr(s, '\n');
		one = xstrndup(s, (size_t)(nl - s));
		found = strncmp(one, prefix, strlen(prefix)) == 0 && strstr(one, fragment) != NULL;
		free(one);
		if (found)
			return 1;
	}
	return 0;
}

START_TEST(rejects_with_line)
{
	const struct reject *r = &rejects[_i];
	size_t len = r->len != 0 ? r->len : strlen(r->text);
	char *errs = parse_errors(r->text, len, NULL);

	ck_assert_msg(has_error(errs, r->line, r->fragment),
	    "%s: want line %d with \"%s\" in:\n%s", r->what, r->line,
	    r->fragment, errs);
	free(errs);
}
END_TEST

START_TEST(collects_every_error)
{
	const char *text = HEADER "\n## step s: S\n@demo nosuch\nx {y\n@frob\n"
	    "@panes nopane\n\n## choice q\nQ?\n@wrong a\n@why a\n@wrong b\n@why b\n";
	char *errs = parse_errors(text, strlen(text), NULL);

	ck_assert_ptr_nonnull(strstr(errs, "t.lesson:7: unknown demo"));
	ck_assert_ptr_nonnull(strstr(errs, "t.lesson:8: unclosed '{'"));
	ck_assert_ptr_nonnull(strstr(errs, "t.lesson:9: unknown directive"));
	ck_assert_ptr_nonnull(strstr(errs, "t.lesson:10: unknown pane"));
	ck_assert_ptr_nonnull(strstr(errs, "t.lesson:12: question 'q' has no @right"));
	/* In line order. */
	ck_assert(strstr(errs, ":7:") < strstr(errs, ":9:"));
	free(errs);
}
END_TEST

START_TEST(stops_after_too_many_errors)
{
	char *text, *errs, *p;
	size_t n = strlen(STEP);
	int lines = 0;

	text = xmalloc(n + 200 * 8 + 1);
	memcpy(text, STEP, n);
	for (int i = 0; i < 200; i++, n += 7)
		memcpy(text + n, "@frob1\n", 7);
	text[n] = '\0';
	errs = parse_errors(text, n, NULL);
	for (p = errs; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	ck_assert_int_eq(lines, LESSON_MAX_ERRORS + 1);
	ck_assert_ptr_nonnull(strstr(errs, "too many errors"));
	free(errs);
	free(text);
}
END_TEST

START_TEST(rejects_too_large_file)
{
	size_t n = LESSON_MAX_BYTES + 100;
	char *text = xmalloc(n), *errs;

	/* 100-byte lines: the limit is crossed on line 2622. */
	for (size_t i = 0; i < n; i++)
		text[i] = i % 100 == 99 ? '\n' : 'a';
	errs = parse_errors(text, n, NULL);
	ck_assert_msg(strstr(errs, "t.lesson:2622: file is larger than 262144 bytes")
	    != NULL, "%s", errs);
	free(errs);
	free(text);
}
END_TEST

START_TEST(rejects_id_not_matching_file)
{
	struct lesson_errors errs;
	struct lesson *l;

	lesson_errors_init(&errs);
	ck_assert_int_eq(lesson_parse_buffer("dir/other.lesson", STEP, strlen(STEP),
	    &l, &errs), -1);
	ck_assert_ptr_null(l);
	ck_assert_int_eq(errs.n, 1);
	ck_assert_str_eq(errs.msg[0], "dir/other.lesson:1: id 't' does not match "
	    "the file name 'other.lesson' (want id: other)");
	lesson_errors_free(&errs);
}
END_TEST

static const char full[] =
    "# a comment\n"
    "id: t\n"
    "title: A test\n"
    "level: advanced\n"
    "order: 42\n"
    "summary: What it is about.\n"
    "\n"
    "## step one: The first step\n"
    "@demo counter model=process workers=4 lock=on baseline=on\n"
    "@panes lock results\n"
    "\n"
    "A paragraph that\n"
    "  goes on over lines.\n"
    "\n"
    "- a bullet\n"
    "  continued\n"
    "- another {{bullet}}\n"
    "\n"
    "```python\n"
    "if x:\n"
    "    y = {1: 2}  # kept as is\n"
    "```\n"
    "It took {wall_ms:.1} ms, speedup {speedup}.\n"
    "@try l Turn the lock off\n"
    "and run again.\n"
    "@try Space Run.\n"
    "@hint A hint.\n"
    "@note Notes for the presenter.\n"
    "\n"
    "## step two: No demo\n"
    "Just prose.\n"
    "\n"
    "## choice pick\n"
    "Pick the right ones.\n"
    "@right A\n"
    "@why Because a.\n"
    "@wrong B\n"
    "@why Because b.\n"
    "@right C\n"
    "@why Because c.\n"
    "@hint Think.\n"
    "\n"
    "## predict guess\n"
    "Which is faster?\n"
    "@run fast cpu model=process\n"
    "@run slow cpu model=thread gil=on\n"
    "@choice fast\n"
    "@when fast.wall_ms < slow.wall_ms\n"
    "@why {fast.wall_ms} against {slow.wall_ms}.\n"
    "@choice slow\n"
    "@when else\n"
    "@why Hm.\n"
    "@note Discuss.\n";

START_TEST(parses_every_construct)
{
	struct lesson *l = parse_ok(full);
	struct lesson_step *s;
	struct lesson_question *q;

	ck_assert_str_eq(l->id, "t");
	ck_assert_int_eq(l->id_line, 2);
	ck_assert_str_eq(l->title, "A test");
	ck_assert_int_eq(l->level, LEVEL_ADVANCED);
	ck_assert_int_eq(l->order, 42);
	ck_assert_str_eq(l->summary, "What it is about.");
	ck_assert_int_eq(l->nsteps, 2);
	ck_assert_int_eq(l->nquestions, 2);

	s = &l->steps[0];
	ck_assert_str_eq(s->id, "one");
	ck_assert_str_eq(s->title, "The first step");
	ck_assert_int_eq(s->line, 8);
	ck_assert_ptr_nonnull(s->demo);
	ck_assert_str_eq(s->demo->demo->name, "counter");
	ck_assert_ptr_null(s->demo->name);
	ck_assert_int_eq(s->demo->knobs.v[KNOB_MODEL], MODEL_PROCESS);
	ck_assert_int_eq(s->demo->knobs.v[KNOB_WORKERS], 4);
	ck_assert(knobs_isset(&s->demo->knobs, KNOB_WORKERS));
	ck_assert_int_eq(s->demo->knobs.v[KNOB_LOCK], ON);
	/* Unset knobs take the demo's defaults. */
	ck_assert(!knobs_isset(&s->demo->knobs, KNOB_INCREMENTS));
	ck_assert_int_eq(s->demo->knobs.v[KNOB_INCREMENTS], 100000);
	ck_assert_int_eq(s->demo->baseline, 1);
	ck_assert_uint_eq(s->panes, PANE_BIT(PANE_LOCK) | PANE_BIT(PANE_RESULTS));

	ck_assert_int_eq(s->nblocks, 5);
	ck_assert_int_eq(s->blocks[0].kind, BLOCK_PARA);
	ck_assert_str_eq(s->blocks[0].text, "A paragraph that goes on over lines.");
	ck_assert_int_eq(s->blocks[0].line, 12);
	ck_assert_int_eq(s->blocks[1].kind, BLOCK_BULLET);
	ck_assert_str_eq(s->blocks[1].text, "a bullet continued");
	ck_assert_int_eq(s->blocks[2].kind, BLOCK_BULLET);
	ck_assert_str_eq(s->blocks[2].text, "another {{bullet}}");
	ck_assert_int_eq(s->blocks[3].kind, BLOCK_CODE);
	ck_assert_str_eq(s->blocks[3].lang, "python");
	ck_assert_str_eq(s->blocks[3].text, "if x:\n    y = {1: 2}  # kept as is\n");
	ck_assert_str_eq(s->blocks[4].text, "It took {wall_ms:.1} ms, speedup {speedup}.");

	ck_assert_int_eq(s->ntries, 2);
	ck_assert_str_eq(s->tries[0].key, "l");
	ck_assert_str_eq(s->tries[0].text, "Turn the lock off and run again.");
	ck_assert_str_eq(s->tries[1].key, "Space");
	ck_assert_int_eq(s->hints.n, 1);
	ck_assert_str_eq(s->hints.v[0], "A hint.");
	ck_assert_int_eq(s->notes.n, 1);
	ck_assert_str_eq(s->notes.v[0], "Notes for the presenter.");

	s = &l->steps[1];
	ck_assert_ptr_null(s->demo);
	ck_assert_uint_eq(s->panes, PANES_DEFAULT);

	q = &l->questions[0];
	ck_assert_int_eq(q->kind, QUESTION_CHOICE);
	ck_assert_str_eq(q->id, "pick");
	ck_assert_int_eq(q->nchoices, 3);
	ck_assert_str_eq(q->blocks[0].text, "Pick the right ones.");
	ck_assert_str_eq(q->choices[1].text, "B");
	ck_assert_str_eq(q->choices[1].why, "Because b.");
	ck_assert_uint_eq(lesson_choice_answer(q), 0x5);
	ck_assert_int_eq(q->hints.n, 1);

	q = &l->questions[1];
	ck_assert_int_eq(q->kind, QUESTION_PREDICT);
	ck_assert_int_eq(q->nruns, 2);
	ck_assert_str_eq(q->runs[0].name, "fast");
	ck_assert_int_eq(q->runs[1].knobs.v[KNOB_MODEL], MODEL_THREAD);
	ck_assert_ptr_nonnull(q->choices[0].when);
	ck_assert(q->choices[1].is_else);
	ck_assert_int_eq(q->notes.n, 1);
	lesson_free(l);
}
END_TEST

/* "@line N OPERATION...": the marks, and which line each operation is on. */
START_TEST(parses_line_marks)
{
	struct lesson *l = parse_ok(STEP
	    "```python\n"
	    "with lock:\n"
	    "    counter += 1\n"
	    "```\n"
	    "@line 2 read   write\n"
	    "@line 1 acquire release\n");
	const struct lesson_step *s = &l->steps[0];

	ck_assert_int_eq(s->nmarks, 2);
	ck_assert_int_eq(s->marks[0].code_line, 2);
	ck_assert_int_eq(s->marks[0].line, 13);
	ck_assert_uint_eq(s->marks[0].ops, (1u << OP_READ) | (1u << OP_WRITE));
	ck_assert_int_eq(lesson_op_line(s, OP_WRITE, NULL, "thread-0"), 2);
	ck_assert_int_eq(lesson_op_line(s, OP_RELEASE, "lock", "thread-0"), 1);
	ck_assert_int_eq(lesson_op_line(s, OP_YIELD, NULL, NULL), 0);
	ck_assert_int_eq(lesson_op_line(s, OP_NONE, NULL, NULL), 0);
	ck_assert_ptr_eq(lesson_step_code(s), &s->blocks[1]);
	lesson_free(l);
	/* per object and per worker: the deadlock's two functions */
	l = parse_ok(HEADER "\n## step s: S\n"
	    "@demo deadlock model=thread workers=2 names=one,two roles=a,b\nx\n"
	    "```python\nwith one:\n  with two:\n    pass\nwith two:\n  with one:\n    pass\n```\n"
	    "@line 1 acquire release on one by a\n@line 2 acquire release on two by a\n"
	    "@line 4 acquire release on two by b\n@line 5 acquire on one by b\n"
	    "@line 3 sleep\n");
	s = &l->steps[0];
	ck_assert_str_eq(s->marks[0].on, "one");
	ck_assert_int_eq(s->marks[0].nby, 1);
	ck_assert_int_eq(lesson_op_line(s, OP_ACQUIRE, "one", "a"), 1);
	ck_assert_int_eq(lesson_op_line(s, OP_ACQUIRE, "one", "b"), 5);
	ck_assert_int_eq(lesson_op_line(s, OP_RELEASE, "one", "b"), 0);
	ck_assert_int_eq(lesson_op_line(s, OP_ACQUIRE, "two", "b"), 4);
	ck_assert_int_eq(lesson_op_line(s, OP_ACQUIRE, NULL, "b"), 0);
	ck_assert_int_eq(lesson_op_line(s, OP_SLEEP, NULL, "b"), 3);
	lesson_free(l);
	/* a role names its numbered workers: "task" is task-2 */
	l = parse_ok(STEP "```python\nx = 1\n```\n@line 1 read by thread\n");
	ck_assert_int_eq(lesson_op_line(&l->steps[0], OP_READ, NULL, "thread-2"), 1);
	ck_assert_int_eq(lesson_op_line(&l->steps[0], OP_READ, NULL, "threads"), 0);
	lesson_free(l);
	/* a demo's operation under another model it runs is fine: m switches */
	l = parse_ok(HEADER "\n## step s: S\n@demo io model=coroutine\nx\n"
	    "```python\ntime.sleep(1)\n```\n@line 1 sleep\n");
	lesson_free(l);
}
END_TEST

START_TEST(accepts_bom_and_no_final_newline)
{
	struct lesson *l = parse_ok("\xef\xbb\xbf" STEP "last line");

	ck_assert_str_eq(l->steps[0].blocks[0].text, "Some prose. last line");
	lesson_free(l);
}
END_TEST

/* Fake metrics: a table of run, name, value. */
struct fake {
	int run;
	const char *name;
	double value;
};

static int
fake_lookup(void *ctx, int run, const char *name, double *value)
{
	for (const struct fake *f = ctx; f->name != NULL; f++) {
		if (f->run == run && strcmp(f->name, name) == 0) {
			*value = f->value;
			return 0;
		}
	}
	return -1;
}

START_TEST(renders_placeholders)
{
	struct lesson *l = parse_ok(full);
	const struct lesson_run *run = l->steps[0].demo;
	struct fake m[] = { { 0, "wall_ms", 1234.56 }, { 0, "speedup", 3 },
	    { 0, "final", 7 }, { 0, NULL, 0 } };
	char *s;

	s = lesson_render(l->steps[0].blocks[4].text, run, 1, fake_lookup, m, NULL);
	ck_assert_str_eq(s, "It took 1234.6 ms, speedup 3.");
	free(s);
	s = lesson_render("{{x}} {final:.2} {lost} {workers} {lock} {model}", run, 1,
	    fake_lookup, m, NULL);
	/* lost: not measured; knobs: the binding's values, choices by name. */
	ck_assert_str_eq(s, "{x} 7.00 … 4 on process");
	free(s);
	s = lesson_render("{wall_ms}", run, 1, NULL, NULL, "?");
	ck_assert_str_eq(s, "?");
	free(s);
	m[0].value = 2.25;
	s = lesson_render("{wall_ms}", run, 1, fake_lookup, m, NULL);
	ck_assert_str_eq(s, "2.2");
	free(s);
	/* A question with two runs: qualified names. */
	m[0].run = 1;
	s = lesson_render(l->questions[1].choices[0].why, l->questions[1].runs, 2,
	    fake_lookup, m, "-");
	ck_assert_str_eq(s, "- against 2.2.");
	free(s);
	/* Malformed text (rejected by the parser) still renders. */
	s = lesson_render("a { b } c", run, 1, fake_lookup, m, NULL);
	ck_assert_ptr_nonnull(s);
	free(s);
	lesson_free(l);
}
END_TEST

/* The step's blocks shown for these values, as "0 2 5 ". */
static void
shown_blocks(const struct lesson_step *st, struct fake *m, char *out, size_t len)
{
	unsigned char shown[32];
	size_t off = 0;

	ck_assert_int_le(st->nblocks, 32);
	lesson_blocks_shown(st, m != NULL ? fake_lookup : NULL, m, shown);
	out[0] = '\0';
	for (int i = 0; i < st->nblocks; i++)
		if (shown[i])
			off += xsnprintf(out + off, len - off, "%d ", i);
}

START_TEST(conditional_paragraphs)
{
	struct lesson *l = parse_ok(STEP
	    "@if lost > 0\n"			/* blocks 1 and 2 */
	    "Lost {lost} {lost:update|updates}.\n\n"
	    "```python\ncounter += 1\n```\n"
	    "@elif final == expected\n"
	    "All {final} there.\n"		/* block 3 */
	    "@if workers > 2\n"
	    "Even with {workers} workers.\n"	/* block 4 */
	    "@end\n"
	    "@else\n"
	    "Odd.\n"				/* block 5 */
	    "@before\n"
	    "Press Space.\n"			/* block 6 */
	    "@end\n"
	    "The end.\n");			/* block 7 */
	const struct lesson_step *st = &l->steps[0];
	struct fake lost[] = { { 0, "lost", 1 }, { 0, "final", 3 },
	    { 0, "expected", 4 }, { 0, NULL, 0 } };
	struct fake all[] = { { 0, "lost", 0 }, { 0, "final", 4 },
	    { 0, "expected", 4 }, { 0, NULL, 0 } };
	struct fake odd[] = { { 0, "lost", 0 }, { 0, "final", 5 },
	    { 0, "expected", 4 }, { 0, NULL, 0 } };
	char got[128], *s;

	ck_assert_int_eq(st->nblocks, 8);
	ck_assert_int_eq(st->ngroups, 2);
	ck_assert_int_eq(st->groups[1].parent, 0);
	ck_assert_int_eq(st->groups[1].parent_branch, 1);
	shown_blocks(st, NULL, got, sizeof got);	/* not measured yet */
	ck_assert_str_eq(got, "0 6 7 ");
	shown_blocks(st, lost, got, sizeof got);
	ck_assert_str_eq(got, "0 1 2 7 ");
	shown_blocks(st, all, got, sizeof got);	/* workers=4 from the binding */
	ck_assert_str_eq(got, "0 3 4 7 ");
	shown_blocks(st, odd, got, sizeof got);
	ck_assert_str_eq(got, "0 5 7 ");
	s = lesson_render(st->blocks[1].text, st->demo, 1, fake_lookup, lost, NULL);
	ck_assert_str_eq(s, "Lost 1 update.");
	free(s);
	lost[0].value = 3;
	s = lesson_render(st->blocks[1].text, st->demo, 1, fake_lookup, lost, NULL);
	ck_assert_str_eq(s, "Lost 3 updates.");
	free(s);
	s = lesson_render("slot{workers:|s}, {nothing:a|b}", st->demo, 1, fake_lookup,
	    lost, NULL);
	ck_assert_str_eq(s, "slots, …");
	free(s);
	lesson_free(l);
	/* Without @before, an undecided group shows nothing. */
	l = parse_ok(STEP "@if lost > 0\nA.\n@else\nB.\n@end\n");
	shown_blocks(&l->steps[0], NULL, got, sizeof got);
	ck_assert_str_eq(got, "0 ");
	lesson_free(l);
}
END_TEST

static const char reach[] = STEP
    "\n## predict reach\n"
    "Will it reach the full count?\n"
    "@run r counter workers=4\n"
    "@choice yes\n"
    "@when final == expected\n"
    "@why y\n"
    "@choice no\n"
    "@when final < expected\n"
    "@why n {lost}\n"
    "@choice odd\n"
    "@when not final <= expected or (lost > 0 and -lost / 2 * 4 + 1 >= 3)\n"
    "@why o\n";

START_TEST(predict_picks_by_metrics)
{
	struct lesson *l = parse_ok(reach);
	const struct lesson_question *q = &l->questions[0];
	struct fake lost[] = { { 0, "final", 399000 }, { 0, "expected", 400000 },
	    { 0, "lost", 1000 }, { 0, NULL, 0 } };
	struct fake full_count[] = { { 0, "final", 400000 }, { 0, "expected", 400000 },
	    { 0, "lost", 0 }, { 0, NULL, 0 } };
	struct fake over[] = { { 0, "final", 400001 }, { 0, "expected", 400000 },
	    { 0, "lost", 0 }, { 0, NULL, 0 } };
	struct fake partial[] = { { 0, "final", 1 }, { 0, NULL, 0 } };
	unsigned right;

	ck_assert_int_eq(lesson_predict_answer(q, fake_lookup, lost, &right), 0);
	ck_assert_uint_eq(right, 1u << 1);
	ck_assert_int_eq(lesson_predict_answer(q, fake_lookup, full_count, &right), 0);
	ck_assert_uint_eq(right, 1u << 0);
	ck_assert_int_eq(lesson_predict_answer(q, fake_lookup, over, &right), 0);
	ck_assert_uint_eq(right, 1u << 2);
	/* Unknown metric: no answer yet. */
	ck_assert_int_eq(lesson_predict_answer(q, fake_lookup, partial, &right), -1);
	lesson_free(l);
}
END_TEST

static const char race[] = STEP
    "\n## predict first\n"
    "Which finishes first?\n"
    "@run a io model=thread\n"
    "@run b io model=sequential baseline=on\n"
    "@choice a\n"
    "@when a.wall_ms < b.wall_ms and b.speedup >= 1\n"
    "@why a\n"
    "@choice b\n"
    "@when b.wall_ms / 0 < 1\n"
    "@why b\n"
    "@choice tie\n"
    "@when else\n"
    "@why tie\n";

START_TEST(predict_compares_runs_and_else)
{
	struct lesson *l = parse_ok(race);
	const struct lesson_question *q = &l->questions[0];
	struct fake afirst[] = { { 0, "wall_ms", 100 }, { 1, "wall_ms", 300 },
	    { 1, "speedup", 1 }, { 0, NULL, 0 } };
	struct fake tie[] = { { 0, "wall_ms", 300 }, { 1, "wall_ms", 300 },
	    { 1, "speedup", 1 }, { 0, NULL, 0 } };
	unsigned right;

	ck_assert_int_eq(lesson_predict_answer(q, fake_lookup, afirst, &right), 0);
	ck_assert_uint_eq(right, 1u << 0);
	/* Division by zero is false, never a crash; else takes the rest. */
	ck_assert_int_eq(lesson_predict_answer(q, fake_lookup, tie, &right), 0);
	ck_assert_uint_eq(right, 1u << 2);
	lesson_free(l);
}
END_TEST

#define LESSON(id, order, title) \
	"id: " id "\ntitle: " title "\nlevel: beginner\norder: " order \
	"\nsummary: s\n## step s: S\nx\n"

START_TEST(catalogue_overrides_and_skips)
{
	char tmp[] = "/tmp/lockstep-cat-XXXXXX", a[64], b[64];
	char *dirs[2] = { a, b };
	struct lesson_catalogue cat;
	struct lesson_errors errs;
	int i;

	ck_assert_ptr_nonnull(mkdtemp(tmp));
	xsnprintf(a, sizeof a, "%s/a", tmp);
	xsnprintf(b, sizeof b, "%s/b", tmp);
	ck_assert_int_eq(mkdir(a, 0700), 0);
	ck_assert_int_eq(mkdir(b, 0700), 0);
	check_write_file(b, "x.lesson", LESSON("x", "20", "Installed x"));
	check_write_file(b, "y.lesson", LESSON("y", "10", "Installed y"));
	check_write_file(b, "z.lesson", LESSON("z", "30", "Installed z"));
	check_write_file(b, "notes.txt", "not a lesson");
	check_write_file(a, "x.lesson", LESSON("x", "20", "My own x"));
	check_write_file(a, "z.lesson", "id: z\nbroken\n");
	check_write_file(a, ".#x.lesson", "editor lock");

	lesson_errors_init(&errs);
	lesson_catalogue_load_dirs(&cat, dirs, 2, &errs);
	/* The broken z in a is reported and skipped; b's z is used. */
	ck_assert_int_eq(cat.n, 3);
	ck_assert_str_eq(cat.v[0]->id, "y");
	ck_assert_str_eq(cat.v[1]->id, "x");
	ck_assert_str_eq(cat.v[1]->title, "My own x");
	ck_assert_str_eq(cat.v[2]->id, "z");
	ck_assert_str_eq(cat.v[2]->title, "Installed z");
	ck_assert_ptr_nonnull(lesson_catalogue_find(&cat, "y"));
	ck_assert_ptr_null(lesson_catalogue_find(&cat, "w"));
	ck_assert_int_gt(errs.n, 0);
	for (i = 0; i < errs.n; i++)
		if (strstr(errs.msg[i], "a/z.lesson:2: expected 'key: value'") != NULL)
			break;
	ck_assert_int_lt(i, errs.n);
	lesson_catalogue_free(&cat);
	lesson_errors_free(&errs);
}
END_TEST

START_TEST(load_reports_unreadable_files)
{
	struct lesson_errors errs;
	struct lesson *l;

	lesson_errors_init(&errs);
	ck_assert_int_eq(lesson_load("/nonexistent/x.lesson", &l, &errs), -1);
	ck_assert_int_eq(lesson_load("/tmp", &l, &errs), -1);
	ck_assert_int_eq(errs.n, 2);
	ck_assert_str_eq(errs.msg[0], "/nonexistent/x.lesson: No such file or directory");
	ck_assert_str_eq(errs.msg[1], "/tmp: is a directory");
	lesson_errors_free(&errs);
}
END_TEST

START_TEST(timeline_scale_of_a_binding)
{
	struct lesson *l = parse_ok(HEADER "\n## step a: A\n@demo cpu scale=gil\nx\n\n"
	    "## step b: B\n@demo cpu scale=run\nx\n\n## step c: C\n@demo cpu\nx\n");

	ck_assert_int_eq(l->steps[0].demo->scale, LESSON_SCALE_GIL);
	ck_assert_int_eq(l->steps[1].demo->scale, LESSON_SCALE_RUN);
	ck_assert_int_eq(l->steps[2].demo->scale, LESSON_SCALE_AUTO);
	lesson_free(l);
}
END_TEST

START_TEST(level_names)
{
	ck_assert_str_eq(lesson_level_name(LEVEL_INTERMEDIATE), "intermediate");
}
END_TEST

Suite *
lesson_suite(void)
{
	Suite *s = suite_create("lesson");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, rejects_with_line, 0, (int)nitems(rejects));
	tcase_add_test(tc, collects_every_error);
	tcase_add_test(tc, stops_after_too_many_errors);
	tcase_add_test(tc, rejects_too_large_file);
	tcase_add_test(tc, rejects_id_not_matching_file);
	tcase_add_test(tc, parses_every_construct);
	tcase_add_test(tc, parses_line_marks);
	tcase_add_test(tc, accepts_bom_and_no_final_newline);
	tcase_add_test(tc, timeline_scale_of_a_binding);
	tcase_add_test(tc, level_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("live");
	tcase_add_test(tc, renders_placeholders);
	tcase_add_test(tc, conditional_paragraphs);
	tcase_add_test(tc, predict_picks_by_metrics);
	tcase_add_test(tc, predict_compares_runs_and_else);
	suite_add_tcase(s, tc);

	tc = tcase_create("catalogue");
	tcase_add_test(tc, catalogue_overrides_and_skips);
	tcase_add_test(tc, load_reports_unreadable_files);
	suite_add_tcase(s, tc);
	return s;
}
