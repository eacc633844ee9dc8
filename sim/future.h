/* future.h - asyncio.Future: a result to come, and who to tell.
 *
 * Completing a future never runs its callbacks inline: each one is
 * call_soon()ed, in the order they were added (Future.__schedule_callbacks).
 * That one-callback delay is why a task woken by a put runs a pass later,
 * and the sim keeps it exactly.
 *
 * The struct is public only so that Task and gather can extend it; outside
 * sim/ use the functions.
 */
#ifndef AQSIM_SIM_FUTURE_H
#define AQSIM_SIM_FUTURE_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#include "loop.h"
#include "obj.h"
#include "value.h"

/* X(name, Python class) */
#define SIM_EXC_KINDS(X)                       \
    X(NONE, "")                                \
    X(CANCELLED, "asyncio.CancelledError")     \
    X(TIMEOUT, "TimeoutError")                 \
    X(CONNECTION, "ConnectionError")           \
    X(QUEUE_FULL, "asyncio.QueueFull")         \
    X(QUEUE_EMPTY, "asyncio.QueueEmpty")       \
    X(QUEUE_SHUTDOWN, "asyncio.QueueShutDown") \
    X(VALUE, "ValueError")                     \
    X(TYPE, "TypeError")                       \
    X(RUNTIME, "RuntimeError")

typedef enum {
#define SIM_EXC_ENUM(name, py) SIM_EXC_##name,
    SIM_EXC_KINDS(SIM_EXC_ENUM)
#undef SIM_EXC_ENUM
        SIM_EXC_COUNT
} SimExc;

/* The Python class name of an exception kind. */
const char *sim_exc_name(SimExc e);

/* What an await produces: a value, or an exception (exc != SIM_EXC_NONE).
 * The value is owned by whoever holds the outcome. */
typedef struct {
    SimExc exc;
    SimValue value;
} SimOutcome;

static inline SimOutcome sim_outcome_value(SimValue v)
{
    SimOutcome o = {SIM_EXC_NONE, v};
    return o;
}

static inline SimOutcome sim_outcome_exc(SimExc e)
{
    SimOutcome o = {e, sim_value_none()};
    return o;
}
static inline void sim_outcome_release(SimOutcome *o)
{
    sim_value_release(&o->value);
    o->exc = SIM_EXC_NONE;
}

typedef enum { SIM_FUTURE_PENDING, SIM_FUTURE_FINISHED, SIM_FUTURE_CANCELLED } SimFutureState;

/* A done-callback: fn(loop, owner, future). */
typedef struct {
    SimCallbackFn fn;
    SimObj *owner;
} SimDoneCallback;

typedef struct SimFuture SimFuture;
struct SimFuture {
    SimObj obj;
    SimLoop *loop;
    uint8_t state;        /* SimFutureState */
    bool cancel_requested; /* _GatheringFuture._cancel_requested */
    SimOutcome outcome;
    uint32_t ncb, capcb;
    /* Task.cancel() and _GatheringFuture.cancel() override Future.cancel(). */
    bool (*cancel_impl)(SimFuture *f);
    SimDoneCallback *cbs;
    SimDoneCallback cb0[2]; /* most futures have one or two callbacks */
};

/* loop.create_future(). The caller owns the one reference. */
SimFuture *sim_future_new(SimLoop *loop);
/* For types that extend Future (Task, gather): set up the base part. */
void sim_future_init(SimFuture *f, SimLoop *loop, const SimObjType *type);
/* For types that extend Future: what the base holds. */
void sim_future_clear(SimFuture *f);

bool sim_future_done(const SimFuture *f);
bool sim_future_cancelled(const SimFuture *f);
/* set_result(); takes ownership of v. The future must be pending. */
void sim_future_set_result(SimFuture *f, SimValue v);
/* set_exception(). The future must be pending. */
void sim_future_set_exception(SimFuture *f, SimExc e);
/* fut.cancel(), dispatched like a Python method call (a task's cancel is
 * Task.cancel). False if nothing was cancelled. */
bool sim_future_cancel(SimFuture *f);
/* Future.cancel() itself, for the overrides: false if already done. */
bool sim_future_cancel_base(SimFuture *f);
/* result(): a copy of the value, or the exception (CancelledError when
 * cancelled). The future must be done. Inline, so that the outcome is
 * built where the caller wants it: every wakeup takes one. */
static inline SimOutcome sim_future_result(const SimFuture *f)
{
    assert(f->state != SIM_FUTURE_PENDING);
    SimOutcome o;
    o.exc = f->outcome.exc;
    o.value = o.exc != SIM_EXC_NONE ? sim_value_none() : sim_value_copy(&f->outcome.value);
    return o;
}
/* add_done_callback(): when already done, the callback is scheduled now. */
void sim_future_add_done_callback(SimFuture *f, SimCallbackFn fn, SimObj *owner);
/* remove_done_callback(): removes every equal callback; returns how many. */
int sim_future_remove_done_callback(SimFuture *f, SimCallbackFn fn, SimObj *owner);
/* The n-th pending done-callback (for describing who a future wakes). */
const SimDoneCallback *sim_future_callback(const SimFuture *f, uint32_t i);
uint32_t sim_future_callback_count(const SimFuture *f);

#endif
