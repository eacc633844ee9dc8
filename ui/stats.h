/* stats.h - what a run did, in numbers and over time, from its trace.
 *
 * A pure collector: feed it every SimTraceEvent of a run (it is a trace
 * sink) and, at the end, the run's end time; it never looks at the sim's
 * state, so the same events always give the same numbers. `--stats` and
 * `--timeline` print it (ui_stats_write_summary, ui_stats_write_timeline)
 * and the dashboard can read the same rows, samples and segments.
 *
 * The definitions, chosen to be simple and to match what a student sees:
 *  - A task's state over time comes from its events. TASK_WAIT says what it
 *    waits on; its next event of its own (a put, a get, a print, task_done,
 *    the end) means it runs again. No virtual time passes while a task runs,
 *    so "running/ready" shows only where a run stops with a task ready.
 *  - Processing: a task that takes an item that is not None with get() holds
 *    it until it calls task_done(), waits on something that is not a sleep
 *    (get, put, join, ...), takes another item, or ends. Sleeping while
 *    holding an item is "processing"; the time from the get to the end of
 *    the hold is busy time. An item counts as processed when the hold ends
 *    in any of those ways except being cancelled (or raising) mid-item; so
 *    None stop signals are not items, the forget-task-done mistake still
 *    processes its items, and in `retry` each attempt counts (the worker
 *    task_done()s a failed attempt and puts a new item).
 *  - Workers: the tasks of role SCN_ROLE_WORKER, and any other task that
 *    took an item (main consumes inline in `priority` and `lifo`).
 *  - Wait in the queue: from an item's put to its get. The collector keeps
 *    a twin of the queue's order (a FIFO, a stack, or Python's heapq with
 *    the same comparisons), so the item a get returns is matched exactly;
 *    should the twin ever disagree, it falls back to the newest (LIFO) or
 *    oldest (others) equal item by sim_value_eq. None items are not counted.
 *  - Blocked in put() (backpressure): from a task's TASK_WAIT on put to its
 *    next event of its own.
 *  - Queue depth: qsize after every put, get and shutdown, from qsize 0 at
 *    time 0; the average is over virtual time.
 *
 * Tasks are told apart by their SimTask: only ui_stats_feed looks at an
 * event's task, while the event is delivered; names and roles are copied,
 * so the numbers outlive the run. (A program task lives as long as its run,
 * so its address is never reused for another task mid-run.) asyncio's
 * hidden helper tasks (3.11's wait_for) count as the task they work for.
 */
#ifndef AQSIM_UI_STATS_H
#define AQSIM_UI_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "scenarios/run.h"
#include "sim/queue.h"
#include "sim/trace.h"

typedef struct UiStats UiStats;

/* X(id, timeline character, words) -- a task's states over time; the
 * character is what --timeline draws for a slice spent mostly in it. */
#define UI_STATS_STATES(X)                                                   \
    X(NOT_STARTED, ' ', "not started")                                       \
    X(READY, '=', "running/ready")                                           \
    X(PROCESSING, '#', "processing")                                         \
    X(SLEEPING, 'z', "sleeping")                                             \
    X(BLOCKED_PUT, 'P', "blocked in put()")                                  \
    X(WAIT_GET, '.', "waiting in get()")                                     \
    X(WAIT_JOIN, 'j', "waiting in join()")                                   \
    X(WAITING, 'w', "waiting (gather, event, task)")                         \
    X(DONE, ' ', "done")                                                     \
    X(CANCELLED, ' ', "cancelled")                                           \
    X(FAILED, ' ', "raised")

typedef enum {
#define UI_STATS_STATE_ENUM(id, ch, words) UI_STATS_##id,
    UI_STATS_STATES(UI_STATS_STATE_ENUM)
#undef UI_STATS_STATE_ENUM
        UI_STATS_STATE_COUNT
} UiStatsState;

/* A task entered `state` at `start`; it lasts until the next segment's
 * start, or the end of the run for the last one. */
typedef struct {
    double start;
    UiStatsState state;
} UiStatsSegment;

/* One worker's row. */
typedef struct {
    const char *name;
    int role;       /* ScnRole */
    long items;     /* items processed */
    double busy;    /* seconds holding an item, cut-short items included */
    double busy_pct;/* busy over the run's elapsed time, 0..100 (0 if none passed) */
    double avg;     /* processing time of a processed item, on average (0 if none) */
} UiStatsWorker;

