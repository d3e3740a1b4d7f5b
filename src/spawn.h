/*
 * spawn.h — the spawn and forkserver start methods' entry point: an
 * exec'd lockstep that becomes a process worker or the fork server
 * (spawn.c).  The conductor's side is in engine-int.h.
 */
#ifndef LOCKSTEP_SPAWN_H
#define LOCKSTEP_SPAWN_H

#define SPAWN_ARG "--lockstep-spawned-worker"	/* argv[1] of a spawned worker */
#define SERVER_ARG "--lockstep-forkserver"	/* argv[1] of the fork server */
#define SPAWN_EXIT_MAP 125	/* exit status: the shared memory could not be mapped */
#define SPAWN_EXIT_EXEC 126	/* exit status: exec failed */

/*
 * When argv[1] is SPAWN_ARG or SERVER_ARG (lockstep exec'd itself for a
 * run's worker or fork server): become it, and never return.  Otherwise
 * return -1 at once.  main() calls it first, before anything else.
 */
int spawn_main(int argc, char **argv);

#endif
