import asyncio


async def producer(queue: asyncio.Queue) -> None:
    i = 0
    while True:
        await queue.put(f"item-{i}")
        print(f"  [producer] put item-{i}")
        i += 1
        await asyncio.sleep(0.3)


async def consumer(queue: asyncio.Queue, name: str) -> None:
    while True:
        try:
            item = await queue.get()
        except asyncio.QueueShutDown:
            print(f"  [{name}] queue shut down, exiting")
            break

        print(f"  [{name}] processing {item}")
        await asyncio.sleep(0.5)
        queue.task_done()


async def main() -> None:
    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=5)

    producer_task = asyncio.create_task(producer(queue))
    consumers = [asyncio.create_task(consumer(queue, f"W{n}")) for n in range(1, 2 + 1)]

    # Simulate a shutdown signal after 3.0 seconds
    await asyncio.sleep(3.0)
    print("\n--- Shutdown signal received ---")
    producer_task.cancel()                    # no new items
    queue.shutdown(immediate=False)  # blocked get()/put() raise QueueShutDown

    await queue.join()
    await asyncio.gather(*consumers)
    print("All done!")


if __name__ == "__main__":
    import sys
    if sys.version_info < (3, 13):
        sys.exit(f"needs Python 3.13 or later; this is Python {sys.version.split()[0]}")
    asyncio.run(main())


# queue-shutdown: tutorial section 6, "Graceful Shutdown Pattern, done with
# Python 3.13's Queue.shutdown()": Python 3.13's Queue.shutdown(): consumers
# drain, then get() raises.
#
# Exported by aqsim for Python 3.13 from:
#   aqsim --headless queue-shutdown --maxsize 5 --workers 2 --shutdown-at 3.0 --python 3.13
# It needs Python 3.13 or later.
#
# aqsim simulates this program under a virtual clock: a sleep takes no real
# time and time.perf_counter() starts at 0.0. Under real time (plain python3)
# the program really sleeps, and the times it prints differ slightly from the
# simulator's virtual clock: every sleep overshoots a little, and
# time.perf_counter() does not start at 0. Other Python versions schedule a few
# things differently (aqsim --python-diff shows where). Line numbers are those
# aqsim's code pane, trace and reports use.
