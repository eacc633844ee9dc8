/* check_record.c - session files (ui/record) and asciicast output
 * (ui/cast): round trips, every refusal with its exact message, replays
 * that match the dashboard's model, and casts checked line by line by a
 * strict JSON parser and a tiny terminal. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/queue.h"
#include "sim/view.h"
#include "tests/suites.h"
#include "tests/testutil.h"
#include "ui/cast.h"
#include "ui/cli.h"
#include "ui/explain.h"
#include "ui/grid.h"
#include "ui/headless.h"
#include "ui/model.h"
#include "ui/record.h"

/* ---- helpers ---- */

static UiRecording recording_for(const char *scenario, SimPyVersion v)
{
    UiRecording r = {0};
    r.scenario = scn_find(scenario);
    ck_assert_ptr_nonnull(r.scenario);
    r.params = scn_defaults(r.scenario);
    r.version = v;
    snprintf(r.seed, sizeof r.seed, "0");
    return r;
}

static void add_input(UiRecording *r, uint64_t step, ScnLiveKind kind, long arg)
{
    r->inputs = realloc(r->inputs, (r->ninputs + 1) * sizeof *r->inputs);
    ck_assert_ptr_nonnull(r->inputs);
    r->inputs[r->ninputs++] = (ScnLive){step, kind, arg};
}

static char *write_text(const UiRecording *r)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ck_assert(ui_record_write(f, r));
    fclose(f);
    return text;
}

/* Parse text that must be valid. */
static UiRecording parse_ok(const char *text)
{
    UiRecording r;
    char err[512] = "unset";
    ck_assert_msg(ui_record_parse(text, "t.aqsim", &r, err, sizeof err), "refused: %s\n%s", err,
                  text);
    ck_assert_str_eq(err, "");
    return r;
}

static void assert_same_recording(const UiRecording *a, const UiRecording *b)
{
    ck_assert_ptr_eq(a->scenario, b->scenario);
    ck_assert_int_eq(a->version, b->version);
    ck_assert_str_eq(a->seed, b->seed);
    ck_assert_uint_eq(a->params.mistakes, b->params.mistakes);
    for (int id = 0; id < SCN_PARAM_COUNT; id++)
        if (scn_takes(a->scenario, (ScnParamId)id))
            ck_assert_msg(a->params.v[id] == b->params.v[id], "param %s: %.17g != %.17g",
                          scn_param_info((ScnParamId)id)->flag, a->params.v[id], b->params.v[id]);
    ck_assert_uint_eq(a->ninputs, b->ninputs);
    for (size_t i = 0; i < a->ninputs; i++) {
        ck_assert_uint_eq(a->inputs[i].step, b->inputs[i].step);
        ck_assert_int_eq(a->inputs[i].kind, b->inputs[i].kind);
        ck_assert_int_eq(a->inputs[i].arg, b->inputs[i].arg);
    }
}

static void roundtrip(const UiRecording *r)
{
    char *text = write_text(r);
    UiRecording back = parse_ok(text);
    assert_same_recording(r, &back);
    /* Writing what was read gives the same bytes: the format is canonical. */
    char *again = write_text(&back);
    ck_assert_str_eq(text, again);
    free(again);
    free(text);
    ui_record_free(&back);
}

/* Replay headless; returns stdout, *err_out gets stderr (may be NULL). */
static char *replay_text(const UiRecording *r, int *status, char **err_out)
{
    char *out = NULL, *err = NULL;
    size_t olen = 0, elen = 0;
    FILE *o = open_memstream(&out, &olen);
    FILE *e = open_memstream(&err, &elen);
    *status = ui_record_run_headless(r, o, e);
    fclose(o);
    fclose(e);
    if (err_out)
        *err_out = err;
    else
        free(err);
    return out;
}

/* ---- round trips ---- */

START_TEST(test_roundtrip_every_field)
{
    UiRecording r = recording_for("worker-pool", SIM_PY_3_12);
    snprintf(r.seed, sizeof r.seed, "-123_456_789_012_345_678_901_234_567_890");
    r.params.v[SCN_PARAM_ITEMS] = 7;
    r.params.v[SCN_PARAM_MAXSIZE] = 4;
    r.params.v[SCN_PARAM_WORKERS] = 2;
    r.params.mistakes = 1u << SCN_MISTAKE_FORGET_TASK_DONE | 1u << SCN_MISTAKE_CANCEL_BEFORE_JOIN;
    add_input(&r, 0, SCN_LIVE_MAXSIZE, 0);
    add_input(&r, 3, SCN_LIVE_ADD_WORKER, 0);
    add_input(&r, 3, SCN_LIVE_MAXSIZE, 1000000);
    add_input(&r, 9, SCN_LIVE_RETIRE_WORKER, 2);
    add_input(&r, 15, SCN_LIVE_CANCEL_WORKER, 1);
    add_input(&r, UINT64_MAX, SCN_LIVE_ADD_WORKER, 0);
    roundtrip(&r);
    char *text = write_text(&r);
    ck_assert_msg(strstr(text, "\nmistake forget-task-done\nmistake cancel-before-join\n"), "%s",
                  text);
    ck_assert_msg(strstr(text, "\npython 3.12\n"), "%s", text);
    ck_assert_msg(strstr(text, "\nlive 18446744073709551615 "), "%s", text);
    free(text);
    free(r.inputs);
}
END_TEST

START_TEST(test_roundtrip_set_shutdown_and_floats)
{
    UiRecording r = recording_for("shutdown", SIM_PY_3_11);
    /* Floats come back bit for bit (repr is the shortest round trip). */
    r.params.v[SCN_PARAM_SHUTDOWN_AT] = 0.1 + 0.2;
    r.params.v[SCN_PARAM_TIMEOUT] = 0.0015;
    add_input(&r, 4, SCN_LIVE_SET_SHUTDOWN, 0);
    roundtrip(&r);
    char *text = write_text(&r);
    ck_assert_msg(strstr(text, "\nparam shutdown-at 0.30000000000000004\n"), "%s", text);
    ck_assert_msg(strstr(text, "\nparam timeout 0.0015\n"), "%s", text);
    ck_assert_msg(strstr(text, " set-shutdown\n"), "%s", text);
    free(text);
    free(r.inputs);

    UiRecording q = recording_for("queue-shutdown", SIM_PY_3_13);
    q.params.v[SCN_PARAM_IMMEDIATE] = 1;
    roundtrip(&q);
}
END_TEST

/* Under the unbounded mistake the file has no maxsize line (the mistake is
 * leaving it out; a file with both is refused), and reads back the same. */
START_TEST(test_roundtrip_unbounded_leaves_maxsize_out)
{
    UiRecording r = recording_for("backpressure", SIM_PY_3_11);
    r.params.mistakes = 1u << SCN_MISTAKE_UNBOUNDED;
    char *text = write_text(&r);
    ck_assert_msg(strstr(text, "\nmistake unbounded\n") && !strstr(text, "param maxsize"), "%s", text);
    free(text);
    roundtrip(&r);
}
END_TEST

