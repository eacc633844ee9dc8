/* worker_pool.c - tutorial section 3: several workers share one queue. */
#include <stdio.h>

#include "scenarios/run.h"
#include "scenarios/shapes.h"
#include "sim/queue.h"

static const char *const source[] = {
    "import asyncio",
    "import random",
    "import time",
    "",
    "",
    "async def producer(queue: asyncio.Queue, num_items: int) -> None:",
    "    for i in range(num_items):",
    "        delay = random.uniform(0.1, 0.3)",
    "        await asyncio.sleep(delay)",
    "        await queue.put(f\"item-{i}\")",
    "        print(f\"  [producer] put item-{i}\")",
    "",
    "",
    "async def worker(queue: asyncio.Queue, name: str) -> None:",
    "    while True:",
    "        item = await queue.get()",
    "        work_time = random.uniform(0.3, 1.0)",
    "        print(f\"  [{name}] processing {item} ({work_time:.2f}s)\")",
    "        await asyncio.sleep(work_time)",
    "        print(f\"  [{name}] done {item}\")",
    "        queue.task_done()",
    "",
    "",
    "async def main() -> None:",
    "    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=${maxsize})",
    "    num_workers = ${workers}",
    "    num_items = ${items}",
    "",
    "    start = time.perf_counter()",
    "",
    "    # Create workers",
    "    workers = [asyncio.create_task(worker(queue, f\"W{i}\")) for i in range(num_workers)]",
    "",
    "    # Produce all items",
    "    await producer(queue, num_items)",
    "",
    "    # Wait for all items to be processed",
    "    await queue.join()",
    "",
    "    # Cancel workers (they're waiting on get())",
    "    for w in workers:",
    "        w.cancel()",
    "",
    "    elapsed = time.perf_counter() - start",
    "    print(f\"\\n{num_items} items processed by {num_workers} workers in {elapsed:.2f}s\")",
    "",
    "",
    "if __name__ == \"__main__\":",
    "    asyncio.run(main())",
};

enum { L_SLEEP = 9, L_PUT = 10, L_GET = 16, L_WORK = 19, L_PRODUCE = 35, L_JOIN = 38 };

static const ScnLineCheck checks[] = {
    {L_SLEEP, "await asyncio.sleep(delay)"}, {L_PUT, "await queue.put("},
    {L_GET, "await queue.get()"},            {L_WORK, "await asyncio.sleep(work_time)"},
    {L_PRODUCE, "await producer("},          {L_JOIN, "await queue.join()"},
};

static long item_count(ScnRun *run)
{
    return (long)scn_run_params(run)->v[SCN_PARAM_ITEMS];
}

static double produce_delay(ScnProducer *p)
{
    return sim_rng_uniform(sim_loop_rng(p->co.loop), 0.1, 0.3);
}

static SimValue item_name(ScnProducer *p)
{
    return sim_value_str_num("item-", p->i);
}

static void said_put(ScnProducer *p)
{
    scn_print(p->run, "  [producer] put item-{d}\n", (int)p->i);
}

static const ScnProducerSpec producer = {
    .name = "producer",
    .line_sleep = L_SLEEP, .line_put = L_PUT, .count = item_count,
    .delay = produce_delay, .item = item_name, .after_put = said_put,
};

static void start_work(ScnWorker *w)
{
    w->work = sim_rng_uniform(sim_loop_rng(w->co.loop), 0.3, 1.0);
    scn_print(w->run, "  [{s}] processing {v} ({.2f}s)\n", w->name, &w->item, w->work);
}

static void finish_work(ScnWorker *w)
{
    scn_print(w->run, "  [{s}] done {v}\n", w->name, &w->item);
}

static const ScnWorkerSpec worker = {
    .name = "worker",
    .line_get = L_GET, .line_sleep = L_WORK, .before_sleep = start_work,
    .after_sleep = finish_work,
};

static void worker_name(int index, char *buf, size_t size)
{
    snprintf(buf, size, "W%d", index);
}

static SimCo *new_worker(ScnRun *run, int index)
{
    char name[24];
    worker_name(index, name, sizeof name);
    return scn_worker_new(run, &worker, index, name);
}

typedef struct {
    SimCo co;
    ScnRun *run;
    double start;
    int i;
} Main;

static SimCoSignal main_fn(SimCo *co)
{
    Main *m = (Main *)co;
    const ScnParams *p = scn_run_params(m->run);
    SIM_CO_BEGIN(co);
    m->start = sim_loop_time(co->loop);
    for (m->i = 0; m->i < (int)p->v[SCN_PARAM_WORKERS]; m->i++) {
        char name[24];
        worker_name(m->i, name, sizeof name);
        scn_spawn(m->run, new_worker(m->run, m->i), name, SCN_ROLE_WORKER);
    }
    SIM_AWAIT(co, L_PRODUCE, sim_awaitable_co(scn_producer_new(m->run, &producer)));
    /* The cancel-before-join mistake: the workers go first. */
    if (scn_has_mistake(scn_run_params(m->run), SCN_MISTAKE_CANCEL_BEFORE_JOIN))
        scn_cancel_workers(m->run);
    SIM_AWAIT(co, L_JOIN, scn_await_work_done(m->run));
    scn_cancel_workers(m->run);
    scn_print(m->run, "\n{d} items processed by {d} workers in {.2f}s\n", (int)p->v[SCN_PARAM_ITEMS],
              (int)p->v[SCN_PARAM_WORKERS], sim_loop_time(co->loop) - m->start);
    SIM_CO_END(co);
}

static const SimCoKind main_kind = {"main", main_fn, sizeof(Main), SIM_WAIT_NONE, NULL};

static SimCo *start(ScnRun *run)
{
    Main *m = (Main *)sim_co_new(scn_run_loop(run), &main_kind);
    m->run = run;
    return &m->co;
}

const Scenario scn_worker_pool = {
    .name = "worker-pool",
    .section = "3",
    .title = "Multiple Consumers (Worker Pool Pattern)",
    .summary = "a producer and a pool of workers with random work times",
    .note = "Idle workers wait in get() in the order they asked; each put wakes the first "
            "one. With maxsize reached, the producer blocks in put() until a worker takes "
            "an item. Add workers (W) and watch the queue drain faster.",
    .queue_kind = SIM_QUEUE_FIFO,
    .params = 1u << SCN_PARAM_ITEMS | 1u << SCN_PARAM_WORKERS | 1u << SCN_PARAM_MAXSIZE,
    .defaults = {[SCN_PARAM_ITEMS] = 10, [SCN_PARAM_WORKERS] = 3, [SCN_PARAM_MAXSIZE] = 5,
                 [SCN_PARAM_SHUTDOWN_AT] = 0, [SCN_PARAM_TIMEOUT] = 0},
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
