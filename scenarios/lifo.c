/* lifo.c - tutorial section 5: LifoQueue, a stack. */
#include <stdio.h>

#include "scenarios/run.h"
#include "scenarios/shapes.h"
#include "sim/queue.h"

static const char *const source[] = {
    "import asyncio",
    "",
    "",
    "async def main() -> None:",
    "    stack: asyncio.LifoQueue[str] = asyncio.LifoQueue()",
    "",
    "    # Push items",
    "    for item in [\"old-1\", \"old-2\", \"recent-3\", \"latest-4\"]:",
    "        await stack.put(item)",
    "        print(f\"  pushed: {item}\")",
    "",
    "    print(\"\\nPopping (LIFO order):\")",
    "    while not stack.empty():",
    "        item = await stack.get()",
    "        print(f\"  popped: {item}\")",
    "        stack.task_done()",
    "",
    "",
    "if __name__ == \"__main__\":",
    "    asyncio.run(main())",
};

enum { L_PUT = 9, L_GET = 14 };

static const ScnLineCheck checks[] = {
    {L_PUT, "await stack.put(item)"},
    {L_GET, "await stack.get()"},
};

static const char *const pushes[] = {"old-1", "old-2", "recent-3", "latest-4"};

typedef struct {
    SimCo co;
    ScnRun *run;
    int i;
    SimValue item;
} Main;

static void main_release(SimCo *co)
{
    sim_value_release(&((Main *)co)->item);
}

static SimCoSignal main_fn(SimCo *co)
{
    Main *m = (Main *)co;
    SimQueue *stack = scn_run_queue(m->run);
    SIM_CO_BEGIN(co);
    for (m->i = 0; m->i < (int)(sizeof pushes / sizeof pushes[0]); m->i++) {
        SIM_AWAIT(co, L_PUT, sim_queue_put(stack, sim_value_str(pushes[m->i])));
        scn_print(m->run, "  pushed: {s}\n", pushes[m->i]);
    }
    scn_print(m->run, "\nPopping (LIFO order):\n");
    while (!sim_queue_empty(stack)) {
        SIM_AWAIT(co, L_GET, sim_queue_get(stack));
        m->item = sim_co_take_value(co);
        scn_print(m->run, "  popped: {v}\n", &m->item);
        sim_value_release(&m->item);
        sim_queue_task_done(stack);
    }
    SIM_CO_END(co);
}

static const SimCoKind main_kind = {"main", main_fn, sizeof(Main), SIM_WAIT_NONE, main_release};

static SimCo *start(ScnRun *run)
{
    Main *m = (Main *)sim_co_new(scn_run_loop(run), &main_kind);
    m->run = run;
    m->item = sim_value_none();
    return &m->co;
}

const Scenario scn_lifo = {
    .name = "lifo",
    .section = "5",
    .title = "asyncio.LifoQueue (Stack)",
    .summary = "last in, first out: the newest item comes out first",
    .note = "LifoQueue's get() pops the most recent put. Nothing here ever waits: put() "
            "has room and get() has an item, so the whole program runs in one step.",
    .queue_kind = SIM_QUEUE_LIFO,
    .params = 0,
    .defaults = {0},
    .min_version = SIM_PY_3_11,
    .source = source,
    .source_lines = sizeof source / sizeof source[0],
    .line_checks = checks,
    .nline_checks = sizeof checks / sizeof checks[0],
    .start = start,
};
