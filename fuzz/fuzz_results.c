/*
 * fuzz_results.c — libFuzzer target over the quiz result file reader
 * (results_parse, what `lockstep report` runs on every file of a shared
 * folder).  A refusal must come with a reason.
 *
 *     fuzz/fuzz_results -max_total_time=60 CORPUS_DIR fuzz/corpus/results
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct results r;
	char reason[256] = "";

	if (results_parse((const char *)data, size, &r, reason, sizeof reason) == 0)
		results_free(&r);
	else if (reason[0] == '\0')
		abort();
	return 0;
}
