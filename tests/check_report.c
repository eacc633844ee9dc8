/* check_report.c - the teaching reports: --stats, --timeline, --export-py.
 *
 *  - golden: the output of the cases in tests/data/report/MANIFEST, byte for
 *    byte. Each expected file was made with the binary and checked by eye
 *    and against numbers worked out by hand (test_backpressure_by_hand and
 *    test_producer_consumer_by_hand below say how), and against the
 *    statistics pool-stats prints itself (test_pool_stats_agrees).
 *  - collector: ui/stats on small hand-made event streams, every number
 *    derived in the comments.
 *  - timeline: every --width from 40 to 120 gives lines of exactly that
 *    many columns; runs repeat byte for byte.
 *  - export: the exported programs against tests/data/report/export-*.py,
 *    the mistakes, the seed line, file errors; and, where python3 and the
 *    reference runner are available ($AQSIM_REFERENCE_DIR/vclock.py), the
 *    exported programs run under it print what aqsim prints.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scenarios/scenario.h"
#include "sim/task.h"
#include "sim/trace.h"
#include "sim/value.h"
#include "tests/suites.h"
#include "tests/testutil.h"
#include "ui/cli.h"
#include "ui/export.h"
#include "ui/stats.h"

static const char *const scenario_names[] = {
    "producer-consumer", "join", "backpressure", "worker-pool", "priority",
    "lifo", "shutdown", "pool-stats", "retry", "queue-shutdown",
};
#define NSCENARIOS ((int)(sizeof scenario_names / sizeof scenario_names[0]))

#define MAXARGS 24

/* ---- running aqsim in-process with a chosen locale ---- */

/* headless output picks UTF-8 or ASCII from LC_ALL/LC_CTYPE/LANG: set
 * LC_ALL for one run and put it back (CK_FORK=no runs every suite in one
 * process). */
static char *run_with_locale(const char *locale, const char *const *argv, int argc, int *status,
                             char **err)
{
    const char *old = getenv("LC_ALL");
    char *saved = old ? strdup(old) : NULL;
    setenv("LC_ALL", locale, 1);
    char *out = test_run_cli(argv, argc, status, err);
    if (saved) {
        setenv("LC_ALL", saved, 1);
        free(saved);
    } else {
        unsetenv("LC_ALL");
    }
    return out;
}

/* "aqsim --headless " + words of args; copy holds the words. */
static int headless_argv(const char *args, char *copy, size_t size, const char **argv)
{
    int argc = 0;
    argv[argc++] = "aqsim";
    argv[argc++] = "--headless";
    snprintf(copy, size, "%s", args);
    for (char *tok = strtok(copy, " "); tok && argc < MAXARGS - 1; tok = strtok(NULL, " "))
        argv[argc++] = tok;
    argv[argc] = NULL;
    return argc;
}

static char *run_args(const char *locale, const char *args, int *status)
{
    char copy[512];
    const char *argv[MAXARGS];
    int argc = headless_argv(args, copy, sizeof copy, argv);
    return run_with_locale(locale, argv, argc, status, NULL);
}

/* The line of text that starts with prefix, or NULL. */
static const char *line_starting(const char *text, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, prefix, n) == 0)
            return p;
    return NULL;
}

/* Whether text has a line that is exactly `line`. */
static bool has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
            return true;
    return false;
}

/* ---- golden: tests/data/report/MANIFEST ---- */

typedef struct {
    char file[128];
    char locale[32];
    int status;
    char args[256];
} Case;

static Case *cases;
static int ncases;

static void add_case(const char *line, void *ctx)
{
    int *cap = ctx;
    if (ncases == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        cases = realloc(cases, (size_t)*cap * sizeof *cases);
    }
    Case *c = &cases[ncases];
    if (sscanf(line, "%127[^\t]\t%31[^\t]\t%d\t%255[^\n]", c->file, c->locale, &c->status,
               c->args) == 4)
        ncases++;
}

static void load_manifest(void)
{
    int cap = 0;
    if (!cases)
        test_each_manifest_line("data/report/MANIFEST", add_case, &cap);
}

START_TEST(test_manifest_present)
{
    load_manifest();
    ck_assert_msg(ncases >= 10, "tests/data/report/MANIFEST lists %d cases, expected >= 10",
                  ncases);
}
END_TEST

START_TEST(test_golden_case)
{
    load_manifest();
    ck_assert_int_lt(_i, ncases);
    const Case *c = &cases[_i];
    char path[512], rel[200];
    snprintf(rel, sizeof rel, "data/report/%s", c->file);
    test_path(path, sizeof path, rel);
    char *expected = test_read_file(path, NULL);
    ck_assert_msg(expected != NULL, "cannot read %s", path);
    int status;
    char *got = run_args(c->locale, c->args, &status);
    ck_assert_msg(status == c->status, "%s: exit %d, expected %d", c->args, status, c->status);
    if (strcmp(got, expected) != 0) {
        size_t i = 0, line = 1;
        while (got[i] && got[i] == expected[i])
            line += got[i++] == '\n';
        ck_abort_msg("aqsim --headless %s (LC_ALL=%s) differs from %s at line %zu", c->args,
                     c->locale, c->file, line);
    }
    free(got);
    free(expected);
}
END_TEST

/* backpressure at its defaults (10 items, maxsize 3, the consumer sleeps
 * 0.5s an item), worked out by hand from the program:
 *  - the consumer takes item i at 0.5*i and finishes it 0.5s later: 10
 *    items, busy 5.00s of a 5.00s run (main cancels it at 5.0): 100%;
 *  - main puts 0, 1, 2 at once, waits for room at 0.0 (the consumer's get
 *    at 0.0 frees a slot: item 3 goes in at 0.0), then each get at 0.5,
 *    1.0, ..., 3.0 lets one more put through: blocked 3.0 - 0.0 = 3.00s,
 *    60% of the run;
 *  - waits in the queue (get - put): items 0..3 put at 0.0 wait 0, 0.5,
 *    1.0, 1.5; items 4..9 put at 0.5..3.0 are taken at 2.0..4.5: 1.5 each;
 *    sum 12.0 over 10 items: average 1.200s, max 1.500s;
 *  - depth: 3 from 0.0 to 3.5, then 2, 1, 0 for 0.5s each:
 *    (3*3.5 + 2*0.5 + 1*0.5) / 5.0 = 2.40; throughput 10 / 5.0 = 2.00/s.
 *  - the timeline: main is blocked in put() until 3.0 (3.0/5.0 of the bar),
 *    then waits in join(); the consumer processes all along. */
