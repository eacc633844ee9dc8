/* retry.c - practice problem 2: failed calls go back into a PriorityQueue
 * with a higher priority. */
#include <stdio.h>

#include "scenarios/run.h"
#include "scenarios/shapes.h"
#include "sim/aio.h"
#include "sim/queue.h"

static const char *const source[] = {
    "import asyncio",
    "import random",
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
    "async def unreliable_api(item: str) -> str:",
    "    if random.random() < 0.4:",
    "        raise ConnectionError(f\"Failed: {item}\")",
    "    await asyncio.sleep(0.3)",
    "    return f\"Success: {item}\"",
    "",
    "",
    "async def worker(queue: asyncio.PriorityQueue, name: str) -> None:",
    "    # Get items, call API, re-queue failures with higher priority",
    "    while True:",
    "        priority, item = await queue.get()",
    "        try:",
    "            result = await unreliable_api(item)",
    "            print(f\"  [{name}] {result}\")",
    "        except ConnectionError:",
    "            print(f\"  [{name}] Failed: {item} -> retry at priority {priority - 1}\")",
    "            await queue.put((priority - 1, item))",
    "        finally:",
    "            queue.task_done()",
    "",
    "",
    "async def main() -> None:",
    "    queue: asyncio.PriorityQueue = asyncio.PriorityQueue()",
    "    items = [f\"req-{letter_name(i)}\" for i in range(${items})]",
    "",
    "    # Initial priority = 5 (low)",
    "    for item in items:",
    "        await queue.put((5, item))",
    "",
    "    # Run workers until queue is empty",
    "    workers = [asyncio.create_task(worker(queue, f\"W{i}\")) for i in range(${workers})]",
    "    await queue.join()",
    "    for w in workers:",
    "        w.cancel()",
    "    print(\"All requests done\")",
    "",
    "",
    "if __name__ == \"__main__\":",
    "    asyncio.run(main())",
};

enum { L_API_SLEEP = 18, L_GET = 25, L_CALL = 27, L_REQUEUE = 31, L_PUT = 42, L_JOIN = 46 };

static const ScnLineCheck checks[] = {
    {L_API_SLEEP, "await asyncio.sleep(0.3)"}, {L_GET, "await queue.get()"},
    {L_CALL, "await unreliable_api(item)"},     {L_REQUEUE, "await queue.put((priority - 1"},
    {L_PUT, "await queue.put((5, item))"},      {L_JOIN, "await queue.join()"},
};

static SimValue request(long priority, const SimValue *item)
{
    SimValue pair[2] = {sim_value_int(priority), sim_value_copy(item)};
    return sim_value_tuple(2, pair);
}

/* unreliable_api(item): may raise before its first await, so a failing
 * call never suspends. */
typedef struct {
    SimCo co;
    SimValue item;
} Api;

static void api_release(SimCo *co)
{
    sim_value_release(&((Api *)co)->item);
}

static SimCoSignal api_fn(SimCo *co)
{
    Api *a = (Api *)co;
    SIM_CO_BEGIN(co);
    if (sim_rng_random(sim_loop_rng(co->loop)) < 0.4)
        SIM_CO_RAISE(co, SIM_EXC_CONNECTION);
    SIM_AWAIT(co, L_API_SLEEP, sim_aio_sleep(co->loop, 0.3));
    {
        size_t n;
        const char *s = sim_value_str_data(&a->item, &n);
        SIM_CO_RETURN(co, sim_value_strf("Success: %.*s", (int)n, s));
    }
    SIM_CO_END(co);
}

static const SimCoKind api_kind = {"unreliable_api", api_fn, sizeof(Api), SIM_WAIT_NONE,
                                   api_release};

typedef struct {
    SimCo co;
    ScnRun *run;
    char name[24];
    long priority;
    SimValue item;
    SimExc failure;
} Worker;

static void worker_release(SimCo *co)
{
    sim_value_release(&((Worker *)co)->item);
}

static bool retiring(const SimCo *co)
{
    return co->task && co->task->retire_requested;
}

