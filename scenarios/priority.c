/* priority.c - tutorial section 4: PriorityQueue and dataclass(order=True). */
#include <stdio.h>

#include "scenarios/run.h"
#include "scenarios/shapes.h"
#include "sim/queue.h"

static const char *const source[] = {
    "import asyncio",
    "from dataclasses import dataclass, field",
    "",
    "",
    "@dataclass(order=True)",
    "class PrioritizedTask:",
    "    priority: int",
    "    name: str = field(compare=False)",
    "    data: dict = field(compare=False, default_factory=dict)",
    "",
    "",
    "async def producer(queue: asyncio.PriorityQueue) -> None:",
    "    tasks = [",
    "        PrioritizedTask(priority=3, name=\"low-priority-backup\"),",
    "        PrioritizedTask(priority=1, name=\"critical-alert\"),",
    "        PrioritizedTask(priority=2, name=\"normal-log\"),",
    "        PrioritizedTask(priority=1, name=\"critical-payment\"),",
    "    ]",
    "",
    "    for task in tasks:",
    "        await queue.put(task)",
    "        print(f\"  [producer] queued: {task.name} (priority={task.priority})\")",
    "",
    "",
    "async def consumer(queue: asyncio.PriorityQueue) -> None:",
    "    while not queue.empty():",
    "        task = await queue.get()",
    "        print(f\"  [consumer] processing: {task.name} (priority={task.priority})\")",
    "        await asyncio.sleep(0.3)",
    "        queue.task_done()",
    "",
    "",
    "async def main() -> None:",
    "    queue: asyncio.PriorityQueue = asyncio.PriorityQueue()",
    "",
    "    await producer(queue)",
    "    print(\"\\nProcessing in priority order:\")",
    "    await consumer(queue)",
    "",
    "",
    "if __name__ == \"__main__\":",
    "    asyncio.run(main())",
};

enum { L_PUT = 21, L_GET = 27, L_WORK = 29, L_PRODUCE = 36, L_CONSUME = 38 };

static const ScnLineCheck checks[] = {
    {L_PUT, "await queue.put(task)"},     {L_GET, "await queue.get()"},
    {L_WORK, "await asyncio.sleep(0.3)"}, {L_PRODUCE, "await producer(queue)"},
    {L_CONSUME, "await consumer(queue)"},
};

/* @dataclass(order=True): only `priority` takes part in comparisons. */
static const char *const field_names[] = {"priority", "name"};
static const bool field_compare[] = {true, false};
static const SimRecordType prioritized_task = {"PrioritizedTask", 2, field_names, field_compare};

static const struct {
    int priority;
    const char *name;
} jobs[] = {
    {3, "low-priority-backup"},
    {1, "critical-alert"},
    {2, "normal-log"},
    {1, "critical-payment"},
};

static long job_count(ScnRun *run)
{
    (void)run;
    return (long)(sizeof jobs / sizeof jobs[0]);
}

static SimValue job(ScnProducer *p)
{
    SimValue fields[2] = {sim_value_int(jobs[p->i].priority), sim_value_str(jobs[p->i].name)};
    return sim_value_record(&prioritized_task, fields);
}

static void said_queued(ScnProducer *p)
{
    scn_print(p->run, "  [producer] queued: {s} (priority={d})\n", jobs[p->i].name,
              jobs[p->i].priority);
}

static const ScnProducerSpec producer = {
    .name = "producer",
    .line_put = L_PUT, .count = job_count, .item = job, .after_put = said_queued,
};

static void start_work(ScnWorker *w)
{
    scn_print(w->run, "  [consumer] processing: {v} (priority={v})\n", sim_value_item(&w->item, 1),
              sim_value_item(&w->item, 0));
    w->work = 0.3;
}

static const ScnWorkerSpec consumer = {
    .name = "consumer",
    .line_get = L_GET, .line_sleep = L_WORK, .until_empty = true, .before_sleep = start_work,
};

typedef struct {
    SimCo co;
    ScnRun *run;
} Main;

static SimCoSignal main_fn(SimCo *co)
{
    Main *m = (Main *)co;
    SIM_CO_BEGIN(co);
    SIM_AWAIT(co, L_PRODUCE, sim_awaitable_co(scn_producer_new(m->run, &producer)));
    scn_print(m->run, "\nProcessing in priority order:\n");
    SIM_AWAIT(co, L_CONSUME, sim_awaitable_co(scn_worker_new(m->run, &consumer, 0, "consumer")));
    SIM_CO_END(co);
}

static const SimCoKind main_kind = {"main", main_fn, sizeof(Main), SIM_WAIT_NONE, NULL};

static SimCo *start(ScnRun *run)
{
    Main *m = (Main *)sim_co_new(scn_run_loop(run), &main_kind);
    m->run = run;
    return &m->co;
}

const Scenario scn_priority = {
    .name = "priority",
    .section = "4",
    .title = "asyncio.PriorityQueue",
    .summary = "items come out lowest priority number first",
    .note = "PriorityQueue is a heap: get() returns the smallest item, compared on the "
            "dataclass's priority field only. The two priority-1 jobs are equal, and the "
            "heap's shape decides which comes first.",
    .queue_kind = SIM_QUEUE_PRIORITY,
    .params = 0,
    .defaults = {0},
    .min_version = SIM_PY_3_11,
    .source = source,
    .source_lines = sizeof source / sizeof source[0],
    .line_checks = checks,
    .nline_checks = sizeof checks / sizeof checks[0],
    .start = start,
};
