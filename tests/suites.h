/*
 * suites.h — every Check suite the runner knows: one per module.
 */
#ifndef LOCKSTEP_TESTS_SUITES_H
#define LOCKSTEP_TESTS_SUITES_H

#include <check.h>

Suite *knob_suite(void);
Suite *lesson_suite(void);
Suite *paths_suite(void);
Suite *util_suite(void);

#endif
