/* model.c - positions, replay, live inputs and playing. */
#include "ui/model.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/trace.h"
#include "sim/view.h"
#include "ui/narrate.h"
#include "ui/stats.h"
#include "sim/xalloc.h"

/* A place the user can stand on: so many callbacks run and so many of the
 * recorded inputs applied. */
typedef struct {
    uint64_t steps;
    size_t inputs;
    double time; /* the virtual clock there */
    bool ended;  /* the run had ended (or deadlocked) there: the loop found
                    nothing more to do, which takes no callback of its own */
} Position;

/* Where a live change was made, in terms that hold in another Python
 * version: its virtual time, and how many positions at that time came
 * before it. (Its step does not: versions take different numbers of
 * callbacks to reach the same moment.) */
typedef struct {
    double time;
    size_t k;
    bool reached; /* false: the run never got to it */
} Anchor;

/* What went through the queue in one callback, in full and shortened:
 * each run of puts or gets named once ("put a b c, get c b a"), and in
 * brief its first and last item ("put 3: a..c, get 3: c..a"). */
typedef struct {
    char text[160];
    size_t len;
    int ops;
    SimTraceKind last;     /* PUT or GET: the run being written */
    char brief[160];       /* the runs before that one, shortened */
    size_t brief_len;
    char counts[80];       /* ... and by their counts alone ("put 4") */
    size_t counts_len;
    char first[48], latest[48]; /* that run's first and last item */
    int run;               /* and how many it has */
    bool cut[3];           /* text, brief, counts: a part did not fit */
} StepFlow;

struct UiModel {
    UiSetup setup;
    SimPyVersion chosen;    /* the user's version; a scenario may need a newer one */
    ScnRun *run;
    uint64_t events;        /* trace events seen in this run */
    size_t applied;         /* inputs applied to this run */

    ScnLive *inputs;
    size_t ninputs, cap_inputs;
    Anchor *anchors;        /* where each input was made; kept as made, so
                               that going through other versions and back
                               puts every input where it was */
    size_t cap_anchors;
    Position *pos;
    size_t npos, cap_pos, at;

    char **lines;           /* what the program printed */
    size_t nlines, cap_lines;
    size_t widest;          /* the longest line, in bytes */
    bool open_line;         /* the last line has no newline yet */

    bool variant_noted[SIM_VARIANT_COUNT]; /* captions shown in this run */
    UiNarrator *narrator;   /* captions at teaching moments */
    UiStats *stats;         /* numbers and timelines of this run so far */
    UiModel *whole;         /* the same run taken to its end, for the timeline */
    ScnLive *demo;          /* a replayed session's changes: r plays them again */
    Anchor *demo_anchors;
    size_t ndemo;
    struct {                /* the point v keeps, while v is pressed again */
        bool valid;
        size_t at;
        uint64_t generation;
        double t;
        size_t k;
        bool complete;      /* every callback due by t had run */
        double play;        /* the clock shown there */
        ScnLive *inputs;    /* the live changes made, with their anchors: */
        Anchor *anchors;    /* one another version cannot make comes back */
        size_t ninputs, applied, cap_inputs, cap_anchors; /* in the next */
        SimPyVersion made_on;
    } vpoint;
    uint64_t generation;    /* changes whenever setup or inputs change */
    uint64_t whole_generation;
    UiPeek *capture;        /* ui_model_peek collecting the next step's events */
    bool moment_hit;        /* the last callback was a teaching moment */
    StepFlow flow;          /* the last visible callback's puts and gets */
    uint64_t caption_steps; /* callbacks run when the caption was made */
    size_t dropped;         /* recorded changes the last live change replaced */
    double caption_time;
    const SimTask *last_task; /* the task whose step showed last */
    bool lesson;            /* pause at each teaching moment while playing */
    bool replaying;         /* rebuilding a state already shown: no marks */
    char marks[UI_MODEL_MARKS][400]; /* the latest teaching moments, as they happen */
    uint64_t nmarks;        /* marks made so far (the ring holds the last ones) */

    bool playing;
    int speed;              /* index into UI_SPEEDS */
    double play_time;
    char status[200];
};

static const double speeds[] = UI_SPEEDS;
enum { NSPEEDS = sizeof speeds / sizeof speeds[0], SPEED_1X = 3 };

static void add_text(UiModel *m, const char *text, size_t len)
{
    while (len > 0) {
        const char *nl = memchr(text, '\n', len);
        size_t n = nl ? (size_t)(nl - text) : len;
        if (!m->open_line) {
            sim_xgrow((void **)&m->lines, &m->cap_lines, m->nlines + 1, sizeof *m->lines);
            m->lines[m->nlines] = sim_xcalloc(1, 1);
            m->nlines++;
            m->open_line = true;
        }
        char **last = &m->lines[m->nlines - 1];
        size_t old = strlen(*last);
        *last = sim_xrealloc(*last, old + n + 1);
        memcpy(*last + old, text, n);
        (*last)[old + n] = '\0';
        if (old + n > m->widest)
            m->widest = old + n;
        if (nl) {
            m->open_line = false;
            n++;
        }
        text += n;
        len -= n;
    }
}

static void on_print(void *ctx, const char *text, size_t len)
{
    add_text(ctx, text, len);
}

static void flow_clear(UiModel *m)
{
    m->flow.len = m->flow.brief_len = m->flow.counts_len = 0;
    m->flow.ops = m->flow.run = 0;
    m->flow.text[0] = m->flow.brief[0] = m->flow.counts[0] = '\0';
    m->flow.cut[0] = m->flow.cut[1] = m->flow.cut[2] = false;
}

