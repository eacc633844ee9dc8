/* stats.c - per-worker numbers, queue depth, waits and task timelines from
 * a run's trace events. */
#include "ui/stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/fmt.h"
#include "sim/heapq.h"
#include "sim/task.h"
#include "sim/value.h"
#include "sim/xalloc.h"

typedef struct {
    const SimTask *key; /* identity only: never dereferenced after the event */
    char name[sizeof ((SimTask *)0)->name];
    int role;
    UiStatsState state;
    double since;             /* when the current state began */
    double in_state[UI_STATS_STATE_COUNT];
    UiStatsSegment *seg;
    size_t nseg, capseg;
    bool holding;             /* has an item it took with get() */
    double hold_start;
    long items;               /* processed */
    double done_time;         /* processing time of processed items */
    double busy;              /* all closed holds, cut-short ones included */
    long taken;               /* items (not None) it took */
} Task;

/* An item in the queue twin: when it was put, and (LIFO, priority) a copy
 * to compare. */
typedef struct {
    double time;
    bool none;
    SimValue item;
} Rec;

#define REC_LT(a, b) sim_value_lt(&(a)->item, &(b)->item, NULL)
SIM_HEAPQ_DEFINE(rec_heap, Rec, REC_LT)

struct UiStats {
    SimQueueKind kind;
    double now;
    bool ended;
    Task *tasks;
    size_t ntasks, captasks;
    /* SimTask pointer -> index + 1 (open addressing, 0 is empty). */
    const SimTask **hkey;
    size_t *hval;
    size_t hcap;
    Rec *recs;                /* FIFO: recs[head..n); LIFO: a stack; else a heap */
    size_t head, nrecs, caprecs;
    UiStatsDepth *depth;
    size_t ndepth, capdepth;
    /* The depth's totals, kept as the samples come (the same sums in the
     * same order as over the samples), so that they stay exact when a very
     * long run's samples are thinned. */
    double depth_area;        /* qsize x duration of every sample but the last */
    double depth_sum;         /* every sample's qsize */
    size_t depth_count;       /* samples taken */
    int depth_max;
    uint64_t events;          /* fed so far, to look at the history's size now and then */
    long waited;
    double wait_sum, wait_max;
    long requeued; /* puts made by a worker: retry's re-queues */
};

static const char state_chars[UI_STATS_STATE_COUNT] = {
#define UI_STATS_STATE_CHAR(id, ch, words) ch,
    UI_STATS_STATES(UI_STATS_STATE_CHAR)
#undef UI_STATS_STATE_CHAR
};

static const char *const state_names[UI_STATS_STATE_COUNT] = {
#define UI_STATS_STATE_NAME(id, ch, words) words,
    UI_STATS_STATES(UI_STATS_STATE_NAME)
#undef UI_STATS_STATE_NAME
};

char ui_stats_state_char(UiStatsState st)
{
    return (unsigned)st < UI_STATS_STATE_COUNT ? state_chars[st] : '?';
}

const char *ui_stats_state_name(UiStatsState st)
{
    return (unsigned)st < UI_STATS_STATE_COUNT ? state_names[st] : "?";
}

/* A very long run keeps its history bounded: past these many depth
 * samples, or segments over all tasks, neighbours are merged in pairs, so
 * the sparkline and timeline get coarser (they draw at most a few hundred
 * columns) while every total stays exact. */
enum { DEPTH_CAP = 1 << 18, SEGMENT_CAP = 1 << 19, SEGMENT_LOOK = 1 << 16 };

/* Merge the samples in pairs, the last one (the depth now) kept as it is:
 * each pair becomes its time-weighted mean depth. */
static void thin_depth(UiStats *s)
{
    size_t n = s->ndepth - 1, out = 0;
    for (size_t i = 0; i < n; i += 2, out++) {
        UiStatsDepth a = s->depth[i];
        if (i + 1 < n) {
            UiStatsDepth b = s->depth[i + 1];
            double end = s->depth[i + 2].time, span = end - a.time;
            double mean = span > 0 ? (a.qsize * (b.time - a.time) + b.qsize * (end - b.time)) / span
                                   : (a.qsize + b.qsize) / 2.0;
            a.qsize = (int)lround(mean);
        }
        s->depth[out] = a;
    }
    s->depth[out++] = s->depth[n];
    s->ndepth = out;
}

static void add_depth(UiStats *s, double t, int qsize)
{
    if (s->ndepth) {
        const UiStatsDepth *last = &s->depth[s->ndepth - 1];
        s->depth_area += last->qsize * (t - last->time);
    }
    s->depth_sum += qsize;
    s->depth_count++;
    if (qsize > s->depth_max)
        s->depth_max = qsize;
    if (s->ndepth >= DEPTH_CAP)
        thin_depth(s);
    sim_xgrow((void **)&s->depth, &s->capdepth, s->ndepth + 1, sizeof *s->depth);
    s->depth[s->ndepth++] = (UiStatsDepth){t, qsize};
}

