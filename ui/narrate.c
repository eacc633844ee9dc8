/* narrate.c - the captions, and recognising their moments in a trace. */
#include "ui/narrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/fmt.h"
#include "sim/view.h"
#include "sim/xalloc.h"
#include "ui/model.h"

/* ---- the captions: one table, per scenario where it matters ---- */

typedef struct {
    const char *scenario; /* NULL: any scenario */
    UiMoment moment;
    const char *text;     /* {task} {item} {putter} {qsize} {maxsize} {unfinished} {timeout} {detail};
                           * {unfinished} reads "3 items" */
} Caption;

static const Caption captions[] = {
    {"backpressure", UI_MOMENT_PUT_BLOCKED,
     "put({item}) waits: qsize == maxsize ({maxsize}). The producer cannot run ahead of the "
     "consumer: this is backpressure."},
    {NULL, UI_MOMENT_PUT_BLOCKED,
     "{task} waits in put({item}): qsize == maxsize ({maxsize}), so put() blocks until a get() "
     "frees a slot."},
    {NULL, UI_MOMENT_PUTTER_RELEASED,
     "{task}'s get() took {item} and freed a slot: it wakes {putter}, blocked in put() "
     "(Queue._wakeup_next), which goes on in the next pass."},
    {NULL, UI_MOMENT_PUTTER_WOKEN_FULL,
     "{task}'s get() took {item}, yet qsize {qsize} is still >= maxsize {maxsize}: it wakes "
     "{putter} anyway (Queue._wakeup_next), which finds full() still true and waits again."},
    {NULL, UI_MOMENT_RAN_AHEAD,
     "put({item}) did not wait, though the queue already held the maxsize={maxsize} the program "
     "has without the mistake: this Queue() has none. Nothing holds the producer back, and the "
     "backlog (and its memory) grows while consumption falls behind."},
    {NULL, UI_MOMENT_JOIN_WAITS,
     "{task} waits in join(): {unfinished} put but not yet task_done()."},
    {"queue-shutdown", UI_MOMENT_JOIN_RETURNS, /* shutdown(immediate=True) counts items done too */
     "The unfinished count reached 0 and set join()'s Event: the task in join() resumes and "
     "returns in the next loop pass."},
    {NULL, UI_MOMENT_JOIN_RETURNS,
     "task_done() brought the unfinished count to 0 and set join()'s Event: the task in "
     "join() resumes and returns in the next loop pass. Every put() has its task_done()."},
    {"producer-consumer", UI_MOMENT_IDLE_GET,
     "{task} waits in get(). The next put() wakes it, but the item stays queued until it runs: "
     "that is why the producer prints queue size 1."},
    {"shutdown", UI_MOMENT_IDLE_GET,
     "{task} waits in wait_for(queue.get(), timeout={timeout}): the queue is empty. A put() "
     "wakes it; if none comes within {timeout}s, TimeoutError lets it check the shutdown Event."},
    {NULL, UI_MOMENT_IDLE_GET,
     "{task} waits in get(): the queue is empty. A put() wakes the first waiting getter."},
    {NULL, UI_MOMENT_STOP_SIGNAL,
     "{task} got None, the stop signal: it calls task_done() (the None was put, so it counts "
     "too) and breaks out of its loop. Each consumer needs a None of its own."},
    {NULL, UI_MOMENT_CANCEL_IDLE,
     "main cancels {task}{detail}: a consumer loops forever (while True), so once join() has "
     "returned it must be cancelled; CancelledError is raised at its await queue.get()."},
    {NULL, UI_MOMENT_INNER_GET,
     "{task} waits in wait_for(queue.get()) though the queue holds {qsize}: Python 3.11's "
     "wait_for runs get() in a new task, which takes the item on the next pass; it reaches "
     "{task} two passes after that."},
    {"retry", UI_MOMENT_CANCEL_HOLDING,
     "{task}.cancel() while it holds {item}: its finally: block still calls task_done(), so "
     "join() is not stuck."},
    {NULL, UI_MOMENT_CANCEL_HOLDING,
     "{task}.cancel() while it holds {item}: {item} will never be task_done(), so join() can "
     "never return."},
    {NULL, UI_MOMENT_CANCEL_HOLDING_GATHER,
     "{task}.cancel() while it holds {item}: main awaits gather() of the workers, and a "
     "cancelled one makes gather() raise CancelledError in main: the program ends there."},
    {NULL, UI_MOMENT_PRIORITY_OVERTAKE,
     "{item} goes ahead of items put before it: PriorityQueue.get() returns the smallest item "
     "(a heapq)."},
    {"priority", UI_MOMENT_PRIORITY_TIE,
     "{item} comes first: get() returns the smallest (heapq). {detail} ties with it, and heapq "
     "is not stable: the heap's shape, not put order, breaks ties. Items of (priority, count, "
     "job) make them first-come."},
    {NULL, UI_MOMENT_PRIORITY_TIE,
     "{item} comes first and {detail} ties with it: PriorityQueue.get() returns the smallest "
     "(heapq), and heapq is not stable: the heap's shape, not put order, breaks ties."},
    {NULL, UI_MOMENT_LIFO_NEWEST,
     "LifoQueue.get() returns {item}, the newest item: last in, first out."},
    {NULL, UI_MOMENT_SHUTDOWN_SET,
     "shutdown.set(): the producer stops at its next is_set() check; each consumer leaves at "
     "its next wait_for() timeout."},
    {"queue-shutdown", UI_MOMENT_WORKER_EXIT,
     "{task}'s get() raised QueueShutDown (the queue is shut down and empty): it leaves."},
    {NULL, UI_MOMENT_WORKER_EXIT,
     "{task} sees shutdown.is_set() and leaves its loop."},
    {NULL, UI_MOMENT_TIMEOUT,
     "{task}'s wait_for(queue.get(), timeout={timeout}) raised TimeoutError: no item came in "
     "time. It checks the Event and waits again."},
    {NULL, UI_MOMENT_RETRY_REQUEUE,
     "{task} re-queued {item} with queue.put(), one priority higher: PriorityQueue.get() "
     "returns the smallest tuple, so it comes out before any item with a larger first element."},
    {NULL, UI_MOMENT_QUEUE_SHUTDOWN,
     "queue.shutdown(): put() now raises QueueShutDown; get() drains what is queued, then "
     "raises too."},
    {NULL, UI_MOMENT_QUEUE_SHUTDOWN_IMMEDIATE,
     "queue.shutdown(immediate=True): the queued items are discarded and counted done (join() "
     "can return); put() and get() raise QueueShutDown, and blocked callers wake to raise."},
    {NULL, UI_MOMENT_LIVE_CHANGE, "{detail}"},
    {NULL, UI_MOMENT_DEADLOCK,
     "Deadlock: nothing is ready and no timer is set, so the program can never finish. Python "
     "reports nothing: asyncio.run() just hangs. Select a waiting task and press Enter to see "
     "why."},
};

