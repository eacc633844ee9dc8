/* producer_consumer.c - tutorial section 1.1: a producer, consumers and
 * None as the stop signal. */
#include <stdio.h>
#include <stdlib.h>

#include "scenarios/run.h"
#include "scenarios/shapes.h"
#include "sim/aio.h"
#include "sim/queue.h"
#include "sim/xalloc.h"

static const char *const source[] = {
    "import asyncio",
    "import time",
    "",
    "",
    "def letter_name(i: int) -> str:",
    "    \"\"\"0 -> A, 25 -> Z, 26 -> AA, 27 -> AB, ... (spreadsheet column names).\"\"\"",
    "    name = \"\"",
    "    i += 1",
    "    while i > 0:",
    "        i, r = divmod(i - 1, 26)",
    "        name = chr(ord(\"A\") + r) + name",
    "    return name",
    "",
    "",
    "async def producer(queue: asyncio.Queue, items: list[str]) -> None:",
    "    for item in items:",
    "        await asyncio.sleep(0.2)  # simulate producing work",
    "        await queue.put(item)",
    "        print(f\"  [producer] put: {item} | queue size: {queue.qsize()}\")",
    "",
    "    # Signal end-of-data",
    "    for _ in range(${workers}):",
    "        await queue.put(None)",
    "",
    "",
    "async def consumer(queue: asyncio.Queue, name: str) -> None:",
    "    while True:",
    "        item = await queue.get()",
    "        if item is None:",
    "            queue.task_done()",
    "            print(f\"  [{name}] received stop signal\")",
    "            break",
    "",
    "        print(f\"  [{name}] processing: {item}\")",
    "        await asyncio.sleep(0.5)  # simulate work",
    "        queue.task_done()",
    "        print(f\"  [{name}] done: {item}\")",
    "",
    "",
    "async def main() -> None:",
    "    queue: asyncio.Queue[str | None] = asyncio.Queue(maxsize=${maxsize})",
    "    items = [f\"task-{letter_name(i)}\" for i in range(${items})]",
    "",
    "    start = time.perf_counter()",
    "",
    "    await asyncio.gather(",
    "        producer(queue, items),",
    "        *[consumer(queue, f\"worker-{n}\") for n in range(1, ${workers} + 1)],",
    "    )",
    "",
    "    elapsed = time.perf_counter() - start",
    "    print(f\"\\nDone in {elapsed:.2f}s\")",
    "",
    "",
    "if __name__ == \"__main__\":",
    "    asyncio.run(main())",
};

enum { L_SLEEP = 17, L_PUT = 18, L_STOP = 23, L_GET = 28, L_WORK = 35, L_GATHER = 46 };

static const ScnLineCheck checks[] = {
    {L_SLEEP, "await asyncio.sleep(0.2)"}, {L_PUT, "await queue.put(item)"},
    {L_STOP, "await queue.put(None)"},     {L_GET, "await queue.get()"},
    {L_WORK, "await asyncio.sleep(0.5)"},  {L_GATHER, "await asyncio.gather("},
};

static long item_count(ScnRun *run)
{
    return (long)scn_run_params(run)->v[SCN_PARAM_ITEMS];
}

static double produce_delay(ScnProducer *p)
{
    (void)p;
    return 0.2;
}

static SimValue item_name(ScnProducer *p)
{
    char letters[24];
    scn_letter_name(p->i, letters, sizeof letters);
    return sim_value_strf("task-%s", letters);
}

static void said_put(ScnProducer *p)
{
    char letters[24];
    scn_letter_name(p->i, letters, sizeof letters);
    scn_print(p->run, "  [producer] put: task-{s} | queue size: {d}\n", letters,
              (int)sim_queue_qsize(scn_run_queue(p->run)));
}

static const ScnProducerSpec producer = {
    .name = "producer",
    .line_sleep = L_SLEEP, .line_put = L_PUT, .line_sentinel = L_STOP, .count = item_count,
    .delay = produce_delay, .item = item_name, .after_put = said_put,
};

/* None is the stop signal: acknowledge it and leave. */
static bool take_item(ScnWorker *w)
{
    if (!sim_value_is_none(&w->item))
        return true;
    sim_queue_task_done(scn_run_queue(w->run));
    scn_print(w->run, "  [{s}] received stop signal\n", w->name);
    return false;
}

static void start_work(ScnWorker *w)
{
    scn_print(w->run, "  [{s}] processing: {v}\n", w->name, &w->item);
    w->work = 0.5;
}

static void done_work(ScnWorker *w)
{
    scn_print(w->run, "  [{s}] done: {v}\n", w->name, &w->item);
}

static const ScnWorkerSpec consumer = {
    .name = "consumer",
    .line_get = L_GET, .line_sleep = L_WORK, .on_item = take_item, .before_sleep = start_work,
    .after_done = done_work,
};

static void worker_name(int index, char *buf, size_t size)
{
    snprintf(buf, size, "worker-%d", index + 1);
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
    double start;
} Main;

static SimCoSignal main_fn(SimCo *co)
{
    Main *m = (Main *)co;
    SIM_CO_BEGIN(co);
    m->start = sim_loop_time(co->loop);
    {
        int n = scn_run_workers(m->run);
        SimFuture **children = sim_xmalloc(((size_t)n + 1) * sizeof *children);
        children[0] = &scn_spawn(m->run, scn_producer_new(m->run, &producer), "producer",
                                 SCN_ROLE_PRODUCER)->fut;
        for (int i = 0; i < n; i++) {
            char name[24];
            worker_name(i, name, sizeof name);
            children[i + 1] = &scn_spawn(m->run, new_worker(m->run, i), name, SCN_ROLE_WORKER)->fut;
        }
        SimAwaitable aw = scn_await_gather(co->loop, children, n + 1);
        free(children);
        SIM_AWAIT(co, L_GATHER, aw);
    }
    scn_print(m->run, "\nDone in {.2f}s\n", sim_loop_time(co->loop) - m->start);
    SIM_CO_END(co);
}

static const SimCoKind main_kind = {"main", main_fn, sizeof(Main), SIM_WAIT_NONE, NULL};

static SimCo *start(ScnRun *run)
{
    Main *m = (Main *)sim_co_new(scn_run_loop(run), &main_kind);
    m->run = run;
    return &m->co;
}

const Scenario scn_producer_consumer = {
    .name = "producer-consumer",
    .section = "1.1",
    .title = "Simple producer-consumer",
    .summary = "one producer, consumers, and None as the stop signal",
    .note = "A consumer waiting in get() is woken by the put, but the item stays in the "
            "queue until the consumer runs: that is why 'queue size: 1' is printed. Each "
            "consumer leaves when it gets a None.",
    .queue_kind = SIM_QUEUE_FIFO,
    .params = 1u << SCN_PARAM_ITEMS | 1u << SCN_PARAM_MAXSIZE | 1u << SCN_PARAM_WORKERS,
    .defaults = {[SCN_PARAM_ITEMS] = 4, [SCN_PARAM_MAXSIZE] = 0, [SCN_PARAM_WORKERS] = 1},
    .min_version = SIM_PY_3_11,
    .mistakes = 1u << SCN_MISTAKE_FEWER_SENTINELS,
    .source = source,
    .source_lines = sizeof source / sizeof source[0],
    .line_checks = checks,
    .nline_checks = sizeof checks / sizeof checks[0],
    .start = start,
    .new_worker = new_worker,
    .worker_name = worker_name,
};