UiStats *ui_stats_new(SimQueueKind kind)
{
    UiStats *s = sim_xcalloc(1, sizeof *s);
    s->kind = kind;
    add_depth(s, 0.0, 0);
    return s;
}

static void drop_recs(UiStats *s)
{
    for (size_t i = s->head; i < s->nrecs; i++)
        sim_value_release(&s->recs[i].item);
    s->head = s->nrecs = 0;
}

void ui_stats_free(UiStats *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->ntasks; i++)
        free(s->tasks[i].seg);
    free(s->tasks);
    free(s->hkey);
    free(s->hval);
    drop_recs(s);
    free(s->recs);
    free(s->depth);
    free(s);
}

/* ---- tasks ---- */

static size_t hash_ptr(const SimTask *t, size_t cap)
{
    uint64_t x = (uint64_t)(uintptr_t)t;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x & (cap - 1);
}

static void hash_put(UiStats *s, const SimTask *t, size_t index)
{
    if (2 * (s->ntasks + 1) > s->hcap) {
        size_t oldcap = s->hcap;
        const SimTask **oldkey = s->hkey;
        size_t *oldval = s->hval;
        s->hcap = oldcap ? oldcap * 2 : 16;
        s->hkey = sim_xcalloc(s->hcap, sizeof *s->hkey);
        s->hval = sim_xcalloc(s->hcap, sizeof *s->hval);
        for (size_t i = 0; i < oldcap; i++)
            if (oldkey[i]) {
                size_t h = hash_ptr(oldkey[i], s->hcap);
                while (s->hkey[h])
                    h = (h + 1) & (s->hcap - 1);
                s->hkey[h] = oldkey[i];
                s->hval[h] = oldval[i];
            }
        free(oldkey);
        free(oldval);
    }
    size_t h = hash_ptr(t, s->hcap);
    while (s->hkey[h])
        h = (h + 1) & (s->hcap - 1);
    s->hkey[h] = t;
    s->hval[h] = index + 1;
}

static Task *hash_get(const UiStats *s, const SimTask *t)
{
    if (!s->hcap)
        return NULL;
    for (size_t h = hash_ptr(t, s->hcap); s->hkey[h]; h = (h + 1) & (s->hcap - 1))
        if (s->hkey[h] == t)
            return &s->tasks[s->hval[h] - 1];
    return NULL;
}

static void push_segment(Task *k, double t, UiStatsState st)
{
    /* A state that lasted no time leaves no segment; equal neighbours merge. */
    if (k->nseg && k->seg[k->nseg - 1].start == t) {
        k->nseg--;
        if (k->nseg && k->seg[k->nseg - 1].state == st)
            return;
    } else if (k->nseg && k->seg[k->nseg - 1].state == st) {
        return;
    }
    sim_xgrow((void **)&k->seg, &k->capseg, k->nseg + 1, sizeof *k->seg);
    k->seg[k->nseg++] = (UiStatsSegment){t, st};
}

/* Merge a task's segments in pairs, the last one (the state now) kept:
 * each pair takes the state that lasted longer. */
static void thin_segments(Task *k)
{
    if (k->nseg < 3)
        return;
    size_t n = k->nseg - 1, out = 0;
    for (size_t i = 0; i < n; i += 2) {
        UiStatsSegment a = k->seg[i];
        if (i + 1 < n) {
            const UiStatsSegment *b = &k->seg[i + 1];
            if (k->seg[i + 2].start - b->start > b->start - a.start)
                a.state = b->state;
        }
        if (out && k->seg[out - 1].state == a.state)
            continue; /* equal neighbours merge */
        k->seg[out++] = a;
    }
    if (!(out && k->seg[out - 1].state == k->seg[n].state))
        k->seg[out++] = k->seg[n];
    k->nseg = out;
}

/* Now and then: the segments of all tasks together within bounds. */
static void bound_segments(UiStats *s)
{
    size_t total = 0;
    for (size_t i = 0; i < s->ntasks; i++)
        total += s->tasks[i].nseg;
    if (total <= SEGMENT_CAP)
        return;
    for (size_t i = 0; i < s->ntasks; i++)
        thin_segments(&s->tasks[i]);
}

static void set_state(Task *k, double t, UiStatsState st)
{
    if (k->state == st)
        return;
    k->in_state[k->state] += t - k->since;
    k->since = t;
    k->state = st;
    push_segment(k, t, st);
}

/* The program task an event is about: a hidden helper counts as the task
 * it works for; asyncio.run's own helpers (no parent) count for nobody.
 * A task is known from its first event of its own, which comes at its
 * creation time: a new task is ready at once, and the clock never moves
 * while a task is ready. (TASK_NEW cannot be used: a helper is marked
 * hidden only after its TASK_NEW.) */
