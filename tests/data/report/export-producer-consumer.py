import asyncio
import time


def letter_name(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 27 -> AB, ... (spreadsheet column names)."""
    name = ""
    i += 1
    while i > 0:
        i, r = divmod(i - 1, 26)
        name = chr(ord("A") + r) + name
    return name


async def producer(queue: asyncio.Queue, items: list[str]) -> None:
    for item in items:
        await asyncio.sleep(0.2)  # simulate producing work
        await queue.put(item)
        print(f"  [producer] put: {item} | queue size: {queue.qsize()}")

    # Signal end-of-data
    for _ in range(1):
        await queue.put(None)


async def consumer(queue: asyncio.Queue, name: str) -> None:
    while True:
        item = await queue.get()
        if item is None:
            queue.task_done()
            print(f"  [{name}] received stop signal")
            break

        print(f"  [{name}] processing: {item}")
        await asyncio.sleep(0.5)  # simulate work
        queue.task_done()
        print(f"  [{name}] done: {item}")


async def main() -> None:
    queue: asyncio.Queue[str | None] = asyncio.Queue(maxsize=0)
    items = [f"task-{letter_name(i)}" for i in range(4)]

    start = time.perf_counter()

    await asyncio.gather(
        producer(queue, items),
        *[consumer(queue, f"worker-{n}") for n in range(1, 1 + 1)],
    )

    elapsed = time.perf_counter() - start
    print(f"\nDone in {elapsed:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())


# producer-consumer: tutorial section 1.1, "Simple producer-consumer": one
# producer, consumers, and None as the stop signal.
#
# Exported by aqsim for Python 3.11 from:
#   aqsim --headless producer-consumer --items 4 --maxsize 0 --workers 1 --python 3.11
#
# aqsim simulates this program under a virtual clock: a sleep takes no real
# time and time.perf_counter() starts at 0.0. Under real time (plain python3)
# the program really sleeps, and the times it prints differ slightly from the
# simulator's virtual clock: every sleep overshoots a little, and
# time.perf_counter() does not start at 0. Other Python versions schedule a few
# things differently (aqsim --python-diff shows where). Line numbers are those
# aqsim's code pane, trace and reports use.
