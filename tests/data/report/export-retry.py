import asyncio
import random


def letter_name(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 27 -> AB, ... (spreadsheet column names)."""
    name = ""
    i += 1
    while i > 0:
        i, r = divmod(i - 1, 26)
        name = chr(ord("A") + r) + name
    return name


async def unreliable_api(item: str) -> str:
    if random.random() < 0.4:
        raise ConnectionError(f"Failed: {item}")
    await asyncio.sleep(0.3)
    return f"Success: {item}"


async def worker(queue: asyncio.PriorityQueue, name: str) -> None:
    # Get items, call API, re-queue failures with higher priority
    while True:
        priority, item = await queue.get()
        try:
            result = await unreliable_api(item)
            print(f"  [{name}] {result}")
        except ConnectionError:
            print(f"  [{name}] Failed: {item} -> retry at priority {priority - 1}")
            await queue.put((priority - 1, item))
        finally:
            queue.task_done()


async def main() -> None:
    queue: asyncio.PriorityQueue = asyncio.PriorityQueue()
    items = [f"req-{letter_name(i)}" for i in range(4)]

    # Initial priority = 5 (low)
    for item in items:
        await queue.put((5, item))

    # Run workers until queue is empty
    workers = [asyncio.create_task(worker(queue, f"W{i}")) for i in range(2)]
    await queue.join()
    for w in workers:
        w.cancel()
    print("All requests done")


if __name__ == "__main__":
    random.seed(0)  # as aqsim --seed: the same random choices
    asyncio.run(main())


# retry: tutorial section 8, problem 2, "Practice: priority retry queue":
# failed calls are re-queued with a higher priority.
#
# Exported by aqsim for Python 3.11 from:
#   aqsim --headless retry --items 4 --workers 2 --seed 0 --python 3.11
#
# aqsim simulates this program under a virtual clock: a sleep takes no real
# time and time.perf_counter() starts at 0.0. Under real time (plain python3)
# the program really sleeps, and the times it prints differ slightly from the
# simulator's virtual clock: every sleep overshoots a little, and
# time.perf_counter() does not start at 0. Other Python versions schedule a few
# things differently (aqsim --python-diff shows where). Line numbers are those
# aqsim's code pane, trace and reports use.
