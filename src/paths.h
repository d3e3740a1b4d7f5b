/*
 * paths.h — where lessons are found and where progress is kept.
 *
 * Lessons are searched in this order (DESIGN.md): --lessons DIR,
 * $LOCKSTEP_LESSONS, $XDG_DATA_HOME/lockstep/lessons, the build tree's
 * lessons/ when this binary runs from its build tree, $(pkgdatadir)/lessons.
 */
#ifndef LOCKSTEP_PATHS_H
#define LOCKSTEP_PATHS_H

#define PATHS_MAX_DIRS 5

struct lesson_dirs {
	int n;
	char *dir[PATHS_MAX_DIRS];	/* existing directories, in search order */
};

/* Fill dirs with the lesson directories that exist; explicit may be NULL. */
void paths_lesson_dirs(struct lesson_dirs *dirs, const char *explicit_dir);
/* Free what paths_lesson_dirs allocated. */
void paths_lesson_dirs_free(struct lesson_dirs *dirs);
/* $XDG_STATE_HOME/lockstep (default ~/.local/state/lockstep); malloc'd. */
char *paths_state_dir(void);
/* Create dir and its parents (mode 0700 for new ones); 0 or -1 with errno. */
int paths_mkdirs(const char *dir);
/* True if this binary is the one in its build tree. */
int paths_in_build_tree(void);

#endif
