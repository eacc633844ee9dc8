/* check_sim.c - the sim against CPython's asyncio, one test per subtlety.
 *
 * Each test pins one behaviour of real CPython asyncio that the sim must
 * reproduce (the notes "asyncio subtleties a C reimplementation must get
 * right" and "Version differences" in /work/shared/oracle/README.md). The
 * expected values were produced by running a small Python program on
 * CPython 3.11.7 (3.12.1 / 3.13.0 where a test says so) under the oracle's
 * virtual clock,
 *
 *     python3 /work/shared/oracle/vclock.py PROGRAM.py
 *
 * and are either quoted in the test (with the program's key lines in the
 * comment above it) or kept in tests/data/sim_*.txt. Nothing here needs
 * Python to run.
 *
 * The Python coroutines become Scripts: a small coroutine, written with the
 * SIM_CO_* macros, that runs a table of Ops (await q.get(), print(...),
 * create_task, cancel, ...) one after the other; an await that can finish
 * at once finishes inline, exactly as a nested coroutine does in the sim.
 * Scripts print through sim_loop_print, and a test compares everything
 * printed with what Python printed. A few tests also record the callbacks
 * the loop runs (the sinks' before_callback) in the words of the oracle's
 * experiments/wait_for_versions.py, so the callback sequences of wait_for
 * can be compared with CPython's as text.
 */
#include <check.h>
#include <unistd.h>
#include <sys/wait.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/aio.h"
#include "sim/event.h"
#include "sim/fmt.h"
#include "sim/future.h"
#include "sim/loop.h"
#include "sim/queue.h"
#include "sim/rng.h"
#include "sim/runner.h"
#include "sim/task.h"
#include "sim/trace.h"
#include "sim/value.h"
#include "sim/xalloc.h"
#include "tests/suites.h"
#include "tests/testutil.h"

/* ------------------------------------------------------------------ */
/* growing text                                                         */

typedef struct {
    char *buf;
    size_t len, cap;
} Text;