START_TEST(test_backpressure_by_hand)
{
    int status;
    char *out = run_args("C", "backpressure --stats --timeline", &status);
    ck_assert_int_eq(status, 0);
    ck_assert_msg(has_line(out, "slow_consumer     10  5.00s  100.0%    0.500s"), "%s", out);
    ck_assert_msg(has_line(out, "blocked in put(): 3.00s (60.0% of the run): main 3.00s"), "%s",
                  out);
    ck_assert_msg(has_line(out, "wait in queue:    average 1.200s, max 1.500s (10 items)"), "%s",
                  out);
    ck_assert_msg(has_line(out, "queue depth:      max 3 (maxsize 3), average 2.40 over time"),
                  "%s", out);
    ck_assert_msg(has_line(out, "throughput:       2.00 items/s (10 items in 5.00s)"), "%s", out);
    /* 80 columns: "main" padded to 13, " |", 64 columns of bar, "|". */
    const char *main_row = line_starting(out, "main          |");
    ck_assert_msg(main_row != NULL, "%s", out);
    const char *bar = main_row + 15;
    int p = 0, j = 0;
    for (int c = 0; c < 64; c++) {
        p += bar[c] == 'P';
        j += bar[c] == 'j';
    }
    /* 3.0 of 5.0 seconds is 38.4 columns: 38 P, then 26 j. */
    ck_assert_int_eq(p, 38);
    ck_assert_int_eq(j, 26);
    ck_assert_int_eq(bar[64], '|');
    const char *consumer_row = line_starting(out, "slow_consumer |");
    ck_assert_msg(consumer_row != NULL, "%s", out);
    for (int c = 0; c < 64; c++)
        ck_assert_int_eq(consumer_row[15 + c], '#');
    free(out);
}
END_TEST

/* producer-consumer at its defaults: puts task-A..D at 0.2, 0.4, 0.6, 0.8
 * (and None right after D), the worker takes them at 0.2, 0.7, 1.2, 1.7
 * and works 0.5s each; the run ends at 2.2 when it takes the None.
 *  - 4 items (the None is not an item), busy 2.00s of 2.20s: 90.9%;
 *  - waits 0, 0.3, 0.6, 0.9: average 0.450s, max 0.900s;
 *  - depth 1 (0.4-0.6), 2 (0.6-0.7), 1 (0.7-0.8), 3 (0.8-1.2), 2 (1.2-1.7),
 *    1 (1.7-2.2): 3.2 / 2.2 = 1.45; max 3 (two items and the None). */
START_TEST(test_producer_consumer_by_hand)
{
    int status;
    char *out = run_args("C", "producer-consumer --stats", &status);
    ck_assert_int_eq(status, 0);
    ck_assert_msg(has_line(out, "worker-1      4  2.00s   90.9%    0.500s"), "%s", out);
    ck_assert_msg(has_line(out, "wait in queue:    average 0.450s, max 0.900s (4 items)"), "%s",
                  out);
    ck_assert_msg(has_line(out, "queue depth:      max 3 (unbounded), average 1.45 over time"),
                  "%s", out);
    ck_assert_msg(has_line(out, "blocked in put(): never (no producer waited for room)"), "%s",
                  out);
    /* The transcript comes first, unchanged, then a blank line. */
    ck_assert_msg(strstr(out, "\nDone in 2.20s\n\n--- stats: producer-consumer, 2.20s of virtual "
                              "time ---\n") != NULL,
                  "%s", out);
    free(out);
}
END_TEST

/* pool-stats prints its own per-worker counts and average times: the
 * collector, which only sees trace events, must agree with the program. */
START_TEST(test_pool_stats_agrees)
{
    static const char *const runs[] = {
        "pool-stats --stats",
        "pool-stats --stats --seed 7 --items 40 --workers 4",
        "pool-stats --stats --seed 123 --maxsize 1 --workers 2",
        "pool-stats --stats --seed 5 --python 3.13 --workers 6",
    };
    for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
        int status;
        char *out = run_args("C", runs[r], &status);
        ck_assert_int_eq(status, 0);
        int rows = 0;
        for (const char *p = out; (p = strstr(p, "\n  W")) != NULL; p++) {
            char name[16];
            int count;
            char avg[16];
            if (sscanf(p + 1, "  %15[^:]: %d items, avg %15[0-9.]s", name, &count, avg) != 3)
                continue;
            /* The summary's row: "W0  <items>  <busy>s  <pct>%  <avg to 3>s". */
            char prefix[32];
            snprintf(prefix, sizeof prefix, "%s ", name);
            const char *row = line_starting(strstr(out, "--- stats"), prefix);
            ck_assert_msg(row != NULL, "%s: no row for %s", runs[r], name);
            long items;
            double busy, pct, mine;
            ck_assert_int_eq(sscanf(row + strlen(name), " %ld %lfs %lf%% %lfs", &items, &busy,
                                    &pct, &mine),
                             4);
            ck_assert_msg(items == count, "%s: %s processed %ld, the program says %d", runs[r],
                          name, items, count);
            char mine2[32];
            snprintf(mine2, sizeof mine2, "%.2f", mine);
            /* 3 decimals rounded again to 2 can differ on a ...5: allow it. */
            double diff = mine - atof(avg);
            ck_assert_msg(diff > -0.0051 && diff < 0.0051, "%s: %s avg %s, the program says %s",
                          runs[r], name, mine2, avg);
            rows++;
        }
        ck_assert_msg(rows >= 2, "%s: found %d per-worker lines", runs[r], rows);
        free(out);
    }
}
END_TEST

/* ---- the collector on hand-made events ---- */

static SimTask fake_task(const char *name, int role)
{
    SimTask t;
    memset(&t, 0, sizeof t);
    snprintf(t.name, sizeof t.name, "%s", name);
    t.role = role;
    return t;
}

static void feed(UiStats *s, double time, SimTraceKind kind, SimTask *task)
{
    SimTraceEvent ev = {.time = time, .kind = kind, .task = task};
    ui_stats_feed(s, &ev);
}

static void feed_wait(UiStats *s, double time, SimTask *task, SimWaitKind w)
{
    SimTraceEvent ev = {.time = time, .kind = SIM_TRACE_TASK_WAIT, .task = task, .wait = w};
    ui_stats_feed(s, &ev);
}

static void feed_item(UiStats *s, double time, SimTraceKind kind, SimTask *task, SimValue v,
                      int qsize)
{
    SimTraceEvent ev = {.time = time, .kind = kind, .task = task, .item = &v, .qsize = qsize};
    ui_stats_feed(s, &ev);
    sim_value_release(&v);
}

static void feed_end(UiStats *s, double time, SimTask *task, const char *detail)
{
    SimTraceEvent ev = {.time = time, .kind = SIM_TRACE_TASK_END, .task = task, .detail = detail};
    ui_stats_feed(s, &ev);
}

#define EPS 1e-12
#define ck_assert_near(a, b) ck_assert_msg(fabs_((a) - (b)) < EPS, "%s = %.17g, expected %.17g", #a, (double)(a), (double)(b))

static double fabs_(double x)
{
    return x < 0 ? -x : x;
}