static SimCoSignal worker_fn(SimCo *co)
{
    Worker *w = (Worker *)co;
    SimQueue *q = scn_run_queue(w->run);
    SIM_CO_BEGIN(co);
    for (;;) {
        if (retiring(co))
            break;
        SIM_AWAIT_TRY(co, L_GET, sim_queue_get(q));
        if (co->in.exc == SIM_EXC_CANCELLED && retiring(co)) {
            sim_outcome_release(&co->in);
            break;
        }
        if (co->in.exc != SIM_EXC_NONE)
            return sim_co_reraise(co);
        {
            SimValue pair = sim_co_take_value(co);
            w->priority = (long)sim_value_item(&pair, 0)->u.i;
            w->item = sim_value_copy(sim_value_item(&pair, 1));
            sim_task_set_holding(co->task, &pair);
            sim_value_release(&pair);
        }
        /* try: */
        {
            Api *a = (Api *)sim_co_new(co->loop, &api_kind);
            a->item = sim_value_copy(&w->item);
            SIM_AWAIT_TRY(co, L_CALL, sim_awaitable_co(&a->co));
        }
        w->failure = co->in.exc;
        if (w->failure == SIM_EXC_NONE) {
            scn_print(w->run, "  [{s}] {v}\n", w->name, &co->in.value);
        } else if (w->failure == SIM_EXC_CONNECTION) {
            /* except ConnectionError: */
            w->failure = SIM_EXC_NONE;
            scn_print(w->run, "  [{s}] Failed: {v} -> retry at priority {d}\n", w->name, &w->item,
                      (int)(w->priority - 1));
            SIM_AWAIT_TRY(co, L_REQUEUE, sim_queue_put(q, request(w->priority - 1, &w->item)));
            w->failure = co->in.exc;
        }
        /* finally: */
        sim_queue_task_done(q);
        sim_value_release(&w->item);
        sim_task_set_holding(co->task, NULL);
        if (w->failure != SIM_EXC_NONE)
            return sim_co_reraise(co);
        sim_outcome_release(&co->in);
    }
    SIM_CO_END(co);
}

static const SimCoKind worker_kind = {"worker", worker_fn, sizeof(Worker), SIM_WAIT_NONE,
                                      worker_release};

static void worker_name(int index, char *buf, size_t size)
{
    snprintf(buf, size, "W%d", index);
}

static SimCo *new_worker(ScnRun *run, int index)
{
    Worker *w = (Worker *)sim_co_new(scn_run_loop(run), &worker_kind);
    w->run = run;
    w->item = sim_value_none();
    worker_name(index, w->name, sizeof w->name);
    return &w->co;
}

typedef struct {
    SimCo co;
    ScnRun *run;
    long i;
} Main;

static SimCoSignal main_fn(SimCo *co)
{
    Main *m = (Main *)co;
    const ScnParams *p = scn_run_params(m->run);
    SIM_CO_BEGIN(co);
    for (m->i = 0; m->i < (long)p->v[SCN_PARAM_ITEMS]; m->i++) {
        char letters[24];
        scn_letter_name(m->i, letters, sizeof letters);
        SimValue name = sim_value_strf("req-%s", letters);
        SimValue req = request(5, &name);
        sim_value_release(&name);
        SIM_AWAIT(co, L_PUT, sim_queue_put(scn_run_queue(m->run), req));
    }
    for (int i = 0; i < scn_run_workers(m->run); i++) {
        char name[24];
        worker_name(i, name, sizeof name);
        scn_spawn(m->run, new_worker(m->run, i), name, SCN_ROLE_WORKER);
    }
    SIM_AWAIT(co, L_JOIN, sim_queue_join(scn_run_queue(m->run)));
    for (size_t i = 0; i < scn_run_task_count(m->run); i++)
        if (scn_run_task_at(m->run, i)->role == SCN_ROLE_WORKER)
            sim_task_cancel(scn_run_task_at(m->run, i));
    scn_print(m->run, "All requests done\n");
    SIM_CO_END(co);
}

static const SimCoKind main_kind = {"main", main_fn, sizeof(Main), SIM_WAIT_NONE, NULL};

static SimCo *start(ScnRun *run)
{
    Main *m = (Main *)sim_co_new(scn_run_loop(run), &main_kind);
    m->run = run;
    return &m->co;
}

const Scenario scn_retry = {
    .name = "retry",
    .section = "8, problem 2",
    .title = "Practice: priority retry queue",
    .summary = "failed calls are re-queued with a higher priority",
    .note = "unreliable_api raises before its first await, so a failure never suspends: the "
            "worker prints Failed, re-queues the request one priority higher and gets it "
            "straight back. Equal priorities are ordered by the request name.",
    .queue_kind = SIM_QUEUE_PRIORITY,
    .params = 1u << SCN_PARAM_ITEMS | 1u << SCN_PARAM_WORKERS,
    .defaults = {[SCN_PARAM_ITEMS] = 4, [SCN_PARAM_WORKERS] = 2},
    .min_version = SIM_PY_3_11,
    .source = source,
    .source_lines = sizeof source / sizeof source[0],
    .line_checks = checks,
    .nline_checks = sizeof checks / sizeof checks[0],
    .start = start,
    .new_worker = new_worker,
    .worker_name = worker_name,
};
