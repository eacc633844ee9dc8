/* event.c - asyncio.Event (locks.py). */
#include "event.h"

#include "deque.h"
#include "future.h"
#include "trace.h"

struct SimEvent {
    SimObj obj;
    SimLoop *loop;
    bool value;
    const char *name; /* traced when set, if named */
    SimDeque waiters; /* of SimFuture*, each holding a reference */
};

static void event_clear_obj(SimObj *obj)
{
    SimEvent *e = (SimEvent *)obj;
    while (sim_deque_len(&e->waiters))
        sim_obj_unref(sim_deque_popleft(&e->waiters));
    sim_deque_free(&e->waiters);
}

static void event_destroy(SimObj *obj)
{
    SimEvent *e = (SimEvent *)obj;
    sim_loop_dealloc(e->loop, e, sizeof *e);
}

static const SimObjType event_type = {"Event", event_clear_obj, event_destroy};

SimEvent *sim_event_new(SimLoop *loop)
{
    SimEvent *e = sim_loop_alloc(loop, sizeof *e);
    sim_loop_obj_init(loop, &e->obj, &event_type);
    e->loop = loop;
    e->value = false;
    e->name = NULL;
    e->waiters = (SimDeque){0};
    return e;
}

void sim_event_set_name(SimEvent *e, const char *name)
{
    e->name = name;
}

bool sim_event_is_set(const SimEvent *e)
{
    return e->value;
}

void sim_event_set(SimEvent *e)
{
    if (e->value)
        return;
    e->value = true;
    if (e->name && sim_loop_tracing(e->loop)) {
        SimTraceEvent ev = {.kind = SIM_TRACE_EVENT_SET, .detail = e->name};
        sim_loop_trace(e->loop, &ev);
    }
    for (size_t i = 0; i < sim_deque_len(&e->waiters); i++) {
        SimFuture *f = sim_deque_at(&e->waiters, i);
        if (!sim_future_done(f))
            sim_future_set_result(f, sim_value_bool(true));
    }
}

void sim_event_clear(SimEvent *e)
{
    e->value = false;
}

typedef struct {
    SimCo co;
    SimEvent *event;
    SimFuture *fut;
} WaitFrame;

static void wait_release(SimCo *co)
{
    WaitFrame *f = (WaitFrame *)co;
    sim_obj_unref(f->fut);
    sim_obj_unref(f->event);
}

/* Event.wait: the future leaves _waiters in a `finally`, whatever happened. */
static SimCoSignal wait_fn(SimCo *co)
{
    WaitFrame *f = (WaitFrame *)co;
    SIM_CO_BEGIN(co);
    if (f->event->value)
        SIM_CO_RETURN(co, sim_value_bool(true));
    f->fut = sim_future_new(co->loop);
    sim_deque_append(&f->event->waiters, sim_obj_ref(f->fut));
    SIM_AWAIT_TRY(co, 0, sim_awaitable_future(f->fut));
    if (sim_deque_remove(&f->event->waiters, f->fut))
        sim_obj_unref(f->fut);
    if (co->in.exc != SIM_EXC_NONE)
        return sim_co_reraise(co);
    SIM_CO_RETURN(co, sim_value_bool(true));
    SIM_CO_END(co);
}

static const SimCoKind wait_kind = {"Event.wait", wait_fn, sizeof(WaitFrame), SIM_WAIT_EVENT,
                                    wait_release};

SimAwaitable sim_event_wait(SimEvent *e)
{
    SimCo *co = sim_co_new(e->loop, &wait_kind);
    ((WaitFrame *)co)->event = sim_obj_ref(e);
    return sim_awaitable_co(co);
}