/* A producer P and a worker W on a FIFO queue of maxsize 2; W's gets run
 * in a hidden helper H (3.11's wait_for), which must count as W.
 *   t=0  W waits in get; P puts a (qsize 1) and sleeps; H gets a; W sleeps
 *   t=1  P puts b, c (qsize 2), waits in put
 *   t=2  W task_done (a: 0..2), gets b; P puts d (after 1s blocked), returns
 *   t=3  W task_done (b: 2..3), gets c
 *   t=4  W is cancelled holding c (3..4: busy, not processed); end
 * W: 2 items, busy 2 + 1 + 1 = 4 of 4 (100%), average (2 + 1) / 2 = 1.5.
 * Waits: a 0, b 1 (1 -> 2), c 2 (1 -> 3): average 1, max 2; d never left.
 * Depth: 0 on 0..1, 2 on 1..3, 1 on 3..4: (2*2 + 1) / 4 = 1.25, max 2. */
START_TEST(test_collector_fifo)
{
    SimTask w = fake_task("W", SCN_ROLE_WORKER), p = fake_task("P", SCN_ROLE_PRODUCER);
    SimTask h = fake_task("W", SCN_ROLE_WORKER);
    h.hidden = true;
    h.parent = &w;
    SimTask runner_helper = fake_task("shutdown_asyncgens", 0);
    runner_helper.hidden = true; /* no parent: counts for nobody */

    UiStats *s = ui_stats_new(SIM_QUEUE_FIFO);
    feed(s, 0, SIM_TRACE_TASK_NEW, &w); /* TASK_NEW alone registers nothing */
    ck_assert_int_eq(ui_stats_task_count(s), 0);
    feed_wait(s, 0, &w, SIM_WAIT_GET);
    feed_item(s, 0, SIM_TRACE_PUT, &p, sim_value_str("a"), 1);
    feed_wait(s, 0, &p, SIM_WAIT_SLEEP);
    feed_item(s, 0, SIM_TRACE_GET, &h, sim_value_str("a"), 0);
    feed_wait(s, 0, &w, SIM_WAIT_SLEEP);
    feed(s, 1, SIM_TRACE_CLOCK, NULL);
    feed_item(s, 1, SIM_TRACE_PUT, &p, sim_value_str("b"), 1);
    feed_item(s, 1, SIM_TRACE_PUT, &p, sim_value_str("c"), 2);
    feed_wait(s, 1, &p, SIM_WAIT_PUT);
    feed(s, 2, SIM_TRACE_ITEM_DONE, &w);
    feed_item(s, 2, SIM_TRACE_GET, &w, sim_value_str("b"), 1);
    feed_wait(s, 2, &w, SIM_WAIT_SLEEP);
    feed_item(s, 2, SIM_TRACE_PUT, &p, sim_value_str("d"), 2);
    feed_end(s, 2, &p, "returned");
    feed(s, 2, SIM_TRACE_TASK_WAIT, &runner_helper);
    feed(s, 3, SIM_TRACE_ITEM_DONE, &w);
    feed_item(s, 3, SIM_TRACE_GET, &w, sim_value_str("c"), 1);
    feed_wait(s, 3, &w, SIM_WAIT_SLEEP);
    feed(s, 4, SIM_TRACE_CANCEL, &w); /* about W, but W does not run */
    feed_end(s, 4, &w, "cancelled");
    ui_stats_end(s, 4);

    /* Tasks in the order they first ran; the helpers are not tasks. */
    ck_assert_int_eq(ui_stats_task_count(s), 2);
    ck_assert_str_eq(ui_stats_task_name(s, 0), "W");
    ck_assert_str_eq(ui_stats_task_name(s, 1), "P");
    ck_assert_int_eq(ui_stats_worker_count(s), 1);
    UiStatsWorker row;
    ui_stats_worker_at(s, 0, &row);
    ck_assert_str_eq(row.name, "W");
    ck_assert_int_eq(row.items, 2);
    ck_assert_near(row.busy, 4.0);
    ck_assert_near(row.busy_pct, 100.0);
    ck_assert_near(row.avg, 1.5);

    UiStatsTotals t;
    ui_stats_totals(s, &t);
    ck_assert_near(t.elapsed, 4.0);
    ck_assert_int_eq(t.items, 2);
    ck_assert_near(t.throughput, 0.5);
    ck_assert_int_eq(t.waited, 3);
    ck_assert_near(t.wait_avg, 1.0);
    ck_assert_near(t.wait_max, 2.0);
    ck_assert_near(t.blocked, 1.0);
    ck_assert_int_eq(t.depth_max, 2);
    ck_assert_near(t.depth_avg, 1.25);
    ck_assert_near(ui_stats_task_time(s, 1, UI_STATS_BLOCKED_PUT), 1.0);
    ck_assert_near(ui_stats_task_time(s, 1, UI_STATS_SLEEPING), 1.0);
    ck_assert_near(ui_stats_task_time(s, 1, UI_STATS_DONE), 2.0);

    /* (0,0) first, then every put and get: 1, 0, 1, 2, 1, 2, 1. */
    const UiStatsDepth *d;
    size_t nd = ui_stats_depth_samples(s, &d);
    static const int want[] = {0, 1, 0, 1, 2, 1, 2, 1};
    ck_assert_int_eq(nd, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < nd; i++)
        ck_assert_int_eq(d[i].qsize, want[i]);

    /* Segments: zero-length states vanish, equal neighbours merge. */
    const UiStatsSegment *seg;
    ck_assert_int_eq(ui_stats_segments(s, 0, &seg), 2);
    ck_assert_int_eq(seg[0].state, UI_STATS_PROCESSING);
    ck_assert_near(seg[0].start, 0.0);
    ck_assert_int_eq(seg[1].state, UI_STATS_CANCELLED);
    ck_assert_near(seg[1].start, 4.0);
    ck_assert_int_eq(ui_stats_segments(s, 1, &seg), 3);
    ck_assert_int_eq(seg[0].state, UI_STATS_SLEEPING);
    ck_assert_int_eq(seg[1].state, UI_STATS_BLOCKED_PUT);
    ck_assert_near(seg[1].start, 1.0);
    ck_assert_int_eq(seg[2].state, UI_STATS_DONE);
    ck_assert_near(seg[2].start, 2.0);

    /* The sparkline, ASCII, 4 columns of 1s: average depth 0, 2, 2, 1 of
     * max 2 -> levels 0, 7, 7, ceil(3.5) = 4: " ##=". */
    char spark[64];
    ck_assert_int_eq(ui_stats_sparkline(s, 4, false, spark, sizeof spark), 4);
    ck_assert_str_eq(spark, " ##=");
    ck_assert_int_eq(ui_stats_sparkline(s, 4, true, spark, sizeof spark), 4);
    ck_assert_str_eq(spark, "\xe2\x96\x81\xe2\x96\x88\xe2\x96\x88\xe2\x96\x85");

    /* Events after the end change nothing. */
    feed_item(s, 9, SIM_TRACE_PUT, &p, sim_value_str("late"), 3);
    ck_assert_near(ui_stats_now(s), 4.0);
    ck_assert_int_eq(ui_stats_depth_samples(s, &d), nd);
    ui_stats_free(s);
}
END_TEST

