/* event.h - asyncio.Event.
 *
 * set() resolves every waiting future in FIFO order; each waiter resumes a
 * callback later. wait() on a set event returns without suspending. Queue
 * uses one as its `_finished` flag behind join().
 */
#ifndef AQSIM_SIM_EVENT_H
#define AQSIM_SIM_EVENT_H

#include <stdbool.h>

#include "coro.h"
#include "loop.h"

typedef struct SimEvent SimEvent;

/* asyncio.Event(); the caller owns the reference (sim_obj_unref). */
SimEvent *sim_event_new(SimLoop *loop);
/* Name the event so that set() is reported as a trace event (the
 * program's own Events; Queue's internal one stays quiet). */
void sim_event_set_name(SimEvent *e, const char *name);
bool sim_event_is_set(const SimEvent *e);
/* set(): wake every waiter. */
void sim_event_set(SimEvent *e);
void sim_event_clear(SimEvent *e);
/* `await event.wait()`. */
SimAwaitable sim_event_wait(SimEvent *e);

#endif
