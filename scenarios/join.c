/* join.c - tutorial section 1.2: task_done() and join(). */
#include <stdio.h>

#include "scenarios/run.h"
#include "scenarios/shapes.h"
#include "sim/queue.h"

static const char *const source[] = {
    "import asyncio",
    "",
    "",
    "async def producer(queue: asyncio.Queue) -> None:",
    "    for i in range(${items}):",
    "        await queue.put(i)",
    "        print(f\"  produced {i}\")",
    "",
    "",
    "async def consumer(queue: asyncio.Queue) -> None:",
    "    while True:",
    "        item = await queue.get()",
    "        await asyncio.sleep(0.3)",
    "        print(f\"  consumed {item}\")",
    "        queue.task_done()",
    "",
    "",
    "async def main() -> None:",
    "    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=${maxsize})",
    "",
    "    # Start consumer as a background task",
    "    consumer_task = asyncio.create_task(consumer(queue))",
    "",
    "    # Produce items",
    "    await producer(queue)",
    "",
    "    # Wait until all items are processed",
    "    await queue.join()",
    "    print(\"All items processed!\")",
    "",
    "    # Cancel the consumer (it's stuck waiting on get())",
    "    consumer_task.cancel()",
    "",
    "",
    "if __name__ == \"__main__\":",
    "    asyncio.run(main())",
};

enum { L_PUT = 6, L_GET = 12, L_WORK = 13, L_PRODUCE = 25, L_JOIN = 28 };

static const ScnLineCheck checks[] = {
    {L_PUT, "await queue.put(i)"},   {L_GET, "await queue.get()"},
    {L_WORK, "await asyncio.sleep"}, {L_PRODUCE, "await producer(queue)"},
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
    scn_print(p->run, "  produced {d}\n", (int)p->i);
}

static const ScnProducerSpec producer = {
    .name = "producer",
    .line_put = L_PUT, .count = item_count, .item = item_number, .after_put = said_put,
};

static void work_time(ScnWorker *w)
{
    w->work = 0.3;
}

static void consumed(ScnWorker *w)
{
    scn_print(w->run, "  consumed {v}\n", &w->item);
}

static const ScnWorkerSpec consumer = {
    .name = "consumer",
    .line_get = L_GET, .line_sleep = L_WORK, .before_sleep = work_time, .after_sleep = consumed,
};

static void worker_name(int index, char *buf, size_t size)
{
    snprintf(buf, size, index == 0 ? "consumer" : "consumer-%d", index + 1);
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
    m->consumer = scn_spawn(m->run, new_worker(m->run, 0), "consumer", SCN_ROLE_WORKER);
    SIM_AWAIT(co, L_PRODUCE, sim_awaitable_co(scn_producer_new(m->run, &producer)));
    SIM_AWAIT(co, L_JOIN, sim_queue_join(scn_run_queue(m->run)));
    scn_print(m->run, "All items processed!\n");
    sim_task_cancel(m->consumer);
    SIM_CO_END(co);
}

static const SimCoKind main_kind = {"main", main_fn, sizeof(Main), SIM_WAIT_NONE, NULL};

static SimCo *start(ScnRun *run)
{
    Main *m = (Main *)sim_co_new(scn_run_loop(run), &main_kind);
    m->run = run;
    return &m->co;
}

const Scenario scn_join = {
    .name = "join",
    .section = "1.2",
    .title = "Understanding task_done() and join()",
    .summary = "task_done() and join(): main waits until every item is processed",
    .note = "put() on an unbounded queue never waits, so all items are produced before "
            "the consumer runs. join() returns only when task_done() has been called once "
            "per item; the unfinished count shows how far there is to go.",
    .queue_kind = SIM_QUEUE_FIFO,
    .params = 1u << SCN_PARAM_ITEMS | 1u << SCN_PARAM_MAXSIZE,
    .defaults = {[SCN_PARAM_ITEMS] = 5, [SCN_PARAM_MAXSIZE] = 0, [SCN_PARAM_WORKERS] = 1},
    .min_version = SIM_PY_3_11,
    .mistakes = 1u << SCN_MISTAKE_FORGET_TASK_DONE,
    .source = source,
    .source_lines = sizeof source / sizeof source[0],
    .line_checks = checks,
    .nline_checks = sizeof checks / sizeof checks[0],
    .start = start,
    .new_worker = new_worker,
    .worker_name = worker_name,
};