/* "put a", "put a b", "put 3: a..c"; without names "put 3" */
static void flow_run_brief(const StepFlow *f, bool names, char *buf, size_t size)
{
    const char *verb = f->last == SIM_TRACE_PUT ? "put" : "get";
    if (!names)
        snprintf(buf, size, "%s %d", verb, f->run);
    else if (f->run == 1)
        snprintf(buf, size, "%s %s", verb, f->first);
    else if (f->run == 2)
        snprintf(buf, size, "%s %s %s", verb, f->first, f->latest);
    else
        snprintf(buf, size, "%s %d: %s..%s", verb, f->run, f->first, f->latest);
}

/* False when it did not fit whole (the text then stops short). */
static bool flow_append(char *buf, size_t size, size_t *len, const char *sep, const char *text)
{
    if (*len < size) {
        int n = snprintf(buf + *len, size - *len, "%s%s", sep, text);
        *len = n < 0 ? size : *len + (size_t)n;
    }
    return *len < size;
}

void ui_model_item_label(const SimValue *v, char *buf, size_t size)
{
    if (v->kind == SIM_VALUE_TUPLE && sim_value_len(v) == 2) {
        char a[40], b[60];
        sim_value_format(sim_value_item(v, 0), a, sizeof a);
        sim_value_format(sim_value_item(v, 1), b, sizeof b);
        snprintf(buf, size, "%s:%s", a, b);
    } else if (v->kind == SIM_VALUE_RECORD && sim_value_len(v) >= 2) {
        char a[40], b[60];
        sim_value_format(sim_value_item(v, 0), a, sizeof a);
        sim_value_format(sim_value_item(v, 1), b, sizeof b);
        snprintf(buf, size, "p%s %s", a, b); /* the priority first: a cut keeps it */
    } else {
        sim_value_format(v, buf, size);
    }
}

static void flow_add(UiModel *m, const SimTraceEvent *ev)
{
    StepFlow *f = &m->flow;
    char item[48], run[160];
    ui_model_item_label(ev->item, item, sizeof item);
    bool same = f->ops > 0 && ev->kind == f->last;
    if (!same && f->ops > 0) {
        flow_run_brief(f, true, run, sizeof run);
        f->cut[1] |= !flow_append(f->brief, sizeof f->brief, &f->brief_len, f->brief_len ? ", " : "", run);
        flow_run_brief(f, false, run, sizeof run);
        f->cut[2] |= !flow_append(f->counts, sizeof f->counts, &f->counts_len, f->counts_len ? ", " : "", run);
    }
    if (!same) {
        snprintf(f->first, sizeof f->first, "%s", item);
        f->run = 0;
    }
    snprintf(f->latest, sizeof f->latest, "%s", item);
    f->run++;
    snprintf(run, sizeof run, "%s%s", same ? "" : ev->kind == SIM_TRACE_PUT ? "put " : "get ", item);
    f->cut[0] |= !flow_append(f->text, sizeof f->text, &f->len, f->ops == 0 ? "" : same ? " " : ", ", run);
    f->ops++;
    f->last = ev->kind;
}

/* A teaching moment the user sees happen (not one rebuilt by a replay or
 * taken by a peek), for the asciicast's markers. Two moments in one
 * callback share the caption: one mark. */
static void add_mark(UiModel *m)
{
    if (m->replaying || m->capture)
        return;
    const char *cap = ui_narrator_caption(m->narrator);
    if (m->nmarks && strcmp(m->marks[(m->nmarks - 1) % UI_MODEL_MARKS], cap) == 0)
        return;
    snprintf(m->marks[m->nmarks % UI_MODEL_MARKS], sizeof m->marks[0], "%s", cap);
    m->nmarks++;
}

static void on_trace(void *ctx, const SimTraceEvent *ev)
{
    UiModel *m = ctx;
    /* The clock moving is not a step of its own: it goes with the
     * callback that the new time makes due. */
    if (ev->kind != SIM_TRACE_CLOCK)
        m->events++;
    if (m->stats)
        ui_stats_feed(m->stats, ev);
    /* Events fire while the run is being built, before m->run is set. */
    if (m->run && ui_narrator_event(m->narrator, m->run, ev)) {
        m->moment_hit = true;
        m->caption_steps = sim_loop_steps(scn_run_loop(m->run));
        m->caption_time = sim_loop_time(scn_run_loop(m->run));
        add_mark(m);
    }
    if (m->run && ev->kind != SIM_TRACE_CLOCK) {
        const SimTask *t = sim_loop_current_task(scn_run_loop(m->run));
        if (t && t->hidden)
            t = t->parent;
        if (t)
            m->last_task = t;
    }
    UiPeek *p = m->capture;
    if (p && m->run && !p->task[0]) {
        /* The task whose step this is (a helper stands for its parent). */
        const SimTask *t = sim_loop_current_task(scn_run_loop(m->run));
        if (t && t->hidden)
            t = t->parent;
        if (t)
            snprintf(p->task, sizeof p->task, "%s", t->name);
    }
    if (p && ev->kind == SIM_TRACE_PUT)
        p->puts++;
    if (p && ev->kind == SIM_TRACE_GET)
        p->gets++;
    if ((ev->kind == SIM_TRACE_PUT || ev->kind == SIM_TRACE_GET) && ev->item)
        flow_add(m, ev);
}

static void clear_lines(UiModel *m)
{
    for (size_t i = 0; i < m->nlines; i++)
        free(m->lines[i]);
    m->nlines = 0;
    m->widest = 0;
    m->open_line = false;
}

/* A fresh run of the setup, nothing applied. */
static void rebuild(UiModel *m)
{
    scn_run_free(m->run);
    m->run = NULL;
    m->last_task = NULL;
    m->caption_steps = 0;
    flow_clear(m);
    ui_stats_free(m->stats);
    m->stats = ui_stats_new(m->setup.scenario->queue_kind);
    ui_narrator_reset(m->narrator);
    m->moment_hit = false;
    clear_lines(m);
    m->events = 0;
    m->applied = 0;
    memset(m->variant_noted, 0, sizeof m->variant_noted);
    ScnConfig cfg = {.version = m->setup.version, .seed = m->setup.seed};
    cfg.sinks.print = on_print;
    cfg.sinks.trace = on_trace;
    cfg.sinks.ctx = m;
    m->run = scn_run_new(m->setup.scenario, &m->setup.params, &cfg);
}

