/* aio.c - asyncio.sleep, asyncio.wait_for (3.11 and 3.12+), asyncio.gather. */
#include "aio.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "trace.h"
#include "xalloc.h"

/* ---- sleep ---- */

typedef struct {
    SimCo co;
    double delay;
    SimFuture *fut;
    SimHandleId handle;
} SleepFrame;

static void sleep_release(SimCo *co)
{
    SleepFrame *f = (SleepFrame *)co;
    sim_obj_unref(f->fut);
    f->fut = NULL;
}

/* futures._set_result_unless_cancelled */
static void set_result_unless_cancelled_cb(SimLoop *loop, SimObj *a, SimObj *b)
{
    (void)loop;
    (void)b;
    SimFuture *f = (SimFuture *)a;
    if (!sim_future_cancelled(f))
        sim_future_set_result(f, sim_value_none());
}

static SimCoSignal sleep_fn(SimCo *co)
{
    SleepFrame *f = (SleepFrame *)co;
    SIM_CO_BEGIN(co);
    if (f->delay <= 0) {
        /* __sleep0(): one bare yield, no timer. */
        SIM_YIELD(co, 0);
        if (co->in.exc != SIM_EXC_NONE)
            return sim_co_reraise(co);
        SIM_CO_RETURN(co, sim_value_none());
    }
    if (isnan(f->delay) && sim_loop_version(co->loop) >= SIM_PY_3_13)
        SIM_CO_RAISE(co, SIM_EXC_VALUE);
    f->fut = sim_future_new(co->loop);
    f->handle = sim_loop_call_later(co->loop, f->delay, set_result_unless_cancelled_cb,
                                    &f->fut->obj, NULL);
    SIM_AWAIT_TRY(co, 0, sim_awaitable_future(f->fut));
    /* finally: h.cancel() -- after a cancellation this leaves a cancelled
     * timer in the heap, which can change the order of equal deadlines. */
    sim_loop_cancel(co->loop, f->handle);
    if (co->in.exc != SIM_EXC_NONE)
        return sim_co_reraise(co);
    SIM_CO_RETURN(co, sim_co_take_value(co));
    SIM_CO_END(co);
}

static const SimCoKind sleep_kind = {"sleep", sleep_fn, sizeof(SleepFrame), SIM_WAIT_SLEEP,
                                     sleep_release};

SimAwaitable sim_aio_sleep(SimLoop *loop, double delay)
{
    SimCo *co = sim_co_new(loop, &sleep_kind);
    ((SleepFrame *)co)->delay = delay;
    return sim_awaitable_co(co);
}

bool sim_aio_sleep_deadline(const SimCo *co, double *when)
{
    if (!co || co->kind != &sleep_kind)
        return false;
    const SleepFrame *f = (const SleepFrame *)co;
    return sim_loop_handle_when(co->loop, f->handle, when);
}

/* ---- helpers shared by both wait_fors ---- */

/* tasks._release_waiter(waiter, *args) */
static void release_waiter_cb(SimLoop *loop, SimObj *a, SimObj *b)
{
    (void)loop;
    (void)b;
    SimFuture *waiter = (SimFuture *)a;
    if (!sim_future_done(waiter))
        sim_future_set_result(waiter, sim_value_none());
}

typedef struct {
    SimCo co;
    SimFuture *fut;
    SimFuture *waiter;
} CancelAndWait;

static void caw_release(SimCo *co)
{
    CancelAndWait *f = (CancelAndWait *)co;
    sim_obj_unref(f->fut);
    sim_obj_unref(f->waiter);
    f->fut = f->waiter = NULL;
}

/* tasks._cancel_and_wait: cancel fut and wait until it is really done,
 * through a waiter of its own so that this wait stays cancellable. */
static SimCoSignal caw_fn(SimCo *co)
{
    CancelAndWait *f = (CancelAndWait *)co;
    SIM_CO_BEGIN(co);
    f->waiter = sim_future_new(co->loop);
    sim_future_add_done_callback(f->fut, release_waiter_cb, &f->waiter->obj);
    sim_future_cancel(f->fut);
    SIM_AWAIT_TRY(co, 0, sim_awaitable_future(f->waiter));
    sim_future_remove_done_callback(f->fut, release_waiter_cb, &f->waiter->obj);
    if (co->in.exc != SIM_EXC_NONE)
        return sim_co_reraise(co);
    SIM_CO_END(co);
}

