/* narrate.h - captions at teaching moments.
 *
 * A narrator watches a run's trace events and recognises the moments a
 * teacher would stop at: the first producer blocked on a full queue, a
 * blocked putter released by a get, join() waiting and returning, a worker
 * cancelled while holding an item, ... Each moment has a caption, written
 * per scenario in one table in narrate.c, naming the Python call involved.
 */
#ifndef AQSIM_UI_NARRATE_H
#define AQSIM_UI_NARRATE_H

#include <stdbool.h>
#include <stddef.h>

#include "scenarios/run.h"
#include "sim/trace.h"

/* X(id, once) -- once: only the first time in a run is a teaching moment. */
#define UI_MOMENTS(X)        \
    X(PUT_BLOCKED, true)     \
    X(PUTTER_RELEASED, true) \
    X(PUTTER_WOKEN_FULL, true) \
    X(RAN_AHEAD, true)       \
    X(JOIN_WAITS, true)      \
    X(JOIN_RETURNS, true)    \
    X(IDLE_GET, true)        \
    X(STOP_SIGNAL, true)     \
    X(CANCEL_IDLE, true)     \
    X(INNER_GET, true)       \
    X(CANCEL_HOLDING, false) \
    X(CANCEL_HOLDING_GATHER, false) \
    X(PRIORITY_OVERTAKE, true) \
    X(PRIORITY_TIE, true)    \
    X(LIFO_NEWEST, true)     \
    X(SHUTDOWN_SET, true)    \
    X(WORKER_EXIT, false)    \
    X(TIMEOUT, true)         \
    X(RETRY_REQUEUE, true)   \
    X(QUEUE_SHUTDOWN, true)  \
    X(QUEUE_SHUTDOWN_IMMEDIATE, true) \
    X(LIVE_CHANGE, false)    \
    X(DEADLOCK, true)

typedef enum {
#define UI_MOMENT_ENUM(id, once) UI_MOMENT_##id,
    UI_MOMENTS(UI_MOMENT_ENUM)
#undef UI_MOMENT_ENUM
        UI_MOMENT_COUNT
} UiMoment;

typedef struct UiNarrator UiNarrator;

UiNarrator *ui_narrator_new(void);
void ui_narrator_free(UiNarrator *n);
/* Forget everything (a new run). */
void ui_narrator_reset(UiNarrator *n);
/* A new callback begins: if it holds several moments, the first one's
 * caption is the one shown. */
void ui_narrator_begin_step(UiNarrator *n);
/* Feed one trace event; the run is read for context (queue, tasks). True
 * when the event is a teaching moment (the caption changed). */
bool ui_narrator_event(UiNarrator *n, ScnRun *run, const SimTraceEvent *ev);
/* The run ended in a deadlock. */
bool ui_narrator_deadlock(UiNarrator *n, ScnRun *run);
/* The latest caption ("" before the first moment) and its moment. */
const char *ui_narrator_caption(const UiNarrator *n);
UiMoment ui_narrator_moment(const UiNarrator *n);
/* Teaching moments seen so far in this run. */
size_t ui_narrator_count(const UiNarrator *n);
/* The caption template for a moment in a scenario (for tests). */
const char *ui_narrator_template(const Scenario *s, UiMoment m);

#endif