static uint64_t steps_now(const UiModel *m)
{
    return sim_loop_steps(scn_run_loop(m->run));
}

static bool running(const UiModel *m);

static void push_position(UiModel *m)
{
    m->npos = m->at + 1; /* forget positions past the current one */
    sim_xgrow((void **)&m->pos, &m->cap_pos, m->npos + 1, sizeof *m->pos);
    m->pos[m->npos] = (Position){steps_now(m), m->applied, sim_loop_time(scn_run_loop(m->run)),
                                 !running(m)};
    m->at = m->npos++;
}

static void start_fresh(UiModel *m)
{
    m->generation++;
    rebuild(m);
    m->ninputs = 0;
    m->npos = 0;
    m->at = 0;
    sim_xgrow((void **)&m->pos, &m->cap_pos, 1, sizeof *m->pos);
    m->pos[0] = (Position){0, 0, 0.0, false};
    m->npos = 1;
    m->playing = false;
    m->play_time = 0.0;
}

UiModel *ui_model_new(const UiSetup *setup)
{
    UiModel *m = sim_xcalloc(1, sizeof *m);
    m->setup = *setup;
    m->chosen = setup->version;
    if (m->setup.version < setup->scenario->min_version)
        m->setup.version = setup->scenario->min_version;
    m->narrator = ui_narrator_new();
    m->lesson = setup->lesson;
    m->speed = SPEED_1X;
    start_fresh(m);
    return m;
}

void ui_model_free(UiModel *m)
{
    if (!m)
        return;
    scn_run_free(m->run);
    ui_stats_free(m->stats);
    ui_model_free(m->whole);
    free(m->demo);
    free(m->demo_anchors);
    free(m->anchors);
    free(m->vpoint.inputs);
    free(m->vpoint.anchors);
    ui_narrator_free(m->narrator);
    clear_lines(m);
    free(m->lines);
    free(m->inputs);
    free(m->pos);
    free(m);
}

void ui_model_restart(UiModel *m)
{
    start_fresh(m);
    if (m->ndemo) {
        /* A prepared demo starts over with its changes, as it was loaded. */
        sim_xgrow((void **)&m->inputs, &m->cap_inputs, m->ndemo + 1, sizeof *m->inputs);
        memcpy(m->inputs, m->demo, m->ndemo * sizeof *m->demo);
        sim_xgrow((void **)&m->anchors, &m->cap_anchors, m->ndemo + 1, sizeof *m->anchors);
        memcpy(m->anchors, m->demo_anchors, m->ndemo * sizeof *m->demo_anchors);
        m->ninputs = m->ndemo;
        ui_model_set_status(m, "restarted the session: its %zu live change(s) will happen again",
                            m->ndemo);
        return;
    }
    ui_model_set_status(m, "restarted");
}

void ui_model_set_scenario(UiModel *m, const Scenario *s)
{
    free(m->demo);
    free(m->demo_anchors);
    m->demo = NULL;
    m->demo_anchors = NULL;
    m->ndemo = 0;
    m->setup.scenario = s;
    m->setup.params = scn_defaults(s);
    m->setup.version = m->chosen < s->min_version ? s->min_version : m->chosen;
    start_fresh(m);
    if (m->chosen < s->min_version)
        ui_model_set_status(m, "%s runs on Python %s, the first with Queue.shutdown(); the other "
                               "scenarios stay on %s",
                            s->name, sim_py_version_name(s->min_version), sim_py_version_name(m->chosen));
    else
        ui_model_set_status(m, "%s: %s", s->name, s->summary);
}

static bool running(const UiModel *m)
{
    return scn_run_status(m->run) == SIM_RUN_RUNNING;
}

/* The next recorded input, if it belongs at the current step. */
static bool input_due(const UiModel *m)
{
    return m->applied < m->ninputs && m->inputs[m->applied].step <= steps_now(m);
}

static void apply_next_input(UiModel *m)
{
    const ScnLive *in = &m->inputs[m->applied++];
    ui_narrator_begin_step(m->narrator);
    scn_run_live(m->run, in->kind, in->arg, NULL);
}

/* The first time a run goes through code that another Python version
 * schedules differently, say so: what happens next depends on the version. */
static void note_variants(UiModel *m)
{
    static const char *const captions[SIM_VARIANT_COUNT][2] = {
        [SIM_VARIANT_WAIT_FOR] =
            {"3.11's wait_for() runs get() in an inner task: even a queued item reaches the "
             "consumer three loop passes later (3.12+: at once).",
             "Python 3.12+: wait_for() is asyncio.timeout() around get(): no inner task, no "
             "extra pass (3.11 differs)."},
        [SIM_VARIANT_GATHER_DONE] =
            {"Python 3.11: gather() of finished tasks still suspends main for two passes "
             "(3.12+ would go straight on).",
             "Python 3.12+: gather() of finished tasks returns without suspending (3.11 "
             "would wait two passes)."},
        [SIM_VARIANT_QUEUE_SHUTDOWN] =
            {"Queue.shutdown() exists from Python 3.13.",
             "Queue.shutdown(): put() now raises QueueShutDown; get() drains the queue, then "
             "raises (immediate=True empties it at once)."},
    };
    SimLoop *loop = scn_run_loop(m->run);
    for (int k = 0; k < SIM_VARIANT_COUNT; k++) {
        if (m->variant_noted[k] || sim_loop_variant_count(loop, (SimVariant)k) == 0)
            continue;
        m->variant_noted[k] = true;
        bool newer = k == SIM_VARIANT_QUEUE_SHUTDOWN ? true : m->setup.version >= SIM_PY_3_12;
        /* queue-shutdown runs on 3.13 only: v has nothing to switch to. */
        bool can_switch = k != SIM_VARIANT_QUEUE_SHUTDOWN && m->setup.scenario->min_version < SIM_PY_3_13;
        ui_model_set_status(m, "%s%s", captions[k][newer ? 1 : 0], can_switch ? " v switches version." : "");
    }
}

