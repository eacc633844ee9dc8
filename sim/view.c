/* view.c - task states for viewers, derived from the coroutine chain. */
#include "sim/view.h"

#include "sim/aio.h"
#include "sim/coro.h"

static SimTaskState from_wait(SimWaitKind w)
{
    switch (w) {
    case SIM_WAIT_SLEEP:
        return SIM_TASK_SLEEPING;
    case SIM_WAIT_GET:
        return SIM_TASK_WAIT_GET;
    case SIM_WAIT_PUT:
        return SIM_TASK_WAIT_PUT;
    case SIM_WAIT_JOIN:
        return SIM_TASK_WAIT_JOIN;
    case SIM_WAIT_EVENT:
        return SIM_TASK_WAIT_EVENT;
    case SIM_WAIT_GATHER:
        return SIM_TASK_WAIT_GATHER;
    default:
        return SIM_TASK_WAIT_OTHER;
    }
}

/* The first asyncio frame below the program's innermost frame: what the
 * program called (join() rather than the Event.wait() inside it). */
static const SimCo *called_frame(const SimCo *co)
{
    const SimCo *lined = sim_co_innermost_with_line((SimCo *)co);
    if (lined && lined->child)
        return lined->child;
    return sim_co_innermost((SimCo *)co);
}

void sim_task_view(SimLoop *loop, const SimTask *t, SimTaskView *v)
{
    static const SimValue none = {0};
    *v = (SimTaskView){.state = SIM_TASK_READY, .since = t->since, .holding = &t->holding,
                       .function = "",
                       .putting = &none, .retiring = t->retire_requested, .arriving = &none};
    if (sim_future_done(&t->fut)) {
        v->state = sim_future_cancelled(&t->fut) ? SIM_TASK_CANCELLED
                   : t->fut.outcome.exc != SIM_EXC_NONE ? SIM_TASK_FAILED
                                                         : SIM_TASK_DONE;
        return;
    }
    if (!t->coro)
        return;
    const SimCo *lined = sim_co_innermost_with_line(t->coro);
    v->line = lined ? lined->line : 0;
    v->function = lined ? lined->name : t->coro->name;
    /* The item a put() carries, even while the task is still running the
     * step in which it blocks. */
    const SimValue *item = sim_queue_frame_item(called_frame(t->coro));
    if (item)
        v->putting = item;
    if (sim_loop_current_task(loop) == t) {
        v->state = SIM_TASK_RUNNING;
        return;
    }
    if (sim_task_is_ready(t) || t->coro->pc == 0)
        return;
    const SimCo *called = called_frame(t->coro);
    if (sim_aio_is_wait_for(called)) {
        v->with_timeout = true;
        v->timeout = sim_aio_wait_for_timeout(called);
        /* 3.12+: the get() runs inside; 3.11: in a helper task. */
        const SimCo *inner = called->child;
        SimTask *helper = sim_aio_wait_for_inner(called);
        if (helper && helper->coro)
            inner = helper->coro;
        const SimValue *taken = sim_aio_wait_for_taken(called);
        if (taken)
            v->arriving = taken;
        v->inner_new = helper && helper->coro && helper->coro->pc == 0;
        v->inner_woken = helper && sim_task_is_ready(helper) && !v->inner_new;
        v->inner_cancelled = helper && helper->num_cancels_requested > 0 && !sim_future_done(&helper->fut);
        v->state = inner ? from_wait(inner->kind->wait) : SIM_TASK_WAIT_GET;
        if (v->state == SIM_TASK_WAIT_OTHER)
            v->state = SIM_TASK_WAIT_GET;
        return;
    }
    v->state = from_wait(called->kind->wait);
    /* Blocked in put() since the call, across spurious wake-ups. */
    if (v->state == SIM_TASK_WAIT_PUT)
        sim_queue_frame_called(called, &v->since);
    /* The program awaiting a future directly: gather() or a task. */
    if (called == lined && called->awaiting)
        v->state = sim_aio_is_gather(called->awaiting) ? SIM_TASK_WAIT_GATHER : SIM_TASK_WAIT_OTHER;
    if (v->state == SIM_TASK_SLEEPING) {
        const SimCo *in = sim_co_innermost(t->coro);
        if (!sim_aio_sleep_deadline(in, &v->until))
            v->until = v->since;
    }
}

SimWaitKind sim_view_wait_kind(const SimTask *t)
{
    if (!t->coro)
        return SIM_WAIT_NONE;
    const SimCo *lined = sim_co_innermost_with_line(t->coro);
    const SimCo *called = called_frame(t->coro);
    if (called == lined && called->awaiting)
        return sim_aio_is_gather(called->awaiting) ? SIM_WAIT_GATHER : SIM_WAIT_FUTURE;
    if (called == lined && !called->child && !called->awaiting)
        return SIM_WAIT_YIELD;
    return called->kind->wait;
}

const SimTask *sim_view_waiter_task(const SimFuture *f)
{
    for (uint32_t i = 0; i < sim_future_callback_count(f); i++) {
        const SimTask *t = sim_task_woken_by(sim_future_callback(f, i));
        if (t)
            return t->hidden && t->parent ? t->parent : t;
    }
    return NULL;
}

const char *sim_task_state_name(SimTaskState s)
{
    static const char *const names[] = {
        "ready",        "running",           "sleeping",         "waiting in get()",
        "blocked in put()", "waiting in join()", "waiting on Event", "waiting in gather()",
        "waiting",      "done",              "cancelled",        "failed",
    };
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}
