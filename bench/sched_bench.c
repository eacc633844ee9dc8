/* sched_bench.c - the sim's scheduler alone: N tasks that each loop
 *
 *     while True:
 *         await asyncio.sleep(random.uniform(0.1, 1.0))
 *
 * stepped one callback at a time (sim_loop_step) for a fixed number of
 * steps. Prints steps/s and ns/step for each task count. No queue, no
 * print(), no trace: this is the loop, its timer heap, futures, tasks and
 * coroutine frames.
 *
 *   sched_bench [STEPS [N ...]]      default: 2000000 steps, N = 10 1000 10000
 *
 * Output, one line per N (machine-readable, for bench/run.sh):
 *   tasks=N steps=S seconds=T steps_per_s=R ns_per_step=X virtual_s=V
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sim/aio.h"
#include "sim/coro.h"
#include "sim/loop.h"
#include "sim/obj.h"
#include "sim/rng.h"
#include "sim/task.h"

typedef struct {
    SimCo co;
} Sleeper;

static SimCoSignal sleeper_fn(SimCo *co)
{
    SIM_CO_BEGIN(co);
    for (;;) {
        SIM_AWAIT(co, 1, sim_aio_sleep(co->loop, sim_rng_uniform(sim_loop_rng(co->loop), 0.1, 1.0)));
    }
    SIM_CO_END(co);
}

static const SimCoKind sleeper_kind = {"sleeper", sleeper_fn, sizeof(Sleeper), SIM_WAIT_NONE,
                                       NULL};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run(long ntasks, long steps)
{
    SimLoop *loop = sim_loop_new(SIM_PY_3_11);
    sim_rng_seed_u64(sim_loop_rng(loop), 0);
    SimTask **tasks = malloc((size_t)ntasks * sizeof *tasks);
    if (!tasks) {
        fprintf(stderr, "sched_bench: out of memory\n");
        return 1;
    }
    for (long i = 0; i < ntasks; i++) {
        char name[32];
        snprintf(name, sizeof name, "T%ld", i);
        tasks[i] = sim_task_new(loop, sim_co_new(loop, &sleeper_kind), name);
    }
    /* Warm up: every task started and sleeping, free lists filled. */
    for (long i = 0; i < 4 * ntasks + 1000; i++)
        if (sim_loop_step(loop) != SIM_LOOP_RAN) {
            fprintf(stderr, "sched_bench: the loop stopped during warm-up\n");
            return 1;
        }
    double t0_virtual = sim_loop_time(loop);
    double t0 = now();
    for (long i = 0; i < steps; i++)
        if (sim_loop_step(loop) != SIM_LOOP_RAN) {
            fprintf(stderr, "sched_bench: the loop stopped after %ld steps\n", i);
            return 1;
        }
    double secs = now() - t0;
    double virt = sim_loop_time(loop) - t0_virtual;
    printf("tasks=%ld steps=%ld seconds=%.4f steps_per_s=%.0f ns_per_step=%.1f virtual_s=%.1f\n",
           ntasks, steps, secs, (double)steps / secs, secs * 1e9 / (double)steps, virt);
    fflush(stdout);
    for (long i = 0; i < ntasks; i++)
        sim_obj_unref(tasks[i]);
    free(tasks);
    sim_loop_free(loop);
    return 0;
}

int main(int argc, char **argv)
{
    long steps = argc > 1 ? atol(argv[1]) : 2000000;
    if (steps <= 0) {
        fprintf(stderr, "usage: sched_bench [STEPS [NTASKS ...]]\n");
        return 2;
    }
    if (argc <= 2) {
        static const long sizes[] = {10, 1000, 10000};
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
            if (run(sizes[i], steps) != 0)
                return 1;
        return 0;
    }
    for (int i = 2; i < argc; i++) {
        long n = atol(argv[i]);
        if (n <= 0) {
            fprintf(stderr, "sched_bench: bad task count '%s'\n", argv[i]);
            return 2;
        }
        if (run(n, steps) != 0)
            return 1;
    }
    return 0;
}