/* Run one callback with its narration: stepping and replaying must make
 * the same captions, or a step back shows a stale one. */
static void narrated_callback(UiModel *m)
{
    ui_narrator_begin_step(m->narrator);
    /* What went through the queue is the last visible callback's: one that
     * shows nothing leaves it as it was. */
    StepFlow flow = m->flow;
    uint64_t events = m->events;
    flow_clear(m);
    if (scn_run_step(m->run) == SIM_RUN_DEADLOCK && ui_narrator_deadlock(m->narrator, m->run)) {
        m->moment_hit = true;
        m->caption_steps = steps_now(m);
        m->caption_time = sim_loop_time(scn_run_loop(m->run));
        add_mark(m);
    }
    if (m->events == events)
        m->flow = flow;
}

/* One callback; true if it showed something (a trace event). */
static bool one_callback(UiModel *m)
{
    uint64_t before = m->events;
    m->moment_hit = false;
    narrated_callback(m);
    note_variants(m);
    return m->events != before;
}

/* How many positions up to the current one stand at virtual time t. */
static size_t positions_at(const UiModel *m, double t)
{
    size_t k = 0;
    for (size_t i = m->at + 1; i-- > 0 && m->pos[i].time == t;)
        k++;
    return k;
}

/* How far re-placing live changes replays a run, in callbacks. */
enum { REPLACE_STEPS = 10 * UI_MODEL_SEEK_STEPS };

/* A run of setup with nothing shown, for finding where changes go. */
static UiModel *scratch_model(const UiSetup *setup, const ScnLive *in, size_t n)
{
    UiSetup s = *setup;
    s.lesson = false;
    UiModel *r = ui_model_new(&s);
    r->inputs = sim_xmalloc((n + 1) * sizeof *r->inputs);
    if (n)
        memcpy(r->inputs, in, n * sizeof *in);
    r->ninputs = r->cap_inputs = n;
    return r;
}

/* Each change's anchor in a run of setup, where its step applies it. */
static void find_anchors(const UiSetup *setup, const ScnLive *in, size_t n, Anchor *out)
{
    UiModel *r = scratch_model(setup, in, n);
    memset(out, 0, n * sizeof *out);
    while (r->applied < n && steps_now(r) < REPLACE_STEPS) {
        size_t before = r->applied;
        if (!ui_model_step(r))
            break;
        if (r->applied > before) {
            double t = r->pos[r->at].time;
            out[before] = (Anchor){t, positions_at(r, t) - 1, true};
        }
    }
    ui_model_free(r);
}

/* Run r up to an anchor: before any callback later than its time, and
 * after as many positions at its time as it had (or all there are). */
static void run_to_anchor(UiModel *r, const Anchor *a)
{
    while (running(r) && steps_now(r) < REPLACE_STEPS) {
        double now = sim_loop_time(scn_run_loop(r->run)), next;
        if (now > a->time || (now == a->time && positions_at(r, now) >= a->k))
            return;
        if (!scn_run_next_time(r->run, &next) || next > a->time)
            return;
        if (one_callback(r))
            push_position(r);
    }
}

/* Live changes given the steps at which a run of `to` reaches their
 * anchors. A change that cannot be made there (the program has ended by
 * then, the worker is gone) is dropped with its anchor; *applied (the
 * changes already made, if not NULL) loses those among them. Returns how
 * many were dropped. */
static size_t replace_inputs(const UiSetup *to, ScnLive *in, Anchor *a, size_t *n, size_t *applied)
{
    if (*n == 0)
        return 0;
    UiModel *r = scratch_model(to, NULL, 0);
    size_t out = 0, kept_applied = 0;
    for (size_t j = 0; j < *n; j++) {
        ScnLive keep = in[j];
        bool kept = true;
        if (!a[j].reached) {
            /* Never reached (past the end, or very far): kept as it was. */
            if (out && keep.step < in[out - 1].step)
                keep.step = in[out - 1].step;
        } else {
            run_to_anchor(r, &a[j]);
            kept = running(r) && ui_model_live(r, keep.kind, keep.arg);
            if (kept)
                keep = r->inputs[r->ninputs - 1];
        }
        if (!kept)
            continue;
        a[out] = a[j];
        in[out++] = keep;
        if (applied && j < *applied)
            kept_applied++;
    }
    ui_model_free(r);
    size_t dropped = *n - out;
    *n = out;
    if (applied)
        *applied = kept_applied;
    return dropped;
}

static void settle(UiModel *m);

/* Run every callback due by virtual time t, as playing to t does, at most
 * budget of them, and stand there: at the end, if the run ends by then
 * (its last callbacks show nothing, so no position of their own reaches
 * them). False if the budget ran out first. */
static bool finish_time(UiModel *m, double t, long budget)
{
    double next;
    while (running(m) && scn_run_next_time(m->run, &next) && next <= t) {
        if (budget-- <= 0) {
            settle(m);
            return false;
        }
        if (input_due(m)) {
            apply_next_input(m);
            push_position(m);
        } else if (one_callback(m)) {
            push_position(m);
        }
    }
    settle(m);
    return true;
}

