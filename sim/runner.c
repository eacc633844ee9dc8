/* runner.c - asyncio.run: run_until_complete(main), _cancel_all_tasks,
 * shutdown_asyncgens, shutdown_default_executor. */
#include "runner.h"

#include <stdlib.h>

#include "aio.h"
#include "xalloc.h"

typedef enum {
    PHASE_MAIN,
    PHASE_CANCEL_LEFTOVERS,
    PHASE_ASYNCGENS,
    PHASE_EXECUTOR,
    PHASE_DONE
} Phase;

struct SimRunner {
    SimLoop *loop;
    SimTask *main;
    SimFuture *waiting_for; /* what the current run_until_complete waits for */
    Phase phase;
    SimRunStatus status;
};

/* base_events._run_until_complete_cb */
static void run_until_complete_cb(SimLoop *loop, SimObj *a, SimObj *b)
{
    (void)a;
    (void)b;
    sim_loop_stop(loop);
}

static void run_until_complete(SimRunner *r, SimFuture *f)
{
    sim_obj_unref(r->waiting_for);
    r->waiting_for = f;
    sim_future_add_done_callback(f, run_until_complete_cb, NULL);
}

/* A coroutine that returns at once: shutdown_asyncgens() and
 * shutdown_default_executor() when there is nothing to shut down. */
static SimCoSignal nothing_fn(SimCo *co)
{
    SIM_CO_BEGIN(co);
    SIM_CO_END(co);
}

static const SimCoKind asyncgens_kind = {"BaseEventLoop.shutdown_asyncgens", nothing_fn,
                                         sizeof(SimCo), SIM_WAIT_NONE, NULL};
static const SimCoKind executor_kind = {"BaseEventLoop.shutdown_default_executor", nothing_fn,
                                        sizeof(SimCo), SIM_WAIT_NONE, NULL};

SimRunner *sim_runner_new(SimLoop *loop, SimCo *main_coro, const char *name)
{
    SimRunner *r = sim_xcalloc(1, sizeof *r);
    r->loop = loop;
    r->main = sim_task_new(loop, main_coro, name);
    r->phase = PHASE_MAIN;
    r->status = SIM_RUN_RUNNING;
    run_until_complete(r, sim_obj_ref(&r->main->fut));
    return r;
}

void sim_runner_free(SimRunner *r)
{
    if (!r)
        return;
    sim_obj_unref(r->waiting_for);
    sim_obj_unref(r->main);
    free(r);
}

/* asyncio.runners._cancel_all_tasks: false when there is nothing to do. */
static bool cancel_leftovers(SimRunner *r)
{
    size_t n = 0, cap = 0;
    SimFuture **left = NULL;
    for (SimTask *t = sim_task_first(r->loop); t; t = sim_task_next(r->loop, t)) {
        if (sim_future_done(&t->fut))
            continue;
        sim_xgrow((void **)&left, &cap, n + 1, sizeof *left);
        left[n++] = &t->fut;
    }
    if (n == 0) {
        free(left);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        sim_task_cancel((SimTask *)left[i]);
    run_until_complete(r, sim_aio_gather(r->loop, left, (int)n, true));
    free(left);
    return true;
}

static void start_helper(SimRunner *r, const SimCoKind *kind)
{
    SimTask *t = sim_task_new_helper(r->loop, sim_co_new(r->loop, kind), kind->name, NULL);
    run_until_complete(r, &t->fut);
}

/* The loop stopped: the current run_until_complete is over; start the
 * next stage of asyncio.run's shutdown. */
static void next_phase(SimRunner *r)
{
    if (r->phase == PHASE_MAIN) {
        r->phase = PHASE_CANCEL_LEFTOVERS;
        if (cancel_leftovers(r))
            return;
    }
    switch (r->phase) {
    case PHASE_MAIN:
    case PHASE_CANCEL_LEFTOVERS:
        r->phase = PHASE_ASYNCGENS;
        start_helper(r, &asyncgens_kind);
        return;
    case PHASE_ASYNCGENS:
        r->phase = PHASE_EXECUTOR;
        start_helper(r, &executor_kind);
        return;
    case PHASE_EXECUTOR:
    case PHASE_DONE:
        r->phase = PHASE_DONE;
        r->status = SIM_RUN_FINISHED;
        return;
    }
}

SimRunStatus sim_runner_step(SimRunner *r)
{
    while (r->status == SIM_RUN_RUNNING) {
        SimLoopStatus s = sim_loop_step(r->loop);
        if (s == SIM_LOOP_RAN)
            return r->status;
        if (s == SIM_LOOP_DEADLOCK) {
            r->status = SIM_RUN_DEADLOCK;
            break;
        }
        next_phase(r);
    }
    return r->status;
}

void sim_runner_revive(SimRunner *r)
{
    double when;
    if (r->status == SIM_RUN_DEADLOCK &&
        (sim_loop_ready_count(r->loop) > 0 || sim_loop_next_timer(r->loop, &when)))
        r->status = SIM_RUN_RUNNING;
}

SimRunStatus sim_runner_status(const SimRunner *r)
{
    return r->status;
}

SimTask *sim_runner_main_task(const SimRunner *r)
{
    return r->main;
}

bool sim_runner_next_time(const SimRunner *r, double *when)
{
    if (r->status != SIM_RUN_RUNNING)
        return false;
    double now = sim_loop_time(r->loop);
    /* A stopping loop (main() is done) returns at once: asyncio.run's next
     * stage comes before any timer left behind. */
    if (sim_loop_ready_count(r->loop) > 0 || sim_loop_stopping(r->loop) ||
        !sim_loop_next_timer(r->loop, when) || *when < now)
        *when = now;
    return true;
}

bool sim_runner_main_finished(const SimRunner *r)
{
    return r->phase != PHASE_MAIN;
}
