/* coro.h - coroutines as frames that await, return or raise.
 *
 * A Python coroutine is a frame that runs until an `await` must wait. Here a
 * coroutine is a C function over a frame struct (stackless, switch-based:
 * the frame holds the resume point and every variable that lives across an
 * await). Awaiting another coroutine nests its frame inside the caller's,
 * C's version of `yield from`: the child runs at once, inline, and only if
 * it has to wait does the wait travel outward to the task. So an await that
 * can complete at once (get() on a non-empty queue, put() with room, a
 * coroutine that raises before its first await) does not suspend, exactly
 * as in CPython.
 *
 * Exceptions thrown into a waiting task enter the innermost frame first, so
 * Queue.get's own clean-up runs where CPython runs it.
 *
 * Writing a coroutine:
 *
 *     typedef struct { SimCo co; int i; } Producer;      // SimCo first
 *
 *     static SimCoSignal producer_fn(SimCo *co)
 *     {
 *         Producer *f = (Producer *)co;
 *         SIM_CO_BEGIN(co);
 *         for (f->i = 0; f->i < 3; f->i++) {
 *             SIM_AWAIT(co, 12, sim_aio_sleep(co->loop, 0.2));  // line 12
 *             SIM_AWAIT(co, 13, sim_queue_put(q, sim_value_int(f->i)));
 *         }
 *         SIM_CO_END(co);
 *     }
 *
 * Rules: one await per C source line; no await inside a `switch`; locals
 * that live across an await belong in the frame. After SIM_AWAIT the
 * awaited value is in co->in.value (take it with sim_co_take_value) and an
 * exception has already been propagated. SIM_AWAIT_TRY leaves the exception
 * in co->in.exc for the code to handle (try/except/finally).
 */
#ifndef AQSIM_SIM_CORO_H
#define AQSIM_SIM_CORO_H

#include <stdbool.h>
#include <stddef.h>

#include "future.h"
#include "loop.h"
#include "trace.h"

typedef struct SimCo SimCo;

typedef enum {
    SIM_CO_AWAIT,  /* waiting on co->child or co->awaiting */
    SIM_CO_YIELD,  /* a bare yield: resume me on the next pass */
    SIM_CO_RETURN, /* done; result in co->out */
    SIM_CO_RAISE   /* done; exception in co->out.exc */
} SimCoSignal;

typedef SimCoSignal (*SimCoFn)(SimCo *co);

/* What kind of coroutine a frame runs. */
typedef struct SimCoKind {
    const char *name;          /* Python's __qualname__, e.g. "Queue.get" */
    SimCoFn fn;
    size_t size;               /* frame size */
    SimWaitKind wait;          /* what a task waiting in this frame waits on */
    void (*release)(SimCo *co); /* drop what the frame holds; may be NULL */
} SimCoKind;

struct SimCo {
    const SimCoKind *kind;
    const char *name;     /* the Python function's name (defaults to kind->name) */
    SimLoop *loop;
    SimTask *task;        /* the task running this frame, once started */
    int pc;               /* resume point; 0 = not started, -1 = finished */
    int line;             /* Python source line of the current await, 0 if none */
    SimCo *child;         /* the coroutine being awaited (yield from) */
    SimFuture *awaiting;  /* the future being awaited (holds a reference) */
    SimOutcome in;        /* what the last await produced */
    SimOutcome out;       /* the return value or raised exception */
};

/* Something to await: a coroutine, a future, or (neither) a bare yield. */
typedef struct {
    SimCo *co;
    SimFuture *fut; /* a new reference */
} SimAwaitable;

/* A new, unstarted frame of the given kind (zeroed beyond SimCo). */
SimCo *sim_co_new(SimLoop *loop, const SimCoKind *kind);
/* Free a frame and any frames it awaits, releasing what they hold. */
void sim_co_free(SimCo *co);

/* Await a coroutine / a future (takes a new reference to f). */
SimAwaitable sim_awaitable_co(SimCo *co);
SimAwaitable sim_awaitable_future(SimFuture *f);

/* Resume a coroutine with what its await produced (send() or throw()),
 * taken out of *in (which is left None). Returns AWAIT (the future the task
 * must wait on is in *waiting), YIELD, RETURN or RAISE (the outcome is in
 * co->out). */
SimCoSignal sim_co_resume(SimCo *co, SimOutcome *in, SimFuture **waiting);

/* The innermost frame (the one actually waiting). */
SimCo *sim_co_innermost(SimCo *co);
/* The innermost frame that has a Python source line (the program's own
 * frame, not asyncio's), or NULL. */
SimCo *sim_co_innermost_with_line(SimCo *co);

/* Take the awaited value out of the frame (the frame keeps None). */
SimValue sim_co_take_value(SimCo *co);

/* Internal to the macros. */
void sim_co_set_await(SimCo *co, SimAwaitable a);
SimCoSignal sim_co_finish(SimCo *co, SimOutcome out);
/* Raise again the exception the last await produced (a bare `raise`). */
SimCoSignal sim_co_reraise(SimCo *co);

#define SIM_CO_BEGIN(co)      \
    switch ((co)->pc) {       \
    case 0:

#define SIM_CO_END(co)                                             \
    }                                                              \
    return sim_co_return_value((co), sim_value_none())

/* await EXPR at Python line PYLINE; an exception propagates. */
#define SIM_AWAIT(co, pyline, expr)                \
    do {                                           \
        (co)->pc = __LINE__;                       \
        (co)->line = (pyline);                     \
        sim_co_set_await((co), (expr));            \
        return SIM_CO_AWAIT;                       \
    case __LINE__:                                 \
        if ((co)->in.exc != SIM_EXC_NONE)          \
            return sim_co_reraise(co);             \
    } while (0)

/* await EXPR; an exception is left in co->in.exc for the code to handle. */
#define SIM_AWAIT_TRY(co, pyline, expr)            \
    do {                                           \
        (co)->pc = __LINE__;                       \
        (co)->line = (pyline);                     \
        sim_co_set_await((co), (expr));            \
        return SIM_CO_AWAIT;                       \
    case __LINE__:;                                \
    } while (0)

/* A bare `yield` (what asyncio.sleep(0) does); an exception is left in
 * co->in.exc. */
#define SIM_YIELD(co, pyline)                      \
    do {                                           \
        (co)->pc = __LINE__;                       \
        (co)->line = (pyline);                     \
        return SIM_CO_YIELD;                       \
    case __LINE__:;                                \
    } while (0)

/* return VALUE */
#define SIM_CO_RETURN(co, value) return sim_co_return_value((co), (value))
/* raise EXC */
#define SIM_CO_RAISE(co, exc) return sim_co_raise((co), (exc))

/* The outcome is written into the frame field by field: an outcome built
 * in a temporary and copied costs a store-forwarding stall, and every
 * asyncio call returns through here. */
static inline SimCoSignal sim_co_return_value(SimCo *co, SimValue v)
{
    sim_outcome_release(&co->out);
    co->out.value = v;
    co->pc = -1;
    return SIM_CO_RETURN;
}

static inline SimCoSignal sim_co_raise(SimCo *co, SimExc e)
{
    sim_outcome_release(&co->out);
    co->out.exc = e;
    co->pc = -1;
    return e != SIM_EXC_NONE ? SIM_CO_RAISE : SIM_CO_RETURN;
}

#endif
