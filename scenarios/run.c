/* run.c - a scenario's execution: asyncio.run(main()), its tasks, live
 * changes, and print formatting. */
#include "scenarios/run.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/aio.h"
#include "sim/fmt.h"
#include "sim/rng.h"
#include "sim/trace.h"
#include "sim/xalloc.h"

/* A scn_print format, parsed once: literal runs of the format text, each
 * followed by one conversion ('\0' after the last run). Scenario formats
 * are string literals, so a format is known by its address; a million-item
 * run prints millions of lines with a handful of them. */
enum { PLAN_SLOTS = 32, PLAN_PARTS = 8 };

typedef struct {
    uint32_t off, len; /* literal text: fmt[off, off + len) */
    char conv;         /* 's', 'd', 'v', 'r', 'f' or '\0' */
    int8_t prec;       /* decimals of 'f' */
} PrintPart;

typedef struct {
    const char *fmt; /* NULL: empty slot */
    uint8_t nparts;
    uint32_t rest;   /* where the parts end; past it, formatted slowly */
    PrintPart part[PLAN_PARTS];
} PrintPlan;

struct ScnRun {
    const Scenario *scn;
    ScnParams params;
    SimLoop *loop;
    SimRunner *runner;
    SimQueue *queue;
    SimEvent *event;
    SimTask **tasks; /* the program's tasks, each holding a reference */
    size_t ntasks, cap_tasks;
    int workers;     /* ARGS.workers, live additions included */
    int own_workers; /* the workers the program creates itself */
    int next_worker; /* the index (and so the name) of the next added worker */
    long maxsize_done_right; /* the maxsize asked for, before the unbounded mistake */
    void *extra;
    void (*free_extra)(void *);
    PrintPlan plans[PLAN_SLOTS]; /* scn_print's parsed formats */
};

ScnRun *scn_run_new(const Scenario *s, const ScnParams *p, const ScnConfig *cfg)
{
    ScnRun *r = sim_xcalloc(1, sizeof *r);
    r->scn = s;
    r->params = *p;
    r->loop = sim_loop_new(cfg->version);
    sim_loop_set_sinks(r->loop, &cfg->sinks);
    if (!sim_rng_seed_text(sim_loop_rng(r->loop), cfg->seed ? cfg->seed : "0"))
        sim_rng_seed_u64(sim_loop_rng(r->loop), 0);
    r->workers = scn_takes(s, SCN_PARAM_WORKERS) ? (int)p->v[SCN_PARAM_WORKERS] : 0;
    /* Added workers are numbered after the program's own (its single
     * consumer when it has no --workers): names never repeat. */
    r->own_workers = scn_takes(s, SCN_PARAM_WORKERS) ? r->workers : 1;
    r->next_worker = r->own_workers;
    long maxsize = scn_takes(s, SCN_PARAM_MAXSIZE) ? (long)p->v[SCN_PARAM_MAXSIZE] : 0;
    r->maxsize_done_right = maxsize;
    if (scn_has_mistake(p, SCN_MISTAKE_UNBOUNDED)) {
        maxsize = 0;
        r->params.v[SCN_PARAM_MAXSIZE] = 0;
    }
    r->queue = sim_queue_new(r->loop, s->queue_kind, maxsize);
    if (s->has_shutdown_event) {
        r->event = sim_event_new(r->loop);
        sim_event_set_name(r->event, "shutdown");
    }
    SimCo *main_co = s->start(r);
    r->runner = sim_runner_new(r->loop, main_co, "main");
    SimTask *main_task = sim_runner_main_task(r->runner);
    main_task->role = SCN_ROLE_MAIN;
    sim_xgrow((void **)&r->tasks, &r->cap_tasks, r->ntasks + 1, sizeof *r->tasks);
    r->tasks[r->ntasks++] = sim_obj_ref(main_task);
    return r;
}

void scn_run_free(ScnRun *r)
{
    if (!r)
        return;
    sim_runner_free(r->runner);
    for (size_t i = 0; i < r->ntasks; i++)
        sim_obj_unref(r->tasks[i]);
    free(r->tasks);
    sim_obj_unref(r->queue);
    sim_obj_unref(r->event);
    if (r->free_extra)
        r->free_extra(r->extra);
    sim_loop_free(r->loop);
    free(r);
}

