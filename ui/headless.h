/* headless.h - running a scenario without the dashboard. */
#ifndef AQSIM_UI_HEADLESS_H
#define AQSIM_UI_HEADLESS_H

#include <stdio.h>

#include "ui/cli.h"

/* Run the scenario to the end, writing what the Python program prints (or
 * the JSONL trace) to out and problems to err. Returns the exit status:
 * 0, or 3 when the program deadlocks (as the reference runner does). */
int headless_run(const CliOptions *opt, FILE *out, FILE *err);

#endif
