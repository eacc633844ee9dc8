/* shutdown.c - tutorial section 6: graceful shutdown with an Event and
 * wait_for polling. */
#include <stdio.h>
#include <stdlib.h>

#include "scenarios/run.h"
#include "scenarios/shapes.h"
#include "sim/aio.h"
#include "sim/queue.h"
#include "sim/xalloc.h"

static const char *const source[] = {
    "import asyncio",
    "",
    "",
    "async def producer(queue: asyncio.Queue, shutdown: asyncio.Event) -> None:",
    "    i = 0",
    "    while not shutdown.is_set():",
    "        await queue.put(f\"item-{i}\")",
    "        print(f\"  [producer] put item-{i}\")",
    "        i += 1",
    "        await asyncio.sleep(0.3)",
    "",
    "    print(\"  [producer] shutting down\")",
    "",
    "",
    "async def consumer(queue: asyncio.Queue, name: str, shutdown: asyncio.Event) -> None:",
    "    while True:",
    "        try:",
    "            item = await asyncio.wait_for(queue.get(), timeout=${timeout})",
    "        except asyncio.TimeoutError:",
    "            if shutdown.is_set():",
    "                print(f\"  [{name}] shutting down\")",
    "                break",
    "            continue",
    "",
    "        print(f\"  [{name}] processing {item}\")",
    "        await asyncio.sleep(0.5)",
    "        queue.task_done()",
    "",
    "",
    "async def main() -> None:",
    "    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=${maxsize})",
    "    shutdown = asyncio.Event()",
    "",
    "    # Simulate shutdown after ${shutdown-at} seconds",
    "    async def trigger_shutdown():",
    "        await asyncio.sleep(${shutdown-at})",
    "        print(\"\\n--- Shutdown signal received ---\")",
    "        shutdown.set()",
    "",
    "    await asyncio.gather(",
    "        producer(queue, shutdown),",
    "        *[consumer(queue, f\"W{n}\", shutdown) for n in range(1, ${workers} + 1)],",
    "        trigger_shutdown(),",
    "    )",
    "",
    "    await queue.join()",
    "    print(\"All done!\")",
    "",
    "",
    "if __name__ == \"__main__\":",
    "    asyncio.run(main())",
};

enum { L_PUT = 7, L_TICK = 10, L_GET = 18, L_WORK = 26, L_TRIGGER = 36, L_GATHER = 40,
       L_JOIN = 46 };

static const ScnLineCheck checks[] = {
    {L_PUT, "await queue.put("},           {L_TICK, "await asyncio.sleep(0.3)"},
    {L_GET, "await asyncio.wait_for("},    {L_WORK, "await asyncio.sleep(0.5)"},
    {L_TRIGGER, "await asyncio.sleep("},   {L_GATHER, "await asyncio.gather("},
    {L_JOIN, "await queue.join()"},
};

static const ScnTickerSpec producer = {.line_put = L_PUT, .line_sleep = L_TICK, .use_event = true};
static const ScnStoppableSpec consumer = {.line_get = L_GET, .line_sleep = L_WORK,
                                          .wait_for_event = true};

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

/* trigger_shutdown() */
typedef struct {
    SimCo co;
    ScnRun *run;
} Trigger;

static SimCoSignal trigger_fn(SimCo *co)
{
    Trigger *t = (Trigger *)co;
    SIM_CO_BEGIN(co);
    SIM_AWAIT(co, L_TRIGGER,
              sim_aio_sleep(co->loop, scn_run_params(t->run)->v[SCN_PARAM_SHUTDOWN_AT]));
    scn_print(t->run, "\n--- Shutdown signal received ---\n");
    sim_event_set(scn_run_event(t->run));
    SIM_CO_END(co);
}

static const SimCoKind trigger_kind = {"main.<locals>.trigger_shutdown", trigger_fn,
                                       sizeof(Trigger), SIM_WAIT_NONE, NULL};

typedef struct {
    SimCo co;
    ScnRun *run;
} Main;

static SimCoSignal main_fn(SimCo *co)
{
    Main *m = (Main *)co;
    SIM_CO_BEGIN(co);
    {
        int n = scn_run_workers(m->run);
        SimFuture **children = sim_xmalloc(((size_t)n + 2) * sizeof *children);
        children[0] = &scn_spawn(m->run, scn_ticker_new(m->run, &producer), "producer",
                                 SCN_ROLE_PRODUCER)->fut;
        for (int i = 0; i < n; i++) {
            char name[24];
            worker_name(i, name, sizeof name);
            children[i + 1] = &scn_spawn(m->run, new_worker(m->run, i), name, SCN_ROLE_WORKER)->fut;
        }
        Trigger *t = (Trigger *)sim_co_new(co->loop, &trigger_kind);
        t->run = m->run;
        children[n + 1] = &scn_spawn(m->run, &t->co, "trigger_shutdown", SCN_ROLE_TRIGGER)->fut;
        SimAwaitable aw = scn_await_gather(co->loop, children, n + 2);
        free(children);
        SIM_AWAIT(co, L_GATHER, aw);
    }
    SIM_AWAIT(co, L_JOIN, sim_queue_join(scn_run_queue(m->run)));
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

const Scenario scn_shutdown = {
    .name = "shutdown",
    .section = "6",
    .title = "Graceful Shutdown Pattern",
    .summary = "an Event tells producer and consumers to stop; wait_for polls get()",
    .note = "Consumers wait in get() with a timeout so they can look at the shutdown Event "
            "now and then. After the Event is set, the producer stops at its next check and "
            "each consumer leaves at its next timeout. Set the Event early with s.",
    .queue_kind = SIM_QUEUE_FIFO,
    .params = 1u << SCN_PARAM_WORKERS | 1u << SCN_PARAM_MAXSIZE | 1u << SCN_PARAM_SHUTDOWN_AT |
              1u << SCN_PARAM_TIMEOUT,
    .defaults = {[SCN_PARAM_WORKERS] = 2, [SCN_PARAM_MAXSIZE] = 5, [SCN_PARAM_SHUTDOWN_AT] = 3.0,
                 [SCN_PARAM_TIMEOUT] = 1.0},
    .min_version = SIM_PY_3_11,
    .has_shutdown_event = true,
    .source = source,
    .source_lines = sizeof source / sizeof source[0],
    .line_checks = checks,
    .nline_checks = sizeof checks / sizeof checks[0],
    .start = start,
    .new_worker = new_worker,
    .worker_name = worker_name,
};
