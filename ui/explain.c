/* explain.c - why-blocked sentences. */
#include "ui/explain.h"

#include <stdarg.h>
#include <string.h>

#include "sim/aio.h"
#include "sim/fmt.h"
#include "sim/view.h"
#include "ui/model.h"

typedef struct {
    char *buf;
    size_t size, len;
} Text;

static void add(Text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + (t->len < t->size ? t->len : t->size),
                      t->len < t->size ? t->size - t->len : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len += (size_t)n;
}

static const char *num(char *buf, double x)
{
    sim_fmt_fixed(buf, 24, x, 2);
    return buf;
}

static void label(const SimValue *v, char *buf, size_t size)
{
    ui_model_item_label(v, buf, size);
}

/* The worker that will be next to finish its item and call get() again (a
 * retired one leaves instead). */
static const SimTask *next_to_finish(ScnRun *run, double *until)
{
    const SimTask *best = NULL;
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        const SimTask *t = scn_run_task_at(run, i);
        if (t->role != SCN_ROLE_WORKER || t->retire_requested)
            continue;
        SimTaskView v;
        sim_task_view(scn_run_loop(run), t, &v);
        if (v.state == SIM_TASK_SLEEPING && !sim_value_is_none(v.holding) && (!best || v.until < *until)) {
            best = t;
            *until = v.until;
        }
    }
    return best;
}

/* Any task (other than `not`) that could still call get() or put(). */
static const SimTask *producer_of(ScnRun *run, SimTaskView *pv)
{
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        const SimTask *t = scn_run_task_at(run, i);
        if (t->role != SCN_ROLE_PRODUCER && t->role != SCN_ROLE_MAIN)
            continue;
        sim_task_view(scn_run_loop(run), t, pv);
        if (t->role == SCN_ROLE_PRODUCER || pv->state == SIM_TASK_SLEEPING ||
            pv->state == SIM_TASK_WAIT_PUT || pv->state == SIM_TASK_READY)
            return t;
    }
    return NULL;
}

/* Workers that will call get() again: not finished, not retired. */
static int getters_left(ScnRun *run)
{
    int n = 0;
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        const SimTask *w = scn_run_task_at(run, i);
        SimTaskView v;
        sim_task_view(scn_run_loop(run), w, &v);
        if (w->role == SCN_ROLE_WORKER && !w->retire_requested && v.state != SIM_TASK_DONE &&
            v.state != SIM_TASK_CANCELLED && v.state != SIM_TASK_FAILED)
            n++;
    }
    return n;
}

static void why_put(ScnRun *run, const SimTask *t, const SimTaskView *v, Text *out)
{
    SimQueue *q = scn_run_queue(run);
    char item[64], a[24];
    label(v->putting, item, sizeof item);
    size_t qsize = sim_queue_qsize(q);
    long maxsize = sim_queue_maxsize(q);
    /* put() waits while full(), qsize >= maxsize: a slot frees when qsize
     * drops below maxsize, after this many get()s. */
    long gets = (long)qsize - maxsize + 1;
    if (gets > 1)
        add(out, "%s waits in put(%s): qsize %zu > maxsize %ld (lowered live), so the queue is full "
                 "until %ld get()s have taken items. ",
            t->name, item, qsize, maxsize, gets);
    else
        add(out, "%s waits in put(%s): qsize %zu == maxsize %ld, so the queue is full. ", t->name, item,
            qsize, maxsize);
    if (getters_left(run) == 0) {
        add(out, "No worker is left to call get(): no slot will ever free, so %s waits for ever.",
            t->name);
        return;
    }
    double until = 0;
    const SimTask *w = next_to_finish(run, &until);
    if (w) {
        char held[64];
        label(&w->holding, held, sizeof held);
        if (gets > 1)
            add(out, "The next get() comes when %s finishes %s at t=%s; each get() wakes the first "
                     "waiting putter (Queue._wakeup_next), which waits again while the queue is "
                     "still full.",
                w->name, held, num(a, until));
        else
            add(out, "The next slot frees when %s finishes %s at t=%s and calls get(); get() then "
                     "wakes the first waiting putter (Queue._wakeup_next).",
                w->name, held, num(a, until));
    } else if (gets > 1) {
        add(out, "No worker is busy: a slot frees after the next %ld get()s.", gets);
    } else {
        add(out, "No worker is busy: a slot frees at the next get().");
    }
}

