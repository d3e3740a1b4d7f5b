/*
 * overhead.c — the cost of watching (see overhead.h).
 *
 * The figures are per window of OVERHEAD_WINDOW_NS rather than per frame:
 * a frame drains whatever the rings gathered since the last one, so a
 * per-frame rate would jump with the frame's timing, and a CPU clock read
 * over 33 ms is too coarse to give a share worth printing.  The drops are
 * the run's total, since a drop is what a learner should hear about at
 * all.  Formatting tries the long words first and shortens them, so the
 * status line keeps its keys at 80 columns.
 */
#include "config.h"

#include <string.h>

#include "overhead.h"
#include "text.h"
#include "util.h"

void
overhead_start(struct overhead *o, uint64_t now, uint64_t cpu)
{
	memset(o, 0, sizeof *o);
	o->t0 = now;
	o->cpu0 = cpu;
}

void
overhead_count(struct overhead *o, size_t n)
{
	o->events += n;
}

int
overhead_sample(struct overhead *o, uint64_t now, uint64_t cpu, uint64_t dropped)
{
	int changed = dropped != o->dropped;
	double secs;

	o->dropped = dropped;
	if (now < o->t0 || now - o->t0 < OVERHEAD_WINDOW_NS)
		return changed;
	secs = (double)(now - o->t0) / 1e9;
	o->ev_per_s = (double)o->events / secs;
	o->cpu_pct = cpu >= o->cpu0 ? 100.0 * (double)(cpu - o->cpu0) / 1e9 / secs : 0;
	o->have = 1;
	o->t0 = now;
	o->cpu0 = cpu;
	o->events = 0;
	return 1;
}

/* A count in at most 5 characters: 950, 8.2k, 82k, 1.2M. */
static const char *
compact(double v, char *buf, size_t len)
{
	if (v < 999.5)
		xsnprintf(buf, len, "%.0f", v);
	else if (v < 9950)
		xsnprintf(buf, len, "%.1fk", v / 1e3);
	else if (v < 999500)
		xsnprintf(buf, len, "%.0fk", v / 1e3);
	else if (v < 9.95e6)
		xsnprintf(buf, len, "%.1fM", v / 1e6);
	else
		xsnprintf(buf, len, "%.0fM", v / 1e6);
	return buf;
}

/* The words after each figure, in each shortening, longest first. */
static const struct {
	const char *rate, *drops, *cpu;
	int gap;
} forms[] = {
	{ " events/s", " dropped", "% CPU", 2 },
	{ " ev/s", " drop", "%", 2 },
	{ "/s", " drop", "%", 1 },
};

int
overhead_format(const struct overhead *o, int width, struct overhead_text *out)
{
	char rate[16], drops[16], cpu[16];

	if (!o->have)
		return -1;
	compact(o->ev_per_s, rate, sizeof rate);
	compact((double)o->dropped, drops, sizeof drops);
	if (o->cpu_pct < 9.95)
		xsnprintf(cpu, sizeof cpu, "%.1f", o->cpu_pct);
	else
		xsnprintf(cpu, sizeof cpu, "%.0f", o->cpu_pct);
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		int w;

		xsnprintf(out->rate, sizeof out->rate, "%s%s", rate, forms[i].rate);
		out->drops[0] = '\0';
		if (o->dropped > 0)
			xsnprintf(out->drops, sizeof out->drops, "%s%s", drops,
			    forms[i].drops);
		xsnprintf(out->cpu, sizeof out->cpu, "UI %s%s", cpu, forms[i].cpu);
		out->gap = forms[i].gap;
		w = text_width(out->rate) + out->gap + text_width(out->cpu);
		if (out->drops[0] != '\0')
			w += text_width(out->drops) + out->gap;
		out->width = w;
		if (w <= width)
			return 0;
	}
	return -1;
}