static void text_put(Text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 128;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *nb = realloc(t->buf, cap);
        ck_assert_ptr_nonnull(nb);
        t->buf = nb;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

static void text_str(Text *t, const char *s)
{
    text_put(t, s, strlen(s));
}

static void text_printf(Text *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void text_printf(Text *t, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ck_assert(n >= 0 && (size_t)n < sizeof buf);
    text_put(t, buf, (size_t)n);
}

static const char *text_cstr(const Text *t)
{
    return t->buf ? t->buf : "";
}

static void text_clear(Text *t)
{
    t->len = 0;
    if (t->buf)
        t->buf[0] = '\0';
}

static void text_free(Text *t)
{
    free(t->buf);
    t->buf = NULL;
    t->len = t->cap = 0;
}

static const char *py_bool(bool b)
{
    return b ? "True" : "False";
}

/* repr(float), as Python prints loop.time(). */
static void text_repr_float(Text *t, double x)
{
    char buf[32];
    size_t n = sim_fmt_repr(buf, sizeof buf, x);
    text_put(t, buf, n);
}

static void text_value(Text *t, const SimValue *v, bool repr)
{
    char buf[256];
    size_t n = repr ? sim_value_repr(v, buf, sizeof buf) : sim_value_format(v, buf, sizeof buf);
    ck_assert_uint_lt(n, sizeof buf);
    text_put(t, buf, n);
}

/* ------------------------------------------------------------------ */
/* a world: one loop, one queue, one Event, one Future, named tasks     */

enum { MAXT = 24 };

typedef struct World World;
typedef struct Script Script;
typedef struct Op Op;
typedef void (*OpHook)(Script *f, const Op *op);
typedef SimCo *(*CoMaker)(World *w, int who);

typedef struct {
    uint64_t pass;
    double time;
    char desc[64];
} Rec;

struct World {
    SimLoop *loop;
    SimRunner *runner;
    SimQueue *q;
    SimEvent *ev;
    SimFuture *fut;
    SimTask *tasks[MAXT];    /* create_task's references */
    const char *names[MAXT]; /* task names (index 0 is main) */
    const char *args[MAXT];  /* a per-task argument ({s}, a put's item) */
    const Op *scripts[MAXT];
    CoMaker makers[MAXT];    /* a bespoke coroutine instead of a script */
    Text out;                /* everything print()ed */
    Text order;              /* what OP_ACC collected (" ".join(order)) */
    Text cancels;            /* the task of each `cancel` trace event */
    uint64_t base_passes;    /* for "pass=N" relative to a hook */
    bool ran;                /* the probe callback ran */
    /* callback recording, as wait_for_versions.py does it */
    bool recording;
    Rec *rec;
    size_t nrec, caprec;
    Text seq;                /* the last stop_recording() */
};

/* What a test can put into a Script. */
typedef enum {
    OP_END,         /* return */
    OP_GOTO,        /* ip = a */
    OP_PRINT,       /* print(say) */
    OP_ACC,         /* order.append(say) */
    OP_HOOK,        /* hook(f, op) */
    OP_SLEEP,       /* await asyncio.sleep(d) */
    OP_PUT,         /* await q.put(s or the task's arg) */
    OP_PUT_NOWAIT,  /* q.put_nowait(s) */
    OP_GET,         /* v = await q.get() */
    OP_GET_NOWAIT,  /* v = q.get_nowait() */
    OP_WAIT_FOR_GET,/* v = await asyncio.wait_for(q.get(), d) */
    OP_JOIN,        /* await q.join() */
    OP_TASK_DONE,   /* q.task_done() */
    OP_SHUTDOWN,    /* q.shutdown(immediate=a) */
    OP_EVENT_WAIT,  /* await ev.wait() */
    OP_EVENT_SET,   /* ev.set() */
    OP_SET_RESULT,  /* fut.set_result(int(d)) */
    OP_AWAIT_FUT,   /* v = await fut */
    OP_SPAWN,       /* tasks[a] = asyncio.create_task(script a) */
    OP_CANCEL,      /* flag = tasks[a].cancel() */
    OP_UNCANCEL,    /* num = tasks[a].uncancel() */
    OP_AWAIT_TASK,  /* v = await tasks[a] */
    OP_GATHER,      /* v = await asyncio.gather(tasks[a..b], return_exceptions=rx) */
    OP_GATHER_CORO, /* v = await asyncio.gather(plain()) (the child becomes tasks[a]) */
    OP_CALL,        /* v = await plain() (d != 0: plain() raises ConnectionError) */
    OP_GATHER_NEW,  /* fut = asyncio.gather(tasks[a..b]) (not awaited) */
    OP_CANCEL_FUT,  /* flag = fut.cancel() */
    OP_RAISE,       /* raise the exception a (a SimExc) */
    OP_RETURN,      /* return int(d) */
    OP_NEW_QUEUE    /* q = asyncio.Queue() */
} OpKind;

struct Op {
    OpKind k;
    const char *s;     /* an item to put, a label */
    double d;          /* a delay, a timeout, a number */
    int a, b;          /* task indices, a jump target, a flag */
    bool rx;
    OpHook hook;
    const char *say;   /* printed when the op completes (fields: see expand()) */
    const char *exc;   /* printed when it raises (the exception is handled) */
    bool reraise;      /* after printing exc, raise it again */
    bool cont;         /* after a handled exception go on with the next op */
    int exc_goto;      /* after a handled exception go to this op (> 0) */
    /* Without exc, cont or exc_goto the exception ends the task. A handled
     * exception otherwise returns from the script. */
};

struct Script {
    SimCo co;
    World *w;
    int who;
    int ip;
    SimValue val; /* the last value an op produced */
    SimExc exc;   /* what the current op raised */
    bool flag;    /* OP_CANCEL's result */
    int num;      /* OP_UNCANCEL's result, or a hook's */
};

static void world_print_sink(void *ctx, const char *text, size_t len)
{
    text_put(&((World *)ctx)->out, text, len);
}

static void world_trace_sink(void *ctx, const SimTraceEvent *ev)
{
    World *w = ctx;
    if (ev->kind == SIM_TRACE_CANCEL) {
        if (w->cancels.len)
            text_str(&w->cancels, " ");
        text_str(&w->cancels, ev->task ? ev->task->name : "?");
    }
}

static void world_before_callback(void *ctx, SimLoop *loop, SimCallbackFn fn, SimObj *a,
                                  SimObj *b, bool timer, double when);

static World *world_new(SimPyVersion v, SimQueueKind kind, long maxsize)
{
    World *w = calloc(1, sizeof *w);
    ck_assert_ptr_nonnull(w);
    w->loop = sim_loop_new(v);
    SimSinks sinks = {.print = world_print_sink, .trace = world_trace_sink,
                      .before_callback = world_before_callback, .ctx = w};
    sim_loop_set_sinks(w->loop, &sinks);
    w->q = sim_queue_new(w->loop, kind, maxsize);
    w->ev = sim_event_new(w->loop);
    w->fut = sim_future_new(w->loop);
    w->names[0] = "main";
    return w;
}

static void world_free(World *w)
{
    sim_runner_free(w->runner);
    for (int i = 0; i < MAXT; i++)
        sim_obj_unref(w->tasks[i]);
    sim_obj_unref(w->q);
    sim_obj_unref(w->ev);
    sim_obj_unref(w->fut);
    sim_loop_free(w->loop);
    text_free(&w->out);
    text_free(&w->order);
    text_free(&w->cancels);
    text_free(&w->seq);
    free(w->rec);
    free(w);
}

/* Task `i` runs `ops` under `name` (index 0 is main, the asyncio.run task). */
static void world_task(World *w, int i, const char *name, const Op *ops)
{
    ck_assert_int_lt(i, MAXT);
    w->names[i] = name;
    w->scripts[i] = ops;
}

static SimCo *script_new(World *w, int who);

static SimCo *world_coro(World *w, int who)
{
    return w->makers[who] ? w->makers[who](w, who) : script_new(w, who);
}

/* asyncio.run(main()), callback by callback, to the end. */
static SimRunStatus world_run(World *w)
{
    w->runner = sim_runner_new(w->loop, world_coro(w, 0), w->names[0]);
    w->tasks[0] = sim_obj_ref(sim_runner_main_task(w->runner));
    SimRunStatus s;
    long n = 0;
    while ((s = sim_runner_step(w->runner)) == SIM_RUN_RUNNING)
        ck_assert_int_lt(++n, 1000000);
    return s;
}

/* Run and compare everything printed with what CPython printed. */
static void world_run_expect(World *w, const char *expected)
{
    SimRunStatus s = world_run(w);
    ck_assert_str_eq(text_cstr(&w->out), expected);
    ck_assert_int_eq(s, SIM_RUN_FINISHED);
}

static const char *exc_short_name(SimExc e)
{
    const char *name = sim_exc_name(e);
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

/* " N timer(s) in the heap, M cancelled" as wait_for_versions.py prints it.
 * The sim tells how many timers the heap holds and whether a live one is
 * among them; that settles M whenever N <= 1 or none is live, which is all
 * these tests need (anything else prints "?" and fails the comparison). */
static void text_heap_state(Text *t, const SimLoop *loop)
{
    size_t n = sim_loop_timer_count(loop);
    double when;
    bool live = sim_loop_next_timer(loop, &when);
    if (!live)
        text_printf(t, "%zu timer(s) in the heap, %zu cancelled", n, n);
    else if (n == 1)
        text_printf(t, "1 timer(s) in the heap, 0 cancelled");
    else
        text_printf(t, "%zu timer(s) in the heap, ? cancelled", n);
}

/* Expand a template. Fields:
 *   {n} the task's name      {s} the op's s, else the task's argument
 *   {i} str(v)  {r} repr(v)  {L} v (a gather result) as a list
 *   {t} repr(loop.time())    {P} passes since the last mark
 *   {q} qsize()  {u} _unfinished_tasks  {g} len(_getters)  {p} len(_putters)
 *   {f} full()   {T} timers in the heap  {H} the heap state
 *   {e} the exception's class name  {v} the cancel() result  {k} num
 *   {c} tasks[a].cancelling()  {X} tasks[a].cancelled()  {B} not tasks[a].done()
 *   {Y} tasks[b].cancelled()   {Z} tasks[b].done()
 *   {R} [type(t.exception() or t.result()).__name__ for t in tasks[a..b]]
 *   {D} tasks[a]'s default name  {N} the running task's default name
 *   {F} str(fut.result())  {O} " ".join(order) (then cleared)  {S} the last recording */
static void expand(Script *f, const Op *op, const char *tmpl, Text *line)
{
    World *w = f->w;
    for (const char *p = tmpl; *p; p++) {
        if (p[0] != '{' || !p[1] || p[2] != '}') {
            text_put(line, p, 1);
            continue;
        }
        char c = p[1];
        p += 2;
        SimTask *ta = w->tasks[op->a];
        char name[32];
        if (c == 'n') {
            text_str(line, w->names[f->who]);
        } else if (c == 's') {
            text_str(line, op->s ? op->s : w->args[f->who]);
        } else if (c == 'i' || c == 'r') {
            text_value(line, &f->val, c == 'r');
        } else if (c == 'L') {
            text_str(line, "[");
            for (int i = 0; i < sim_value_len(&f->val); i++) {
                if (i)
                    text_str(line, ", ");
                text_value(line, sim_value_item(&f->val, i), true);
            }
            text_str(line, "]");
        } else if (c == 't') {
            text_repr_float(line, sim_loop_time(w->loop));
        } else if (c == 'P') {
            text_printf(line, "%llu",
                        (unsigned long long)(sim_loop_passes(w->loop) - w->base_passes));
        } else if (c == 'q') {
            text_printf(line, "%zu", sim_queue_qsize(w->q));
        } else if (c == 'u') {
            text_printf(line, "%ld", sim_queue_unfinished(w->q));
        } else if (c == 'g') {
            text_printf(line, "%zu", sim_queue_getter_count(w->q));
        } else if (c == 'p') {
            text_printf(line, "%zu", sim_queue_putter_count(w->q));
        } else if (c == 'f') {
            text_str(line, py_bool(sim_queue_full(w->q)));
        } else if (c == 'T') {
            text_printf(line, "%zu", sim_loop_timer_count(w->loop));
        } else if (c == 'H') {
            text_heap_state(line, w->loop);
        } else if (c == 'e') {
            text_str(line, exc_short_name(f->exc));
        } else if (c == 'v') {
            text_str(line, py_bool(f->flag));
        } else if (c == 'k') {
            text_printf(line, "%d", f->num);
        } else if (c == 'c') {
            text_printf(line, "%d", sim_task_cancelling(ta));
        } else if (c == 'X') {
            text_str(line, py_bool(sim_future_cancelled(sim_task_future(ta))));
        } else if (c == 'B') {
            text_str(line, py_bool(!sim_future_done(sim_task_future(ta))));
        } else if (c == 'Y') {
            text_str(line, py_bool(sim_future_cancelled(sim_task_future(w->tasks[op->b]))));
        } else if (c == 'Z') {
            text_str(line, py_bool(sim_future_done(sim_task_future(w->tasks[op->b]))));
        } else if (c == 'R') {
            text_str(line, "[");
            for (int i = op->a; i <= op->b; i++) {
                const SimFuture *tf = sim_task_future(w->tasks[i]);
                ck_assert(sim_future_done(tf) && !sim_future_cancelled(tf));
                text_printf(line, "%s'%s'", i > op->a ? ", " : "",
                            tf->outcome.exc != SIM_EXC_NONE ? exc_short_name(tf->outcome.exc)
                            : tf->outcome.value.kind == SIM_VALUE_INT ? "int"
                                                                      : "NoneType");
            }
            text_str(line, "]");
        } else if (c == 'D') {
            sim_task_default_name(ta, name, sizeof name);
            text_str(line, name);
        } else if (c == 'N') {
            sim_task_default_name(f->co.task, name, sizeof name);
            text_str(line, name);
        } else if (c == 'F') {
            SimOutcome o = sim_future_result(w->fut);
            text_value(line, &o.value, false);
            sim_outcome_release(&o);
        } else if (c == 'O') {
            text_str(line, text_cstr(&w->order));
            text_clear(&w->order);
        } else if (c == 'S') {
            text_str(line, text_cstr(&w->seq));
        } else {
            ck_abort_msg("unknown template field {%c}", c);
        }
    }
}

static void say(Script *f, const Op *op, const char *tmpl)
{
    Text line = {0};
    expand(f, op, tmpl, &line);
    text_put(&line, "\n", 1);
    sim_loop_print(f->w->loop, line.buf, line.len);
    text_free(&line);
}

/* ---- a plain coroutine: `async def plain(): return 1` (or raise) ---- */

typedef struct {
    SimCo co;
    bool fail;
} Plain;

static SimCoSignal plain_fn(SimCo *co)
{
    SIM_CO_BEGIN(co);
    if (((Plain *)co)->fail)
        SIM_CO_RAISE(co, SIM_EXC_CONNECTION);
    SIM_CO_RETURN(co, sim_value_int(1));
    SIM_CO_END(co);
}

static const SimCoKind plain_kind = {"plain", plain_fn, sizeof(Plain), SIM_WAIT_NONE, NULL};

static SimCo *plain_new(SimLoop *loop, bool fail)
{
    Plain *p = (Plain *)sim_co_new(loop, &plain_kind);
    p->fail = fail;
    return &p->co;
}

/* ---- the Script coroutine ---- */

static bool op_awaits(OpKind k)
{
    switch (k) {
    case OP_SLEEP:
    case OP_PUT:
    case OP_GET:
    case OP_WAIT_FOR_GET:
    case OP_JOIN:
    case OP_EVENT_WAIT:
    case OP_AWAIT_FUT:
    case OP_AWAIT_TASK:
    case OP_GATHER:
    case OP_GATHER_CORO:
    case OP_CALL:
        return true;
    default:
        return false;
    }
}

static bool op_gives_value(OpKind k)
{
    return k == OP_GET || k == OP_WAIT_FOR_GET || k == OP_AWAIT_FUT || k == OP_AWAIT_TASK ||
           k == OP_GATHER || k == OP_GATHER_CORO || k == OP_CALL;
}

static SimValue op_item(const Script *f, const Op *op)
{
    return sim_value_str(op->s ? op->s : f->w->args[f->who]);
}

/* asyncio.gather(tasks[a..b]): a new reference to the outer future. */
static SimFuture *new_gather(World *w, int a, int b, bool rx)
{
    SimFuture *children[MAXT];
    int n = 0;
    for (int i = a; i <= b; i++) {
        ck_assert_ptr_nonnull(w->tasks[i]);
        children[n++] = sim_task_future(w->tasks[i]);
    }
    return sim_aio_gather(w->loop, children, n, rx);
}

static SimAwaitable gather_of(World *w, int a, int b, bool rx)
{
    SimFuture *g = new_gather(w, a, b, rx);
    SimAwaitable aw = sim_awaitable_future(g);
    sim_obj_unref(g);
    return aw;
}

static SimAwaitable op_awaitable(Script *f, const Op *op)
{
    World *w = f->w;
    switch (op->k) {
    case OP_SLEEP:
        return sim_aio_sleep(w->loop, op->d);
    case OP_PUT:
        return sim_queue_put(w->q, op_item(f, op));
    case OP_GET:
        return sim_queue_get(w->q);
    case OP_WAIT_FOR_GET:
        return sim_aio_wait_for(w->loop, sim_queue_get(w->q).co, op->d);
    case OP_JOIN:
        return sim_queue_join(w->q);
    case OP_EVENT_WAIT:
        return sim_event_wait(w->ev);
    case OP_AWAIT_FUT:
        return sim_awaitable_future(w->fut);
    case OP_AWAIT_TASK:
        return sim_awaitable_future(sim_task_future(w->tasks[op->a]));
    case OP_GATHER:
        return gather_of(w, op->a, op->b, op->rx);
    case OP_GATHER_CORO:
        ck_assert_ptr_null(w->tasks[op->a]);
        w->tasks[op->a] = sim_task_new(w->loop, plain_new(w->loop, false), "plain");
        return gather_of(w, op->a, op->a, op->rx);
    default:
        ck_assert_int_eq(op->k, OP_CALL);
        return sim_awaitable_co(plain_new(w->loop, op->d != 0));
    }
}

/* An op that does not await; returns what it raised. */
static SimExc op_sync(Script *f, const Op *op)
{
    World *w = f->w;
    switch (op->k) {
    case OP_PRINT:
    case OP_ACC:
        return SIM_EXC_NONE;
    case OP_HOOK:
        op->hook(f, op);
        return SIM_EXC_NONE;
    case OP_PUT_NOWAIT:
        return sim_queue_put_nowait(w->q, op_item(f, op));
    case OP_GET_NOWAIT: {
        SimValue v = sim_value_none();
        SimExc e = sim_queue_get_nowait(w->q, &v);
        if (e == SIM_EXC_NONE) {
            sim_value_release(&f->val);
            f->val = v;
        }
        return e;
    }
    case OP_TASK_DONE:
        return sim_queue_task_done(w->q);
    case OP_SHUTDOWN:
        sim_queue_shutdown(w->q, op->a != 0);
        return SIM_EXC_NONE;
    case OP_EVENT_SET:
        sim_event_set(w->ev);
        return SIM_EXC_NONE;
    case OP_SET_RESULT:
        sim_future_set_result(w->fut, sim_value_int((int64_t)op->d));
        return SIM_EXC_NONE;
    case OP_SPAWN:
        ck_assert_ptr_null(w->tasks[op->a]);
        w->tasks[op->a] = sim_task_new(w->loop, world_coro(w, op->a), w->names[op->a]);
        return SIM_EXC_NONE;
    case OP_CANCEL:
        f->flag = sim_task_cancel(w->tasks[op->a]);
        return SIM_EXC_NONE;
    case OP_UNCANCEL:
        f->num = sim_task_uncancel(w->tasks[op->a]);
        return SIM_EXC_NONE;
    case OP_GATHER_NEW:
        sim_obj_unref(w->fut);
        w->fut = new_gather(w, op->a, op->b, op->rx);
        return SIM_EXC_NONE;
    case OP_CANCEL_FUT:
        f->flag = sim_future_cancel(w->fut);
        return SIM_EXC_NONE;
    case OP_RAISE:
        return (SimExc)op->a;
    case OP_NEW_QUEUE:
        sim_obj_unref(w->q);
        w->q = sim_queue_new(w->loop, SIM_QUEUE_FIFO, 0);
        return SIM_EXC_NONE;
    default:
        ck_abort_msg("op %d cannot run here", (int)op->k);
        return SIM_EXC_NONE;
    }
}

static const Op *cur_op(const Script *f)
{
    return &f->w->scripts[f->who][f->ip];
}

static SimCoSignal script_fn(SimCo *co)
{
    Script *f = (Script *)co;
    SIM_CO_BEGIN(co);
    for (;;) {
        if (cur_op(f)->k == OP_END)
            break;
        if (cur_op(f)->k == OP_RETURN)
            SIM_CO_RETURN(co, sim_value_int((int64_t)cur_op(f)->d));
        if (cur_op(f)->k == OP_GOTO) {
            f->ip = cur_op(f)->a;
            continue;
        }
        if (op_awaits(cur_op(f)->k)) {
            SIM_AWAIT_TRY(co, f->ip + 1, op_awaitable(f, cur_op(f)));
            f->exc = co->in.exc;
            if (f->exc == SIM_EXC_NONE && op_gives_value(cur_op(f)->k)) {
                sim_value_release(&f->val);
                f->val = sim_co_take_value(co);
            }
            sim_outcome_release(&co->in);
        } else {
            f->exc = op_sync(f, cur_op(f));
        }
        if (f->exc != SIM_EXC_NONE) {
            const Op *op = cur_op(f);
            bool handled = op->exc || op->cont || op->exc_goto;
            if (op->exc)
                say(f, op, op->exc);
            if (!handled || op->reraise)
                SIM_CO_RAISE(co, f->exc);
            if (op->exc_goto) {
                f->ip = op->exc_goto;
                continue;
            }
            if (!op->cont)
                break;
        } else if (cur_op(f)->k == OP_ACC) {
            if (f->w->order.len)
                text_str(&f->w->order, " ");
            expand(f, cur_op(f), cur_op(f)->say, &f->w->order);
        } else if (cur_op(f)->say) {
            say(f, cur_op(f), cur_op(f)->say);
        }
        f->ip++;
    }
    SIM_CO_END(co);
}

static void script_release(SimCo *co)
{
    sim_value_release(&((Script *)co)->val);
}

static const SimCoKind script_kind = {"script", script_fn, sizeof(Script), SIM_WAIT_NONE,
                                      script_release};

static SimCo *script_new(World *w, int who)
{
    ck_assert_ptr_nonnull(w->scripts[who]);
    Script *f = (Script *)sim_co_new(w->loop, &script_kind);
    f->w = w;
    f->who = who;
    f->val = sim_value_none();
    return &f->co;
}

/* Shorthands for the op tables. */
#define END {.k = OP_END}
#define PRINT(t) {.k = OP_PRINT, .say = (t)}
#define SLEEP(x) {.k = OP_SLEEP, .d = (x)}
#define SPAWN(i) {.k = OP_SPAWN, .a = (i)}
#define AWAIT_TASK(i) {.k = OP_AWAIT_TASK, .a = (i)}
#define GATHER(i, j) {.k = OP_GATHER, .a = (i), .b = (j)}
#define HOOK(fn) {.k = OP_HOOK, .hook = (fn)}

/* ------------------------------------------------------------------ */
/* objects for plain loop callbacks                                    */

typedef struct {
    SimObj obj;
    World *w;
    char name[16];
    char then[16]; /* tag_print_cb: call_soon a tag of this name */
} Tag;

static void tag_clear(SimObj *o)
{
    (void)o;
}

static void tag_destroy(SimObj *o)
{
    free(o);
}

static const SimObjType tag_type = {"Tag", tag_clear, tag_destroy};

static Tag *tag_new(World *w, const char *name, const char *then)
{
    Tag *t = calloc(1, sizeof *t);
    ck_assert_ptr_nonnull(t);
    sim_loop_obj_init(w->loop, &t->obj, &tag_type);
    t->w = w;
    snprintf(t->name, sizeof t->name, "%s", name);
    snprintf(t->then, sizeof t->then, "%s", then ? then : "");
    return t;
}

/* print(f"{name} pass={n[0]} t={loop.time()!r}"), then maybe call_soon. */
static void tag_print_cb(SimLoop *loop, SimObj *a, SimObj *b)
{
    (void)b;
    Tag *t = (Tag *)a;
    Text line = {0};
    text_printf(&line, "%s pass=%llu t=", t->name,
                (unsigned long long)(sim_loop_passes(loop) - t->w->base_passes));
    text_repr_float(&line, sim_loop_time(loop));
    text_str(&line, "\n");
    sim_loop_print(loop, line.buf, line.len);
    text_free(&line);
    if (t->then[0]) {
        Tag *next = tag_new(t->w, t->then, NULL);
        sim_loop_call_soon(loop, tag_print_cb, &next->obj, NULL);
        sim_obj_unref(next);
    }
}

/* order.append(name) */
static void tag_append_cb(SimLoop *loop, SimObj *a, SimObj *b)
{
    (void)loop;
    (void)b;
    Tag *t = (Tag *)a;
    if (t->w->order.len)
        text_str(&t->w->order, " ");
    text_str(&t->w->order, t->name);
}

/* A future's done-callback: print(f"{name} sees {f.result()}") */
static void tag_done_cb(SimLoop *loop, SimObj *a, SimObj *b)
{
    Tag *t = (Tag *)a;
    SimOutcome o = sim_future_result((SimFuture *)b);
    Text line = {0};
    text_printf(&line, "%s sees ", t->name);
    text_value(&line, &o.value, false);
    text_str(&line, "\n");
    sim_loop_print(loop, line.buf, line.len);
    text_free(&line);
    sim_outcome_release(&o);
}

/* loop.call_soon(ran.append, "probe") */
static void probe_cb(SimLoop *loop, SimObj *a, SimObj *b)
{
    (void)loop;
    (void)b;
    ((Tag *)a)->w->ran = true;
}

/* loop.call_at(T, q.put_nowait, "item") */
static void put_nowait_cb(SimLoop *loop, SimObj *a, SimObj *b)
{
    (void)loop;
    (void)b;
    ck_assert_int_eq(sim_queue_put_nowait((SimQueue *)a, sim_value_str("item")), SIM_EXC_NONE);
}

/* ------------------------------------------------------------------ */
/* recording callbacks in wait_for_versions.py's words                  */

/* describe(handle): "wakeup A", "step inner-task(Queue.get)",
 * "timer _release_waiter", "Queue.put_nowait", ... */
static void describe(SimCallbackFn fn, SimObj *a, SimObj *b, bool timer, char *buf, size_t size)
{
    if (a && strcmp(a->type->name, "Task") == 0) {
        SimTask *t = (SimTask *)a;
        /* 3.11's wait_for runs the get() in a hidden task: Python shows its
         * coroutine's name, Queue.get. */
        const char *who = t->hidden ? "inner-task(Queue.get)" : t->name;
        snprintf(buf, size, "%s %s", b ? "wakeup" : "step", who);
        return;
    }
    const char *name = sim_aio_callback_name(fn);
    if (!name)
        name = fn == put_nowait_cb ? "Queue.put_nowait" : fn == probe_cb ? "list.append" : "?";
    snprintf(buf, size, "%s%s", timer ? "timer " : "", name);
}

static void world_before_callback(void *ctx, SimLoop *loop, SimCallbackFn fn, SimObj *a,
                                  SimObj *b, bool timer, double when)
{
    (void)when;
    World *w = ctx;
    if (!w->recording)
        return;
    if (w->nrec == w->caprec) {
        w->caprec = w->caprec ? 2 * w->caprec : 32;
        w->rec = realloc(w->rec, w->caprec * sizeof *w->rec);
        ck_assert_ptr_nonnull(w->rec);
    }
    Rec *r = &w->rec[w->nrec++];
    r->pass = sim_loop_passes(loop);
    r->time = sim_loop_time(loop);
    describe(fn, a, b, timer, r->desc, sizeof r->desc);
}

static void hook_start_recording(Script *f, const Op *op)
{
    (void)op;
    f->w->recording = true;
    f->w->nrec = 0;
}

/* stop_recording(at): the callbacks (only those at time op->d when op->a),
 * gather's and the case's own left out, with the passes they span. */
static void hook_stop_recording(Script *f, const Op *op)
{
    World *w = f->w;
    w->recording = false;
    text_clear(&w->seq);
    size_t n = 0;
    uint64_t first = 0, last = 0;
    for (size_t i = 0; i < w->nrec; i++) {
        const Rec *r = &w->rec[i];
        if (op->a && r->time != op->d)
            continue;
        if (strstr(r->desc, "_done_callback") || strstr(r->desc, "case_"))
            continue;
        if (n == 0)
            first = r->pass;
        else
            text_str(&w->seq, " -> ");
        last = r->pass;
        text_str(&w->seq, r->desc);
        n++;
    }
    if (n == 0)
        text_str(&w->seq, "(none)  [0 loop passes]");
    else
        text_printf(&w->seq, "  [%zu callbacks, %llu loop passes]", n,
                    (unsigned long long)(last - first + 1));
    w->nrec = 0;
}

static void hook_call_soon_probe(Script *f, const Op *op)
{
    (void)op;
    Tag *t = tag_new(f->w, "probe", NULL);
    sim_loop_call_soon(f->w->loop, probe_cb, &t->obj, NULL);
    sim_obj_unref(t);
}

/* loop.call_at(loop.time() + 1.0, q.put_nowait, "item") */
static void hook_call_at_put(Script *f, const Op *op)
{
    (void)op;
    SimLoop *loop = f->w->loop;
    sim_loop_call_at(loop, sim_loop_time(loop) + 1.0, put_nowait_cb, (SimObj *)f->w->q, NULL);
}

/* ------------------------------------------------------------------ */
/* expected text kept in tests/data                                     */

/* The lines of one case in a wait_for_versions.py transcript: the result
 * lines ("  A got ...", two spaces then text) after the line that starts
 * with `header`, up to the next header. */
static char *transcript_case(const char *file, const char *header)
{
    char path[512], rel[256];
    snprintf(rel, sizeof rel, "data/%s", file);
    test_path(path, sizeof path, rel);
    char *text = test_read_file(path, NULL);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    ck_assert_msg(strncmp(text, "# Made with CPython 3.1", 23) == 0, "%s: no provenance line",
                  path);
    Text out = {0};
    text_str(&out, "");
    bool in = false, found = false;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (!in) {
            if (strncmp(line, header, strlen(header)) == 0)
                in = found = true;
            continue;
        }
        if (line[0] != ' ' || line[1] != ' ')
            break;    /* "5) ..." or " b) ...": the next case */
        if (line[2] == ' ')
            continue; /* "   task woken by ...": the header's second line */
        text_str(&out, line);
        text_str(&out, "\n");
    }
    free(text);
    ck_assert_msg(found, "%s has no case %s", path, header);
    return out.buf;
}

static const char *const wait_for_transcripts[SIM_PY_VERSION_COUNT] = {
    "sim_wait_for_versions_311.txt", "sim_wait_for_versions_312.txt",
    "sim_wait_for_versions_313.txt"};

/* Run `w` and compare with case `header` of the version's transcript. */
static void world_run_transcript(World *w, SimPyVersion v, const char *header)
{
    char *expected = transcript_case(wait_for_transcripts[v], header);
    ck_assert_msg(expected[0] != '\0', "case %s of %s is empty", header,
                  wait_for_transcripts[v]);
    SimRunStatus s = world_run(w);
    ck_assert_msg(strcmp(text_cstr(&w->out), expected) == 0,
                  "Python %s, case %s:\n--- CPython printed:\n%s--- the sim printed:\n%s",
                  sim_py_version_name(v), header, expected, text_cstr(&w->out));
    ck_assert_int_eq(s, SIM_RUN_FINISHED);
    free(expected);
}

/* ================================================================== */
/* Note 1: the scheduler, one _run_once pass                           */

static void hook_grouping_timers(Script *f, const Op *op)
{
    (void)op;
    World *w = f->w;
    static const struct {
        const char *name;
        double when;
    } timers[] = {{"a", 1.0}, {"b", 1.0 + 0.5e-9}, {"c", 1.0 + 2e-9}};
    w->base_passes = sim_loop_passes(w->loop);
    for (size_t i = 0; i < sizeof timers / sizeof timers[0]; i++) {
        Tag *t = tag_new(w, timers[i].name, NULL);
        sim_loop_call_at(w->loop, timers[i].when, tag_print_cb, &t->obj, NULL);
        sim_obj_unref(t);
    }
}

/* Every timer with _when < now + 1e-9 leaves the heap in the same pass;
 * one 2e-9 later waits for the next pass. CPython 3.11.7 ran
 *     n = count_passes()           # n[0]: _run_once calls from here on
 *     def cb(name): print(f"{name} pass={n[0]} t={loop.time()!r}")
 *     loop.call_at(1.0, cb, "a")
 *     loop.call_at(1.0 + 0.5e-9, cb, "b")
 *     loop.call_at(1.0 + 2e-9, cb, "c")
 *     await asyncio.sleep(2.0)
 *     print(f"main pass={n[0]} t={loop.time()!r}")
 * and printed the four lines below. */
START_TEST(test_timers_within_1e9_share_a_pass)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op main_ops[] = {HOOK(hook_grouping_timers), SLEEP(2.0),
                                  PRINT("main pass={P} t={t}"), END};
    world_task(w, 0, "main", main_ops);
    world_run_expect(w, "a pass=1 t=1.0\n"
                        "b pass=1 t=1.0\n"
                        "c pass=2 t=1.000000002\n"
                        "main pass=4 t=2.0\n");
    /* Within 1e-9 is one pass, but not a tie: the deadlines differ. */
    ck_assert_uint_eq(sim_loop_tie_passes(w->loop), 0);
    world_free(w);
}
END_TEST

/* The clock reads the earliest deadline of the pass, and timers of one
 * pass all run before what they wake: experiments/clock_grouping.py, where
 * A sleeps 0.1 then 0.2 (deadline 0.30000000000000004), B sleeps 0.3 and
 * then put_nowait("x"), C waits in get():
 *     await asyncio.gather(a_task(), b_task(q), c_task(q))
 * CPython 3.11.7 printed the three lines below: A reads 0.3, B's deadline. */
START_TEST(test_clock_reads_earliest_deadline_of_the_pass)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op a_ops[] = {SLEEP(0.1), SLEEP(0.2), PRINT("  A woke, perf_counter() = {t}"),
                               END};
    static const Op b_ops[] = {SLEEP(0.3), PRINT("  B woke, perf_counter() = {t}, put_nowait"),
                               {.k = OP_PUT_NOWAIT, .s = "x"}, END};
    static const Op c_ops[] = {{.k = OP_GET, .say = "  C got {i}"}, END};
    static const Op main_ops[] = {SPAWN(1), SPAWN(2), SPAWN(3), GATHER(1, 3), END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "A", a_ops);
    world_task(w, 2, "B", b_ops);
    world_task(w, 3, "C", c_ops);
    world_run_expect(w, "  B woke, perf_counter() = 0.3, put_nowait\n"
                        "  A woke, perf_counter() = 0.3\n"
                        "  C got x\n");
    world_free(w);
}
END_TEST

/* Virtual time moves only when nothing is ready. CPython 3.11.7:
 *     async def spinner():
 *         for i in range(3):
 *             print(f"spin {i} t={loop.time()!r}")
 *             await asyncio.sleep(0)
 *     async def sleeper():
 *         await asyncio.sleep(0.5)
 *         print(f"sleeper t={loop.time()!r}")
 *     await asyncio.gather(sleeper(), spinner())
 * printed spin 0..2 at t=0.0, then sleeper t=0.5. */
START_TEST(test_clock_jumps_only_when_ready_is_empty)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op sleeper_ops[] = {SLEEP(0.5), PRINT("sleeper t={t}"), END};
    static const Op spinner_ops[] = {PRINT("spin 0 t={t}"), SLEEP(0), PRINT("spin 1 t={t}"),
                                     SLEEP(0),              PRINT("spin 2 t={t}"), SLEEP(0),
                                     END};
    static const Op main_ops[] = {SPAWN(1), SPAWN(2), GATHER(1, 2), END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "sleeper", sleeper_ops);
    world_task(w, 2, "spinner", spinner_ops);
    world_run_expect(w, "spin 0 t=0.0\n"
                        "spin 1 t=0.0\n"
                        "spin 2 t=0.0\n"
                        "sleeper t=0.5\n");
    world_free(w);
}
END_TEST