static Task *task_of(UiStats *s, const SimTraceEvent *ev)
{
    const SimTask *t = ev->task;
    if (t && t->hidden)
        t = t->parent;
    if (!t)
        return NULL;
    Task *k = hash_get(s, t);
    if (k)
        return k;
    sim_xgrow((void **)&s->tasks, &s->captasks, s->ntasks + 1, sizeof *s->tasks);
    hash_put(s, t, s->ntasks);
    k = &s->tasks[s->ntasks++];
    memset(k, 0, sizeof *k);
    k->key = t;
    snprintf(k->name, sizeof k->name, "%s", t->name);
    k->role = t->role;
    k->state = UI_STATS_READY;
    k->since = ev->time;
    push_segment(k, ev->time, UI_STATS_READY);
    return k;
}

/* The hold on an item ends; processed unless it was cut short. */
static void end_hold(Task *k, double t, bool processed)
{
    if (!k->holding)
        return;
    double d = t - k->hold_start;
    k->busy += d;
    if (processed) {
        k->items++;
        k->done_time += d;
    }
    k->holding = false;
}

static UiStatsState wait_state(const Task *k, SimWaitKind w)
{
    switch (w) {
    case SIM_WAIT_YIELD:
        return UI_STATS_READY;
    case SIM_WAIT_SLEEP:
        return k->holding ? UI_STATS_PROCESSING : UI_STATS_SLEEPING;
    case SIM_WAIT_GET:
    case SIM_WAIT_WAIT_FOR: /* in these programs wait_for always wraps get() */
        return UI_STATS_WAIT_GET;
    case SIM_WAIT_PUT:
        return UI_STATS_BLOCKED_PUT;
    case SIM_WAIT_JOIN:
        return UI_STATS_WAIT_JOIN;
    default:
        return UI_STATS_WAITING;
    }
}

/* ---- the queue twin ---- */

static void put_rec(UiStats *s, const SimTraceEvent *ev)
{
    bool none = !ev->item || sim_value_is_none(ev->item);
    Rec r = {.time = ev->time, .none = none, .item = sim_value_none()};
    /* FIFO needs no copy: the head is always the item a get returns. */
    if (s->kind != SIM_QUEUE_FIFO && ev->item)
        r.item = sim_value_copy(ev->item);
    sim_xgrow((void **)&s->recs, &s->caprecs, s->nrecs + 1, sizeof *s->recs);
    if (s->kind == SIM_QUEUE_PRIORITY)
        rec_heap_push(s->recs, &s->nrecs, r);
    else
        s->recs[s->nrecs++] = r;
}

static void remove_rec(UiStats *s, size_t i)
{
    memmove(&s->recs[i], &s->recs[i + 1], (s->nrecs - i - 1) * sizeof *s->recs);
    s->nrecs--;
    if (s->kind == SIM_QUEUE_PRIORITY) {
        /* Keep the twin a heap (rare: only when the twin disagreed). */
        for (size_t k = s->nrecs / 2; k-- > 0;)
            rec_heap_siftup(s->recs, s->nrecs, k);
    }
}

/* The put a get matches; false if none (the collector missed the put). */
static bool get_rec(UiStats *s, const SimTraceEvent *ev, Rec *out)
{
    if (s->head >= s->nrecs)
        return false;
    if (s->kind == SIM_QUEUE_FIFO) {
        *out = s->recs[s->head++];
        if (s->head == s->nrecs)
            s->head = s->nrecs = 0;
        else if (s->head > 4096 && s->head * 2 > s->nrecs) {
            memmove(s->recs, s->recs + s->head, (s->nrecs - s->head) * sizeof *s->recs);
            s->nrecs -= s->head;
            s->head = 0;
        }
        return true;
    }
    const SimValue *item = ev->item;
    size_t at = s->kind == SIM_QUEUE_LIFO ? s->nrecs - 1 : 0; /* top / heap[0] */
    if (item && !sim_value_eq(&s->recs[at].item, item)) {
        /* The twin disagrees: take the newest (LIFO) or oldest equal item. */
        bool found = false;
        if (s->kind == SIM_QUEUE_LIFO) {
            for (size_t i = s->nrecs; i-- > 0;)
                if (sim_value_eq(&s->recs[i].item, item)) {
                    at = i;
                    found = true;
                    break;
                }
        } else {
            for (size_t i = 0; i < s->nrecs; i++)
                if (sim_value_eq(&s->recs[i].item, item) &&
                    (!found || s->recs[i].time < s->recs[at].time)) {
                    at = i;
                    found = true;
                }
        }
        if (!found)
            return false;
    }
    *out = s->recs[at];
    if (s->kind == SIM_QUEUE_PRIORITY && at == 0)
        rec_heap_pop(s->recs, &s->nrecs);
    else if (s->kind == SIM_QUEUE_LIFO && at == s->nrecs - 1)
        s->nrecs--;
    else
        remove_rec(s, at);
    return true;
}

/* ---- feeding ---- */

