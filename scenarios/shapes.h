/* shapes.h - the coroutine shapes the tutorial's programs share.
 *
 * Most programs are "a producer loop" and "a worker loop" that differ only
 * in what they print, how long they sleep and what they do with an item.
 * Each shape is written once here; a scenario fills in a spec with its
 * Python line numbers and small hooks for the differences.
 */
#ifndef AQSIM_SCENARIOS_SHAPES_H
#define AQSIM_SCENARIOS_SHAPES_H

#include <stdbool.h>

#include "scenarios/run.h"
#include "sim/coro.h"

/* ---- for i in range(n): [await sleep(d)]; await queue.put(x); [print] ---- */

typedef struct ScnProducer ScnProducer;

typedef struct {
    const char *name;  /* the Python function: "producer", "fast_producer" */
    int line_sleep;    /* `await asyncio.sleep(...)` before each put; 0: none */
    int line_put;      /* `await queue.put(...)` */
    int line_sentinel; /* `await queue.put(None)` once per worker after the
                          loop; 0: none */
    long (*count)(ScnRun *run);       /* how many items */
    double (*delay)(ScnProducer *p);  /* the sleep before put i */
    SimValue (*item)(ScnProducer *p); /* item i */
    void (*after_put)(ScnProducer *p);
    void (*after_all)(ScnProducer *p);
} ScnProducerSpec;

struct ScnProducer {
    SimCo co;
    ScnRun *run;
    const ScnProducerSpec *spec;
    long i, n;
    int k;
};

/* The producer coroutine (a task's, or awaited inline by main). */
SimCo *scn_producer_new(ScnRun *run, const ScnProducerSpec *spec);

/* ---- while True: item = await queue.get(); ...; await sleep(w); task_done() ---- */

typedef struct ScnWorker ScnWorker;

typedef struct {
    const char *name; /* the Python function: "worker", "consumer" */
    int line_get;     /* `item = await queue.get()` */
    int line_sleep;   /* the processing sleep */
    bool until_empty; /* `while not queue.empty():` instead of `while True:` */
    /* After get(): false ends the loop (the item was a stop signal). */
    bool (*on_item)(ScnWorker *w);
    /* Before the sleep: set w->work, print "processing". */
    void (*before_sleep)(ScnWorker *w);
    /* After the sleep, before task_done(). */
    void (*after_sleep)(ScnWorker *w);
    /* After task_done(). */
    void (*after_done)(ScnWorker *w);
} ScnWorkerSpec;

struct ScnWorker {
    SimCo co;
    ScnRun *run;
    const ScnWorkerSpec *spec;
    int index;     /* 0-based position among the workers */
    char name[24]; /* the name the program prints */
    SimValue item;
    double work;   /* the processing sleep */
    double start;  /* perf_counter() when processing began */
};

SimCo *scn_worker_new(ScnRun *run, const ScnWorkerSpec *spec, int index, const char *name);

/* ---- the graceful-shutdown pair (tutorial section 6 and its 3.13 form) ---- */

typedef struct {
    int line_put;   /* `await queue.put(f"item-{i}")` */
    int line_sleep; /* `await asyncio.sleep(0.3)` */
    bool use_event; /* `while not shutdown.is_set():` (else `while True:`) */
} ScnTickerSpec;

/* i = 0; while ...: put item-i; print; i += 1; sleep 0.3 */
SimCo *scn_ticker_new(ScnRun *run, const ScnTickerSpec *spec);

typedef struct {
    int line_get;   /* the get (inside wait_for, or plain) */
    int line_sleep; /* `await asyncio.sleep(0.5)` */
    /* true: `await asyncio.wait_for(queue.get(), timeout)`, leaving on a
     * timeout once the Event is set; false: `await queue.get()`, leaving
     * on QueueShutDown. */
    bool wait_for_event;
} ScnStoppableSpec;

SimCo *scn_stoppable_new(ScnRun *run, const ScnStoppableSpec *spec, int index, const char *name);

#endif