static const SimCoKind caw_kind = {"_cancel_and_wait", caw_fn, sizeof(CancelAndWait),
                                   SIM_WAIT_WAIT_FOR, caw_release};

static SimAwaitable cancel_and_wait(SimLoop *loop, SimFuture *fut)
{
    SimCo *co = sim_co_new(loop, &caw_kind);
    ((CancelAndWait *)co)->fut = sim_obj_ref(fut);
    return sim_awaitable_co(co);
}

static void trace_timeout(SimCo *co)
{
    if (!sim_loop_tracing(co->loop))
        return;
    SimTraceEvent ev = {.kind = SIM_TRACE_TIMEOUT};
    sim_loop_trace(co->loop, &ev);
}

/* fut.result() after _cancel_and_wait: a cancelled awaitable means the
 * timeout won. */
static SimCoSignal finish_after_cancel(SimCo *co, SimFuture *inner)
{
    SimOutcome r = sim_future_result(inner);
    if (r.exc == SIM_EXC_CANCELLED) {
        trace_timeout(co);
        return sim_co_finish(co, sim_outcome_exc(SIM_EXC_TIMEOUT));
    }
    return sim_co_finish(co, r);
}

/* ensure_future(coro) for wait_for: a helper task the program never sees. */
static SimTask *wrap_in_task(SimCo *co, SimCo **aw)
{
    SimTask *outer = co->task;
    SimTask *t = sim_task_new_helper(co->loop, *aw, outer ? outer->name : "", outer);
    *aw = NULL;
    return t;
}

typedef struct {
    SimCo co;
    double timeout;
    SimCo *aw;           /* the awaitable, until it runs */
    SimTask *inner;      /* 3.11 (and timeout <= 0): the task running it */
    SimFuture *waiter;   /* 3.11 */
    SimHandleId handle;  /* the timeout timer */
    SimObj *tm;          /* 3.12+: the asyncio.Timeout */
} WaitForFrame;

static void wait_for_release(SimCo *co)
{
    WaitForFrame *f = (WaitForFrame *)co;
    sim_co_free(f->aw);
    f->aw = NULL;
    sim_obj_unref(f->inner);
    sim_obj_unref(f->waiter);
    sim_obj_unref(f->tm);
    f->inner = NULL;
    f->waiter = NULL;
    f->tm = NULL;
}

/* wait_for with timeout <= 0 (the same in every version): run the
 * awaitable as a task and cancel it unless it is already done. Returns
 * true when it produced the frame's final signal in *s. */
#define WAIT_FOR_NONPOSITIVE(co, f)                                       \
    do {                                                                  \
        (f)->inner = wrap_in_task((co), &(f)->aw);                        \
        if (sim_future_done(&(f)->inner->fut))                            \
            return sim_co_finish((co), sim_future_result(&(f)->inner->fut)); \
        SIM_AWAIT_TRY((co), 0, cancel_and_wait((co)->loop, &(f)->inner->fut)); \
        if ((co)->in.exc != SIM_EXC_NONE)                                 \
            return sim_co_reraise(co);                                    \
        return finish_after_cancel((co), &(f)->inner->fut);               \
    } while (0)

