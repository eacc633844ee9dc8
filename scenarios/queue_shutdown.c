/* queue_shutdown.c - section 6 done the Python 3.13 way, with
 * Queue.shutdown() instead of an Event and wait_for polling. */
#include <stdio.h>

#include "scenarios/run.h"
#include "scenarios/shapes.h"
#include "sim/aio.h"
#include "sim/queue.h"

static const char *const source[] = {
    "import asyncio",
    "",
    "",
    "async def producer(queue: asyncio.Queue) -> None:",
    "    i = 0",
    "    while True:",
    "        await queue.put(f\"item-{i}\")",
    "        print(f\"  [producer] put item-{i}\")",
    "        i += 1",
    "        await asyncio.sleep(0.3)",
    "",
    "",
    "async def consumer(queue: asyncio.Queue, name: str) -> None:",
    "    while True:",
    "        try:",
    "            item = await queue.get()",
    "        except asyncio.QueueShutDown:",
    "            print(f\"  [{name}] queue shut down, exiting\")",
    "            break",
    "",
    "        print(f\"  [{name}] processing {item}\")",
    "        await asyncio.sleep(0.5)",
    "        queue.task_done()",
    "",
    "",
    "async def main() -> None:",
    "    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=${maxsize})",
    "",
    "    producer_task = asyncio.create_task(producer(queue))",
    "    consumers = [asyncio.create_task(consumer(queue, f\"W{n}\")) for n in range(1, ${workers} + 1)]",
    "",
    "    # Simulate a shutdown signal after ${shutdown-at} seconds",
    "    await asyncio.sleep(${shutdown-at})",
    "    print(\"\\n--- Shutdown signal received ---\")",
    "    producer_task.cancel()                    # no new items",
    "    queue.shutdown(immediate=${immediate})  # blocked get()/put() raise QueueShutDown",
    "",
    "    await queue.join()",
    "    await asyncio.gather(*consumers)",
    "    print(\"All done!\")",
    "",
    "",
    "if __name__ == \"__main__\":",
    "    asyncio.run(main())",
};

enum { L_PUT = 7, L_TICK = 10, L_GET = 16, L_WORK = 22, L_SLEEP = 33, L_JOIN = 38, L_GATHER = 39 };

static const ScnLineCheck checks[] = {
    {L_PUT, "await queue.put("},          {L_TICK, "await asyncio.sleep(0.3)"},
    {L_GET, "await queue.get()"},         {L_WORK, "await asyncio.sleep(0.5)"},
    {L_SLEEP, "await asyncio.sleep("},    {L_JOIN, "await queue.join()"},
    {L_GATHER, "await asyncio.gather("},
};

static const ScnTickerSpec producer = {.line_put = L_PUT, .line_sleep = L_TICK, .use_event = false};
static const ScnStoppableSpec consumer = {.line_get = L_GET, .line_sleep = L_WORK,
                                          .wait_for_event = false};

static void worker_name(int index, char *buf, size_t size)
{
    snprintf(buf, size, "W%d", index + 1);
}

static SimCo *new_worker(ScnRun *run, int index)
{
    char name[24];
    worker_name(index, name, sizeof name);
    return scn_stoppable_new(run, &consumer, index, name);
}

typedef struct {
    SimCo co;
    ScnRun *run;
    SimTask *producer;
} Main;

static SimCoSignal main_fn(SimCo *co)
{
    Main *m = (Main *)co;
    const ScnParams *p = scn_run_params(m->run);
    SIM_CO_BEGIN(co);
    m->producer = scn_spawn(m->run, scn_ticker_new(m->run, &producer), "producer",
                            SCN_ROLE_PRODUCER);
    for (int i = 0; i < scn_run_workers(m->run); i++) {
        char name[24];
        worker_name(i, name, sizeof name);
        scn_spawn(m->run, new_worker(m->run, i), name, SCN_ROLE_WORKER);
    }
    SIM_AWAIT(co, L_SLEEP, sim_aio_sleep(co->loop, p->v[SCN_PARAM_SHUTDOWN_AT]));
    scn_print(m->run, "\n--- Shutdown signal received ---\n");
    sim_task_cancel(m->producer);
    sim_queue_shutdown(scn_run_queue(m->run), p->v[SCN_PARAM_IMMEDIATE] != 0);
    SIM_AWAIT(co, L_JOIN, sim_queue_join(scn_run_queue(m->run)));
    SIM_AWAIT(co, L_GATHER, scn_gather_workers(m->run));
    scn_print(m->run, "All done!\n");
    SIM_CO_END(co);
}

static const SimCoKind main_kind = {"main", main_fn, sizeof(Main), SIM_WAIT_NONE, NULL};

static SimCo *start(ScnRun *run)
{
    Main *m = (Main *)sim_co_new(scn_run_loop(run), &main_kind);
    m->run = run;
    return &m->co;
}

const Scenario scn_queue_shutdown = {
    .name = "queue-shutdown",
    .section = "6",
    .title = "Graceful Shutdown Pattern, done with Python 3.13's Queue.shutdown()",
    .summary = "Python 3.13's Queue.shutdown(): consumers drain, then get() raises",
    .note = "After shutdown(), put() raises QueueShutDown and get() keeps returning items "
            "until the queue is empty, then raises. With --immediate the queued items are "
            "dropped (and counted as done), so join() waits only for items in progress.",
    .queue_kind = SIM_QUEUE_FIFO,
    .params = 1u << SCN_PARAM_WORKERS | 1u << SCN_PARAM_MAXSIZE | 1u << SCN_PARAM_SHUTDOWN_AT |
              1u << SCN_PARAM_IMMEDIATE,
    .defaults = {[SCN_PARAM_WORKERS] = 2, [SCN_PARAM_MAXSIZE] = 5, [SCN_PARAM_SHUTDOWN_AT] = 3.0,
                 [SCN_PARAM_IMMEDIATE] = 0},
    .min_version = SIM_PY_3_13,
    .source = source,
    .source_lines = sizeof source / sizeof source[0],
    .line_checks = checks,
    .nline_checks = sizeof checks / sizeof checks[0],
    .start = start,
    .new_worker = new_worker,
    .worker_name = worker_name,
};