/* The live changes as made, for the next v while this one is pressed. */
static void keep_changes(UiModel *m)
{
    size_t n = m->ninputs;
    sim_xgrow((void **)&m->vpoint.inputs, &m->vpoint.cap_inputs, n + 1, sizeof *m->inputs);
    sim_xgrow((void **)&m->vpoint.anchors, &m->vpoint.cap_anchors, n + 1, sizeof *m->anchors);
    if (n) {
        memcpy(m->vpoint.inputs, m->inputs, n * sizeof *m->inputs);
        memcpy(m->vpoint.anchors, m->anchors, n * sizeof *m->anchors);
    }
    m->vpoint.ninputs = n;
    m->vpoint.applied = m->applied;
    m->vpoint.made_on = m->setup.version;
}

static void restore_changes(UiModel *m)
{
    size_t n = m->vpoint.ninputs;
    sim_xgrow((void **)&m->inputs, &m->cap_inputs, n + 1, sizeof *m->inputs);
    sim_xgrow((void **)&m->anchors, &m->cap_anchors, n + 1, sizeof *m->anchors);
    if (n) {
        memcpy(m->inputs, m->vpoint.inputs, n * sizeof *m->inputs);
        memcpy(m->anchors, m->vpoint.anchors, n * sizeof *m->anchors);
    }
    m->ninputs = n;
}

void ui_model_set_version(UiModel *m, SimPyVersion v)
{
    /* The same point: the same virtual time, as many steps into it as
     * before, and every live change made so far applied. The other version
     * may take a different number of steps to get there, and so to the
     * moment of each live change. */
    double t = sim_loop_time(scn_run_loop(m->run)), next, play = m->play_time;
    size_t k = positions_at(m, t), applied = m->applied;
    /* Played to here (or at the end): every callback due by t has run, the
     * ones that show nothing too, and so they will in the other version. */
    bool complete = !scn_run_next_time(m->run, &next) || next > t;
    /* Pressed again without moving: the point the first press kept, not the
     * one the other version could come nearest to. */
    if (m->vpoint.valid && m->vpoint.at == m->at && m->vpoint.generation == m->generation) {
        t = m->vpoint.t;
        k = m->vpoint.k;
        complete = m->vpoint.complete;
        play = m->vpoint.play;
        restore_changes(m);
        applied = m->vpoint.applied;
    } else {
        keep_changes(m);
    }
    m->setup.version = v;
    m->chosen = v;
    size_t dropped = replace_inputs(&m->setup, m->inputs, m->anchors, &m->ninputs, &applied);
    replace_inputs(&m->setup, m->demo, m->demo_anchors, &m->ndemo, NULL);
    m->generation++;
    rebuild(m);
    m->npos = 1;
    m->at = 0;
    m->playing = false;
    m->replaying = true;
    for (;;) {
        double now = sim_loop_time(scn_run_loop(m->run));
        bool behind = now < t || (now == t && positions_at(m, t) < k) || m->applied < applied;
        if (!behind || !ui_model_step(m))
            break;
    }
    /* This version has fewer steps at t: stand on its last one, not past. */
    if (sim_loop_time(scn_run_loop(m->run)) > t && m->at > 0 && m->pos[m->at - 1].time == t &&
        m->pos[m->at - 1].inputs >= applied)
        ui_model_step_back(m);
    if (complete)
        finish_time(m, t, REPLACE_STEPS);
    m->replaying = false;
    /* Paused between events, the clock stays where it was if nothing in this
     * version comes before that. */
    m->play_time = sim_loop_time(scn_run_loop(m->run));
    if (complete && play > m->play_time && (!scn_run_next_time(m->run, &next) || next > play))
        m->play_time = play;
    m->vpoint.valid = true;
    m->vpoint.at = m->at;
    m->vpoint.generation = m->generation;
    m->vpoint.t = t;
    m->vpoint.k = k;
    m->vpoint.complete = complete;
    m->vpoint.play = play;
    if (dropped)
        ui_model_set_status(m, "now reproducing CPython %s: %zu live change(s) could not be made "
                               "at the same moment (the program had ended or the worker was gone); "
                               "v back to %s brings them back",
                            sim_py_version_name(v), dropped, sim_py_version_name(m->vpoint.made_on));
    else
        ui_model_set_status(m, "now reproducing CPython %s: the run was replayed from the start, "
                               "each live change at the same virtual time",
                            sim_py_version_name(v));
}

/* The run has ended after callbacks that showed nothing: they join the
 * position on screen, which is the last there is. */
static void end_here(UiModel *m)
{
    m->npos = m->at + 1;
    m->pos[m->at].steps = steps_now(m);
    m->pos[m->at].time = sim_loop_time(scn_run_loop(m->run));
    m->pos[m->at].ended = true;
}

/* From the current state to a known later position: its callbacks (one
 * that showed nothing may end it) and its inputs. */
static void run_to(UiModel *m, const Position *target)
{
    while (steps_now(m) < target->steps && running(m)) {
        while (m->applied < target->inputs && m->inputs[m->applied].step <= steps_now(m))
            apply_next_input(m);
        narrated_callback(m);
    }
    while (m->applied < target->inputs)
        apply_next_input(m);
    /* Finding that nothing is left takes the loop one more look. */
    while (target->ended && running(m)) {
        uint64_t before = steps_now(m);
        narrated_callback(m);
        if (steps_now(m) != before)
            break; /* not the run that was recorded: stop here */
    }
}

bool ui_model_step(UiModel *m)
{
    if (m->at + 1 < m->npos) {
        /* Known from before a step back: go to it exactly. */
        m->moment_hit = false;
        run_to(m, &m->pos[m->at + 1]);
        note_variants(m);
        m->at++;
        m->play_time = sim_loop_time(scn_run_loop(m->run));
        return true;
    }
    if (input_due(m)) {
        apply_next_input(m);
        push_position(m);
        return true;
    }
    if (!running(m))
        return false;
    bool shown = false;
    while (running(m) && !input_due(m))
        if ((shown = one_callback(m)))
            break;
    /* The last callbacks of asyncio.run show nothing: no empty step. */
    if (!shown && !running(m) && !input_due(m)) {
        end_here(m);
        m->play_time = sim_loop_time(scn_run_loop(m->run));
        return false;
    }
    push_position(m);
    m->play_time = sim_loop_time(scn_run_loop(m->run));
    return true;
}

