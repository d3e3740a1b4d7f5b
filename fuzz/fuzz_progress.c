/*
 * fuzz_progress.c — libFuzzer target over the progress file reader.
 *
 * Parses the input as a progress file; when it parses, formats it back and
 * parses that again: the second parse must succeed and give the same
 * entries (the writer and the reader agree on every file the reader takes).
 *
 *     fuzz/fuzz_progress -max_total_time=60 CORPUS_DIR fuzz/corpus/progress
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct progress p = { 0 }, q = { 0 };
	char *text = malloc(size + 1), *again;
	size_t n;
	int bad = 0;

	memcpy(text, data, size);
	text[size] = '\0';	/* the reader refuses embedded NULs before this */
	if (progress_parse(&p, text, &bad) == 0) {
		again = progress_format(&p, &n);
		if (progress_parse(&q, again, &bad) != 0 || q.n != p.n ||
		    strcmp(q.last, p.last) != 0)
			abort();
		for (int i = 0; i < p.n; i++)
			if (memcmp(&p.v[i], &q.v[i], sizeof p.v[i]) != 0)
				abort();
		free(again);
	} else if (bad < 1) {
		abort();	/* a refusal names its line */
	}
	progress_free(&p);
	progress_free(&q);
	free(text);
	return 0;
}