static void hook_pass_boundary(Script *f, const Op *op)
{
    (void)op;
    World *w = f->w;
    w->base_passes = sim_loop_passes(w->loop);
    Tag *a = tag_new(w, "a", "c");
    Tag *b = tag_new(w, "b", NULL);
    sim_loop_call_soon(w->loop, tag_print_cb, &a->obj, NULL);
    sim_loop_call_soon(w->loop, tag_print_cb, &b->obj, NULL);
    sim_obj_unref(a);
    sim_obj_unref(b);
}

/* A pass runs exactly the callbacks ready when it began; what they
 * schedule waits for the next pass. CPython 3.11.7:
 *     def c(): print(f"c pass={n[0]}")
 *     def a(): print(f"a pass={n[0]}"); loop.call_soon(c)
 *     def b(): print(f"b pass={n[0]}")
 *     loop.call_soon(a); loop.call_soon(b)
 *     await asyncio.sleep(0)
 *     print(f"main pass={n[0]}")
 * printed a, b and main in pass 1 and c in pass 2 (the sim's tags also
 * print the clock, t=0.0 throughout). */
START_TEST(test_callbacks_added_during_a_pass_run_next_pass)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op main_ops[] = {HOOK(hook_pass_boundary), SLEEP(0),
                                  PRINT("main pass={P} t={t}"), END};
    world_task(w, 0, "main", main_ops);
    world_run_expect(w, "a pass=1 t=0.0\n"
                        "b pass=1 t=0.0\n"
                        "main pass=1 t=0.0\n"
                        "c pass=2 t=0.0\n");
    world_free(w);
}
END_TEST

/* Deadlines are loop.time() + delay, one double addition each: ten
 * sleep(0.3) end at 2.9999999999999996, which shares a pass with a
 * sleep(3.0) (4.4e-16 apart) and pops first. CPython 3.11.7:
 *     async def producer():
 *         for _ in range(10): await asyncio.sleep(0.3)
 *         print(f"producer t={loop.time()!r}")
 *     asyncio.create_task(producer())
 *     await asyncio.sleep(3.0)
 *     print(f"main t={loop.time()!r}")
 * printed both lines with t=2.9999999999999996. */
START_TEST(test_float_deadlines_accumulate_and_share_a_pass)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op producer_ops[] = {SLEEP(0.3), SLEEP(0.3), SLEEP(0.3), SLEEP(0.3),
                                      SLEEP(0.3), SLEEP(0.3), SLEEP(0.3), SLEEP(0.3),
                                      SLEEP(0.3), SLEEP(0.3), PRINT("producer t={t}"), END};
    static const Op main_ops[] = {SPAWN(1), SLEEP(3.0), PRINT("main t={t}"), SLEEP(0), END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "producer", producer_ops);
    world_run_expect(w, "producer t=2.9999999999999996\n"
                        "main t=2.9999999999999996\n");
    world_free(w);
}
END_TEST

/* call_at(1.0) x10 (L0..L9), then op->a timers at 2.0, all cancelled. */
static void hook_heap_rebuild(Script *f, const Op *op)
{
    World *w = f->w;
    SimHandleId doomed[128];
    ck_assert_int_le(op->a, 128);
    for (int i = 0; i < 10; i++) {
        char name[16];
        snprintf(name, sizeof name, "L%d", i);
        Tag *t = tag_new(w, name, NULL);
        sim_loop_call_at(w->loop, 1.0, tag_append_cb, &t->obj, NULL);
        sim_obj_unref(t);
    }
    for (int i = 0; i < op->a; i++) {
        Tag *t = tag_new(w, "X", NULL);
        doomed[i] = sim_loop_call_at(w->loop, 2.0, tag_append_cb, &t->obj, NULL);
        sim_obj_unref(t);
    }
    for (int i = 0; i < op->a; i++)
        sim_loop_cancel(w->loop, doomed[i]);
    f->num = op->a;
}

/* Past 100 timers with more than half cancelled, _run_once drops the
 * cancelled ones and heapify()s the rest, which reorders equal deadlines.
 * CPython 3.11.7 ran, with NCANCEL 89 and 91:
 *     for i in range(10): loop.call_at(1.0, order.append, f"L{i}")
 *     doomed = [loop.call_at(2.0, order.append, "X") for _ in range(NCANCEL)]
 *     for h in doomed: h.cancel()
 *     print(f"{NCANCEL} cancelled: heap {len(loop._scheduled)} before the pass")
 *     await asyncio.sleep(0)
 *     print(f"heap {len(loop._scheduled)} after one pass")
 *     await asyncio.sleep(3.0)
 *     print(" ".join(order))
 * With 89 the heap (with main's sleep timer) never exceeds 100 and keeps
 * its cancelled entries; with 91 it is rebuilt (the same on 3.12/3.13). */
START_TEST(test_heap_rebuild_when_over_100_and_half_cancelled)
{
    static const struct {
        int ncancel;
        const char *expected;
    } runs[] = {
        {89, "89 cancelled: heap 99 before the pass\n"
             "heap 99 after one pass\n"
             "L0 L2 L6 L5 L1 L4 L9 L3 L8 L7\n"},
        {91, "91 cancelled: heap 101 before the pass\n"
             "heap 10 after one pass\n"
             "L6 L2 L0 L5 L1 L3 L7 L9 L8 L4\n"},
    };
    for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
        World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
        const Op main_ops[] = {{.k = OP_HOOK, .hook = hook_heap_rebuild, .a = runs[r].ncancel},
                               PRINT("{k} cancelled: heap {T} before the pass"),
                               SLEEP(0),
                               PRINT("heap {T} after one pass"),
                               SLEEP(3.0),
                               PRINT("{O}"),
                               END};
        world_task(w, 0, "main", main_ops);
        world_run_expect(w, runs[r].expected);
        world_free(w);
    }
}
END_TEST

/* ================================================================== */
/* Note 2: wakeups are deferred by one callback                        */

static void hook_done_callbacks(Script *f, const Op *op)
{
    (void)op;
    World *w = f->w;
    Tag *cb1 = tag_new(w, "cb1", NULL);
    Tag *cb2 = tag_new(w, "cb2", NULL);
    sim_future_add_done_callback(w->fut, tag_done_cb, &cb1->obj);
    sim_future_add_done_callback(w->fut, tag_done_cb, &cb2->obj);
    sim_obj_unref(cb1);
    sim_obj_unref(cb2);
    sim_future_set_result(w->fut, sim_value_int(7));
}

/* set_result() call_soon()s each done-callback, in the order added.
 * CPython 3.11.7:
 *     fut.add_done_callback(lambda f: print(f"cb1 sees {f.result()}"))
 *     fut.add_done_callback(lambda f: print(f"cb2 sees {f.result()}"))
 *     fut.set_result(7)
 *     print("set_result returned")
 *     await asyncio.sleep(0)
 *     print("main resumed") */
START_TEST(test_done_callbacks_are_scheduled_in_add_order)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op main_ops[] = {HOOK(hook_done_callbacks), PRINT("set_result returned"),
                                  SLEEP(0), PRINT("main resumed"), END};
    world_task(w, 0, "main", main_ops);
    world_run_expect(w, "set_result returned\n"
                        "cb1 sees 7\n"
                        "cb2 sees 7\n"
                        "main resumed\n");
    world_free(w);
}
END_TEST

static void hook_print_created(Script *f, const Op *op)
{
    (void)op;
    Text line = {0};
    text_str(&line, "main created");
    for (int i = 1; i <= 3; i++) {
        char name[32];
        sim_task_default_name(f->w->tasks[i], name, sizeof name);
        text_printf(&line, " %s", name);
    }
    text_str(&line, "\n");
    sim_loop_print(f->w->loop, line.buf, line.len);
    text_free(&line);
}

/* create_task only schedules the first step: nothing runs until the
 * creator suspends, then the steps run in creation order; asyncio.run's
 * main is Task-1. CPython 3.11.7:
 *     async def child(name):
 *         print(f"{name} first step ({asyncio.current_task().get_name()})")
 *     ts = [asyncio.create_task(child(f"C{i}")) for i in range(3)]
 *     print(f"main created {' '.join(t.get_name() for t in ts)}")
 *     await asyncio.sleep(0)
 *     print("main resumed") */
START_TEST(test_create_task_runs_after_creator_suspends_in_order)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op child_ops[] = {PRINT("{n} first step ({N})"), END};
    static const Op main_ops[] = {SPAWN(1), SPAWN(2), SPAWN(3), HOOK(hook_print_created),
                                  SLEEP(0), PRINT("main resumed"), END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "C0", child_ops);
    world_task(w, 2, "C1", child_ops);
    world_task(w, 3, "C2", child_ops);
    world_run_expect(w, "main created Task-2 Task-3 Task-4\n"
                        "C0 first step (Task-2)\n"
                        "C1 first step (Task-3)\n"
                        "C2 first step (Task-4)\n"
                        "main resumed\n");
    world_free(w);
}
END_TEST

/* put_nowait wakes the first getter but the item stays queued until that
 * getter runs (note 4). CPython 3.11.7:
 *     async def worker(q):
 *         print("worker: get()")
 *         item = await q.get()
 *         print(f"worker: got {item}, qsize={q.qsize()}")
 *     t = asyncio.create_task(worker(q)); await asyncio.sleep(0)
 *     q.put_nowait("x")
 *     print(f"main: put x, qsize={q.qsize()}, getters={len(q._getters)}")
 *     await t */
START_TEST(test_put_wakes_getter_but_item_stays_queued)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op worker_ops[] = {PRINT("worker: get()"),
                                    {.k = OP_GET, .say = "worker: got {i}, qsize={q}"}, END};
    static const Op main_ops[] = {
        SPAWN(1), SLEEP(0),
        {.k = OP_PUT_NOWAIT, .s = "x", .say = "main: put x, qsize={q}, getters={g}"},
        AWAIT_TASK(1), END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "worker", worker_ops);
    world_run_expect(w, "worker: get()\n"
                        "main: put x, qsize=1, getters=0\n"
                        "worker: got x, qsize=0\n");
    world_free(w);
}
END_TEST

/* ================================================================== */
/* Note 3: awaits that complete without suspending                     */

/* experiments/no_suspend.py's check(label, make_awaitable):
 *     t = asyncio.create_task(probe(label))    # prints "    probe ran (label)"
 *     await make_awaitable()
 *     print(f"  after {label}")
 *     await t
 * The await did not suspend iff "after" comes before "probe ran". Its
 * queue is Queue(maxsize=1) and its Event is set. */
static const Op probe_ops[] = {PRINT("    probe ran ({s})"), END};

static SimCo *plain_maker(World *w, int who)
{
    (void)who;
    return plain_new(w->loop, false);
}

static void check_suspension(SimPyVersion v, const char *label, const Op *main_ops,
                             bool suspends)
{
    World *w = world_new(v, SIM_QUEUE_FIFO, 1);
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "probe", probe_ops);
    w->makers[2] = plain_maker;
    w->names[2] = "done";
    w->args[0] = w->args[1] = label;
    char after[160], probe[160], expected[330];
    snprintf(after, sizeof after, "  after %s\n", label);
    snprintf(probe, sizeof probe, "    probe ran (%s)\n", label);
    snprintf(expected, sizeof expected, "%s%s", suspends ? probe : after,
             suspends ? after : probe);
    SimRunStatus s = world_run(w);
    ck_assert_msg(strcmp(text_cstr(&w->out), expected) == 0,
                  "Python %s: `%s` should%s suspend; the sim printed:\n%s",
                  sim_py_version_name(v), label, suspends ? "" : " not", text_cstr(&w->out));
    ck_assert_int_eq(s, SIM_RUN_FINISHED);
    world_free(w);
}

#define AFTER PRINT("  after {s}")

START_TEST(test_put_on_nonfull_queue_does_not_suspend)
{
    static const Op main_ops[] = {SPAWN(1), {.k = OP_PUT, .s = "1"}, AFTER, AWAIT_TASK(1), END};
    check_suspension(SIM_PY_3_11, "q.put() on non-full queue", main_ops, false);
}
END_TEST

START_TEST(test_get_on_nonempty_queue_does_not_suspend)
{
    static const Op main_ops[] = {{.k = OP_PUT_NOWAIT, .s = "1"}, SPAWN(1), {.k = OP_GET}, AFTER,
                                  AWAIT_TASK(1), END};
    check_suspension(SIM_PY_3_11, "q.get() on non-empty queue", main_ops, false);
}
END_TEST

START_TEST(test_join_with_zero_unfinished_does_not_suspend)
{
    static const Op main_ops[] = {{.k = OP_PUT_NOWAIT, .s = "1"}, {.k = OP_GET_NOWAIT},
                                  {.k = OP_TASK_DONE}, SPAWN(1), {.k = OP_JOIN}, AFTER,
                                  AWAIT_TASK(1), END};
    check_suspension(SIM_PY_3_11, "q.join() with 0 unfinished tasks", main_ops, false);
}
END_TEST

START_TEST(test_event_wait_on_set_event_does_not_suspend)
{
    static const Op main_ops[] = {{.k = OP_EVENT_SET}, SPAWN(1), {.k = OP_EVENT_WAIT}, AFTER,
                                  AWAIT_TASK(1), END};
    check_suspension(SIM_PY_3_11, "ev.wait() on a set Event", main_ops, false);
}
END_TEST

/* Awaiting a coroutine is a plain call, also when it raises before its
 * first await (tutorial 8's unreliable_api). The raising case, CPython
 * 3.11.7:
 *     async def failing(): raise ConnectionError("down")
 *     t = asyncio.create_task(probe())
 *     try: await failing()
 *     except ConnectionError: print("  after failing coroutine")
 *     await t
 * printed "after" before "probe ran". */
START_TEST(test_awaited_coroutine_runs_inline_even_when_it_raises)
{
    static const Op returns_ops[] = {SPAWN(1), {.k = OP_CALL}, AFTER, AWAIT_TASK(1), END};
    check_suspension(SIM_PY_3_11, "await plain coroutine (no task)", returns_ops, false);
    static const Op raises_ops[] = {SPAWN(1),
                                    {.k = OP_CALL, .d = 1, .exc = "  after {s}", .cont = true},
                                    AWAIT_TASK(1), END};
    check_suspension(SIM_PY_3_11, "failing coroutine", raises_ops, false);
}
END_TEST

/* sleep(0) and sleep(-1) are one bare yield: they suspend (no_suspend.py),
 * and the task comes back through one step callback, with no timer. The
 * callbacks, recorded as in wait_for_versions.py, CPython 3.11.7:
 *     asyncio.current_task().set_name("main")
 *     for d in (0, -1, 0.5):
 *         RECORD = []
 *         await asyncio.sleep(d)
 *         rec, RECORD = RECORD, None
 *         print(f"sleep({d}): {' -> '.join(...)}  [{n} callbacks, {p} loop passes]") */
START_TEST(test_sleep_zero_and_negative_yield_once_without_timer)
{
    static const Op zero_ops[] = {SPAWN(1), SLEEP(0), AFTER, AWAIT_TASK(1), END};
    check_suspension(SIM_PY_3_11, "asyncio.sleep(0)", zero_ops, true);
    static const Op negative_ops[] = {SPAWN(1), SLEEP(-1), AFTER, AWAIT_TASK(1), END};
    check_suspension(SIM_PY_3_11, "asyncio.sleep(-1) (delay <= 0 -> one bare yield)",
                     negative_ops, true);

    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op main_ops[] = {HOOK(hook_start_recording), SLEEP(0), HOOK(hook_stop_recording),
                                  PRINT("sleep(0): {S}"),     HOOK(hook_start_recording),
                                  SLEEP(-1),                  HOOK(hook_stop_recording),
                                  PRINT("sleep(-1): {S}"),    HOOK(hook_start_recording),
                                  SLEEP(0.5),                 HOOK(hook_stop_recording),
                                  PRINT("sleep(0.5): {S}"),   END};
    world_task(w, 0, "main", main_ops);
    world_run_expect(w, "sleep(0): step main  [1 callbacks, 1 loop passes]\n"
                        "sleep(-1): step main  [1 callbacks, 1 loop passes]\n"
                        "sleep(0.5): timer _set_result_unless_cancelled -> wakeup main  "
                        "[2 callbacks, 2 loop passes]\n");
    world_free(w);
}
END_TEST

/* gather(coroutine) wraps it in a new task, which is never done yet. */
START_TEST(test_gather_of_coroutine_suspends)
{
    static const Op main_ops[] = {SPAWN(1), {.k = OP_GATHER_CORO, .a = 3}, AFTER, AWAIT_TASK(1),
                                  END};
    for (int v = 0; v < SIM_PY_VERSION_COUNT; v++)
        check_suspension((SimPyVersion)v, "gather() of a plain coroutine", main_ops, true);
}
END_TEST

/* gather() of a task that has already finished (no_suspend.py's last case):
 *     done = asyncio.create_task(plain_coro())
 *     await asyncio.sleep(0)
 *     await check("gather() of an already finished task",
 *                 lambda: asyncio.gather(done))
 * CPython 3.11.7 suspends (the probe runs first); 3.12.1 and 3.13.0 count
 * finished children at once and do not. */
static const Op gather_done_ops[] = {SPAWN(2), SLEEP(0), SPAWN(1), GATHER(2, 2), AFTER,
                                     AWAIT_TASK(1), END};

START_TEST(test_gather_311_finished_child_still_suspends)
{
    check_suspension(SIM_PY_3_11, "gather() of an already finished task", gather_done_ops, true);
}
END_TEST

START_TEST(test_gather_312_done_children_no_suspend)
{
    check_suspension(SIM_PY_3_12, "gather() of an already finished task", gather_done_ops, false);
    check_suspension(SIM_PY_3_13, "gather() of an already finished task", gather_done_ops, false);
}
END_TEST

/* ================================================================== */
/* wait_for on each version: experiments/wait_for_versions.py           */

/* These tests rebuild the cases of /work/shared/oracle/experiments/
 * wait_for_versions.py and compare what they print with what CPython
 * printed, kept in tests/data/sim_wait_for_versions_31{1,2,3}.txt. The
 * program names tasks A, B and putter, records every callback the loop
 * runs (describe(handle): "wakeup A", "timer _release_waiter", ...; the
 * case's own task and gather's callbacks left out) and counts loop passes.
 * Each case runs in a fresh asyncio.run(), as here in a fresh loop. */

/* case_ready: the queue already holds "x".
 *     async def consumer():
 *         start_recording()
 *         asyncio.get_running_loop().call_soon(ran.append, "probe")
 *         item = await asyncio.wait_for(q.get(), 5.0)
 *         seq = stop_recording()
 *         print(f"  A got {item!r}; a callback call_soon()ed just before "
 *               f"{'had run: wait_for suspended' if ran else 'had not run: ...'}")
 *         print(f"  callbacks until wait_for returned: {seq}")
 *         print(f"  after the return: {heap_state()}")
 *     await asyncio.create_task(consumer(), name="A") */
