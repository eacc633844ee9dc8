/* model.h - the dashboard's state, without a terminal.
 *
 * The model owns a scenario run and everything the user did to it: where
 * they stand (a list of positions, one per visible event), the live changes
 * they made (with the step at which each was made), play/pause and speed.
 * Stepping back rebuilds the run from its inputs and replays it to the
 * previous position; because a run is a pure function of its inputs, the
 * user cannot tell. Everything here is testable without curses.
 */
#ifndef AQSIM_UI_MODEL_H
#define AQSIM_UI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenarios/run.h"

typedef struct UiModel UiModel;

typedef struct {
    const Scenario *scenario;
    ScnParams params;
    char seed[4400]; /* a Python int literal */
    bool lesson;     /* start in lesson mode (--lesson, --big) */
    SimPyVersion version;
} UiSetup;

/* Speeds the +/- keys step through (virtual seconds per wall second). */
#define UI_SPEEDS {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0}

UiModel *ui_model_new(const UiSetup *setup);
void ui_model_free(UiModel *m);

/* r: the same scenario and parameters from the start, live changes
 * forgotten (a replayed session's come back). */
void ui_model_restart(UiModel *m);
/* Tab/1-9: another scenario with its defaults (seed and version kept). */
void ui_model_set_scenario(UiModel *m, const Scenario *s);
/* v: reproduce another CPython version: the run is rebuilt from the start
 * with the same inputs and taken to the same virtual time (as far as it
 * goes). */
void ui_model_set_version(UiModel *m, SimPyVersion v);
/* n: run to the next visible event (or apply the next recorded input).
 * False when the run is over. */
bool ui_model_step(UiModel *m);
/* b: back to the previous position. False at the start. */
bool ui_model_step_back(UiModel *m);
/* Go to a position (0 = start): as far as the run goes, and at most
 * UI_MODEL_SEEK_STEPS steps past the furthest position known; true when it
 * got there. */
bool ui_model_seek(UiModel *m, size_t position);

void ui_model_set_playing(UiModel *m, bool playing);
bool ui_model_playing(const UiModel *m);
/* +/-: next speed up or down. */
void ui_model_faster(UiModel *m);
void ui_model_slower(UiModel *m);
double ui_model_speed(const UiModel *m);
/* While playing: let wall_seconds of real time pass. */
void ui_model_advance(UiModel *m, double wall_seconds);

/* A live change, applied now and recorded at the current step. */
bool ui_model_live(UiModel *m, ScnLiveKind kind, long arg);
/* How many later recorded changes (a replayed session's, or ones made
 * before stepping back) the last live change replaced. */
size_t ui_model_dropped_inputs(const UiModel *m);

/* ---- reading ---- */

ScnRun *ui_model_run(const UiModel *m);
const UiSetup *ui_model_setup(const UiModel *m);
/* The clock to show: the simulated time, or ahead of it while playing. */
double ui_model_time(const UiModel *m);
/* What went through the queue in the step just shown, when it was more
 * than one put or get: a step that puts and gets several items leaves
 * nothing in the queue to see, so this says what it did. In full
 * ("put old-1 old-2, get old-2 old-1"), by the first and last item of each
 * run ("put 2: old-1..old-2", for where that does not fit), or by counts
 * alone ("put 2, get 2"). Written into buf ("" for fewer than two); false
 * when it did not fit whole. */
typedef enum { UI_FLOW_ITEMS, UI_FLOW_ENDS, UI_FLOW_COUNTS } UiFlowDetail;
bool ui_model_step_flow(const UiModel *m, UiFlowDetail d, char *buf, size_t size);
/* Index of the current position (0 = the start). */
size_t ui_model_position(const UiModel *m);
/* The step shown to the user: loop callbacks run so far, the count that
 * --trace jsonl and session files use (a position can run several: the
 * callbacks that show nothing go with the next one that does). */
