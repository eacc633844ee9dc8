/* replay_bench.c - what "step back" costs deep into a run.
 *
 * The dashboard steps back by rebuilding the run from its inputs and
 * replaying it to the previous position, so the cost of one step back is
 * the cost of replaying every callback before it. This takes worker-pool
 * (60000 items, 20 workers, maxsize 10) to 10^5 positions, then times one
 * step back, and prints the callbacks replayed and the time.
 *
 * Output (machine-readable): positions=P callbacks=C back_ms=T ns_per_callback=X
 */
#include <stdio.h>
#include <time.h>

#include "ui/model.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(void)
{
    UiSetup s = {.scenario = scn_find("worker-pool"), .version = SIM_PY_3_11};
    s.params = scn_defaults(s.scenario);
    s.params.v[SCN_PARAM_ITEMS] = 60000;
    s.params.v[SCN_PARAM_WORKERS] = 20;
    s.params.v[SCN_PARAM_MAXSIZE] = 10;
    snprintf(s.seed, sizeof s.seed, "0");
    UiModel *m = ui_model_new(&s);
    while (ui_model_position(m) < 100000 && ui_model_step(m))
        ;
    unsigned long long callbacks = sim_loop_steps(scn_run_loop(ui_model_run(m)));
    double t0 = now();
    ui_model_step_back(m);
    double t1 = now();
    printf("positions=%zu callbacks=%llu back_ms=%.1f ns_per_callback=%.0f\n",
           ui_model_position(m) + 1, callbacks, (t1 - t0) * 1e3,
           (t1 - t0) * 1e9 / (double)callbacks);
    ui_model_free(m);
    return 0;
}