static const bool once[UI_MOMENT_COUNT] = {
#define UI_MOMENT_ONCE(id, o) o,
    UI_MOMENTS(UI_MOMENT_ONCE)
#undef UI_MOMENT_ONCE
};

const char *ui_narrator_template(const Scenario *s, UiMoment m)
{
    for (size_t i = 0; i < sizeof captions / sizeof captions[0]; i++)
        if (captions[i].moment == m && captions[i].scenario && s &&
            strcmp(captions[i].scenario, s->name) == 0)
            return captions[i].text;
    for (size_t i = 0; i < sizeof captions / sizeof captions[0]; i++)
        if (captions[i].moment == m && !captions[i].scenario)
            return captions[i].text;
    return "";
}

/* ---- filling in a caption ---- */

typedef struct {
    const char *task, *putter, *detail;
    char item[64];
    long qsize, maxsize, unfinished;
    double timeout;
} Fill;

struct UiNarrator {
    bool seen[UI_MOMENT_COUNT];
    bool spoke; /* a caption was set in the current callback */
    char caption[400];
    UiMoment moment;
    size_t count;
};

UiNarrator *ui_narrator_new(void)
{
    UiNarrator *n = sim_xcalloc(1, sizeof *n);
    return n;
}

void ui_narrator_free(UiNarrator *n)
{
    free(n);
}

void ui_narrator_reset(UiNarrator *n)
{
    memset(n, 0, sizeof *n);
}

void ui_narrator_begin_step(UiNarrator *n)
{
    n->spoke = false;
}