static void hook_print_ready(Script *f, const Op *op)
{
    (void)op;
    Text line = {0};
    text_str(&line, "  A got ");
    text_value(&line, &f->val, true);
    text_str(&line, "; a callback call_soon()ed just before ");
    text_str(&line, f->w->ran ? "had run: wait_for suspended\n"
                              : "had not run: wait_for did not suspend\n");
    sim_loop_print(f->w->loop, line.buf, line.len);
    text_free(&line);
}

static void run_case_ready(SimPyVersion v)
{
    World *w = world_new(v, SIM_QUEUE_FIFO, 0);
    static const Op consumer_ops[] = {HOOK(hook_start_recording),
                                      HOOK(hook_call_soon_probe),
                                      {.k = OP_WAIT_FOR_GET, .d = 5.0},
                                      HOOK(hook_stop_recording),
                                      HOOK(hook_print_ready),
                                      PRINT("  callbacks until wait_for returned: {S}"),
                                      PRINT("  after the return: {H}"),
                                      END};
    static const Op main_ops[] = {{.k = OP_PUT_NOWAIT, .s = "x"}, SPAWN(1), AWAIT_TASK(1), END};
    world_task(w, 0, "case_ready", main_ops);
    world_task(w, 1, "A", consumer_ops);
    world_run_transcript(w, v, "1) ");
    world_free(w);
}

/* 3.11 runs the get() in an inner task: wait_for suspends although an item
 * is there (step inner-task -> _release_waiter -> wakeup A, 3 passes), and
 * leaves its cancelled timer in the heap. */
START_TEST(test_wait_for_311_ready_queue_suspends)
{
    run_case_ready(SIM_PY_3_11);
}
END_TEST

/* 3.12+ is `async with timeout(): return await q.get()`: no suspension,
 * no callbacks, and the timer is pushed and cancelled at once. */
START_TEST(test_wait_for_312_ready_queue_does_not_suspend)
{
    run_case_ready(SIM_PY_3_12);
    run_case_ready(SIM_PY_3_13);
}
END_TEST

/* case_arrival(use_wait_for):
 *     async def consumer():
 *         item = await (asyncio.wait_for(q.get(), 5.0) if use_wait_for else q.get())
 *         result.append(stop_recording())
 *         print(f"  A got {item!r}; {heap_state()}")
 *     a = asyncio.create_task(consumer(), name="A")
 *     for _ in range(3): await asyncio.sleep(0)
 *     start_recording()
 *     q.put_nowait("x")
 *     await a
 *     print(f"  callbacks from put_nowait() to A's resume: {result[0]}") */
static void run_case_arrival(SimPyVersion v, bool use_wait_for)
{
    World *w = world_new(v, SIM_QUEUE_FIFO, 0);
    static const Op plain_ops[] = {{.k = OP_GET}, HOOK(hook_stop_recording),
                                   PRINT("  A got {r}; {H}"), END};
    static const Op wait_for_ops[] = {{.k = OP_WAIT_FOR_GET, .d = 5.0}, HOOK(hook_stop_recording),
                                      PRINT("  A got {r}; {H}"), END};
    static const Op main_ops[] = {SPAWN(1),
                                  SLEEP(0),
                                  SLEEP(0),
                                  SLEEP(0),
                                  HOOK(hook_start_recording),
                                  {.k = OP_PUT_NOWAIT, .s = "x"},
                                  AWAIT_TASK(1),
                                  PRINT("  callbacks from put_nowait() to A's resume: {S}"),
                                  END};
    world_task(w, 0, "case_arrival", main_ops);
    world_task(w, 1, "A", use_wait_for ? wait_for_ops : plain_ops);
    world_run_transcript(w, v, use_wait_for ? " b)" : " a)");
    world_free(w);
}

/* A plain get() resumes one callback (one pass) after the put. */
START_TEST(test_plain_get_resumes_one_pass_after_put)
{
    for (int v = 0; v < SIM_PY_VERSION_COUNT; v++)
        run_case_arrival((SimPyVersion)v, false);
}
END_TEST

/* 3.11: wakeup inner-task -> _release_waiter -> wakeup A, 3 passes. */
START_TEST(test_wait_for_311_arrival_takes_3_passes)
{
    run_case_arrival(SIM_PY_3_11, true);
}
END_TEST

/* 3.12+: wakeup A, 1 pass, like a plain get(). */
START_TEST(test_wait_for_312_arrival_takes_1_pass)
{
    run_case_arrival(SIM_PY_3_12, true);
    run_case_arrival(SIM_PY_3_13, true);
}
END_TEST

/* case_timeout:
 *     async def consumer():
 *         try:
 *             await asyncio.wait_for(q.get(), 1.0)
 *         except TimeoutError:
 *             seq = stop_recording(at=t0 + 1.0)
 *             print(f"  A: TimeoutError at +{loop.time() - t0}; "
 *                   f"q._getters left: {len(q._getters)}")
 *             print(f"  callbacks from the timer to the TimeoutError: {seq}")
 *             print(f"  after the TimeoutError: {heap_state()}")
 *     a = asyncio.create_task(consumer(), name="A")
 *     start_recording()
 *     await asyncio.sleep(0)
 *     await a */
static void run_case_timeout(SimPyVersion v)
{
    World *w = world_new(v, SIM_QUEUE_FIFO, 0);
    static const Op consumer_ops[] = {
        {.k = OP_WAIT_FOR_GET, .d = 1.0, .exc_goto = 2},
        END,
        {.k = OP_HOOK, .hook = hook_stop_recording, .a = 1, .d = 1.0},
        PRINT("  A: TimeoutError at +{t}; q._getters left: {g}"),
        PRINT("  callbacks from the timer to the TimeoutError: {S}"),
        PRINT("  after the TimeoutError: {H}"),
        END};
    static const Op main_ops[] = {SPAWN(1), HOOK(hook_start_recording), SLEEP(0), AWAIT_TASK(1),
                                  END};
    world_task(w, 0, "case_timeout", main_ops);
    world_task(w, 1, "A", consumer_ops);
    world_run_transcript(w, v, "3) ");
    world_free(w);
}

/* 3.11: timer _release_waiter -> wakeup A -> wakeup inner-task ->
 * _release_waiter -> wakeup A: 5 callbacks, 5 passes, getter removed. */
START_TEST(test_wait_for_311_timeout_takes_5_callbacks)
{
    run_case_timeout(SIM_PY_3_11);
}
END_TEST

/* 3.12+: timer Timeout._on_timeout -> wakeup A: 2 callbacks, 2 passes. */
START_TEST(test_wait_for_312_timeout_takes_2_callbacks)
{
    run_case_timeout(SIM_PY_3_12);
    run_case_timeout(SIM_PY_3_13);
}
END_TEST

/* case_race(order): A waits with timeout 1.0 and B behind it with 5.0;
 * an item comes at the instant of A's timeout.
 *     async def waiter(name, timeout):
 *         try:
 *             item = await asyncio.wait_for(q.get(), timeout)
 *             print(f"  {name}: got {item!r} at +{loop.time() - t0}")
 *         except TimeoutError:
 *             print(f"  {name}: TimeoutError at +{loop.time() - t0}")
 *     async def putter():
 *         await asyncio.sleep(1.0); q.put_nowait("item")
 *     if order == "task":
 *         tasks.append(asyncio.create_task(putter(), name="putter"))
 *         await asyncio.sleep(0)
 *     elif order == "timer-first":
 *         loop.call_at(loop.time() + 1.0, q.put_nowait, "item")
 *     tasks.append(asyncio.create_task(waiter("A", 1.0), name="A"))
 *     tasks.append(asyncio.create_task(waiter("B", 5.0), name="B"))
 *     await asyncio.sleep(0)
 *     if order == "timer-second":
 *         loop.call_at(loop.time() + 1.0, q.put_nowait, "item")
 *     start_recording()
 *     await asyncio.gather(*tasks)
 *     print(f"  callbacks at +1.0: {stop_recording(at=t0 + 1.0)}") */
typedef enum { RACE_TASK, RACE_TIMER_FIRST, RACE_TIMER_SECOND } RaceOrder;

static const Op race_a_ops[] = {{.k = OP_WAIT_FOR_GET, .d = 1.0, .say = "  {n}: got {r} at +{t}",
                                 .exc = "  {n}: TimeoutError at +{t}"},
                                END};
static const Op race_b_ops[] = {{.k = OP_WAIT_FOR_GET, .d = 5.0, .say = "  {n}: got {r} at +{t}",
                                 .exc = "  {n}: TimeoutError at +{t}"},
                                END};
static const Op race_putter_ops[] = {SLEEP(1.0), {.k = OP_PUT_NOWAIT, .s = "item"}, END};

#define RACE_TAIL(first)                                                           \
    HOOK(hook_start_recording), GATHER(first, 3),                                  \
        {.k = OP_HOOK, .hook = hook_stop_recording, .a = 1, .d = 1.0},             \
        PRINT("  callbacks at +1.0: {S}"), END

static void run_case_race(SimPyVersion v, RaceOrder order)
{
    World *w = world_new(v, SIM_QUEUE_FIFO, 0);
    static const Op task_ops[] = {SPAWN(1), SLEEP(0), SPAWN(2), SPAWN(3), SLEEP(0),
                                  RACE_TAIL(1)};
    static const Op first_ops[] = {HOOK(hook_call_at_put), SPAWN(2), SPAWN(3), SLEEP(0),
                                   RACE_TAIL(2)};
    static const Op second_ops[] = {SPAWN(2), SPAWN(3), SLEEP(0), HOOK(hook_call_at_put),
                                    RACE_TAIL(2)};
    static const char *const headers[] = {"4) ", "5) ", "6) "};
    world_task(w, 0, "case_race",
               order == RACE_TASK ? task_ops : order == RACE_TIMER_FIRST ? first_ops : second_ops);
    world_task(w, 1, "putter", race_putter_ops);
    world_task(w, 2, "A", race_a_ops);
    world_task(w, 3, "B", race_b_ops);
    world_run_transcript(w, v, headers[order]);
    world_free(w);
}

/* The put is made by a task woken at the instant of A's timeout: its wakeup
 * comes a pass after the timers, so on every version A gets TimeoutError
 * and B gets the item (3.11 passes the inner task's wakeup on through
 * Queue.get's except branch: 10 callbacks, 6 passes; 3.12+: 5 and 3). */
START_TEST(test_wait_for_task_put_at_timeout_instant_goes_to_next_getter)
{
    for (int v = 0; v < SIM_PY_VERSION_COUNT; v++)
        run_case_race((SimPyVersion)v, RACE_TASK);
}
END_TEST

/* A plain timer put pushed before A's timer, same pass: on 3.11 the inner
 * task takes the item before the outer task looks, so the result wins over
 * the timeout and A gets the item. */
START_TEST(test_wait_for_311_timer_put_first_caller_gets_item)
{
    run_case_race(SIM_PY_3_11, RACE_TIMER_FIRST);
}
END_TEST

/* The same on 3.12+: _on_timeout finds A already woken and sets
 * _must_cancel; CancelledError enters get(), which passes the wakeup on:
 * A gets TimeoutError and B the item. */
START_TEST(test_wait_for_312_timer_put_first_caller_times_out)
{
    run_case_race(SIM_PY_3_12, RACE_TIMER_FIRST);
    run_case_race(SIM_PY_3_13, RACE_TIMER_FIRST);
}
END_TEST

/* The put's timer pushed after A's: TimeoutError for A on every version. */
START_TEST(test_wait_for_timer_put_second_times_out_on_every_version)
{
    for (int v = 0; v < SIM_PY_VERSION_COUNT; v++)
        run_case_race((SimPyVersion)v, RACE_TIMER_SECOND);
}
END_TEST

/* 3.11's inner task takes a Task-N number; 3.12+ creates no task.
 *     q.put_nowait("x")
 *     await asyncio.wait_for(q.get(), 1.0)
 *     t = asyncio.create_task(asyncio.sleep(0))
 *     print(f"next task: {t.get_name()}")
 * CPython 3.11.7 printed Task-3; 3.12.1 and 3.13.0 printed Task-2. */
START_TEST(test_wait_for_311_inner_task_uses_a_task_number)
{
    static const char *const expected[SIM_PY_VERSION_COUNT] = {
        "next task: Task-3\n", "next task: Task-2\n", "next task: Task-2\n"};
    for (int v = 0; v < SIM_PY_VERSION_COUNT; v++) {
        World *w = world_new((SimPyVersion)v, SIM_QUEUE_FIFO, 0);
        static const Op sleeper_ops[] = {SLEEP(0), END};
        static const Op main_ops[] = {{.k = OP_PUT_NOWAIT, .s = "x"},
                                      {.k = OP_WAIT_FOR_GET, .d = 1.0},
                                      SPAWN(1),
                                      {.k = OP_PRINT, .a = 1, .say = "next task: {D}"},
                                      AWAIT_TASK(1),
                                      END};
        world_task(w, 0, "main", main_ops);
        world_task(w, 1, "sleeper", sleeper_ops);
        world_run_expect(w, expected[v]);
        world_free(w);
    }
}
END_TEST

/* ================================================================== */
/* Note 4: the queue protocol (experiments/wakeup_order.py)            */

static const Op getter_ops[] = {PRINT("  {n}: get() ..."), {.k = OP_GET, .say = "  {n}: got {i}"},
                                END};
static const Op putter_ops[] = {PRINT("  {n}: put({s}) ..."), {.k = OP_PUT},
                                PRINT("  {n}: put({s}) done, qsize={q}"), END};

/* A) Getters are woken FIFO; a woken getter runs later, the putter goes on:
 *     tasks = [asyncio.create_task(getter(q, f"G{i}")) for i in range(3)]
 *     await asyncio.sleep(0)
 *     for i in range(3):
 *         q.put_nowait(i); print(f"  main: put_nowait({i})")
 *     await asyncio.gather(*tasks) */
START_TEST(test_getters_woken_fifo_and_resume_a_callback_later)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op main_ops[] = {SPAWN(1),
                                  SPAWN(2),
                                  SPAWN(3),
                                  SLEEP(0),
                                  {.k = OP_PUT_NOWAIT, .s = "0", .say = "  main: put_nowait(0)"},
                                  {.k = OP_PUT_NOWAIT, .s = "1", .say = "  main: put_nowait(1)"},
                                  {.k = OP_PUT_NOWAIT, .s = "2", .say = "  main: put_nowait(2)"},
                                  GATHER(1, 3),
                                  END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "G0", getter_ops);
    world_task(w, 2, "G1", getter_ops);
    world_task(w, 3, "G2", getter_ops);
    world_run_expect(w, "  G0: get() ...\n"
                        "  G1: get() ...\n"
                        "  G2: get() ...\n"
                        "  main: put_nowait(0)\n"
                        "  main: put_nowait(1)\n"
                        "  main: put_nowait(2)\n"
                        "  G0: got 0\n"
                        "  G1: got 1\n"
                        "  G2: got 2\n");
    world_free(w);
}
END_TEST

/* B) A get() on a non-empty queue steals the item put for a woken getter,
 * which then queues again at the END of _getters:
 *     q.put_nowait("x")            # wakes G0
 *     stolen = await q.get()       # no suspension
 *     print(f"  main: stole {stolen}")
 *     await asyncio.sleep(0)       # G0 finds nothing, re-queues behind G1
 *     q.put_nowait("y"); await asyncio.sleep(0); q.put_nowait("z")
 *     await asyncio.gather(g0, g1) */
START_TEST(test_woken_getter_loses_place_when_get_steals)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op main_ops[] = {SPAWN(1),
                                  SPAWN(2),
                                  SLEEP(0),
                                  {.k = OP_PUT_NOWAIT, .s = "x"},
                                  {.k = OP_GET, .say = "  main: stole {i}"},
                                  SLEEP(0),
                                  {.k = OP_PUT_NOWAIT, .s = "y"},
                                  SLEEP(0),
                                  {.k = OP_PUT_NOWAIT, .s = "z"},
                                  GATHER(1, 2),
                                  END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "G0", getter_ops);
    world_task(w, 2, "G1", getter_ops);
    world_run_expect(w, "  G0: get() ...\n"
                        "  G1: get() ...\n"
                        "  main: stole x\n"
                        "  G1: got y\n"
                        "  G0: got z\n");
    world_free(w);
}
END_TEST

/* C) Putters on a full queue (maxsize=1) are woken FIFO, one per get:
 *     q.put_nowait("full")
 *     ps = [asyncio.create_task(putter(q, f"P{i}", i)) for i in range(3)]
 *     await asyncio.sleep(0)
 *     for _ in range(4):
 *         print(f"  main: get -> {await q.get()}"); await asyncio.sleep(0) */
START_TEST(test_putters_woken_fifo_one_per_get)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 1);
    static const Op main_ops[] = {{.k = OP_PUT_NOWAIT, .s = "full"},
                                  SPAWN(1),
                                  SPAWN(2),
                                  SPAWN(3),
                                  SLEEP(0),
                                  {.k = OP_GET, .say = "  main: get -> {i}"},
                                  SLEEP(0),
                                  {.k = OP_GET, .say = "  main: get -> {i}"},
                                  SLEEP(0),
                                  {.k = OP_GET, .say = "  main: get -> {i}"},
                                  SLEEP(0),
                                  {.k = OP_GET, .say = "  main: get -> {i}"},
                                  SLEEP(0),
                                  GATHER(1, 3),
                                  END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "P0", putter_ops);
    world_task(w, 2, "P1", putter_ops);
    world_task(w, 3, "P2", putter_ops);
    w->args[1] = "0";
    w->args[2] = "1";
    w->args[3] = "2";
    world_run_expect(w, "  P0: put(0) ...\n"
                        "  P1: put(1) ...\n"
                        "  P2: put(2) ...\n"
                        "  main: get -> full\n"
                        "  P0: put(0) done, qsize=1\n"
                        "  main: get -> 0\n"
                        "  P1: put(1) done, qsize=1\n"
                        "  main: get -> 1\n"
                        "  P2: put(2) done, qsize=1\n"
                        "  main: get -> 2\n");
    world_free(w);
}
END_TEST

/* D) A woken putter loses the free slot to a put() that does not suspend,
 * and queues again behind P1:
 *     print(f"  main: get -> {q.get_nowait()} (wakes P0)")
 *     await q.put("main")
 *     print("  main: put(main) done without suspending")
 *     for _ in range(3):
 *         await asyncio.sleep(0); print(f"  main: get -> {q.get_nowait()}") */
START_TEST(test_putter_loses_place_when_another_put_steals)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 1);
    static const Op main_ops[] = {
        {.k = OP_PUT_NOWAIT, .s = "full"},
        SPAWN(1),
        SPAWN(2),
        SLEEP(0),
        {.k = OP_GET_NOWAIT, .say = "  main: get -> {i} (wakes P0)"},
        {.k = OP_PUT, .s = "main", .say = "  main: put(main) done without suspending"},
        SLEEP(0),
        {.k = OP_GET_NOWAIT, .say = "  main: get -> {i}"},
        SLEEP(0),
        {.k = OP_GET_NOWAIT, .say = "  main: get -> {i}"},
        SLEEP(0),
        {.k = OP_GET_NOWAIT, .say = "  main: get -> {i}"},
        GATHER(1, 2),
        END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "P0", putter_ops);
    world_task(w, 2, "P1", putter_ops);
    w->args[1] = "0";
    w->args[2] = "1";
    world_run_expect(w, "  P0: put(0) ...\n"
                        "  P1: put(1) ...\n"
                        "  main: get -> full (wakes P0)\n"
                        "  main: put(main) done without suspending\n"
                        "  main: get -> main\n"
                        "  P1: put(1) done, qsize=1\n"
                        "  main: get -> 1\n"
                        "  P0: put(0) done, qsize=1\n"
                        "  main: get -> 0\n");
    world_free(w);
}
END_TEST