/* A very long run: the history is thinned (memory stays bounded), the
 * totals stay exact, and the sparkline still shows the shape. A producer
 * puts one item a second; a worker takes it half a second later, for the
 * first half of the run, then stops taking: depth 1 half the time, then
 * climbing. */
START_TEST(test_collector_long_run_stays_bounded)
{
    SimTask w = fake_task("W", SCN_ROLE_WORKER), p = fake_task("P", SCN_ROLE_PRODUCER);
    UiStats *s = ui_stats_new(SIM_QUEUE_FIFO);
    enum { N = 400000 };
    int q = 0, max = 0;
    double area = 0;
    for (int i = 0; i < N; i++) {
        double t = i;
        feed_item(s, t, SIM_TRACE_PUT, &p, sim_value_int(i), ++q);
        feed_wait(s, t, &p, SIM_WAIT_SLEEP);
        if (q > max)
            max = q;
        if (i < N / 2) {
            feed_item(s, t + 0.5, SIM_TRACE_GET, &w, sim_value_int(i), --q);
            feed_wait(s, t + 0.5, &w, SIM_WAIT_SLEEP);
            feed(s, t + 0.75, SIM_TRACE_ITEM_DONE, &w);
            feed_wait(s, t + 0.75, &w, SIM_WAIT_GET);
            area += 0.5;
        } else {
            area += q;
        }
    }
    ui_stats_end(s, N);
    const UiStatsDepth *d;
    const UiStatsSegment *seg;
    ck_assert_int_le(ui_stats_depth_samples(s, &d), 1 << 18);
    ck_assert_int_le(ui_stats_segments(s, 0, &seg) + ui_stats_segments(s, 1, &seg), 1 << 19);
    UiStatsTotals t;
    ui_stats_totals(s, &t);
    ck_assert_int_eq(t.depth_max, max);
    ck_assert_msg(fabs_(t.depth_avg - area / N) < 1e-9, "average %.17g, want %.17g", t.depth_avg, area / N);
    ck_assert_int_eq(t.items, N / 2);
    UiStatsWorker row;
    ui_stats_worker_at(s, 0, &row);
    ck_assert_near(row.busy, 0.25 * (N / 2));
    /* Low, then climbing to the top: the first column lowest, the last
     * the highest. */
    char spark[64];
    ck_assert_int_eq(ui_stats_sparkline(s, 8, false, spark, sizeof spark), 8);
    ck_assert_msg(spark[0] == '.' && spark[7] == '#', "%s", spark);
    ui_stats_free(s);
}
END_TEST

/* LIFO: a (t=0), b (t=1) in; get at 2 is b (waited 1), at 3 a (waited 3).
 * A None is put and taken too: it is not an item and not a wait. */
START_TEST(test_collector_lifo)
{
    SimTask m = fake_task("main", SCN_ROLE_MAIN);
    UiStats *s = ui_stats_new(SIM_QUEUE_LIFO);
    feed_item(s, 0, SIM_TRACE_PUT, &m, sim_value_str("a"), 1);
    feed_item(s, 1, SIM_TRACE_PUT, &m, sim_value_str("b"), 2);
    feed_item(s, 2, SIM_TRACE_GET, &m, sim_value_str("b"), 1);
    feed_item(s, 3, SIM_TRACE_GET, &m, sim_value_str("a"), 0);
    feed_item(s, 3, SIM_TRACE_PUT, &m, sim_value_none(), 1);
    feed_item(s, 5, SIM_TRACE_GET, &m, sim_value_none(), 0);
    ui_stats_end(s, 5);
    UiStatsTotals t;
    ui_stats_totals(s, &t);
    ck_assert_int_eq(t.waited, 2);
    ck_assert_near(t.wait_avg, 2.0);
    ck_assert_near(t.wait_max, 3.0);
    /* main took items, so it is a worker: b (2..3) and a (3..5, ended by
     * the get of the None) are processed. */
    ck_assert_int_eq(ui_stats_worker_count(s), 1);
    UiStatsWorker row;
    ui_stats_worker_at(s, 0, &row);
    ck_assert_int_eq(row.items, 2);
    ck_assert_near(row.busy, 3.0);
    ui_stats_free(s);
}
END_TEST

/* The twin disagrees (an event was missed): the get matches the newest
 * equal item for LIFO. Puts x (0), y (1), x (2); the stack's top is the x
 * of 2, but the get at 4 returns y: it matches the y of 1 (waited 3); then
 * x at 5 is the x of 2 (3), x at 6 the x of 0 (6). A get with no put at
 * all matches nothing. */
START_TEST(test_collector_lifo_fallback)
{
    SimTask m = fake_task("main", SCN_ROLE_MAIN);
    UiStats *s = ui_stats_new(SIM_QUEUE_LIFO);
    feed_item(s, 0, SIM_TRACE_PUT, &m, sim_value_str("x"), 1);
    feed_item(s, 1, SIM_TRACE_PUT, &m, sim_value_str("y"), 2);
    feed_item(s, 2, SIM_TRACE_PUT, &m, sim_value_str("x"), 3);
    feed_item(s, 4, SIM_TRACE_GET, &m, sim_value_str("y"), 2);
    feed_item(s, 5, SIM_TRACE_GET, &m, sim_value_str("x"), 1);
    feed_item(s, 6, SIM_TRACE_GET, &m, sim_value_str("x"), 0);
    feed_item(s, 7, SIM_TRACE_GET, &m, sim_value_str("ghost"), 0);
    ui_stats_end(s, 7);
    UiStatsTotals t;
    ui_stats_totals(s, &t);
    /* y waited 3 (1 -> 4); the x of 2 waited 3 (2 -> 5), the x of 0 six. */
    ck_assert_int_eq(t.waited, 3);
    ck_assert_near(t.wait_avg, 4.0);
    ck_assert_near(t.wait_max, 6.0);
    ui_stats_free(s);
}
END_TEST

/* PriorityQueue: 3 at t=0, 1 and 2 at t=1; gets 1 and 2 at t=2 (waited
 * 1 each) and 3 at t=4 (waited 4): average 2, max 4. Tuples compare as
 * Python does: (5, "b") comes out before (5, "c") put earlier. */