void ui_stats_feed(UiStats *s, const SimTraceEvent *ev)
{
    if (s->ended)
        return;
    if (++s->events % SEGMENT_LOOK == 0)
        bound_segments(s);
    double t = ev->time;
    if (t > s->now)
        s->now = t;
    switch (ev->kind) {
    case SIM_TRACE_CLOCK:
    case SIM_TRACE_TASK_NEW: /* see task_of */
    case SIM_TRACE_CANCEL:   /* about the cancelled task, which does not run */
    case SIM_TRACE_LIVE:     /* made from outside the program */
    case SIM_TRACE_KIND_COUNT:
        return;
    default:
        break;
    }
    Task *k = task_of(s, ev);
    switch (ev->kind) {
    case SIM_TRACE_TASK_WAIT:
        if (k) {
            if (k->holding && ev->wait != SIM_WAIT_SLEEP && ev->wait != SIM_WAIT_YIELD)
                end_hold(k, t, true);
            set_state(k, t, wait_state(k, ev->wait));
        }
        return;
    case SIM_TRACE_TASK_END:
        if (k) {
            bool returned = ev->detail && strcmp(ev->detail, "returned") == 0;
            end_hold(k, t, returned);
            set_state(k, t, returned                                            ? UI_STATS_DONE
                            : ev->detail && strcmp(ev->detail, "cancelled") == 0 ? UI_STATS_CANCELLED
                                                                                  : UI_STATS_FAILED);
        }
        return;
    default:
        break;
    }
    /* Any other event of its own means the task runs. */
    if (k)
        set_state(k, t, UI_STATS_READY);
    switch (ev->kind) {
    case SIM_TRACE_PUT:
        add_depth(s, t, ev->qsize);
        put_rec(s, ev);
        s->requeued += ev->task && ev->task->role == SCN_ROLE_WORKER && ev->item && !sim_value_is_none(ev->item);
        break;
    case SIM_TRACE_GET: {
        add_depth(s, t, ev->qsize);
        Rec r;
        bool none = !ev->item || sim_value_is_none(ev->item);
        if (get_rec(s, ev, &r)) {
            if (!none) {
                double w = t - r.time;
                s->waited++;
                s->wait_sum += w;
                if (w > s->wait_max)
                    s->wait_max = w;
            }
            sim_value_release(&r.item);
        }
        if (k) {
            end_hold(k, t, true);
            if (!none) {
                k->holding = true;
                k->hold_start = t;
                k->taken++;
            }
        }
        break;
    }
    case SIM_TRACE_ITEM_DONE:
        if (k)
            end_hold(k, t, true);
        break;
    case SIM_TRACE_SHUTDOWN:
        add_depth(s, t, ev->qsize);
        /* shutdown(immediate=True) empties the queue without gets. */
        if (ev->qsize == 0)
            drop_recs(s);
        break;
    default:
        break;
    }
}

void ui_stats_trace_sink(void *ctx, const SimTraceEvent *ev)
{
    ui_stats_feed(ctx, ev);
}

void ui_stats_end(UiStats *s, double end)
{
    if (s->ended)
        return;
    if (end > s->now)
        s->now = end;
    s->ended = true;
}

double ui_stats_now(const UiStats *s)
{
    return s->now;
}

/* ---- reading ---- */

size_t ui_stats_task_count(const UiStats *s)
{
    return s->ntasks;
}

const char *ui_stats_task_name(const UiStats *s, size_t i)
{
    return i < s->ntasks ? s->tasks[i].name : "";
}

int ui_stats_task_role(const UiStats *s, size_t i)
{
    return i < s->ntasks ? s->tasks[i].role : -1;
}

double ui_stats_task_time(const UiStats *s, size_t i, UiStatsState state)
{
    if (i >= s->ntasks || (unsigned)state >= UI_STATS_STATE_COUNT)
        return 0;
    const Task *k = &s->tasks[i];
    double d = k->in_state[state];
    if (k->state == state)
        d += s->now - k->since;
    return d;
}

size_t ui_stats_segments(const UiStats *s, size_t i, const UiStatsSegment **out)
{
    if (i >= s->ntasks) {
        *out = NULL;
        return 0;
    }
    *out = s->tasks[i].seg;
    return s->tasks[i].nseg;
}

static bool is_worker(const Task *k)
{
    return k->role == SCN_ROLE_WORKER || k->taken > 0;
}

size_t ui_stats_worker_count(const UiStats *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->ntasks; i++)
        n += is_worker(&s->tasks[i]);
    return n;
}

void ui_stats_worker_at(const UiStats *s, size_t i, UiStatsWorker *out)
{
    memset(out, 0, sizeof *out);
    for (size_t j = 0; j < s->ntasks; j++) {
        const Task *k = &s->tasks[j];
        if (!is_worker(k) || i-- > 0)
            continue;
        out->name = k->name;
        out->role = k->role;
        out->items = k->items;
        out->busy = k->busy + (k->holding ? s->now - k->hold_start : 0);
        out->busy_pct = s->now > 0 ? 100.0 * out->busy / s->now : 0;
        out->avg = k->items ? k->done_time / (double)k->items : 0;
        return;
    }
}

