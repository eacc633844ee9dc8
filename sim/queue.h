/* queue.h - asyncio.Queue, PriorityQueue and LifoQueue.
 *
 * The twin of CPython's queues.py, method for method, because the order in
 * which blocked tasks wake is what students watch:
 *  - put_nowait() stores the item and wakes the first not-done getter; the
 *    item stays in the queue until that getter runs and takes it, so a
 *    get() that runs first "steals" it and the woken getter queues again
 *    at the back (Queue._wakeup_next);
 *  - get()/put() loop `while empty()/full()`; a cancelled waiter that had
 *    already been woken passes the wake-up on;
 *  - task_done() below zero is ValueError; join() waits on an Event.
 * 3.13's shutdown() and QueueShutDown are there when the loop's version
 * has them.
 */
#ifndef AQSIM_SIM_QUEUE_H
#define AQSIM_SIM_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

#include "coro.h"
#include "future.h"
#include "loop.h"
#include "value.h"

typedef enum {
    SIM_QUEUE_FIFO,     /* asyncio.Queue: deque append/popleft */
    SIM_QUEUE_LIFO,     /* asyncio.LifoQueue: append/pop */
    SIM_QUEUE_PRIORITY  /* asyncio.PriorityQueue: heappush/heappop */
} SimQueueKind;

typedef struct SimQueue SimQueue;

/* asyncio.Queue(maxsize) of the given kind; maxsize <= 0 is unbounded.
 * The caller owns the reference (sim_obj_unref). */
SimQueue *sim_queue_new(SimLoop *loop, SimQueueKind kind, long maxsize);

/* `await queue.put(item)`; takes ownership of item. */
SimAwaitable sim_queue_put(SimQueue *q, SimValue item);
/* `await queue.get()`. */
SimAwaitable sim_queue_get(SimQueue *q);
/* `await queue.join()`. */
SimAwaitable sim_queue_join(SimQueue *q);
/* put_nowait(): SIM_EXC_NONE, QUEUE_FULL or QUEUE_SHUTDOWN (item released
 * on failure). */
SimExc sim_queue_put_nowait(SimQueue *q, SimValue item);
/* get_nowait(): QUEUE_EMPTY or QUEUE_SHUTDOWN when there is no item. */
SimExc sim_queue_get_nowait(SimQueue *q, SimValue *item);
/* task_done(): SIM_EXC_VALUE when called more often than items were put. */
SimExc sim_queue_task_done(SimQueue *q);
/* shutdown(immediate) (Python 3.13). */
void sim_queue_shutdown(SimQueue *q, bool immediate);

size_t sim_queue_qsize(const SimQueue *q);
bool sim_queue_empty(const SimQueue *q);
bool sim_queue_full(const SimQueue *q);
long sim_queue_maxsize(const SimQueue *q);
SimQueueKind sim_queue_kind(const SimQueue *q);
long sim_queue_unfinished(const SimQueue *q);
bool sim_queue_is_shutdown(const SimQueue *q);
/* Items shutdown(immediate=True) removed without processing. */
long sim_queue_dropped(const SimQueue *q);
/* Live change of maxsize (not something asyncio offers): raising it wakes
 * blocked putters, oldest first, up to the new room; lowering it below
 * qsize keeps the items and blocks further puts. */
void sim_queue_set_maxsize(SimQueue *q, long maxsize);

/* The items in the order get() would return them (heap order for ties).
 * Writes up to max copies into out (release them); returns qsize. */
size_t sim_queue_items(const SimQueue *q, SimValue *out, size_t max);
/* Waiting getters/putters (futures still in the deques, done or not). */
size_t sim_queue_getter_count(const SimQueue *q);
size_t sim_queue_putter_count(const SimQueue *q);
/* Getters/putters still waiting: their futures not yet done. */
size_t sim_queue_getters_waiting(const SimQueue *q);
size_t sim_queue_putters_waiting(const SimQueue *q);
/* The i-th getter/putter future (for finding who waits, in order). */
SimFuture *sim_queue_getter_at(const SimQueue *q, size_t i);
SimFuture *sim_queue_putter_at(const SimQueue *q, size_t i);
/* The queue an awaiting get/put/join frame is about, and the item a put
 * frame carries (NULL otherwise). */
SimQueue *sim_queue_of_frame(const SimCo *co);
const SimValue *sim_queue_frame_item(const SimCo *co);
/* When the program called the get/put/join of this frame: a put() woken
 * while the queue is still full waits again, and has been waiting since
 * then. False for other frames. */
bool sim_queue_frame_called(const SimCo *co, double *when);

#endif
