/* headless.c - print what the Python program prints, byte for byte. */
#include "ui/headless.h"

#include "scenarios/run.h"
#include "sim/fmt.h"
#include "sim/trace.h"

static void print_to(void *ctx, const char *text, size_t len)
{
    fwrite(text, 1, len, (FILE *)ctx);
}

static void trace_to(void *ctx, const SimTraceEvent *ev)
{
    sim_trace_write_jsonl((FILE *)ctx, ev);
}

/* Name what every unfinished task waits on, as the reference runner does
 * when its loop would block forever. */
static void report_deadlock(ScnRun *run, FILE *err)
{
    char when[40];
    sim_fmt_repr(when, sizeof when, sim_loop_time(scn_run_loop(run)));
    fprintf(err, "aqsim: DEADLOCK at t=%s: nothing is ready and no timer is set; pending tasks:\n",
            when);
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        SimTask *t = scn_run_task_at(run, i);
        if (sim_future_done(&t->fut) || !t->coro)
            continue;
        SimCo *lined = sim_co_innermost_with_line(t->coro);
        fprintf(err, "  %s: line %d\n", t->name, lined ? lined->line : 0);
    }
}

int headless_run(const CliOptions *opt, FILE *out, FILE *err)
{
    ScnConfig cfg = {.version = opt->version, .seed = opt->seed};
    if (opt->trace == CLI_TRACE_JSONL) {
        cfg.sinks.trace = trace_to;
    } else {
        cfg.sinks.print = print_to;
    }
    cfg.sinks.ctx = out;
    ScnRun *run = scn_run_new(opt->scenario, &opt->params, &cfg);
    SimRunStatus st;
    do
        st = scn_run_step(run);
    while (st == SIM_RUN_RUNNING);
    fflush(out);
    int status = 0;
    if (st == SIM_RUN_DEADLOCK) {
        report_deadlock(run, err);
        status = 3;
    }
    scn_run_free(run);
    return status;
}