/* Rebuild and replay to a known position. */
static void replay_to(UiModel *m, size_t index)
{
    Position target = m->pos[index];
    rebuild(m);
    bool was = m->replaying;
    m->replaying = true;
    run_to(m, &target);
    m->replaying = was;
    m->at = index;
    m->play_time = sim_loop_time(scn_run_loop(m->run));
}

bool ui_model_step_back(UiModel *m)
{
    if (m->at == 0)
        return false;
    replay_to(m, m->at - 1);
    return true;
}

bool ui_model_seek(UiModel *m, size_t position)
{
    if (position < m->npos) {
        replay_to(m, position);
        return true;
    }
    if (m->at != m->npos - 1)
        replay_to(m, m->npos - 1);
    for (long i = 0; m->at < position && i < UI_MODEL_SEEK_STEPS && ui_model_step(m); i++)
        ;
    return m->at >= position;
}

/* A position for the state now, right after the current one. Only
 * callbacks that show nothing ran since (a visible one pushes its own):
 * the positions known past it stay valid and stay known. */
static void insert_position(UiModel *m)
{
    sim_xgrow((void **)&m->pos, &m->cap_pos, m->npos + 1, sizeof *m->pos);
    size_t at = m->at + 1;
    memmove(&m->pos[at + 1], &m->pos[at], (m->npos - at) * sizeof *m->pos);
    m->pos[at] = (Position){steps_now(m), m->applied, sim_loop_time(scn_run_loop(m->run)), false};
    m->npos++;
    m->at = at;
}

/* Playing, or a seek by time, stopped after callbacks that showed nothing
 * (their time came before the next one that shows): the state on screen
 * becomes a position of its own, so that a step back and a step forward
 * return to it. After the program's last callbacks, they join the last
 * position instead. */
static void settle(UiModel *m)
{
    if (!running(m))
        end_here(m);
    else if (steps_now(m) != m->pos[m->at].steps)
        insert_position(m);
}

void ui_model_set_playing(UiModel *m, bool playing)
{
    if (playing && ui_model_finished(m))
        playing = false;
    if (m->playing && !playing)
        settle(m);
    m->playing = playing;
    if (playing) {
        /* From the clock shown (a pause, ':' or v may have left it past the
         * last event), never back; and v's kept point is left behind. */
        double now = sim_loop_time(scn_run_loop(m->run));
        if (m->play_time < now)
            m->play_time = now;
        m->vpoint.valid = false;
    }
}

bool ui_model_playing(const UiModel *m)
{
    return m->playing;
}

void ui_model_faster(UiModel *m)
{
    if (m->speed + 1 < NSPEEDS)
        m->speed++;
}

void ui_model_slower(UiModel *m)
{
    if (m->speed > 0)
        m->speed--;
}

double ui_model_speed(const UiModel *m)
{
    return speeds[m->speed];
}

/* Lesson mode: stop at each teaching moment until the presenter goes on. */
static bool lesson_pause(UiModel *m)
{
    if (!m->lesson || !m->moment_hit)
        return false;
    settle(m);
    m->playing = false;
    m->play_time = sim_loop_time(scn_run_loop(m->run));
    ui_model_set_status(m, "lesson: paused at a teaching moment; space goes on");
    return true;
}

void ui_model_advance(UiModel *m, double wall_seconds)
{
    if (!m->playing)
        return;
    m->play_time += wall_seconds * speeds[m->speed];
    /* Run every callback whose time has come; each visible event becomes a
     * position, so stepping back works after playing. Bounded per frame so
     * a busy instant cannot freeze the screen. */
    for (int budget = 20000; budget > 0; budget--) {
        double next;
        if (input_due(m)) {
            /* A replayed session's change is a teaching moment too. */
            m->moment_hit = false;
            apply_next_input(m);
            push_position(m);
            if (lesson_pause(m))
                break;
            continue;
        }
        if (!scn_run_next_time(m->run, &next))
            break; /* over, or deadlocked: below */
        if (next > m->play_time)
            break;
        if (one_callback(m))
            push_position(m);
        if (lesson_pause(m))
            break;
    }
    double next;
    if (m->playing && (!running(m) || !scn_run_next_time(m->run, &next))) {
        /* The end stops the play: a stale "playing" would contradict the
         * header, and the status line then says the program has finished. */
        settle(m);
        m->playing = false;
        ui_model_set_status(m, "%s", "");
    }
}

bool ui_model_live(UiModel *m, ScnLiveKind kind, long arg)
{
    const char *why = NULL;
    ui_narrator_begin_step(m->narrator);
    if (!scn_run_live(m->run, kind, arg, &why)) {
        ui_model_set_status(m, "%s", why ? why : "not possible now");
        return false;
    }
    /* A change made here starts a new branch: inputs past this point go. */
    m->dropped = m->ninputs - m->applied;
    m->ninputs = m->applied;
    sim_xgrow((void **)&m->inputs, &m->cap_inputs, m->ninputs + 1, sizeof *m->inputs);
    m->inputs[m->ninputs++] = (ScnLive){steps_now(m), kind, arg};
    m->applied++;
    m->generation++;
    push_position(m);
    double t = sim_loop_time(scn_run_loop(m->run));
    sim_xgrow((void **)&m->anchors, &m->cap_anchors, m->ninputs, sizeof *m->anchors);
    m->anchors[m->ninputs - 1] = (Anchor){t, positions_at(m, t) - 1, true};
    /* The change happens at the loop's time, where a replay puts it. */
    m->play_time = sim_loop_time(scn_run_loop(m->run));
    return true;
}

size_t ui_model_dropped_inputs(const UiModel *m)
{
    return m->dropped;
}

