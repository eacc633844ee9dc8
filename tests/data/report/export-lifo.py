import asyncio


async def main() -> None:
    stack: asyncio.LifoQueue[str] = asyncio.LifoQueue()

    # Push items
    for item in ["old-1", "old-2", "recent-3", "latest-4"]:
        await stack.put(item)
        print(f"  pushed: {item}")

    print("\nPopping (LIFO order):")
    while not stack.empty():
        item = await stack.get()
        print(f"  popped: {item}")
        stack.task_done()


if __name__ == "__main__":
    asyncio.run(main())


# lifo: tutorial section 5, "asyncio.LifoQueue (Stack)": last in, first out:
# the newest item comes out first.
#
# Exported by aqsim for Python 3.11 from:
#   aqsim --headless lifo --python 3.11
#
# aqsim simulates this program under a virtual clock: a sleep takes no real
# time and time.perf_counter() starts at 0.0. Under real time (plain python3)
# the program really sleeps, and the times it prints differ slightly from the
# simulator's virtual clock: every sleep overshoots a little, and
# time.perf_counter() does not start at 0. Other Python versions schedule a few
# things differently (aqsim --python-diff shows where). Line numbers are those
# aqsim's code pane, trace and reports use.
