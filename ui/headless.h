/* headless.h - running a scenario without the dashboard. */
#ifndef AQSIM_UI_HEADLESS_H
#define AQSIM_UI_HEADLESS_H

#include <stdio.h>

#include "ui/cli.h"

/* Run the scenario to the end, writing what the Python program prints (or
 * the JSONL trace) to out and problems to err. Returns the exit status:
 * 0, or 3 when the program deadlocks (as the reference runner does). */
int headless_run(const CliOptions *opt, FILE *out, FILE *err);

struct UiRecording;
/* The same for a recorded session (--replay): its scenario, parameters,
 * seed and version, and its live changes at their steps; --trace, --stats
 * and --timeline apply as to any run. */
int headless_run_session(const CliOptions *opt, const struct UiRecording *rec, FILE *out,
                         FILE *err);

/* --python-diff A,B: both versions' output as a unified diff, and one
 * line on why they differ, from the version-dependent code the runs went
 * through. */
int headless_python_diff(const CliOptions *opt, FILE *out, FILE *err);

#endif
