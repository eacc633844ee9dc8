/* trace.h - the structured stream of what happens in a run.
 *
 * Every change a viewer could show (a put, a get, a task blocking, a print,
 * the clock moving) is reported to the loop's trace sink as one event. The
 * dashboard animates from them, `--trace jsonl` writes them out, and tests
 * read them. Events are emitted only when a trace sink is set, so headless
 * printing pays nothing for them.
 */
#ifndef AQSIM_SIM_TRACE_H
#define AQSIM_SIM_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "value.h"

typedef struct SimTask SimTask;
typedef struct SimTraceEvent SimTraceEvent;

/* X(name, json word) */
#define SIM_TRACE_KINDS(X)                                                                \
    X(CLOCK, "clock")         /* the clock jumped to the next timer */                   \
    X(PRINT, "print")         /* the program printed text */                             \
    X(TASK_NEW, "task_new")   /* a task was created */                                   \
    X(TASK_WAIT, "wait")      /* a task suspended; wait says on what */                  \
    X(TASK_END, "task_end")   /* a task finished; detail: returned, cancelled, raised */ \
    X(PUT, "put")             /* an item entered the queue */                            \
    X(GET, "get")             /* an item left the queue */                               \
    X(ITEM_DONE, "task_done") /* queue.task_done() */                                    \
    X(EVENT_SET, "event_set") /* an asyncio.Event was set */                             \
    X(CANCEL, "cancel")       /* task.cancel() was called on a task */                   \
    X(TIMEOUT, "timeout")     /* wait_for raised TimeoutError in a task */               \
    X(SHUTDOWN, "shutdown")   /* queue.shutdown() */                                     \
    X(LIVE, "live")           /* a live change made from outside the program */

typedef enum {
#define SIM_TRACE_ENUM(name, word) SIM_TRACE_##name,
    SIM_TRACE_KINDS(SIM_TRACE_ENUM)
#undef SIM_TRACE_ENUM
        SIM_TRACE_KIND_COUNT
} SimTraceKind;

/* What a suspended task waits for. */
#define SIM_WAIT_KINDS(X)                                             \
    X(NONE, "none")                                                   \
    X(YIELD, "yield")     /* a bare yield: asyncio.sleep(0) */        \
    X(SLEEP, "sleep")     /* asyncio.sleep(d) */                      \
    X(GET, "get")         /* queue.get() on an empty queue */         \
    X(PUT, "put")         /* queue.put() on a full queue */           \
    X(JOIN, "join")       /* queue.join() with unfinished items */    \
    X(EVENT, "event")     /* event.wait() */                          \
    X(GATHER, "gather")   /* await asyncio.gather(...) */             \
    X(TASK, "task")       /* await another task */                    \
    X(WAIT_FOR, "wait_for") /* wait_for's own waiting */              \
    X(FUTURE, "future")   /* any other future */

typedef enum {
#define SIM_WAIT_ENUM(name, word) SIM_WAIT_##name,
    SIM_WAIT_KINDS(SIM_WAIT_ENUM)
#undef SIM_WAIT_ENUM
        SIM_WAIT_KIND_COUNT
} SimWaitKind;

struct SimTraceEvent {
    uint64_t step;        /* callbacks run before this event */
    double time;          /* the clock */
    SimTraceKind kind;
    SimTask *task;        /* who did it (the running task unless set) */
    const SimValue *item; /* PUT, GET, TASK_WAIT on put */
    int qsize;            /* PUT, GET, ITEM_DONE, SHUTDOWN: queue size after */
    int unfinished;       /* PUT, GET, ITEM_DONE: unfinished tasks after */
    SimWaitKind wait;     /* TASK_WAIT */
    int line;             /* TASK_WAIT: the Python line the task waits at */
    const char *detail;   /* a word: TASK_END outcome, LIVE action, ... */
    double number;        /* LIVE value, TASK_WAIT sleep deadline */
    const char *text;     /* PRINT */
    size_t text_len;
};

const char *sim_trace_kind_name(SimTraceKind k);
const char *sim_wait_kind_name(SimWaitKind w);
/* One JSON object per line; the schema is in README.md ("Trace"). */
void sim_trace_write_jsonl(FILE *out, const SimTraceEvent *ev);

#endif
