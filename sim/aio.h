/* aio.h - asyncio's module-level coroutines: sleep, wait_for, gather.
 *
 * Each is built from futures, timers and tasks the way CPython builds it,
 * so its callbacks and passes are CPython's:
 *  - sleep(d): a timer that sets a future; d <= 0 is one bare yield;
 *  - wait_for: on 3.11 the awaitable runs as an inner Task and the caller
 *    waits on a waiter future released by the task or the timer (3 passes
 *    for an item, 5 callbacks for a timeout); on 3.12+ it is
 *    `async with timeout()` around a plain await (no inner task);
 *  - gather: children are tasks; the outer future completes from their
 *    done-callbacks; on 3.12+ children already done are counted at once.
 */
#ifndef AQSIM_SIM_AIO_H
#define AQSIM_SIM_AIO_H

#include <stdbool.h>

#include "coro.h"
#include "future.h"
#include "loop.h"
#include "task.h"

/* `await asyncio.sleep(delay)`. */
SimAwaitable sim_aio_sleep(SimLoop *loop, double delay);
/* `await asyncio.wait_for(aw, timeout)`; takes ownership of the coroutine.
 * The variant is the loop's Python version's. */
SimAwaitable sim_aio_wait_for(SimLoop *loop, SimCo *aw, double timeout);
/* asyncio.gather(*children): the outer future (caller owns the reference);
 * children are existing futures or tasks (references are taken). */
SimFuture *sim_aio_gather(SimLoop *loop, SimFuture *const *children, int n,
                          bool return_exceptions);

/* For views: the deadline of a sleep frame's timer, and whether a frame
 * is wait_for's; the task wait_for runs its awaitable in (3.11), or NULL. */
bool sim_aio_sleep_deadline(const SimCo *co, double *when);
bool sim_aio_is_wait_for(const SimCo *co);
/* Whether a future is gather()'s outer future. */
bool sim_aio_is_gather(const SimFuture *f);
/* The children of gather()'s outer future f (borrowed), and how many; 0
 * when f is not one. */
int sim_aio_gather_children(const SimFuture *f, SimFuture *const **children);
SimTask *sim_aio_wait_for_inner(const SimCo *co);
/* 3.11: the item wait_for's inner get() task has already taken (it will
 * return it, even if the caller is cancelled meanwhile), or NULL. */
const SimValue *sim_aio_wait_for_taken(const SimCo *co);
double sim_aio_wait_for_timeout(const SimCo *co);

/* Callback names for debugging traces (vclock's words), or NULL. */
const char *sim_aio_callback_name(SimCallbackFn fn);

#endif