/* A getter woken by a put but cancelled before it runs (_must_cancel)
 * hands the wakeup to the next getter; the item is not lost. CPython 3.11.7:
 *     async def getter(q, name):
 *         try:
 *             item = await q.get(); print(f"{name} got {item}")
 *         except asyncio.CancelledError:
 *             print(f"{name} cancelled, qsize={q.qsize()}"); raise
 *     g0 = ...getter(q, "G0"); g1 = ...getter(q, "G1"); await asyncio.sleep(0)
 *     q.put_nowait("x")
 *     print(f"main: cancel G0 -> {g0.cancel()}")
 *     await asyncio.gather(g0, g1, return_exceptions=True)
 *     print(f"main: qsize={q.qsize()}") */
START_TEST(test_cancelled_getter_passes_wakeup_on)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op g_ops[] = {{.k = OP_GET, .say = "{n} got {i}",
                                .exc = "{n} cancelled, qsize={q}", .reraise = true},
                               END};
    static const Op main_ops[] = {SPAWN(1),
                                  SPAWN(2),
                                  SLEEP(0),
                                  {.k = OP_PUT_NOWAIT, .s = "x"},
                                  {.k = OP_CANCEL, .a = 1, .say = "main: cancel G0 -> {v}"},
                                  {.k = OP_GATHER, .a = 1, .b = 2, .rx = true},
                                  PRINT("main: qsize={q}"),
                                  END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "G0", g_ops);
    world_task(w, 2, "G1", g_ops);
    world_run_expect(w, "main: cancel G0 -> True\n"
                        "G0 cancelled, qsize=1\n"
                        "G1 got x\n"
                        "main: qsize=0\n");
    world_free(w);
}
END_TEST

/* The same for putters (maxsize=1). CPython 3.11.7:
 *     q.put_nowait("full")
 *     p0 = ...putter(q, "P0", "a"); p1 = ...putter(q, "P1", "b"); await asyncio.sleep(0)
 *     print(f"main: get -> {q.get_nowait()}")     # wakes P0
 *     print(f"main: cancel P0 -> {p0.cancel()}")
 *     await asyncio.gather(p0, p1, return_exceptions=True)
 *     print(f"main: qsize={q.qsize()}")
 *     print(f"main: get -> {q.get_nowait()}") */
START_TEST(test_cancelled_putter_passes_wakeup_on)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 1);
    static const Op p_ops[] = {{.k = OP_PUT, .say = "{n} put {s}",
                                .exc = "{n} cancelled, qsize={q}", .reraise = true},
                               END};
    static const Op main_ops[] = {{.k = OP_PUT_NOWAIT, .s = "full"},
                                  SPAWN(1),
                                  SPAWN(2),
                                  SLEEP(0),
                                  {.k = OP_GET_NOWAIT, .say = "main: get -> {i}"},
                                  {.k = OP_CANCEL, .a = 1, .say = "main: cancel P0 -> {v}"},
                                  {.k = OP_GATHER, .a = 1, .b = 2, .rx = true},
                                  PRINT("main: qsize={q}"),
                                  {.k = OP_GET_NOWAIT, .say = "main: get -> {i}"},
                                  END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "P0", p_ops);
    world_task(w, 2, "P1", p_ops);
    w->args[1] = "a";
    w->args[2] = "b";
    world_run_expect(w, "main: get -> full\n"
                        "main: cancel P0 -> True\n"
                        "P0 cancelled, qsize=0\n"
                        "P1 put b\n"
                        "main: qsize=1\n"
                        "main: get -> b\n");
    world_free(w);
}
END_TEST

/* LifoQueue: append/pop. CPython 3.11.7:
 *     for item in ["old-1", "old-2", "recent-3", "latest-4"]: await q.put(item)
 *     print(" ".join([await q.get() for _ in range(2)]))
 *     await q.put("new-5")
 *     print(" ".join([await q.get() for _ in range(3)])) */
START_TEST(test_lifo_pops_newest)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_LIFO, 0);
    static const Op main_ops[] = {{.k = OP_PUT, .s = "old-1"},
                                  {.k = OP_PUT, .s = "old-2"},
                                  {.k = OP_PUT, .s = "recent-3"},
                                  {.k = OP_PUT, .s = "latest-4"},
                                  {.k = OP_GET},
                                  {.k = OP_ACC, .say = "{i}"},
                                  {.k = OP_GET},
                                  {.k = OP_ACC, .say = "{i}"},
                                  PRINT("{O}"),
                                  {.k = OP_PUT, .s = "new-5"},
                                  {.k = OP_GET},
                                  {.k = OP_ACC, .say = "{i}"},
                                  {.k = OP_GET},
                                  {.k = OP_ACC, .say = "{i}"},
                                  {.k = OP_GET},
                                  {.k = OP_ACC, .say = "{i}"},
                                  PRINT("{O}"),
                                  END};
    world_task(w, 0, "main", main_ops);
    world_run_expect(w, "latest-4 recent-3\n"
                        "new-5 old-2 old-1\n");
    world_free(w);
}
END_TEST

/* task_done() below zero raises ValueError and leaves the count at 0.
 * CPython 3.11.7:
 *     q.put_nowait(1); q.put_nowait(2)            # unfinished=2
 *     q.task_done(); q.task_done()                # unfinished=0
 *     q.task_done()  # ValueError: task_done() called too many times; unfinished=0 */
START_TEST(test_task_done_too_many_raises_value_error)
{
    SimLoop *loop = sim_loop_new(SIM_PY_3_11);
    SimQueue *q = sim_queue_new(loop, SIM_QUEUE_FIFO, 0);
    ck_assert_int_eq(sim_queue_put_nowait(q, sim_value_int(1)), SIM_EXC_NONE);
    ck_assert_int_eq(sim_queue_put_nowait(q, sim_value_int(2)), SIM_EXC_NONE);
    ck_assert_int_eq(sim_queue_unfinished(q), 2);
    ck_assert_int_eq(sim_queue_task_done(q), SIM_EXC_NONE);
    ck_assert_int_eq(sim_queue_task_done(q), SIM_EXC_NONE);
    ck_assert_int_eq(sim_queue_unfinished(q), 0);
    ck_assert_int_eq(sim_queue_task_done(q), SIM_EXC_VALUE);
    ck_assert_str_eq(sim_exc_name(SIM_EXC_VALUE), "ValueError");
    ck_assert_int_eq(sim_queue_unfinished(q), 0);
    sim_obj_unref(q);
    sim_loop_free(loop);
}
END_TEST

/* join() waits on the _finished Event: every joiner resumes one callback
 * after the task_done() that reaches 0, in FIFO order. CPython 3.11.7:
 *     async def joiner(q, name): await q.join(); print(f"{name} join returned")
 *     q.put_nowait("a"); q.put_nowait("b")
 *     js = [...joiner(q, f"J{i}") for i in range(2)]; await asyncio.sleep(0)
 *     q.get_nowait(); q.task_done(); print("main: task_done 1 of 2")
 *     await asyncio.sleep(0); print("main: still waiting")
 *     q.get_nowait(); q.task_done(); print("main: task_done 2 of 2")
 *     await asyncio.sleep(0); print("main: after one sleep(0)") */
START_TEST(test_join_resumes_one_callback_after_last_task_done)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op joiner_ops[] = {{.k = OP_JOIN, .say = "{n} join returned"}, END};
    static const Op main_ops[] = {{.k = OP_PUT_NOWAIT, .s = "a"},
                                  {.k = OP_PUT_NOWAIT, .s = "b"},
                                  SPAWN(1),
                                  SPAWN(2),
                                  SLEEP(0),
                                  {.k = OP_GET_NOWAIT},
                                  {.k = OP_TASK_DONE, .say = "main: task_done 1 of 2"},
                                  SLEEP(0),
                                  PRINT("main: still waiting"),
                                  {.k = OP_GET_NOWAIT},
                                  {.k = OP_TASK_DONE, .say = "main: task_done 2 of 2"},
                                  SLEEP(0),
                                  PRINT("main: after one sleep(0)"),
                                  GATHER(1, 2),
                                  END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "J0", joiner_ops);
    world_task(w, 2, "J1", joiner_ops);
    world_run_expect(w, "main: task_done 1 of 2\n"
                        "main: still waiting\n"
                        "main: task_done 2 of 2\n"
                        "J0 join returned\n"
                        "J1 join returned\n"
                        "main: after one sleep(0)\n");
    world_free(w);
}
END_TEST

/* Event.set() resolves every waiter, FIFO; each resumes a callback later.
 * CPython 3.11.7:
 *     async def waiter(ev, name):
 *         print(f"{name} waits"); await ev.wait(); print(f"{name} woke")
 *     ws = [...waiter(ev, f"E{i}") for i in range(3)]; await asyncio.sleep(0)
 *     ev.set(); print("main: set()")
 *     await asyncio.sleep(0); print("main: after sleep(0)") */
START_TEST(test_event_set_wakes_all_fifo)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op waiter_ops[] = {PRINT("{n} waits"), {.k = OP_EVENT_WAIT, .say = "{n} woke"},
                                    END};
    static const Op main_ops[] = {SPAWN(1),
                                  SPAWN(2),
                                  SPAWN(3),
                                  SLEEP(0),
                                  {.k = OP_EVENT_SET, .say = "main: set()"},
                                  SLEEP(0),
                                  PRINT("main: after sleep(0)"),
                                  GATHER(1, 3),
                                  END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "E0", waiter_ops);
    world_task(w, 2, "E1", waiter_ops);
    world_task(w, 3, "E2", waiter_ops);
    world_run_expect(w, "E0 waits\n"
                        "E1 waits\n"
                        "E2 waits\n"
                        "main: set()\n"
                        "E0 woke\n"
                        "E1 woke\n"
                        "E2 woke\n"
                        "main: after sleep(0)\n");
    world_free(w);
}
END_TEST

/* ================================================================== */
/* Note 5: heap order for equal keys is not FIFO (experiments/heap_ties.py) */

static const Op tie_sleeper_ops[] = {SLEEP(1.0), {.k = OP_ACC, .say = "{n}"}, END};
static const char *const tie_names[] = {"t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"};

/* n tasks sleep(1.0), started t0..t(n-1), under gather; the wake order. */
static void check_equal_timers(int n, const char *expected)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    Op main_ops[12];
    int k = 0;
    for (int i = 1; i <= n; i++)
        main_ops[k++] = (Op){.k = OP_SPAWN, .a = i};
    main_ops[k++] = (Op){.k = OP_GATHER, .a = 1, .b = n};
    main_ops[k++] = (Op){.k = OP_PRINT, .say = "wake order: {O}"};
    main_ops[k++] = (Op){.k = OP_END};
    world_task(w, 0, "main", main_ops);
    for (int i = 1; i <= n; i++)
        world_task(w, i, tie_names[i - 1], tie_sleeper_ops);
    world_run_expect(w, expected);
    /* One pass made them all ready: the loop counts it as a tie. */
    ck_assert_uint_eq(sim_loop_tie_passes(w->loop), n > 1 ? 1 : 0);
    world_free(w);
}

/* heap_ties.py on CPython 3.11.7:
 *     await asyncio.gather(*[sleeper(f"t{i}", order) for i in range(n)])
 *     print(f"{n} tasks sleep(1.0) started in order t0..t{n-1}, wake order: ...")
 * printed "4 tasks ... wake order: t0 t2 t1 t3". */
START_TEST(test_heap_four_equal_timers_pop_0_2_1_3)
{
    check_equal_timers(4, "wake order: t0 t2 t1 t3\n");
}
END_TEST

/* The same program: 2 and 3 timers come out FIFO, 5 as t0 t2 t4 t1 t3 and
 * 8 as t0 t2 t6 t5 t7 t4 t1 t3. */
START_TEST(test_heap_equal_timers_2_3_5_8_pop_in_heap_order)
{
    check_equal_timers(2, "wake order: t0 t1\n");
    check_equal_timers(3, "wake order: t0 t1 t2\n");
    check_equal_timers(5, "wake order: t0 t2 t4 t1 t3\n");
    check_equal_timers(8, "wake order: t0 t2 t6 t5 t7 t4 t1 t3\n");
}
END_TEST

/* @dataclass(order=True) class Job: priority: int; name: str = field(compare=False) */
static const char *const job_fields[] = {"priority", "name"};
static const bool job_compare[] = {true, false};
static const SimRecordType job_type = {"Job", 2, job_fields, job_compare};

static SimValue job(int priority, const char *name)
{
    SimValue fields[2] = {sim_value_int(priority), sim_value_str(name)};
    return sim_value_record(&job_type, fields);
}

/* get_nowait() every item; the names (records) or reprs, space-separated. */
static void drain_names(SimQueue *q, Text *t, bool record_names)
{
    SimValue v;
    while (sim_queue_get_nowait(q, &v) == SIM_EXC_NONE) {
        if (t->len)
            text_str(t, " ");
        if (record_names)
            text_value(t, sim_value_item(&v, 1), false);
        else
            text_value(t, &v, true);
        sim_value_release(&v);
    }
}

/* heap_ties.py: PriorityQueue of 8 x Job(1, f"j{i}") comes out in heap
 * order, not FIFO; and the tutorial's section 4 (critical-alert before
 * critical-payment only by the heap's shape), and 4 equal priorities
 * a, b, c, d. CPython 3.11.7 printed
 *     PriorityQueue, 8 x priority 1 put as j0..j7, get order: j0 j2 j6 j5 j7 j4 j1 j3
 *     seed 4 order: ['critical-alert', 'critical-payment', 'normal-log', 'low-priority-backup']
 *     4 equal priorities a,b,c,d -> ['a', 'c', 'b', 'd'] */
START_TEST(test_priority_queue_equal_priorities_heap_order)
{
    SimLoop *loop = sim_loop_new(SIM_PY_3_11);
    SimQueue *q = sim_queue_new(loop, SIM_QUEUE_PRIORITY, 0);
    Text t = {0};
    for (int i = 0; i < 8; i++) {
        char name[16];
        snprintf(name, sizeof name, "j%d", i);
        ck_assert_int_eq(sim_queue_put_nowait(q, job(1, name)), SIM_EXC_NONE);
    }
    /* sim_queue_items() promises the same order without taking them. */
    SimValue items[8];
    ck_assert_uint_eq(sim_queue_items(q, items, 8), 8);
    Text peek = {0};
    for (int i = 0; i < 8; i++) {
        if (i)
            text_str(&peek, " ");
        text_value(&peek, sim_value_item(&items[i], 1), false);
        sim_value_release(&items[i]);
    }
    ck_assert_str_eq(text_cstr(&peek), "j0 j2 j6 j5 j7 j4 j1 j3");
    drain_names(q, &t, true);
    ck_assert_str_eq(text_cstr(&t), "j0 j2 j6 j5 j7 j4 j1 j3");

    text_clear(&t);
    sim_queue_put_nowait(q, job(3, "low-priority-backup"));
    sim_queue_put_nowait(q, job(1, "critical-alert"));
    sim_queue_put_nowait(q, job(2, "normal-log"));
    sim_queue_put_nowait(q, job(1, "critical-payment"));
    drain_names(q, &t, true);
    ck_assert_str_eq(text_cstr(&t),
                     "critical-alert critical-payment normal-log low-priority-backup");

    text_clear(&t);
    sim_queue_put_nowait(q, job(1, "a"));
    sim_queue_put_nowait(q, job(1, "b"));
    sim_queue_put_nowait(q, job(1, "c"));
    sim_queue_put_nowait(q, job(1, "d"));
    drain_names(q, &t, true);
    ck_assert_str_eq(text_cstr(&t), "a c b d");
    text_free(&t);
    text_free(&peek);
    sim_obj_unref(q);
    sim_loop_free(loop);
}
END_TEST

static SimValue pair(int priority, const char *name)
{
    SimValue items[2] = {sim_value_int(priority), sim_value_str(name)};
    return sim_value_tuple(2, items);
}

/* (priority, item) tuples compare element by element, strings by code
 * point ("req-AA" sorts between "req-A" and "req-B"). CPython 3.11.7:
 *     for t in [(5, "req-B"), (5, "req-AA"), (4, "req-C"), (5, "req-A"), (4, "req-AB")]:
 *         pq.put_nowait(t)
 *     print("tuples:", " ".join(repr(pq.get_nowait()) for _ in range(5)))
 * printed tuples: (4, 'req-AB') (4, 'req-C') (5, 'req-A') (5, 'req-AA') (5, 'req-B') */
START_TEST(test_priority_tuple_compares_elementwise)
{
    SimLoop *loop = sim_loop_new(SIM_PY_3_11);
    SimQueue *q = sim_queue_new(loop, SIM_QUEUE_PRIORITY, 0);
    sim_queue_put_nowait(q, pair(5, "req-B"));
    sim_queue_put_nowait(q, pair(5, "req-AA"));
    sim_queue_put_nowait(q, pair(4, "req-C"));
    sim_queue_put_nowait(q, pair(5, "req-A"));
    sim_queue_put_nowait(q, pair(4, "req-AB"));
    Text t = {0};
    drain_names(q, &t, false);
    ck_assert_str_eq(text_cstr(&t),
                     "(4, 'req-AB') (4, 'req-C') (5, 'req-A') (5, 'req-AA') (5, 'req-B')");
    text_free(&t);
    sim_obj_unref(q);
    sim_loop_free(loop);
}
END_TEST

/* order=True compares only the fields with compare=True: names never
 * break ties. CPython 3.11.7:
 *     for j in [Job(2, "z"), Job(1, "y"), Job(2, "a"), Job(1, "b")]: pq.put_nowait(j)
 *     print("records:", " ".join(pq.get_nowait().name for _ in range(4)))
 * printed records: y b z a (comparing names too would give b y a z). */
START_TEST(test_record_compares_only_compare_fields)
{
    SimLoop *loop = sim_loop_new(SIM_PY_3_11);
    SimQueue *q = sim_queue_new(loop, SIM_QUEUE_PRIORITY, 0);
    sim_queue_put_nowait(q, job(2, "z"));
    sim_queue_put_nowait(q, job(1, "y"));
    sim_queue_put_nowait(q, job(2, "a"));
    sim_queue_put_nowait(q, job(1, "b"));
    Text t = {0};
    drain_names(q, &t, true);
    ck_assert_str_eq(text_cstr(&t), "y b z a");
    text_free(&t);
    sim_obj_unref(q);
    sim_loop_free(loop);
}
END_TEST

/* Numbers compare by value across int, float and bool. CPython 3.11.7:
 *     pq.put_nowait(2); pq.put_nowait(1.5); pq.put_nowait(True)
 *     print("numbers:", " ".join(repr(pq.get_nowait()) for _ in range(3)))
 * printed numbers: True 1.5 2 */
