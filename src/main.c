/*
 * main.c — lockstep's entry point.  Everything happens in cmd_main(); this
 * file stays thin so that the library it calls is what the tests exercise.
 */
#include "config.h"

#include "cmd.h"
#include "spawn.h"

int
main(int argc, char **argv)
{
	/* lockstep exec'd itself for a process worker (--start spawn) */
	spawn_main(argc, argv);
	return cmd_main(argc, argv);
}