size_t ui_stats_depth_samples(const UiStats *s, const UiStatsDepth **out)
{
    *out = s->depth;
    return s->ndepth;
}

void ui_stats_totals(const UiStats *s, UiStatsTotals *out)
{
    memset(out, 0, sizeof *out);
    out->elapsed = s->now;
    for (size_t i = 0; i < s->ntasks; i++) {
        out->items += s->tasks[i].items;
        out->blocked += ui_stats_task_time(s, i, UI_STATS_BLOCKED_PUT);
    }
    out->throughput = s->now > 0 ? (double)out->items / s->now : 0;
    const UiStatsDepth *last = &s->depth[s->ndepth - 1];
    double area = s->depth_area + last->qsize * (s->now - last->time);
    out->depth_max = s->depth_max;
    out->depth_avg = s->now > 0 ? area / s->now : s->depth_sum / (double)s->depth_count;
    out->waited = s->waited;
    out->requeued = s->requeued;
    out->wait_avg = s->waited ? s->wait_sum / (double)s->waited : 0;
    out->wait_max = s->wait_max;
}

/* ---- the sparkline ---- */

static const char *const spark_utf8[8] = {
    "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
    "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
};
static const char spark_ascii[9] = " .:-=+*#";

/* 0..7: 0 only for a queue empty all along, 7 for the run's deepest. */
static int spark_level(double depth, int max)
{
    if (depth <= 0 || max <= 0)
        return 0;
    int level = (int)ceil(depth * 7 / max - 1e-9);
    return level < 1 ? 1 : level > 7 ? 7 : level;
}

size_t ui_stats_sparkline(const UiStats *s, int width, bool utf8, char *buf, size_t size)
{
    if (size == 0)
        return 0;
    buf[0] = '\0';
    if (width <= 0)
        return 0;
    int max = s->depth_max;
    size_t len = 0, cols = 0;
    size_t di = 0;
    int cur = 0; /* the depth in effect at the start of the column */
    for (int c = 0; c < width; c++) {
        double depth;
        if (s->now > 0) {
            /* The average depth over the column's slice of time. */
            double a = s->now * c / width, b = s->now * (c + 1) / width;
            while (di < s->ndepth && s->depth[di].time <= a)
                cur = s->depth[di++].qsize;
            double area = 0, from = a;
            while (di < s->ndepth && s->depth[di].time < b) {
                area += cur * (s->depth[di].time - from);
                from = s->depth[di].time;
                cur = s->depth[di++].qsize;
            }
            area += cur * (b - from);
            depth = area / (b - a);
        } else {
            /* No time passed: one column per sample. */
            if ((size_t)c >= s->ndepth)
                break;
            depth = s->depth[c].qsize;
        }
        int level = spark_level(depth, max);
        const char *glyph = utf8 ? spark_utf8[level] : &spark_ascii[level];
        size_t glen = utf8 ? strlen(glyph) : 1;
        if (len + glen + 1 > size)
            break;
        memcpy(buf + len, glyph, glen);
        len += glen;
        cols++;
    }
    buf[len] = '\0';
    return cols;
}

/* ---- the summary ---- */

static const char *fixed(char *buf, size_t size, double x, int prec)
{
    sim_fmt_fixed(buf, size, x, prec);
    return buf;
}

#define SUMMARY_SPARK_WIDTH 48