START_TEST(test_priority_mixed_numbers_compare_by_value)
{
    SimLoop *loop = sim_loop_new(SIM_PY_3_11);
    SimQueue *q = sim_queue_new(loop, SIM_QUEUE_PRIORITY, 0);
    sim_queue_put_nowait(q, sim_value_int(2));
    sim_queue_put_nowait(q, sim_value_float(1.5));
    sim_queue_put_nowait(q, sim_value_bool(true));
    Text t = {0};
    drain_names(q, &t, false);
    ck_assert_str_eq(text_cstr(&t), "True 1.5 2");
    text_free(&t);
    sim_obj_unref(q);
    sim_loop_free(loop);
}
END_TEST

/* heappush appends before it compares, so an item Python cannot compare
 * raises TypeError from put_nowait yet stays in the queue, uncounted by
 * _unfinished_tasks. CPython 3.11.7:
 *     pq.put_nowait((1, "x"))
 *     pq.put_nowait((1, None))   # TypeError: '<' not supported between
 *                                # instances of 'NoneType' and 'str'
 *     print(f"qsize={pq.qsize()} unfinished={pq._unfinished_tasks}")   # 2, 1
 *     print(f"get -> {pq.get_nowait()!r}")   # (1, 'x')
 *     print(f"get -> {pq.get_nowait()!r}")   # (1, None) */
START_TEST(test_priority_incomparable_put_raises_type_error_item_stays)
{
    SimLoop *loop = sim_loop_new(SIM_PY_3_11);
    SimQueue *q = sim_queue_new(loop, SIM_QUEUE_PRIORITY, 0);
    ck_assert_int_eq(sim_queue_put_nowait(q, pair(1, "x")), SIM_EXC_NONE);
    SimValue items[2] = {sim_value_int(1), sim_value_none()};
    ck_assert_int_eq(sim_queue_put_nowait(q, sim_value_tuple(2, items)), SIM_EXC_TYPE);
    ck_assert_uint_eq(sim_queue_qsize(q), 2);
    ck_assert_int_eq(sim_queue_unfinished(q), 1);
    Text t = {0};
    drain_names(q, &t, false);
    ck_assert_str_eq(text_cstr(&t), "(1, 'x') (1, None)");
    text_free(&t);
    sim_obj_unref(q);
    sim_loop_free(loop);
}
END_TEST

static void hook_count_cancelled(Script *f, const Op *op)
{
    (void)op;
    /* the anchor's and the five sleepers' timers are live; the rest of
     * the heap is cancelled */
    f->num = (int)sim_loop_timer_count(f->w->loop) - 6;
}

/* A cancelled timer stays in the heap until it reaches the head, and
 * shapes the heap meanwhile: experiments/cancelled_timers.py,
 *     anchor = asyncio.create_task(asyncio.sleep(0.9))
 *     await asyncio.sleep(0)
 *     if with_cancelled:
 *         q.put_nowait(1)
 *         await asyncio.wait_for(q.get(), timeout=1.5)   # timer cancelled
 *     tasks = [asyncio.create_task(sleeper(f"t{i}", order)) for i in range(5)]
 *     await asyncio.sleep(0)
 *     n_cancelled = sum(h._cancelled for h in loop._scheduled)
 *     await asyncio.gather(anchor, *tasks)
 * run without and then with the cancelled timer. CPython 3.11.7, 3.12.1 and
 * 3.13.0 all printed the three lines below. */
START_TEST(test_cancelled_timer_in_heap_changes_tie_order)
{
    static const Op anchor_ops[] = {SLEEP(0.9), END};
    static const Op main_ops[] = {PRINT("5 tasks sleep(1.0), started t0..t4:"),
                                  /* run(False) */
                                  SPAWN(1), SLEEP(0), SPAWN(2), SPAWN(3), SPAWN(4), SPAWN(5),
                                  SPAWN(6), SLEEP(0), HOOK(hook_count_cancelled), GATHER(1, 6),
                                  PRINT("  cancelled handles in heap: {k}; wake order: {O}"),
                                  /* run(True) */
                                  SPAWN(7), SLEEP(0), {.k = OP_PUT_NOWAIT, .s = "1"},
                                  {.k = OP_WAIT_FOR_GET, .d = 1.5}, SPAWN(8), SPAWN(9),
                                  SPAWN(10), SPAWN(11), SPAWN(12), SLEEP(0),
                                  HOOK(hook_count_cancelled), GATHER(7, 12),
                                  PRINT("  cancelled handles in heap: {k}; wake order: {O}"),
                                  END};
    for (int v = 0; v < SIM_PY_VERSION_COUNT; v++) {
        World *w = world_new((SimPyVersion)v, SIM_QUEUE_FIFO, 0);
        world_task(w, 0, "main", main_ops);
        for (int run = 0; run < 2; run++) {
            world_task(w, 1 + 6 * run, "anchor", anchor_ops);
            for (int i = 0; i < 5; i++)
                world_task(w, 2 + 6 * run + i, tie_names[i], tie_sleeper_ops);
        }
        world_run_expect(w, "5 tasks sleep(1.0), started t0..t4:\n"
                            "  cancelled handles in heap: 0; wake order: t1 t4 t3 t0 t2\n"
                            "  cancelled handles in heap: 1; wake order: t0 t3 t4 t2 t1\n");
        world_free(w);
    }
}
END_TEST

/* ================================================================== */
/* Note 7: cancellation                                                */

static const Op cancellable_getter_ops[] = {
    {.k = OP_GET, .exc = "  {n} cancelled", .reraise = true}, END};

/* cancel() on tasks blocked in get() cancels their getter futures: each
 * resumes a callback later with CancelledError, in cancel order.
 * experiments/run_shutdown.py part A, CPython 3.11.7:
 *     ws = [asyncio.create_task(worker(q, f"W{i}")) for i in range(4)]
 *     await asyncio.sleep(0)
 *     for w in reversed(ws[:2]): w.cancel()
 *     for w in ws[2:]: w.cancel()
 *     print("  main: cancelled W1, W0, W2, W3 (in that order); main continues")
 *     await asyncio.sleep(0)
 *     print("  main: after one sleep(0) all four have already finished") */
START_TEST(test_cancel_blocked_tasks_finish_in_cancel_order)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op main_ops[] = {
        SPAWN(1), SPAWN(2), SPAWN(3), SPAWN(4), SLEEP(0),
        {.k = OP_CANCEL, .a = 2}, {.k = OP_CANCEL, .a = 1},
        {.k = OP_CANCEL, .a = 3}, {.k = OP_CANCEL, .a = 4},
        PRINT("  main: cancelled W1, W0, W2, W3 (in that order); main continues"), SLEEP(0),
        PRINT("  main: after one sleep(0) all four have already finished"), END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "W0", cancellable_getter_ops);
    world_task(w, 2, "W1", cancellable_getter_ops);
    world_task(w, 3, "W2", cancellable_getter_ops);
    world_task(w, 4, "W3", cancellable_getter_ops);
    world_run_expect(w, "  main: cancelled W1, W0, W2, W3 (in that order); main continues\n"
                        "  W1 cancelled\n"
                        "  W0 cancelled\n"
                        "  W2 cancelled\n"
                        "  W3 cancelled\n"
                        "  main: after one sleep(0) all four have already finished\n");
    ck_assert_str_eq(text_cstr(&w->cancels), "W1 W0 W2 W3");
    ck_assert_uint_eq(sim_queue_getter_count(w->q), 0);
    world_free(w);
}
END_TEST

/* cancel() on a task whose future is already done (its wakeup is
 * scheduled) sets _must_cancel: CancelledError is thrown in at the next
 * step although the future has a result. CPython 3.11.7:
 *     async def waiter(fut):
 *         try: v = await fut; print(f"T got {v}")
 *         except asyncio.CancelledError:
 *             print(f"T: CancelledError although fut.result()={fut.result()}"); raise
 *     t = asyncio.create_task(waiter(fut)); await asyncio.sleep(0)
 *     fut.set_result(1)
 *     print(f"main: t.cancel() -> {t.cancel()}, cancelling={t.cancelling()}")
 *     await asyncio.gather(t, return_exceptions=True)
 *     print(f"main: t.cancelled() -> {t.cancelled()}") */
START_TEST(test_must_cancel_when_waiter_already_done)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op t_ops[] = {{.k = OP_AWAIT_FUT, .say = "T got {i}",
                                .exc = "T: CancelledError although fut.result()={F}",
                                .reraise = true},
                               END};
    static const Op main_ops[] = {
        SPAWN(1), SLEEP(0), {.k = OP_SET_RESULT, .d = 1},
        {.k = OP_CANCEL, .a = 1, .say = "main: t.cancel() -> {v}, cancelling={c}"},
        {.k = OP_GATHER, .a = 1, .b = 1, .rx = true},
        {.k = OP_PRINT, .a = 1, .say = "main: t.cancelled() -> {X}"}, END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "T", t_ops);
    world_run_expect(w, "main: t.cancel() -> True, cancelling=1\n"
                        "T: CancelledError although fut.result()=1\n"
                        "main: t.cancelled() -> True\n");
    world_free(w);
}
END_TEST

/* A task cancelled before its first step never runs a line. CPython 3.11.7:
 *     async def body(): print("body ran")
 *     t = asyncio.create_task(body())
 *     print(f"main: cancel -> {t.cancel()}")
 *     await asyncio.sleep(0)
 *     print(f"main: cancelled={t.cancelled()}") */
START_TEST(test_cancel_before_first_step_runs_no_code)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op body_ops[] = {PRINT("body ran"), END};
    static const Op main_ops[] = {SPAWN(1), {.k = OP_CANCEL, .a = 1, .say = "main: cancel -> {v}"},
                                  SLEEP(0), {.k = OP_PRINT, .a = 1, .say = "main: cancelled={X}"},
                                  END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "body", body_ops);
    world_run_expect(w, "main: cancel -> True\n"
                        "main: cancelled=True\n");
    world_free(w);
}
END_TEST

/* Tasks main cancels just before it returns finish before the loop stops
 * (their wakeups are queued before _run_until_complete_cb), so asyncio.run
 * finds nothing left to cancel. CPython 3.11.7:
 *     ws = [asyncio.create_task(worker(q, f"W{i}")) for i in range(3)]
 *     await asyncio.sleep(0)
 *     for i in (2, 0, 1): ws[i].cancel()
 *     print("main returns")
 * printed "main returns", then W2, W0, W1 cancelled, and vclock gave no
 * leftover-task warning (nothing pending when asyncio.run shut down). */
START_TEST(test_explicitly_cancelled_tasks_finish_before_loop_stops)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op worker_ops[] = {{.k = OP_GET, .exc = "{n} cancelled", .reraise = true}, END};
    static const Op main_ops[] = {SPAWN(1), SPAWN(2), SPAWN(3), SLEEP(0),
                                  {.k = OP_CANCEL, .a = 3}, {.k = OP_CANCEL, .a = 1},
                                  {.k = OP_CANCEL, .a = 2}, PRINT("main returns"), END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "W0", worker_ops);
    world_task(w, 2, "W1", worker_ops);
    world_task(w, 3, "W2", worker_ops);
    w->runner = sim_runner_new(w->loop, world_coro(w, 0), "main");
    w->tasks[0] = sim_obj_ref(sim_runner_main_task(w->runner));
    SimRunStatus s;
    bool checked = false;
    while ((s = sim_runner_step(w->runner)) == SIM_RUN_RUNNING) {
        if (sim_runner_main_finished(w->runner) && !checked) {
            /* the loop has stopped after main: the workers are done */
            for (int i = 1; i <= 3; i++)
                ck_assert(sim_future_cancelled(sim_task_future(w->tasks[i])));
            checked = true;
        }
    }
    ck_assert_int_eq(s, SIM_RUN_FINISHED);
    ck_assert(checked);
    ck_assert_str_eq(text_cstr(&w->out), "main returns\n"
                                         "W2 cancelled\n"
                                         "W0 cancelled\n"
                                         "W1 cancelled\n");
    /* only main's three cancel() calls: asyncio.run cancelled nothing */
    ck_assert_str_eq(text_cstr(&w->cancels), "W2 W0 W1");
    world_free(w);
}
END_TEST

/* ================================================================== */
/* Notes 8 and 9: asyncio.run's shutdown                               */

/* Tasks still alive when main returns are cancelled by asyncio.run and run
 * until they finish. CPython 3.11.7:
 *     for i in range(3): asyncio.create_task(worker(q, f"L{i}"))
 *     await asyncio.sleep(0)
 *     print("main returns")
 * printed "main returns", then "L1 cancelled", "L2 cancelled", "L0
 * cancelled", then asyncio.run returned. CPython's order comes from a set
 * hashed by address (note 9: it changes with the allocator); the sim
 * documents creation order instead, so only the set is compared here. */
START_TEST(test_runner_cancels_leftover_tasks)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op worker_ops[] = {{.k = OP_GET, .exc = "{n} cancelled", .reraise = true}, END};
    static const Op main_ops[] = {SPAWN(1), SPAWN(2), SPAWN(3), SLEEP(0), PRINT("main returns"),
                                  END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "L0", worker_ops);
    world_task(w, 2, "L1", worker_ops);
    world_task(w, 3, "L2", worker_ops);
    ck_assert_int_eq(world_run(w), SIM_RUN_FINISHED);
    const char *out = text_cstr(&w->out);
    ck_assert_msg(strncmp(out, "main returns\n", 13) == 0, "got:\n%s", out);
    ck_assert_uint_eq(strlen(out), 13 + 3 * strlen("L0 cancelled\n"));
    for (int i = 1; i <= 3; i++) {
        char line[32];
        snprintf(line, sizeof line, "%s cancelled\n", w->names[i]);
        ck_assert_msg(strstr(out + 13, line) != NULL, "no \"%s\" in:\n%s", line, out);
        ck_assert(sim_future_cancelled(sim_task_future(w->tasks[i])));
    }
    ck_assert_uint_eq(strlen(text_cstr(&w->cancels)), strlen("L0 L1 L2"));
    ck_assert(sim_future_done(sim_task_future(w->tasks[0])));
    ck_assert(!sim_future_cancelled(sim_task_future(w->tasks[0])));
    world_free(w);
}
END_TEST

/* Nothing ready, no timer, main not done: Python would hang. CPython 3.11.7
 * under vclock:
 *     q = asyncio.Queue()
 *     print("main: get() on an empty queue, nobody else")
 *     await q.get()
 * printed the line, then "vclock: DEADLOCK: event loop would block forever
 * at t=0.0 (no ready callbacks, no timers); pending tasks: Task-1: main()
 * line 5", exit status 3. */
START_TEST(test_deadlock_detected)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op main_ops[] = {PRINT("main: get() on an empty queue, nobody else"),
                                  {.k = OP_GET}, END};
    world_task(w, 0, "main", main_ops);
    ck_assert_int_eq(world_run(w), SIM_RUN_DEADLOCK);
    ck_assert_str_eq(text_cstr(&w->out), "main: get() on an empty queue, nobody else\n");
    SimTask *main_task = w->tasks[0];
    ck_assert(!sim_future_done(sim_task_future(main_task)));
    ck_assert_ptr_nonnull(main_task->coro);
    ck_assert_int_eq(sim_co_innermost(main_task->coro)->kind->wait, SIM_WAIT_GET);
    ck_assert(!sim_runner_main_finished(w->runner));
    ck_assert_double_eq(sim_loop_time(w->loop), 0.0);
    world_free(w);
}
END_TEST

/* A timer at t=inf is a deadlock too. CPython 3.11.7 under vclock:
 *     print("main: sleep(inf)")
 *     await asyncio.sleep(float("inf"))
 * printed the line, then "vclock: DEADLOCK: ... (no ready callbacks,
 * earliest timer at t=inf)", exit status 3. */
START_TEST(test_sleep_inf_is_a_deadlock)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op main_ops[] = {PRINT("main: sleep(inf)"), SLEEP(INFINITY), END};
    world_task(w, 0, "main", main_ops);
    ck_assert_int_eq(world_run(w), SIM_RUN_DEADLOCK);
    ck_assert_str_eq(text_cstr(&w->out), "main: sleep(inf)\n");
    ck_assert_double_eq(sim_loop_time(w->loop), 0.0);
    ck_assert_uint_eq(sim_loop_timer_count(w->loop), 1);
    world_free(w);
}
END_TEST

/* ================================================================== */
/* Version differences                                                 */

/* Queue.shutdown() (3.13): getters drain what is queued, then get() on the
 * empty queue raises QueueShutDown; put_nowait raises at once. CPython
 * 3.13.0:
 *     async def consumer(q, name):
 *         while True:
 *             try: item = await q.get()
 *             except asyncio.QueueShutDown:
 *                 print(f"{name}: QueueShutDown, qsize={q.qsize()}"); return
 *             print(f"{name}: got {item}"); q.task_done()
 *     cs = [...consumer(q, f"C{i}") for i in range(2)]; await asyncio.sleep(0)
 *     for x in ("a", "b", "c"): q.put_nowait(x)
 *     q.shutdown()
 *     print(f"main: shutdown(), qsize={q.qsize()} unfinished={q._unfinished_tasks}")
 *     try: q.put_nowait("d")
 *     except asyncio.QueueShutDown: print("main: put_nowait -> QueueShutDown")
 *     await q.join(); print("main: join returned")
 *     await asyncio.gather(*cs) */
START_TEST(test_queue_shutdown_313_drain)
{
    World *w = world_new(SIM_PY_3_13, SIM_QUEUE_FIFO, 0);
    static const Op consumer_ops[] = {
        {.k = OP_GET, .say = "{n}: got {i}", .exc = "{n}: QueueShutDown, qsize={q}"},
        {.k = OP_TASK_DONE}, {.k = OP_GOTO, .a = 0}};
    static const Op main_ops[] = {
        SPAWN(1),
        SPAWN(2),
        SLEEP(0),
        {.k = OP_PUT_NOWAIT, .s = "a"},
        {.k = OP_PUT_NOWAIT, .s = "b"},
        {.k = OP_PUT_NOWAIT, .s = "c"},
        {.k = OP_SHUTDOWN, .a = 0, .say = "main: shutdown(), qsize={q} unfinished={u}"},
        {.k = OP_PUT_NOWAIT, .s = "d", .exc = "main: put_nowait -> {e}", .cont = true},
        {.k = OP_JOIN, .say = "main: join returned"},
        GATHER(1, 2),
        END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "C0", consumer_ops);
    world_task(w, 2, "C1", consumer_ops);
    world_run_expect(w, "main: shutdown(), qsize=3 unfinished=3\n"
                        "main: put_nowait -> QueueShutDown\n"
                        "C0: got a\n"
                        "C0: got b\n"
                        "C0: got c\n"
                        "C0: QueueShutDown, qsize=0\n"
                        "C1: QueueShutDown, qsize=0\n"
                        "main: join returned\n");
    ck_assert(sim_queue_is_shutdown(w->q));
    world_free(w);

    /* The same program with three consumers and one item: shutdown() wakes
     * every getter still blocked (C1 and C2), and each raises. CPython
     * 3.13.0 printed the lines below. */
    w = world_new(SIM_PY_3_13, SIM_QUEUE_FIFO, 0);
    static const Op one_item_ops[] = {
        SPAWN(1),
        SPAWN(2),
        SPAWN(3),
        SLEEP(0),
        {.k = OP_PUT_NOWAIT, .s = "a"},
        {.k = OP_SHUTDOWN, .a = 0, .say = "main: shutdown(), qsize={q} unfinished={u}"},
        {.k = OP_PUT_NOWAIT, .s = "d", .exc = "main: put_nowait -> {e}", .cont = true},
        {.k = OP_JOIN, .say = "main: join returned"},
        GATHER(1, 3),
        END};
    world_task(w, 0, "main", one_item_ops);
    world_task(w, 1, "C0", consumer_ops);
    world_task(w, 2, "C1", consumer_ops);
    world_task(w, 3, "C2", consumer_ops);
    world_run_expect(w, "main: shutdown(), qsize=1 unfinished=1\n"
                        "main: put_nowait -> QueueShutDown\n"
                        "C0: got a\n"
                        "C0: QueueShutDown, qsize=0\n"
                        "C1: QueueShutDown, qsize=0\n"
                        "C2: QueueShutDown, qsize=0\n"
                        "main: join returned\n");
    world_free(w);
}
END_TEST

