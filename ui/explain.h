/* explain.h - "why is this task blocked?" in words, from the run's state.
 *
 * Pure functions over a scenario run: the dashboard's Enter overlay and
 * the deadlock report of --headless use the same sentences.
 */
#ifndef AQSIM_UI_EXPLAIN_H
#define AQSIM_UI_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "scenarios/run.h"

/* The causal chain behind a task's state, one or more sentences. Returns
 * the length (like snprintf). */
size_t explain_task(ScnRun *run, const SimTask *t, char *buf, size_t size);
/* A run that can make no more progress: which tasks wait on what, one
 * line each, after a headline. */
void explain_deadlock(ScnRun *run, FILE *out);
/* When main() ended by raising (a live cancel under gather() does that):
 * one sentence on what Python does then, and true; else false. */
bool explain_main_raised(ScnRun *run, char *buf, size_t size);
/* The exception main() ended with ("asyncio.CancelledError"), or NULL. */
const char *explain_main_exception(ScnRun *run);
/* How a finished run ended, as the dashboard says it (with the keys that
 * go on from there): deadlocked, main() raised, or asyncio.run() returned.
 * False while the program still runs. */
bool explain_end(ScnRun *run, char *buf, size_t size);
/* How a headless run ended, for its exit status: 3 after the deadlock
 * report, 4 after saying main() raised (both on err, when not NULL), else
 * 0. */
int explain_run_end(ScnRun *run, FILE *err);

#endif
