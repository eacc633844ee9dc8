/* export.h - the scenario's Python program, ready to run with python3.
 *
 * `--export-py FILE` writes the tutorial's program with the run's
 * parameters baked in (scn_source_line renders ${items} and friends), so a
 * student can take what aqsim showed and run it for real. The text is the
 * one aqsim mirrors line for line, plus:
 *  - a header comment: the scenario, the aqsim flags that reproduce it, the
 *    Python version, and why real time prints slightly different times;
 *  - `random.seed(SEED)` right after the imports when the program uses
 *    random, so its random delays are aqsim's (aqsim seeds `random` the
 *    same way before main() runs);
 *  - the --mistake switches, as visible edits marked `# MISTAKE:`.
 * Run under the reference runner (a virtual clock, oracle/vclock.py) the
 * exported program prints exactly what `aqsim --headless` prints.
 */
#ifndef AQSIM_UI_EXPORT_H
#define AQSIM_UI_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ui/cli.h"

/* Write the program for opt's scenario, parameters, seed, Python version
 * and mistakes to out. False (nothing written) when a mistake cannot be
 * shown in the code; why gets one line saying so (no trailing newline). */
bool ui_export_write(const CliOptions *opt, FILE *out, char *why, size_t why_size);

/* --export-py FILE ("-" is stdout): write the program and say "aqsim:
 * wrote FILE" on err. Returns the exit status: 0, or 1 with one line on
 * err when the file cannot be written or the program cannot be exported. */
int ui_export_run(const CliOptions *opt, FILE *err);

/* The scenario's Python source as the run executes it: parameters and the
 * switched-on mistakes written in, line for line (the code pane shows it).
 * *n lines; free with ui_export_source_free. */
char **ui_export_source(const Scenario *s, const ScnParams *p, size_t *n);
void ui_export_source_free(char **lines, size_t n);

#endif