ScnRun *ui_model_run(const UiModel *m)
{
    return m->run;
}

const UiSetup *ui_model_setup(const UiModel *m)
{
    return &m->setup;
}

double ui_model_time(const UiModel *m)
{
    double t = sim_loop_time(scn_run_loop(m->run));
    if (m->play_time > t) {
        /* Never show a time past the next thing that will happen. */
        double next;
        if (scn_run_next_time(m->run, &next) && next < m->play_time)
            return next;
        return running(m) ? m->play_time : t;
    }
    return t;
}

size_t ui_model_position(const UiModel *m)
{
    return m->at;
}

uint64_t ui_model_step_number(const UiModel *m)
{
    return steps_now(m);
}

bool ui_model_finished(const UiModel *m)
{
    return !running(m);
}

bool ui_model_deadlocked(const UiModel *m)
{
    return scn_run_status(m->run) == SIM_RUN_DEADLOCK;
}

size_t ui_model_line_count(const UiModel *m)
{
    return m->nlines;
}

size_t ui_model_widest_line(const UiModel *m)
{
    return m->widest;
}

const char *ui_model_line(const UiModel *m, size_t i)
{
    return i < m->nlines ? m->lines[i] : "";
}

const char *ui_model_status(const UiModel *m)
{
    return m->status;
}

void ui_model_set_status(UiModel *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->status, sizeof m->status, fmt, ap);
    va_end(ap);
}

static bool anyone_joins(const UiModel *m)
{
    for (size_t i = 0; i < scn_run_task_count(m->run); i++) {
        SimTaskView v;
        sim_task_view(scn_run_loop(m->run), scn_run_task_at(m->run, i), &v);
        if (v.state == SIM_TASK_WAIT_JOIN)
            return true;
    }
    return false;
}

/* Whether t waits in get() on q itself: one of q's pending getters is
 * its (or its 3.11 wait_for helper's). */
static bool is_getter(const SimQueue *q, const SimTask *t)
{
    for (size_t i = 0; i < sim_queue_getter_count(q); i++) {
        SimFuture *f = sim_queue_getter_at(q, i);
        if (!sim_future_done(f) && sim_view_waiter_task(f) == t)
            return true;
    }
    return false;
}

/* The named task's SimTaskState, or -1 when none or when it is not what
 * it reads as: a "waiting in get()" that is not a getter of the empty
 * queue (3.11's wait_for with its get() task not started, taking an item,
 * or cancelled by the timeout). *timeout: it waits inside wait_for. */
static int state_of_task(const UiModel *m, const char *name, bool *timeout)
{
    SimQueue *q = scn_run_queue(m->run);
    for (size_t i = 0; i < scn_run_task_count(m->run); i++) {
        const SimTask *t = scn_run_task_at(m->run, i);
        if (strcmp(t->name, name) != 0)
            continue;
        SimTaskView v;
        sim_task_view(scn_run_loop(m->run), t, &v);
        *timeout = v.with_timeout;
        if (v.state == SIM_TASK_WAIT_GET && (!sim_queue_empty(q) || !is_getter(q, t)))
            return -1;
        return (int)v.state;
    }
    return -1;
}

void ui_model_peek(UiModel *m, UiPeek *out)
{
    memset(out, 0, sizeof *out);
    if (ui_model_finished(m))
        return;
    char status[sizeof m->status];
    memcpy(status, m->status, sizeof status);
    SimQueue *q = scn_run_queue(m->run);
    out->qsize_before = (long)sim_queue_qsize(q);
    out->getter_waiting = sim_queue_getters_waiting(q) > 0;
    out->join_waiting = anyone_joins(m);
    m->capture = out;
    out->ok = ui_model_step(m);
    m->capture = NULL;
    if (m->moment_hit)
        snprintf(out->caption, sizeof out->caption, "%s", ui_narrator_caption(m->narrator));
    out->join_returns = out->join_waiting && !anyone_joins(m);
    out->unfinished_after = sim_queue_unfinished(scn_run_queue(m->run));
    out->qsize_after = (long)sim_queue_qsize(scn_run_queue(m->run));
    out->state_after = state_of_task(m, out->task, &out->timeout_after);
    /* A step that showed nothing (asyncio.run's last callbacks) stayed
     * where it was: there is nothing to step back over. */
    if (out->ok)
        ui_model_step_back(m);
    memcpy(m->status, status, sizeof status);
}

void ui_model_load_inputs(UiModel *m, const ScnLive *inputs, size_t n)
{
    free(m->demo);
    free(m->demo_anchors);
    m->demo = sim_xmalloc((n + 1) * sizeof *m->demo);
    m->demo_anchors = sim_xmalloc((n + 1) * sizeof *m->demo_anchors);
    if (n) /* inputs may be NULL then */
        memcpy(m->demo, inputs, n * sizeof *inputs);
    m->ndemo = n;
    find_anchors(&m->setup, m->demo, n, m->demo_anchors);
    ui_model_restart(m);
}

const UiStats *ui_model_stats(const UiModel *m)
{
    return m->stats;
}

/* The current time, or step, as a seek compares them (a step count fits a
 * double exactly). */
static double seek_key(const Position *p, bool by_time)
{
    return by_time ? p->time : (double)p->steps;
}

static double current_key(const UiModel *m, bool by_time)
{
    return by_time ? sim_loop_time(scn_run_loop(m->run)) : (double)steps_now(m);
}

/* To the first position whose time (or step) is at least want: among the
 * known positions (in order of both), else on from the furthest, at most
 * UI_MODEL_SEEK_STEPS new positions. True when it got there. */
static bool seek_first_at_least(UiModel *m, bool by_time, double want)
{
    size_t lo = 0, hi = m->npos;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (seek_key(&m->pos[mid], by_time) < want)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < m->npos) {
        if (lo != m->at)
            replay_to(m, lo);
        return true;
    }
    if (m->at != m->npos - 1)
        replay_to(m, m->npos - 1);
    for (long i = 0; current_key(m, by_time) < want && i < UI_MODEL_SEEK_STEPS && ui_model_step(m); i++)
        ;
    return current_key(m, by_time) >= want;
}