/* wait_for, CPython 3.11 (tasks.py). */
static SimCoSignal wait_for_311_fn(SimCo *co)
{
    WaitForFrame *f = (WaitForFrame *)co;
    SIM_CO_BEGIN(co);
    if (!(f->timeout > 0))
        WAIT_FOR_NONPOSITIVE(co, f);
    f->waiter = sim_future_new(co->loop);
    /* The timer goes into the heap before the inner task exists. */
    f->handle = sim_loop_call_later(co->loop, f->timeout, release_waiter_cb, &f->waiter->obj, NULL);
    f->inner = wrap_in_task(co, &f->aw);
    sim_future_add_done_callback(&f->inner->fut, release_waiter_cb, &f->waiter->obj);
    SIM_AWAIT_TRY(co, 0, sim_awaitable_future(f->waiter));
    if (co->in.exc == SIM_EXC_CANCELLED) {
        /* The caller itself was cancelled. */
        if (sim_future_done(&f->inner->fut)) {
            sim_loop_cancel(co->loop, f->handle);
            return sim_co_finish(co, sim_future_result(&f->inner->fut));
        }
        sim_future_remove_done_callback(&f->inner->fut, release_waiter_cb, &f->waiter->obj);
        SIM_AWAIT_TRY(co, 0, cancel_and_wait(co->loop, &f->inner->fut));
        sim_loop_cancel(co->loop, f->handle);
        if (co->in.exc != SIM_EXC_NONE)
            return sim_co_reraise(co);
        SIM_CO_RAISE(co, SIM_EXC_CANCELLED);
    }
    if (sim_future_done(&f->inner->fut)) {
        sim_loop_cancel(co->loop, f->handle);
        return sim_co_finish(co, sim_future_result(&f->inner->fut));
    }
    /* Timed out: the inner task must be gone before wait_for returns. */
    sim_future_remove_done_callback(&f->inner->fut, release_waiter_cb, &f->waiter->obj);
    SIM_AWAIT_TRY(co, 0, cancel_and_wait(co->loop, &f->inner->fut));
    sim_loop_cancel(co->loop, f->handle);
    if (co->in.exc != SIM_EXC_NONE)
        return sim_co_reraise(co);
    return finish_after_cancel(co, &f->inner->fut);
    SIM_CO_END(co);
}

/* ---- asyncio.Timeout (3.12+) ---- */

typedef enum { TM_CREATED, TM_ENTERED, TM_EXPIRING, TM_EXPIRED, TM_EXITED } TimeoutState;

typedef struct {
    SimObj obj;
    SimLoop *loop;
    TimeoutState state;
    SimTask *task;
    int cancelling;
    double when;
    SimHandleId handler;
} Timeout;

static void timeout_clear(SimObj *obj)
{
    Timeout *tm = (Timeout *)obj;
    SimTask *t = tm->task;
    tm->task = NULL;
    sim_obj_unref(t);
}

static void timeout_destroy(SimObj *obj)
{
    Timeout *tm = (Timeout *)obj;
    sim_loop_dealloc(tm->loop, tm, sizeof *tm);
}

static const SimObjType timeout_type = {"Timeout", timeout_clear, timeout_destroy};

/* Timeout._on_timeout: cancel the task; __aexit__ turns the resulting
 * CancelledError into TimeoutError. */
static void on_timeout_cb(SimLoop *loop, SimObj *a, SimObj *b)
{
    (void)loop;
    (void)b;
    Timeout *tm = (Timeout *)a;
    assert(tm->state == TM_ENTERED);
    sim_task_cancel(tm->task);
    tm->state = TM_EXPIRING;
    tm->handler = 0;
}

static Timeout *timeout_enter(SimCo *co, double when)
{
    SimLoop *loop = co->loop;
    Timeout *tm = sim_loop_alloc(loop, sizeof *tm);
    sim_loop_obj_init(loop, &tm->obj, &timeout_type);
    tm->loop = loop;
    tm->when = when;
    tm->state = TM_ENTERED;
    tm->task = sim_obj_ref(sim_loop_current_task(loop));
    tm->cancelling = tm->task ? sim_task_cancelling(tm->task) : 0;
    /* Timeout.reschedule */
    if (when <= sim_loop_time(loop))
        tm->handler = sim_loop_call_soon(loop, on_timeout_cb, &tm->obj, NULL);
    else
        tm->handler = sim_loop_call_at(loop, when, on_timeout_cb, &tm->obj, NULL);
    return tm;
}

