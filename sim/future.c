/* future.c - asyncio.Future. */
#include "future.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const char *const exc_names[SIM_EXC_COUNT] = {
#define SIM_EXC_NAME(name, py) py,
    SIM_EXC_KINDS(SIM_EXC_NAME)
#undef SIM_EXC_NAME
};

const char *sim_exc_name(SimExc e)
{
    return (unsigned)e < SIM_EXC_COUNT ? exc_names[e] : "?";
}

static void future_clear(SimObj *obj)
{
    sim_future_clear((SimFuture *)obj);
}

static void future_destroy(SimObj *obj)
{
    SimFuture *f = (SimFuture *)obj;
    sim_loop_dealloc(f->loop, f, sizeof *f);
}

static const SimObjType future_type = {"Future", future_clear, future_destroy};

void sim_future_init(SimFuture *f, SimLoop *loop, const SimObjType *type)
{
    sim_loop_obj_init(loop, &f->obj, type);
    f->loop = loop;
    f->state = SIM_FUTURE_PENDING;
    f->cancel_requested = false;
    f->cancel_impl = NULL;
    /* In place: a temporary outcome copied in costs a store-forwarding
     * stall, and a run makes millions of futures. */
    memset(&f->outcome, 0, sizeof f->outcome);
    f->ncb = 0;
    f->capcb = 2;
    f->cbs = f->cb0;
}

SimFuture *sim_future_new(SimLoop *loop)
{
    SimFuture *f = sim_loop_alloc(loop, sizeof *f);
    sim_future_init(f, loop, &future_type);
    return f;
}

void sim_future_clear(SimFuture *f)
{
    uint32_t n = f->ncb;
    SimDoneCallback *cbs = f->cbs;
    f->ncb = 0;
    f->cbs = f->cb0;
    f->capcb = 2;
    for (uint32_t i = 0; i < n; i++)
        sim_obj_unref(cbs[i].owner);
    if (cbs != f->cb0)
        free(cbs);
    sim_outcome_release(&f->outcome);
}

bool sim_future_done(const SimFuture *f)
{
    return f->state != SIM_FUTURE_PENDING;
}

bool sim_future_cancelled(const SimFuture *f)
{
    return f->state == SIM_FUTURE_CANCELLED;
}

/* Future.__schedule_callbacks: each callback gets its own call_soon, in
 * the order added, and the list is emptied first. */
static void schedule_callbacks(SimFuture *f)
{
    uint32_t n = f->ncb;
    if (n == 0)
        return;
    SimDoneCallback small[2];
    SimDoneCallback *cbs = f->cbs;
    if (cbs == f->cb0) {
        memcpy(small, f->cb0, n * sizeof *small);
        cbs = small;
    }
    f->ncb = 0;
    f->cbs = f->cb0;
    f->capcb = 2;
    for (uint32_t i = 0; i < n; i++) {
        sim_loop_call_soon(f->loop, cbs[i].fn, cbs[i].owner, &f->obj);
        sim_obj_unref(cbs[i].owner);
    }
    if (cbs != small)
        free(cbs);
}

void sim_future_set_result(SimFuture *f, SimValue v)
{
    assert(f->state == SIM_FUTURE_PENDING);
    f->outcome.exc = SIM_EXC_NONE;
    f->outcome.value = v;
    f->state = SIM_FUTURE_FINISHED;
    schedule_callbacks(f);
}

void sim_future_set_exception(SimFuture *f, SimExc e)
{
    assert(f->state == SIM_FUTURE_PENDING);
    f->outcome = sim_outcome_exc(e);
    f->state = SIM_FUTURE_FINISHED;
    schedule_callbacks(f);
}

bool sim_future_cancel(SimFuture *f)
{
    return f->cancel_impl ? f->cancel_impl(f) : sim_future_cancel_base(f);
}

bool sim_future_cancel_base(SimFuture *f)
{
    if (f->state != SIM_FUTURE_PENDING)
        return false;
    f->state = SIM_FUTURE_CANCELLED;
    f->outcome = sim_outcome_exc(SIM_EXC_CANCELLED);
    schedule_callbacks(f);
    return true;
}

void sim_future_add_done_callback(SimFuture *f, SimCallbackFn fn, SimObj *owner)
{
    if (f->state != SIM_FUTURE_PENDING) {
        sim_loop_call_soon(f->loop, fn, owner, &f->obj);
        return;
    }
    if (f->ncb == f->capcb) {
        uint32_t ncap = f->capcb * 2;
        SimDoneCallback *n = sim_xmalloc(ncap * sizeof *n);
        memcpy(n, f->cbs, f->ncb * sizeof *n);
        if (f->cbs != f->cb0)
            free(f->cbs);
        f->cbs = n;
        f->capcb = ncap;
    }
    f->cbs[f->ncb].fn = fn;
    f->cbs[f->ncb].owner = sim_obj_ref(owner);
    f->ncb++;
}

int sim_future_remove_done_callback(SimFuture *f, SimCallbackFn fn, SimObj *owner)
{
    uint32_t kept = 0;
    int removed = 0;
    for (uint32_t i = 0; i < f->ncb; i++) {
        if (f->cbs[i].fn == fn && f->cbs[i].owner == owner) {
            sim_obj_unref(f->cbs[i].owner);
            removed++;
        } else {
            f->cbs[kept++] = f->cbs[i];
        }
    }
    f->ncb = kept;
    return removed;
}

const SimDoneCallback *sim_future_callback(const SimFuture *f, uint32_t i)
{
    return i < f->ncb ? &f->cbs[i] : NULL;
}

uint32_t sim_future_callback_count(const SimFuture *f)
{
    return f->ncb;
}
