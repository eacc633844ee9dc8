/* coro.c - running nested coroutine frames (yield from). */
#include "coro.h"

#include <assert.h>
#include <string.h>

/* All-zero bytes are None and "no exception": the memset below is what
 * makes in and out empty outcomes. (Assigning them again cost a store
 * forwarding stall per frame, a million frames a second.) */
_Static_assert(SIM_VALUE_NONE == 0 && SIM_EXC_NONE == 0, "a zeroed SimOutcome is None");

SimCo *sim_co_new(SimLoop *loop, const SimCoKind *kind)
{
    assert(kind->size >= sizeof(SimCo));
    SimCo *co = sim_loop_alloc(loop, kind->size);
    memset(co, 0, kind->size);
    co->kind = kind;
    co->name = kind->name;
    co->loop = loop;
    return co;
}

void sim_co_free(SimCo *co)
{
    if (!co)
        return;
    sim_co_free(co->child);
    co->child = NULL;
    if (co->kind->release)
        co->kind->release(co);
    sim_obj_unref(co->awaiting);
    sim_outcome_release(&co->in);
    sim_outcome_release(&co->out);
    sim_loop_dealloc(co->loop, co, co->kind->size);
}

SimAwaitable sim_awaitable_co(SimCo *co)
{
    SimAwaitable a = {co, NULL};
    return a;
}

SimAwaitable sim_awaitable_future(SimFuture *f)
{
    SimAwaitable a = {NULL, sim_obj_ref(f)};
    return a;
}

void sim_co_set_await(SimCo *co, SimAwaitable a)
{
    assert(!co->child && !co->awaiting);
    co->child = a.co;
    co->awaiting = a.fut;
}

SimCoSignal sim_co_finish(SimCo *co, SimOutcome out)
{
    sim_outcome_release(&co->out);
    co->out = out;
    co->pc = -1;
    return out.exc != SIM_EXC_NONE ? SIM_CO_RAISE : SIM_CO_RETURN;
}

SimCoSignal sim_co_reraise(SimCo *co)
{
    SimOutcome in = co->in;
    co->in = sim_outcome_value(sim_value_none());
    return sim_co_finish(co, in);
}

SimValue sim_co_take_value(SimCo *co)
{
    SimValue v = co->in.value;
    co->in.value = sim_value_none();
    return v;
}

static void set_in(SimCo *co, SimOutcome in)
{
    sim_outcome_release(&co->in);
    co->in = in;
}

/* Take the finished child's outcome as the result of the parent's await. */
static void reap_child(SimCo *co)
{
    SimCo *child = co->child;
    co->child = NULL;
    sim_outcome_release(&co->in);
    co->in = child->out;
    memset(&child->out, 0, sizeof child->out); /* None, moved out */
    sim_co_free(child);
}

static void start(SimCo *co, SimTask *task)
{
    co->task = task;
}

/* Run co's body until it waits or ends, starting awaited children inline. */
static SimCoSignal run(SimCo *co, SimFuture **waiting)
{
    for (;;) {
        SimCoSignal s = co->kind->fn(co);
        if (s != SIM_CO_AWAIT)
            return s;
        if (co->child) {
            start(co->child, co->task);
            s = run(co->child, waiting);
            if (s == SIM_CO_AWAIT || s == SIM_CO_YIELD)
                return s;
            reap_child(co);
            continue;
        }
        SimFuture *f = co->awaiting;
        if (f == NULL) {
            /* Awaiting nothing is a bare yield. */
            return SIM_CO_YIELD;
        }
        if (sim_future_done(f)) {
            /* Future.__await__ on a done future returns at once. */
            co->awaiting = NULL;
            set_in(co, sim_future_result(f));
            sim_obj_unref(f);
            continue;
        }
        *waiting = f;
        return SIM_CO_AWAIT;
    }
}

SimCoSignal sim_co_resume(SimCo *co, SimOutcome *in, SimFuture **waiting)
{
    *waiting = NULL;
    if (co->pc == 0 && in->exc != SIM_EXC_NONE) {
        /* throw() into a coroutine that never ran raises at once: no line
         * of it runs (a task cancelled before its first step). */
        SimOutcome thrown = *in;
        memset(in, 0, sizeof *in);
        return sim_co_finish(co, thrown);
    }
    if (co->child) {
        SimCoSignal s = sim_co_resume(co->child, in, waiting);
        if (s == SIM_CO_AWAIT || s == SIM_CO_YIELD)
            return s;
        reap_child(co);
    } else {
        if (co->awaiting) {
            sim_obj_unref(co->awaiting);
            co->awaiting = NULL;
        }
        /* The outcome goes once, from where it was made into the frame that
         * awaited it: passed by value down the chain, each copy cost a
         * store-forwarding stall. */
        sim_outcome_release(&co->in);
        co->in = *in;
        memset(in, 0, sizeof *in);
    }
    return run(co, waiting);
}

SimCo *sim_co_innermost(SimCo *co)
{
    while (co && co->child)
        co = co->child;
    return co;
}

SimCo *sim_co_innermost_with_line(SimCo *co)
{
    SimCo *found = NULL;
    for (; co; co = co->child)
        if (co->line > 0)
            found = co;
    return found;
}
