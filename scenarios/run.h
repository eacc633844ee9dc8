/* run.h - one execution of a scenario, and the live changes made to it.
 *
 * A run is a pure function of (scenario, parameters, seed, Python version,
 * live changes applied between given steps): create it again, apply the
 * same changes at the same steps, and every byte and event repeats. The
 * dashboard's "step back" relies on that.
 */
#ifndef AQSIM_SCENARIOS_RUN_H
#define AQSIM_SCENARIOS_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenarios/scenario.h"
#include "sim/coro.h"

typedef struct {
    SimPyVersion version;
    const char *seed;   /* a Python int literal; NULL is "0" */
    SimSinks sinks;     /* where print() and trace events go */
} ScnConfig;

/* Start asyncio.run(main()) for the scenario; nothing runs yet. */
ScnRun *scn_run_new(const Scenario *s, const ScnParams *p, const ScnConfig *cfg);
void scn_run_free(ScnRun *r);
/* Run one callback. */
SimRunStatus scn_run_step(ScnRun *r);
SimRunStatus scn_run_status(const ScnRun *r);
/* When the next callback will run (see sim_runner_next_time). */
bool scn_run_next_time(const ScnRun *r, double *when);
/* True once main() has returned. */
bool scn_run_main_finished(const ScnRun *r);

const Scenario *scn_run_scenario(const ScnRun *r);
const ScnParams *scn_run_params(const ScnRun *r);
SimLoop *scn_run_loop(const ScnRun *r);
SimQueue *scn_run_queue(const ScnRun *r);
SimEvent *scn_run_event(const ScnRun *r);
SimTask *scn_run_main(const ScnRun *r);
/* The program's own tasks, in creation order (helpers excluded). */
size_t scn_run_task_count(const ScnRun *r);
SimTask *scn_run_task_at(const ScnRun *r, size_t i);

/* ---- live changes (between steps) ---- */

typedef enum {
    SCN_LIVE_MAXSIZE,      /* arg: the new maxsize */
    SCN_LIVE_ADD_WORKER,   /* arg unused */
    SCN_LIVE_RETIRE_WORKER,/* arg: task index in scn_run_task_at order */
    SCN_LIVE_CANCEL_WORKER,/* arg: task index */
    SCN_LIVE_SET_SHUTDOWN  /* arg unused */
} ScnLiveKind;

typedef struct {
    uint64_t step; /* applied before this callback (sim_loop_steps) */
    ScnLiveKind kind;
    long arg;
} ScnLive;

/* How a retired worker leaves: the "retire_worker" trace event's number. */
typedef enum {
    SCN_RETIRE_AT_NEXT_GET,    /* not in get(): it leaves when it gets there */
    SCN_RETIRE_CANCEL,         /* idle in get(): cancelled there, it leaves now */
    SCN_RETIRE_AFTER_ITEM,     /* holding an item: it finishes it first */
    SCN_RETIRE_CANCEL_WAIT_FOR /* idle in wait_for(get()): cancelled there */
} ScnRetire;

/* Apply a live change now; false (and nothing changed) when the scenario
 * or its state does not allow it, with a reason for the user. */
bool scn_run_live(ScnRun *r, ScnLiveKind kind, long arg, const char **why);

/* ---- for scenario code ---- */

/* print() a line built from a format in which {s} is a const char *, {d}
 * an int, {v} a SimValue * shown with str(), {r} with repr(), {.Nf} a
 * double with N decimals (Python's f"{x:.Nf}"); "{{" is "{". */
void scn_print(ScnRun *r, const char *fmt, ...);
/* Create a program task with a role; the run keeps it for the views (the
 * returned pointer is borrowed from the run). */
SimTask *scn_spawn(ScnRun *r, SimCo *co, const char *name, ScnRole role);
/* The run a frame belongs to (frames carry it in their first field after
 * SimCo; see shapes.h). */
void *scn_run_extra(ScnRun *r);
void scn_run_set_extra(ScnRun *r, void *extra, void (*free_extra)(void *));
/* for w in workers: w.cancel(), over every worker task (live additions
 * too, so that the run can end). */
void scn_cancel_workers(ScnRun *r);
/* await asyncio.gather(*children) (the children are borrowed). */
SimAwaitable scn_await_gather(SimLoop *loop, SimFuture *const *children, int n);
/* await asyncio.gather(*workers), over every worker task. */
SimAwaitable scn_gather_workers(ScnRun *r);
/* What main awaits once the producer is done: queue.join(), or with the
 * gather-workers mistake asyncio.gather(*workers). */
SimAwaitable scn_await_work_done(ScnRun *r);
/* The maxsize the program has without the unbounded mistake (the one
 * asked for; 0 when unbounded anyway). */
long scn_run_maxsize_done_right(const ScnRun *r);
/* Live worker count used by the program (ARGS.workers after live adds). */
int scn_run_workers(const ScnRun *r);
/* Python's spreadsheet-style letter_name(i): 0 -> A, 26 -> AA. */
void scn_letter_name(long i, char *buf, size_t size);

#endif