/* Timeout.__aexit__: true when it raises TimeoutError. */
static bool timeout_exit(Timeout *tm, SimExc exc)
{
    if (tm->handler) {
        sim_loop_cancel(tm->loop, tm->handler);
        tm->handler = 0;
    }
    if (tm->state == TM_EXPIRING) {
        tm->state = TM_EXPIRED;
        if (sim_task_uncancel(tm->task) <= tm->cancelling && exc == SIM_EXC_CANCELLED)
            return true;
    } else if (tm->state == TM_ENTERED) {
        tm->state = TM_EXITED;
    }
    return false;
}

/* wait_for, CPython 3.12 and 3.13: `async with timeout(t): return await aw`. */
static SimCoSignal wait_for_312_fn(SimCo *co)
{
    WaitForFrame *f = (WaitForFrame *)co;
    SIM_CO_BEGIN(co);
    if (!(f->timeout > 0))
        WAIT_FOR_NONPOSITIVE(co, f);
    f->tm = &timeout_enter(co, sim_loop_time(co->loop) + f->timeout)->obj;
    {
        SimCo *aw = f->aw;
        f->aw = NULL;
        SIM_AWAIT_TRY(co, 0, sim_awaitable_co(aw));
    }
    if (timeout_exit((Timeout *)f->tm, co->in.exc)) {
        sim_outcome_release(&co->in);
        trace_timeout(co);
        SIM_CO_RAISE(co, SIM_EXC_TIMEOUT);
    }
    if (co->in.exc != SIM_EXC_NONE)
        return sim_co_reraise(co);
    SIM_CO_RETURN(co, sim_co_take_value(co));
    SIM_CO_END(co);
}

static const SimCoKind wait_for_311_kind = {"wait_for", wait_for_311_fn, sizeof(WaitForFrame),
                                            SIM_WAIT_WAIT_FOR, wait_for_release};
static const SimCoKind wait_for_312_kind = {"wait_for", wait_for_312_fn, sizeof(WaitForFrame),
                                            SIM_WAIT_WAIT_FOR, wait_for_release};

SimAwaitable sim_aio_wait_for(SimLoop *loop, SimCo *aw, double timeout)
{
    const SimCoKind *kind =
        sim_loop_version(loop) == SIM_PY_3_11 ? &wait_for_311_kind : &wait_for_312_kind;
    sim_loop_note_variant(loop, SIM_VARIANT_WAIT_FOR);
    SimCo *co = sim_co_new(loop, kind);
    WaitForFrame *f = (WaitForFrame *)co;
    f->timeout = timeout;
    f->aw = aw;
    return sim_awaitable_co(co);
}

bool sim_aio_is_wait_for(const SimCo *co)
{
    return co && (co->kind == &wait_for_311_kind || co->kind == &wait_for_312_kind);
}

SimTask *sim_aio_wait_for_inner(const SimCo *co)
{
    return sim_aio_is_wait_for(co) ? ((const WaitForFrame *)co)->inner : NULL;
}

const SimValue *sim_aio_wait_for_taken(const SimCo *co)
{
    const SimTask *inner = sim_aio_wait_for_inner(co);
    if (!inner || !sim_future_done(&inner->fut) || inner->fut.outcome.exc != SIM_EXC_NONE)
        return NULL;
    return &inner->fut.outcome.value;
}

double sim_aio_wait_for_timeout(const SimCo *co)
{
    return sim_aio_is_wait_for(co) ? ((const WaitForFrame *)co)->timeout : 0.0;
}

/* ---- gather ---- */

typedef struct {
    SimFuture fut; /* _GatheringFuture */
    SimFuture **children;
    int n, nfinished;
    bool return_exceptions;
} Gather;

static void gather_clear(SimObj *obj)
{
    Gather *g = (Gather *)obj;
    SimFuture **children = g->children;
    int n = g->n;
    g->children = NULL;
    g->n = 0;
    for (int i = 0; i < n; i++)
        sim_obj_unref(children[i]);
    free(children);
    sim_future_clear(&g->fut);
}

static void gather_destroy(SimObj *obj)
{
    Gather *g = (Gather *)obj;
    sim_loop_dealloc(g->fut.loop, g, sizeof *g);
}

static const SimObjType gather_type = {"_GatheringFuture", gather_clear, gather_destroy};

/* _GatheringFuture.cancel: cancel the children; remember that it was asked
 * so the outcome is CancelledError even with return_exceptions. */
