/* check_golden.c - headless output against transcripts made by running the
 * tutorial's Python programs on real CPython 3.11, 3.12 and 3.13 under a
 * virtual clock (tests/golden/MANIFEST says which, and how). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/run.h"
#include "sim/coro.h"
#include "tests/suites.h"
#include "tests/testutil.h"

typedef struct {
    char version[8];
    char file[256];
    char args[512];
    int status; /* the exit status CPython's run maps to: 0, 3 deadlock, 4 raised */
    char deadlock[256]; /* for 3: "t=T lines=L,L,..." as CPython's deadlock said */
} Row;

static Row *rows;
static int nrows;

static void add_row(const char *line, void *ctx)
{
    int *cap = ctx;
    if (nrows == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        rows = realloc(rows, (size_t)*cap * sizeof *rows);
    }
    Row *r = &rows[nrows];
    r->status = 0;
    r->deadlock[0] = '\0';
    if (sscanf(line, "%7[^\t]\t%255[^\t]\t%511[^\t\n]\t%d\t%255[^\n]", r->version, r->file, r->args,
               &r->status, r->deadlock) >= 3)
        nrows++;
}

static void load_manifest(void)
{
    int cap = 0;
    if (!rows)
        test_each_manifest_line("golden/MANIFEST", add_row, &cap);
}

/* "worker-pool --seed 1" -> argv for aqsim --headless ... --python V */
static int split_args(Row *r, char *copy, const char **argv, int max)
{
    int argc = 0;
    argv[argc++] = "aqsim";
    argv[argc++] = "--headless";
    strcpy(copy, r->args);
    for (char *tok = strtok(copy, " "); tok && argc < max - 2; tok = strtok(NULL, " "))
        argv[argc++] = tok;
    argv[argc++] = "--python";
    argv[argc++] = r->version;
    return argc;
}

START_TEST(test_manifest_present)
{
    load_manifest();
    ck_assert_msg(nrows >= 100, "expected the golden manifest to list >= 100 transcripts, got %d",
                  nrows);
}
END_TEST

static int by_value(const void *a, const void *b)
{
    return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

/* The deadlock aqsim reports (on err) is CPython's: the same time, and the
 * same lines the waiting tasks stand at ("  W0 (line 16): ..."). */
static void check_deadlock(const Row *r, const char *err)
{
    char t[32], list[200];
    ck_assert_msg(sscanf(r->deadlock, "t=%31s lines=%199s", t, list) == 2, "MANIFEST: %s", r->deadlock);
    char want[64];
    snprintf(want, sizeof want, "DEADLOCK at t=%s:", t);
    ck_assert_msg(strstr(err, want), "%s (python %s): no \"%s\" in:\n%s", r->args, r->version, want, err);
    int expect[64], got[64], ne = 0, ng = 0;
    for (char *p = list; *p && ne < 64; p += strcspn(p, ","), p += *p == ',')
        expect[ne++] = atoi(p);
    for (const char *p = strstr(err, "\n  "); p && ng < 64; p = strstr(p + 1, "\n  ")) {
        const char *at = strstr(p, " (line ");
        const char *eol = strchr(p + 1, '\n');
        if (at && (!eol || at < eol))
            got[ng++] = atoi(at + 7);
    }
    qsort(expect, (size_t)ne, sizeof *expect, by_value);
    qsort(got, (size_t)ng, sizeof *got, by_value);
    ck_assert_msg(ne == ng, "%s (python %s): %d waiting tasks, CPython had %d:\n%s", r->args, r->version, ng, ne,
                  err);
    for (int i = 0; i < ne; i++)
        ck_assert_msg(expect[i] == got[i], "%s (python %s): a task waits at line %d, CPython's at %d", r->args,
                      r->version, got[i], expect[i]);
}

START_TEST(test_transcript)
{
    load_manifest();
    ck_assert_int_lt(_i, nrows);
    Row *r = &rows[_i];
    char copy[512];
    const char *argv[40];
    int argc = split_args(r, copy, argv, 40);
    char path[512], rel[300];
    snprintf(rel, sizeof rel, "golden/%s", r->file);
    test_path(path, sizeof path, rel);
    size_t explen;
    char *expected = test_read_file(path, &explen);
    ck_assert_msg(expected != NULL, "cannot read %s", path);
    int status;
    char *err = NULL;
    char *got = test_run_cli(argv, argc, &status, &err);
    ck_assert_msg(status == r->status, "%s (python %s): exit %d, not %d: %s", r->args, r->version, status,
                  r->status, err);
    if (r->deadlock[0])
        check_deadlock(r, err ? err : "");
    if (strcmp(got, expected) != 0) {
        /* Show where the first difference is. */
        size_t i = 0;
        while (got[i] && got[i] == expected[i])
            i++;
        size_t line = 1;
        for (size_t k = 0; k < i; k++)
            line += expected[k] == '\n';
        ck_abort_msg("%s (python %s): output differs from CPython at line %zu", r->args,
                     r->version, line);
    }
    free(got);
    free(err);
    free(expected);
}
END_TEST

START_TEST(test_deterministic_twice)
{
    const char *runs[][8] = {
        {"aqsim", "--headless", "worker-pool", "--items", "40", "--seed", "3", NULL},
        {"aqsim", "--headless", "shutdown", "--workers", "3", "--trace", "jsonl", NULL},
        {"aqsim", "--headless", "retry", "--items", "20", "--trace", "jsonl", NULL},
    };
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        int argc = 0;
        while (runs[k][argc])
            argc++;
        int s1, s2;
        char *a = test_run_cli(runs[k], argc, &s1, NULL);
        char *b = test_run_cli(runs[k], argc, &s2, NULL);
        ck_assert_int_eq(s1, 0);
        ck_assert_int_eq(s2, 0);
        ck_assert_msg(strlen(a) > 100, "run %zu printed too little", k);
        ck_assert_msg(strcmp(a, b) == 0, "run %zu is not deterministic", k);
        free(a);
        free(b);
    }
}
END_TEST

