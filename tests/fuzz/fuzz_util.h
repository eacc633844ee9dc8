/* fuzz_util.h - shared by the libFuzzer harnesses that run scenarios.
 *
 * A fuzzer finds parameters that make a run enormous (shutdown-at 1e6
 * puts millions of items), and each input must stay fast, so a run is
 * first probed for a bounded number of callbacks: only runs that finish
 * within the budget are run for real.
 */
#ifndef AQSIM_TESTS_FUZZ_UTIL_H
#define AQSIM_TESTS_FUZZ_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "scenarios/run.h"

/* Callbacks a probe may run: a few milliseconds. */
#define FUZZ_STEP_BUDGET 20000

/* Whether the run, without live changes, ends within the budget. */
static bool fuzz_small_run(const Scenario *s, const ScnParams *p, const char *seed,
                           SimPyVersion v)
{
    /* Cheap refusals first: the probe itself would be slow to build. */
    double items = scn_takes(s, SCN_PARAM_ITEMS) ? p->v[SCN_PARAM_ITEMS] : 1;
    double workers = scn_takes(s, SCN_PARAM_WORKERS) ? p->v[SCN_PARAM_WORKERS] : 1;
    if (items * workers > 10000)
        return false;
    ScnConfig cfg = {.version = v, .seed = seed};
    ScnRun *run = scn_run_new(s, p, &cfg);
    bool small = false;
    for (int i = 0; i < FUZZ_STEP_BUDGET; i++)
        if (scn_run_step(run) != SIM_RUN_RUNNING) {
            small = true;
            break;
        }
    scn_run_free(run);
    return small;
}

#endif
