/*
 * fuzz_trace.c — libFuzzer target over the --trace recording reader
 * (lockstep replay FILE).
 *
 * The input is put in a memory file and read as a recording; when it
 * reads, it is rebuilt into a kept run as the player would (every event
 * applied to a view): neither may crash, leak or hang, and a refusal names
 * its file.
 *
 *     fuzz/fuzz_trace -max_total_time=60 CORPUS_DIR fuzz/corpus/trace
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "record.h"
#include "trace-read.h"
#include "util.h"
#include "view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct view v;
	struct trace_file tf;
	struct record r;
	char path[64], err[1024];
	int fd = memfd_create("fuzz-trace", MFD_CLOEXEC);

	if (fd == -1 || write_full(fd, data, size) != 0)
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (trace_file_load(path, &tf, err, sizeof err) == 0) {
		record_init(&r);
		trace_file_replay(&tf, &r, &v);
		record_free(&r);
	} else if (strncmp(err, path, strlen(path)) != 0) {
		abort();	/* a refusal names the file */
	}
	trace_file_free(&tf);
	close(fd);
	return 0;
}
