/* backpressure.c - tutorial section 2: maxsize makes put() wait. */
#include <stdio.h>

#include "scenarios/run.h"
#include "scenarios/shapes.h"
#include "sim/queue.h"

static const char *const source[] = {
    "import asyncio",
    "import time",
    "",
    "",
    "async def fast_producer(queue: asyncio.Queue) -> None:",
    "    for i in range(${items}):",
    "        await queue.put(i)",
    "        print(f\"  [{time.perf_counter():.1f}] produced {i} | qsize: {queue.qsize()}\")",
    "",
    "",
    "async def slow_consumer(queue: asyncio.Queue) -> None:",
    "    while True:",
    "        item = await queue.get()",
    "        await asyncio.sleep(0.5)  # slow processing",
    "        print(f\"  [{time.perf_counter():.1f}] consumed {item}\")",
    "        queue.task_done()",
    "",
    "",
    "async def main() -> None:",
    "    # Only ${maxsize} items can be in the queue at a time",
    "    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=${maxsize})",
    "",
    "    consumer_task = asyncio.create_task(slow_consumer(queue))",
    "    await fast_producer(queue)    # blocks when queue is full",
    "    await queue.join()",
    "    consumer_task.cancel()",
    "    print(\"Done! Producer was slowed by backpressure.\")",
    "",
    "",
    "if __name__ == \"__main__\":",
    "    asyncio.run(main())",
};

enum { L_PUT = 7, L_GET = 13, L_WORK = 14, L_PRODUCE = 24, L_JOIN = 25 };

static const ScnLineCheck checks[] = {
    {L_PUT, "await queue.put(i)"},       {L_GET, "await queue.get()"},
    {L_WORK, "await asyncio.sleep(0.5)"}, {L_PRODUCE, "await fast_producer(queue)"},
    {L_JOIN, "await queue.join()"},
};

static long item_count(ScnRun *run)
{
    return (long)scn_run_params(run)->v[SCN_PARAM_ITEMS];
}

static SimValue item_number(ScnProducer *p)
{
    return sim_value_int(p->i);
}

static void said_put(ScnProducer *p)
{
    scn_print(p->run, "  [{.1f}] produced {d} | qsize: {d}\n", sim_loop_time(p->co.loop),
              (int)p->i, (int)sim_queue_qsize(scn_run_queue(p->run)));
}

static const ScnProducerSpec producer = {
    .name = "fast_producer",
    .line_put = L_PUT, .count = item_count, .item = item_number, .after_put = said_put,
};

static void work_time(ScnWorker *w)
{
    w->work = 0.5;
}

static void consumed(ScnWorker *w)
{
    scn_print(w->run, "  [{.1f}] consumed {v}\n", sim_loop_time(w->co.loop), &w->item);
}

static const ScnWorkerSpec consumer = {
    .name = "slow_consumer",
    .line_get = L_GET, .line_sleep = L_WORK, .before_sleep = work_time, .after_sleep = consumed,
};

static void worker_name(int index, char *buf, size_t size)
{
    snprintf(buf, size, index == 0 ? "slow_consumer" : "slow_consumer-%d", index + 1);
}

static SimCo *new_worker(ScnRun *run, int index)
{
    char name[24];
    worker_name(index, name, sizeof name);
    return scn_worker_new(run, &consumer, index, name);
}

typedef struct {
    SimCo co;
    ScnRun *run;
    SimTask *consumer;
} Main;

static SimCoSignal main_fn(SimCo *co)
{
    Main *m = (Main *)co;
    SIM_CO_BEGIN(co);
    m->consumer = scn_spawn(m->run, new_worker(m->run, 0), "slow_consumer", SCN_ROLE_WORKER);
    SIM_AWAIT(co, L_PRODUCE, sim_awaitable_co(scn_producer_new(m->run, &producer)));
    SIM_AWAIT(co, L_JOIN, sim_queue_join(scn_run_queue(m->run)));
    sim_task_cancel(m->consumer);
    scn_print(m->run, "Done! Producer was slowed by backpressure.\n");
    SIM_CO_END(co);
}

static const SimCoKind main_kind = {"main", main_fn, sizeof(Main), SIM_WAIT_NONE, NULL};

static SimCo *start(ScnRun *run)
{
    Main *m = (Main *)sim_co_new(scn_run_loop(run), &main_kind);
    m->run = run;
    return &m->co;
}

const Scenario scn_backpressure = {
    .name = "backpressure",
    .section = "2",
    .title = "Backpressure with maxsize",
    .summary = "maxsize makes a fast producer wait for a slow consumer",
    .note = "When qsize reaches maxsize, put() waits: the producer cannot run ahead of the "
            "consumer. Each get() frees a slot and wakes the blocked producer. Raise "
            "maxsize (M) and the producer runs further ahead.",
    .queue_kind = SIM_QUEUE_FIFO,
    .params = 1u << SCN_PARAM_ITEMS | 1u << SCN_PARAM_MAXSIZE,
    .defaults = {[SCN_PARAM_ITEMS] = 10, [SCN_PARAM_MAXSIZE] = 3, [SCN_PARAM_WORKERS] = 1},
    .min_version = SIM_PY_3_11,
    .mistakes = 1u << SCN_MISTAKE_FORGET_TASK_DONE | 1u << SCN_MISTAKE_UNBOUNDED,
    .source = source,
    .source_lines = sizeof source / sizeof source[0],
    .line_checks = checks,
    .nline_checks = sizeof checks / sizeof checks[0],
    .start = start,
    .new_worker = new_worker,
    .worker_name = worker_name,
};