/* Each live kind on its own, in a scenario where it applies. */
START_TEST(test_roundtrip_each_live_kind)
{
    static const struct {
        const char *scenario;
        ScnLiveKind kind;
        long arg;
        const char *line;
    } cases[] = {
        {"backpressure", SCN_LIVE_MAXSIZE, 5, "live 12 t=1.5 maxsize 5\n"},
        {"worker-pool", SCN_LIVE_ADD_WORKER, 0, "add-worker  # W3, task 4\n"},
        {"worker-pool", SCN_LIVE_RETIRE_WORKER, 1, "retire-worker 1  # W0\n"},
        {"join", SCN_LIVE_CANCEL_WORKER, 1, "cancel-worker 1  # consumer\n"},
        {"shutdown", SCN_LIVE_SET_SHUTDOWN, 0, "set-shutdown\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        UiRecording r = recording_for(cases[i].scenario, SIM_PY_3_11);
        add_input(&r, 12, cases[i].kind, cases[i].arg);
        roundtrip(&r);
        char *text = write_text(&r);
        ck_assert_msg(strstr(text, cases[i].line), "case %zu:\n%s", i, text);
        ck_assert_str_eq(ui_record_live_name(cases[i].kind), i == 0   ? "maxsize"
                                                             : i == 1 ? "add-worker"
                                                             : i == 2 ? "retire-worker"
                                                             : i == 3 ? "cancel-worker"
                                                                      : "set-shutdown");
        free(text);
        free(r.inputs);
    }
}
END_TEST

START_TEST(test_writer_marks_refused_and_unreached)
{
    UiRecording r = recording_for("backpressure", SIM_PY_3_11);
    add_input(&r, 3, SCN_LIVE_RETIRE_WORKER, 999);
    add_input(&r, 1000000, SCN_LIVE_ADD_WORKER, 0);
    char *text = write_text(&r);
    ck_assert_msg(strstr(text, "retire-worker 999  # refused: that task is not a worker\n"), "%s",
                  text);
    ck_assert_msg(strstr(text, "add-worker  # never reached: the run ends before this step\n"),
                  "%s", text);
    /* The task indices, for editing by hand. */
    ck_assert_msg(strstr(text, "# tasks: 0 main, 1 slow_consumer (added workers take the next numbers)\n"),
                  "%s", text);
    /* The marks are comments: the file still reads back the same. */
    UiRecording back = parse_ok(text);
    assert_same_recording(&r, &back);
    ui_record_free(&back);
    free(text);
    free(r.inputs);
}
END_TEST

START_TEST(test_writer_trims_seed_blanks)
{
    /* The command line accepts " 42\n" (int() does); the file must not
     * split the line. */
    UiRecording r = recording_for("lifo", SIM_PY_3_11);
    snprintf(r.seed, sizeof r.seed, " \t42\n");
    char *text = write_text(&r);
    ck_assert_msg(strstr(text, "\nseed 42\n"), "%s", text);
    UiRecording back = parse_ok(text);
    ck_assert_str_eq(back.seed, "42");
    ui_record_free(&back);
    free(text);
}
END_TEST

/* ---- parsing: accepted ---- */

START_TEST(test_parse_defaults_and_leniency)
{
    /* BOM, CRLF, blanks, tabs, comments, no python/seed/params/t=. */
    UiRecording r = parse_ok("\xEF\xBB\xBF# aqsim session 1\r\n"
                             "\r\n"
                             "   # a comment\r\n"
                             "scenario\tworker-pool   \r\n"
                             "live 4 add-worker # a trailing comment\r\n"
                             "live 4 maxsize 2\r\n");
    ck_assert_str_eq(r.scenario->name, "worker-pool");
    ck_assert_int_eq(r.version, SIM_PY_3_11);
    ck_assert_str_eq(r.seed, "0");
    ck_assert_uint_eq(r.params.mistakes, 0);
    ScnParams def = scn_defaults(r.scenario);
    for (int id = 0; id < SCN_PARAM_COUNT; id++)
        ck_assert(r.params.v[id] == def.v[id]);
    ck_assert_uint_eq(r.ninputs, 2);
    ck_assert_int_eq(r.inputs[0].kind, SCN_LIVE_ADD_WORKER);
    ck_assert_int_eq(r.inputs[1].kind, SCN_LIVE_MAXSIZE);
    ck_assert_int_eq(r.inputs[1].arg, 2);
    ui_record_free(&r);
    ck_assert_ptr_null(r.inputs);
    ck_assert_uint_eq(r.ninputs, 0);

    /* A scenario that needs 3.13 gets it when no python line says. */
    UiRecording q = parse_ok("# aqsim session 1\nscenario queue-shutdown\n");
    ck_assert_int_eq(q.version, SIM_PY_3_13);
    ui_record_free(&q);

    /* python and seed may come before the scenario; no final newline. */
    UiRecording s = parse_ok("# aqsim session 1\nseed 1_000\npython 3.12\nscenario lifo");
    ck_assert_str_eq(s.seed, "1_000");
    /* A long seed (the command line takes Python's 4300 digits) is kept. */
    char longseed[400] = "# aqsim session 1\nscenario lifo\nseed ";
    for (int k = 0; k < 300; k++)
        strcat(longseed, k % 10 == 0 ? "7" : "3");
    UiRecording ls = parse_ok(longseed);
    ck_assert_uint_eq(strlen(ls.seed), 300);
    ui_record_free(&ls);
    ck_assert_int_eq(s.version, SIM_PY_3_12);
    ui_record_free(&s);
}
END_TEST

START_TEST(test_parse_example_files)
{
    static const struct {
        const char *file, *scenario;
        ScnLiveKind kind;
        uint64_t step;
        long arg;
        int status;
    } files[] = {
        {"maxsize.aqsim", "backpressure", SCN_LIVE_MAXSIZE, 12, 5, 0},
        {"add-worker.aqsim", "worker-pool", SCN_LIVE_ADD_WORKER, 5, 0, 0},
        {"retire-worker.aqsim", "worker-pool", SCN_LIVE_RETIRE_WORKER, 8, 1, 0},
        {"cancel-worker.aqsim", "join", SCN_LIVE_CANCEL_WORKER, 6, 1, 3},
        {"set-shutdown.aqsim", "shutdown", SCN_LIVE_SET_SHUTDOWN, 10, 0, 0},
        {"crlf.aqsim", "join", SCN_LIVE_ADD_WORKER, 2, 0, 0},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char rel[128], path[512], err[512] = "";
        snprintf(rel, sizeof rel, "data/record/%s", files[i].file);
        test_path(path, sizeof path, rel);
        UiRecording r;
        ck_assert_msg(ui_record_read_file(path, &r, err, sizeof err), "%s", err);
        ck_assert_str_eq(r.scenario->name, files[i].scenario);
        ck_assert_uint_eq(r.ninputs, 1);
        ck_assert_int_eq(r.inputs[0].kind, files[i].kind);
        ck_assert_uint_eq(r.inputs[0].step, files[i].step);
        ck_assert_int_eq(r.inputs[0].arg, files[i].arg);
        /* Each demo applies its change (nothing on stderr but a deadlock
         * report where one is expected). */
        int status;
        char *e;
        char *out = replay_text(&r, &status, &e);
        ck_assert_int_eq(status, files[i].status);
        ck_assert_msg(!strstr(e, "not applied"), "%s: %s", files[i].file, e);
        ck_assert_msg(status == 0 ? e[0] == '\0' : strstr(e, "DEADLOCK") != NULL, "%s", e);
        ck_assert(strlen(out) > 20);
        free(out);
        free(e);
        /* The writer gives back the file's live line. */
        char *text = write_text(&r);
        char *file = test_read_file(path, NULL);
        const char *live = strstr(text, "\nlive ");
        ck_assert_ptr_nonnull(live);
        ck_assert_msg(strstr(file, live + 1) || i == 5, "%s:\n%s", files[i].file, text);
        free(file);
        free(text);
        ui_record_free(&r);
    }

    char path[512], err[512];
    test_path(path, sizeof path, "data/record/demo.aqsim");
    UiRecording d;
    ck_assert_msg(ui_record_read_file(path, &d, err, sizeof err), "%s", err);
    ck_assert_str_eq(d.seed, "1_000");
    ck_assert_int_eq(d.version, SIM_PY_3_13);
    ck_assert(d.params.v[SCN_PARAM_WORKERS] == 2);
    ck_assert_uint_eq(d.ninputs, 3);
    ui_record_free(&d);
}
END_TEST

START_TEST(test_invalid_example_files)
{
    static const struct {
        const char *file, *message;
    } files[] = {
        {"bad-param.aqsim", ":4: unknown parameter 'itemz' (backpressure takes: items, maxsize)"},
        {"bad-order.aqsim", ":4: live step 5 comes before step 12 on line 3"},
        {"bad-range.aqsim", ":3: maxsize must be an integer from 0 to 1000000, not -3"},
        {"bad-header.aqsim",
         ":1: not an aqsim session: the first line must be '# aqsim session 1'"},
        {"bad-kind.aqsim", ":3: backpressure has no shutdown Event to set"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char rel[128], path[512], err[512], want[700];
        snprintf(rel, sizeof rel, "data/record/%s", files[i].file);
        test_path(path, sizeof path, rel);
        UiRecording r;
        memset(&r, 0x5A, sizeof r);
        ck_assert(!ui_record_read_file(path, &r, err, sizeof err));
        snprintf(want, sizeof want, "%s%s", path, files[i].message);
        ck_assert_str_eq(err, want);
        /* Untouched. */
        const unsigned char *b = (const unsigned char *)&r;
        for (size_t k = 0; k < sizeof r; k++)
            ck_assert_uint_eq(b[k], 0x5A);
    }
}
END_TEST

/* ---- parsing: refused, with the exact message ---- */

#define H "# aqsim session 1\n"

static const struct {
    const char *text, *message;
} refusals[] = {
    /* the header */
    {"", "t.aqsim:1: empty file; an aqsim session starts with '# aqsim session 1'"},
    {"scenario lifo\n", "t.aqsim:1: not an aqsim session: the first line must be '# aqsim "
                        "session 1'"},
    {"# aqsim session\n", "t.aqsim:1: not an aqsim session: the first line must be '# aqsim "
                          "session 1'"},
    {"# aqsim session 2\nscenario lifo\n",
     "t.aqsim:1: session format 2 is not one this aqsim reads (it reads format 1)"},
    /* syntax */
    {H "scenario\n", "t.aqsim:2: 'scenario' takes one name, like 'scenario backpressure'"},
    {H "scenario lifo priority\n",
     "t.aqsim:2: 'scenario' takes one name, like 'scenario backpressure'"},
    {H "scenario lifo\npython\n", "t.aqsim:3: 'python' takes one version, like 'python 3.11'"},
    {H "scenario lifo\nseed 1 2\n", "t.aqsim:3: 'seed' takes one integer, like 'seed 42'"},
    {H "scenario join\nparam items\n",
     "t.aqsim:3: 'param' takes a name and a value, like 'param maxsize 3'"},
    {H "scenario join\nmistake\n",
     "t.aqsim:3: 'mistake' takes one name, like 'mistake forget-task-done'"},
    {H "scenario join\nlive 3\n", "t.aqsim:3: a live line is 'live STEP [t=TIME] CHANGE "
                                  "[VALUE]', like 'live 12 t=1.0 maxsize 5'"},
    {H "scenario join\nlive 3 t=1.0\n", "t.aqsim:3: a live line is 'live STEP [t=TIME] CHANGE "
                                        "[VALUE]', like 'live 12 t=1.0 maxsize 5'"},
    {H "scenario join\nlive 1 2 3 4 5 6 7 8 9\n", "t.aqsim:3: too many fields on one line"},
    {H "scenario join\nlive x add-worker\n",
     "t.aqsim:3: the step must be a whole number (0 or more), not 'x'"},
    {H "scenario join\nlive -1 add-worker\n",
     "t.aqsim:3: the step must be a whole number (0 or more), not '-1'"},
    {H "scenario join\nlive 18446744073709551616 add-worker\n",
     "t.aqsim:3: step 18446744073709551616 is too large (at most 18446744073709551615)"},
    {H "scenario join\nlive 1 t=abc add-worker\n",
     "t.aqsim:3: t= must be a time in seconds (a number, 0 or more), not 'abc'"},
    {H "scenario join\nlive 1 t=nan add-worker\n",
     "t.aqsim:3: t= must be a time in seconds (a number, 0 or more), not 'nan'"},
    {H "scenario join\nlive 1 t=1e999 add-worker\n",
     "t.aqsim:3: t= must be a time in seconds (a number, 0 or more), not '1e999'"},
    {H "scenario join\nlive 1 t=-1 add-worker\n",
     "t.aqsim:3: t= must be a time in seconds (a number, 0 or more), not '-1'"},
    /* unknown keys and names */
    {H "scenario lifo\nspeed 2\n",
     "t.aqsim:3: unknown key 'speed' (valid: scenario, python, seed, mistake, param, live)"},
    {H "Scenario lifo\n",
     "t.aqsim:2: unknown key 'Scenario' (valid: scenario, python, seed, mistake, param, live)"},
    {H "scenario backpresure\n",
     "t.aqsim:2: unknown scenario 'backpresure' (valid: producer-consumer, join, backpressure, "
     "worker-pool, priority, lifo, shutdown, pool-stats, retry, queue-shutdown)"},
    {H "scenario backpressure\nparam itemz 10\n",
     "t.aqsim:3: unknown parameter 'itemz' (backpressure takes: items, maxsize)"},
    {H "scenario priority\nparam items 10\n",
     "t.aqsim:3: priority does not take parameter 'items' (it takes no parameters)"},
    {H "scenario priority\nparam itemz 10\n",
     "t.aqsim:3: unknown parameter 'itemz' (priority takes no parameters)"},
    {H "scenario backpressure\nparam workers 3\n",
     "t.aqsim:3: backpressure does not take parameter 'workers' (it takes: items, maxsize)"},
    {H "scenario join\nlive 1 add-workers\n",
     "t.aqsim:3: unknown live change 'add-workers' (valid: maxsize, add-worker, retire-worker, "
     "cancel-worker, set-shutdown)"},
    {H "scenario join\nmistake typo\n",
     "t.aqsim:3: unknown mistake 'typo' (valid: forget-task-done, fewer-sentinels, unbounded, "
     "cancel-before-join, gather-workers)"},
    {H "scenario worker-pool\nmistake gather-workers\nmistake cancel-before-join\n",
     "t.aqsim:4: mistakes gather-workers and cancel-before-join (line 3) both change main's await "
     "queue.join(); keep one of them"},
    {H "scenario join\nmistake unbounded\n",
     "t.aqsim:3: mistake 'unbounded' does not apply to join (it has: forget-task-done)"},
    {H "scenario priority\nmistake unbounded\n",
     "t.aqsim:3: mistake 'unbounded' does not apply to priority (it has none)"},
    {H "scenario lifo\npython 3.10\n", "t.aqsim:3: python must be 3.11, 3.12 or 3.13, not '3.10'"},
    {H "scenario lifo\nseed 4x\n",
     "t.aqsim:3: seed must be an integer (any whole number, like 0, 42 or -7), not '4x'"},
    {H "scenario lifo\nseed 1__0\n",
     "t.aqsim:3: seed must be an integer (any whole number, like 0, 42 or -7), not '1__0'"},
    /* out of range, not numbers, NaN and infinities */
    {H "scenario backpressure\nparam maxsize -3\n",
     "t.aqsim:3: maxsize must be an integer from 0 to 1000000, not -3"},
    {H "scenario backpressure\nparam maxsize 3.5\n",
     "t.aqsim:3: maxsize must be an integer from 0 to 1000000, not '3.5'"},
    {H "scenario backpressure\nparam maxsize 99999999999999999999999\n",
     "t.aqsim:3: maxsize must be an integer from 0 to 1000000, not 99999999999999999999999"},
    {H "scenario worker-pool\nparam workers 0\n",
     "t.aqsim:3: workers must be an integer from 1 to 10000, not 0"},
    {H "scenario shutdown\nparam timeout 0\n",
     "t.aqsim:3: timeout must be a number from 0.001 to 1000000, not 0"},
    {H "scenario shutdown\nparam timeout nan\n",
     "t.aqsim:3: timeout must be a number from 0.001 to 1000000, not 'nan'"},
    {H "scenario shutdown\nparam shutdown-at inf\n",
     "t.aqsim:3: shutdown-at must be a number from 0 to 1000000, not 'inf'"},
    /* too many timeouts together: the last of their lines is named */
    {H "scenario shutdown\nparam shutdown-at 1000000\nparam timeout 0.001\nseed 3\n",
     "t.aqsim:4: --shutdown-at 1000000 with --timeout 0.001 and 2 workers: up to 2000000000 get() "
     "timeouts, more than a run can show (at most 2000000); raise --timeout or lower "
     "--shutdown-at (the values of this session's params)"},
    {H "scenario shutdown\nparam shutdown-at -Infinity\n",
     "t.aqsim:3: shutdown-at must be a number from 0 to 1000000, not '-Infinity'"},
    {H "scenario shutdown\nparam shutdown-at 1e999\n",
     "t.aqsim:3: shutdown-at must be a number from 0 to 1000000, not 1e999"},
    {H "scenario shutdown\nparam shutdown-at 0x10\n",
     "t.aqsim:3: shutdown-at must be a number from 0 to 1000000, not '0x10'"},
    {H "scenario queue-shutdown\nparam immediate 2\n",
     "t.aqsim:3: immediate must be an integer from 0 to 1, not 2"},
    {H "scenario backpressure\nlive 3 maxsize -3\n",
     "t.aqsim:3: maxsize must be an integer from 0 to 1000000, not -3"},
    {H "scenario backpressure\nlive 3 maxsize 1000001\n",
     "t.aqsim:3: maxsize must be an integer from 0 to 1000000, not 1000001"},
    {H "scenario join\nlive 3 retire-worker 0\n",
     "t.aqsim:3: retire-worker needs a task index from 1 to 1000000 (0 is main), not '0'"},
    {H "scenario join\nlive 3 cancel-worker W1\n",
     "t.aqsim:3: cancel-worker needs a task index from 1 to 1000000 (0 is main), not 'W1'"},
    /* values a change takes or not */
    {H "scenario join\nlive 3 maxsize\n", "t.aqsim:3: maxsize needs a value: the new maxsize"},
    {H "scenario join\nlive 3 retire-worker\n",
     "t.aqsim:3: retire-worker needs a value: the worker's task index"},
    {H "scenario join\nlive 3 add-worker 2\n", "t.aqsim:3: add-worker takes no value, not '2'"},
    {H "scenario join\nlive 3 maxsize 2 3\n",
     "t.aqsim:3: maxsize takes one value; '3' is one too many"},
    /* what the scenario cannot do */
    {H "scenario priority\nlive 3 maxsize 2\n", "t.aqsim:3: priority's queue has no maxsize to change"},
    {H "scenario priority\nlive 3 add-worker\n", "t.aqsim:3: priority has no workers to add"},
    {H "scenario lifo\nlive 3 retire-worker 1\n", "t.aqsim:3: lifo has no workers to retire"},
    {H "scenario lifo\nlive 3 cancel-worker 1\n", "t.aqsim:3: lifo has no workers to cancel"},
    {H "scenario join\nlive 3 set-shutdown\n", "t.aqsim:3: join has no shutdown Event to set"},
    {H "scenario queue-shutdown\npython 3.12\n",
     "t.aqsim:3: queue-shutdown needs Python 3.13 or later, not 3.12"},
    {H "python 3.11\n\nscenario queue-shutdown\n",
     "t.aqsim:2: queue-shutdown needs Python 3.13 or later, not 3.11"},
    /* order */
    {H "scenario join\nlive 12 add-worker\nlive 5 add-worker\n",
     "t.aqsim:4: live step 5 comes before step 12 on line 3"},
    {H "scenario join\nlive 12 add-worker\n# note\nlive 12 add-worker\nlive 11 add-worker\n",
     "t.aqsim:6: live step 11 comes before step 12 on line 5"},
    {H "param items 3\nscenario join\n",
     "t.aqsim:2: 'param' before the scenario line (name the scenario first, like 'scenario "
     "backpressure')"},
    {H "mistake unbounded\n", "t.aqsim:2: 'mistake' before the scenario line (name the "
                              "scenario first, like 'scenario backpressure')"},
    {H "live 3 add-worker\n", "t.aqsim:2: 'live' before the scenario line (name the scenario "
                              "first, like 'scenario backpressure')"},
    {H "scenario join\nlive 3 add-worker\nseed 4\n",
     "t.aqsim:4: 'seed' must come before the first live line (line 3)"},
    {H "scenario join\nlive 3 add-worker\nparam items 4\n",
     "t.aqsim:4: 'param' must come before the first live line (line 3)"},
    /* missing and duplicate */
    {H, "t.aqsim:1: no scenario line (add one, like 'scenario backpressure')"},
    {H "seed 3\n# the end\n", "t.aqsim:3: no scenario line (add one, like 'scenario "
                              "backpressure')"},
    {H "scenario join\nscenario join\n",
     "t.aqsim:3: duplicate 'scenario' line (the first is on line 2)"},
    {H "python 3.11\nscenario join\npython 3.11\n",
     "t.aqsim:4: duplicate 'python' line (the first is on line 2)"},
    {H "scenario join\nseed 1\n\nseed 1\n",
     "t.aqsim:5: duplicate 'seed' line (the first is on line 3)"},
    {H "scenario join\nparam items 3\nparam maxsize 2\nparam items 3\n",
     "t.aqsim:5: duplicate parameter 'items' (the first is on line 3)"},
    {H "scenario join\nmistake forget-task-done\nmistake forget-task-done\n",
     "t.aqsim:4: duplicate mistake 'forget-task-done' (the first is on line 3)"},
    {H "scenario worker-pool\nparam maxsize 3\nmistake unbounded\n",
     "t.aqsim:3: 'mistake unbounded' (line 4) leaves maxsize out; remove this 'param maxsize'"},
    /* bytes that are not text */
    {H "scenario join\x01\n", "t.aqsim:2: control character U+0001 in the line"},
    {H "scenario join\rx\n", "t.aqsim:2: control character U+000D in the line"},
    {H "scenario \x1b[31mjoin\n", "t.aqsim:2: control character U+001B in the line"},
    {H "scenario join\xc2\x9b\n", "t.aqsim:2: control character U+009B in the line"},
    {H "scenario j\xffoin\n", "t.aqsim:2: the line is not valid UTF-8 (byte 0xFF)"},
    {H "scenario \xc0\x80\n", "t.aqsim:2: the line is not valid UTF-8 (byte 0xC0)"},
    {H "scenario \xed\xa0\x80\n", "t.aqsim:2: the line is not valid UTF-8 (byte 0xED)"},
    {H "scenario \xe2\x82\n", "t.aqsim:2: the line is not valid UTF-8 (byte 0xE2)"},
    /* non-ASCII is text: an unknown name, quoted */
    {H "scenario b\xc3\xa4" "ckpressure\n",
     "t.aqsim:2: unknown scenario 'b\xc3\xa4" "ckpressure' (valid: producer-consumer, join, "
     "backpressure, worker-pool, priority, lifo, shutdown, pool-stats, retry, queue-shutdown)"},
};

START_TEST(test_refusal)
{
    const char *text = refusals[_i].text, *want = refusals[_i].message;
    UiRecording r;
    memset(&r, 0x5A, sizeof r);
    char err[1024];
    ck_assert_msg(!ui_record_parse(text, "t.aqsim", &r, err, sizeof err), "accepted:\n%s", text);
    ck_assert_str_eq(err, want);
    ck_assert_ptr_null(strchr(err, '\n'));
    const unsigned char *b = (const unsigned char *)&r;
    for (size_t k = 0; k < sizeof r; k++)
        ck_assert_msg(b[k] == 0x5A, "out was touched at byte %zu", k);
    /* No err buffer, or a tiny one: still refused, nothing overrun. */
    ck_assert(!ui_record_parse(text, "t.aqsim", &r, NULL, 0));
    char tiny[8];
    memset(tiny, 'x', sizeof tiny);
    ck_assert(!ui_record_parse(text, "t.aqsim", &r, tiny, 5));
    ck_assert_uint_eq(strlen(tiny), 4);
    ck_assert_int_eq(tiny[5], 'x');
}
END_TEST

START_TEST(test_refuse_absurd_sizes)
{
    char err[512];
    UiRecording r;
    /* A line of UI_RECORD_MAX_LINE + 1 bytes (UI_RECORD_MAX_LINE is fine). */
    size_t n = strlen(H "scenario join\n# ");
    char *text = malloc(n + UI_RECORD_MAX_LINE + 100);
    ck_assert_ptr_nonnull(text);
    memcpy(text, H "scenario join\n# ", n);
    memset(text + n, 'x', UI_RECORD_MAX_LINE - 2);
    strcpy(text + n + UI_RECORD_MAX_LINE - 2, "\n");
    ck_assert_msg(ui_record_parse(text, "t.aqsim", &r, err, sizeof err), "%s", err);
    ui_record_free(&r);
    /* The \r of a CRLF line does not count. */
    strcpy(text + n + UI_RECORD_MAX_LINE - 2, "\r\n");
    ck_assert_msg(ui_record_parse(text, "t.aqsim", &r, err, sizeof err), "CRLF: %s", err);
    ui_record_free(&r);
    memset(text + n, 'x', UI_RECORD_MAX_LINE - 1);
    strcpy(text + n + UI_RECORD_MAX_LINE - 1, "\n");
    ck_assert(!ui_record_parse(text, "t.aqsim", &r, err, sizeof err));
    char want[64];
    snprintf(want, sizeof want, "t.aqsim:3: line is longer than %d bytes", UI_RECORD_MAX_LINE);
    ck_assert_str_eq(err, want);
    free(text);

    /* A seed of Python's 4300 digits is taken; 4301 is refused, by name. */
    size_t h = strlen(H "scenario join\nseed ");
    text = malloc(h + 4400);
    ck_assert_ptr_nonnull(text);
    memcpy(text, H "scenario join\nseed ", h);
    memset(text + h, '7', 4300);
    strcpy(text + h + 4300, "\n");
    ck_assert_msg(ui_record_parse(text, "t.aqsim", &r, err, sizeof err), "%s", err);
    ck_assert_uint_eq(strlen(r.seed), 4300);
    ui_record_free(&r);
    memset(text + h, '7', 4301);
    strcpy(text + h + 4301, "\n");
    ck_assert(!ui_record_parse(text, "t.aqsim", &r, err, sizeof err));
    ck_assert_str_eq(err, "t.aqsim:3: seed has 4301 digits, too many (Python's int() takes up to 4300)");
    free(text);

    /* 100000 live lines are read; one more is refused. */
    size_t cap = 100002 * 32 + 64, len = 0;
    text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    len += (size_t)snprintf(text + len, cap - len, H "scenario join\n");
    for (int i = 0; i < 100000; i++)
        len += (size_t)snprintf(text + len, cap - len, "live %d add-worker\n", i);
    ck_assert_msg(ui_record_parse(text, "t.aqsim", &r, err, sizeof err), "%s", err);
    ck_assert_uint_eq(r.ninputs, 100000);
    ck_assert_uint_eq(r.inputs[99999].step, 99999);
    ui_record_free(&r);
    snprintf(text + len, cap - len, "live 100000 add-worker\n");
    ck_assert(!ui_record_parse(text, "t.aqsim", &r, err, sizeof err));
    ck_assert_str_eq(err, "t.aqsim:100003: more than 100000 live lines");
    free(text);
}
END_TEST

START_TEST(test_read_file_errors)
{
    char err[512];
    UiRecording r;
    ck_assert(!ui_record_read_file("/nonexistent/x.aqsim", &r, err, sizeof err));
    ck_assert_str_eq(err, "/nonexistent/x.aqsim: No such file or directory");
    ck_assert(!ui_record_read_file("/", &r, err, sizeof err));
    ck_assert_str_eq(err, "/: Is a directory");

    char path[] = "/tmp/aqsim-record-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    static const char nul[] = "# aqsim session 1\nscenario join\nseed 1\0 2\n";
    ck_assert_int_eq(write(fd, nul, sizeof nul - 1), (ssize_t)(sizeof nul - 1));
    ck_assert(!ui_record_read_file(path, &r, err, sizeof err));
    char want[600];
    snprintf(want, sizeof want, "%s:3: NUL byte in the file; a session is text", path);
    ck_assert_str_eq(err, want);
    /* Too big: a sparse file one byte over the cap. */
    ck_assert_int_eq(ftruncate(fd, (off_t)UI_RECORD_MAX_FILE + 1), 0);
    ck_assert(!ui_record_read_file(path, &r, err, sizeof err));
    snprintf(want, sizeof want, "%s: larger than %u bytes; not a session file", path,
             UI_RECORD_MAX_FILE);
    ck_assert_str_eq(err, want);
    close(fd);
    unlink(path);

    /* The file name is user text too: no newline gets into the message. */
    ck_assert(!ui_record_parse(H, "a\nb.aqsim", &r, err, sizeof err));
    ck_assert_str_eq(err, "a?b.aqsim:1: no scenario line (add one, like 'scenario backpressure')");
}
END_TEST

/* ---- replaying ---- */

static char *plain_headless(const char *const *argv, int argc, int *status)
{
    CliOptions opt;
    cli_parse(argc, (char **)argv, &opt);
    ck_assert_msg(opt.action == CLI_RUN_HEADLESS, "%s", opt.message);
    char *out = NULL, *err = NULL;
    size_t olen = 0, elen = 0;
    FILE *o = open_memstream(&out, &olen);
    FILE *e = open_memstream(&err, &elen);
    *status = headless_run(&opt, o, e);
    fclose(o);
    fclose(e);
    free(err);
    return out;
}

START_TEST(test_replay_without_inputs_is_the_plain_run)
{
    for (size_t i = 0; i < scn_count(); i++) {
        const Scenario *s = scn_at(i);
        const char *argv[] = {"aqsim", "--headless", s->name, "--seed", "42"};
        int st_plain, st_rec;
        char *plain = plain_headless(argv, 5, &st_plain);
        UiRecording r = recording_for(s->name, s->min_version);
        snprintf(r.seed, sizeof r.seed, "42");
        char *err;
        char *rec = replay_text(&r, &st_rec, &err);
        ck_assert_int_eq(st_rec, st_plain);
        ck_assert_msg(strlen(plain) > 0, "%s printed nothing", s->name);
        ck_assert_msg(strcmp(plain, rec) == 0, "%s differs:\n%s\n---\n%s", s->name, plain, rec);
        ck_assert_str_eq(err, "");
        free(plain);
        free(rec);
        free(err);
    }
}
END_TEST

START_TEST(test_replay_with_inputs_is_deterministic)
{
    UiRecording none = recording_for("backpressure", SIM_PY_3_11);
    UiRecording some = recording_for("backpressure", SIM_PY_3_11);
    add_input(&some, 12, SCN_LIVE_MAXSIZE, 5);
    int s0, s1, s2;
    char *a = replay_text(&none, &s0, NULL);
    char *b = replay_text(&some, &s1, NULL);
    char *c = replay_text(&some, &s2, NULL);
    ck_assert_int_eq(s0, 0);
    ck_assert_int_eq(s1, 0);
    ck_assert_int_eq(s2, 0);
    ck_assert_msg(strcmp(a, b) != 0, "the maxsize change changed nothing");
    ck_assert_str_eq(b, c);
    ck_assert_msg(strstr(b, "produced 7 | qsize: 4"), "%s", b);
    ck_assert_msg(!strstr(a, "qsize: 4"), "%s", a);
    free(a);
    free(b);
    free(c);
    free(some.inputs);

    /* One step later is another run: the step is what counts. */
    UiRecording later = recording_for("worker-pool", SIM_PY_3_11);
    UiRecording earlier = recording_for("worker-pool", SIM_PY_3_11);
    add_input(&earlier, 5, SCN_LIVE_ADD_WORKER, 0);
    add_input(&later, 6, SCN_LIVE_ADD_WORKER, 0);
    a = replay_text(&earlier, &s0, NULL);
    b = replay_text(&later, &s1, NULL);
    ck_assert_msg(strstr(a, "[W3] processing item-0"), "%s", a);
    ck_assert_msg(strcmp(a, b) != 0, "steps 5 and 6 replay the same");
    free(a);
    free(b);
    free(earlier.inputs);
    free(later.inputs);
}
END_TEST

START_TEST(test_replay_deadlock_and_refusals)
{
    UiRecording r = recording_for("join", SIM_PY_3_11);
    add_input(&r, 6, SCN_LIVE_CANCEL_WORKER, 1);
    int st;
    char *err;
    char *out = replay_text(&r, &st, &err);
    ck_assert_int_eq(st, 3);
    ck_assert_msg(strstr(err, "aqsim: DEADLOCK at t=0.60:"), "%s", err);
    ck_assert_msg(strstr(err, "held by consumer"), "%s", err);
    ScnRun *run = ui_record_run(&r, NULL, NULL);
    ck_assert_int_eq(scn_run_status(run), SIM_RUN_DEADLOCK);
    ck_assert_uint_ge(sim_loop_steps(scn_run_loop(run)), 6); /* the cancel was reached */
    scn_run_free(run);
    free(out);
    free(err);
    free(r.inputs);

    UiRecording b = recording_for("backpressure", SIM_PY_3_11);
    add_input(&b, 3, SCN_LIVE_RETIRE_WORKER, 999);
    add_input(&b, 5, SCN_LIVE_MAXSIZE, 4);
    add_input(&b, 100000, SCN_LIVE_ADD_WORKER, 0);
    out = replay_text(&b, &st, &err);
    ck_assert_int_eq(st, 0);
    ck_assert_msg(strstr(err, "aqsim: live change 1 (step 3, retire-worker 999) was not "
                              "applied: that task is not a worker\n"),
                  "%s", err);
    ck_assert_msg(!strstr(err, "live change 2"), "%s", err);
    ck_assert_msg(strstr(err, "aqsim: live change 3 (step 100000, add-worker) was not applied: "
                              "the run ended at step "),
                  "%s", err);
    run = ui_record_run(&b, NULL, NULL);
    ck_assert_int_eq(scn_run_status(run), SIM_RUN_FINISHED);
    scn_run_free(run);
    free(out);
    free(err);
    /* Many changes past the end: ten lines, then how many more. */
    for (int i = 0; i < 30; i++)
        add_input(&b, 200000 + (uint64_t)i, SCN_LIVE_MAXSIZE, 4);
    out = replay_text(&b, &st, &err);
    ck_assert_int_eq(st, 0);
    size_t lines = 0;
    for (const char *c = err; *c; c++)
        lines += *c == '\n';
    ck_assert_msg(lines == 11 && strstr(err, "aqsim: and 22 more live changes were not applied\n"), "%s", err);
    free(out);
    free(err);
    free(b.inputs);
}
END_TEST

/* Cancelling a worker that main() gathers makes main() raise: headless
 * says what Python does then, with exit status 4. */
START_TEST(test_replay_main_raised)
{
    UiRecording r = recording_for("shutdown", SIM_PY_3_11);
    add_input(&r, 23, SCN_LIVE_CANCEL_WORKER, 2);
    int st;
    char *err;
    char *out = replay_text(&r, &st, &err);
    ck_assert_int_eq(st, 4);
    ck_assert_str_eq(err, "aqsim: main() raised asyncio.CancelledError, and asyncio.run() raises it "
                          "again: Python prints a traceback and exits with status 1.\n");
    free(out);
    free(err);
    free(r.inputs);
}
END_TEST

/* Added workers count toward the limit on get() timeouts that --workers
 * has at the start. */
START_TEST(test_added_workers_keep_the_timeout_limit)
{
    const Scenario *scn = scn_find("shutdown");
    ck_assert_ptr_nonnull(scn);
    ScnParams p = scn_defaults(scn);
    p.v[SCN_PARAM_WORKERS] = 1;
    p.v[SCN_PARAM_SHUTDOWN_AT] = 2000;
    p.v[SCN_PARAM_TIMEOUT] = 0.001;
    ck_assert_ptr_null(scn_params_check(scn, &p)); /* just at the limit */
    ScnConfig cfg = {.version = SIM_PY_3_11};
    ScnRun *run = scn_run_new(scn, &p, &cfg);
    for (int i = 0; i < 20; i++)
        ck_assert_int_eq(scn_run_step(run), SIM_RUN_RUNNING);
    const char *why = NULL;
    ck_assert(!scn_run_live(run, SCN_LIVE_ADD_WORKER, 0, &why));
    ck_assert_msg(why && strstr(why, "time out in get()"), "%s", why ? why : "(null)");
    ck_assert_int_eq(scn_run_workers(run), 1);
    scn_run_free(run);

    /* With room for one more, it is added. */
    p.v[SCN_PARAM_TIMEOUT] = 0.002;
    run = scn_run_new(scn, &p, &cfg);
    for (int i = 0; i < 20; i++)
        ck_assert_int_eq(scn_run_step(run), SIM_RUN_RUNNING);
    ck_assert(scn_run_live(run, SCN_LIVE_ADD_WORKER, 0, &why));
    ck_assert_int_eq(scn_run_workers(run), 2);
    scn_run_free(run);
}
END_TEST

/* "why?" for a blocked put(): with every worker retired nothing will ever
 * call get(); with maxsize lowered below qsize one get() is not enough. */
START_TEST(test_why_put_counts_the_gets_it_needs)
{
    UiRecording r = recording_for("worker-pool", SIM_PY_3_11);
    for (int w = 1; w <= 3; w++)
        add_input(&r, 4, SCN_LIVE_RETIRE_WORKER, w);
    int st;
    char *err;
    char *out = replay_text(&r, &st, &err);
    ck_assert_int_eq(st, 3);
    ck_assert_msg(strstr(err, "main waits in put(item-5)") &&
                      strstr(err, "No worker is left to call get(): no slot will ever free") &&
                      !strstr(err, "a slot frees at the next get()"),
                  "%s", err);
    free(out);
    free(err);
    free(r.inputs);

    /* backpressure with maxsize lowered to 1 while items are queued: the
     * producer's put() needs qsize - maxsize + 1 = 3 get()s. */
    UiSetup s = {.scenario = scn_find("backpressure"), .version = SIM_PY_3_11};
    s.params = scn_defaults(s.scenario);
    snprintf(s.seed, sizeof s.seed, "0");
    UiModel *m = ui_model_new(&s);
    ck_assert(ui_model_step(m));
    ck_assert(ui_model_live(m, SCN_LIVE_MAXSIZE, 1));
    ScnRun *run = ui_model_run(m);
    for (int i = 0; i < 50 && sim_queue_qsize(scn_run_queue(run)) < 3; i++)
        ck_assert(ui_model_step(m));
    ck_assert_uint_eq(sim_queue_qsize(scn_run_queue(run)), 3);
    char text[1200] = "";
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        SimTask *t = scn_run_task_at(run, i);
        SimTaskView v;
        sim_task_view(scn_run_loop(run), t, &v);
        if (v.state == SIM_TASK_WAIT_PUT)
            explain_task(run, t, text, sizeof text);
    }
    ck_assert_msg(strstr(text, "qsize 3 > maxsize 1") && strstr(text, "until 3 get()s have taken items") &&
                      !strstr(text, "a slot frees at the next get()"),
                  "%s", text);
    ui_model_free(m);
}
END_TEST

/* The model's lines as the text a headless run prints. */
static char *model_text(const UiModel *m)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    for (size_t i = 0; i < ui_model_line_count(m); i++)
        fprintf(f, "%s\n", ui_model_line(m, i));
    fclose(f);
    return text;
}