/* ---- scn_print: the formats every transcript goes through ---- */

typedef struct {
    char text[4096];
    size_t len;
} Printed;

static void printed_sink(void *ctx, const char *text, size_t len)
{
    Printed *p = ctx;
    ck_assert_uint_lt(p->len + len, sizeof p->text);
    memcpy(p->text + p->len, text, len);
    p->len += len;
}

/* More formats than scn_print keeps parsed, so slots are replaced and
 * parsed again. */
static const char *const many_formats[] = {
    "f0 {d}\n",  "f1 {d}\n",  "f2 {d}\n",  "f3 {d}\n",  "f4 {d}\n",  "f5 {d}\n",  "f6 {d}\n",
    "f7 {d}\n",  "f8 {d}\n",  "f9 {d}\n",  "f10 {d}\n", "f11 {d}\n", "f12 {d}\n", "f13 {d}\n",
    "f14 {d}\n", "f15 {d}\n", "f16 {d}\n", "f17 {d}\n", "f18 {d}\n", "f19 {d}\n", "f20 {d}\n",
    "f21 {d}\n", "f22 {d}\n", "f23 {d}\n", "f24 {d}\n", "f25 {d}\n", "f26 {d}\n", "f27 {d}\n",
    "f28 {d}\n", "f29 {d}\n", "f30 {d}\n", "f31 {d}\n", "f32 {d}\n", "f33 {d}\n", "f34 {d}\n",
    "f35 {d}\n", "f36 {d}\n", "f37 {d}\n", "f38 {d}\n", "f39 {d}\n",
};
enum { NMANY = sizeof many_formats / sizeof many_formats[0] };

typedef struct {
    SimCo co;
    ScnRun *run;
} PrintMain;

static SimCoSignal print_main_fn(SimCo *co)
{
    PrintMain *m = (PrintMain *)co;
    SIM_CO_BEGIN(co);
    SimValue s = sim_value_str("item-7"), n = sim_value_float(0.5);
    for (int pass = 0; pass < 2; pass++) {
        scn_print(m->run, "a{{b}} {s}|{d}|{v}|{r}|{v}|{.2f}|{.0f}\n", "str", -42, &s, &s, &n, 0.125,
                  2.5);
        scn_print(m->run, "{d}{d}{d}{d}{d}{d}{d}{d}{d}{d}{s}{{\n", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                  "!");
        scn_print(m->run, "");
        scn_print(m->run, "{s}", "");
        for (int i = 0; i < NMANY; i++)
            scn_print(m->run, many_formats[i], i * pass);
    }
    sim_value_release(&s);
    sim_value_release(&n);
    SIM_CO_END(co);
}

static const SimCoKind print_main_kind = {"main", print_main_fn, sizeof(PrintMain), SIM_WAIT_NONE,
                                          NULL};

static SimCo *print_start(ScnRun *run)
{
    PrintMain *m = (PrintMain *)sim_co_new(scn_run_loop(run), &print_main_kind);
    m->run = run;
    return &m->co;
}

START_TEST(test_print_formats)
{
    Scenario scn = {.name = "print-test", .queue_kind = SIM_QUEUE_FIFO, .start = print_start};
    ScnParams params = {0};
    Printed out = {.len = 0};
    ScnConfig cfg = {.version = SIM_PY_3_11, .sinks = {.print = printed_sink, .ctx = &out}};
    ScnRun *run = scn_run_new(&scn, &params, &cfg);
    while (scn_run_step(run) == SIM_RUN_RUNNING)
        ;
    scn_run_free(run);

    char want[4096];
    size_t len = 0;
    for (int pass = 0; pass < 2; pass++) {
        len += (size_t)snprintf(want + len, sizeof want - len,
                                "a{b}} str|-42|item-7|'item-7'|0.5|0.12|2\n12345678910!{\n");
        for (int i = 0; i < NMANY; i++)
            len += (size_t)snprintf(want + len, sizeof want - len, "f%d %d\n", i, i * pass);
    }
    out.text[out.len] = '\0';
    ck_assert_str_eq(out.text, want);
}
END_TEST

Suite *make_golden_suite(void)
{
    Suite *s = suite_create("golden");
    TCase *tc = tcase_create("cpython");
    tcase_set_timeout(tc, 60);
    load_manifest();
    tcase_add_test(tc, test_manifest_present);
    if (nrows > 0)
        tcase_add_loop_test(tc, test_transcript, 0, nrows);
    tcase_add_test(tc, test_deterministic_twice);
    tcase_add_test(tc, test_print_formats);
    suite_add_tcase(s, tc);
    return s;
}