bool ui_model_seek_time(UiModel *m, double t)
{
    /* Times are sums of floats: the event a user reads as t=3.00 may be at
     * 2.9999999999999996. Within a nanosecond counts as "at t". */
    double eps = 1e-9 * (fabs(t) > 1 ? fabs(t) : 1);
    /* The state at t: from the last position known at or before it (one
     * replay), every callback due by then, and the clock at t. */
    size_t lo = 0, hi = m->npos;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->pos[mid].time <= t + eps)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t from = lo > 0 ? lo - 1 : 0;
    if (from != m->at)
        replay_to(m, from);
    bool whole = finish_time(m, t + eps, UI_MODEL_SEEK_STEPS);
    double now = sim_loop_time(scn_run_loop(m->run));
    m->play_time = t > now ? t : now;
    if (!running(m))
        return now >= t - eps; /* the end is the state at t if it comes at t */
    return whole;
}

bool ui_model_seek_step(UiModel *m, uint64_t step)
{
    return seek_first_at_least(m, false, (double)step);
}

bool ui_model_seek_end(UiModel *m)
{
    for (int i = 0; i < UI_MODEL_SEEK_STEPS && ui_model_step(m); i++)
        ;
    return ui_model_finished(m);
}

const struct UiStats *ui_model_whole_stats(UiModel *m, double *end, bool *complete)
{
    if (!m->whole || m->whole_generation != m->generation ||
        (!ui_model_finished(m->whole) && ui_model_position(m->whole) < ui_model_position(m))) {
        ui_model_free(m->whole);
        UiModel *w = ui_model_new(&m->setup);
        w->inputs = sim_xmalloc((m->ninputs + 1) * sizeof *w->inputs);
        if (m->ninputs) /* memcpy from NULL is undefined even for 0 bytes */
            memcpy(w->inputs, m->inputs, m->ninputs * sizeof *w->inputs);
        w->ninputs = w->cap_inputs = m->ninputs;
        /* At least as far as the run on screen has gone (End pressed more
         * than once), so the current moment is on the timeline. */
        while (!ui_model_seek_end(w) && ui_model_position(w) < ui_model_position(m))
            ;
        ui_stats_end(w->stats, sim_loop_time(scn_run_loop(w->run)));
        m->whole = w;
        m->whole_generation = m->generation;
    }
    *end = sim_loop_time(scn_run_loop(m->whole->run));
    *complete = ui_model_finished(m->whole);
    return m->whole->stats;
}

size_t ui_model_position_count(const UiModel *m)
{
    return m->npos;
}

bool ui_model_step_flow(const UiModel *m, UiFlowDetail d, char *buf, size_t size)
{
    if (!size)
        return false;
    buf[0] = '\0';
    if (m->flow.ops < 2)
        return true;
    size_t len = 0;
    if (d == UI_FLOW_ITEMS)
        return flow_append(buf, size, &len, "", m->flow.text) && !m->flow.cut[0];
    bool names = d == UI_FLOW_ENDS;
    const char *before = names ? m->flow.brief : m->flow.counts;
    char run[160];
    flow_run_brief(&m->flow, names, run, sizeof run);
    bool whole = flow_append(buf, size, &len, "", before);
    whole &= flow_append(buf, size, &len, *before ? ", " : "", run);
    return whole && !m->flow.cut[names ? 1 : 2];
}

const char *ui_model_caption(const UiModel *m)
{
    return ui_narrator_caption(m->narrator);
}

const SimTask *ui_model_last_task(const UiModel *m)
{
    return m->last_task;
}

bool ui_model_caption_is_fresh(const UiModel *m, double *when)
{
    *when = m->caption_time;
    return m->caption_steps == steps_now(m);
}

uint64_t ui_model_caption_age(const UiModel *m)
{
    return steps_now(m) - m->caption_steps;
}

bool ui_model_at_moment(const UiModel *m)
{
    return m->moment_hit;
}

size_t ui_model_moments(const UiModel *m)
{
    return ui_narrator_count(m->narrator);
}

uint64_t ui_model_mark_count(const UiModel *m)
{
    return m->nmarks;
}

const char *ui_model_mark(const UiModel *m, uint64_t i)
{
    return i < m->nmarks && m->nmarks - i <= UI_MODEL_MARKS ? m->marks[i % UI_MODEL_MARKS] : NULL;
}

void ui_model_set_lesson(UiModel *m, bool on)
{
    m->lesson = on;
}

bool ui_model_lesson(const UiModel *m)
{
    return m->lesson;
}

void ui_model_set_mistakes(UiModel *m, unsigned mistakes)
{
    m->setup.params.mistakes = mistakes;
    start_fresh(m);
}

bool ui_model_change_due(const UiModel *m)
{
    if (m->at + 1 < m->npos)
        return m->pos[m->at + 1].inputs > m->applied && m->pos[m->at + 1].steps == steps_now(m);
    return input_due(m);
}

size_t ui_model_input_count(const UiModel *m)
{
    return m->ninputs;
}

bool ui_model_has_own_changes(const UiModel *m)
{
    /* The recorded changes, or some of them (x drops them all), are not
     * the user's: a restart brings them back. */
    if (m->ninputs > m->ndemo)
        return true;
    for (size_t i = 0; i < m->ninputs; i++)
        if (m->inputs[i].step != m->demo[i].step || m->inputs[i].kind != m->demo[i].kind ||
            m->inputs[i].arg != m->demo[i].arg)
            return true;
    return false;
}

const ScnLive *ui_model_input(const UiModel *m, size_t i)
{
    return i < m->ninputs ? &m->inputs[i] : NULL;
}