void ui_stats_write_summary(const UiStats *s, const ScnRun *run, bool utf8, FILE *out)
{
    UiStatsTotals tot;
    ui_stats_totals(s, &tot);
    char a[48], b[48], c[48];
    bool timed = tot.elapsed > 0;

    fprintf(out, "--- stats");
    if (run)
        fprintf(out, ": %s", scn_run_scenario(run)->name);
    fprintf(out, ", %ss of virtual time ---\n", fixed(a, sizeof a, tot.elapsed, 2));
    if (run && scn_run_status(run) == SIM_RUN_DEADLOCK)
        fprintf(out, "The program deadlocked at %ss: the numbers cover the run up to there.\n",
                fixed(a, sizeof a, tot.elapsed, 2));

    /* The workers' table, each column as wide as its widest cell. */
    size_t nw = ui_stats_worker_count(s);
    if (nw == 0) {
        fprintf(out, "No task took an item from the queue.\n");
    } else {
        enum { NCOL = 5 };
        static const char *const head[NCOL] = {"worker", "items", "busy", "busy %", "avg/item"};
        char(*cell)[NCOL][80] = sim_xcalloc(nw, sizeof *cell);
        int w[NCOL];
        for (int k = 0; k < NCOL; k++)
            w[k] = (int)strlen(head[k]);
        for (size_t i = 0; i < nw; i++) {
            UiStatsWorker row;
            ui_stats_worker_at(s, i, &row);
            snprintf(cell[i][0], sizeof cell[i][0], "%s", row.name);
            snprintf(cell[i][1], sizeof cell[i][1], "%ld", row.items);
            snprintf(cell[i][2], sizeof cell[i][2], "%ss", fixed(a, sizeof a, row.busy, 2));
            if (timed)
                snprintf(cell[i][3], sizeof cell[i][3], "%s%%", fixed(a, sizeof a, row.busy_pct, 1));
            else
                snprintf(cell[i][3], sizeof cell[i][3], "-");
            if (row.items)
                snprintf(cell[i][4], sizeof cell[i][4], "%ss", fixed(a, sizeof a, row.avg, 3));
            else
                snprintf(cell[i][4], sizeof cell[i][4], "-");
            for (int k = 0; k < NCOL; k++)
                if ((int)strlen(cell[i][k]) > w[k])
                    w[k] = (int)strlen(cell[i][k]);
        }
        fprintf(out, "%-*s", w[0], head[0]);
        for (int k = 1; k < NCOL; k++)
            fprintf(out, "  %*s", w[k], head[k]);
        fputc('\n', out);
        for (size_t i = 0; i < nw; i++) {
            fprintf(out, "%-*s", w[0], cell[i][0]);
            for (int k = 1; k < NCOL; k++)
                fprintf(out, "  %*s", w[k], cell[i][k]);
            fputc('\n', out);
        }
        free(cell);
    }
    fputc('\n', out);

    char again[48] = "";
    if (tot.requeued)
        snprintf(again, sizeof again, ", %ld of them re-queued", tot.requeued);
    if (timed)
        fprintf(out, "throughput:       %s items/s (%ld item%s in %ss%s)\n",
                fixed(a, sizeof a, tot.throughput, 2), tot.items, tot.items == 1 ? "" : "s",
                fixed(b, sizeof b, tot.elapsed, 2), again);
    else
        fprintf(out, "throughput:       - (%ld item%s%s, no virtual time passed)\n", tot.items,
                tot.items == 1 ? "" : "s", again);

    fprintf(out, "queue depth:      max %d", tot.depth_max);
    if (run) {
        long maxsize = sim_queue_maxsize(scn_run_queue(run));
        if (maxsize > 0)
            fprintf(out, " (maxsize %ld)", maxsize);
        else
            fprintf(out, " (unbounded)");
    }
    fprintf(out, ", average %s%s\n", fixed(a, sizeof a, tot.depth_avg, 2),
            timed ? " over time" : " of the samples");
    char spark[SUMMARY_SPARK_WIDTH * 3 + 1];
    ui_stats_sparkline(s, SUMMARY_SPARK_WIDTH, utf8, spark, sizeof spark);
    /* ASCII's lowest level is a blank: frame the line so it shows. */
    fprintf(out, "depth over time:  %s%s%s\n", utf8 ? "" : "|", spark, utf8 ? "" : "|");

    if (tot.waited)
        fprintf(out, "wait in queue:    average %ss, max %ss (%ld item%s)\n",
                fixed(a, sizeof a, tot.wait_avg, 3), fixed(b, sizeof b, tot.wait_max, 3),
                tot.waited, tot.waited == 1 ? "" : "s");
    else
        fprintf(out, "wait in queue:    - (no item left the queue)\n");

    if (tot.blocked > 0) {
        fprintf(out, "blocked in put(): %ss", fixed(a, sizeof a, tot.blocked, 2));
        if (timed)
            fprintf(out, " (%s%% of the run)", fixed(b, sizeof b, 100.0 * tot.blocked / tot.elapsed, 1));
        const char *sep = ": ";
        for (size_t i = 0; i < s->ntasks; i++) {
            double d = ui_stats_task_time(s, i, UI_STATS_BLOCKED_PUT);
            if (d > 0) {
                fprintf(out, "%s%s %ss", sep, s->tasks[i].name, fixed(c, sizeof c, d, 2));
                sep = ", ";
            }
        }
        fputc('\n', out);
    } else {
        fprintf(out, "blocked in put(): never (no producer waited for room)\n");
    }
}

/* ---- the timeline ---- */

/* A line of exactly `width` columns: text (ASCII, or UTF-8 whose every
 * character takes one column) cut or padded with spaces. */
typedef struct {
    char *buf;
    size_t len, cap;
    int cols;
} Line;

static void line_put(Line *l, const char *text, size_t bytes, int cols)
{
    sim_xgrow((void **)&l->buf, &l->cap, l->len + bytes + 1, 1);
    memcpy(l->buf + l->len, text, bytes);
    l->len += bytes;
    l->buf[l->len] = '\0';
    l->cols += cols;
}

static void line_str(Line *l, const char *text)
{
    line_put(l, text, strlen(text), (int)strlen(text));
}

static void line_ch(Line *l, char ch)
{
    line_put(l, &ch, 1, 1);
}

/* No trailing blanks: the text is pasted into slides and editors. */
static void line_emit(Line *l, FILE *out)
{
    while (l->len && l->buf[l->len - 1] == ' ')
        l->len--;
    if (l->len)
        fwrite(l->buf, 1, l->len, out);
    fputc('\n', out);
    l->len = 0;
    l->cols = 0;
}