START_TEST(test_collector_priority)
{
    SimTask m = fake_task("main", SCN_ROLE_MAIN);
    UiStats *s = ui_stats_new(SIM_QUEUE_PRIORITY);
    feed_item(s, 0, SIM_TRACE_PUT, &m, sim_value_int(3), 1);
    feed_item(s, 1, SIM_TRACE_PUT, &m, sim_value_int(1), 2);
    feed_item(s, 1, SIM_TRACE_PUT, &m, sim_value_int(2), 3);
    feed_item(s, 2, SIM_TRACE_GET, &m, sim_value_int(1), 2);
    feed_item(s, 2, SIM_TRACE_GET, &m, sim_value_int(2), 1);
    feed_item(s, 4, SIM_TRACE_GET, &m, sim_value_int(3), 0);
    UiStatsTotals t;
    ui_stats_totals(s, &t);
    ck_assert_int_eq(t.waited, 3);
    ck_assert_near(t.wait_avg, 2.0);
    ck_assert_near(t.wait_max, 4.0);
    ui_stats_free(s);

    s = ui_stats_new(SIM_QUEUE_PRIORITY);
    SimValue c[2] = {sim_value_int(5), sim_value_str("c")};
    SimValue b[2] = {sim_value_int(5), sim_value_str("b")};
    SimValue b2[2] = {sim_value_int(5), sim_value_str("b")};
    SimValue c2[2] = {sim_value_int(5), sim_value_str("c")};
    feed_item(s, 0, SIM_TRACE_PUT, &m, sim_value_tuple(2, c), 1);
    feed_item(s, 2, SIM_TRACE_PUT, &m, sim_value_tuple(2, b), 2);
    feed_item(s, 3, SIM_TRACE_GET, &m, sim_value_tuple(2, b2), 1);
    feed_item(s, 7, SIM_TRACE_GET, &m, sim_value_tuple(2, c2), 0);
    ui_stats_totals(s, &t);
    /* (5, 'b') waited 1, (5, 'c') 7. */
    ck_assert_int_eq(t.waited, 2);
    ck_assert_near(t.wait_avg, 4.0);
    ck_assert_near(t.wait_max, 7.0);
    ui_stats_free(s);
}
END_TEST

/* Mid-run (no end yet) the numbers run to the last event, open intervals
 * included; a task that forgets task_done() still finishes an item when
 * it goes back to get(). */
START_TEST(test_collector_open_intervals)
{
    SimTask w = fake_task("W", SCN_ROLE_WORKER), p = fake_task("P", SCN_ROLE_PRODUCER);
    UiStats *s = ui_stats_new(SIM_QUEUE_FIFO);
    feed_item(s, 0, SIM_TRACE_PUT, &p, sim_value_int(1), 1);
    feed_item(s, 0, SIM_TRACE_PUT, &p, sim_value_int(2), 2);
    feed_wait(s, 0, &p, SIM_WAIT_PUT);
    feed_item(s, 0, SIM_TRACE_GET, &w, sim_value_int(1), 1);
    feed_wait(s, 0, &w, SIM_WAIT_SLEEP);
    feed(s, 2, SIM_TRACE_PRINT, &w);
    feed_wait(s, 2, &w, SIM_WAIT_GET); /* no task_done: the hold ends here */
    feed(s, 3, SIM_TRACE_CLOCK, NULL);
    UiStatsWorker row;
    ui_stats_worker_at(s, 0, &row);
    ck_assert_int_eq(row.items, 1);
    ck_assert_near(row.busy, 2.0);
    ck_assert_near(ui_stats_now(s), 3.0);
    ck_assert_near(row.busy_pct, 200.0 / 3.0);
    /* P has been blocked since 0, still is. */
    ck_assert_near(ui_stats_task_time(s, 0, UI_STATS_BLOCKED_PUT), 3.0);
    ck_assert_near(ui_stats_task_time(s, 1, UI_STATS_WAIT_GET), 1.0);
    ui_stats_free(s);
}
END_TEST

START_TEST(test_state_table)
{
    /* Every state has words, and the timeline's characters are the ones
     * the legend promises. */
    for (int k = 0; k < UI_STATS_STATE_COUNT; k++)
        ck_assert_msg(strlen(ui_stats_state_name((UiStatsState)k)) > 0, "state %d", k);
    ck_assert_int_eq(ui_stats_state_char(UI_STATS_PROCESSING), '#');
    ck_assert_int_eq(ui_stats_state_char(UI_STATS_READY), '=');
    ck_assert_int_eq(ui_stats_state_char(UI_STATS_WAIT_GET), '.');
    ck_assert_int_eq(ui_stats_state_char(UI_STATS_BLOCKED_PUT), 'P');
    ck_assert_int_eq(ui_stats_state_char(UI_STATS_WAIT_JOIN), 'j');
    ck_assert_int_eq(ui_stats_state_char(UI_STATS_SLEEPING), 'z');
    ck_assert_int_eq(ui_stats_state_char(UI_STATS_DONE), ' ');
    ck_assert_int_eq(ui_stats_state_char(UI_STATS_NOT_STARTED), ' ');
}
END_TEST

/* ---- the timeline's shape ---- */

/* Columns of a UTF-8 line (every character the timeline draws is one
 * column wide). */
static int columns(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

START_TEST(test_timeline_widths)
{
    static const char *const scenarios[] = {"shutdown", "backpressure", "lifo", "worker-pool"};
    const char *locale = _i == 0 ? "C" : "C.UTF-8";
    for (size_t k = 0; k < sizeof scenarios / sizeof scenarios[0]; k++)
        for (int w = 40; w <= 120; w++) {
            char args[128];
            snprintf(args, sizeof args, "%s --timeline --width %d", scenarios[k], w);
            int status;
            char *out = run_args(locale, args, &status);
            ck_assert_int_eq(status, 0);
            int lines = 0;
            for (const char *p = out; *p;) {
                const char *nl = strchr(p, '\n');
                ck_assert_msg(nl != NULL, "%s: last line without a newline", args);
                int cols = columns(p, (size_t)(nl - p));
                /* At most the width, and no trailing blanks; the task rows,
                 * framed by bars, are the width exactly. */
                ck_assert_msg(cols <= w && (nl == p || nl[-1] != ' '),
                              "%s (%s): line %d is %d columns: '%.*s'", args, locale, lines + 1, cols,
                              (int)(nl - p), p);
                if (lines > 0 && cols > 0 && strncmp(nl - (locale[1] ? 3 : 1), locale[1] ? "\xe2\x94\x82" : "|",
                                                     locale[1] ? 3 : 1) == 0)
                    ck_assert_msg(cols == w, "%s (%s): row %d is %d columns", args, locale, lines + 1, cols);
                lines++;
                p = nl + 1;
            }
            /* header, a row per task (>= 1), axis, labels, legend */
            ck_assert_msg(lines >= 5, "%s: %d lines", args, lines);
            free(out);
        }
}
END_TEST

START_TEST(test_deterministic_twice)
{
    static const char *const runs[] = {
        "worker-pool --seed 3 --items 30 --stats --timeline",
        "shutdown --workers 3 --stats --timeline --width 57",
        "retry --items 12 --seed 8 --stats --timeline",
    };
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        int s1, s2;
        char *a = run_args("C.UTF-8", runs[k], &s1);
        char *b = run_args("C.UTF-8", runs[k], &s2);
        ck_assert_int_eq(s1, 0);
        ck_assert_int_eq(s2, 0);
        ck_assert_msg(strstr(a, "--- stats") && strstr(a, "legend:"), "%s: %s", runs[k], a);
        ck_assert_msg(strcmp(a, b) == 0, "%s is not deterministic", runs[k]);
        free(a);
        free(b);
    }
}
END_TEST

