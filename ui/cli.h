/* cli.h - aqsim's command line: what the user asked for.
 *
 * Parsing is separate from running so the tests (and fuzzers) can feed it
 * any argument vector and check the verdict and the one-line message.
 */
#ifndef AQSIM_CLI_H
#define AQSIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "scenarios/scenario.h"
#include "sim/version.h"

#define AQSIM_VERSION "0.1.0"

typedef enum {
    CLI_RUN_DASHBOARD, /* the default: the ncurses dashboard */
    CLI_RUN_HEADLESS,  /* print what the Python program prints */
    CLI_SHOW_HELP,
    CLI_SHOW_VERSION,
    CLI_SHOW_LIST,
    CLI_ERROR          /* message says why; exit status 2 */
} CliAction;

typedef enum { CLI_TRACE_NONE, CLI_TRACE_JSONL } CliTrace;

typedef struct {
    CliAction action;
    const Scenario *scenario; /* NULL: none named (the dashboard's picker) */
    ScnParams params;
    bool given[SCN_PARAM_COUNT]; /* which flags the user gave */
    char seed[4400];             /* a Python int literal (up to Python's 4300 digits) */
    SimPyVersion version;
    CliTrace trace;
    bool python_diff;            /* --python-diff A,B */
    SimPyVersion diff_a, diff_b;
    bool stats;                  /* --stats: a summary after the transcript */
    bool timeline;               /* --timeline: the timeline as text */
    int width;                   /* --width N for --timeline (default 80) */
    const char *record;          /* --record FILE: save the session's inputs */
    const char *replay;          /* --replay FILE: play a recorded session */
    const char *cast;            /* --cast FILE: asciicast v2 of the dashboard */
    const char *export_py;       /* --export-py FILE: the Python program */
    bool big;                    /* --big: projector layout */
    bool lesson;                 /* --lesson: start in lesson mode */
    unsigned mistakes;           /* --mistake NAME (bits of ScnMistake) */
    char message[512];           /* CLI_ERROR: one line, no trailing newline */
} CliOptions;

/* Parse argv (argv[0] is the program name). Never exits, never prints. */
void cli_parse(int argc, char **argv, CliOptions *out);
/* The --help text. */
void cli_usage(FILE *out);
/* The --list text; default_version is what runs without --python. Only
 * one scenario's entry when only is not NULL (aqsim --list SCENARIO). */
void cli_list(FILE *out, SimPyVersion default_version, const Scenario *only);

/* An argument (a value, a file name) as a one-line message shows it:
 * control bytes (C0, DEL, C1) and bytes that are not UTF-8 as \xNN, and
 * cut with "..." past about 90 bytes. The text
 * lives in one of four rotating buffers. */
const char *cli_shown(const char *arg);

#endif