/* Which state wins a slice when two took exactly as long: the one that
 * says more about the queue. */
static const UiStatsState tie_order[UI_STATS_STATE_COUNT] = {
    UI_STATS_PROCESSING, UI_STATS_BLOCKED_PUT, UI_STATS_WAIT_GET, UI_STATS_WAIT_JOIN,
    UI_STATS_WAITING,    UI_STATS_SLEEPING,    UI_STATS_READY,    UI_STATS_DONE,
    UI_STATS_CANCELLED,  UI_STATS_FAILED,      UI_STATS_NOT_STARTED,
};

/* Task i's bar: for each of n columns, the state that took most of it. */
static void task_bar(const UiStats *s, size_t i, int n, UiStatsState *bar)
{
    const Task *k = &s->tasks[i];
    double end = s->now;
    if (end <= 0) {
        /* No time passed: the state the task ended in. */
        for (int c = 0; c < n; c++)
            bar[c] = k->state;
        return;
    }
    size_t si = 0;
    for (int c = 0; c < n; c++) {
        double a = end * c / n, b = end * (c + 1) / n;
        double took[UI_STATS_STATE_COUNT] = {0};
        /* Before its first segment the task did not exist yet. */
        if (k->nseg == 0 || k->seg[0].start > a)
            took[UI_STATS_NOT_STARTED] = (k->nseg ? fmin(k->seg[0].start, b) : b) - a;
        while (si + 1 < k->nseg && k->seg[si + 1].start <= a)
            si++;
        for (size_t j = si; j < k->nseg && k->seg[j].start < b; j++) {
            double from = fmax(k->seg[j].start, a);
            double to = j + 1 < k->nseg ? fmin(k->seg[j + 1].start, b) : b;
            if (to > from)
                took[k->seg[j].state] += to - from;
        }
        UiStatsState best = tie_order[0];
        for (int t = 1; t < UI_STATS_STATE_COUNT; t++)
            if (took[tie_order[t]] > took[best])
                best = tie_order[t];
        bar[c] = best;
    }
}

/* A time for the axis or the header. */
static size_t time_text(char *buf, size_t size, double t, int prec)
{
    return sim_fmt_fixed(buf, size, t, prec);
}

/* The header: the scenario, the time span and the scale, as much as fits. */
static void timeline_header(Line *l, const UiStats *s, const ScnRun *run, int width, int barw,
                            FILE *out)
{
    char a[64], b[64], full[256], mid[200], shortest[120];
    double end = s->now;
    time_text(a, sizeof a, end, 2);
    if (end > 0) {
        sim_fmt_fixed(b, sizeof b, end / barw, 4);
        snprintf(mid, sizeof mid, "time 0 to %ss, 1 column = %ss", a, b);
    } else {
        snprintf(mid, sizeof mid, "time 0 to %ss: no virtual time passed", a);
    }
    snprintf(shortest, sizeof shortest, "time 0 to %ss", a);
    snprintf(full, sizeof full, "%s: %s", run ? scn_run_scenario(run)->name : "timeline", mid);
    const char *pick = (int)strlen(full) <= width ? full
                       : (int)strlen(mid) <= width ? mid
                                                   : shortest;
    size_t n = strlen(pick) <= (size_t)width ? strlen(pick) : (size_t)width;
    line_put(l, pick, n, (int)n);
    line_emit(l, out);
}

/* One row a task: its name in nw columns, then its states in barw. The
 * states drawn are marked in used[]. */
static void timeline_rows(Line *l, const UiStats *s, int nw, int barw, bool utf8, bool *used,
                          FILE *out)
{
    const char *vbar = utf8 ? "\xe2\x94\x82" : "|";
    UiStatsState *bar = sim_xcalloc((size_t)barw, sizeof *bar);
    for (size_t i = 0; i < s->ntasks; i++) {
        const char *name = s->tasks[i].name;
        if ((int)strlen(name) > nw) {
            line_put(l, name, (size_t)nw - 1, nw - 1);
            line_ch(l, '~');
        } else {
            line_str(l, name);
        }
        while (l->cols < nw + 1)
            line_ch(l, ' ');
        line_put(l, vbar, strlen(vbar), 1);
        task_bar(s, i, barw, bar);
        for (int c = 0; c < barw; c++) {
            line_ch(l, ui_stats_state_char(bar[c]));
            used[bar[c]] = true;
        }
        line_put(l, vbar, strlen(vbar), 1);
        line_emit(l, out);
    }
    free(bar);
}

double ui_stats_axis_step(double end, int barw, int *prec)
{
    char a[64];
    double step = 0;
    *prec = 0;
    if (end <= 0)
        return 0;
    time_text(a, sizeof a, end, 2);
    double room = (double)strlen(a) + 3; /* columns a label needs */
    for (double p = 1e-3; step == 0; p *= 10) {
        static const double nice[3] = {1, 2, 5};
        for (int k = 0; k < 3 && step == 0; k++)
            if (nice[k] * p * barw / end >= room)
                step = nice[k] * p;
    }
    *prec = step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3;
    return step;
}

