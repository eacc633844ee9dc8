/* fuzz_cli.c - libFuzzer harness for the command line.
 *
 * The input is split into arguments on NUL and newline bytes and given to
 * cli_parse. Whatever it decides must be consistent (a message exactly
 * when it refuses, a scenario when it runs headless with valid ranges),
 * and a headless run it accepts is run, when small, with the print and
 * JSONL trace sinks, under ASan and UBSan.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/trace.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_util.h"
#include "ui/cli.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* The default version must not come from the fuzzing machine. */
    unsetenv("AQSIM_PYTHON");
    sink = fopen("/dev/null", "w");
    return 0;
}

static void on_print(void *ctx, const char *text, size_t len)
{
    fwrite(text, 1, len, (FILE *)ctx);
}

static void on_trace(void *ctx, const SimTraceEvent *ev)
{
    sim_trace_write_jsonl((FILE *)ctx, ev);
}

enum { MAX_ARGS = 64 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = "aqsim";
    char *start = buf;
    for (size_t i = 0; i <= size && argc < MAX_ARGS + 1; i++) {
        if (i == size || buf[i] == '\0' || buf[i] == '\n') {
            buf[i] = '\0';
            argv[argc++] = start;
            start = buf + i + 1;
        }
    }
    argv[argc] = NULL;

    CliOptions opt;
    cli_parse(argc, argv, &opt);
    FUZZ_CHECK(memchr(opt.message, '\0', sizeof opt.message));
    FUZZ_CHECK(memchr(opt.seed, '\0', sizeof opt.seed));
    if (opt.action == CLI_ERROR)
        FUZZ_CHECK(opt.message[0] != '\0');
    if (opt.action == CLI_RUN_HEADLESS && opt.scenario) {
        const Scenario *s = opt.scenario;
        for (int id = 0; id < SCN_PARAM_COUNT; id++)
            if (scn_takes(s, (ScnParamId)id))
                FUZZ_CHECK(scn_param_check((ScnParamId)id, opt.params.v[id]) == NULL);
        FUZZ_CHECK(opt.version >= s->min_version || opt.python_diff);
        if (opt.version >= s->min_version &&
            fuzz_small_run(s, &opt.params, opt.seed, opt.version)) {
            ScnConfig cfg = {.version = opt.version, .seed = opt.seed};
            cfg.sinks.print = on_print;
            cfg.sinks.trace = on_trace;
            cfg.sinks.ctx = sink;
            ScnRun *run = scn_run_new(s, &opt.params, &cfg);
            SimRunStatus st;
            do
                st = scn_run_step(run);
            while (st == SIM_RUN_RUNNING);
            scn_run_free(run);
        }
    }
    free(buf);
    return 0;
}