/* The queue's size after a put, get or shutdown. */
typedef struct {
    double time;
    int qsize;
} UiStatsDepth;

/* The run as a whole. */
typedef struct {
    double elapsed;     /* virtual seconds, 0 to the end */
    long items;         /* items processed by all workers */
    double throughput;  /* items per virtual second (0 if no time passed) */
    int depth_max;
    double depth_avg;   /* over virtual time (the samples' mean if none passed) */
    long waited;        /* items with a known wait in the queue */
    double wait_avg, wait_max;
    long requeued;      /* puts made by a worker: retry's re-queues, each
                           also an item when a worker gets it again */
    double blocked;     /* seconds tasks spent blocked in put(), all tasks */
} UiStatsTotals;

/* A collector for a queue of the given kind (its order decides which put
 * a get matches). */
UiStats *ui_stats_new(SimQueueKind kind);
void ui_stats_free(UiStats *s);
/* Take one event, in order. */
void ui_stats_feed(UiStats *s, const SimTraceEvent *ev);
/* The same, shaped as SimSinks.trace (ctx is the UiStats). */
void ui_stats_trace_sink(void *ctx, const SimTraceEvent *ev);
/* The run is over at virtual time `end` (at least the last event's time).
 * Before this, the accessors count open intervals up to the last event. */
void ui_stats_end(UiStats *s, double end);

/* The time the numbers run to: the end, or the last event's time. */
double ui_stats_now(const UiStats *s);
void ui_stats_totals(const UiStats *s, UiStatsTotals *out);

/* The program's tasks in creation order. */
size_t ui_stats_task_count(const UiStats *s);
const char *ui_stats_task_name(const UiStats *s, size_t i);
int ui_stats_task_role(const UiStats *s, size_t i);
/* Seconds task i spent in a state so far. */
double ui_stats_task_time(const UiStats *s, size_t i, UiStatsState state);
/* Task i's segments (at least one, starting when it first ran). */
size_t ui_stats_segments(const UiStats *s, size_t i, const UiStatsSegment **out);

/* Workers (see the top of this file), in creation order. */
size_t ui_stats_worker_count(const UiStats *s);
void ui_stats_worker_at(const UiStats *s, size_t i, UiStatsWorker *out);

/* The depth samples, the first being (0, 0); past about 260,000, a
 * long run's are merged in pairs (each the mean of the two), as its
 * segments are past about 520,000: totals stay exact. */
size_t ui_stats_depth_samples(const UiStats *s, const UiStatsDepth **out);

/* The depth over time in `width` columns, each the average depth over its
 * slice of 0..now, scaled to the run's maximum: ▁▂▃▄▅▆▇█ or, for ASCII,
 * " .:-=+*#" (any time spent non-empty shows at least the second level; a
 * depth that lasted no virtual time does not show).
 * With no virtual time passed, one column per sample instead. Writes a
 * NUL-terminated string; returns the columns written. */
size_t ui_stats_sparkline(const UiStats *s, int width, bool utf8, char *buf, size_t size);

char ui_stats_state_char(UiStatsState st);
const char *ui_stats_state_name(UiStatsState st);

/* The plain-text summary: a table of the workers, then throughput, queue
 * depth (and its sparkline), wait in the queue and time blocked in put().
 * run (may be NULL) adds the scenario, maxsize and a deadlock note. */
void ui_stats_write_summary(const UiStats *s, const ScnRun *run, bool utf8, FILE *out);

/* A header (the scenario when run is not NULL, the time span, the time a
 * column stands for), one row per task over virtual time 0..now, a time
 * axis and a legend of the characters used; every line exactly `width`
 * columns (at least 40), padded with blanks. A row is a name column (cut
 * to 16) and a bar whose every character is the state that took most of
 * its slice of time (see UI_STATS_STATES; ties go to the state that says
 * more about the queue). utf8 draws the frame with box-drawing characters.
 * With no virtual time passed each bar shows the task's last state. */
void ui_stats_write_timeline(const UiStats *s, const ScnRun *run, int width, bool utf8, FILE *out);

/* A time axis over [0, end] drawn barw columns wide: the spacing of its
 * ticks, a round time (1, 2 or 5 times a power of ten) far enough apart
 * for the labels, with *prec the decimals a label needs; and the column of
 * tick k, or -1 past the end. The --timeline text and the dashboard's
 * timeline share them, so their axes agree. */
double ui_stats_axis_step(double end, int barw, int *prec);
int ui_stats_tick_column(double step, long k, double end, int barw);

#endif
