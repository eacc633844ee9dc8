/* pool_stats.c - practice problem 1: a worker pool that keeps statistics. */
#include <stdio.h>
#include <stdlib.h>

#include "scenarios/run.h"
#include "scenarios/shapes.h"
#include "sim/queue.h"
#include "sim/xalloc.h"

static const char *const source[] = {
    "import asyncio",
    "import random",
    "import time",
    "",
    "",
    "async def producer(queue: asyncio.Queue, count: int) -> None:",
    "    for i in range(count):",
    "        await queue.put(i)",
    "    print(f\"Producer done: {count} items queued\")",
    "",
    "",
    "async def worker(queue: asyncio.Queue, name: str, stats: dict) -> None:",
    "    # Process items, track count and total time in stats dict",
    "    # (main() creates stats[name] before the task starts)",
    "    while True:",
    "        item = await queue.get()",
    "        start = time.perf_counter()",
    "        await asyncio.sleep(random.uniform(0.1, 0.5))",
    "        stats[name][\"count\"] += 1",
    "        stats[name][\"total_time\"] += time.perf_counter() - start",
    "        queue.task_done()",
    "",
    "",
    "async def main() -> None:",
    "    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=${maxsize})",
    "    stats: dict[str, dict] = {}",
    "    num_items = ${items}",
    "    num_workers = ${workers}",
    "",
    "    start = time.perf_counter()",
    "",
    "    # Create producer and workers, wait for the work, print stats",
    "    names = [f\"W{i}\" for i in range(num_workers)]",
    "    for name in names:",
    "        stats[name] = {\"count\": 0, \"total_time\": 0.0}",
    "    workers = [asyncio.create_task(worker(queue, name, stats)) for name in names]",
    "",
    "    await producer(queue, num_items)",
    "    await queue.join()",
    "",
    "    for w in workers:",
    "        w.cancel()",
    "",
    "    elapsed = time.perf_counter() - start",
    "    total_items = 0",
    "    for name in names:",
    "        count = stats[name][\"count\"]",
    "        avg = stats[name][\"total_time\"] / count if count else 0.0",
    "        total_items += count",
    "        print(f\"  {name}: {count} items, avg {avg:.2f}s\")",
    "    print(f\"Total: {total_items} items in {elapsed:.2f}s\")",
    "",
    "",
    "if __name__ == \"__main__\":",
    "    asyncio.run(main())",
};

enum { L_PUT = 8, L_GET = 16, L_WORK = 18, L_PRODUCE = 38, L_JOIN = 39 };

static const ScnLineCheck checks[] = {
    {L_PUT, "await queue.put(i)"},       {L_GET, "await queue.get()"},
    {L_WORK, "await asyncio.sleep(random.uniform(0.1, 0.5))"},
    {L_PRODUCE, "await producer(queue, num_items)"}, {L_JOIN, "await queue.join()"},
};

/* stats[name] = {"count": ..., "total_time": ...}, by worker index. */
typedef struct {
    long *count;
    double *total;
    size_t n, cap_count, cap_total;
} Stats;

static void stats_free(void *p)
{
    Stats *s = p;
    free(s->count);
    free(s->total);
    free(s);
}

static void stats_add_worker(Stats *s)
{
    sim_xgrow((void **)&s->count, &s->cap_count, s->n + 1, sizeof *s->count);
    sim_xgrow((void **)&s->total, &s->cap_total, s->n + 1, sizeof *s->total);
    s->count[s->n] = 0;
    s->total[s->n] = 0.0;
    s->n++;
}

static long item_count(ScnRun *run)
{
    return (long)scn_run_params(run)->v[SCN_PARAM_ITEMS];
}

static SimValue item_number(ScnProducer *p)
{
    return sim_value_int(p->i);
}

static void all_queued(ScnProducer *p)
{
    scn_print(p->run, "Producer done: {d} items queued\n", (int)p->n);
}

static const ScnProducerSpec producer = {
    .name = "producer",
    .line_put = L_PUT, .count = item_count, .item = item_number, .after_all = all_queued,
};

static void start_work(ScnWorker *w)
{
    w->start = sim_loop_time(w->co.loop);
    w->work = sim_rng_uniform(sim_loop_rng(w->co.loop), 0.1, 0.5);
}

