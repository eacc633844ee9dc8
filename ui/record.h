/* record.h - a session's inputs as a small text file, to save and replay.
 *
 * A run is a pure function of its inputs (scenario, parameters, mistakes,
 * seed, Python version, and the live changes with the loop step at which
 * each was made), so a file holding just those replays a dashboard session
 * exactly. The format is line-based text a teacher can read and edit by
 * hand to prepare a demo; doc/replay-format.md describes it:
 *
 *     # aqsim session 1
 *     scenario backpressure
 *     python 3.11
 *     seed 0
 *     param items 10
 *     param maxsize 3
 *     live 12 t=1.0 maxsize 5
 *     live 30 t=2.5 add-worker
 *
 * Parsing is strict and all-or-nothing: the first problem is reported as
 * one line, "FILE:LINE: reason", and the output is left untouched.
 */
#ifndef AQSIM_UI_RECORD_H
#define AQSIM_UI_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "scenarios/run.h"

/* The format version this aqsim writes and reads (the "N" of the first
 * line, "# aqsim session N"). */
#define UI_RECORD_FORMAT 1
/* Limits that keep a hostile or corrupt file from costing much: */
#define UI_RECORD_MAX_LINE 8192         /* bytes per line, without the newline */
#define UI_RECORD_MAX_INPUTS 100000     /* live lines */
#define UI_RECORD_MAX_FILE (8u << 20)   /* bytes, for ui_record_read_file */

typedef struct UiRecording {
    const Scenario *scenario;
    ScnParams params;   /* every parameter, and the mistakes switched on */
    char seed[4400];    /* a Python int literal, kept as text (Python's 4300 digits) */
    SimPyVersion version;
    ScnLive *inputs;    /* live changes by non-decreasing step (malloc'd) */
    size_t ninputs;
} UiRecording;

/* Write a recording. The "t=" of each live line is the virtual time at
 * which it applies, found by replaying the run up to the last input (so it
 * is always right); retire/cancel lines name the worker in a comment, and
 * an input the run refuses is marked in one. False on a write error. */
bool ui_record_write(FILE *f, const UiRecording *rec);
/* Write a recording to a file (created or replaced); false with errno
 * saying why. */
bool ui_record_write_file(const char *path, const UiRecording *rec);

/* Parse a session from text (NUL-terminated); filename is only used in
 * messages. On success fills *out (free it with ui_record_free). On failure
 * returns false, leaves *out untouched and puts one line (no newline) in
 * err: "FILE:LINE: reason". */
bool ui_record_parse(const char *text, const char *filename, UiRecording *out, char *err,
                     size_t errsize);
/* Read a file (at most UI_RECORD_MAX_FILE bytes, no NUL bytes) and parse
 * it; errors as for ui_record_parse ("FILE: reason" when the file itself
 * cannot be read). */
bool ui_record_read_file(const char *path, UiRecording *out, char *err, size_t errsize);
/* Free the inputs; the recording becomes empty. */
void ui_record_free(UiRecording *rec);

/* The live kinds as the format spells them ("maxsize", "add-worker",
 * "retire-worker", "cancel-worker", "set-shutdown"); "?" if unknown. */
const char *ui_record_live_name(ScnLiveKind kind);

/* Run a recording to the end, applying each input with scn_run_live()
 * right before the callback whose index (sim_loop_steps) equals its step,
 * as the dashboard's model does. An input the run refuses, or whose step
 * the run never reaches, is reported on err (when given) and skipped.
 * Returns the finished run, for the caller to look at (scn_run_status,
 * explain_deadlock, statistics) and free with scn_run_free. */
ScnRun *ui_record_run(const UiRecording *rec, const SimSinks *sinks, FILE *err);
/* ui_record_run printing what the Python program prints to out. Returns
 * the exit status of explain_run_end: 0, 3 when the program deadlocks, 4
 * when main() raised (each reported on err). */
int ui_record_run_headless(const UiRecording *rec, FILE *out, FILE *err);

#endif