SimRunStatus scn_run_step(ScnRun *r)
{
    return sim_runner_step(r->runner);
}

SimRunStatus scn_run_status(const ScnRun *r)
{
    return sim_runner_status(r->runner);
}

bool scn_run_next_time(const ScnRun *r, double *when)
{
    return sim_runner_next_time(r->runner, when);
}

bool scn_run_main_finished(const ScnRun *r)
{
    return sim_runner_main_finished(r->runner);
}

const Scenario *scn_run_scenario(const ScnRun *r)
{
    return r->scn;
}

const ScnParams *scn_run_params(const ScnRun *r)
{
    return &r->params;
}

SimLoop *scn_run_loop(const ScnRun *r)
{
    return r->loop;
}

SimQueue *scn_run_queue(const ScnRun *r)
{
    return r->queue;
}

SimEvent *scn_run_event(const ScnRun *r)
{
    return r->event;
}

SimTask *scn_run_main(const ScnRun *r)
{
    return sim_runner_main_task(r->runner);
}

size_t scn_run_task_count(const ScnRun *r)
{
    return r->ntasks;
}

SimTask *scn_run_task_at(const ScnRun *r, size_t i)
{
    return i < r->ntasks ? r->tasks[i] : NULL;
}

long scn_run_maxsize_done_right(const ScnRun *r)
{
    return r->maxsize_done_right;
}

int scn_run_workers(const ScnRun *r)
{
    return r->workers;
}

void *scn_run_extra(ScnRun *r)
{
    return r->extra;
}

void scn_run_set_extra(ScnRun *r, void *extra, void (*free_extra)(void *))
{
    r->extra = extra;
    r->free_extra = free_extra;
}

SimTask *scn_spawn(ScnRun *r, SimCo *co, const char *name, ScnRole role)
{
    SimTask *t = sim_task_new(r->loop, co, name);
    t->role = (int)role;
    sim_xgrow((void **)&r->tasks, &r->cap_tasks, r->ntasks + 1, sizeof *r->tasks);
    r->tasks[r->ntasks++] = t; /* the run keeps create_task's reference */
    return t;
}

/* ---- live changes ---- */

static void trace_live(ScnRun *r, const char *what, SimTask *t, double value)
{
    if (!sim_loop_tracing(r->loop))
        return;
    SimTraceEvent ev = {.kind = SIM_TRACE_LIVE, .detail = what, .task = t, .number = value};
    sim_loop_trace(r->loop, &ev);
}

static SimTask *live_worker(ScnRun *r, long index, const char **why)
{
    SimTask *t = scn_run_task_at(r, index < 0 ? (size_t)-1 : (size_t)index);
    if (!t || t->role != SCN_ROLE_WORKER) {
        *why = "that task is not a worker";
        return NULL;
    }
    if (sim_future_done(&t->fut)) {
        *why = "that worker has already finished";
        return NULL;
    }
    if (sim_task_cancelling(t) > 0) {
        *why = "that worker is already being cancelled";
        return NULL;
    }
    return t;
}

/* Idle in get() (directly or inside wait_for): retiring can end it now. */
static bool waiting_for_item(const SimTask *t)
{
    if (!t->coro || sim_task_is_ready(t))
        return false;
    for (const SimCo *co = t->coro; co; co = co->child)
        if (sim_queue_of_frame(co) || sim_aio_is_wait_for(co))
            return true;
    return false;
}

/* 3.11's wait_for whose inner get() task has finished with an item: a
 * cancel now is lost, as wait_for returns the item instead. */
static bool wait_for_has_item(const SimTask *t)
{
    for (const SimCo *co = t->coro; co; co = co->child)
        if (sim_aio_is_wait_for(co))
            return sim_aio_wait_for_taken(co) != NULL;
    return false;
}

