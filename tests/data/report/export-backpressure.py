import asyncio
import time


async def fast_producer(queue: asyncio.Queue) -> None:
    for i in range(10):
        await queue.put(i)
        print(f"  [{time.perf_counter():.1f}] produced {i} | qsize: {queue.qsize()}")


async def slow_consumer(queue: asyncio.Queue) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0.5)  # slow processing
        print(f"  [{time.perf_counter():.1f}] consumed {item}")
        queue.task_done()


async def main() -> None:
    # Only 3 items can be in the queue at a time
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=3)

    consumer_task = asyncio.create_task(slow_consumer(queue))
    await fast_producer(queue)    # blocks when queue is full
    await queue.join()
    consumer_task.cancel()
    print("Done! Producer was slowed by backpressure.")


if __name__ == "__main__":
    asyncio.run(main())


# backpressure: tutorial section 2, "Backpressure with maxsize": maxsize makes
# a fast producer wait for a slow consumer.
#
# Exported by aqsim for Python 3.11 from:
#   aqsim --headless backpressure --items 10 --maxsize 3 --python 3.11
#
# aqsim simulates this program under a virtual clock: a sleep takes no real
# time and time.perf_counter() starts at 0.0. Under real time (plain python3)
# the program really sleeps, and the times it prints differ slightly from the
# simulator's virtual clock: every sleep overshoots a little, and
# time.perf_counter() does not start at 0. Other Python versions schedule a few
# things differently (aqsim --python-diff shows where). Line numbers are those
# aqsim's code pane, trace and reports use.