/* What the dashboard does with live changes, a recording of it replays:
 * live changes made in the model, then a step back past one and forward
 * again, then to the end; the recording built from the model's inputs
 * prints the same lines. */
START_TEST(test_replay_matches_the_dashboard_model)
{
    static const struct {
        const char *scenario;
        int before;
        ScnLiveKind kind;
        long arg;
        int between;
        ScnLiveKind kind2;
        long arg2;
    } cases[] = {
        {"backpressure", 9, SCN_LIVE_MAXSIZE, 5, 3, SCN_LIVE_MAXSIZE, 1},
        {"worker-pool", 3, SCN_LIVE_ADD_WORKER, 0, 6, SCN_LIVE_RETIRE_WORKER, 2},
        {"pool-stats", 5, SCN_LIVE_CANCEL_WORKER, 2, 1, SCN_LIVE_ADD_WORKER, 0},
        {"shutdown", 4, SCN_LIVE_ADD_WORKER, 0, 2, SCN_LIVE_SET_SHUTDOWN, 0},
        {"producer-consumer", 1, SCN_LIVE_ADD_WORKER, 0, 0, SCN_LIVE_ADD_WORKER, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        UiSetup setup = {.scenario = scn_find(cases[i].scenario), .version = SIM_PY_3_11};
        setup.params = scn_defaults(setup.scenario);
        snprintf(setup.seed, sizeof setup.seed, "7");
        UiModel *m = ui_model_new(&setup);
        for (int k = 0; k < cases[i].before; k++)
            ui_model_step(m);
        ck_assert_msg(ui_model_live(m, cases[i].kind, cases[i].arg), "case %zu: %s", i,
                      ui_model_status(m));
        for (int k = 0; k < cases[i].between; k++)
            ui_model_step(m);
        ck_assert_msg(ui_model_live(m, cases[i].kind2, cases[i].arg2), "case %zu: %s", i,
                      ui_model_status(m));
        ui_model_step(m);
        ui_model_step_back(m);
        ui_model_step_back(m);
        while (ui_model_step(m))
            ;
        UiRecording r = {.scenario = setup.scenario, .params = setup.params,
                         .version = setup.version};
        memcpy(r.seed, setup.seed, sizeof r.seed);
        r.ninputs = ui_model_input_count(m);
        ck_assert_uint_eq(r.ninputs, 2);
        r.inputs = malloc(r.ninputs * sizeof *r.inputs);
        for (size_t k = 0; k < r.ninputs; k++)
            r.inputs[k] = *ui_model_input(m, k);
        /* Through the file format, as --record then --replay would. */
        char *file = write_text(&r);
        UiRecording back = parse_ok(file);
        int st;
        char *err;
        char *out = replay_text(&back, &st, &err);
        char *want = model_text(m);
        ck_assert_msg(strcmp(out, want) == 0, "case %zu (%s):\n%s\n--- model:\n%s\n--- file:\n%s",
                      i, cases[i].scenario, out, want, file);
        ck_assert_int_eq(st, ui_model_deadlocked(m) ? 3 : 0);
        ck_assert_msg(!strstr(err, "not applied"), "%s", err);
        free(out);
        free(err);
        free(want);
        free(file);
        ui_record_free(&back);
        free(r.inputs);
        ui_model_free(m);
    }
}
END_TEST

/* ---- asciicast ---- */

/* A strict JSON parser (RFC 8259) for the tests: no trailing commas, no
 * leading zeros, no raw control characters, valid UTF-8 and escapes. */
typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } JKind;

