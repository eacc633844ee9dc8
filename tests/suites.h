/* suites.h - one constructor per Check suite, for the test runner. */
#ifndef AQSIM_TESTS_SUITES_H
#define AQSIM_TESTS_SUITES_H

#include <check.h>

/* sim/rng: CPython random compatibility. */
Suite *make_rng_suite(void);
/* sim/fmt: Python's float formatting. */
Suite *make_fmt_suite(void);
/* sim/: one test per asyncio subtlety (loop, heapq, queue, tasks, wait_for). */
Suite *make_sim_suite(void);
/* The command line: flags, errors, --list, --help, the JSONL trace. */
Suite *make_cli_suite(void);
/* The dashboard: model and layout, and the real binary in tmux. */
Suite *make_ui_suite(void);
/* Headless output against CPython transcripts. */
Suite *make_golden_suite(void);
/* --stats, --timeline and --export-py. */
Suite *make_report_suite(void);
/* Session files (--record/--replay) and asciicast output (--cast). */
Suite *make_record_suite(void);

#endif
