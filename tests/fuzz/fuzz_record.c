/* fuzz_record.c - libFuzzer harness for session files.
 *
 * ui_record_parse on the input: it must never crash, must leave the output
 * untouched when it refuses, and must say why in one line. What it accepts
 * is written back, and the written text must parse to the same recording
 * and write to the same bytes (the format is canonical); a small run is
 * then replayed with its live changes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_util.h"
#include "ui/record.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sink = fopen("/dev/null", "w");
    return 0;
}

static char *write_text(const UiRecording *r)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    bool ok = ui_record_write(f, r);
    FUZZ_CHECK(ok);
    fclose(f);
    return text;
}

static void check_same(const UiRecording *a, const UiRecording *b)
{
    FUZZ_CHECK(a->scenario == b->scenario);
    FUZZ_CHECK(a->version == b->version);
    FUZZ_CHECK(strcmp(a->seed, b->seed) == 0);
    FUZZ_CHECK(a->params.mistakes == b->params.mistakes);
    for (int id = 0; id < SCN_PARAM_COUNT; id++)
        FUZZ_CHECK(!scn_takes(a->scenario, (ScnParamId)id) ||
                   a->params.v[id] == b->params.v[id]);
    FUZZ_CHECK(a->ninputs == b->ninputs);
    for (size_t i = 0; i < a->ninputs; i++)
        FUZZ_CHECK(a->inputs[i].step == b->inputs[i].step &&
                   a->inputs[i].kind == b->inputs[i].kind && a->inputs[i].arg == b->inputs[i].arg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    UiRecording rec;
    memset(&rec, 0xA5, sizeof rec);
    char err[256];
    if (!ui_record_parse(text, "fuzz.aqsim", &rec, err, sizeof err)) {
        const unsigned char *b = (const unsigned char *)&rec;
        for (size_t i = 0; i < sizeof rec; i++)
            FUZZ_CHECK(b[i] == 0xA5);
        FUZZ_CHECK(strncmp(err, "fuzz.aqsim:", 11) == 0);
        FUZZ_CHECK(!strchr(err, '\n'));
        free(text);
        return 0;
    }
    /* Replays (the writer's included) cost a run: only small ones. The
     * inputs can stretch a run a little (add-worker), not by much. */
    if (fuzz_small_run(rec.scenario, &rec.params, rec.seed, rec.version)) {
        char *once = write_text(&rec);
        UiRecording back;
        char err2[256];
        bool ok = ui_record_parse(once, "written", &back, err2, sizeof err2);
        if (!ok)
            fprintf(stderr, "the writer wrote what the parser refuses: %s\n%s", err2, once);
        FUZZ_CHECK(ok);
        check_same(&rec, &back);
        char *twice = write_text(&back);
        FUZZ_CHECK(strcmp(once, twice) == 0);
        free(once);
        free(twice);
        ui_record_free(&back);
        int st = ui_record_run_headless(&rec, sink, sink);
        FUZZ_CHECK(st == 0 || st == 3);
    }
    ui_record_free(&rec);
    FUZZ_CHECK(rec.inputs == NULL && rec.ninputs == 0);
    free(text);
    return 0;
}