typedef struct JVal {
    JKind kind;
    double num;
    char *str; /* J_STR, NUL-terminated (the tests use no \u0000) */
    size_t n;  /* J_ARR/J_OBJ */
    struct JVal *items;
    char **keys;
} JVal;

typedef struct {
    const char *p;
    int depth;
} JIn;

static void j_free(JVal *v)
{
    free(v->str);
    for (size_t i = 0; i < v->n; i++) {
        j_free(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
}

static void j_ws(JIn *in)
{
    while (*in->p == ' ' || *in->p == '\t' || *in->p == '\n' || *in->p == '\r')
        in->p++;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                               : -1;
}

static bool j_hex4(JIn *in, unsigned *out)
{
    *out = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(in->p[k]);
        if (h < 0)
            return false;
        *out = *out << 4 | (unsigned)h;
    }
    in->p += 4;
    return true;
}

static void j_put_utf8(char **buf, size_t *len, size_t *cap, unsigned cp)
{
    char b[4];
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (n == 1)
        b[0] = (char)cp;
    else if (n == 2)
        b[0] = (char)(0xC0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3F));
    else if (n == 3)
        b[0] = (char)(0xE0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3F)),
        b[2] = (char)(0x80 | (cp & 0x3F));
    else
        b[0] = (char)(0xF0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3F)),
        b[2] = (char)(0x80 | (cp >> 6 & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F));
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = realloc(*buf, *cap);
    }
    memcpy(*buf + *len, b, n);
    *len += n;
    (*buf)[*len] = '\0';
}

