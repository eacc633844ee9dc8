/* headless.c - print what the Python program prints, byte for byte. */
#include "ui/headless.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenarios/run.h"
#include "ui/diff.h"
#include "ui/explain.h"
#include "ui/record.h"
#include "ui/stats.h"
#include "sim/fmt.h"
#include "sim/trace.h"
#include "sim/xalloc.h"

/* Where a headless run's events go: the transcript or the JSONL trace to
 * out, and every event to the statistics when asked for. */
typedef struct {
    FILE *out;
    bool jsonl;
    UiStats *stats;
    bool direct;
    /* The transcript, gathered here and written in large blocks: a
     * million-item run prints millions of short lines, and one fwrite per
     * line would cost more than simulating it. */
    size_t len;
    char buf[1 << 16];
} Sink;

static void sink_flush(Sink *k)
{
    if (k->out && k->len)
        fwrite(k->buf, 1, k->len, k->out);
    k->len = 0;
}

static void sink_print(void *ctx, const char *text, size_t len)
{
    Sink *k = ctx;
    if (!k->out)
        return;
    if (k->direct) {
        fwrite(text, 1, len, k->out);
        return;
    }
    if (k->len + len > sizeof k->buf) {
        sink_flush(k);
        if (len > sizeof k->buf) {
            fwrite(text, 1, len, k->out);
            return;
        }
    }
    memcpy(k->buf + k->len, text, len);
    k->len += len;
}

static void sink_trace(void *ctx, const SimTraceEvent *ev)
{
    Sink *k = ctx;
    if (k->stats)
        ui_stats_feed(k->stats, ev);
    if (k->jsonl)
        sim_trace_write_jsonl(k->out, ev);
}

/* Whether the terminal's locale is UTF-8, from the environment as
 * setlocale(LC_CTYPE, "") would read it (LC_ALL, then LC_CTYPE, then LANG);
 * headless output never calls setlocale, so Python's number formatting
 * stays in the C locale. */
static bool locale_is_utf8(void)
{
    const char *names[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = getenv(names[i]);
        if (!v || !*v)
            continue;
        for (const char *p = v; *p; p++)
            if ((tolower((unsigned char)p[0]) == 'u' && tolower((unsigned char)p[1]) == 't' &&
                 tolower((unsigned char)p[2]) == 'f') &&
                (p[3] == '8' || (p[3] == '-' && p[4] == '8')))
                return true;
        return false;
    }
    return false;
}

int headless_run(const CliOptions *opt, FILE *out, FILE *err)
{
    return headless_run_session(opt, NULL, out, err);
}

int headless_run_session(const CliOptions *opt, const UiRecording *rec, FILE *out, FILE *err)
{
    const Scenario *scenario = rec ? rec->scenario : opt->scenario;
    ScnConfig cfg = {.version = opt->version, .seed = opt->seed};
    /* --timeline alone shows the timeline instead of the transcript. */
    bool transcript = !opt->timeline || opt->stats || opt->trace == CLI_TRACE_JSONL;
    Sink *sink = sim_xcalloc(1, sizeof *sink);
    sink->out = transcript ? out : NULL;
    /* On a terminal, each line shows as it is printed, in order with any
     * message on stderr. */
    sink->direct = isatty(fileno(out));
    sink->jsonl = opt->trace == CLI_TRACE_JSONL;
    if (opt->stats || opt->timeline)
        sink->stats = ui_stats_new(scenario->queue_kind);
    if (sink->jsonl || sink->stats)
        cfg.sinks.trace = sink_trace;
    if (!sink->jsonl)
        cfg.sinks.print = sink_print;
    cfg.sinks.ctx = sink;
    ScnRun *run;
    SimRunStatus st;
    if (rec) {
        /* A recorded session: its setup, and its live changes at their steps. */
        run = ui_record_run(rec, &cfg.sinks, err);
        st = scn_run_status(run);
    } else {
        run = scn_run_new(opt->scenario, &opt->params, &cfg);
        /* A write that failed (a full disk, a closed pipe) ends the run
         * there: the rest could never be seen. */
        uint64_t n = 0;
        do
            st = scn_run_step(run);
        while (st == SIM_RUN_RUNNING && (++n % 4096 != 0 || !ferror(out)));
    }
    sink_flush(sink);
    if (ferror(out)) {
        int saved = errno; /* for the caller's one line about it */
        ui_stats_free(sink->stats);
        free(sink);
        scn_run_free(run);
        errno = saved;
        return 1;
    }
    if (sink->stats) {
        /* What the run did up to its end, deadlocked or not. */
        bool utf8 = locale_is_utf8();
        ui_stats_end(sink->stats, sim_loop_time(scn_run_loop(run)));
        if (opt->stats) {
            fputc('\n', out);
            ui_stats_write_summary(sink->stats, run, utf8, out);
        }
        if (opt->timeline) {
            if (transcript)
                fputc('\n', out);
            ui_stats_write_timeline(sink->stats, run, opt->width, utf8, out);
        }
    }
    fflush(out);
    int status = explain_run_end(run, err);
    ui_stats_free(sink->stats);
    free(sink);
    scn_run_free(run);
    return status;
}

