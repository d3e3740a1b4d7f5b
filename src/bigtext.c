/*
 * bigtext.c — the block-digit font and the presenter's readouts (bigtext.h).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "bigtext.h"
#include "util.h"

/* Each glyph: its width in pixels and five rows, '#' a pixel. */
static const struct {
	char c;
	int w;
	const char *row[5];
} font[] = {
	{ '0', 3, { "###", "#.#", "#.#", "#.#", "###" } },
	{ '1', 3, { ".#.", "##.", ".#.", ".#.", "###" } },
	{ '2', 3, { "###", "..#", "###", "#..", "###" } },
	{ '3', 3, { "###", "..#", "###", "..#", "###" } },
	{ '4', 3, { "#.#", "#.#", "###", "..#", "..#" } },
	{ '5', 3, { "###", "#..", "###", "..#", "###" } },
	{ '6', 3, { "###", "#..", "###", "#.#", "###" } },
	{ '7', 3, { "###", "..#", "..#", "..#", "..#" } },
	{ '8', 3, { "###", "#.#", "###", "#.#", "###" } },
	{ '9', 3, { "###", "#.#", "###", "..#", "###" } },
	{ '.', 1, { ".", ".", ".", ".", "#" } },
	{ ':', 1, { ".", "#", ".", "#", "." } },
	{ '-', 3, { "...", "...", "###", "...", "..." } },
	{ '/', 3, { "..#", "..#", ".#.", "#..", "#.." } },
	{ 'x', 3, { "...", "#.#", ".#.", "#.#", "..." } },
	{ 's', 3, { "...", ".##", ".#.", "..#", "##." } },
	{ 'm', 3, { "...", "...", "###", "###", "#.#" } },
	{ '%', 3, { "#.#", "..#", ".#.", "#..", "#.#" } },
	{ ' ', 2, { "..", "..", "..", "..", ".." } },
};

static int
glyph_of(char c)
{
	for (size_t i = 0; i < nitems(font); i++)
		if (font[i].c == c)
			return (int)i;
	return (int)nitems(font) - 1;	/* the space */
}

int
bigtext_rows(int half)
{
	return half ? 3 : 5;
}

int
bigtext_width(const char *s, int half)
{
	int w = 0;

	for (; *s != '\0'; s++)
		w += font[glyph_of(*s)].w * (half ? 1 : 2) + 1;
	return w > 0 ? w - 1 : 0;
}

static int
pixel(int g, int x, int y)
{
	return y >= 0 && y < 5 && font[g].row[y][x] == '#';
}

void
bigtext_row(const char *s, int half, int ascii, int row, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (const char *p = s; *p != '\0'; p++) {
		int g = glyph_of(*p);

		for (int x = 0; x < font[g].w; x++) {
			const char *cell;

			if (half) {
				int top = pixel(g, x, 2 * row), bot = pixel(g, x, 2 * row + 1);

				cell = top && bot ? (ascii ? "#" : "█") : top ? (ascii ? "\"" : "▀") :
				    bot ? (ascii ? "," : "▄") : " ";
			} else
				cell = pixel(g, x, row) ? (ascii ? "##" : "██") : "  ";
			n += xsnprintf(buf + n, len - n, "%s", cell);
		}
		if (p[1] != '\0')
			n += xsnprintf(buf + n, len - n, " ");
	}
}

/* A duration in the font's characters: "480ms", "2.1s", "12s". */
static void
readout_ms(double ms, char *buf, size_t len)
{
	if (ms < 10)
		xsnprintf(buf, len, "%.1fms", ms);
	else if (ms < 1000)
		xsnprintf(buf, len, "%.0fms", ms);
	else if (ms < 10000)
		xsnprintf(buf, len, "%.1fs", ms / 1000);
	else
		xsnprintf(buf, len, "%.0fs", ms / 1000);
}

static int
metric(lesson_metric_fn fn, void *ctx, const char *name, double *v)
{
	return fn(ctx, 0, name, v) == 0 && isfinite(*v);
}

int
readouts_collect(lesson_metric_fn fn, void *ctx, int done, int running,
    double elapsed_ms, struct readout *out, int max)
{
	double v, w;
	int n = 0;

	if (n < max && done && metric(fn, ctx, "wall_ms", &v)) {
		out[n].label = "wall time";
		readout_ms(v, out[n++].value, sizeof out[0].value);
	} else if (n < max && running) {
		out[n].label = "running";
		readout_ms(elapsed_ms, out[n++].value, sizeof out[0].value);
	}
	if (!done)
		return n;
	if (n < max && metric(fn, ctx, "speedup", &v)) {
		out[n].label = "speedup";
		xsnprintf(out[n++].value, sizeof out[0].value, "%.1fx", v);
	}
	if (n < max && metric(fn, ctx, "final", &v) && metric(fn, ctx, "expected", &w)) {
		out[n].label = "final / expected";
		xsnprintf(out[n++].value, sizeof out[0].value, "%.0f/%.0f", v, w);
	}
	if (n < max && metric(fn, ctx, "lost", &v)) {
		out[n].label = "lost";
		xsnprintf(out[n++].value, sizeof out[0].value, "%.0f", v);
	}
	if (n < max && metric(fn, ctx, "latency_p99_ms", &v)) {
		out[n].label = "latency p99";
		readout_ms(v, out[n++].value, sizeof out[0].value);
	}
	return n;
}
