/* scenario.h - the tutorial's programs as scripted coroutines.
 *
 * A Scenario is one program of the tutorial: its parameters (the program's
 * constants, turned into flags), the Python source it mirrors, a summary
 * and a teaching note, and a start() that creates its queue and its main
 * coroutine. A ScnRun is one execution of a scenario: a sim loop running
 * asyncio.run(main()) with given parameters, seed and Python version, plus
 * the live changes the dashboard can make.
 */
#ifndef AQSIM_SCENARIOS_SCENARIO_H
#define AQSIM_SCENARIOS_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/event.h"
#include "sim/loop.h"
#include "sim/queue.h"
#include "sim/runner.h"
#include "sim/task.h"

/* X(id, flag, is_int, min, max, help) -- the parameters any scenario may
 * take; each scenario says which and with what default. */
#define SCN_PARAMS(X)                                                                         \
    X(ITEMS, "items", 1, 0, 10000000, "number of items produced")                              \
    X(MAXSIZE, "maxsize", 1, 0, 1000000, "queue maxsize (0 = unbounded)")                      \
    X(WORKERS, "workers", 1, 1, 10000, "number of workers/consumers")                          \
    X(SHUTDOWN_AT, "shutdown-at", 0, 0, 1000000, "seconds until the shutdown signal")         \
    X(TIMEOUT, "timeout", 0, 0.001, 1000000, "wait_for timeout in seconds")                    \
    X(IMMEDIATE, "immediate", 1, 0, 1, "queue.shutdown(immediate=True): drop queued items")

typedef enum {
#define SCN_PARAM_ENUM(id, flag, is_int, lo, hi, help) SCN_PARAM_##id,
    SCN_PARAMS(SCN_PARAM_ENUM)
#undef SCN_PARAM_ENUM
        SCN_PARAM_COUNT
} ScnParamId;

typedef struct {
    const char *flag; /* without the leading "--" */
    bool is_int;
    double min, max;
    const char *help;
} ScnParamInfo;

const ScnParamInfo *scn_param_info(ScnParamId id);

/* X(id, name, what goes wrong) -- the classic asyncio mistakes a scenario
 * can be switched into, to show their effect. */
#define SCN_MISTAKES(X)                                                                      \
    X(FORGET_TASK_DONE, "forget-task-done",                                                  \
      "the worker never calls task_done(): join() waits for ever")                           \
    X(FEWER_SENTINELS, "fewer-sentinels",                                                    \
      "one stop signal fewer than consumers: a consumer waits in get() for ever")            \
    X(UNBOUNDED, "unbounded",                                                                \
      "no maxsize: nothing holds the producer back; the queue grows whenever the "          \
      "consumers fall behind")                                                               \
    X(CANCEL_BEFORE_JOIN, "cancel-before-join",                                              \
      "the workers are cancelled before join(): items still queued are never task_done()")   \
    X(GATHER_WORKERS, "gather-workers",                                                      \
      "main awaits gather(*workers) instead of join(): the workers loop for ever, so "        \
      "gather() never returns")

typedef enum {
#define SCN_MISTAKE_ENUM(id, name, what) SCN_MISTAKE_##id,
    SCN_MISTAKES(SCN_MISTAKE_ENUM)
#undef SCN_MISTAKE_ENUM
        SCN_MISTAKE_COUNT
} ScnMistake;

const char *scn_mistake_name(ScnMistake m);
const char *scn_mistake_what(ScnMistake m);
/* By name; false when there is no such mistake. */
bool scn_mistake_parse(const char *name, ScnMistake *out);

/* Parameter values (ints are stored exactly in the doubles) and the
 * mistakes switched on (bits 1u << ScnMistake). */
typedef struct {
    double v[SCN_PARAM_COUNT];
    unsigned mistakes;
} ScnParams;

/* Which tasks the dashboard draws where. */
typedef enum {
    SCN_ROLE_MAIN,
    SCN_ROLE_PRODUCER,
    SCN_ROLE_WORKER,
    SCN_ROLE_TRIGGER, /* shutdown's trigger_shutdown() */
    SCN_ROLE_HELPER
} ScnRole;

typedef struct ScnRun ScnRun;

/* A Python source line the sim names in an await, and text that must be on
 * it (checked by the tests, so the line numbers cannot drift). */
typedef struct {
    int line;
    const char *text;
} ScnLineCheck;

typedef struct Scenario {
    const char *name;    /* "worker-pool" */
    const char *section; /* the tutorial's section, "3" */
    const char *title;   /* the section's title */
    const char *summary; /* one line */
    const char *note;    /* what to watch for */
    SimQueueKind queue_kind;
    unsigned params;     /* bit (1u << ScnParamId) for each flag it takes */
    double defaults[SCN_PARAM_COUNT];
    SimPyVersion min_version;
    bool has_shutdown_event; /* the `s` key sets it */
    unsigned mistakes;       /* bits (1u << ScnMistake) it can be switched into */
    /* The Python source as the tutorial shows it, one string per line, with
     * {items}, {maxsize}, ... where the parameter values go. */
    const char *const *source;
    size_t source_lines;
    const ScnLineCheck *line_checks;
    size_t nline_checks;
    /* Create the queue, the main coroutine and whatever else the program
     * makes before asyncio.run; returns main's coroutine. */
    SimCo *(*start)(ScnRun *run);
    /* Live "add a worker": the coroutine of one more worker with the given
     * 0-based index, or NULL when the scenario has no workers. */
    SimCo *(*new_worker)(ScnRun *run, int index);
    /* Name of the worker with the given index ("W0", "worker-1"). */
    void (*worker_name)(int index, char *buf, size_t size);
} Scenario;

/* ---- the registry ---- */

size_t scn_count(void);
const Scenario *scn_at(size_t i);
/* NULL when no scenario has that name. */
const Scenario *scn_find(const char *name);
bool scn_takes(const Scenario *s, ScnParamId id);
/* "--maxsize 3", or "--immediate (off)" for a switch: a flag and its
 * default, as --list and the picker show them. */
void scn_param_default_text(const Scenario *s, ScnParamId id, char *buf, size_t size);
/* Whether a run has a mistake switched on. */
bool scn_has_mistake(const ScnParams *p, ScnMistake m);
/* The defaults of a scenario as a parameter set. */
ScnParams scn_defaults(const Scenario *s);

/* The valid range in words: "an integer from 0 to 1000000". */
size_t scn_param_range(ScnParamId id, char *buf, size_t size);
/* Check a value for a parameter: NULL if fine, else a message naming the
 * flag and its range (static storage). */
const char *scn_param_check(ScnParamId id, double value);

/* Check the parameters together: NULL if fine, else a message (static
 * storage). In range one by one, some sets are still more than a run can
 * show: consumers polling get() every millisecond for a million seconds. */
const char *scn_params_check(const Scenario *s, const ScnParams *p);

/* The source with the parameter values in place: line i (0-based) of the
 * rendered text into buf. Returns the length written. */
size_t scn_source_line(const Scenario *s, const ScnParams *p, size_t i, char *buf, size_t size);

#endif