int ui_stats_tick_column(double step, long k, double end, int barw)
{
    if (end <= 0)
        return k == 0 ? 0 : -1;
    double t = step * (double)k;
    if (t > end * (1 + 1e-12))
        return -1; /* (and t / end stays small enough for an int below) */
    int col = (int)floor(t * barw / end + 1e-9);
    return col >= barw ? -1 : col;
}

static void timeline_axis(Line *l, double step, double end, int nw, int barw, bool utf8, FILE *out)
{
    char *ticks = sim_xcalloc((size_t)barw, 1);
    for (long k = 0;; k++) {
        int col = ui_stats_tick_column(step, k, end, barw);
        if (col < 0)
            break;
        ticks[col] = 1;
    }
    for (int c = 0; c < nw + 1; c++)
        line_ch(l, ' ');
    line_put(l, utf8 ? "\xe2\x94\x94" : "+", utf8 ? 3 : 1, 1);
    for (int c = 0; c < barw; c++) {
        if (utf8)
            line_put(l, ticks[c] ? "\xe2\x94\xb4" : "\xe2\x94\x80", 3, 1);
        else
            line_ch(l, ticks[c] ? '|' : '-');
    }
    line_put(l, utf8 ? "\xe2\x94\x98" : "+", utf8 ? 3 : 1, 1);
    line_emit(l, out);
    free(ticks);
}

/* Labels under the ticks, each starting at its tick, none overlapping. */
static void timeline_labels(Line *l, double step, int prec, double end, int nw, int barw,
                            int width, FILE *out)
{
    char a[64];
    for (int c = 0; c < nw + 2; c++)
        line_ch(l, ' ');
    int col = 0; /* bar columns written so far */
    for (long k = 0;; k++) {
        int tc = ui_stats_tick_column(step, k, end, barw);
        if (tc < 0)
            break;
        size_t n = time_text(a, sizeof a, step * (double)k, prec);
        if (tc < col || nw + 2 + tc + (int)n > width)
            continue;
        while (col < tc) {
            line_ch(l, ' ');
            col++;
        }
        line_str(l, a);
        col += (int)n + 1;
        line_ch(l, ' ');
    }
    line_emit(l, out);
}

/* The legend: the characters drawn, in a fixed order, wrapped. */
static void timeline_legend(Line *l, const bool *used, int width, FILE *out)
{
    static const UiStatsState order[] = {
        UI_STATS_PROCESSING, UI_STATS_READY,    UI_STATS_SLEEPING,    UI_STATS_WAIT_GET,
        UI_STATS_BLOCKED_PUT, UI_STATS_WAIT_JOIN, UI_STATS_WAITING,
    };
    line_str(l, "legend:");
    int indent = 7;
    for (size_t k = 0; k < sizeof order / sizeof order[0] + 1; k++) {
        char item[64];
        if (k < sizeof order / sizeof order[0]) {
            if (!used[order[k]])
                continue;
            snprintf(item, sizeof item, "%c %s", ui_stats_state_char(order[k]),
                     ui_stats_state_name(order[k]));
        } else {
            if (!(used[UI_STATS_NOT_STARTED] || used[UI_STATS_DONE] || used[UI_STATS_CANCELLED] ||
                  used[UI_STATS_FAILED]))
                continue;
            snprintf(item, sizeof item, "blank: not started/ended");
        }
        int n = (int)strlen(item);
        if (l->cols > indent && l->cols + 2 + n > width) {
            line_emit(l, out);
            for (int c = 0; c < indent; c++)
                line_ch(l, ' ');
        }
        line_str(l, l->cols > indent ? "  " : " ");
        line_str(l, item);
    }
    line_emit(l, out);
}

void ui_stats_write_timeline(const UiStats *s, const ScnRun *run, int width, bool utf8, FILE *out)
{
    if (width < 40)
        width = 40;
    /* Name column, then "|bar|". */
    int nw = 4;
    for (size_t i = 0; i < s->ntasks; i++)
        if ((int)strlen(s->tasks[i].name) > nw)
            nw = (int)strlen(s->tasks[i].name);
    if (nw > 16)
        nw = 16;
    int barw = width - nw - 3;

    Line l = {0};
    bool used[UI_STATS_STATE_COUNT] = {false};
    int prec;
    double step = ui_stats_axis_step(s->now, barw, &prec);
    timeline_header(&l, s, run, width, barw, out);
    timeline_rows(&l, s, nw, barw, utf8, used, out);
    timeline_axis(&l, step, s->now, nw, barw, utf8, out);
    timeline_labels(&l, step, prec, s->now, nw, barw, width, out);
    timeline_legend(&l, used, width, out);
    free(l.buf);
}