static bool j_string(JIn *in, char **out)
{
    if (*in->p != '"')
        return false;
    in->p++;
    size_t len = 0, cap = 16;
    char *buf = malloc(cap);
    buf[0] = '\0';
    for (;;) {
        unsigned char c = (unsigned char)*in->p;
        if (c == '"') {
            in->p++;
            *out = buf;
            return true;
        }
        if (c < 0x20) /* raw control characters (and the end) are invalid */
            goto bad;
        if (c == '\\') {
            char e = in->p[1];
            in->p += 2;
            unsigned cp;
            switch (e) {
            case '"': cp = '"'; break;
            case '\\': cp = '\\'; break;
            case '/': cp = '/'; break;
            case 'b': cp = '\b'; break;
            case 'f': cp = '\f'; break;
            case 'n': cp = '\n'; break;
            case 'r': cp = '\r'; break;
            case 't': cp = '\t'; break;
            case 'u':
                if (!j_hex4(in, &cp))
                    goto bad;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned lo;
                    if (in->p[0] != '\\' || in->p[1] != 'u')
                        goto bad;
                    in->p += 2;
                    if (!j_hex4(in, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                        goto bad;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    goto bad;
                }
                if (cp == 0)
                    goto bad;
                break;
            default:
                goto bad;
            }
            j_put_utf8(&buf, &len, &cap, cp);
            continue;
        }
        /* Raw UTF-8, strictly. */
        size_t n;
        unsigned cp, min;
        if (c < 0x80)
            n = 1, cp = c, min = 0;
        else if (c >= 0xC2 && c <= 0xDF)
            n = 2, cp = c & 0x1F, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 3, cp = c & 0x0F, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 4, cp = c & 0x07, min = 0x10000;
        else
            goto bad;
        for (size_t k = 1; k < n; k++) {
            if (((unsigned char)in->p[k] & 0xC0) != 0x80)
                goto bad;
            cp = cp << 6 | ((unsigned char)in->p[k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        in->p += n;
        j_put_utf8(&buf, &len, &cap, cp);
    }
bad:
    free(buf);
    return false;
}

static bool j_number(JIn *in, double *out)
{
    const char *s = in->p, *c = s;
    if (*c == '-')
        c++;
    if (*c == '0')
        c++;
    else if (*c >= '1' && *c <= '9')
        while (*c >= '0' && *c <= '9')
            c++;
    else
        return false;
    if (*c == '.') {
        c++;
        if (!(*c >= '0' && *c <= '9'))
            return false;
        while (*c >= '0' && *c <= '9')
            c++;
    }
    if (*c == 'e' || *c == 'E') {
        c++;
        if (*c == '+' || *c == '-')
            c++;
        if (!(*c >= '0' && *c <= '9'))
            return false;
        while (*c >= '0' && *c <= '9')
            c++;
    }
    *out = strtod(s, NULL);
    in->p = c;
    return true;
}

static bool j_value(JIn *in, JVal *v)
{
    memset(v, 0, sizeof *v);
    if (++in->depth > 64)
        return false;
    j_ws(in);
    bool ok = false;
    if (*in->p == '{' || *in->p == '[') {
        bool obj = *in->p == '{';
        char close = obj ? '}' : ']';
        v->kind = obj ? J_OBJ : J_ARR;
        in->p++;
        j_ws(in);
        if (*in->p == close) {
            in->p++;
            ok = true;
        } else {
            for (;;) {
                v->items = realloc(v->items, (v->n + 1) * sizeof *v->items);
                if (obj)
                    v->keys = realloc(v->keys, (v->n + 1) * sizeof *v->keys);
                char *key = NULL;
                if (obj) {
                    j_ws(in);
                    if (!j_string(in, &key))
                        break;
                    j_ws(in);
                    if (*in->p != ':') {
                        free(key);
                        break;
                    }
                    in->p++;
                }
                JVal item;
                if (!j_value(in, &item)) {
                    j_free(&item);
                    free(key);
                    break;
                }
                v->items[v->n] = item;
                if (obj)
                    v->keys[v->n] = key;
                v->n++;
                j_ws(in);
                if (*in->p == ',') {
                    in->p++;
                    continue;
                }
                if (*in->p == close) {
                    in->p++;
                    ok = true;
                }
                break;
            }
        }
    } else if (*in->p == '"') {
        v->kind = J_STR;
        ok = j_string(in, &v->str);
    } else if (strncmp(in->p, "true", 4) == 0 || strncmp(in->p, "null", 4) == 0) {
        v->kind = in->p[0] == 't' ? J_BOOL : J_NULL;
        in->p += 4;
        ok = true;
    } else if (strncmp(in->p, "false", 5) == 0) {
        v->kind = J_BOOL;
        in->p += 5;
        ok = true;
    } else {
        v->kind = J_NUM;
        ok = j_number(in, &v->num);
    }
    in->depth--;
    return ok;
}

/* Parse one whole line as JSON; false if it is not exactly one value. */
static bool j_parse(const char *text, JVal *v)
{
    JIn in = {text, 0};
    if (!j_value(&in, v))
        return false;
    j_ws(&in);
    return *in.p == '\0';
}

static const JVal *j_get(const JVal *obj, const char *key)
{
    if (obj->kind != J_OBJ)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return &obj->items[i];
    return NULL;
}

START_TEST(test_json_parser_is_strict)
{
    /* The validator must be able to fail, or the cast test proves nothing. */
    static const char *const bad[] = {
        "", "[1,]", "{\"a\":1,}", "[01]", "[1.]", "[.5]", "\"a\x01\"", "\"\\x41\"",
        "\"\\ud800\"", "\"\xff\"", "\"\xc0\x80\"", "[1] 2", "{a:1}", "[\"\x1b[0m\"]",
        "'a'", "[1e]", "nul", "[-]", "\"\\u12\"", "[1 2]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        JVal v;
        ck_assert_msg(!j_parse(bad[i], &v), "accepted bad JSON #%zu: %s", i, bad[i]);
        j_free(&v);
    }
    static const char *const good[] = {
        "[0, -1.5e+3, \"\\u001b\\\"\\\\\\/\\n\", true, false, null, {}]",
        "{\"a\": {\"b\": []}, \"c\": \"\xc3\xa9\xe2\x94\x80\xf0\x9f\x98\x80\"}",
        "\"\\ud83d\\ude00\"",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        JVal v;
        ck_assert_msg(j_parse(good[i], &v), "refused good JSON #%zu: %s", i, good[i]);
        j_free(&v);
    }
}
END_TEST

/* A tiny terminal: CUP, ED 2, SGR and DECTCEM as the cast uses them, and
 * UTF-8 text, one column per code point. Returns false on anything else,
 * so the cast cannot carry stray control sequences. */
typedef struct {
    int w, h, x, y;
    uint32_t *cells;
} Term;

static bool term_feed(Term *t, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == 0x1b) {
            if (p[1] != '[')
                return false;
            p += 2;
            bool priv = *p == '?';
            if (priv)
                p++;
            int args[8] = {0}, na = 0;
            bool any = false;
            while ((*p >= '0' && *p <= '9') || *p == ';') {
                if (*p == ';') {
                    if (++na >= 8)
                        return false;
                } else {
                    args[na] = args[na] * 10 + (*p - '0');
                    any = true;
                }
                p++;
            }
            char fin = (char)*p++;
            if (priv) {
                if (fin != 'l' || args[0] != 25)
                    return false;
            } else if (fin == 'H') {
                t->y = (any ? args[0] : 1) - 1;
                t->x = (na >= 1 ? args[1] : 1) - 1;
                if (t->y < 0 || t->y >= t->h || t->x < 0 || t->x >= t->w)
                    return false;
            } else if (fin == 'J') {
                if (args[0] != 2)
                    return false;
                for (int i = 0; i < t->w * t->h; i++)
                    t->cells[i] = ' ';
            } else if (fin != 'm') {
                return false;
            }
            continue;
        }
        if (*p < 0x20 || *p == 0x7f)
            return false;
        uint32_t cp;
        size_t n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
        cp = n == 1 ? *p : n == 2 ? *p & 0x1Fu : n == 3 ? *p & 0x0Fu : *p & 0x07u;
        for (size_t k = 1; k < n; k++)
            cp = cp << 6 | (p[k] & 0x3Fu);
        if (cp >= 0x80 && cp < 0xA0)
            return false;
        p += n;
        if (t->x < t->w)
            t->cells[t->y * t->w + t->x] = cp;
        t->x++;
    }
    return true;
}

/* The grid as the terminal should show it. */
static uint32_t expected_cell(const UiCell *c)
{
    if (c->ch >= UI_ACS_BASE) {
        UiGrid uni = {.utf8 = true};
        return ui_glyph(&uni, (UiGlyph)(c->ch - UI_ACS_BASE));
    }
    if (c->ch < 0x20 || (c->ch >= 0x7f && c->ch < 0xa0) || (c->ch >= 0xD800 && c->ch <= 0xDFFF) ||
        c->ch > 0x10FFFF)
        return '?';
    return c->ch;
}

static void assert_term_shows(const Term *t, const UiGrid *g)
{
    ck_assert_int_eq(t->w, g->w);
    ck_assert_int_eq(t->h, g->h);
    for (int y = 0; y < g->h; y++)
        for (int x = 0; x < g->w; x++)
            ck_assert_msg(t->cells[y * t->w + x] == expected_cell(&g->cells[y * g->w + x]),
                          "cell %d,%d: U+%04X, want U+%04X", x, y, t->cells[y * t->w + x],
                          expected_cell(&g->cells[y * g->w + x]));
}

static void draw_screen(UiGrid *g, int frame)
{
    ui_grid_clear(g);
    ui_grid_box(g, 0, 0, g->w, g->h, UI_ROLE_BORDER, "queue");
    ui_grid_printf(g, 1, 1, g->w - 2, UI_ROLE_TEXT, "frame %d \"q\" \\ caf\xc3\xa9", frame);
    ui_grid_glyph(g, 1, 2, UI_ROLE_BLOCKED, UI_GLYPH_BLOCKED);
    ui_grid_text(g, 3, 2, 8, UI_ROLE_BLOCKED, "BLOCKED");
    ui_grid_text(g, 12, 2, 6, UI_ROLE_FULL, "FULL");
}

typedef struct {
    JVal *lines;
    size_t n;
} CastLines;

static CastLines parse_cast(const char *text)
{
    CastLines cl = {0};
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        ck_assert_msg(nl, "the last line has no newline");
        char *line = strndup(p, (size_t)(nl - p));
        cl.lines = realloc(cl.lines, (cl.n + 1) * sizeof *cl.lines);
        ck_assert_msg(j_parse(line, &cl.lines[cl.n]), "line %zu is not JSON: %s", cl.n + 1,
                      line);
        cl.n++;
        free(line);
        p = nl + 1;
    }
    return cl;
}

static void free_cast(CastLines *cl)
{
    for (size_t i = 0; i < cl->n; i++)
        j_free(&cl->lines[i]);
    free(cl->lines);
}

START_TEST(test_cast_is_valid_asciicast)
{
    setenv("TERM", "xterm-\"quoted\"", 1);
    unsetenv("SHELL");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    const char *title = "aqsim \"backpressure\"\\ \x1b[31m\n\ttab caf\xc3\xa9";
    UiCast *c = ui_cast_open_stream(f, 24, 5, title, 1700000000);
    UiGrid g;
    ui_grid_init(&g, 24, 5, true);
    draw_screen(&g, 1);
    /* Cells no terminal should get raw: ESC, a C1 CSI, a surrogate. */
    ui_grid_set(&g, 20, 3, 0x1b, UI_ROLE_TEXT);
    ui_grid_set(&g, 21, 3, 0x9b, UI_ROLE_TEXT);
    ui_grid_set(&g, 22, 3, 0xD800, UI_ROLE_WARN);
    ui_cast_frame(c, &g, 0.0);
    ui_cast_marker(c, 0.25, "maxsize 3 \xe2\x86\x92 5");
    draw_screen(&g, 2);
    ui_cast_frame(c, &g, 0.5);
    ui_cast_frame(c, &g, 0.75); /* the same screen: nothing written */
    draw_screen(&g, 3);
    ui_cast_frame(c, &g, 0.4);  /* back in time: clamped */
    draw_screen(&g, 4);
    ui_cast_frame(c, &g, NAN);
    UiGrid big;
    ui_grid_init(&big, 30, 6, false); /* ASCII mode: ACS box pieces */
    draw_screen(&big, 5);
    ui_cast_frame(c, &big, 1.0);
    ck_assert(ui_cast_close(c));
    fclose(f);

    CastLines cl = parse_cast(text);
    ck_assert_uint_eq(cl.n, 1 + 1 + 1 + 1 + 1 + 1 + 2); /* header, o, m, o, o, o, r, o */
    const JVal *h = &cl.lines[0];
    ck_assert_int_eq(h->kind, J_OBJ);
    ck_assert(j_get(h, "version") && j_get(h, "version")->kind == J_NUM &&
              j_get(h, "version")->num == 2);
    ck_assert(j_get(h, "width") && j_get(h, "width")->num == 24);
    ck_assert(j_get(h, "height") && j_get(h, "height")->num == 5);
    ck_assert(j_get(h, "timestamp") && j_get(h, "timestamp")->num == 1700000000);
    ck_assert(j_get(h, "title") && j_get(h, "title")->kind == J_STR);
    ck_assert_str_eq(j_get(h, "title")->str, title);
    const JVal *env = j_get(h, "env");
    ck_assert(env && env->kind == J_OBJ);
    ck_assert(j_get(env, "TERM") && j_get(env, "TERM")->kind == J_STR);
    ck_assert_str_eq(j_get(env, "TERM")->str, "xterm-\"quoted\"");
    ck_assert_str_eq(j_get(env, "SHELL")->str, "/bin/sh");
    /* The raw header escapes ESC and the newline as JSON requires. */
    ck_assert_msg(strstr(text, "\\u001b[31m\\u000a\\u0009tab"), "%s", text);

    Term t = {24, 5, 0, 0, calloc(24 * 5, sizeof(uint32_t))};
    double last = -1;
    const char *codes = "omoooro";
    size_t outputs = 0;
    for (size_t i = 1; i < cl.n; i++) {
        const JVal *e = &cl.lines[i];
        ck_assert_int_eq(e->kind, J_ARR);
        ck_assert_uint_eq(e->n, 3);
        ck_assert_int_eq(e->items[0].kind, J_NUM);
        ck_assert_int_eq(e->items[1].kind, J_STR);
        ck_assert_int_eq(e->items[2].kind, J_STR);
        ck_assert_msg(e->items[0].num >= last, "time goes back at line %zu", i + 1);
        last = e->items[0].num;
        ck_assert_msg(e->items[1].str[0] == codes[i - 1] && !e->items[1].str[1], "line %zu: %s",
                      i + 1, e->items[1].str);
        if (e->items[1].str[0] == 'r') {
            ck_assert_str_eq(e->items[2].str, "30x6");
            free(t.cells);
            t = (Term){30, 6, 0, 0, calloc(30 * 6, sizeof(uint32_t))};
        } else if (e->items[1].str[0] == 'o') {
            ck_assert_msg(term_feed(&t, e->items[2].str), "line %zu: bad output", i + 1);
            outputs++;
        }
    }
    ck_assert_uint_eq(outputs, 5);
    ck_assert_str_eq(cl.lines[2].items[2].str, "maxsize 3 \xe2\x86\x92 5");
    ck_assert(cl.lines[2].items[0].num == 0.25);
    ck_assert(cl.lines[4].items[0].num == 0.5); /* 0.4 came after 0.5 */
    ck_assert(cl.lines[5].items[0].num == 0.5); /* NaN: the last time */
    ck_assert(cl.lines[7].items[0].num == 1.0);
    /* Replaying every output event draws the last grid. */
    assert_term_shows(&t, &big);
    /* Roles become SGR: BLOCKED bold yellow, FULL bold reverse yellow. */
    ck_assert_msg(strstr(cl.lines[1].items[2].str, "\x1b[0;1;33m\xe2\x96\xa0"), "no BLOCKED SGR");
    ck_assert_msg(strstr(cl.lines[1].items[2].str, "\x1b[0;1;7;33mFULL"), "no FULL SGR");
    /* Only row 2 (the frame number) changed between frames 1 and 2. */
    const char *second = cl.lines[3].items[2].str;
    ck_assert_msg(strstr(second, "\x1b[2;1H") && !strstr(second, "\x1b[1;1H") &&
                      !strstr(second, "\x1b[3;1H"),
                  "frame 2 redrew more than row 2");
    free(t.cells);
    free_cast(&cl);
    ui_grid_free(&g);
    ui_grid_free(&big);

    /* The same frames give the same bytes; no timestamp when negative;
     * the monochrome scheme has no colours. */
    for (int k = 0; k < 2; k++) {
        char *again[2] = {NULL, NULL};
        size_t alen[2];
        for (int run = 0; run < 2; run++) {
            FILE *m = open_memstream(&again[run], &alen[run]);
            UiCast *mc = ui_cast_open_stream(m, 24, 5, NULL, -1);
            ui_cast_set_mono(mc, k == 1);
            UiGrid mg;
            ui_grid_init(&mg, 24, 5, true);
            draw_screen(&mg, 1);
            ui_cast_frame(mc, &mg, 0.1);
            ck_assert(ui_cast_close(mc));
            fclose(m);
            ui_grid_free(&mg);
        }
        ck_assert_str_eq(again[0], again[1]);
        CastLines ml = parse_cast(again[0]);
        ck_assert_ptr_null(j_get(&ml.lines[0], "timestamp"));
        ck_assert_ptr_null(j_get(&ml.lines[0], "title"));
        if (k == 1) {
            ck_assert_msg(strstr(ml.lines[1].items[2].str, "\x1b[0;1;4m"), "no mono BLOCKED");
            ck_assert_msg(!strstr(ml.lines[1].items[2].str, ";33m"), "colour in mono");
        }
        free_cast(&ml);
        free(again[0]);
        free(again[1]);
    }
    free(text);
}
END_TEST

START_TEST(test_cast_open_by_path)
{
    const char *why = NULL;
    ck_assert_ptr_null(ui_cast_open("/nonexistent/dir/x.cast", 80, 24, "t", -1, &why));
    ck_assert_str_eq(why, "No such file or directory");
    char path[] = "/tmp/aqsim-cast-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    UiCast *c = ui_cast_open(path, 80, 24, "demo", 0, &why);
    ck_assert_ptr_nonnull(c);
    ui_cast_marker(c, 1.5, "end");
    ck_assert(ui_cast_close(c));
    ck_assert(ui_cast_close(NULL));
    char *text = test_read_file(path, NULL);
    ck_assert_ptr_nonnull(text);
    ck_assert_msg(strstr(text, "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": 0, "
                               "\"title\": \"demo\", \"env\": {") == text,
                  "%s", text);
    ck_assert_msg(strstr(text, "\n[1.500000, \"m\", \"end\"]\n"), "%s", text);
    free(text);
    unlink(path);
}
END_TEST

START_TEST(test_headless_replay_takes_stats_and_trace)
{
    char path[512];
    test_path(path, sizeof path, "data/record/add-worker.aqsim");
    const char *with_stats[] = {"aqsim", "--headless", "--replay", path, "--stats"};
    const char *with_trace[] = {"aqsim", "--headless", "--replay", path, "--trace", "jsonl"};
    const char *with_seed[] = {"aqsim", "--headless", "--replay", path, "--seed", "3"};
    int st;
    char *err = NULL;
    char *out = test_run_cli(with_stats, 5, &st, &err);
    ck_assert_msg(st == 0, "exit %d: %s", st, err);
    ck_assert_msg(strstr(out, "throughput:") != NULL, "%s", out);
    free(out);
    free(err);
    out = test_run_cli(with_trace, 6, &st, NULL);
    ck_assert_int_eq(st, 0);
    ck_assert_msg(strstr(out, "\"kind\":\"live\"") != NULL, "%s", out);
    free(out);
    out = test_run_cli(with_seed, 6, &st, &err);
    ck_assert_int_eq(st, 2);
    ck_assert_msg(strstr(err, "leave out --seed") != NULL, "%s", err);
    free(out);
    free(err);
}
END_TEST

Suite *make_record_suite(void)
{
    Suite *s = suite_create("record");
    TCase *tc = tcase_create("session");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_roundtrip_every_field);
    tcase_add_test(tc, test_roundtrip_set_shutdown_and_floats);
    tcase_add_test(tc, test_roundtrip_unbounded_leaves_maxsize_out);
    tcase_add_test(tc, test_roundtrip_each_live_kind);
    tcase_add_test(tc, test_writer_marks_refused_and_unreached);
    tcase_add_test(tc, test_writer_trims_seed_blanks);
    tcase_add_test(tc, test_parse_defaults_and_leniency);
    tcase_add_test(tc, test_parse_example_files);
    tcase_add_test(tc, test_invalid_example_files);
    tcase_add_loop_test(tc, test_refusal, 0, (int)(sizeof refusals / sizeof refusals[0]));
    tcase_add_test(tc, test_refuse_absurd_sizes);
    tcase_add_test(tc, test_read_file_errors);
    suite_add_tcase(s, tc);

    TCase *rp = tcase_create("replay");
    tcase_set_timeout(rp, 60);
    tcase_add_test(rp, test_replay_without_inputs_is_the_plain_run);
    tcase_add_test(rp, test_replay_with_inputs_is_deterministic);
    tcase_add_test(rp, test_replay_deadlock_and_refusals);
    tcase_add_test(rp, test_why_put_counts_the_gets_it_needs);
    tcase_add_test(rp, test_added_workers_keep_the_timeout_limit);
    tcase_add_test(rp, test_replay_main_raised);
    tcase_add_test(rp, test_replay_matches_the_dashboard_model);
    tcase_add_test(rp, test_headless_replay_takes_stats_and_trace);
    suite_add_tcase(s, rp);

    TCase *cast = tcase_create("cast");
    tcase_add_test(cast, test_json_parser_is_strict);
    tcase_add_test(cast, test_cast_is_valid_asciicast);
    tcase_add_test(cast, test_cast_open_by_path);
    suite_add_tcase(s, cast);
    return s;
}
