import asyncio
import random
import time


async def producer(queue: asyncio.Queue, count: int) -> None:
    for i in range(count):
        await queue.put(i)
    print(f"Producer done: {count} items queued")


async def worker(queue: asyncio.Queue, name: str, stats: dict) -> None:
    # Process items, track count and total time in stats dict
    # (main() creates stats[name] before the task starts)
    while True:
        item = await queue.get()
        start = time.perf_counter()
        await asyncio.sleep(random.uniform(0.1, 0.5))
        stats[name]["count"] += 1
        stats[name]["total_time"] += time.perf_counter() - start
        queue.task_done()


async def main() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=5)
    stats: dict[str, dict] = {}
    num_items = 20
    num_workers = 3

    start = time.perf_counter()

    # Create producer and workers, wait for the work, print stats
    names = [f"W{i}" for i in range(num_workers)]
    for name in names:
        stats[name] = {"count": 0, "total_time": 0.0}
    workers = [asyncio.create_task(worker(queue, name, stats)) for name in names]

    await producer(queue, num_items)
    await queue.join()

    for w in workers:
        w.cancel()

    elapsed = time.perf_counter() - start
    total_items = 0
    for name in names:
        count = stats[name]["count"]
        avg = stats[name]["total_time"] / count if count else 0.0
        total_items += count
        print(f"  {name}: {count} items, avg {avg:.2f}s")
    print(f"Total: {total_items} items in {elapsed:.2f}s")


if __name__ == "__main__":
    random.seed(0)  # as aqsim --seed: the same random choices
    asyncio.run(main())


# pool-stats: tutorial section 8, problem 1, "Practice: worker pool with
# stats": a worker pool that counts items and processing time per worker.
#
# Exported by aqsim for Python 3.11 from:
#   aqsim --headless pool-stats --items 20 --maxsize 5 --workers 3 --seed 0 --python 3.11
#
# aqsim simulates this program under a virtual clock: a sleep takes no real
# time and time.perf_counter() starts at 0.0. Under real time (plain python3)
# the program really sleeps, and the times it prints differ slightly from the
# simulator's virtual clock: every sleep overshoots a little, and
# time.perf_counter() does not start at 0. Other Python versions schedule a few
# things differently (aqsim --python-diff shows where). Line numbers are those
# aqsim's code pane, trace and reports use.