/* shutdown(immediate=True) (3.13) drops the queued items, counting them as
 * done, and wakes every getter and putter; a putter woken earlier by a get
 * raises too. CPython 3.13.0, with Queue(maxsize=2):
 *     consumer: while True: item = await q.get() (QueueShutDown: print, return);
 *               print(f"{name}: got {item}"); await asyncio.sleep(1.0);
 *               q.task_done(); print(f"{name}: done {item}")
 *     putter:   try: await q.put(name); print(f"{name}: put done")
 *               except asyncio.QueueShutDown: print(f"{name}: QueueShutDown")
 *     q.put_nowait("a"); q.put_nowait("b")
 *     ps = [...putter(q, f"P{i}") for i in range(2)]; c = ...consumer(q, "C0")
 *     await asyncio.sleep(0)
 *     print(f"main: qsize={q.qsize()} unfinished={q._unfinished_tasks}")
 *     q.shutdown(immediate=True)
 *     print(f"main: shutdown(immediate=True), qsize=... unfinished=...")
 *     await q.join()
 *     print(f"main: join returned at t={asyncio.get_running_loop().time()!r}") */
START_TEST(test_queue_shutdown_313_immediate)
{
    World *w = world_new(SIM_PY_3_13, SIM_QUEUE_FIFO, 2);
    static const Op consumer_ops[] = {
        {.k = OP_GET, .say = "{n}: got {i}", .exc = "{n}: QueueShutDown, qsize={q}"},
        SLEEP(1.0), {.k = OP_TASK_DONE, .say = "{n}: done {i}"}, {.k = OP_GOTO, .a = 0}};
    static const Op p_ops[] = {{.k = OP_PUT, .say = "{n}: put done", .exc = "{n}: QueueShutDown"},
                               END};
    static const Op main_ops[] = {
        {.k = OP_PUT_NOWAIT, .s = "a"},
        {.k = OP_PUT_NOWAIT, .s = "b"},
        SPAWN(1),
        SPAWN(2),
        SPAWN(3),
        SLEEP(0),
        PRINT("main: qsize={q} unfinished={u}"),
        {.k = OP_SHUTDOWN, .a = 1,
         .say = "main: shutdown(immediate=True), qsize={q} unfinished={u}"},
        {.k = OP_JOIN, .say = "main: join returned at t={t}"},
        GATHER(1, 3),
        END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "P0", p_ops);
    world_task(w, 2, "P1", p_ops);
    world_task(w, 3, "C0", consumer_ops);
    w->args[1] = "P0";
    w->args[2] = "P1";
    world_run_expect(w, "C0: got a\n"
                        "main: qsize=1 unfinished=2\n"
                        "main: shutdown(immediate=True), qsize=0 unfinished=1\n"
                        "P0: QueueShutDown\n"
                        "P1: QueueShutDown\n"
                        "C0: done a\n"
                        "C0: QueueShutDown, qsize=0\n"
                        "main: join returned at t=1.0\n");
    world_free(w);
}
END_TEST

/* Task.uncancel() bringing the count to 0 clears _must_cancel on 3.13
 * only. CPython:
 *     t = asyncio.create_task(waiter(fut)); await asyncio.sleep(0)
 *     fut.set_result(1)
 *     t.cancel()                      # _must_cancel: the wakeup is scheduled
 *     print(f"main: uncancel -> {t.uncancel()}")
 *     await asyncio.gather(t, return_exceptions=True)
 *     print(f"main: t.cancelled() -> {t.cancelled()}")
 * 3.11.7 and 3.12.1 still threw CancelledError into the task; 3.13.0 did not. */
START_TEST(test_uncancel_313_clears_must_cancel)
{
    static const char *const expected[SIM_PY_VERSION_COUNT] = {
        "main: uncancel -> 0\nT: CancelledError\nmain: t.cancelled() -> True\n",
        "main: uncancel -> 0\nT: CancelledError\nmain: t.cancelled() -> True\n",
        "main: uncancel -> 0\nT got 1\nmain: t.cancelled() -> False\n"};
    static const Op t_ops[] = {{.k = OP_AWAIT_FUT, .say = "T got {i}", .exc = "T: CancelledError",
                                .reraise = true},
                               END};
    static const Op main_ops[] = {SPAWN(1),
                                  SLEEP(0),
                                  {.k = OP_SET_RESULT, .d = 1},
                                  {.k = OP_CANCEL, .a = 1},
                                  {.k = OP_UNCANCEL, .a = 1, .say = "main: uncancel -> {k}"},
                                  {.k = OP_GATHER, .a = 1, .b = 1, .rx = true},
                                  {.k = OP_PRINT, .a = 1, .say = "main: t.cancelled() -> {X}"},
                                  END};
    for (int v = 0; v < SIM_PY_VERSION_COUNT; v++) {
        World *w = world_new((SimPyVersion)v, SIM_QUEUE_FIFO, 0);
        world_task(w, 0, "main", main_ops);
        world_task(w, 1, "T", t_ops);
        world_run_expect(w, expected[v]);
        world_free(w);
    }
}
END_TEST

/* asyncio.sleep(nan): 3.13 raises ValueError; 3.11 and 3.12 make a timer
 * that is due at once. CPython:
 *     try:
 *         await asyncio.sleep(float("nan"))
 *         print(f"sleep(nan) returned at t={loop.time()!r}")
 *     except ValueError as e:
 *         print(f"ValueError: {e}")
 * 3.11.7 and 3.12.1 printed "sleep(nan) returned at t=0.0", 3.13.0
 * "ValueError: Invalid delay: NaN (not a number)" (the sim's exceptions
 * carry no message; the test supplies it). */
START_TEST(test_sleep_nan_313_raises_value_error)
{
    static const char *const expected[SIM_PY_VERSION_COUNT] = {
        "sleep(nan) returned at t=0.0\n", "sleep(nan) returned at t=0.0\n",
        "ValueError: Invalid delay: NaN (not a number)\n"};
    static const Op main_ops[] = {{.k = OP_SLEEP, .d = NAN,
                                   .say = "sleep(nan) returned at t={t}",
                                   .exc = "{e}: Invalid delay: NaN (not a number)"},
                                  END};
    for (int v = 0; v < SIM_PY_VERSION_COUNT; v++) {
        World *w = world_new((SimPyVersion)v, SIM_QUEUE_FIFO, 0);
        world_task(w, 0, "main", main_ops);
        world_run_expect(w, expected[v]);
        world_free(w);
    }
}
END_TEST

/* ================================================================== */
/* Live maxsize changes (not an asyncio API; modelled in CPython)      */

static void hook_set_maxsize(Script *f, const Op *op)
{
    sim_queue_set_maxsize(f->w->q, op->a);
}

static const Op maxsize_putter_ops[] = {{.k = OP_PUT, .say = "{n}: put done, qsize={q}"}, END};

/* Raising maxsize wakes blocked putters, oldest first, one per new free
 * slot, as if gets had made room. Modelled on CPython 3.11.7 with the
 * queue's own code:
 *     def set_maxsize(q, n):
 *         q._maxsize = n
 *         room = len(q._putters) if n <= 0 else max(0, n - q.qsize())
 *         pending = sum(not f.done() for f in q._putters)
 *         for _ in range(min(room, pending)): q._wakeup_next(q._putters)
 *     q = asyncio.Queue(maxsize=1); q.put_nowait("x")
 *     ps = [...putter(q, f"P{i}") for i in range(4)]; await asyncio.sleep(0)
 *     set_maxsize(q, 3)
 *     print(f"main: maxsize 1 -> 3, putters waiting={len(q._putters)}")
 *     await asyncio.sleep(0)
 *     print(f"main: qsize={q.qsize()} full={q.full()} putters={len(q._putters)}")
 *     for _ in range(2):
 *         print(f"main: get -> {q.get_nowait()}"); await asyncio.sleep(0) */
START_TEST(test_set_maxsize_raise_wakes_putters_fifo)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 1);
    static const Op main_ops[] = {{.k = OP_PUT_NOWAIT, .s = "x"},
                                  SPAWN(1),
                                  SPAWN(2),
                                  SPAWN(3),
                                  SPAWN(4),
                                  SLEEP(0),
                                  {.k = OP_HOOK, .hook = hook_set_maxsize, .a = 3},
                                  PRINT("main: maxsize 1 -> 3, putters waiting={p}"),
                                  SLEEP(0),
                                  PRINT("main: qsize={q} full={f} putters={p}"),
                                  {.k = OP_GET_NOWAIT, .say = "main: get -> {i}"},
                                  SLEEP(0),
                                  {.k = OP_GET_NOWAIT, .say = "main: get -> {i}"},
                                  SLEEP(0),
                                  GATHER(1, 4),
                                  END};
    world_task(w, 0, "main", main_ops);
    static const char *const names[] = {"P0", "P1", "P2", "P3"};
    for (int i = 0; i < 4; i++) {
        world_task(w, i + 1, names[i], maxsize_putter_ops);
        w->args[i + 1] = names[i];
    }
    world_run_expect(w, "main: maxsize 1 -> 3, putters waiting=2\n"
                        "P0: put done, qsize=2\n"
                        "P1: put done, qsize=3\n"
                        "main: qsize=3 full=True putters=2\n"
                        "main: get -> x\n"
                        "P2: put done, qsize=3\n"
                        "main: get -> P0\n"
                        "P3: put done, qsize=3\n");
    ck_assert_int_eq(sim_queue_maxsize(w->q), 3);
    world_free(w);
}
END_TEST

/* Lowering maxsize below qsize keeps the items; puts block until gets
 * bring qsize under the new maxsize (a woken putter that still finds the
 * queue full queues again). Modelled on CPython 3.11.7 as `q._maxsize = 2`:
 *     q = asyncio.Queue(maxsize=5); for x in "abcd": q.put_nowait(x)
 *     q._maxsize = 2
 *     print(f"main: maxsize 5 -> 2, qsize={q.qsize()} full={q.full()}")
 *     p = asyncio.create_task(putter(q, "P0")); await asyncio.sleep(0)
 *     print(f"main: P0 blocked={not p.done()}")
 *     for _ in range(3):
 *         print(f"main: get -> {q.get_nowait()}, qsize={q.qsize()}")
 *         await asyncio.sleep(0)
 *     await p */
START_TEST(test_set_maxsize_lower_keeps_items_blocks_puts)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 5);
    static const Op main_ops[] = {{.k = OP_PUT_NOWAIT, .s = "a"},
                                  {.k = OP_PUT_NOWAIT, .s = "b"},
                                  {.k = OP_PUT_NOWAIT, .s = "c"},
                                  {.k = OP_PUT_NOWAIT, .s = "d"},
                                  {.k = OP_HOOK, .hook = hook_set_maxsize, .a = 2},
                                  PRINT("main: maxsize 5 -> 2, qsize={q} full={f}"),
                                  SPAWN(1),
                                  SLEEP(0),
                                  {.k = OP_PRINT, .a = 1, .say = "main: P0 blocked={B}"},
                                  {.k = OP_GET_NOWAIT, .say = "main: get -> {i}, qsize={q}"},
                                  SLEEP(0),
                                  {.k = OP_GET_NOWAIT, .say = "main: get -> {i}, qsize={q}"},
                                  SLEEP(0),
                                  {.k = OP_GET_NOWAIT, .say = "main: get -> {i}, qsize={q}"},
                                  SLEEP(0),
                                  AWAIT_TASK(1),
                                  END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "P0", maxsize_putter_ops);
    w->args[1] = "P0";
    world_run_expect(w, "main: maxsize 5 -> 2, qsize=4 full=True\n"
                        "main: P0 blocked=True\n"
                        "main: get -> a, qsize=3\n"
                        "main: get -> b, qsize=2\n"
                        "main: get -> c, qsize=1\n"
                        "P0: put done, qsize=2\n");
    world_free(w);
}
END_TEST

/* ================================================================== */
/* Note 10: random draws happen in task execution order                */

typedef struct {
    SimCo co;
    World *w;
    int who;
    double d;
} RandWorker;

/* async def worker(name):
 *     d = random.uniform(0.1, 0.5)
 *     await asyncio.sleep(d)
 *     print(f"{name} slept {d!r}, woke at {loop.time()!r}, drew {random.random()!r}") */
static SimCoSignal rand_worker_fn(SimCo *co)
{
    RandWorker *f = (RandWorker *)co;
    SIM_CO_BEGIN(co);
    f->d = sim_rng_uniform(sim_loop_rng(co->loop), 0.1, 0.5);
    SIM_AWAIT(co, 5, sim_aio_sleep(co->loop, f->d));
    {
        Text line = {0};
        text_printf(&line, "%s slept ", f->w->names[f->who]);
        text_repr_float(&line, f->d);
        text_str(&line, ", woke at ");
        text_repr_float(&line, sim_loop_time(co->loop));
        text_str(&line, ", drew ");
        text_repr_float(&line, sim_rng_random(sim_loop_rng(co->loop)));
        text_str(&line, "\n");
        sim_loop_print(co->loop, line.buf, line.len);
        text_free(&line);
    }
    SIM_CO_END(co);
}

static const SimCoKind rand_worker_kind = {"worker", rand_worker_fn, sizeof(RandWorker),
                                           SIM_WAIT_NONE, NULL};

static SimCo *rand_worker_new(World *w, int who)
{
    RandWorker *f = (RandWorker *)sim_co_new(w->loop, &rand_worker_kind);
    f->w = w;
    f->who = who;
    return &f->co;
}

/* The draws interleave as the tasks run, so the scheduling must match.
 * CPython 3.11.7 with random.seed(0) (vclock's default):
 *     await asyncio.gather(*[worker(f"W{i}") for i in range(3)]) */
START_TEST(test_random_draws_follow_task_execution_order)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op main_ops[] = {SPAWN(1), SPAWN(2), SPAWN(3), GATHER(1, 3), END};
    world_task(w, 0, "main", main_ops);
    static const char *const names[] = {"W0", "W1", "W2"};
    for (int i = 0; i < 3; i++) {
        w->names[i + 1] = names[i];
        w->makers[i + 1] = rand_worker_new;
    }
    world_run_expect(w, "W2 slept 0.268228632332338, woke at 0.268228632332338, drew "
                        "0.25891675029296335\n"
                        "W1 slept 0.40318176117612103, woke at 0.40318176117612103, drew "
                        "0.5112747213686085\n"
                        "W0 slept 0.43776874061001925, woke at 0.43776874061001925, drew "
                        "0.4049341374504143\n");
    world_free(w);
}
END_TEST

/* ================================================================== */
/* More of wait_for and gather                                         */

/* wait_for(aw, t) with t <= 0 runs aw as a task, and since that task has
 * not run yet, cancels it: TimeoutError even though an item is there, and
 * the item stays (every version). CPython 3.11.7, 3.12.1 and 3.13.0:
 *     q.put_nowait("x")
 *     for t in (0, -1):
 *         try:
 *             item = await asyncio.wait_for(q.get(), t)
 *             print(f"wait_for(q.get(), {t}) -> {item!r}")
 *         except TimeoutError:
 *             print(f"wait_for(q.get(), {t}): TimeoutError, qsize={q.qsize()}") */
START_TEST(test_wait_for_zero_timeout_times_out_even_with_item)
{
    static const Op main_ops[] = {
        {.k = OP_PUT_NOWAIT, .s = "x"},
        {.k = OP_WAIT_FOR_GET, .d = 0, .say = "wait_for(q.get(), 0) -> {r}",
         .exc = "wait_for(q.get(), 0): {e}, qsize={q}", .cont = true},
        {.k = OP_WAIT_FOR_GET, .d = -1, .say = "wait_for(q.get(), -1) -> {r}",
         .exc = "wait_for(q.get(), -1): {e}, qsize={q}", .cont = true},
        END};
    for (int v = 0; v < SIM_PY_VERSION_COUNT; v++) {
        World *w = world_new((SimPyVersion)v, SIM_QUEUE_FIFO, 0);
        world_task(w, 0, "main", main_ops);
        world_run_expect(w, "wait_for(q.get(), 0): TimeoutError, qsize=1\n"
                            "wait_for(q.get(), -1): TimeoutError, qsize=1\n");
        world_free(w);
    }
}
END_TEST

/* Cancelling a task that waits in wait_for. When the item has already
 * reached 3.11's inner task, the outer task finds the inner task done at
 * its CancelledError and returns the result: the cancel is swallowed.
 * 3.12+ throws CancelledError into get(), which leaves the item queued.
 * With nothing arrived, CancelledError on every version. CPython:
 *     async def consumer(q, name):
 *         try:
 *             item = await asyncio.wait_for(q.get(), 5.0)
 *             print(f"{name} got {item!r}, cancelling={asyncio.current_task().cancelling()}")
 *         except asyncio.CancelledError:
 *             print(f"{name}: CancelledError, qsize={q.qsize()}, getters={len(q._getters)}")
 *             raise
 *     q = asyncio.Queue(); a = asyncio.create_task(consumer(q, "A"))
 *     for _ in range(3): await asyncio.sleep(0)
 *     q.put_nowait("x")
 *     print(f"main: a.cancel() -> {a.cancel()}")
 *     await asyncio.gather(a, return_exceptions=True)
 *     print(f"main: a.cancelled()={a.cancelled()} qsize={q.qsize()}")
 *     q = asyncio.Queue(); b = asyncio.create_task(consumer(q, "B"))
 *     for _ in range(3): await asyncio.sleep(0)
 *     print(f"main: b.cancel() -> {b.cancel()}")
 *     await asyncio.gather(b, return_exceptions=True)
 *     print(f"main: b.cancelled()={b.cancelled()} qsize={q.qsize()} getters={len(q._getters)}") */