/* Idle inside wait_for(get()) rather than in get() itself. */
static bool in_wait_for(const SimTask *t)
{
    for (const SimCo *co = t->coro; co; co = co->child)
        if (sim_aio_is_wait_for(co))
            return true;
    return false;
}

static bool live_apply(ScnRun *r, ScnLiveKind kind, long arg, const char **why);

bool scn_run_live(ScnRun *r, ScnLiveKind kind, long arg, const char **why)
{
    bool ok = live_apply(r, kind, arg, why);
    /* A change can wake a deadlocked program (cancelling the task that
     * holds up join(), raising maxsize for a blocked put()). */
    if (ok)
        sim_runner_revive(r->runner);
    return ok;
}

static bool live_apply(ScnRun *r, ScnLiveKind kind, long arg, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    *why = NULL;
    if (sim_runner_main_finished(r->runner) && scn_run_status(r) != SIM_RUN_DEADLOCK) {
        *why = "the program has finished";
        return false;
    }
    switch (kind) {
    case SCN_LIVE_MAXSIZE: {
        if (!scn_takes(r->scn, SCN_PARAM_MAXSIZE)) {
            *why = "this scenario's queue has no maxsize to change";
            return false;
        }
        const char *bad = scn_param_check(SCN_PARAM_MAXSIZE, (double)arg);
        if (bad) {
            *why = bad;
            return false;
        }
        r->params.v[SCN_PARAM_MAXSIZE] = (double)arg;
        sim_queue_set_maxsize(r->queue, arg);
        return true;
    }
    case SCN_LIVE_ADD_WORKER: {
        if (!r->scn->new_worker) {
            *why = "this scenario has no workers to add";
            return false;
        }
        if (r->workers >= (int)scn_param_info(SCN_PARAM_WORKERS)->max) {
            *why = "too many workers";
            return false;
        }
        int started = 0;
        for (size_t i = 0; i < r->ntasks; i++)
            started += r->tasks[i]->role == SCN_ROLE_WORKER;
        if (started < r->own_workers) {
            /* Before main has created them, one more would be counted
             * twice: by the change and by ARGS.workers in main. */
            *why = "the program has not created its workers yet: step until it has";
            return false;
        }
        ScnParams more = r->params;
        more.v[SCN_PARAM_WORKERS] = r->workers + 1;
        if (scn_params_check(r->scn, &more)) {
            /* The limit --workers has at the start holds for added ones. */
            *why = "one more worker would time out in get() more often than a run can show "
                   "(a larger --timeout or a smaller --shutdown-at leaves room)";
            return false;
        }
        int index = r->next_worker++;
        char name[24];
        r->scn->worker_name(index, name, sizeof name);
        r->workers++;
        r->params.v[SCN_PARAM_WORKERS] = r->workers;
        SimTask *t = scn_spawn(r, r->scn->new_worker(r, index), name, SCN_ROLE_WORKER);
        trace_live(r, "add_worker", t, r->workers);
        return true;
    }
    case SCN_LIVE_RETIRE_WORKER: {
        SimTask *t = live_worker(r, arg, why);
        if (!t)
            return false;
        t->retire_requested = true;
        /* The event says which way it goes, for the caption (SCN_RETIRE_*). */
        bool now = waiting_for_item(t);
        trace_live(r, "retire_worker", t,
                   now ? (in_wait_for(t) ? SCN_RETIRE_CANCEL_WAIT_FOR : SCN_RETIRE_CANCEL)
                   : !sim_value_is_none(&t->holding) ? SCN_RETIRE_AFTER_ITEM
                                                     : SCN_RETIRE_AT_NEXT_GET);
        if (now)
            sim_task_cancel(t);
        return true;
    }
    case SCN_LIVE_CANCEL_WORKER: {
        SimTask *t = live_worker(r, arg, why);
        if (!t)
            return false;
        /* 1: 3.11's wait_for already has the item and will return it,
         * swallowing the cancellation (the caption says so). */
        bool lost = wait_for_has_item(t);
        sim_task_cancel(t);
        trace_live(r, "cancel_worker", t, lost ? 1 : 0);
        return true;
    }
    case SCN_LIVE_SET_SHUTDOWN:
        if (!r->event) {
            *why = "this scenario has no shutdown Event";
            return false;
        }
        if (sim_event_is_set(r->event)) {
            *why = "the shutdown Event is already set";
            return false;
        }
        trace_live(r, "set_shutdown", NULL, 1);
        sim_event_set(r->event);
        return true;
    }
    *why = "unknown change";
    return false;
}