static void render(char *out, size_t size, const char *tmpl, const Fill *f)
{
    char qsize[24], maxsize[24], unfinished[24], timeout[32];
    snprintf(qsize, sizeof qsize, "%ld", f->qsize);
    snprintf(maxsize, sizeof maxsize, "%ld", f->maxsize);
    snprintf(unfinished, sizeof unfinished, "%ld item%s", f->unfinished, f->unfinished == 1 ? "" : "s");
    sim_fmt_repr(timeout, sizeof timeout, f->timeout); /* as the program writes it: 1.0 */
    const struct {
        const char *name, *text;
    } fields[] = {
        {"{task}", f->task ? f->task : "?"},   {"{putter}", f->putter ? f->putter : "?"},
        {"{detail}", f->detail ? f->detail : ""}, {"{item}", f->item},
        {"{qsize}", qsize},                     {"{maxsize}", maxsize},
        {"{unfinished}", unfinished},           {"{timeout}", timeout},
    };
    size_t len = 0;
    for (const char *p = tmpl; *p && len + 1 < size;) {
        size_t k = 0, n = sizeof fields / sizeof fields[0];
        while (k < n && strncmp(p, fields[k].name, strlen(fields[k].name)) != 0)
            k++;
        if (k == n) {
            out[len++] = *p++;
            continue;
        }
        for (const char *q = fields[k].text; *q && len + 1 < size; q++)
            out[len++] = *q;
        p += strlen(fields[k].name);
    }
    out[len] = '\0';
}

static bool moment(UiNarrator *n, ScnRun *run, UiMoment m, const Fill *f)
{
    if (once[m] && n->seen[m])
        return false;
    n->seen[m] = true;
    n->count++;
    /* Two moments in one callback: the first one keeps the caption bar,
     * but a tie says all that the overtaking before it in the step said. */
    if (n->spoke && !(m == UI_MOMENT_PRIORITY_TIE && n->moment == UI_MOMENT_PRIORITY_OVERTAKE))
        return true;
    n->spoke = true;
    n->moment = m;
    render(n->caption, sizeof n->caption, ui_narrator_template(scn_run_scenario(run), m), f);
    return true;
}

static Fill fill_for(ScnRun *run, const SimTraceEvent *ev)
{
    SimQueue *q = scn_run_queue(run);
    Fill f = {.task = ev->task ? ev->task->name : NULL, .detail = ev->detail,
              .qsize = (long)sim_queue_qsize(q), .maxsize = sim_queue_maxsize(q),
              .unfinished = sim_queue_unfinished(q),
              .timeout = scn_run_params(run)->v[SCN_PARAM_TIMEOUT]};
    if (ev->item)
        ui_model_item_label(ev->item, f.item, sizeof f.item);
    return f;
}

static const SimTask *first_putter(const SimQueue *q)
{
    for (size_t i = 0; i < sim_queue_putter_count(q); i++) {
        SimFuture *p = sim_queue_putter_at(q, i);
        if (!sim_future_done(p))
            return sim_view_waiter_task(p);
    }
    return NULL;
}

/* The unbounded mistake: a put() just took qsize past the maxsize the
 * program has without it, which would have made it wait (and the queue is
 * still unbounded: a live m sets a limit). */
static bool ran_ahead(ScnRun *run, const SimQueue *q)
{
    long usual = scn_run_maxsize_done_right(run);
    return scn_has_mistake(scn_run_params(run), SCN_MISTAKE_UNBOUNDED) && usual > 0 &&
           sim_queue_maxsize(q) <= 0 && (long)sim_queue_qsize(q) == usual + 1;
}

/* The program's workers other than t not finished yet: main's cancel loop
 * reaches them all in the same step (one added live that has not started
 * yet too). */
static int workers_besides(ScnRun *run, const SimTask *t)
{
    int n = 0;
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        const SimTask *w = scn_run_task_at(run, i);
        n += w != t && w->role == SCN_ROLE_WORKER && !sim_future_done(&w->fut);
    }
    return n;
}

/* main waiting in gather(): a cancelled child makes gather() raise in it. */
static bool main_gathers(ScnRun *run)
{
    /* With the gather-workers mistake main gets there after the producer. */
    if (scn_has_mistake(scn_run_params(run), SCN_MISTAKE_GATHER_WORKERS))
        return true;
    SimTaskView v;
    sim_task_view(scn_run_loop(run), scn_run_task_at(run, 0), &v);
    return v.state == SIM_TASK_WAIT_GATHER;
}

