/* check_golden.c - headless output against transcripts made by running the
 * tutorial's Python programs on real CPython 3.11, 3.12 and 3.13 under a
 * virtual clock (tests/golden/MANIFEST says which, and how). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/suites.h"
#include "tests/testutil.h"

typedef struct {
    char version[8];
    char file[256];
    char args[512];
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
    if (sscanf(line, "%7[^\t]\t%255[^\t]\t%511[^\n]", r->version, r->file, r->args) == 3)
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
    ck_assert_msg(status == 0, "%s (python %s): exit %d: %s", r->args, r->version, status, err);
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
    suite_add_tcase(s, tc);
    return s;
}