/* "; still running: trigger_shutdown (sleeping until t=3.00), W0 (...)":
 * the gathered tasks gather() still waits for. */
static void gather_pending(ScnRun *run, const SimTask *t, Text *out)
{
    SimFuture *const *children;
    int n = sim_aio_gather_children(t->fut_waiter, &children), listed = 0, left = 0;
    for (int i = 0; i < n; i++) {
        const SimTask *c = sim_task_of_future(children[i]);
        if (!c || sim_future_done(children[i]))
            continue;
        if (listed == 4) {
            left++;
            continue;
        }
        SimTaskView v;
        sim_task_view(scn_run_loop(run), c, &v);
        char a[24];
        add(out, "%s%s (", listed ? ", " : "; still running: ", c->name);
        if (v.state == SIM_TASK_SLEEPING)
            add(out, "sleeping until t=%s)", num(a, v.until));
        else
            add(out, "%s)", sim_task_state_name(v.state));
        listed++;
    }
    if (left)
        add(out, " and %d more", left);
}

/* A worker that ended cancelled, if any: under gather() it takes main
 * with it. */
static const SimTask *cancelled_worker(ScnRun *run)
{
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        const SimTask *w = scn_run_task_at(run, i);
        SimTaskView v;
        sim_task_view(scn_run_loop(run), w, &v);
        if (w->role == SCN_ROLE_WORKER && v.state == SIM_TASK_CANCELLED)
            return w;
    }
    return NULL;
}

/* What 3.11's inner get() task has already done for t; false if it still
 * waits like any getter. */
static bool why_inner_get(const SimTask *t, const SimTaskView *v, Text *out)
{
    if (!sim_value_is_none(v->arriving)) {
        char item[64];
        label(v->arriving, item, sizeof item);
        add(out, "%s waits in wait_for(queue.get()), but its inner get() task (Python 3.11) has "
                 "already taken %s: wait_for hands it over within two loop passes (the "
                 "done-callback, then %s).",
            t->name, item, t->name);
        return true;
    }
    if (v->inner_new) {
        add(out, "%s waits in wait_for(queue.get()): Python 3.11's wait_for has just created an "
                 "inner task to run get(), which has not run yet. When it does, it takes an item "
                 "if one is there (else it waits in get() like any getter); the item then reaches "
                 "%s two loop passes later.",
            t->name, t->name);
        return true;
    }
    if (v->inner_woken) {
        add(out, "%s waits in wait_for(queue.get()); its inner get() task (Python 3.11) has been "
                 "woken and takes an item when it runs, if one is still there; the item then "
                 "reaches %s two loop passes later.",
            t->name, t->name);
        return true;
    }
    return false;
}

static void why_get(ScnRun *run, const SimTask *t, const SimTaskView *v, Text *out)
{
    char a[24];
    if (why_inner_get(t, v, out))
        return;
    size_t queued = sim_queue_qsize(scn_run_queue(run));
    if (queued > 0) {
        /* Waiting with items queued: not for lack of an item. */
        if (v->with_timeout && sim_loop_version(scn_run_loop(run)) == SIM_PY_3_11)
            add(out, "%s waits in wait_for(queue.get()) with %zu item%s queued: Python 3.11's "
                     "wait_for runs get() in an inner task, which takes an item when it runs if "
                     "tasks ahead of it have left one; the item reaches %s two loop passes later.",
                t->name, queued, queued == 1 ? "" : "s", t->name);
        else
            add(out, "%s waits in get() though %zu item%s queued: each put() woke a getter "
                     "ahead of %s in line, and %s when %s. Whoever calls get() first takes "
                     "an item; a woken getter that finds none waits again, at the back of the line.",
                t->name, queued, queued == 1 ? " is" : "s are", t->name,
                queued == 1 ? "that getter takes it" : "those getters take them",
                queued == 1 ? "it runs" : "they run");
        return;
    }
    add(out, "%s waits in get(): the queue is empty. ", t->name);
    SimTaskView pv;
    const SimTask *p = producer_of(run, &pv);
    if (p && pv.state == SIM_TASK_SLEEPING)
        add(out, "The next item comes when %s wakes at t=%s and puts it. ", p->name,
            num(a, pv.until));
    else if (p && (pv.state == SIM_TASK_DONE || pv.state == SIM_TASK_CANCELLED))
        add(out, "%s has finished: no more items will be put. ", p->name);
    else if (!p)
        add(out, "Nothing will put another item. ");
    add(out, "A put() wakes the first waiting getter; it takes the item when it runs.");
    if (v->with_timeout)
        add(out, " With wait_for(..., timeout=%g), TimeoutError comes at t=%s if no item does.",
            v->timeout, num(a, v->since + v->timeout));
}