/* ---- print ---- */

/* A line being built. Lines are short, so they start in `small` on the
 * stack; the rare long one moves to the heap. */
typedef struct {
    char *buf;
    size_t len, cap;
    char small[256];
} Line;

/* Room for n more bytes and a NUL. */
static void line_grow(Line *l, size_t n)
{
    size_t ncap = l->cap * 2 > l->len + n + 1 ? l->cap * 2 : l->len + n + 1;
    char *nb = sim_xmalloc(ncap);
    memcpy(nb, l->buf, l->len);
    if (l->buf != l->small)
        free(l->buf);
    l->buf = nb;
    l->cap = ncap;
}

/* Inline: a million-item run prints millions of lines. */
static inline char *line_room(Line *l, size_t n)
{
    if (l->len + n + 1 > l->cap)
        line_grow(l, n);
    return l->buf + l->len;
}

static inline void line_put(Line *l, const char *s, size_t n)
{
    memcpy(line_room(l, n), s, n);
    l->len += n;
}

static void line_value(Line *l, const SimValue *v, bool repr)
{
    if (!repr && v->kind == SIM_VALUE_STR) {
        size_t n;
        const char *text = sim_value_str_data(v, &n);
        line_put(l, text, n);
        return;
    }
    char tmp[256];
    size_t n = repr ? sim_value_repr(v, tmp, sizeof tmp) : sim_value_format(v, tmp, sizeof tmp);
    if (n < sizeof tmp) {
        line_put(l, tmp, n);
        return;
    }
    char *big = sim_xmalloc(n + 1);
    if (repr)
        sim_value_repr(v, big, n + 1);
    else
        sim_value_format(v, big, n + 1);
    line_put(l, big, n);
    free(big);
}

/* Numbers are written straight into the line: 64 bytes hold any int and
 * any float the scenarios print (see sim/fmt.h). */
enum { NUM_ROOM = 64 };

/* One conversion: c is the character after '{', fmt_prec the one after
 * that (the N of {.Nf}). */
static void line_conv(Line *l, char c, int prec, va_list *ap)
{
    switch (c) {
    case 's': {
        const char *str = va_arg(*ap, const char *);
        line_put(l, str, strlen(str));
        break;
    }
    case 'd':
        l->len += sim_fmt_i64(line_room(l, NUM_ROOM), NUM_ROOM, va_arg(*ap, int));
        break;
    case 'v':
    case 'r':
        line_value(l, va_arg(*ap, const SimValue *), c == 'r');
        break;
    case 'f':
        l->len += sim_fmt_fixed(line_room(l, NUM_ROOM), NUM_ROOM, va_arg(*ap, double), prec);
        break;
    default:
        break;
    }
}

/* Where the conversion at p ('{' not followed by '{') ends. */
static const char *conv_end(const char *p)
{
    while (*p && *p != '}')
        p++;
    return *p ? p + 1 : p;
}

static char conv_char(const char *p)
{
    return p[1] == '.' ? 'f' : p[1];
}

/* Format fmt from p on without a plan. */
static void line_format_slow(Line *l, const char *p, va_list *ap)
{
    for (;;) {
        size_t lit = strcspn(p, "{");
        line_put(l, p, lit);
        p += lit;
        if (!*p)
            return;
        if (p[1] == '{') {
            line_put(l, "{", 1);
            p += 2;
            continue;
        }
        line_conv(l, conv_char(p), p[1] == '.' ? p[2] - '0' : 0, ap);
        p = conv_end(p);
    }
}

/* Parse as many parts of fmt as a plan holds ("{{" ends a literal run
 * with its first '{' and starts the next after it). A format longer than
 * the offsets can hold is left to the slow path. */