static void print_to(void *ctx, const char *text, size_t len)
{
    fwrite(text, 1, len, (FILE *)ctx);
}

/* One run's printed output, which version-dependent paths it took, and in
 * how many passes timers with one deadline came due together (*ties). */
static char *run_text(const CliOptions *opt, SimPyVersion v, uint64_t variants[SIM_VARIANT_COUNT],
                      uint64_t *ties, SimRunStatus *status)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    ScnConfig cfg = {.version = v, .seed = opt->seed};
    cfg.sinks.print = print_to;
    cfg.sinks.ctx = mem;
    ScnRun *run = scn_run_new(opt->scenario, &opt->params, &cfg);
    do
        *status = scn_run_step(run);
    while (*status == SIM_RUN_RUNNING);
    for (int k = 0; k < SIM_VARIANT_COUNT; k++)
        variants[k] = sim_loop_variant_count(scn_run_loop(run), (SimVariant)k);
    *ties = sim_loop_tie_passes(scn_run_loop(run));
    scn_run_free(run);
    fclose(mem);
    return text;
}

int headless_python_diff(const CliOptions *opt, FILE *out, FILE *err)
{
    SimPyVersion va = opt->diff_a, vb = opt->diff_b;
    uint64_t used_a[SIM_VARIANT_COUNT], used_b[SIM_VARIANT_COUNT], ties_a, ties_b;
    SimRunStatus sa, sb;
    char *a = run_text(opt, va, used_a, &ties_a, &sa);
    char *b = run_text(opt, vb, used_b, &ties_b, &sb);
    char la[32], lb[32];
    snprintf(la, sizeof la, "python %s", sim_py_version_name(va));
    snprintf(lb, sizeof lb, "python %s", sim_py_version_name(vb));
    int changed = diff_unified(out, la, a, lb, b);
    if (!changed) {
        size_t lines = 0;
        for (const char *p = a; *p; p++)
            lines += *p == '\n';
        fprintf(out, "identical: Python %s and %s print the same %zu lines\n",
                sim_py_version_name(va), sim_py_version_name(vb), lines);
    }
    /* Why: the variants this program went through that set the two apart. */
    int reasons = 0;
    for (int k = 0; k < SIM_VARIANT_COUNT; k++) {
        if (!(used_a[k] || used_b[k]) || !sim_variant_differs((SimVariant)k, va, vb))
            continue;
        fprintf(out, "%s: %s (%s).\n", changed ? "why" : "note", sim_variant_why((SimVariant)k),
                sim_variant_versions((SimVariant)k));
        reasons++;
    }
    if (!reasons)
        fprintf(out, "%s: nothing this program does is scheduled differently by Python %s and %s.\n",
                changed ? "why" : "note", sim_py_version_name(va), sim_py_version_name(vb));
    else if (!changed)
        fprintf(out, "note: the scheduling differs, but not what this run prints; other "
                     "parameters may show it.\n");
    /* Timers set in another order sit in another heap shape: equal
     * deadlines can then come out in another order. */
    if (reasons && changed && (ties_a || ties_b))
        fprintf(out, "also: several timers came due at the same instant %" PRIu64 " time%s under %s, "
                     "%" PRIu64 " under %s; heapq orders such a tie by the heap's shape, which "
                     "depends on the order the timers were set in, so where the scheduling above "
                     "sets them in another order, a tie can break the other way.\n",
                ties_a, ties_a == 1 ? "" : "s", sim_py_version_name(va), ties_b, sim_py_version_name(vb));
    free(a);
    free(b);
    if (sa == SIM_RUN_DEADLOCK || sb == SIM_RUN_DEADLOCK) {
        if (sa == SIM_RUN_DEADLOCK && sb == SIM_RUN_DEADLOCK)
            fprintf(err, "aqsim: the program deadlocked under both Python %s and %s\n",
                    sim_py_version_name(va), sim_py_version_name(vb));
        else
            fprintf(err, "aqsim: the program deadlocked under Python %s\n",
                    sim_py_version_name(sa == SIM_RUN_DEADLOCK ? va : vb));
        return 3;
    }
    return 0;
}
