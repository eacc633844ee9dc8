import asyncio


async def producer(queue: asyncio.Queue) -> None:
    for i in range(5):
        await queue.put(i)
        print(f"  produced {i}")


async def consumer(queue: asyncio.Queue) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0.3)
        print(f"  consumed {item}")
        queue.task_done()


async def main() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=0)

    # Start consumer as a background task
    consumer_task = asyncio.create_task(consumer(queue))

    # Produce items
    await producer(queue)

    # Wait until all items are processed
    await queue.join()
    print("All items processed!")

    # Cancel the consumer (it's stuck waiting on get())
    consumer_task.cancel()


if __name__ == "__main__":
    asyncio.run(main())


# join: tutorial section 1.2, "Understanding task_done() and join()":
# task_done() and join(): main waits until every item is processed.
#
# Exported by aqsim for Python 3.11 from:
#   aqsim --headless join --items 5 --maxsize 0 --python 3.11
#
# aqsim simulates this program under a virtual clock: a sleep takes no real
# time and time.perf_counter() starts at 0.0. Under real time (plain python3)
# the program really sleeps, and the times it prints differ slightly from the
# simulator's virtual clock: every sleep overshoots a little, and
# time.perf_counter() does not start at 0. Other Python versions schedule a few
# things differently (aqsim --python-diff shows where). Line numbers are those
# aqsim's code pane, trace and reports use.
