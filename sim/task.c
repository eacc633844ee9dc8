/* task.c - Task.__step, Task.__wakeup, Task.cancel. */
#include "task.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "trace.h"
#include "view.h"

static bool task_cancel_impl(SimFuture *f);

static void task_clear(SimObj *obj)
{
    SimTask *t = (SimTask *)obj;
    SimCo *coro = t->coro;
    SimFuture *w = t->fut_waiter;
    t->coro = NULL;
    t->fut_waiter = NULL;
    sim_co_free(coro);
    sim_obj_unref(w);
    sim_value_release(&t->holding);
    sim_future_clear(&t->fut);
}

static void task_destroy(SimObj *obj)
{
    SimTask *t = (SimTask *)obj;
    t->link.prev->next = t->link.next;
    t->link.next->prev = t->link.prev;
    sim_loop_dealloc(t->fut.loop, t, sizeof *t);
}

static const SimObjType task_type = {"Task", task_clear, task_destroy};

static void task_step_cb(SimLoop *loop, SimObj *a, SimObj *b);

static void emit(SimTask *t, SimTraceKind kind, const char *detail)
{
    SimLoop *loop = t->fut.loop;
    if (!sim_loop_tracing(loop) || t->hidden)
        return;
    SimTraceEvent ev = {.kind = kind, .task = t, .detail = detail};
    sim_loop_trace(loop, &ev);
}

static SimTask *task_create(SimLoop *loop, SimCo *coro, const char *name, bool hidden,
                            SimTask *parent)
{
    SimTask *t = sim_loop_alloc(loop, sizeof *t);
    memset(t, 0, sizeof *t);
    sim_future_init(&t->fut, loop, &task_type);
    t->fut.cancel_impl = task_cancel_impl;
    SimLink *list = sim_loop_task_list(loop);
    t->link.next = list;
    t->link.prev = list->prev;
    list->prev->next = &t->link;
    list->prev = &t->link;
    t->coro = coro;
    coro->task = t;
    t->number = sim_loop_next_task_number(loop);
    snprintf(t->name, sizeof t->name, "%s", name ? name : "");
    t->since = sim_loop_time(loop);
    t->holding = sim_value_none();
    t->hidden = hidden;
    t->parent = parent;
    if (parent)
        t->role = parent->role;
    sim_loop_call_soon(loop, task_step_cb, &t->fut.obj, NULL);
    emit(t, SIM_TRACE_TASK_NEW, NULL);
    return t;
}

SimTask *sim_task_new(SimLoop *loop, SimCo *coro, const char *name)
{
    return task_create(loop, coro, name, false, NULL);
}

SimTask *sim_task_new_helper(SimLoop *loop, SimCo *coro, const char *name, SimTask *parent)
{
    return task_create(loop, coro, name, true, parent);
}

static void task_wakeup_cb(SimLoop *loop, SimObj *a, SimObj *b);

static void emit_wait(SimTask *t)
{
    SimLoop *loop = t->fut.loop;
    if (!sim_loop_tracing(loop) || t->hidden)
        return;
    SimCo *lined = sim_co_innermost_with_line(t->coro);
    SimTraceEvent ev = {.kind = SIM_TRACE_TASK_WAIT, .task = t, .wait = sim_view_wait_kind(t),
                        .line = lined ? lined->line : 0};
    sim_loop_trace(loop, &ev);
}

/* Task.__step: resume the coroutine once with *in (send or throw), which
 * is moved from (left None). */