/* --timeline alone replaces the transcript; with --stats both follow it. */
START_TEST(test_timeline_alone_has_no_transcript)
{
    int status;
    char *out = run_args("C", "join --timeline", &status);
    ck_assert_int_eq(status, 0);
    ck_assert_msg(strstr(out, "consumed") == NULL, "%s", out);
    ck_assert_msg(strncmp(out, "join: time 0 to ", 16) == 0, "%s", out);
    free(out);
    out = run_args("C", "join --timeline --stats", &status);
    ck_assert_msg(strncmp(out, "  produced 0\n", 13) == 0, "%s", out);
    const char *st = strstr(out, "\n\n--- stats: join");
    const char *tl = strstr(out, "\n\njoin: time 0 to ");
    ck_assert_msg(st && tl && st < tl, "%s", out);
    free(out);
}
END_TEST

/* ---- export ---- */

/* The program for `aqsim SCENARIO ARGS --export-py x`, or NULL with why. */
static char *export_text(const char *args, bool *ok, char *why, size_t why_size)
{
    char copy[512];
    const char *argv[MAXARGS];
    int argc = headless_argv(args, copy, sizeof copy, argv);
    argv[argc++] = "--export-py";
    argv[argc++] = "unused.py";
    CliOptions opt;
    cli_parse(argc, (char **)argv, &opt);
    ck_assert_msg(opt.action == CLI_RUN_HEADLESS, "%s: %s", args, opt.message);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    *ok = ui_export_write(&opt, mem, why, why_size);
    fclose(mem);
    return text;
}

START_TEST(test_export_golden)
{
    const char *name = scenario_names[_i];
    bool ok;
    char why[256] = "";
    char *got = export_text(name, &ok, why, sizeof why);
    ck_assert_msg(ok, "%s: %s", name, why);
    char rel[128], path[512];
    snprintf(rel, sizeof rel, "data/report/export-%s.py", name);
    test_path(path, sizeof path, rel);
    char *expected = test_read_file(path, NULL);
    ck_assert_msg(expected != NULL, "cannot read %s", path);
    if (strcmp(got, expected) != 0) {
        size_t i = 0, line = 1;
        while (got[i] && got[i] == expected[i])
            line += got[i++] == '\n';
        ck_abort_msg("--export-py %s differs from %s at line %zu", name, rel, line);
    }
    /* What the header promises. */
    ck_assert_msg(strstr(got, "#   aqsim --headless ") != NULL, "%s", got);
    ck_assert_msg(strstr(got, "virtual clock") != NULL, "%s", got);
    ck_assert_msg(strstr(got, "asyncio.run(main())\n") != NULL, "%s", got);
    free(got);
    free(expected);
}
END_TEST

/* --replay FILE --export-py: the program of the session's scenario,
 * parameters and seed, as if they had been given as flags; a note says its
 * live changes are not in it. */
