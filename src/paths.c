/*
 * paths.c — lesson search directories and the state directory.
 *
 * "Run from the build tree" is decided by comparing /proc/self/exe with the
 * absolute path of src/lockstep that configure recorded: an installed copy
 * never looks at the source tree, and a build tree finds its lessons with
 * nothing installed.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "util.h"

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void
add_dir(struct lesson_dirs *dirs, char *path)
{
	for (int i = 0; i < dirs->n; i++) {
		if (strcmp(dirs->dir[i], path) == 0) {
			free(path);
			return;
		}
	}
	if (dirs->n < PATHS_MAX_DIRS && is_dir(path))
		dirs->dir[dirs->n++] = path;
	else
		free(path);
}

int
paths_in_build_tree(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	return strcmp(exe, LOCKSTEP_BUILD_EXE) == 0;
}

void
paths_lesson_dirs(struct lesson_dirs *dirs, const char *explicit_dir)
{
	const char *env;
	char *p;

	dirs->n = 0;
	if (explicit_dir != NULL)
		add_dir(dirs, xstrdup(explicit_dir));
	if ((env = getenv("LOCKSTEP_LESSONS")) != NULL && *env != '\0')
		add_dir(dirs, xstrdup(env));
	if ((env = getenv("XDG_DATA_HOME")) != NULL && *env == '/') {
		xasprintf(&p, "%s/lockstep/lessons", env);
		add_dir(dirs, p);
	} else if ((env = getenv("HOME")) != NULL && *env != '\0') {
		xasprintf(&p, "%s/.local/share/lockstep/lessons", env);
		add_dir(dirs, p);
	}
	if (paths_in_build_tree())
		add_dir(dirs, xstrdup(LOCKSTEP_SRC_LESSONS));
	add_dir(dirs, xstrdup(LOCKSTEP_PKGDATADIR "/lessons"));
}

void
paths_lesson_dirs_free(struct lesson_dirs *dirs)
{
	for (int i = 0; i < dirs->n; i++)
		free(dirs->dir[i]);
	dirs->n = 0;
}

char *
paths_state_dir(void)
{
	const char *env = getenv("XDG_STATE_HOME");
	char *p;

	/* The XDG spec says relative values are to be ignored. */
	if (env != NULL && *env == '/') {
		xasprintf(&p, "%s/lockstep", env);
		return p;
	}
	env = getenv("HOME");
	xasprintf(&p, "%s/.local/state/lockstep", env != NULL && *env != '\0' ? env : ".");
	return p;
}

int
paths_mkdirs(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char saved = *s;

			*s = '\0';
			if (mkdir(p, 0700) == -1 && errno != EEXIST) {
				rc = -1;
				break;
			}
			*s = saved;
			if (saved == '\0')
				break;
		}
	}
	if (rc == 0 && !is_dir(dir)) {
		errno = ENOTDIR;
		rc = -1;
	}
	free(p);
	return rc;
}
