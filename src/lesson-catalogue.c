/*
 * lesson-catalogue.c — every lesson the search directories hold, in course
 * order.
 *
 * Directories are read in search order (paths.h) and each one's *.lesson
 * files in name order, so the result does not depend on readdir().  The
 * first lesson seen with an id wins: a learner's own copy in an earlier
 * directory replaces the installed one.  A file that does not parse adds its
 * errors and is skipped; the rest of the course stays usable.  The course
 * order is the lessons' "order:" field, then their ids.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "paths.h"
#include "util.h"

static int
is_lesson_name(const char *name)
{
	size_t n = strlen(name);

	/* Hidden files are editors' backups and locks (".#x.lesson"). */
	return name[0] != '.' && n > 7 && strcmp(name + n - 7, ".lesson") == 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_lesson(const void *a, const void *b)
{
	const struct lesson *x = *(const struct lesson *const *)a;
	const struct lesson *y = *(const struct lesson *const *)b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Add the lessons of dir that no earlier directory had. */
static void
load_dir(struct lesson_catalogue *cat, const char *dir, struct lesson_errors *errs)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, *path;
	size_t n = 0;
	struct lesson *l;

	if (d == NULL) {
		lesson_errors_add(errs, dir, 0, "%s", strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (!is_lesson_name(de->d_name))
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		xasprintf(&path, "%s/%s", dir, names[i]);
		free(names[i]);
		if (lesson_load(path, &l, errs) == 0) {
			if (lesson_catalogue_find(cat, l->id) != NULL) {
				lesson_free(l);
			} else {
				cat->v = xreallocarray(cat->v, (size_t)cat->n + 1,
				    sizeof *cat->v);
				cat->v[cat->n++] = l;
			}
		}
		free(path);
	}
	free(names);
}

void
lesson_catalogue_load_dirs(struct lesson_catalogue *cat, char *const *dirs,
    int ndirs, struct lesson_errors *errs)
{
	cat->v = NULL;
	cat->n = 0;
	for (int i = 0; i < ndirs; i++)
		load_dir(cat, dirs[i], errs);
	if (cat->n > 0)
		qsort(cat->v, (size_t)cat->n, sizeof *cat->v, cmp_lesson);
}

void
lesson_catalogue_load(struct lesson_catalogue *cat, const char *explicit_dir,
    struct lesson_errors *errs)
{
	struct lesson_dirs dirs;

	paths_lesson_dirs(&dirs, explicit_dir);
	lesson_catalogue_load_dirs(cat, dirs.dir, dirs.n, errs);
	paths_lesson_dirs_free(&dirs);
}

const struct lesson *
lesson_catalogue_find(const struct lesson_catalogue *cat, const char *id)
{
	for (int i = 0; i < cat->n; i++)
		if (strcmp(cat->v[i]->id, id) == 0)
			return cat->v[i];
	return NULL;
}

void
lesson_catalogue_free(struct lesson_catalogue *cat)
{
	for (int i = 0; i < cat->n; i++)
		lesson_free(cat->v[i]);
	free(cat->v);
	cat->v = NULL;
	cat->n = 0;
}
