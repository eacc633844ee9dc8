/* runner.h - asyncio.run(main()), one callback at a time.
 *
 * asyncio.run creates the main task, runs the loop until it is done, then
 * cancels whatever tasks are left and runs the loop until they are gone,
 * then runs shutdown_asyncgens() and shutdown_default_executor(), each as a
 * task of its own. The runner steps through all of that, so the callbacks a
 * leftover task runs while being cancelled are part of the run.
 *
 * One difference from CPython: asyncio cancels leftover tasks in the order
 * of a set of task objects hashed by address; the sim cancels them in
 * creation order. (The tutorial's programs never leave a task behind.)
 */
#ifndef AQSIM_SIM_RUNNER_H
#define AQSIM_SIM_RUNNER_H

#include <stdbool.h>

#include "coro.h"
#include "loop.h"
#include "task.h"

typedef struct SimRunner SimRunner;

typedef enum {
    SIM_RUN_RUNNING,  /* one callback ran; more to come */
    SIM_RUN_FINISHED, /* asyncio.run returned */
    SIM_RUN_DEADLOCK  /* nothing ready, no timer, main not done */
} SimRunStatus;

/* asyncio.run(main): creates the main task (Task-1 in a fresh loop).
 * Takes ownership of the coroutine. */
SimRunner *sim_runner_new(SimLoop *loop, SimCo *main_coro, const char *name);
void sim_runner_free(SimRunner *r);
/* Run one callback. */
SimRunStatus sim_runner_step(SimRunner *r);
/* The status of the last step without running anything. */
SimRunStatus sim_runner_status(const SimRunner *r);
SimTask *sim_runner_main_task(const SimRunner *r);
/* After a change from outside the program (a live change) in a deadlocked
 * run: if a callback is now ready, the run goes on. */
void sim_runner_revive(SimRunner *r);
/* When the next callback will run: now if one is ready, else the earliest
 * timer's deadline. False when the run is over (finished or deadlocked). */
bool sim_runner_next_time(const SimRunner *r, double *when);
/* True once main() has returned (or raised) and the loop has stopped. */
bool sim_runner_main_finished(const SimRunner *r);

#endif
