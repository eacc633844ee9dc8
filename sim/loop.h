/* loop.h - asyncio's BaseEventLoop under a virtual clock.
 *
 * The loop is the twin of CPython's: a FIFO of ready callbacks and a heapq
 * of timers compared by deadline alone. It runs like _run_once, one pass at
 * a time (drop cancelled timers at the head, jump the clock to the earliest
 * timer when nothing is ready, move every timer due within 1e-9 s to the
 * ready FIFO, then run exactly the callbacks that were ready at that point),
 * but it hands control back after every single callback: one sim step is one
 * callback, so the dashboard can pause and rewind anywhere.
 *
 * The loop also holds the program-wide state a Python process would: the
 * clock, the `random` generator, the Task-N counter, and where print() goes.
 */
#ifndef AQSIM_SIM_LOOP_H
#define AQSIM_SIM_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "obj.h"
#include "rng.h"
#include "version.h"

typedef struct SimLoop SimLoop;
typedef struct SimTask SimTask;
typedef struct SimTraceEvent SimTraceEvent;

/* A callback: fn(loop, a, b). The handle holds a reference to a and b. */
typedef void (*SimCallbackFn)(SimLoop *loop, SimObj *a, SimObj *b);

/* A scheduled callback; 0 is no handle. Cancelling a handle that already
 * ran is harmless, as TimerHandle.cancel() is in Python. */
typedef uint64_t SimHandleId;

typedef enum {
    SIM_LOOP_RAN,      /* one callback ran */
    SIM_LOOP_STOPPED,  /* loop.stop() took effect at the end of a pass */
    SIM_LOOP_DEADLOCK  /* nothing ready and no timer: Python would hang */
} SimLoopStatus;

/* Where print() and trace events go; any may be NULL. */
typedef struct {
    void (*print)(void *ctx, const char *text, size_t len);
    void (*trace)(void *ctx, const SimTraceEvent *ev);
    /* Called before each callback runs (for debugging traces). */
    void (*before_callback)(void *ctx, SimLoop *loop, SimCallbackFn fn, SimObj *a, SimObj *b,
                            bool timer, double when);
    void *ctx;
} SimSinks;

/* A new loop at time 0.0 reproducing the given CPython version. */
SimLoop *sim_loop_new(SimPyVersion version);
/* Free the loop and everything still alive in it (pending tasks too). */
void sim_loop_free(SimLoop *loop);

void sim_loop_set_sinks(SimLoop *loop, const SimSinks *sinks);
const SimSinks *sim_loop_sinks(const SimLoop *loop);
SimPyVersion sim_loop_version(const SimLoop *loop);
/* loop.time(): the virtual clock in seconds. */
double sim_loop_time(const SimLoop *loop);
/* The `random` module's generator. */
SimRng *sim_loop_rng(SimLoop *loop);
/* Callbacks run so far. */
uint64_t sim_loop_steps(const SimLoop *loop);
/* Passes of _run_once begun so far. */
uint64_t sim_loop_passes(const SimLoop *loop);
/* Passes in which several timers with the same deadline came due: heapq
 * decides their order by the heap's shape, not by when they were set. */
uint64_t sim_loop_tie_passes(const SimLoop *loop);
/* Ready callbacks and timers (cancelled ones included, as in Python). */
size_t sim_loop_ready_count(const SimLoop *loop);
size_t sim_loop_timer_count(const SimLoop *loop);
/* The earliest live timer's deadline, or false when there is none. */
bool sim_loop_next_timer(const SimLoop *loop, double *when);
/* loop.stop() was called: the loop returns before any timer is due. */
bool sim_loop_stopping(const SimLoop *loop);

/* loop.call_soon(fn, a, b). */
SimHandleId sim_loop_call_soon(SimLoop *loop, SimCallbackFn fn, SimObj *a, SimObj *b);
/* loop.call_at(when, fn, a, b). */
SimHandleId sim_loop_call_at(SimLoop *loop, double when, SimCallbackFn fn, SimObj *a, SimObj *b);
/* loop.call_later(delay, ...): call_at(time() + delay), one addition. */
SimHandleId sim_loop_call_later(SimLoop *loop, double delay, SimCallbackFn fn, SimObj *a,
                                SimObj *b);
/* Handle.cancel(). */
void sim_loop_cancel(SimLoop *loop, SimHandleId h);
/* The deadline of a pending timer handle (for "sleeping until t"), or
 * false when h is not a pending timer. */
bool sim_loop_handle_when(const SimLoop *loop, SimHandleId h, double *when);

/* loop.stop(): the loop stops after the current pass. */
void sim_loop_stop(SimLoop *loop);
/* Run one callback (passes begin as needed). */
SimLoopStatus sim_loop_step(SimLoop *loop);

/* The task whose step is running, or NULL (tasks.current_task()). */
SimTask *sim_loop_current_task(const SimLoop *loop);
void sim_loop_set_current_task(SimLoop *loop, SimTask *task);
/* Next number for a Task-N name (Python's global counter). */
uint32_t sim_loop_next_task_number(SimLoop *loop);

/* print() from the simulated program. */
void sim_loop_print(SimLoop *loop, const char *text, size_t len);
/* printf-style print() (the text should end with "\n" as print adds one). */
void sim_loop_printf(SimLoop *loop, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Send a trace event to the trace sink (step and time are filled in). */
void sim_loop_trace(SimLoop *loop, SimTraceEvent *ev);
bool sim_loop_tracing(const SimLoop *loop);

/* Note that the run went through a version-dependent code path. */
void sim_loop_note_variant(SimLoop *loop, SimVariant v);
/* How often the run went through it. */
uint64_t sim_loop_variant_count(const SimLoop *loop, SimVariant v);

/* Objects: every SimObj is registered with its loop while alive. */
void sim_loop_obj_init(SimLoop *loop, SimObj *obj, const SimObjType *type);
/* The list of live tasks in creation order (asyncio.all_tasks(), but
 * ordered); task.c links and unlinks them. */
SimLink *sim_loop_task_list(SimLoop *loop);

/* Fixed-size memory blocks for coroutine frames and futures, recycled
 * through free lists so the hot path does not call malloc. */
void *sim_loop_alloc(SimLoop *loop, size_t size);
void sim_loop_dealloc(SimLoop *loop, void *p, size_t size);

#endif
