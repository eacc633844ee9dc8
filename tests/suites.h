/* suites.h - one constructor per Check suite, for the test runner. */
#ifndef AQSIM_TESTS_SUITES_H
#define AQSIM_TESTS_SUITES_H

#include <check.h>

/* sim/rng: CPython random compatibility. */
Suite *make_rng_suite(void);
/* sim/fmt: Python's float formatting. */
Suite *make_fmt_suite(void);
/* Headless output against CPython transcripts. */
Suite *make_golden_suite(void);

#endif