static void why_join(ScnRun *run, const SimTask *t, Text *out)
{
    SimQueue *q = scn_run_queue(run);
    long unfinished = sim_queue_unfinished(q);
    add(out, "%s waits in join(): %ld item%s not yet task_done()", t->name, unfinished,
        unfinished == 1 ? "" : "s");
    int listed = 0;
    bool doomed = false;
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        const SimTask *w = scn_run_task_at(run, i);
        if (sim_value_is_none(&w->holding))
            continue;
        char item[64];
        label(&w->holding, item, sizeof item);
        bool dead = sim_future_done(&w->fut);
        add(out, "%s %s (held by %s%s)", listed++ ? "," : ":", item, w->name,
            dead ? ", who is gone" : "");
        doomed = doomed || dead;
    }
    SimValue items[16];
    size_t n = sim_queue_items(q, items, 16);
    for (size_t i = 0; i < n && i < 16; i++) {
        char item[64];
        label(&items[i], item, sizeof item);
        add(out, "%s %s (queued)", listed++ ? "," : ":", item);
        sim_value_release(&items[i]);
    }
    if (n > 16)
        add(out, ", ...");
    if (listed == 0 && unfinished > 0)
        add(out, "; none is queued or held by a worker: they were taken and processed, but "
                 "task_done() was never called for them");
    add(out, ". join() returns when the count reaches 0.");
    if (doomed)
        add(out, " An item held by a task that is gone will never be task_done(): join() can "
                 "never return.");
}

size_t explain_task(ScnRun *run, const SimTask *t, char *buf, size_t size)
{
    Text out = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    SimTaskView v;
    sim_task_view(scn_run_loop(run), t, &v);
    char a[24], item[64];
    const SimTask *gone; /* a cancelled worker (CANCELLED main) */
    bool holds = !sim_value_is_none(v.holding);
    if (holds)
        label(v.holding, item, sizeof item);
    switch (v.state) {
    case SIM_TASK_WAIT_PUT:
        why_put(run, t, &v, &out);
        break;
    case SIM_TASK_WAIT_GET:
        why_get(run, t, &v, &out);
        break;
    case SIM_TASK_WAIT_JOIN:
        why_join(run, t, &out);
        break;
    case SIM_TASK_SLEEPING:
        if (holds) {
            char b[24];
            add(&out, "%s is processing %s: asyncio.sleep(%s) ends at t=%s, then it %s.", t->name, item,
                num(a, v.until - v.since), num(b, v.until),
                scn_has_mistake(scn_run_params(run), SCN_MISTAKE_FORGET_TASK_DONE)
                    ? "goes back to get() without calling task_done() (the forget-task-done mistake)"
                    : "calls task_done()");
        } else
            add(&out, "%s sleeps in asyncio.sleep() until t=%s (a timer in the loop's heap).",
                t->name, num(a, v.until));
        break;
    case SIM_TASK_WAIT_EVENT:
        add(&out, "%s waits for an Event: set() wakes every waiter.", t->name);
        break;
    case SIM_TASK_WAIT_GATHER:
        add(&out, "%s waits in gather() until every task it gathered has finished", t->name);
        gather_pending(run, t, &out);
        add(&out, ". If one raises or is cancelled, gather() raises that in %s at once.", t->name);
        if (scn_has_mistake(scn_run_params(run), SCN_MISTAKE_GATHER_WORKERS))
            add(&out, " But the workers loop for ever (while True) and never return: gathering "
                      "them is the gather-workers mistake. Done right, main awaits queue.join(), "
                      "which %s, then cancels the workers.",
                sim_queue_unfinished(scn_run_queue(run)) == 0
                    ? "would have returned already (unfinished is 0)"
                    : "returns once every item is task_done()");
        break;
    case SIM_TASK_READY:
        if (t->num_cancels_requested > 0 && !sim_future_done(&t->fut)) {
            /* Cancelled a moment ago: the wakeup carries CancelledError. */
            add(&out, "%s is ready, with cancel() pending: CancelledError is raised at its "
                      "await when it runs, in this pass or the next.",
                t->name);
            if (holds)
                add(&out, " It holds %s: unless a finally: block calls task_done(), %s will "
                          "never be task_done(), and join() can never return.",
                    item, item);
        } else
            add(&out, "%s is ready: its next step is in the loop's ready queue and runs in "
                      "this pass or the next.",
                t->name);
        break;
    case SIM_TASK_RUNNING:
        add(&out, "%s is running now.", t->name);
        break;
    case SIM_TASK_DONE:
        add(&out, "%s has finished%s.", t->name, t->retire_requested ? " (retired)" : "");
        break;
    case SIM_TASK_CANCELLED:
        if (holds && scn_has_mistake(scn_run_params(run), SCN_MISTAKE_GATHER_WORKERS))
            add(&out, "%s was cancelled while holding %s: main awaits gather() of the workers, "
                      "which raises CancelledError in main: the program ends there.",
                t->name, item);
        else if (holds)
            add(&out, "%s was cancelled while holding %s: %s will never be task_done(), so "
                      "join() can never return.",
                t->name, item, item);
        else if (t->role == SCN_ROLE_MAIN && (gone = cancelled_worker(run)) != NULL)
            add(&out, "%s ended with CancelledError: the gather() it awaited raised it when %s was "
                      "cancelled.",
                t->name, gone->name);
        else
            add(&out, "%s was cancelled (CancelledError at its await).", t->name);
        break;
    case SIM_TASK_FAILED:
        add(&out, "%s ended with an exception.", t->name);
        break;
    case SIM_TASK_WAIT_OTHER:
        add(&out, "%s waits on a future or another task.", t->name);
        break;
    }
    return out.len;
}

