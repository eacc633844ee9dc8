import asyncio
from dataclasses import dataclass, field


@dataclass(order=True)
class PrioritizedTask:
    priority: int
    name: str = field(compare=False)
    data: dict = field(compare=False, default_factory=dict)


async def producer(queue: asyncio.PriorityQueue) -> None:
    tasks = [
        PrioritizedTask(priority=3, name="low-priority-backup"),
        PrioritizedTask(priority=1, name="critical-alert"),
        PrioritizedTask(priority=2, name="normal-log"),
        PrioritizedTask(priority=1, name="critical-payment"),
    ]

    for task in tasks:
        await queue.put(task)
        print(f"  [producer] queued: {task.name} (priority={task.priority})")


async def consumer(queue: asyncio.PriorityQueue) -> None:
    while not queue.empty():
        task = await queue.get()
        print(f"  [consumer] processing: {task.name} (priority={task.priority})")
        await asyncio.sleep(0.3)
        queue.task_done()


async def main() -> None:
    queue: asyncio.PriorityQueue = asyncio.PriorityQueue()

    await producer(queue)
    print("\nProcessing in priority order:")
    await consumer(queue)


if __name__ == "__main__":
    asyncio.run(main())


# priority: tutorial section 4, "asyncio.PriorityQueue": items come out lowest
# priority number first.
#
# Exported by aqsim for Python 3.11 from:
#   aqsim --headless priority --python 3.11
#
# aqsim simulates this program under a virtual clock: a sleep takes no real
# time and time.perf_counter() starts at 0.0. Under real time (plain python3)
# the program really sleeps, and the times it prints differ slightly from the
# simulator's virtual clock: every sleep overshoots a little, and
# time.perf_counter() does not start at 0. Other Python versions schedule a few
# things differently (aqsim --python-diff shows where). Line numbers are those
# aqsim's code pane, trace and reports use.
