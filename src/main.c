/*
 * main.c — lockstep's entry point.  Everything happens in cmd_main(); this
 * file stays thin so that the library it calls is what the tests exercise.
 */
#include "config.h"

#include "cmd.h"

int
main(int argc, char **argv)
{
	return cmd_main(argc, argv);
}
