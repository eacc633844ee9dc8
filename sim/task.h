/* task.h - asyncio.Task: a coroutine driven by the loop.
 *
 * The twin of CPython's Task: __step resumes the coroutine once; a future
 * it waits on gets the task's __wakeup as a done-callback; cancel() cancels
 * that future or, when it is already done, sets _must_cancel so the next
 * step throws CancelledError. A task is a future, so others can await it.
 */
#ifndef AQSIM_SIM_TASK_H
#define AQSIM_SIM_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include "coro.h"
#include "future.h"
#include "loop.h"

struct SimTask {
    SimFuture fut;             /* a Task is a Future */
    SimLink link;              /* on the loop's task list */
    SimCo *coro;               /* NULL once finished */
    SimFuture *fut_waiter;     /* _fut_waiter */
    bool must_cancel;          /* _must_cancel */
    int num_cancels_requested; /* _num_cancels_requested */
    uint32_t number;           /* N of Python's default name "Task-N" */
    char name[48];             /* the name the program knows it by */
    bool hidden;               /* asyncio's own helper task, not the program's */
    int role;                  /* the scenario's label for this task */
    bool retire_requested;     /* a live "retire": leave at the next get() */
    double since;              /* when it began its current wait */
    SimValue holding;          /* the item the program is working on, if any */
    SimTask *parent;           /* for a hidden helper: the task it works for */
};

/* create_task(coro): the first step is call_soon()ed. The caller owns the
 * returned reference. `name` is what the dashboard shows. */
SimTask *sim_task_new(SimLoop *loop, SimCo *coro, const char *name);
/* A task of asyncio's own (wait_for's inner task, asyncio.run's helpers):
 * traced as its parent, or not at all. */
SimTask *sim_task_new_helper(SimLoop *loop, SimCo *coro, const char *name, SimTask *parent);
/* Task.cancel(). */
bool sim_task_cancel(SimTask *t);
/* Task.uncancel() as the loop's Python version has it; returns the count. */
int sim_task_uncancel(SimTask *t);
/* Task.cancelling(). */
int sim_task_cancelling(const SimTask *t);
/* The next live task in creation order, or NULL. */
SimTask *sim_task_next(SimLoop *loop, SimTask *t);
SimTask *sim_task_first(SimLoop *loop);
/* Python's default name, "Task-N". */
void sim_task_default_name(const SimTask *t, char *buf, size_t size);
/* Whether the task's next step is already scheduled (ready to run). */
bool sim_task_is_ready(const SimTask *t);
/* The task a done-callback wakes, if it is a task's __wakeup. */
SimTask *sim_task_woken_by(const SimDoneCallback *cb);
/* Say which item the task is working on (None: nothing); for views. */
void sim_task_set_holding(SimTask *t, const SimValue *item);
/* The task as a future / a SimObj. */
SimFuture *sim_task_future(SimTask *t);
/* The task a future is, or NULL when it is a plain future. */
const SimTask *sim_task_of_future(const SimFuture *f);

#endif