static bool someone_joins(ScnRun *run)
{
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        SimTaskView v;
        sim_task_view(scn_run_loop(run), scn_run_task_at(run, i), &v);
        if (v.state == SIM_TASK_WAIT_JOIN)
            return true;
    }
    return false;
}

/* A worker other than `except` waiting for an item in get() (or in
 * wait_for() around it), the first created; NULL if none. */
static const SimTask *idle_worker(ScnRun *run, const SimTask *except)
{
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        const SimTask *t = scn_run_task_at(run, i);
        SimWaitKind w = sim_view_wait_kind(t);
        if (t != except && t->role == SCN_ROLE_WORKER && !sim_future_done(&t->fut) &&
            (w == SIM_WAIT_GET || w == SIM_WAIT_WAIT_FOR))
            return t;
    }
    return NULL;
}

/* The first of the queued items (up to 64) that match(item, queued), as its
 * label when label is not NULL. */
static bool find_queued(const SimQueue *q, const SimValue *item,
                        bool (*match)(const SimValue *a, const SimValue *b), char *label, size_t size)
{
    SimValue items[64];
    size_t n = sim_queue_items(q, items, 64);
    bool found = false;
    for (size_t i = 0; i < n && i < 64; i++) {
        if (!found && match(item, &items[i])) {
            found = true;
            if (label)
                ui_model_item_label(&items[i], label, size);
        }
        sim_value_release(&items[i]);
    }
    return found;
}

/* The item just put goes ahead of this one, already queued. */
static bool goes_ahead(const SimValue *item, const SimValue *queued)
{
    bool err = false;
    return sim_value_lt(item, queued, &err);
}

/* Neither is less: a tie heapq breaks by the heap's shape. */
static bool ties(const SimValue *item, const SimValue *queued)
{
    bool err = false;
    return !sim_value_lt(item, queued, &err) && !sim_value_lt(queued, item, &err) && !err;
}

static bool stopping(ScnRun *run)
{
    SimEvent *e = scn_run_event(run);
    return (e && sim_event_is_set(e)) || sim_queue_is_shutdown(scn_run_queue(run));
}

/* What a live maxsize means for put(), given what the queue holds. */
static void maxsize_text(char *text, size_t size, long maxsize, int qsize)
{
    if (maxsize <= 0)
        snprintf(text, size, "Live change: maxsize is now %ld: the queue is unbounded and put() "
                             "never waits.", maxsize);
    else if (qsize < maxsize)
        snprintf(text, size, "Live change: maxsize is now %ld, qsize %d: room for %ld more. Each "
                             "free slot wakes one blocked putter, first come first served.",
                 maxsize, qsize, maxsize - qsize);
    else if (qsize == maxsize)
        snprintf(text, size, "Live change: maxsize is now %ld, and qsize is %d: the queue is full, "
                             "so put() waits until a get() makes room.", maxsize, qsize);
    else
        snprintf(text, size, "Live change: maxsize is now %ld, below qsize %d: the items stay, and "
                             "put() waits until gets bring qsize under %ld.", maxsize, qsize, maxsize);
}

/* The way the run says a retired worker leaves (scn_run_live decides). */
static const char *retire_text(ScnRetire how)
{
    switch (how) {
    case SCN_RETIRE_CANCEL:
        return "idle in get(), it is cancelled there and leaves at once (a retire is aqsim's: the "
               "task then returns quietly rather than ending cancelled).";
    case SCN_RETIRE_AFTER_ITEM:
        return "it finishes its item and leaves before its next get().";
    case SCN_RETIRE_CANCEL_WAIT_FOR:
        return "it is cancelled in wait_for(get()) and leaves quietly (a retire is aqsim's), unless "
               "get() already had its item (3.11's wait_for then returns it): that item it "
               "finishes first.";
    case SCN_RETIRE_AT_NEXT_GET:
    default:
        return "it leaves before its next get(), after finishing any item it has been handed.";
    }
}