static void task_step(SimTask *t, SimOutcome *in)
{
    SimLoop *loop = t->fut.loop;
    assert(!sim_future_done(&t->fut));
    if (t->must_cancel) {
        if (in->exc != SIM_EXC_CANCELLED) {
            sim_outcome_release(in);
            in->exc = SIM_EXC_CANCELLED;
        }
        t->must_cancel = false;
    }
    if (t->fut_waiter) {
        sim_obj_unref(t->fut_waiter);
        t->fut_waiter = NULL;
    }
    SimTask *outer = sim_loop_current_task(loop);
    sim_loop_set_current_task(loop, t);
    /* Keep the task alive through its own completion callbacks. */
    sim_obj_ref(t);
    SimFuture *waiting = NULL;
    SimCoSignal s = sim_co_resume(t->coro, in, &waiting);
    switch (s) {
    case SIM_CO_AWAIT:
        /* The future's done-callback wakes this task; a cancel() that came
         * while the coroutine ran applies to the new future at once. */
        sim_future_add_done_callback(waiting, task_wakeup_cb, &t->fut.obj);
        t->fut_waiter = sim_obj_ref(waiting);
        t->since = sim_loop_time(loop);
        if (t->must_cancel && sim_future_cancel(t->fut_waiter))
            t->must_cancel = false;
        emit_wait(t);
        break;
    case SIM_CO_YIELD:
        /* A bare yield gives up the loop for one pass. */
        sim_loop_call_soon(loop, task_step_cb, &t->fut.obj, NULL);
        t->since = sim_loop_time(loop);
        emit_wait(t);
        break;
    case SIM_CO_RETURN:
    case SIM_CO_RAISE: {
        SimOutcome out = t->coro->out;
        t->coro->out = sim_outcome_value(sim_value_none());
        SimCo *coro = t->coro;
        t->coro = NULL;
        sim_co_free(coro);
        t->since = sim_loop_time(loop);
        if (s == SIM_CO_RETURN && t->must_cancel) {
            /* Cancelled right before the coroutine returned. */
            t->must_cancel = false;
            sim_outcome_release(&out);
            sim_future_cancel_base(&t->fut);
            emit(t, SIM_TRACE_TASK_END, "cancelled");
        } else if (out.exc == SIM_EXC_CANCELLED) {
            sim_future_cancel_base(&t->fut);
            emit(t, SIM_TRACE_TASK_END, "cancelled");
        } else if (out.exc != SIM_EXC_NONE) {
            sim_future_set_exception(&t->fut, out.exc);
            emit(t, SIM_TRACE_TASK_END, "raised");
        } else {
            sim_future_set_result(&t->fut, out.value);
            emit(t, SIM_TRACE_TASK_END, "returned");
        }
        break;
    }
    }
    sim_loop_set_current_task(loop, outer);
    sim_obj_unref(t);
}

static void task_step_cb(SimLoop *loop, SimObj *a, SimObj *b)
{
    (void)loop;
    (void)b;
    SimOutcome none;
    memset(&none, 0, sizeof none);
    task_step((SimTask *)a, &none);
}

/* Task.__wakeup(future): step with the future's result or exception. */
static void task_wakeup_cb(SimLoop *loop, SimObj *a, SimObj *b)
{
    (void)loop;
    SimOutcome in = sim_future_result((SimFuture *)b);
    task_step((SimTask *)a, &in);
}

static bool task_cancel_impl(SimFuture *f)
{
    return sim_task_cancel((SimTask *)f);
}

bool sim_task_cancel(SimTask *t)
{
    if (sim_future_done(&t->fut))
        return false;
    t->num_cancels_requested++;
    emit(t, SIM_TRACE_CANCEL, NULL);
    if (t->fut_waiter && sim_future_cancel(t->fut_waiter))
        return true;
    /* The wakeup is already scheduled: throw at the next step instead. */
    t->must_cancel = true;
    return true;
}

int sim_task_uncancel(SimTask *t)
{
    if (t->num_cancels_requested > 0) {
        t->num_cancels_requested--;
        /* 3.13 also forgets a pending cancel when the count reaches 0. */
        if (t->num_cancels_requested == 0 && sim_loop_version(t->fut.loop) >= SIM_PY_3_13)
            t->must_cancel = false;
    }
    return t->num_cancels_requested;
}

int sim_task_cancelling(const SimTask *t)
{
    return t->num_cancels_requested;
}

SimTask *sim_task_first(SimLoop *loop)
{
    SimLink *list = sim_loop_task_list(loop);
    return list->next == list ? NULL : (SimTask *)((char *)list->next - offsetof(SimTask, link));
}

SimTask *sim_task_next(SimLoop *loop, SimTask *t)
{
    SimLink *list = sim_loop_task_list(loop);
    return t->link.next == list ? NULL : (SimTask *)((char *)t->link.next - offsetof(SimTask, link));
}

void sim_task_default_name(const SimTask *t, char *buf, size_t size)
{
    snprintf(buf, size, "Task-%u", (unsigned)t->number);
}

bool sim_task_is_ready(const SimTask *t)
{
    if (sim_future_done(&t->fut))
        return false;
    return t->fut_waiter == NULL || sim_future_done(t->fut_waiter);
}

SimTask *sim_task_woken_by(const SimDoneCallback *cb)
{
    return cb && cb->fn == task_wakeup_cb ? (SimTask *)cb->owner : NULL;
}

void sim_task_set_holding(SimTask *t, const SimValue *item)
{
    sim_value_release(&t->holding);
    t->holding = item ? sim_value_copy(item) : sim_value_none();
}

SimFuture *sim_task_future(SimTask *t)
{
    return &t->fut;
}

const SimTask *sim_task_of_future(const SimFuture *f)
{
    return f && f->obj.type == &task_type ? (const SimTask *)f : NULL;
}
