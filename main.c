/* main.c - aqsim: parse the command line, then run headless or the
 * dashboard. The only place that sees every module and may exit. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui/app.h"
#include "ui/cli.h"
#include "ui/export.h"
#include "ui/headless.h"
#include "ui/record.h"

/* Whether everything printed reached standard output; if not (a full
 * disk, a closed pipe), one line says so. errno is the failed write's: a
 * headless run makes no other failing call after it. */
static bool output_written(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return true;
    fprintf(stderr, "aqsim: cannot write the output: %s\n", errno ? strerror(errno) : "write error");
    return false;
}

/* Whether path can be written, found before the run; a file that did not
 * exist is not left behind. */
static bool can_write(const char *path)
{
    struct stat st;
    /* lstat: a dangling symlink exists too, and must not be removed. */
    bool existed = lstat(path, &st) == 0;
    FILE *f = fopen(path, "a");
    if (!f) {
        fprintf(stderr, "aqsim: cannot write %s: %s\n", cli_shown(path), strerror(errno));
        return false;
    }
    fclose(f);
    if (!existed)
        remove(path);
    return true;
}

static bool dashboard_has_terminal(const CliOptions *opt)
{
    if (isatty(STDOUT_FILENO) && isatty(STDIN_FILENO))
        return true;
    fprintf(stderr, "aqsim: the dashboard needs a terminal; to print the program's "
                    "output instead, use: aqsim --headless %s\n",
            opt->scenario ? opt->scenario->name : "SCENARIO");
    return false;
}

int main(int argc, char **argv)
{
    CliOptions opt;
    cli_parse(argc, argv, &opt);
    /* --export-py writes the program instead of running it, from the
     * dashboard's command line or the headless one alike. */
    if (opt.export_py && (opt.action == CLI_RUN_HEADLESS || opt.action == CLI_RUN_DASHBOARD))
        return ui_export_run(&opt, stderr);
    if (opt.action == CLI_RUN_DASHBOARD && !dashboard_has_terminal(&opt))
        return 2;
    if (opt.record && (opt.action == CLI_RUN_HEADLESS || opt.action == CLI_RUN_DASHBOARD) &&
        !can_write(opt.record))
        return 1;
    /* Before the dashboard takes the screen, not after. */
    if (opt.cast && opt.action == CLI_RUN_DASHBOARD && !can_write(opt.cast))
        return 1;
    switch (opt.action) {
    case CLI_ERROR:
        fprintf(stderr, "aqsim: %s\n", opt.message);
        return 2;
    case CLI_SHOW_HELP:
        cli_usage(stdout);
        return output_written() ? 0 : 1;
    case CLI_SHOW_VERSION:
        printf("aqsim %s\n", AQSIM_VERSION);
        return output_written() ? 0 : 1;
    case CLI_SHOW_LIST:
        cli_list(stdout, opt.version, opt.scenario);
        return output_written() ? 0 : 1;
    case CLI_RUN_HEADLESS: {
        /* Large writes: a million-item run prints tens of megabytes. */
        static char buf[1 << 16];
        setvbuf(stdout, buf, _IOFBF, sizeof buf);
        if (opt.replay) {
            UiRecording rec;
            char msg[600];
            if (!ui_record_read_file(opt.replay, &rec, msg, sizeof msg)) {
                fprintf(stderr, "aqsim: %s\n", msg);
                return 2;
            }
            int status = headless_run_session(&opt, &rec, stdout, stderr);
            ui_record_free(&rec);
            return output_written() ? status : 1;
        }
        int status = opt.python_diff ? headless_python_diff(&opt, stdout, stderr)
                                     : headless_run(&opt, stdout, stderr);
        if (opt.record && status != 1) {
            /* No live changes headless: the file holds the scenario and flags. */
            UiRecording rec = {.scenario = opt.scenario, .params = opt.params,
                               .version = opt.version};
            snprintf(rec.seed, sizeof rec.seed, "%s", opt.seed);
            if (!ui_record_write_file(opt.record, &rec)) {
                fprintf(stderr, "aqsim: cannot write %s: %s\n", cli_shown(opt.record), strerror(errno));
                return 1;
            }
        }
        return output_written() ? status : 1;
    }
    case CLI_RUN_DASHBOARD: {
        int status = ui_app_run(&opt, stderr);
        struct sigaction now;
        if (status > 128 && status - 128 < NSIG && sigaction(status - 128, NULL, &now) == 0 &&
            now.sa_handler == SIG_DFL) {
            /* Ended by ^C, SIGTERM or a hang-up, terminal restored (and the
             * signal's own action with it): die of it, so that a script
             * running aqsim stops as it would for any program (a shell sees
             * 128 + the signal either way). */
            fflush(NULL);
            raise(status - 128);
        }
        return status;
    }
    }
    return 1;
}