static bool gather_cancel(SimFuture *f)
{
    Gather *g = (Gather *)f;
    if (sim_future_done(f))
        return false;
    bool ret = false;
    for (int i = 0; i < g->n; i++)
        if (sim_future_cancel(g->children[i]))
            ret = true;
    if (ret)
        f->cancel_requested = true;
    return ret;
}

/* gather's _done_callback(fut). */
static void gather_done_cb(SimLoop *loop, SimObj *a, SimObj *b)
{
    (void)loop;
    Gather *g = (Gather *)a;
    SimFuture *child = (SimFuture *)b;
    g->nfinished++;
    if (sim_future_done(&g->fut))
        return;
    if (!g->return_exceptions) {
        if (sim_future_cancelled(child)) {
            sim_future_set_exception(&g->fut, SIM_EXC_CANCELLED);
            return;
        }
        if (child->outcome.exc != SIM_EXC_NONE) {
            sim_future_set_exception(&g->fut, child->outcome.exc);
            return;
        }
    }
    if (g->nfinished < g->n)
        return;
    if (g->fut.cancel_requested) {
        sim_future_set_exception(&g->fut, SIM_EXC_CANCELLED);
        return;
    }
    /* The list of results; exceptions (return_exceptions) become None. */
    SimValue *items = sim_xmalloc(((size_t)g->n + 1) * sizeof *items);
    for (int i = 0; i < g->n; i++) {
        const SimFuture *c = g->children[i];
        items[i] = c->outcome.exc == SIM_EXC_NONE ? sim_value_copy(&c->outcome.value)
                                                  : sim_value_none();
    }
    SimValue list = sim_value_tuple(g->n, items);
    free(items);
    sim_future_set_result(&g->fut, list);
}

SimFuture *sim_aio_gather(SimLoop *loop, SimFuture *const *children, int n,
                          bool return_exceptions)
{
    Gather *g = sim_loop_alloc(loop, sizeof *g);
    sim_future_init(&g->fut, loop, &gather_type);
    g->fut.cancel_impl = gather_cancel;
    g->n = n;
    g->nfinished = 0;
    g->return_exceptions = return_exceptions;
    g->children = sim_xmalloc(((size_t)n + 1) * sizeof *g->children);
    for (int i = 0; i < n; i++)
        g->children[i] = sim_obj_ref(children[i]);
    if (n == 0) {
        /* gather() of nothing is a future that is already done. */
        sim_future_set_result(&g->fut, sim_value_tuple(0, NULL));
        return &g->fut;
    }
    /* 3.12+: children already done are counted at once, after the outer
     * future exists; 3.11 schedules a callback for them like for the rest. */
    bool eager = sim_loop_version(loop) >= SIM_PY_3_12;
    for (int i = 0; i < n; i++)
        if (sim_future_done(children[i])) {
            sim_loop_note_variant(loop, SIM_VARIANT_GATHER_DONE);
            break;
        }
    for (int i = 0; i < n; i++)
        if (!(eager && sim_future_done(children[i])))
            sim_future_add_done_callback(children[i], gather_done_cb, &g->fut.obj);
    if (eager)
        for (int i = 0; i < n; i++)
            if (sim_future_done(children[i]))
                gather_done_cb(loop, &g->fut.obj, &children[i]->obj);
    return &g->fut;
}

bool sim_aio_is_gather(const SimFuture *f)
{
    return f && f->obj.type == &gather_type;
}

int sim_aio_gather_children(const SimFuture *f, SimFuture *const **children)
{
    if (!sim_aio_is_gather(f))
        return 0;
    const Gather *g = (const Gather *)f;
    *children = g->children;
    return g->n;
}

const char *sim_aio_callback_name(SimCallbackFn fn)
{
    if (fn == set_result_unless_cancelled_cb)
        return "_set_result_unless_cancelled";
    if (fn == release_waiter_cb)
        return "_release_waiter";
    if (fn == on_timeout_cb)
        return "Timeout._on_timeout";
    if (fn == gather_done_cb)
        return "gather.<locals>._done_callback";
    return NULL;
}