void explain_deadlock(ScnRun *run, FILE *out)
{
    char when[40]; /* two decimals, like the dashboard's clock */
    sim_fmt_fixed(when, sizeof when, sim_loop_time(scn_run_loop(run)), 2);
    fprintf(out, "aqsim: DEADLOCK at t=%s: nothing is ready and no timer is set, so the program "
                 "can never finish (Python would hang here, silently). Waiting:\n",
            when);
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        const SimTask *t = scn_run_task_at(run, i);
        SimTaskView v;
        sim_task_view(scn_run_loop(run), t, &v);
        if (v.state == SIM_TASK_DONE || v.state == SIM_TASK_CANCELLED || v.state == SIM_TASK_FAILED)
            continue;
        char why[600];
        explain_task(run, t, why, sizeof why);
        fprintf(out, "  %s (line %d): %s\n", t->name, v.line, why);
    }
}

const char *explain_main_exception(ScnRun *run)
{
    const SimTask *main_task = scn_run_task_at(run, 0);
    if (!main_task || !sim_future_done(&main_task->fut))
        return NULL;
    SimExc exc = main_task->fut.outcome.exc;
    if (sim_future_cancelled(&main_task->fut))
        exc = SIM_EXC_CANCELLED;
    return exc == SIM_EXC_NONE ? NULL : sim_exc_name(exc);
}

bool explain_main_raised(ScnRun *run, char *buf, size_t size)
{
    const char *exc = explain_main_exception(run);
    if (!exc)
        return false;
    snprintf(buf, size,
             "main() raised %s, and asyncio.run() raises it again: Python prints a traceback "
             "and exits with status 1",
             exc);
    return true;
}

bool explain_end(ScnRun *run, char *buf, size_t size)
{
    char raised[200];
    if (scn_run_status(run) == SIM_RUN_DEADLOCK)
        snprintf(buf, size, "Deadlocked: nothing can ever run again (Python would hang here). "
                            "b steps back, r restarts.");
    else if (scn_run_status(run) == SIM_RUN_RUNNING)
        return false;
    else if (explain_main_raised(run, raised, sizeof raised))
        snprintf(buf, size, "%s. b steps back, r restarts.", raised);
    else
        snprintf(buf, size, "The program has finished: asyncio.run() returned. b steps back, "
                            "r restarts.");
    return true;
}

int explain_run_end(ScnRun *run, FILE *err)
{
    char raised[200];
    if (scn_run_status(run) == SIM_RUN_DEADLOCK) {
        if (err)
            explain_deadlock(run, err);
        return 3;
    }
    if (explain_main_raised(run, raised, sizeof raised)) {
        if (err)
            fprintf(err, "aqsim: %s.\n", raised);
        return 4;
    }
    return 0;
}
