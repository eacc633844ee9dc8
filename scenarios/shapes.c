/* shapes.c - producer, worker, ticker and stoppable-consumer coroutines. */
#include "scenarios/shapes.h"

#include <stdio.h>
#include <string.h>

#include "sim/aio.h"
#include "sim/queue.h"
#include "sim/task.h"

/* ---- producer ---- */

static SimCoSignal producer_fn(SimCo *co)
{
    ScnProducer *p = (ScnProducer *)co;
    const ScnProducerSpec *s = p->spec;
    SimQueue *q = scn_run_queue(p->run);
    SIM_CO_BEGIN(co);
    p->n = s->count(p->run);
    for (p->i = 0; p->i < p->n; p->i++) {
        if (s->line_sleep)
            SIM_AWAIT(co, s->line_sleep, sim_aio_sleep(co->loop, s->delay(p)));
        SIM_AWAIT(co, s->line_put, sim_queue_put(q, s->item(p)));
        if (s->after_put)
            s->after_put(p);
    }
    /* One stop signal per consumer: ARGS.workers, live additions included
     * (one fewer with the fewer-sentinels mistake). */
    if (s->line_sentinel)
        for (p->k = scn_has_mistake(scn_run_params(p->run), SCN_MISTAKE_FEWER_SENTINELS) ? 1 : 0;
             p->k < scn_run_workers(p->run); p->k++)
            SIM_AWAIT(co, s->line_sentinel, sim_queue_put(q, sim_value_none()));
    if (s->after_all)
        s->after_all(p);
    SIM_CO_END(co);
}

static const SimCoKind producer_kind = {"producer", producer_fn, sizeof(ScnProducer),
                                        SIM_WAIT_NONE, NULL};

SimCo *scn_producer_new(ScnRun *run, const ScnProducerSpec *spec)
{
    ScnProducer *p = (ScnProducer *)sim_co_new(scn_run_loop(run), &producer_kind);
    p->run = run;
    p->spec = spec;
    if (spec->name)
        p->co.name = spec->name;
    return &p->co;
}

/* ---- worker ---- */

static void worker_release(SimCo *co)
{
    sim_value_release(&((ScnWorker *)co)->item);
}

static void drop_item(ScnWorker *w)
{
    sim_value_release(&w->item);
    if (w->co.task)
        sim_task_set_holding(w->co.task, NULL);
}

static bool retiring(const SimCo *co)
{
    return co->task && co->task->retire_requested;
}

static SimCoSignal worker_fn(SimCo *co)
{
    ScnWorker *w = (ScnWorker *)co;
    const ScnWorkerSpec *s = w->spec;
    SimQueue *q = scn_run_queue(w->run);
    SIM_CO_BEGIN(co);
    for (;;) {
        if (s->until_empty && sim_queue_empty(q))
            break;
        /* A live "retire" takes effect here, between items. */
        if (retiring(co))
            break;
        SIM_AWAIT_TRY(co, s->line_get, sim_queue_get(q));
        if (co->in.exc != SIM_EXC_NONE) {
            /* Retired while idle in get(): leave quietly. */
            if (co->in.exc == SIM_EXC_CANCELLED && retiring(co)) {
                sim_outcome_release(&co->in);
                break;
            }
            return sim_co_reraise(co);
        }
        w->item = sim_co_take_value(co);
        if (co->task)
            sim_task_set_holding(co->task, &w->item);
        if (s->on_item && !s->on_item(w)) {
            drop_item(w);
            break;
        }
        if (s->before_sleep)
            s->before_sleep(w);
        SIM_AWAIT(co, s->line_sleep, sim_aio_sleep(co->loop, w->work));
        if (s->after_sleep)
            s->after_sleep(w);
        if (!scn_has_mistake(scn_run_params(w->run), SCN_MISTAKE_FORGET_TASK_DONE) &&
            sim_queue_task_done(q) != SIM_EXC_NONE)
            SIM_CO_RAISE(co, SIM_EXC_VALUE);
        if (s->after_done)
            s->after_done(w);
        drop_item(w);
    }
    SIM_CO_END(co);
}

static const SimCoKind worker_kind = {"worker", worker_fn, sizeof(ScnWorker), SIM_WAIT_NONE,
                                      worker_release};

SimCo *scn_worker_new(ScnRun *run, const ScnWorkerSpec *spec, int index, const char *name)
{
    ScnWorker *w = (ScnWorker *)sim_co_new(scn_run_loop(run), &worker_kind);
    w->run = run;
    w->spec = spec;
    w->index = index;
    w->item = sim_value_none();
    snprintf(w->name, sizeof w->name, "%s", name);
    if (spec->name)
        w->co.name = spec->name;
    return &w->co;
}