uint64_t ui_model_step_number(const UiModel *m);
/* True once asyncio.run has returned, or the program deadlocked. */
bool ui_model_finished(const UiModel *m);
bool ui_model_deadlocked(const UiModel *m);
/* The lines the program printed so far (the last one may be partial). */
size_t ui_model_line_count(const UiModel *m);
const char *ui_model_line(const UiModel *m, size_t i);
/* The longest of them, in bytes. */
size_t ui_model_widest_line(const UiModel *m);
/* A one-line message for the user (what a key did, or why it did not). */
const char *ui_model_status(const UiModel *m);
void ui_model_set_status(UiModel *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The run's numbers and timelines so far (ui/stats.h). */
struct UiStats;
const struct UiStats *ui_model_stats(const UiModel *m);
/* The same run (setup and live changes) taken to its end, for a timeline
 * of the whole run; *end gets its last virtual time, *complete whether the
 * program ended (a seek goes UI_MODEL_SEEK_STEPS steps, or as far as m has
 * gone if that is further). Cached until the setup or the inputs change. */
const struct UiStats *ui_model_whole_stats(UiModel *m, double *end, bool *complete);
/* How far one seek to the end goes at most: a program that never ends (a
 * live change can make one) or a very long run must not freeze the screen. */
#define UI_MODEL_SEEK_STEPS 100000
/* Scrubbing: to the state at virtual time t, as playing would show it:
 * the last position at or before t (within a nanosecond: the event shown
 * as t=3.50 may be at 3.4999999999999996), the clock at t; at most
 * UI_MODEL_SEEK_STEPS steps on; false when the run ends before t or the
 * seek stopped short. */
bool ui_model_seek_time(UiModel *m, double t);
/* To the first position at or after step (a step number as shown), at
 * most UI_MODEL_SEEK_STEPS positions on; false when the run ends before it
 * or the seek stopped short. */
bool ui_model_seek_step(UiModel *m, uint64_t step);
/* Towards the end of the run, at most UI_MODEL_SEEK_STEPS steps on (true
 * when the program has ended). */
bool ui_model_seek_end(UiModel *m);
/* Positions known so far (the furthest the run has been taken). */
size_t ui_model_position_count(const UiModel *m);
/* The latest teaching-moment caption ("" before the first), whether the
 * last callback was such a moment, and how many there were in this run. */
const char *ui_model_caption(const UiModel *m);
bool ui_model_at_moment(const UiModel *m);
/* Whether the caption was made by the step just shown (else it is older:
 * *when is the virtual time it was made at). */
bool ui_model_caption_is_fresh(const UiModel *m, double *when);
/* Loop callbacks run since the caption was made. */
uint64_t ui_model_caption_age(const UiModel *m);
/* The task whose step showed last (for the code pane's focus), or NULL. */
const SimTask *ui_model_last_task(const UiModel *m);
size_t ui_model_moments(const UiModel *m);
/* Teaching moments as the user sees them happen (stepping, playing, live
 * changes; not replays), for the asciicast's markers: how many so far, and
 * the caption of mark number i, if it is among the last UI_MODEL_MARKS. */
#define UI_MODEL_MARKS 32
uint64_t ui_model_mark_count(const UiModel *m);
const char *ui_model_mark(const UiModel *m, uint64_t i);
/* l: lesson mode pauses playing at every teaching moment. */
void ui_model_set_lesson(UiModel *m, bool on);
bool ui_model_lesson(const UiModel *m);
/* x: restart with these mistakes switched on (bits of ScnMistake). */
void ui_model_set_mistakes(UiModel *m, unsigned mistakes);
/* What the next step does, found by taking it and stepping back (the user
 * sees nothing): for predict-then-reveal questions. */
typedef struct {
    bool ok;                 /* false: the run is over */
    char task[48];           /* the first program task that acts */
    int puts, gets;          /* the items the step puts and gets */
    long qsize_before, qsize_after;
    bool getter_waiting;     /* a task waited in get() before the step */
    bool join_waiting;       /* someone waits in join() before the step */
    bool join_returns;       /* ... and not after it */
    long unfinished_after;
    int state_after;         /* that task's SimTaskState after the step; -1
                                when it is not plainly that (3.11's wait_for
                                with its get() task not done) */
    bool timeout_after;      /* ... waiting inside wait_for(timeout=) */
    char caption[400];       /* the caption of a teaching moment it hits */
} UiPeek;

void ui_model_peek(UiModel *m, UiPeek *out);
/* A short label for an item, as every panel and caption shows it:
 * "item-3", "5:req-A" (a tuple), "p1 critical-alert" (a record). */
void ui_model_item_label(const SimValue *v, char *buf, size_t size);
/* A recorded session's live changes (--replay): the run starts afresh and
 * each change is applied when the run reaches its step; r restarts the
 * session with them (another scenario forgets them). */
void ui_model_load_inputs(UiModel *m, const ScnLive *inputs, size_t n);
/* Whether the next n applies a recorded live change, at this very step. */
bool ui_model_change_due(const UiModel *m);
/* Live changes recorded so far. */
size_t ui_model_input_count(const UiModel *m);
/* Live changes made in this session that a restart would forget (a
 * replayed session's own changes come back on restart: they do not count). */
bool ui_model_has_own_changes(const UiModel *m);
const ScnLive *ui_model_input(const UiModel *m, size_t i);

#endif
