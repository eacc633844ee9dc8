import asyncio
import random
import time


async def producer(queue: asyncio.Queue, num_items: int) -> None:
    for i in range(num_items):
        delay = random.uniform(0.1, 0.3)
        await asyncio.sleep(delay)
        await queue.put(f"item-{i}")
        print(f"  [producer] put item-{i}")


async def worker(queue: asyncio.Queue, name: str) -> None:
    while True:
        item = await queue.get()
        work_time = random.uniform(0.3, 1.0)
        print(f"  [{name}] processing {item} ({work_time:.2f}s)")
        await asyncio.sleep(work_time)
        print(f"  [{name}] done {item}")
        queue.task_done()


async def main() -> None:
    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=5)
    num_workers = 3
    num_items = 10

    start = time.perf_counter()

    # Create workers
    workers = [asyncio.create_task(worker(queue, f"W{i}")) for i in range(num_workers)]

    # Produce all items
    await producer(queue, num_items)

    # Wait for all items to be processed
    await queue.join()

    # Cancel workers (they're waiting on get())
    for w in workers:
        w.cancel()

    elapsed = time.perf_counter() - start
    print(f"\n{num_items} items processed by {num_workers} workers in {elapsed:.2f}s")


if __name__ == "__main__":
    random.seed(0)  # as aqsim --seed: the same random choices
    asyncio.run(main())


# worker-pool: tutorial section 3, "Multiple Consumers (Worker Pool Pattern)":
# a producer and a pool of workers with random work times.
#
# Exported by aqsim for Python 3.11 from:
#   aqsim --headless worker-pool --items 10 --maxsize 5 --workers 3 --seed 0 --python 3.11
#
# aqsim simulates this program under a virtual clock: a sleep takes no real
# time and time.perf_counter() starts at 0.0. Under real time (plain python3)
# the program really sleeps, and the times it prints differ slightly from the
# simulator's virtual clock: every sleep overshoots a little, and
# time.perf_counter() does not start at 0. Other Python versions schedule a few
# things differently (aqsim --python-diff shows where). Line numbers are those
# aqsim's code pane, trace and reports use.
