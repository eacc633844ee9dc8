/* view.h - what a viewer may know of a task, read-only.
 *
 * The dashboard never reaches into frames or futures: it asks for a
 * SimTaskView, derived on demand from the task's coroutine chain (the
 * innermost frame says what it waits on, the innermost program frame says
 * at which Python line).
 */
#ifndef AQSIM_SIM_VIEW_H
#define AQSIM_SIM_VIEW_H

#include <stdbool.h>

#include "sim/queue.h"
#include "sim/task.h"
#include "sim/value.h"

typedef enum {
    SIM_TASK_READY,     /* scheduled to run (or never ran yet) */
    SIM_TASK_RUNNING,   /* its step is running now */
    SIM_TASK_SLEEPING,  /* in asyncio.sleep(d) until `until` */
    SIM_TASK_WAIT_GET,  /* in queue.get() on an empty queue */
    SIM_TASK_WAIT_PUT,  /* in queue.put() on a full queue (backpressure) */
    SIM_TASK_WAIT_JOIN, /* in queue.join() */
    SIM_TASK_WAIT_EVENT,/* in event.wait() */
    SIM_TASK_WAIT_GATHER, /* in gather() */
    SIM_TASK_WAIT_OTHER,/* awaiting something else (a task, a future) */
    SIM_TASK_DONE,      /* returned */
    SIM_TASK_CANCELLED, /* ended by CancelledError */
    SIM_TASK_FAILED     /* ended by another exception */
} SimTaskState;

typedef struct {
    SimTaskState state;
    double since;               /* when it entered this state */
    double until;               /* SLEEPING: the timer's deadline */
    bool with_timeout;          /* WAIT_GET inside wait_for */
    double timeout;             /* ... with this timeout */
    int line;                   /* Python line it stands at (0: none) */
    const char *function;       /* the Python function it stands in */
    const SimValue *holding;    /* the item it works on (None if nothing) */
    const SimValue *putting;    /* WAIT_PUT: the item it waits to put */
    bool retiring;              /* a live retire is pending */
    /* WAIT_GET in 3.11's wait_for, whose inner get() task works for it:
     * the item that task has already taken, on its way (None if none), or
     * whether that task has been woken to take one, or was just created
     * and has not run yet. */
    const SimValue *arriving;
    bool inner_woken;
    bool inner_new;
    bool inner_cancelled; /* ... or has been cancelled (the timeout came) */
} SimTaskView;

/* Describe a task as it stands now. */
void sim_task_view(SimLoop *loop, const SimTask *t, SimTaskView *out);
/* The program task that waits on future f (a getter/putter), following a
 * helper task (3.11's wait_for) to the task it works for; NULL if none. */
const SimTask *sim_view_waiter_task(const SimFuture *f);
/* What a suspended task waits on, in the trace's words: what the program
 * called (join() rather than the Event.wait() inside it; gather() when it
 * awaits gather's future). */
SimWaitKind sim_view_wait_kind(const SimTask *t);
/* One word for a state: "ready", "sleeping", "blocked in put()", ... */
const char *sim_task_state_name(SimTaskState s);

#endif
