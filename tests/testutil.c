/* testutil.c - files and in-process runs for the suites. */
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/cli.h"
#include "ui/headless.h"
#include "ui/record.h"

void test_path(char *buf, size_t size, const char *relative)
{
    const char *root = getenv("AQSIM_TEST_DATA");
    snprintf(buf, size, "%s/%s", root && *root ? root : "tests", relative);
}

char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int test_each_manifest_line(const char *relative, void (*each)(const char *line, void *ctx),
                            void *ctx)
{
    char path[512];
    test_path(path, sizeof path, relative);
    char *text = test_read_file(path, NULL);
    if (!text)
        return 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
        if (line[0] != '#')
            each(line, ctx);
    free(text);
    return 1;
}

char *test_run_cli(const char *const *argv, int argc, int *status, char **err)
{
    CliOptions opt;
    cli_parse(argc, (char **)argv, &opt);
    char *out = NULL, *errbuf = NULL;
    size_t outlen = 0, errlen = 0;
    FILE *o = open_memstream(&out, &outlen);
    FILE *e = open_memstream(&errbuf, &errlen);
    if (opt.action == CLI_ERROR) {
        fprintf(e, "aqsim: %s\n", opt.message);
        *status = 2;
    } else if (opt.action == CLI_RUN_HEADLESS && opt.replay) {
        UiRecording rec;
        char msg[600];
        if (!ui_record_read_file(opt.replay, &rec, msg, sizeof msg)) {
            fprintf(e, "aqsim: %s\n", msg);
            *status = 2;
        } else {
            *status = headless_run_session(&opt, &rec, o, e);
            ui_record_free(&rec);
        }
    } else if (opt.action == CLI_RUN_HEADLESS) {
        *status = headless_run(&opt, o, e);
    } else if (opt.action == CLI_SHOW_LIST) {
        cli_list(o, opt.version, opt.scenario);
        *status = 0;
    } else if (opt.action == CLI_SHOW_HELP) {
        cli_usage(o);
        *status = 0;
    } else {
        *status = -1;
    }
    fclose(o);
    fclose(e);
    if (err)
        *err = errbuf;
    else
        free(errbuf);
    return out;
}