START_TEST(test_export_from_a_session)
{
    char session[] = "/tmp/aqsim-export-XXXXXX";
    int fd = mkstemp(session);
    ck_assert_int_ge(fd, 0);
    const char text[] = "# aqsim session 1\nscenario worker-pool\nseed 7\nparam workers 4\n"
                        "live 3 maxsize 2\n";
    ck_assert(write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
    close(fd);
    char out[64];
    snprintf(out, sizeof out, "%s.py", session);
    const char *argv[] = {"aqsim", "--replay", session, "--export-py", out, NULL};
    CliOptions opt;
    cli_parse(5, (char **)argv, &opt);
    ck_assert_msg(opt.action != CLI_ERROR, "%s", opt.message);
    char *err = NULL;
    size_t elen = 0;
    FILE *ef = open_memstream(&err, &elen);
    ck_assert_int_eq(ui_export_run(&opt, ef), 0);
    fclose(ef);
    ck_assert_msg(strstr(err, "1 live change") && strstr(err, "not in the program"), "%s", err);
    char *got = test_read_file(out, NULL);
    ck_assert_ptr_nonnull(got);
    bool ok;
    char why[256] = "";
    char *want = export_text("worker-pool --workers 4 --seed 7", &ok, why, sizeof why);
    ck_assert_msg(ok, "%s", why);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
    free(err);
    remove(out);
    remove(session);
}
END_TEST

/* The command an exported program's header gives to reproduce it is one
 * aqsim accepts: for every scenario, exported from the dashboard's command
 * line or with --headless, with each of its mistakes. */
static void check_header_command(const char *args, bool headless)
{
    char copy[512];
    const char *argv[MAXARGS];
    int argc = headless_argv(args, copy, sizeof copy, argv);
    if (!headless) { /* aqsim SCENARIO ... --export-py, no --headless */
        memmove(argv + 1, argv + 2, (size_t)(argc - 1) * sizeof *argv);
        argc--;
    }
    argv[argc++] = "--export-py";
    argv[argc++] = "unused.py";
    argv[argc] = NULL;
    CliOptions opt;
    cli_parse(argc, (char **)argv, &opt);
    ck_assert_msg(opt.action != CLI_ERROR, "%s: %s", args, opt.message);
    char *text = NULL, why[256] = "";
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    ck_assert_msg(ui_export_write(&opt, mem, why, sizeof why), "%s: %s", args, why);
    fclose(mem);
    char *line = strstr(text, "#   aqsim --headless ");
    ck_assert_msg(line != NULL, "%s: no command in:\n%s", args, text);
    line += strlen("#   aqsim --headless ");
    char cmd[1024];
    size_t n = strcspn(line, "\n");
    ck_assert_uint_lt(n, sizeof cmd);
    memcpy(cmd, line, n);
    cmd[n] = '\0';
    argc = headless_argv(cmd, copy, sizeof copy, argv);
    cli_parse(argc, (char **)argv, &opt);
    ck_assert_msg(opt.action == CLI_RUN_HEADLESS, "%s: the header's 'aqsim --headless %s' fails: %s", args, cmd,
                  opt.message);
    free(text);
}

START_TEST(test_export_header_command_runs)
{
    const Scenario *s = scn_find(scenario_names[_i]);
    ck_assert_ptr_nonnull(s);
    for (int headless = 0; headless < 2; headless++) {
        check_header_command(s->name, headless);
        for (int k = 0; k < SCN_MISTAKE_COUNT; k++) {
            if (!((s->mistakes >> k) & 1u))
                continue;
            char args[128];
            snprintf(args, sizeof args, "%s --mistake %s", s->name, scn_mistake_name((ScnMistake)k));
            check_header_command(args, headless);
        }
    }
}
END_TEST

/* The seed line: in the __main__ block (so every line above keeps the
 * number aqsim shows), with the seed as given (made a valid literal);
 * none for programs without random. */
START_TEST(test_export_seed)
{
    bool ok;
    char why[256];
    char *t = export_text("worker-pool --seed 42", &ok, why, sizeof why);
    ck_assert(ok);
    ck_assert_msg(strstr(t, "if __name__ == \"__main__\":\n    random.seed(42)  # as aqsim --seed") !=
                      NULL,
                  "%s", t);
    ck_assert_msg(strstr(t, "--seed 42 --python 3.11\n") != NULL, "%s", t);
    free(t);
    t = export_text("retry --seed -123456789012345678901234567890", &ok, why, sizeof why);
    ck_assert_msg(strstr(t, "    random.seed(-123456789012345678901234567890)  #") != NULL, "%s", t);
    free(t);
    /* int() takes "007" and "+0_42"; a Python literal does not. */
    t = export_text("pool-stats --seed 007", &ok, why, sizeof why);
    ck_assert_msg(strstr(t, "    random.seed(7)  #") != NULL, "%s", t);
    free(t);
    t = export_text("pool-stats --seed +0_4_2", &ok, why, sizeof why);
    ck_assert_msg(strstr(t, "    random.seed(4_2)  #") != NULL, "%s", t);
    free(t);
    t = export_text("pool-stats --seed -000", &ok, why, sizeof why);
    ck_assert_msg(strstr(t, "    random.seed(0)  #") != NULL, "%s", t);
    free(t);
    t = export_text("join --seed 5", &ok, why, sizeof why);
    ck_assert_msg(strstr(t, "random.seed") == NULL, "%s", t);
    ck_assert_msg(strstr(t, "--seed") == NULL, "%s", t);
    free(t);
    /* Parameters are baked in, and named in the header. */
    t = export_text("shutdown --workers 4 --shutdown-at 2.5 --timeout 0.25 --python 3.12", &ok,
                    why, sizeof why);
    ck_assert_msg(strstr(t, "for n in range(1, 4 + 1)") != NULL, "%s", t);
    ck_assert_msg(strstr(t, "await asyncio.sleep(2.5)") != NULL, "%s", t);
    ck_assert_msg(strstr(t, "timeout=0.25)") != NULL, "%s", t);
    ck_assert_msg(strstr(t, "aqsim --headless shutdown --maxsize 5 --workers 4 --shutdown-at 2.5 "
                            "--timeout 0.25 --python 3.12\n") != NULL,
                  "%s", t);
    free(t);

    /* The longest seed Python takes is written whole: cut, it would be
     * another seed and other random choices. */
    static char seed[4301], want[4400];
    memset(seed, '8', 4300);
    const char *argv[] = {"aqsim", "--headless", "worker-pool", "--seed", seed, "--export-py",
                          "unused.py"};
    CliOptions opt;
    cli_parse((int)(sizeof argv / sizeof argv[0]), (char **)argv, &opt);
    ck_assert_msg(opt.action == CLI_RUN_HEADLESS, "%s", opt.message);
    size_t len = 0;
    FILE *mem = open_memstream(&t, &len);
    ck_assert(ui_export_write(&opt, mem, why, sizeof why));
    fclose(mem);
    snprintf(want, sizeof want, "    random.seed(%s)  #", seed);
    ck_assert_msg(strstr(t, want) != NULL, "the 4300-digit seed is not written whole");
    snprintf(want, sizeof want, " --seed %s --python", seed);
    ck_assert_msg(strstr(t, want) != NULL, "the header's command does not carry the whole seed");
    free(t);
}
END_TEST

/* Every mistake a scenario can be switched into is written into its
 * program, marked, the way the simulation applies it. */
/* The 1-based line on which needle first appears, 0 if nowhere. */
static int line_of(const char *text, const char *needle)
{
    const char *at = strstr(text, needle);
    if (!at)
        return 0;
    int line = 1;
    for (const char *p = text; p < at; p++)
        line += *p == '\n';
    return line;
}

START_TEST(test_export_mistakes)
{
    int written = 0;
    for (int i = 0; i < NSCENARIOS; i++) {
        const Scenario *s = scn_find(scenario_names[i]);
        ck_assert_ptr_nonnull(s);
        for (int k = 0; k < SCN_MISTAKE_COUNT; k++) {
            if (!((s->mistakes >> k) & 1u))
                continue;
            char args[128], mark[64];
            snprintf(args, sizeof args, "%s --mistake %s", s->name, scn_mistake_name((ScnMistake)k));
            bool ok;
            char why[256] = "";
            char *t = export_text(args, &ok, why, sizeof why);
            ck_assert_msg(ok, "%s: %s", args, why);
            snprintf(mark, sizeof mark, "# MISTAKE: %s: ", scn_mistake_name((ScnMistake)k));
            ck_assert_msg(strstr(t, mark) != NULL, "%s:\n%s", args, t);
            switch ((ScnMistake)k) {
            case SCN_MISTAKE_FORGET_TASK_DONE:
                ck_assert_msg(strstr(t, "# queue.task_done()  # MISTAKE") != NULL, "%s", t);
                break;
            case SCN_MISTAKE_FEWER_SENTINELS:
                ck_assert_msg(strstr(t, "for _ in range(1 - 1):  # MISTAKE") != NULL, "%s", t);
                break;
            case SCN_MISTAKE_UNBOUNDED:
                ck_assert_msg(strstr(t, "Queue(maxsize=0)") != NULL, "%s", t);
                break;
            case SCN_MISTAKE_CANCEL_BEFORE_JOIN:
                /* On join's own line: every line keeps its number. */
                ck_assert_msg(strstr(t, "\n    [w.cancel() for w in workers]; await queue.join()  "
                                        "# MISTAKE") != NULL,
                              "%s", t);
                {
                    char plain[128];
                    snprintf(plain, sizeof plain, "%s", s->name);
                    bool ok2;
                    char *u = export_text(plain, &ok2, why, sizeof why);
                    ck_assert_int_eq(line_of(t, "await queue.join()"),
                                     line_of(u, "await queue.join()"));
                    free(u);
                }
                break;
            default:
                break;
            }
            free(t);
            written++;
        }
    }
    ck_assert_int_ge(written, 9);
}
END_TEST

START_TEST(test_export_files)
{
    CliOptions opt;
    char tmpl[] = "/tmp/aqsim-export-XXXXXX";
    int fd = mkstemp(tmpl);
    ck_assert_int_ge(fd, 0);
    close(fd);
    const char *argv[] = {"aqsim", "backpressure", "--export-py", tmpl, NULL};
    cli_parse(4, (char **)argv, &opt);
    ck_assert_int_eq(opt.action, CLI_RUN_DASHBOARD);
    char *err = NULL;
    size_t errlen = 0;
    FILE *e = open_memstream(&err, &errlen);
    ck_assert_int_eq(ui_export_run(&opt, e), 0);
    fclose(e);
    char want[256];
    snprintf(want, sizeof want, "aqsim: wrote %s\n", tmpl);
    ck_assert_str_eq(err, want);
    free(err);
    char *file = test_read_file(tmpl, NULL);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    char why[200];
    ck_assert(ui_export_write(&opt, mem, why, sizeof why));
    fclose(mem);
    ck_assert_ptr_nonnull(file);
    ck_assert_str_eq(file, text);
    free(file);
    free(text);
    unlink(tmpl);

    /* A file that cannot be written: one line, exit status 1. */
    const char *bad[] = {"aqsim", "--headless", "join", "--export-py", "/nonexistent-dir/x.py",
                         NULL};
    cli_parse(5, (char **)bad, &opt);
    err = NULL;
    e = open_memstream(&err, &errlen);
    ck_assert_int_eq(ui_export_run(&opt, e), 1);
    fclose(e);
    ck_assert_msg(strncmp(err, "aqsim: cannot write /nonexistent-dir/x.py: ", 43) == 0, "%s", err);
    ck_assert_msg(strchr(err, '\n') == err + strlen(err) - 1, "not one line: %s", err);
    free(err);
}
END_TEST

/* ---- the reference runner ---- */

static char reference_vclock[512];
static char reference_version[16];

/* python3 on PATH and $AQSIM_REFERENCE_DIR/vclock.py: the version of
 * python3 ("3.11"), else false (the check is not registered). */
static bool reference_available(void)
{
    const char *dir = getenv("AQSIM_REFERENCE_DIR");
    if (!dir || !*dir)
        return false;
    snprintf(reference_vclock, sizeof reference_vclock, "%s/vclock.py", dir);
    if (access(reference_vclock, R_OK) != 0)
        return false;
    FILE *p = popen("python3 -c 'import sys; print(\"%d.%d\" % sys.version_info[:2])' "
                    "2>/dev/null",
                    "r");
    if (!p)
        return false;
    bool ok = fgets(reference_version, sizeof reference_version, p) != NULL;
    if (pclose(p) != 0 || !ok)
        return false;
    reference_version[strcspn(reference_version, "\n")] = '\0';
    SimPyVersion v;
    return sim_py_version_parse(reference_version, &v);
}

/* Export, run under python3 vclock.py, compare with aqsim --headless. */
static void check_against_reference(const char *args)
{
    char full[512];
    snprintf(full, sizeof full, "%s --python %s", args, reference_version);
    bool ok;
    char why[256] = "";
    char *program = export_text(full, &ok, why, sizeof why);
    ck_assert_msg(ok, "%s: %s", full, why);
    char path[] = "/tmp/aqsim-ref-XXXXXX.py";
    int fd = mkstemps(path, 3);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs(program, f);
    fclose(f);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "python3 '%s' '%s' 2>/dev/null", reference_vclock, path);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    char *ref = NULL;
    size_t reflen = 0;
    FILE *mem = open_memstream(&ref, &reflen);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        fwrite(buf, 1, n, mem);
    int rc = pclose(p);
    fclose(mem);
    unlink(path);
    int status;
    char *mine = run_args("C", full, &status);
    ck_assert_msg(strcmp(mine, ref) == 0,
                  "%s: python3 %s on the exported program prints differently:\n--- aqsim\n%s--- "
                  "python\n%s",
                  full, reference_vclock, mine, ref);
    /* vclock exits 3 on a deadlock, as aqsim does. */
    ck_assert_msg(WIFEXITED(rc) && WEXITSTATUS(rc) == status, "%s: python exit %d, aqsim %d", full,
                  WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, status);
    free(mine);
    free(ref);
    free(program);
}