bool ui_narrator_event(UiNarrator *n, ScnRun *run, const SimTraceEvent *ev)
{
    SimQueue *q = scn_run_queue(run);
    Fill f = fill_for(run, ev);
    const Scenario *s = scn_run_scenario(run);
    switch (ev->kind) {
    case SIM_TRACE_TASK_WAIT:
        if (ev->wait == SIM_WAIT_PUT && ev->task) {
            SimTaskView v;
            sim_task_view(scn_run_loop(run), ev->task, &v);
            ui_model_item_label(v.putting, f.item, sizeof f.item);
            return moment(n, run, UI_MOMENT_PUT_BLOCKED, &f);
        }
        if (ev->wait == SIM_WAIT_JOIN)
            return moment(n, run, UI_MOMENT_JOIN_WAITS, &f);
        if ((ev->wait == SIM_WAIT_GET || ev->wait == SIM_WAIT_WAIT_FOR) && ev->task &&
            ev->task->role == SCN_ROLE_WORKER && !stopping(run)) {
            if (sim_queue_empty(q))
                return moment(n, run, UI_MOMENT_IDLE_GET, &f);
            /* Items are queued, yet it waits: 3.11's wait_for inner task. */
            if (ev->wait == SIM_WAIT_WAIT_FOR)
                return moment(n, run, UI_MOMENT_INNER_GET, &f);
        }
        return false;
    case SIM_TRACE_GET: {
        if (ev->item && sim_value_is_none(ev->item) && ev->task && ev->task->role == SCN_ROLE_WORKER)
            return moment(n, run, UI_MOMENT_STOP_SIGNAL, &f);
        const SimTask *putter = first_putter(q);
        if (putter) {
            f.putter = putter->name;
            /* Over capacity after a live shrink, a get() frees no slot. */
            bool still_full = sim_queue_full(q);
            return moment(n, run, still_full ? UI_MOMENT_PUTTER_WOKEN_FULL : UI_MOMENT_PUTTER_RELEASED,
                          &f);
        }
        char tie[64];
        if (sim_queue_kind(q) == SIM_QUEUE_PRIORITY && ev->item && !n->seen[UI_MOMENT_PRIORITY_TIE] &&
            find_queued(q, ev->item, ties, tie, sizeof tie)) {
            f.detail = tie;
            return moment(n, run, UI_MOMENT_PRIORITY_TIE, &f);
        }
        if (sim_queue_kind(q) == SIM_QUEUE_LIFO)
            return moment(n, run, UI_MOMENT_LIFO_NEWEST, &f);
        /* The last item taken while others wait: they now wait on an empty
         * queue. (3.11's wait_for began waiting while the queue still held
         * the item; no later event of theirs would say so before their
         * timeout.) */
        if (n->seen[UI_MOMENT_IDLE_GET] || !sim_queue_empty(q) || stopping(run))
            return false; /* said once; no scan of every task at every get() */
        const SimTask *getter = ev->task && ev->task->hidden ? ev->task->parent : ev->task;
        const SimTask *idle = idle_worker(run, getter);
        if (idle) {
            f.task = idle->name;
            return moment(n, run, UI_MOMENT_IDLE_GET, &f);
        }
        return false;
    }
    case SIM_TRACE_PUT:
        if (ran_ahead(run, q)) {
            f.maxsize = scn_run_maxsize_done_right(run);
            return moment(n, run, UI_MOMENT_RAN_AHEAD, &f);
        }
        if (sim_queue_kind(q) != SIM_QUEUE_PRIORITY || !ev->item)
            return false;
        if (strcmp(s->name, "retry") == 0 && ev->task && ev->task->role == SCN_ROLE_WORKER)
            return moment(n, run, UI_MOMENT_RETRY_REQUEUE, &f);
        if (find_queued(q, ev->item, goes_ahead, NULL, 0))
            return moment(n, run, UI_MOMENT_PRIORITY_OVERTAKE, &f);
        return false;
    case SIM_TRACE_ITEM_DONE:
        if (ev->unfinished == 0 && someone_joins(run))
            return moment(n, run, UI_MOMENT_JOIN_RETURNS, &f);
        return false;
    case SIM_TRACE_CANCEL:
        /* Once main() has ended, asyncio.run() cancels the tasks left: its
         * clean-up, not a lesson about join(). */
        if (scn_run_task_at(run, 0) && sim_future_done(&scn_run_task_at(run, 0)->fut))
            return false;
        if (ev->task && !sim_value_is_none(&ev->task->holding) && ev->task->role == SCN_ROLE_WORKER) {
            ui_model_item_label(&ev->task->holding, f.item, sizeof f.item);
            return moment(n, run, main_gathers(run) ? UI_MOMENT_CANCEL_HOLDING_GATHER : UI_MOMENT_CANCEL_HOLDING,
                          &f);
        }
        /* The program's own clean-up once join() has returned (main cancels
         * an idle consumer): not a live k, which has its own caption, nor a
         * cancel-before-join mistake, where nothing has been joined. */
        if (ev->task && ev->task->role == SCN_ROLE_WORKER && sim_view_wait_kind(ev->task) == SIM_WAIT_GET &&
            sim_loop_current_task(scn_run_loop(run)) == scn_run_task_at(run, 0) &&
            sim_queue_unfinished(q) == 0 &&
            !scn_has_mistake(scn_run_params(run), SCN_MISTAKE_CANCEL_BEFORE_JOIN)) {
            /* main cancels them all in that one step: say so. */
            char others[64] = "";
            int rest = workers_besides(run, ev->task);
            if (rest > 0)
                snprintf(others, sizeof others, " and the %d other worker%s", rest, rest == 1 ? "" : "s");
            f.detail = others;
            return moment(n, run, UI_MOMENT_CANCEL_IDLE, &f);
        }
        return false;
    case SIM_TRACE_EVENT_SET:
        return moment(n, run, UI_MOMENT_SHUTDOWN_SET, &f);
    case SIM_TRACE_TASK_END:
        if (ev->task && stopping(run) &&
            (ev->task->role == SCN_ROLE_WORKER || ev->task->role == SCN_ROLE_PRODUCER) &&
            strcmp(ev->detail ? ev->detail : "", "returned") == 0)
            return moment(n, run, UI_MOMENT_WORKER_EXIT, &f);
        return false;
    case SIM_TRACE_TIMEOUT:
        /* After the Event is set, a timeout is the consumer's way out: its
         * exit is the moment (same callback), not "waits again". */
        if (stopping(run))
            return false;
        return moment(n, run, UI_MOMENT_TIMEOUT, &f);
    case SIM_TRACE_SHUTDOWN:
        return moment(n, run,
                      strcmp(ev->detail ? ev->detail : "", "immediate") == 0 ? UI_MOMENT_QUEUE_SHUTDOWN_IMMEDIATE
                                                                             : UI_MOMENT_QUEUE_SHUTDOWN,
                      &f);
    case SIM_TRACE_LIVE: {
        char text[400];
        const char *what = ev->detail ? ev->detail : "";
        if (strcmp(what, "maxsize") == 0)
            maxsize_text(text, sizeof text, (long)ev->number, ev->qsize);
        else if (strcmp(what, "add_worker") == 0)
            snprintf(text, sizeof text, "Live change: create_task() started %s; it queues up in "
                                        "get() like the others.",
                     f.task ? f.task : "a worker");
        else if (strcmp(what, "retire_worker") == 0)
            snprintf(text, sizeof text, "Live change: %s is retiring: %s", f.task ? f.task : "a worker",
                     retire_text((ScnRetire)ev->number));
        else if (strcmp(what, "cancel_worker") == 0)
            snprintf(text, sizeof text,
                     ev->number > 0 ? "Live change: %s.cancel(), but 3.11's wait_for already has "
                                      "an item from its inner get(): it returns the item and the "
                                      "cancellation is lost."
                                    : "Live change: %s.cancel(): CancelledError is raised at its "
                                      "await.",
                     f.task ? f.task : "a worker");
        else
            snprintf(text, sizeof text, "Live change: shutdown.set().");
        f.detail = text;
        return moment(n, run, UI_MOMENT_LIVE_CHANGE, &f);
    }
    default:
        return false;
    }
}

bool ui_narrator_deadlock(UiNarrator *n, ScnRun *run)
{
    Fill f = {0};
    return moment(n, run, UI_MOMENT_DEADLOCK, &f);
}

const char *ui_narrator_caption(const UiNarrator *n)
{
    return n->caption;
}

UiMoment ui_narrator_moment(const UiNarrator *n)
{
    return n->moment;
}

size_t ui_narrator_count(const UiNarrator *n)
{
    return n->count;
}