/* ---- ticker: the graceful-shutdown producer ---- */

typedef struct {
    SimCo co;
    ScnRun *run;
    const ScnTickerSpec *spec;
    long i;
} Ticker;

static bool keep_ticking(const Ticker *t)
{
    return !t->spec->use_event || !sim_event_is_set(scn_run_event(t->run));
}

static SimCoSignal ticker_fn(SimCo *co)
{
    Ticker *t = (Ticker *)co;
    SIM_CO_BEGIN(co);
    t->i = 0;
    while (keep_ticking(t)) {
        SIM_AWAIT(co, t->spec->line_put,
                  sim_queue_put(scn_run_queue(t->run), sim_value_str_num("item-", t->i)));
        scn_print(t->run, "  [producer] put item-{d}\n", (int)t->i);
        t->i++;
        SIM_AWAIT(co, t->spec->line_sleep, sim_aio_sleep(co->loop, 0.3));
    }
    scn_print(t->run, "  [producer] shutting down\n");
    SIM_CO_END(co);
}

static const SimCoKind ticker_kind = {"producer", ticker_fn, sizeof(Ticker), SIM_WAIT_NONE, NULL};

SimCo *scn_ticker_new(ScnRun *run, const ScnTickerSpec *spec)
{
    Ticker *t = (Ticker *)sim_co_new(scn_run_loop(run), &ticker_kind);
    t->run = run;
    t->spec = spec;
    return &t->co;
}

/* ---- stoppable consumer ---- */

typedef struct {
    SimCo co;
    ScnRun *run;
    const ScnStoppableSpec *spec;
    char name[24];
    SimValue item;
} Stoppable;

static void stoppable_release(SimCo *co)
{
    sim_value_release(&((Stoppable *)co)->item);
}

static SimAwaitable stoppable_get(Stoppable *c)
{
    SimQueue *q = scn_run_queue(c->run);
    if (!c->spec->wait_for_event)
        return sim_queue_get(q);
    double timeout = scn_run_params(c->run)->v[SCN_PARAM_TIMEOUT];
    return sim_aio_wait_for(c->co.loop, sim_queue_get(q).co, timeout);
}

static SimCoSignal stoppable_fn(SimCo *co)
{
    Stoppable *c = (Stoppable *)co;
    SIM_CO_BEGIN(co);
    for (;;) {
        if (retiring(co))
            break;
        SIM_AWAIT_TRY(co, c->spec->line_get, stoppable_get(c));
        if (co->in.exc == SIM_EXC_CANCELLED && retiring(co)) {
            sim_outcome_release(&co->in);
            break;
        }
        if (c->spec->wait_for_event && co->in.exc == SIM_EXC_TIMEOUT) {
            sim_outcome_release(&co->in);
            if (sim_event_is_set(scn_run_event(c->run))) {
                scn_print(c->run, "  [{s}] shutting down\n", c->name);
                break;
            }
            continue;
        }
        if (!c->spec->wait_for_event && co->in.exc == SIM_EXC_QUEUE_SHUTDOWN) {
            sim_outcome_release(&co->in);
            scn_print(c->run, "  [{s}] queue shut down, exiting\n", c->name);
            break;
        }
        if (co->in.exc != SIM_EXC_NONE)
            return sim_co_reraise(co);
        c->item = sim_co_take_value(co);
        sim_task_set_holding(co->task, &c->item);
        scn_print(c->run, "  [{s}] processing {v}\n", c->name, &c->item);
        SIM_AWAIT(co, c->spec->line_sleep, sim_aio_sleep(co->loop, 0.5));
        if (sim_queue_task_done(scn_run_queue(c->run)) != SIM_EXC_NONE)
            SIM_CO_RAISE(co, SIM_EXC_VALUE);
        sim_value_release(&c->item);
        sim_task_set_holding(co->task, NULL);
    }
    SIM_CO_END(co);
}

static const SimCoKind stoppable_kind = {"consumer", stoppable_fn, sizeof(Stoppable),
                                         SIM_WAIT_NONE, stoppable_release};

SimCo *scn_stoppable_new(ScnRun *run, const ScnStoppableSpec *spec, int index, const char *name)
{
    (void)index;
    Stoppable *c = (Stoppable *)sim_co_new(scn_run_loop(run), &stoppable_kind);
    c->run = run;
    c->spec = spec;
    c->item = sim_value_none();
    snprintf(c->name, sizeof c->name, "%s", name);
    return &c->co;
}