START_TEST(test_wait_for_311_swallows_cancel_when_result_ready)
{
    /* [0]: 3.11.7; [1]: 3.12.1, and 3.13.0 printed the same */
    static const char *const expected[2] = {
        "main: a.cancel() -> True\n"
        "A got 'x', cancelling=1\n"
        "main: a.cancelled()=False qsize=0\n"
        "main: b.cancel() -> True\n"
        "B: CancelledError, qsize=0, getters=0\n"
        "main: b.cancelled()=True qsize=0 getters=0\n",
        "main: a.cancel() -> True\n"
        "A: CancelledError, qsize=1, getters=0\n"
        "main: a.cancelled()=True qsize=1\n"
        "main: b.cancel() -> True\n"
        "B: CancelledError, qsize=0, getters=0\n"
        "main: b.cancelled()=True qsize=0 getters=0\n"};
    static const Op a_ops[] = {{.k = OP_WAIT_FOR_GET, .d = 5.0, .a = 1,
                                .say = "{n} got {r}, cancelling={c}",
                                .exc = "{n}: CancelledError, qsize={q}, getters={g}",
                                .reraise = true},
                               END};
    static const Op b_ops[] = {{.k = OP_WAIT_FOR_GET, .d = 5.0, .a = 2,
                                .say = "{n} got {r}, cancelling={c}",
                                .exc = "{n}: CancelledError, qsize={q}, getters={g}",
                                .reraise = true},
                               END};
    static const Op main_ops[] = {
        SPAWN(1), SLEEP(0), SLEEP(0), SLEEP(0), {.k = OP_PUT_NOWAIT, .s = "x"},
        {.k = OP_CANCEL, .a = 1, .say = "main: a.cancel() -> {v}"},
        {.k = OP_GATHER, .a = 1, .b = 1, .rx = true},
        {.k = OP_PRINT, .a = 1, .say = "main: a.cancelled()={X} qsize={q}"},
        {.k = OP_NEW_QUEUE}, SPAWN(2), SLEEP(0), SLEEP(0), SLEEP(0),
        {.k = OP_CANCEL, .a = 2, .say = "main: b.cancel() -> {v}"},
        {.k = OP_GATHER, .a = 2, .b = 2, .rx = true},
        {.k = OP_PRINT, .a = 2, .say = "main: b.cancelled()={X} qsize={q} getters={g}"}, END};
    for (int v = 0; v < SIM_PY_VERSION_COUNT; v++) {
        World *w = world_new((SimPyVersion)v, SIM_QUEUE_FIFO, 0);
        world_task(w, 0, "main", main_ops);
        world_task(w, 1, "A", a_ops);
        world_task(w, 2, "B", b_ops);
        world_run_expect(w, expected[v == SIM_PY_3_11 ? 0 : 1]);
        world_free(w);
    }
}
END_TEST

/* gather: the first exception reaches the caller at once while the other
 * children keep running; return_exceptions=True waits for all; cancel()
 * on the gather cancels the children. CPython 3.11.7, 3.12.1 and 3.13.0:
 *     async def fails(): await asyncio.sleep(0.1); raise ValueError("bad")
 *     async def slow():
 *         await asyncio.sleep(0.2); print(f"slow done at {loop.time()!r}"); return 2
 *     a = create_task(fails()); b = create_task(slow())
 *     try: await asyncio.gather(a, b)
 *     except ValueError: print(f"main: ValueError at {loop.time()!r}, b.done()={b.done()}")
 *     await b
 *     a = create_task(fails()); b = create_task(slow())
 *     await asyncio.gather(a, b, return_exceptions=True)
 *     print(f"main: return_exceptions -> {[type name of each outcome]} at {loop.time()!r}")
 *     c = create_task(slow()); d = create_task(slow())
 *     g = asyncio.gather(c, d); await asyncio.sleep(0)
 *     print(f"main: g.cancel() -> {g.cancel()}")
 *     try: await g
 *     except asyncio.CancelledError:
 *         print(f"main: gather CancelledError, c.cancelled()=... d.cancelled()=...") */
START_TEST(test_gather_first_exception_propagates_others_keep_running)
{
    static const Op fails_ops[] = {SLEEP(0.1), {.k = OP_RAISE, .a = SIM_EXC_VALUE}, END};
    static const Op slow_ops[] = {SLEEP(0.2), PRINT("slow done at {t}"), {.k = OP_RETURN, .d = 2},
                                  END};
    static const Op main_ops[] = {
        SPAWN(1), SPAWN(2),
        {.k = OP_GATHER, .a = 1, .b = 2, .cont = true,
         .exc = "main: {e} at {t}, b.done()={Z}"},
        AWAIT_TASK(2), SPAWN(3), SPAWN(4),
        {.k = OP_GATHER, .a = 3, .b = 4, .rx = true,
         .say = "main: return_exceptions -> {R} at {t}"},
        SPAWN(5), SPAWN(6), {.k = OP_GATHER_NEW, .a = 5, .b = 6}, SLEEP(0),
        {.k = OP_CANCEL_FUT, .say = "main: g.cancel() -> {v}"},
        {.k = OP_AWAIT_FUT, .a = 5, .b = 6, .cont = true,
         .exc = "main: gather {e}, c.cancelled()={X} d.cancelled()={Y}"},
        END};
    for (int v = 0; v < SIM_PY_VERSION_COUNT; v++) {
        World *w = world_new((SimPyVersion)v, SIM_QUEUE_FIFO, 0);
        world_task(w, 0, "main", main_ops);
        world_task(w, 1, "a", fails_ops);
        world_task(w, 2, "b", slow_ops);
        world_task(w, 3, "a", fails_ops);
        world_task(w, 4, "b", slow_ops);
        world_task(w, 5, "c", slow_ops);
        world_task(w, 6, "d", slow_ops);
        world_run_expect(w, "main: ValueError at 0.1, b.done()=False\n"
                            "slow done at 0.2\n"
                            "slow done at 0.4\n"
                            "main: return_exceptions -> ['ValueError', 'int'] at 0.4\n"
                            "main: g.cancel() -> True\n"
                            "main: gather CancelledError, c.cancelled()=True d.cancelled()=True\n");
        world_free(w);
    }
}
END_TEST

/* A task created just before main returns still gets its first step (it
 * was scheduled before _run_until_complete_cb), then asyncio.run cancels
 * it at its next await. CPython 3.11.7 and 3.13.0:
 *     async def body(name):
 *         print(f"{name} first step"); await asyncio.sleep(0)
 *         print(f"{name} second step")
 *     async def main():
 *         asyncio.create_task(body("T")); print("main returns")
 * printed "main returns", "T first step", then asyncio.run returned (vclock
 * warned of one task still pending at shutdown). */
START_TEST(test_task_created_last_runs_first_step_then_is_cancelled)
{
    World *w = world_new(SIM_PY_3_11, SIM_QUEUE_FIFO, 0);
    static const Op body_ops[] = {PRINT("{n} first step"), SLEEP(0), PRINT("{n} second step"), END};
    static const Op main_ops[] = {SPAWN(1), PRINT("main returns"), END};
    world_task(w, 0, "main", main_ops);
    world_task(w, 1, "T", body_ops);
    world_run_expect(w, "main returns\n"
                        "T first step\n");
    ck_assert(sim_future_cancelled(sim_task_future(w->tasks[1])));
    ck_assert_str_eq(text_cstr(&w->cancels), "T"); /* by asyncio.run */
    world_free(w);
}
END_TEST

/* put_nowait on a full queue raises QueueFull, get_nowait on an empty one
 * QueueEmpty; after 3.13's shutdown() put_nowait raises QueueShutDown, and
 * get_nowait drains, then raises QueueShutDown. CPython 3.11.7 / 3.13.0,
 * Queue(maxsize=1): get_nowait: QueueEmpty; put_nowait ok; put_nowait:
 * QueueFull; get_nowait -> 'x'; then (3.13) q.put_nowait("y");
 * q.shutdown(); put_nowait: QueueShutDown; get_nowait -> 'y'; get_nowait:
 * QueueShutDown. */
START_TEST(test_nowait_raises_queue_full_empty_and_shutdown)
{
    SimLoop *loop = sim_loop_new(SIM_PY_3_13);
    SimQueue *q = sim_queue_new(loop, SIM_QUEUE_FIFO, 1);
    SimValue v = sim_value_none();
    size_t len;
    ck_assert_int_eq(sim_queue_get_nowait(q, &v), SIM_EXC_QUEUE_EMPTY);
    ck_assert_int_eq(sim_queue_put_nowait(q, sim_value_str("x")), SIM_EXC_NONE);
    ck_assert_int_eq(sim_queue_put_nowait(q, sim_value_str("x")), SIM_EXC_QUEUE_FULL);
    ck_assert_int_eq(sim_queue_get_nowait(q, &v), SIM_EXC_NONE);
    ck_assert_str_eq(sim_value_str_data(&v, &len), "x");
    sim_value_release(&v);
    ck_assert_int_eq(sim_queue_put_nowait(q, sim_value_str("y")), SIM_EXC_NONE);
    sim_queue_shutdown(q, false);
    ck_assert_int_eq(sim_queue_put_nowait(q, sim_value_str("z")), SIM_EXC_QUEUE_SHUTDOWN);
    ck_assert_int_eq(sim_queue_get_nowait(q, &v), SIM_EXC_NONE);
    ck_assert_str_eq(sim_value_str_data(&v, &len), "y");
    sim_value_release(&v);
    ck_assert_int_eq(sim_queue_get_nowait(q, &v), SIM_EXC_QUEUE_SHUTDOWN);
    ck_assert_str_eq(exc_short_name(SIM_EXC_QUEUE_FULL), "QueueFull");
    ck_assert_str_eq(exc_short_name(SIM_EXC_QUEUE_EMPTY), "QueueEmpty");
    ck_assert_str_eq(exc_short_name(SIM_EXC_QUEUE_SHUTDOWN), "QueueShutDown");
    sim_obj_unref(q);
    sim_loop_free(loop);
}
END_TEST

/* loop.call_at(T, task.cancel) */
static void cancel_task_cb(SimLoop *loop, SimObj *a, SimObj *b)
{
    (void)loop;
    (void)b;
    sim_task_cancel((SimTask *)a);
}

/* loop.call_at(loop.time() + 1.0, tasks[a].cancel) */
static void hook_call_at_cancel(Script *f, const Op *op)
{
    SimLoop *loop = f->w->loop;
    sim_loop_call_at(loop, sim_loop_time(loop) + 1.0, cancel_task_cb,
                     (SimObj *)f->w->tasks[op->a], NULL);
}

/* An outside cancel() at the instant of wait_for's timeout wins: the task
 * ends cancelled, not with TimeoutError, whichever timer pops first (3.12+:
 * Timeout.__aexit__ converts only when uncancel() brings the count back).
 * CPython 3.11.7, 3.12.1 and 3.13.0 printed the same:
 *     async def consumer(q, name):
 *         try:
 *             item = await asyncio.wait_for(q.get(), 1.0); print(f"{name} got {item!r}")
 *         except TimeoutError:
 *             print(f"{name}: TimeoutError, cancelling={asyncio.current_task().cancelling()}")
 *         except asyncio.CancelledError:
 *             print(f"{name}: CancelledError, cancelling={...cancelling()}"); raise
 *     # cancel-first: loop.call_at(loop.time() + 1.0, a.cancel) pushed before
 *     #   A's first step; cancel-second: after it (then sleep(0) in between)
 *     await asyncio.gather(a, return_exceptions=True)
 *     print(f"main: {name} cancelled()={a.cancelled()} getters={len(q._getters)}") */
START_TEST(test_outside_cancel_at_timeout_instant_wins_over_timeout)
{
    static const Op first_ops[] = {{.k = OP_WAIT_FOR_GET, .d = 1.0, .a = 1,
                                    .say = "{n} got {r}", .exc = "{n}: {e}, cancelling={c}",
                                    .reraise = true},
                                   END};
    static const Op second_ops[] = {{.k = OP_WAIT_FOR_GET, .d = 1.0, .a = 2,
                                     .say = "{n} got {r}", .exc = "{n}: {e}, cancelling={c}",
                                     .reraise = true},
                                    END};
    static const Op main_ops[] = {
        SPAWN(1), {.k = OP_HOOK, .hook = hook_call_at_cancel, .a = 1}, SLEEP(0),
        {.k = OP_GATHER, .a = 1, .b = 1, .rx = true},
        {.k = OP_PRINT, .a = 1, .say = "main: A(cancel-first) cancelled()={X} getters={g}"},
        {.k = OP_NEW_QUEUE}, SPAWN(2), SLEEP(0),
        {.k = OP_HOOK, .hook = hook_call_at_cancel, .a = 2},
        {.k = OP_GATHER, .a = 2, .b = 2, .rx = true},
        {.k = OP_PRINT, .a = 2, .say = "main: A(cancel-second) cancelled()={X} getters={g}"},
        END};
    for (int v = 0; v < SIM_PY_VERSION_COUNT; v++) {
        World *w = world_new((SimPyVersion)v, SIM_QUEUE_FIFO, 0);
        world_task(w, 0, "main", main_ops);
        world_task(w, 1, "A(cancel-first)", first_ops);
        world_task(w, 2, "A(cancel-second)", second_ops);
        world_run_expect(w, "A(cancel-first): CancelledError, cancelling=1\n"
                            "main: A(cancel-first) cancelled()=True getters=0\n"
                            "A(cancel-second): CancelledError, cancelling=1\n"
                            "main: A(cancel-second) cancelled()=True getters=0\n");
        world_free(w);
    }
}
END_TEST

/* ================================================================== */

/* Found by fuzzing: tuples longer than 16 items compared only their first
 * 16. Python: (1,)*17 + (2,) < (1,)*17 + (3,) is True. */
START_TEST(test_long_tuples_compare_every_item)
{
    SimValue a[18], b[18];
    for (int i = 0; i < 17; i++) {
        a[i] = sim_value_int(1);
        b[i] = sim_value_int(1);
    }
    a[17] = sim_value_int(2);
    b[17] = sim_value_int(3);
    SimValue ta = sim_value_tuple(18, a), tb = sim_value_tuple(18, b);
    bool err = false;
    ck_assert(sim_value_lt(&ta, &tb, &err));
    ck_assert(!sim_value_lt(&tb, &ta, &err));
    ck_assert(!sim_value_eq(&ta, &tb));
    ck_assert(!err);
    sim_value_release(&ta);
    sim_value_release(&tb);
}
END_TEST

#ifndef __SANITIZE_ADDRESS__ /* ASan reports an impossible malloc itself */
static void out_of_memory_hook(void)
{
    _Exit(42);
}

/* Out of memory, the hook runs first: the dashboard puts the terminal
 * back there, so the message that follows is seen. (A child of its own:
 * the suite may run without forking, under valgrind.) */
START_TEST(test_out_of_memory_calls_the_hook_first)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        sim_xalloc_on_failure(out_of_memory_hook);
        void *p = sim_xmalloc((size_t)1 << 62);
        free(p);
        _Exit(0);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 42, "status %d", status);
}
END_TEST
#endif

Suite *make_sim_suite(void)
{
    Suite *s = suite_create("sim");
    /* Check's test names are pointer variables, not constants. */
    const struct {
        const char *name;
        const TTest *tests[24];
    } groups[] = {
        {"scheduler",
         {test_timers_within_1e9_share_a_pass, test_clock_reads_earliest_deadline_of_the_pass,
          test_clock_jumps_only_when_ready_is_empty,
          test_callbacks_added_during_a_pass_run_next_pass,
          test_float_deadlines_accumulate_and_share_a_pass,
          test_heap_rebuild_when_over_100_and_half_cancelled,
          test_done_callbacks_are_scheduled_in_add_order,
          test_create_task_runs_after_creator_suspends_in_order}},
        {"no_suspend",
         {test_put_on_nonfull_queue_does_not_suspend, test_get_on_nonempty_queue_does_not_suspend,
          test_join_with_zero_unfinished_does_not_suspend,
          test_event_wait_on_set_event_does_not_suspend,
          test_awaited_coroutine_runs_inline_even_when_it_raises,
          test_sleep_zero_and_negative_yield_once_without_timer,
          test_gather_of_coroutine_suspends, test_gather_311_finished_child_still_suspends,
          test_gather_312_done_children_no_suspend}},
        {"queue",
         {test_put_wakes_getter_but_item_stays_queued,
          test_getters_woken_fifo_and_resume_a_callback_later,
          test_woken_getter_loses_place_when_get_steals, test_putters_woken_fifo_one_per_get,
          test_putter_loses_place_when_another_put_steals, test_cancelled_getter_passes_wakeup_on,
          test_cancelled_putter_passes_wakeup_on, test_lifo_pops_newest,
          test_task_done_too_many_raises_value_error,
          test_join_resumes_one_callback_after_last_task_done, test_event_set_wakes_all_fifo,
          test_set_maxsize_raise_wakes_putters_fifo,
          test_set_maxsize_lower_keeps_items_blocks_puts,
          test_nowait_raises_queue_full_empty_and_shutdown}},
        {"heap_ties",
         {test_heap_four_equal_timers_pop_0_2_1_3,
          test_heap_equal_timers_2_3_5_8_pop_in_heap_order,
          test_priority_queue_equal_priorities_heap_order,
          test_priority_tuple_compares_elementwise, test_record_compares_only_compare_fields,
          test_long_tuples_compare_every_item,
          test_priority_mixed_numbers_compare_by_value,
          test_priority_incomparable_put_raises_type_error_item_stays,
          test_cancelled_timer_in_heap_changes_tie_order}},
        {"wait_for",
         {test_wait_for_311_ready_queue_suspends, test_wait_for_312_ready_queue_does_not_suspend,
          test_plain_get_resumes_one_pass_after_put, test_wait_for_311_arrival_takes_3_passes,
          test_wait_for_312_arrival_takes_1_pass, test_wait_for_311_timeout_takes_5_callbacks,
          test_wait_for_312_timeout_takes_2_callbacks,
          test_wait_for_task_put_at_timeout_instant_goes_to_next_getter,
          test_wait_for_311_timer_put_first_caller_gets_item,
          test_wait_for_312_timer_put_first_caller_times_out,
          test_wait_for_timer_put_second_times_out_on_every_version,
          test_wait_for_311_inner_task_uses_a_task_number,
          test_wait_for_zero_timeout_times_out_even_with_item,
          test_wait_for_311_swallows_cancel_when_result_ready,
          test_outside_cancel_at_timeout_instant_wins_over_timeout,
          test_gather_first_exception_propagates_others_keep_running}},
        {"cancel_and_run",
         {test_cancel_blocked_tasks_finish_in_cancel_order,
          test_must_cancel_when_waiter_already_done, test_cancel_before_first_step_runs_no_code,
          test_explicitly_cancelled_tasks_finish_before_loop_stops,
          test_runner_cancels_leftover_tasks,
          test_task_created_last_runs_first_step_then_is_cancelled, test_deadlock_detected,
          test_sleep_inf_is_a_deadlock}},
        {"versions",
         {test_queue_shutdown_313_drain, test_queue_shutdown_313_immediate,
          test_uncancel_313_clears_must_cancel, test_sleep_nan_313_raises_value_error}},
        {"random", {test_random_draws_follow_task_execution_order}},
    };
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        TCase *tc = tcase_create(groups[g].name);
        tcase_set_timeout(tc, 60);
        for (size_t i = 0; i < 24 && groups[g].tests[i]; i++)
            tcase_add_test(tc, groups[g].tests[i]);
        suite_add_tcase(s, tc);
    }
#ifndef __SANITIZE_ADDRESS__
    TCase *alloc = tcase_create("xalloc");
    tcase_add_test(alloc, test_out_of_memory_calls_the_hook_first);
    suite_add_tcase(s, alloc);
#endif
    return s;
}