static void record(ScnWorker *w)
{
    Stats *s = scn_run_extra(w->run);
    s->count[w->index] += 1;
    s->total[w->index] += sim_loop_time(w->co.loop) - w->start;
}

static const ScnWorkerSpec worker = {
    .name = "worker",
    .line_get = L_GET, .line_sleep = L_WORK, .before_sleep = start_work, .after_sleep = record,
};

static void worker_name(int index, char *buf, size_t size)
{
    snprintf(buf, size, "W%d", index);
}

static SimCo *new_worker(ScnRun *run, int index)
{
    char name[24];
    worker_name(index, name, sizeof name);
    Stats *s = scn_run_extra(run);
    while (s->n <= (size_t)index)
        stats_add_worker(s);
    return scn_worker_new(run, &worker, index, name);
}

typedef struct {
    SimCo co;
    ScnRun *run;
    double start;
} Main;

static SimCoSignal main_fn(SimCo *co)
{
    Main *m = (Main *)co;
    SIM_CO_BEGIN(co);
    m->start = sim_loop_time(co->loop);
    for (int i = 0; i < scn_run_workers(m->run); i++) {
        char name[24];
        worker_name(i, name, sizeof name);
        scn_spawn(m->run, new_worker(m->run, i), name, SCN_ROLE_WORKER);
    }
    SIM_AWAIT(co, L_PRODUCE, sim_awaitable_co(scn_producer_new(m->run, &producer)));
    /* The cancel-before-join mistake: the workers go first. */
    if (scn_has_mistake(scn_run_params(m->run), SCN_MISTAKE_CANCEL_BEFORE_JOIN))
        scn_cancel_workers(m->run);
    SIM_AWAIT(co, L_JOIN, scn_await_work_done(m->run));
    scn_cancel_workers(m->run);
    {
        double elapsed = sim_loop_time(co->loop) - m->start;
        Stats *s = scn_run_extra(m->run);
        long total = 0;
        for (size_t i = 0; i < s->n; i++) {
            char name[24];
            worker_name((int)i, name, sizeof name);
            double avg = s->count[i] ? s->total[i] / (double)s->count[i] : 0.0;
            total += s->count[i];
            scn_print(m->run, "  {s}: {d} items, avg {.2f}s\n", name, (int)s->count[i], avg);
        }
        scn_print(m->run, "Total: {d} items in {.2f}s\n", (int)total, elapsed);
    }
    SIM_CO_END(co);
}

static const SimCoKind main_kind = {"main", main_fn, sizeof(Main), SIM_WAIT_NONE, NULL};

static SimCo *start(ScnRun *run)
{
    scn_run_set_extra(run, sim_xcalloc(1, sizeof(Stats)), stats_free);
    Main *m = (Main *)sim_co_new(scn_run_loop(run), &main_kind);
    m->run = run;
    return &m->co;
}

const Scenario scn_pool_stats = {
    .name = "pool-stats",
    .section = "8, problem 1",
    .title = "Practice: worker pool with stats",
    .summary = "a worker pool that counts items and processing time per worker",
    .note = "The producer never sleeps, so it fills the queue to maxsize at once and then "
            "waits in put(). Workers that finish early take the next item: the counts show "
            "how the work spread.",
    .queue_kind = SIM_QUEUE_FIFO,
    .params = 1u << SCN_PARAM_ITEMS | 1u << SCN_PARAM_WORKERS | 1u << SCN_PARAM_MAXSIZE,
    .defaults = {[SCN_PARAM_ITEMS] = 20, [SCN_PARAM_WORKERS] = 3, [SCN_PARAM_MAXSIZE] = 5},
    .min_version = SIM_PY_3_11,
    .mistakes = 1u << SCN_MISTAKE_FORGET_TASK_DONE | 1u << SCN_MISTAKE_CANCEL_BEFORE_JOIN |
                1u << SCN_MISTAKE_GATHER_WORKERS | 1u << SCN_MISTAKE_UNBOUNDED,
    .source = source,
    .source_lines = sizeof source / sizeof source[0],
    .line_checks = checks,
    .nline_checks = sizeof checks / sizeof checks[0],
    .start = start,
    .new_worker = new_worker,
    .worker_name = worker_name,
};