static void plan_parse(PrintPlan *pl, const char *fmt)
{
    const char *p = fmt, *lit = fmt;
    pl->fmt = fmt;
    pl->nparts = 0;
    pl->rest = 0;
    if (strlen(fmt) >= UINT32_MAX)
        return;
    while (pl->nparts < PLAN_PARTS) {
        while (*p && *p != '{')
            p++;
        PrintPart *pt = &pl->part[pl->nparts++];
        pt->off = (uint32_t)(lit - fmt);
        pt->prec = 0;
        if (!*p) {
            pt->len = (uint32_t)(p - lit);
            pt->conv = '\0';
            lit = p;
            break;
        }
        if (p[1] == '{') {
            pt->len = (uint32_t)(p + 1 - lit);
            pt->conv = '\0';
            p += 2;
        } else {
            pt->len = (uint32_t)(p - lit);
            pt->conv = conv_char(p);
            if (p[1] == '.')
                pt->prec = (int8_t)(p[2] - '0');
            p = conv_end(p);
        }
        lit = p;
    }
    pl->rest = (uint32_t)(lit - fmt);
}

static PrintPlan *plan_for(ScnRun *r, const char *fmt)
{
    uintptr_t a = (uintptr_t)fmt;
    PrintPlan *pl = &r->plans[(a ^ a >> 5 ^ a >> 10) % PLAN_SLOTS];
    if (pl->fmt != fmt)
        plan_parse(pl, fmt);
    return pl;
}

void scn_print(ScnRun *r, const char *fmt, ...)
{
    Line l; /* not zero-filled: only buf[0, len) is ever read */
    l.len = 0;
    l.cap = sizeof l.small;
    l.buf = l.small;
    va_list ap;
    va_start(ap, fmt);
    const PrintPlan *pl = plan_for(r, fmt);
    for (int i = 0; i < pl->nparts; i++) {
        const PrintPart *pt = &pl->part[i];
        line_put(&l, fmt + pt->off, pt->len);
        if (pt->conv)
            line_conv(&l, pt->conv, pt->prec, &ap);
    }
    if (fmt[pl->rest])
        line_format_slow(&l, fmt + pl->rest, &ap);
    va_end(ap);
    sim_loop_print(r->loop, l.buf, l.len);
    if (l.buf != l.small)
        free(l.buf);
}

void scn_cancel_workers(ScnRun *r)
{
    for (size_t i = 0; i < r->ntasks; i++)
        if (r->tasks[i]->role == SCN_ROLE_WORKER)
            sim_task_cancel(r->tasks[i]);
}

SimAwaitable scn_await_gather(SimLoop *loop, SimFuture *const *children, int n)
{
    SimFuture *all = sim_aio_gather(loop, children, n, false);
    SimAwaitable aw = sim_awaitable_future(all);
    sim_obj_unref(all);
    return aw;
}

SimAwaitable scn_gather_workers(ScnRun *r)
{
    SimFuture **children = sim_xmalloc((r->ntasks + 1) * sizeof *children);
    int n = 0;
    for (size_t i = 0; i < r->ntasks; i++)
        if (r->tasks[i]->role == SCN_ROLE_WORKER)
            children[n++] = &r->tasks[i]->fut;
    SimAwaitable aw = scn_await_gather(r->loop, children, n);
    free(children);
    return aw;
}

SimAwaitable scn_await_work_done(ScnRun *r)
{
    if (scn_has_mistake(&r->params, SCN_MISTAKE_GATHER_WORKERS))
        return scn_gather_workers(r);
    return sim_queue_join(r->queue);
}

void scn_letter_name(long i, char *buf, size_t size)
{
    char rev[32];
    int n = 0;
    i += 1;
    while (i > 0 && n < (int)sizeof rev) {
        long rem = (i - 1) % 26;
        i = (i - 1) / 26;
        rev[n++] = (char)('A' + rem);
    }
    size_t k = 0;
    while (n > 0 && k + 1 < size)
        buf[k++] = rev[--n];
    if (size)
        buf[k] = '\0';
}
