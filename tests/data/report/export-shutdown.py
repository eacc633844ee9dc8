import asyncio


async def producer(queue: asyncio.Queue, shutdown: asyncio.Event) -> None:
    i = 0
    while not shutdown.is_set():
        await queue.put(f"item-{i}")
        print(f"  [producer] put item-{i}")
        i += 1
        await asyncio.sleep(0.3)

    print("  [producer] shutting down")


async def consumer(queue: asyncio.Queue, name: str, shutdown: asyncio.Event) -> None:
    while True:
        try:
            item = await asyncio.wait_for(queue.get(), timeout=1.0)
        except asyncio.TimeoutError:
            if shutdown.is_set():
                print(f"  [{name}] shutting down")
                break
            continue

        print(f"  [{name}] processing {item}")
        await asyncio.sleep(0.5)
        queue.task_done()


async def main() -> None:
    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=5)
    shutdown = asyncio.Event()

    # Simulate shutdown after 3.0 seconds
    async def trigger_shutdown():
        await asyncio.sleep(3.0)
        print("\n--- Shutdown signal received ---")
        shutdown.set()

    await asyncio.gather(
        producer(queue, shutdown),
        *[consumer(queue, f"W{n}", shutdown) for n in range(1, 2 + 1)],
        trigger_shutdown(),
    )

    await queue.join()
    print("All done!")


if __name__ == "__main__":
    asyncio.run(main())


# shutdown: tutorial section 6, "Graceful Shutdown Pattern": an Event tells
# producer and consumers to stop; wait_for polls get().
#
# Exported by aqsim for Python 3.11 from:
#   aqsim --headless shutdown --maxsize 5 --workers 2 --shutdown-at 3.0 --timeout 1.0 --python 3.11
#
# aqsim simulates this program under a virtual clock: a sleep takes no real
# time and time.perf_counter() starts at 0.0. Under real time (plain python3)
# the program really sleeps, and the times it prints differ slightly from the
# simulator's virtual clock: every sleep overshoots a little, and
# time.perf_counter() does not start at 0. Other Python versions schedule a few
# things differently (aqsim --python-diff shows where). Line numbers are those
# aqsim's code pane, trace and reports use.