/* The scenarios python3 can run (queue-shutdown needs 3.13: run the suite
 * with a python3 that is, e.g. PYENV_VERSION=3.13.0, to include it). */
static int reference_scenarios[NSCENARIOS];
static int nreference;

START_TEST(test_export_runs_like_aqsim)
{
    const Scenario *s = scn_find(scenario_names[reference_scenarios[_i]]);
    check_against_reference(s->name);
    static const char *const more[] = {
        "worker-pool --seed 42 --items 25 --workers 4 --maxsize 2",
        "retry --seed 9 --items 7 --workers 3",
        "pool-stats --seed 3 --mistake cancel-before-join",
        "producer-consumer --workers 3 --items 9 --mistake fewer-sentinels",
        "backpressure --mistake unbounded --items 6",
        "shutdown --shutdown-at 1.7 --timeout 0.4 --workers 3",
    };
    for (size_t k = 0; k < sizeof more / sizeof more[0]; k++)
        if (strncmp(more[k], s->name, strlen(s->name)) == 0 && more[k][strlen(s->name)] == ' ')
            check_against_reference(more[k]);
}
END_TEST

Suite *make_report_suite(void)
{
    Suite *s = suite_create("report");

    TCase *golden = tcase_create("golden");
    tcase_set_timeout(golden, 60);
    load_manifest();
    tcase_add_test(golden, test_manifest_present);
    if (ncases > 0)
        tcase_add_loop_test(golden, test_golden_case, 0, ncases);
    tcase_add_test(golden, test_backpressure_by_hand);
    tcase_add_test(golden, test_producer_consumer_by_hand);
    tcase_add_test(golden, test_pool_stats_agrees);
    suite_add_tcase(s, golden);

    TCase *collector = tcase_create("collector");
    tcase_add_test(collector, test_collector_fifo);
    tcase_add_test(collector, test_collector_long_run_stays_bounded);
    tcase_add_test(collector, test_collector_lifo);
    tcase_add_test(collector, test_collector_lifo_fallback);
    tcase_add_test(collector, test_collector_priority);
    tcase_add_test(collector, test_collector_open_intervals);
    tcase_add_test(collector, test_state_table);
    suite_add_tcase(s, collector);

    TCase *timeline = tcase_create("timeline");
    tcase_set_timeout(timeline, 120);
    tcase_add_loop_test(timeline, test_timeline_widths, 0, 2);
    tcase_add_test(timeline, test_deterministic_twice);
    tcase_add_test(timeline, test_timeline_alone_has_no_transcript);
    suite_add_tcase(s, timeline);

    TCase *export = tcase_create("export");
    tcase_add_loop_test(export, test_export_golden, 0, NSCENARIOS);
    tcase_add_test(export, test_export_from_a_session);
    tcase_add_test(export, test_export_seed);
    tcase_add_loop_test(export, test_export_header_command_runs, 0, NSCENARIOS);
    tcase_add_test(export, test_export_mistakes);
    tcase_add_test(export, test_export_files);
    suite_add_tcase(s, export);

    /* Only where the reference runner can be run (see the top). */
    SimPyVersion v;
    if (reference_available() && sim_py_version_parse(reference_version, &v)) {
        for (int i = 0; i < NSCENARIOS; i++)
            if (scn_find(scenario_names[i])->min_version <= v)
                reference_scenarios[nreference++] = i;
        TCase *ref = tcase_create("reference");
        tcase_set_timeout(ref, 120);
        tcase_add_loop_test(ref, test_export_runs_like_aqsim, 0, nreference);
        suite_add_tcase(s, ref);
    }
    return s;
}
