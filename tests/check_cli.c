/* check_cli.c - the command line: --help, --version, --list, every kind of
 * bad input (one line on stderr, exit status 2, nothing on stdout), the
 * spellings that must be accepted, the dashboard without a terminal, and
 * the JSONL trace (a strict JSON validator and the schema of README.md's
 * "Trace" section).
 *
 * Most cases run twice: in-process through test_run_cli() (cli_parse and
 * headless_run) and through the real binary ($AQSIM_BIN, else ./aqsim),
 * started with fork/exec so stdout, stderr and the exit status are seen
 * exactly as a shell sees them.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* posix_openpt, grantpt, unlockpt, ptsname */
#endif

#include <check.h>
#include <limits.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scenarios/scenario.h"
#include "sim/version.h"
#include "tests/suites.h"
#include "tests/testutil.h"
#include "ui/cli.h"

/* The scenarios README.md documents, in its order. */
static const char *const scenario_names[] = {
    "producer-consumer", "join", "backpressure", "worker-pool", "priority",
    "lifo", "shutdown", "pool-stats", "retry", "queue-shutdown",
};
#define NSCENARIOS (sizeof scenario_names / sizeof scenario_names[0])

#define MAXARGS 16

static int count_args(const char *const *args)
{
    int n = 0;
    while (args[n])
        n++;
    return n;
}

/* "a b c" for messages. */
static const char *show_args(const char *const *args)
{
    static char buf[4][600];
    static int which;
    char *b = buf[which++ % 4];
    size_t len = 0;
    b[0] = '\0';
    for (int i = 0; args[i] && len + 1 < sizeof buf[0]; i++)
        len += (size_t)snprintf(b + len, sizeof buf[0] - len, "%s'%s'", i ? " " : "", args[i]);
    return b;
}

/* AQSIM_PYTHON changes the default --python; the tests assume 3.11. */
static void clean_env(void)
{
    unsetenv("AQSIM_PYTHON");
}

/* ------------------------------------------------------------------ */
/* Running aqsim in-process                                            */
/* ------------------------------------------------------------------ */

typedef struct {
    int status;
    char *out;
    char *err;
} InRun;

/* args: NULL-terminated, without the program name. */
static InRun run_in(const char *const *args)
{
    const char *argv[MAXARGS + 2];
    int n = count_args(args);
    ck_assert_int_le(n, MAXARGS);
    argv[0] = "aqsim";
    for (int i = 0; i < n; i++)
        argv[i + 1] = args[i];
    argv[n + 1] = NULL;
    InRun r = {0, NULL, NULL};
    r.out = test_run_cli(argv, n + 1, &r.status, &r.err);
    ck_assert_msg(r.out != NULL && r.err != NULL, "test_run_cli(%s) returned NULL",
                  show_args(args));
    return r;
}

static void in_free(InRun *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

static CliOptions parse(const char *const *args)
{
    const char *argv[MAXARGS + 2];
    int n = count_args(args);
    ck_assert_int_le(n, MAXARGS);
    argv[0] = "aqsim";
    for (int i = 0; i < n; i++)
        argv[i + 1] = args[i];
    argv[n + 1] = NULL;
    CliOptions o;
    cli_parse(n + 1, (char **)argv, &o);
    return o;
}

/* ------------------------------------------------------------------ */
/* Running the real binary                                             */
/* ------------------------------------------------------------------ */

typedef enum { IO_PIPE, IO_NULL, IO_PTY, IO_FULL /* /dev/full: every write fails */ } IoMode;

typedef struct {
    int status; /* exit status, or -1 when killed by a signal */
    int signal;
    char *out;
    size_t outlen;
    char *err;
    size_t errlen;
} Proc;

static const char *aqsim_bin(void)
{
    const char *b = getenv("AQSIM_BIN");
    return b && *b ? b : "./aqsim";
}

typedef struct {
    char *buf;
    size_t len, cap;
} Buf;

static void buf_add(Buf *b, const char *data, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        b->buf = realloc(b->buf, cap);
        ck_assert_ptr_nonnull(b->buf);
        b->cap = cap;
    }
    memcpy(b->buf + b->len, data, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

static char *buf_take(Buf *b, size_t *len)
{
    if (!b->buf)
        buf_add(b, "", 0);
    *len = b->len;
    return b->buf;
}

/* Open a pseudo-terminal; the slave's path goes to slave. -1 if there is
 * none (some containers have no /dev/pts). */
static int open_pty(char *slave, size_t size)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0)
        return -1;
    const char *name;
    if (grantpt(m) != 0 || unlockpt(m) != 0 || !(name = ptsname(m))) {
        close(m);
        return -1;
    }
    snprintf(slave, size, "%s", name);
    return m;
}

/* Run the binary with args (NULL-terminated, no program name). stdin is
 * /dev/null or a terminal; stdout a pipe or a terminal; stderr a pipe.
 * Returns false only when a terminal was asked for and none exists. */
static bool proc_run_io(Proc *p, const char *const *args, IoMode in_mode, IoMode out_mode)
{
    const char *bin = aqsim_bin();
    ck_assert_msg(access(bin, X_OK) == 0, "cannot run the aqsim binary '%s' (set AQSIM_BIN): %s",
                  bin, strerror(errno));
    const char *argv[MAXARGS + 2];
    int n = count_args(args);
    ck_assert_int_le(n, MAXARGS);
    argv[0] = bin;
    for (int i = 0; i < n; i++)
        argv[i + 1] = args[i];
    argv[n + 1] = NULL;

    char slave[256] = "";
    int master = -1;
    if (in_mode == IO_PTY || out_mode == IO_PTY) {
        master = open_pty(slave, sizeof slave);
        if (master < 0)
            return false;
    }
    int outp[2] = {-1, -1}, errp[2];
    if (out_mode == IO_PIPE)
        ck_assert_int_eq(pipe(outp), 0);
    ck_assert_int_eq(pipe(errp), 0);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        alarm(5); /* a dashboard that starts by mistake must not hang the suite */
        int in = in_mode == IO_PTY ? open(slave, O_RDWR) : open("/dev/null", O_RDONLY);
        int out = out_mode == IO_PTY    ? open(slave, O_RDWR)
                : out_mode == IO_FULL ? open("/dev/full", O_WRONLY)
                                      : outp[1];
        if (in < 0 || out < 0)
            _exit(126);
        dup2(in, STDIN_FILENO);
        dup2(out, STDOUT_FILENO);
        dup2(errp[1], STDERR_FILENO);
        for (int fd = 3; fd < 64; fd++)
            close(fd);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    if (out_mode == IO_PIPE)
        close(outp[1]);
    close(errp[1]);

    Buf out = {0}, err = {0};
    struct pollfd fds[2];
    bool out_open = out_mode == IO_PIPE, err_open = true;
    while (out_open || err_open) {
        int nf = 0, oi = -1, ei = -1;
        if (out_open) {
            oi = nf;
            fds[nf++] = (struct pollfd){.fd = outp[0], .events = POLLIN};
        }
        if (err_open) {
            ei = nf;
            fds[nf++] = (struct pollfd){.fd = errp[0], .events = POLLIN};
        }
        int r = poll(fds, (nfds_t)nf, 10000);
        if (r < 0 && errno == EINTR)
            continue;
        ck_assert_msg(r > 0, "%s: no output and no exit for 10 s", show_args(args));
        char chunk[65536];
        if (oi >= 0 && fds[oi].revents) {
            ssize_t got = read(outp[0], chunk, sizeof chunk);
            if (got > 0)
                buf_add(&out, chunk, (size_t)got);
            else
                out_open = false;
        }
        if (ei >= 0 && fds[ei].revents) {
            ssize_t got = read(errp[0], chunk, sizeof chunk);
            if (got > 0)
                buf_add(&err, chunk, (size_t)got);
            else
                err_open = false;
        }
    }
    int ws;
    while (waitpid(pid, &ws, 0) < 0)
        ck_assert_int_eq(errno, EINTR);
    if (out_mode == IO_PTY) {
        /* What the child wrote to the terminal is still in it. */
        fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
        char chunk[4096];
        ssize_t got;
        while ((got = read(master, chunk, sizeof chunk)) > 0)
            buf_add(&out, chunk, (size_t)got);
    }
    if (out_mode == IO_PIPE)
        close(outp[0]);
    close(errp[0]);
    if (master >= 0)
        close(master);
    p->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
    p->signal = WIFSIGNALED(ws) ? WTERMSIG(ws) : 0;
    p->out = buf_take(&out, &p->outlen);
    p->err = buf_take(&err, &p->errlen);
    return true;
}

static Proc run_bin(const char *const *args)
{
    Proc p;
    proc_run_io(&p, args, IO_NULL, IO_PIPE);
    ck_assert_msg(p.signal == 0, "aqsim %s was killed by signal %d", show_args(args), p.signal);
    return p;
}

static void proc_free(Proc *p)
{
    free(p->out);
    free(p->err);
    p->out = p->err = NULL;
}

/* ------------------------------------------------------------------ */
/* Error messages                                                      */
/* ------------------------------------------------------------------ */

/* One line starting with "aqsim: ", ending in one newline, with no other
 * control character (and no NUL: len is the byte count). */
static void check_one_line(const char *what, const char *const *args, const char *err, size_t len)
{
    ck_assert_msg(strlen(err) == len, "%s %s: stderr has a NUL byte", what, show_args(args));
    ck_assert_msg(strncmp(err, "aqsim: ", 7) == 0,
                  "%s %s: stderr does not start with 'aqsim: ': [%s]", what, show_args(args), err);
    ck_assert_msg(len > 8 && err[len - 1] == '\n',
                  "%s %s: stderr is not one line ending in a newline: [%s]", what, show_args(args),
                  err);
    for (size_t i = 0; i + 1 < len; i++) {
        unsigned char c = (unsigned char)err[i];
        ck_assert_msg(c >= 0x20 && c != 0x7f,
                      "%s %s: stderr is not exactly one line (byte 0x%02x at %zu): [%s]", what,
                      show_args(args), c, i, err);
    }
}

typedef struct {
    const char *args[MAXARGS];
    const char *needles[8]; /* must all appear in the message */
} ErrCase;

/* A needle: the message lists every scenario. */
#define ALL_NAMES "(every scenario name)"

static const ErrCase err_cases[] = {
    /* unknown scenario: the message lists the valid names */
    {{"--headless", "nosuch"}, {"unknown scenario", "'nosuch'", ALL_NAMES}},
    {{"nosuch"}, {"unknown scenario", "'nosuch'", ALL_NAMES}},
    /* ... and the one a Python spelling or a part of a name means */
    {{"--headless", "worker_pool"}, {"'worker_pool': did you mean worker-pool?", ALL_NAMES}},
    {{"Pool-Stats"}, {"did you mean pool-stats?"}},
    /* a file name forgotten: the next option is not taken for one */
    {{"--headless", "worker-pool", "--export-py", "--stats"},
     {"--export-py needs a file name, not the option --stats", "./--stats"}},
    {{"--headless", "join", "--record", "--seed=3"}, {"--record needs a file name, not the option --seed=3"}},
    {{"--headless", "stats"}, {"did you mean pool-stats?"}},
    /* a flag the scenario does not take */
    {{"--headless", "priority", "--items", "3"},
     {"priority does not take --items", "no parameters"}},
    {{"--headless", "worker-pool", "--timeout", "1"},
     {"worker-pool does not take --timeout", "--items", "--maxsize", "--workers"}},
    {{"--headless", "lifo", "--immediate"}, {"lifo does not take --immediate"}},
    {{"--headless", "join", "--workers", "2"},
     {"join does not take --workers", "--items", "--maxsize"}},
    /* the same with the scenario first */
    {{"priority", "--items", "3"}, {"priority does not take --items", "no parameters"}},
    {{"worker-pool", "--timeout", "1"},
     {"worker-pool does not take --timeout", "--items", "--maxsize", "--workers"}},
    {{"priority", "--headless", "--items", "3"},
     {"priority does not take --items", "no parameters"}},
    {{"worker-pool", "--headless", "--workers", "0"}, {"--workers", "1 to 10000", "0"}},
    /* out of range */
    {{"--headless", "backpressure", "--maxsize", "-1"}, {"--maxsize", "0 to 1000000", "-1"}},
    {{"--headless", "worker-pool", "--workers", "0"}, {"--workers", "1 to 10000", "0"}},
    {{"--headless", "worker-pool", "--items", "99999999999"},
     {"--items", "0 to 10000000", "99999999999"}},
    {{"--headless", "worker-pool", "--workers", "100000"}, {"--workers", "1 to 10000", "100000"}},
    {{"--headless", "worker-pool", "--maxsize", "1000001"}, {"--maxsize", "0 to 1000000"}},
    {{"--headless", "shutdown", "--shutdown-at", "1000001"}, {"--shutdown-at", "0 to 1000000"}},
    /* not numbers */
    {{"--headless", "worker-pool", "--items", "abc"},
     {"--items", "'abc'", "integer", "0 to 10000000"}},
    {{"--headless", "worker-pool", "--items", "1.5"},
     {"--items", "'1.5'", "integer", "0 to 10000000"}},
    {{"--headless", "worker-pool", "--items", ""}, {"--items", "''", "integer", "0 to 10000000"}},
    {{"--headless", "worker-pool", "--items=0x10"},
     {"--items", "'0x10'", "integer", "0 to 10000000"}},
    {{"--headless", "worker-pool", "--workers", "1__0"}, {"--workers", "'1__0'", "1 to 10000"}},
    {{"--headless", "worker-pool", "--maxsize", "5x"}, {"--maxsize", "'5x'", "0 to 1000000"}},
    {{"--headless", "shutdown", "--shutdown-at", "abc"},
     {"--shutdown-at", "'abc'", "0 to 1000000"}},
    {{"--headless", "shutdown", "--timeout", "0x1p0"}, {"--timeout", "'0x1p0'", "0.001"}},
    /* NaN, inf and negative times */
    {{"--headless", "shutdown", "--shutdown-at", "nan"}, {"--shutdown-at", "finite"}},
    {{"--headless", "shutdown", "--shutdown-at", "NaN"}, {"--shutdown-at", "finite"}},
    {{"--headless", "shutdown", "--shutdown-at", "inf"}, {"--shutdown-at", "finite"}},
    {{"--headless", "shutdown", "--shutdown-at", "-inf"}, {"--shutdown-at", "finite"}},
    {{"--headless", "shutdown", "--shutdown-at", "1e400"}, {"--shutdown-at", "finite"}},
    {{"--headless", "shutdown", "--shutdown-at", "-1"}, {"--shutdown-at", "0 to 1000000", "-1"}},
    {{"--headless", "shutdown", "--timeout", "nan"}, {"--timeout", "finite"}},
    {{"--headless", "shutdown", "--timeout", "inf"}, {"--timeout", "finite"}},
    {{"--headless", "shutdown", "--timeout", "-Infinity"}, {"--timeout", "finite"}},
    {{"--headless", "shutdown", "--timeout", "-1"}, {"--timeout", "0.001", "1000000", "-1"}},
    {{"--headless", "shutdown", "--timeout", "0"}, {"--timeout", "0.001", "1000000"}},
    {{"--headless", "shutdown", "--timeout", "1e-400"}, {"--timeout", "0.001"}},
    {{"--headless", "shutdown", "--timeout", "1e-9"}, {"--timeout", "0.001", "1000000"}},
    {{"--headless", "queue-shutdown", "--python", "3.13", "--shutdown-at", "nan"},
     {"--shutdown-at", "finite"}},
    /* parameters in range one by one, too much together */
    {{"--headless", "shutdown", "--shutdown-at", "1000000", "--timeout", "0.001"},
     {"--shutdown-at 1000000", "--timeout 0.001", "2 workers", "2000000000", "raise --timeout"}},
    {{"shutdown", "--workers", "10000", "--timeout", "0.001"}, {"--shutdown-at 3", "10000 workers"}},
    /* file names, values a flag does not take, --width */
    {{"--headless", "join", "--record", ""}, {"--record", "file name"}},
    {{"--headless", "join", "--export-py="}, {"--export-py", "file name"}},
    {{"--headless", "join", "--replay", ""}, {"--replay", "file name"}},
    {{"--headless", "queue-shutdown", "--python", "3.13", "--immediate", "1"},
     {"'1'", "--immediate takes no value"}},
    {{"--headless", "join", "--timeline", "--width", "30"}, {"--width", "40", "1000", "not 30"}},
    {{"--headless", "join", "--timeline", "--width", "x"}, {"--width", "'x'", "integer"}},
    /* --seed, --python, --trace */
    {{"--headless", "join", "--seed", "abc"}, {"--seed", "'abc'", "integer"}},
    {{"--headless", "join", "--seed", "1.0"}, {"--seed", "'1.0'", "integer"}},
    {{"--headless", "join", "--seed", ""}, {"--seed", "''", "integer"}},
    {{"--headless", "join", "--python", "2.7"}, {"--python", "'2.7'", "3.11", "3.12", "3.13"}},
    {{"--headless", "join", "--python", "3.1"}, {"--python", "'3.1'", "3.11", "3.12", "3.13"}},
    {{"--headless", "join", "--trace", "xml"}, {"--trace", "'xml'", "jsonl"}},
    {{"--trace", "jsonl", "join"}, {"--trace", "--headless"}},
    {{"--trace", "jsonl"}, {"--trace", "--headless"}},
    {{"join", "--trace", "jsonl"}, {"--trace", "--headless"}},
    /* scenarios: none, two */
    {{"--headless"}, {"--headless", "scenario", ALL_NAMES}},
    {{"--headless", "join", "lifo"}, {"'lifo'", "one scenario"}},
    {{"join", "lifo"}, {"'lifo'", "one scenario"}},
    {{"--headless", "join", "--", "lifo"}, {"'lifo'", "one scenario"}},
    {{"--headless", "join", "--items", "3", "lifo"}, {"'lifo'", "one scenario"}},
    {{"--headless", "--items", "3", "join", "worker-pool"}, {"'worker-pool'", "one scenario"}},
    /* a missing value, an unknown option */
    {{"--headless", "join", "--items"}, {"--items", "value"}},
    {{"--headless", "join", "--seed"}, {"--seed", "value"}},
    {{"--headless", "shutdown", "--python"}, {"--python", "value"}},
    {{"--headless", "join", "--trace"}, {"--trace", "value"}},
    {{"--bogus"}, {"'--bogus'"}},
    {{"--headless", "join", "--bogus"}, {"'--bogus'"}},
    {{"--headless", "shutdown", "--t", "0.5"}, {"ambiguous", "--trace", "--timeline", "--timeout"}},
    {{"--headless", "worker-pool", "--w=2"}, {"ambiguous", "--width", "--workers"}},
    {{"--headless", "join", "--=3"}, {"unknown option", "'--=3'"}},
    {{"-x"}, {"'-x'"}},
    /* a scenario newer than the Python asked for */
    {{"--headless", "queue-shutdown", "--python", "3.11"}, {"queue-shutdown", "3.13", "3.11"}},
    {{"--headless", "queue-shutdown", "--python", "3.12"}, {"queue-shutdown", "3.13", "3.12"}},
    /* --python-diff A,B */
    {{"--headless", "join", "--python-diff", "3.11"}, {"--python-diff", "'3.11'"}},
    {{"--headless", "join", "--python-diff", "3.11,2.7"}, {"--python-diff", "'3.11,2.7'"}},
    {{"--headless", "join", "--python-diff", "3.11,3.13 junk"}, {"--python-diff", "'3.11,3.13 junk'"}},
    {{"--python-diff", "3.11,3.13", "join"}, {"--python-diff", "--headless"}},
    {{"--headless", "join", "--python-diff", "3.11,3.13", "--trace", "jsonl"},
     {"--python-diff", "--trace"}},
    {{"--headless", "queue-shutdown", "--python-diff", "3.11,3.13"}, {"queue-shutdown", "3.13"}},
    {{"--headless", "queue-shutdown", "--python", "3.13", "--immediate=1"},
     {"--immediate", "value"}},
    {{"--headless=1", "join"}, {"--headless", "value"}},
    {{"--list=x"}, {"--list", "value"}},
    {{"--help=x"}, {"--help", "value"}},
    {{"--headless", "foo\nbar"}, {"unknown scenario", ALL_NAMES}},
    {{"--headless", "join", "--items", "1\n2"}, {"--items", "0 to 10000000"}},
    /* no output over another file of the command line (by name, or by
     * inode for two paths to one file), '-' only for --export-py */
    {{"--replay", "s.aqsim", "--cast", "s.aqsim"}, {"--replay", "--cast", "same file", "overwrite the session"}},
    {{"--headless", "--replay", "s.aqsim", "--export-py", "s.aqsim"}, {"--export-py", "same file"}},
    {{"join", "--cast", "x", "--record", "x"}, {"--record", "--cast", "same file (x)"}},
    {{"--replay", "/tmp", "--cast", "/tmp/../tmp"}, {"--cast", "same file"}},
    {{"join", "--cast", "-"}, {"--cast", "'-'", "only for --export-py"}},
    {{"--headless", "join", "--record", "-"}, {"--record", "'-'", "only for --export-py"}},
    {{"join", "--export-py", "e.py", "--cast", "c.cast"}, {"--export-py", "--cast"}},
    {{"join", "--replay", "s.aqsim"}, {"--replay", "scenario from the session file", "'join'"}},
    /* two mistakes that rewrite the same line */
    {{"--headless", "pool-stats", "--mistake", "gather-workers", "--mistake", "cancel-before-join"},
     {"gather-workers", "cancel-before-join", "one of them"}},
};
#define NERR_CASES ((int)(sizeof err_cases / sizeof err_cases[0]))

static void check_error_message(const char *what, const ErrCase *c, const char *err, size_t len)
{
    check_one_line(what, c->args, err, len);
    for (int k = 0; k < 8 && c->needles[k]; k++) {
        if (strcmp(c->needles[k], ALL_NAMES) != 0) {
            ck_assert_msg(strstr(err, c->needles[k]) != NULL, "%s %s: message lacks \"%s\": %s",
                          what, show_args(c->args), c->needles[k], err);
            continue;
        }
        for (size_t n = 0; n < NSCENARIOS; n++)
            ck_assert_msg(strstr(err, scenario_names[n]) != NULL,
                          "%s %s: message does not list scenario %s: %s", what,
                          show_args(c->args), scenario_names[n], err);
    }
}

/* Every bad command line: in-process and in the binary, exit status 2,
 * nothing on stdout, one line on stderr, the same line both ways. */
START_TEST(test_error_case)
{
    const ErrCase *c = &err_cases[_i];
    CliOptions o = parse(c->args);
    ck_assert_msg(o.action == CLI_ERROR, "%s: cli_parse accepted it (action %d)",
                  show_args(c->args), (int)o.action);
    ck_assert_msg(strchr(o.message, '\n') == NULL, "%s: cli_parse message has a newline: %s",
                  show_args(c->args), o.message);

    InRun r = run_in(c->args);
    ck_assert_msg(r.status == 2, "in-process %s: exit %d, want 2", show_args(c->args), r.status);
    ck_assert_msg(r.out[0] == '\0', "in-process %s: printed on stdout: %s", show_args(c->args),
                  r.out);
    check_error_message("in-process", c, r.err, strlen(r.err));

    Proc p = run_bin(c->args);
    ck_assert_msg(p.status == 2, "aqsim %s: exit %d, want 2; stderr: %s", show_args(c->args),
                  p.status, p.err);
    ck_assert_msg(p.outlen == 0, "aqsim %s: printed %zu bytes on stdout: %s", show_args(c->args),
                  p.outlen, p.out);
    check_error_message("aqsim", c, p.err, p.errlen);
    ck_assert_msg(strcmp(p.err, r.err) == 0, "%s: binary and in-process messages differ:\n%s%s",
                  show_args(c->args), p.err, r.err);
    proc_free(&p);
    in_free(&r);
}
END_TEST

START_TEST(test_error_messages_give_range)
{
    const char *const cases[][6] = {
        {"--headless", "shutdown", "--shutdown-at", "nan", NULL, "0 to 1000000"},
        {"--headless", "shutdown", "--shutdown-at", "inf", NULL, "0 to 1000000"},
        {"--headless", "shutdown", "--timeout", "nan", NULL, "1000000"},
        {"--headless", "join", "--items", NULL, NULL, "0 to 10000000"},
        {"--headless", "worker-pool", "--workers", NULL, NULL, "1 to 10000"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        InRun r = run_in(cases[k]);
        ck_assert_int_eq(r.status, 2);
        ck_assert_msg(strstr(r.err, cases[k][5]) != NULL, "%s: message lacks the range \"%s\": %s",
                      show_args(cases[k]), cases[k][5], r.err);
        in_free(&r);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* --help, --version, --list                                           */
/* ------------------------------------------------------------------ */

/* Whether word appears in text as a whole token (tokens are runs of
 * letters, digits, '-', '_' and '.'). */
static bool has_token(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; (p = strstr(p, word)) != NULL; p++) {
        bool left = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '-' || p[-1] == '_');
        char r = p[n];
        bool right = !(isalnum((unsigned char)r) || r == '-' || r == '_');
        if (left && right)
            return true;
    }
    return false;
}

static void check_help_text(const char *what, const char *out)
{
    ck_assert_msg(strncmp(out, "usage: aqsim", 12) == 0, "%s: does not start with usage: %.60s",
                  what, out);
    for (size_t k = 0; k < NSCENARIOS; k++)
        ck_assert_msg(has_token(out, scenario_names[k]), "%s: does not mention scenario %s", what,
                      scenario_names[k]);
    static const char *const flags[] = {
        "--headless", "--trace", "--seed", "--python", "--list", "--items", "--maxsize",
        "--workers", "--shutdown-at", "--timeout", "--immediate", "--help", "--version", "-h", "-V",
        "jsonl", "3.11", "3.12", "3.13",
    };
    for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
        ck_assert_msg(has_token(out, flags[k]), "%s: does not mention %s", what, flags[k]);
}

/* Every line of an 80-column terminal's text fits it (ASCII text). */
static void check_width(const char *what, const char *text)
{
    for (const char *line = text; *line;) {
        size_t n = strcspn(line, "\n");
        ck_assert_msg(n <= 80, "%s: a line of %zu columns: %.*s", what, n, (int)n, line);
        line += n + (line[n] == '\n');
    }
}

START_TEST(test_help)
{
    const char *const help[] = {"--help", NULL};
    const char *const h[] = {"-h", NULL};
    Proc a = run_bin(help), b = run_bin(h);
    ck_assert_msg(a.status == 0, "--help: exit %d", a.status);
    ck_assert_msg(b.status == 0, "-h: exit %d", b.status);
    ck_assert_msg(a.errlen == 0, "--help wrote to stderr: %s", a.err);
    ck_assert_msg(b.errlen == 0, "-h wrote to stderr: %s", b.err);
    check_help_text("aqsim --help", a.out);
    check_help_text("aqsim -h", b.out);
    ck_assert_msg(strcmp(a.out, b.out) == 0, "-h and --help print different text");
    ck_assert_msg(a.out[a.outlen - 1] == '\n', "--help does not end with a newline");
    check_width("--help", a.out);

    InRun r = run_in(help);
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strcmp(r.out, a.out) == 0, "cli_usage differs from the binary's --help");
    ck_assert_str_eq(r.err, "");
    in_free(&r);
    /* --help wins over a scenario and other flags */
    const char *const mixed[] = {"--headless", "worker-pool", "--workers", "4", "--help", NULL};
    Proc c = run_bin(mixed);
    ck_assert_int_eq(c.status, 0);
    ck_assert_msg(strcmp(c.out, a.out) == 0, "%s does not print the help", show_args(mixed));
    proc_free(&a);
    proc_free(&b);
    proc_free(&c);
}
END_TEST

START_TEST(test_help_short_options_work)
{
    const char *const help[] = {"--help", NULL};
    Proc a = run_bin(help);
    int found = 0;
    for (char *line = strtok(a.out, "\n"); line; line = strtok(NULL, "\n")) {
        char s, longname[40];
        if (sscanf(line, " -%c, --%39[a-z-]", &s, longname) != 2)
            continue;
        found++;
        char shortopt[3] = {'-', s, '\0'}, longopt[44];
        snprintf(longopt, sizeof longopt, "--%s", longname);
        const char *const sa[] = {shortopt, NULL}, *const la[] = {longopt, NULL};
        Proc ps = run_bin(sa), pl = run_bin(la);
        ck_assert_msg(ps.status == pl.status && strcmp(ps.out, pl.out) == 0,
                      "--help lists %s, %s but they differ: exit %d vs %d, stderr: %s", shortopt,
                      longopt, ps.status, pl.status, ps.err);
        proc_free(&ps);
        proc_free(&pl);
    }
    ck_assert_int_ge(found, 2);
    proc_free(&a);
}
END_TEST

static void check_version_text(const char *what, const char *out)
{
    ck_assert_msg(strncmp(out, "aqsim ", 6) == 0, "%s: [%s] does not start with 'aqsim '", what,
                  out);
    const char *v = out + 6;
    size_t digits = 0, dots = 0;
    const char *p = v;
    while (isdigit((unsigned char)*p) || *p == '.') {
        digits += *p != '.';
        dots += *p == '.';
        p++;
    }
    ck_assert_msg(digits > 0 && dots >= 1 && isdigit((unsigned char)v[0]),
                  "%s: [%s] has no version number", what, out);
    const char *nl = strchr(out, '\n');
    ck_assert_msg(nl && nl[1] == '\0', "%s: [%s] is not one line", what, out);
}

START_TEST(test_version)
{
    const char *const spellings[][2] = {{"--version", NULL}, {"-V", NULL}};
    for (int k = 0; k < 2; k++) {
        Proc p = run_bin(spellings[k]);
        ck_assert_msg(p.status == 0, "%s: exit %d", spellings[k][0], p.status);
        ck_assert_msg(p.errlen == 0, "%s wrote to stderr: %s", spellings[k][0], p.err);
        check_version_text(spellings[k][0], p.out);
        ck_assert_str_eq(p.out, "aqsim " AQSIM_VERSION "\n");
        proc_free(&p);
        CliOptions o = parse(spellings[k]);
        ck_assert_int_eq(o.action, CLI_SHOW_VERSION);
    }
}
END_TEST

typedef struct {
    const char *name;
    const char *params; /* "--flag value ..." as --list shows them */
} ListRow;

/* README.md's scenario table. */
static const ListRow list_rows[] = {
    {"producer-consumer", "--items 4 --maxsize 0 --workers 1"},
    {"join", "--items 5 --maxsize 0"},
    {"backpressure", "--items 10 --maxsize 3"},
    {"worker-pool", "--items 10 --workers 3 --maxsize 5"},
    {"priority", ""},
    {"lifo", ""},
    {"shutdown", "--workers 2 --maxsize 5 --shutdown-at 3.0 --timeout 1.0"},
    {"pool-stats", "--items 20 --workers 3 --maxsize 5"},
    {"retry", "--items 4 --workers 2"},
    {"queue-shutdown", "--workers 2 --maxsize 5 --shutdown-at 3.0 --immediate off"},
};

/* The value --list shows after flag in a scenario's parameter lines;
 * false if the flag is not there. */
static bool list_value(const char *params, const char *flag, char *value, size_t size)
{
    char copy[512];
    snprintf(copy, sizeof copy, "%s", params);
    char *save = NULL;
    for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        if (strcmp(tok, flag) == 0) {
            char *v = strtok_r(NULL, " ", &save);
            snprintf(value, size, "%s", v ? v : "");
            return true;
        }
    }
    return false;
}

/* Runs of spaces as one: text wrapped onto indented lines reads whole. */
static void squeeze_spaces(char *s)
{
    char *out = s;
    for (const char *p = s; *p; p++)
        if (*p != ' ' || out == s || out[-1] != ' ')
            *out++ = *p;
    *out = '\0';
}

/* The default README gives flag in a "--flag value ..." row, NULL if the
 * scenario does not take it. */
static const char *row_default(const ListRow *row, const char *flag, char *buf, size_t size)
{
    return list_value(row->params, flag, buf, size) ? buf : NULL;
}

START_TEST(test_list)
{
    const char *const args[] = {"--list", NULL};
    Proc p = run_bin(args);
    ck_assert_msg(p.status == 0, "--list: exit %d", p.status);
    ck_assert_msg(p.errlen == 0, "--list wrote to stderr: %s", p.err);
    InRun r = run_in(args);
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strcmp(r.out, p.out) == 0, "cli_list differs from the binary's --list");
    in_free(&r);

    check_width("--list", p.out);
    /* --list SCENARIO: that scenario's entry alone. */
    const char *const one[] = {"--list", "retry", NULL};
    Proc q = run_bin(one);
    ck_assert_int_eq(q.status, 0);
    ck_assert_msg(strstr(q.out, "\nretry ") && !strstr(q.out, "\nworker-pool ") && !strstr(q.out, "\njoin "),
                  "%s", q.out);
    proc_free(&q);
    /* Scenario lines start with the name; the indented lines after one
     * are its parameters. Unindented lines before the first scenario are
     * a heading; none may come between or after the scenarios. */
    char *lines[100];
    int n = 0;
    for (char *line = strtok(p.out, "\n"); line && n < 100; line = strtok(NULL, "\n"))
        lines[n++] = line;
    int i = 0;
    while (i < n && (lines[i][0] == ' ' || strncmp(lines[i], list_rows[0].name,
                                                   strlen(list_rows[0].name)) != 0))
        i++;
    size_t row = 0;
    for (; i < n; i++) {
        ck_assert_msg(lines[i][0] != ' ', "--list: stray indented line: %s", lines[i]);
        ck_assert_msg(row < NSCENARIOS, "--list shows more than %zu scenarios: %s", NSCENARIOS,
                      lines[i]);
        const ListRow *want = &list_rows[row++];
        size_t nl = strlen(want->name);
        ck_assert_msg(strncmp(lines[i], want->name, nl) == 0 && lines[i][nl] == ' ',
                      "--list scenario %zu is '%s', want %s", row, lines[i], want->name);
        const Scenario *s = scn_find(want->name);
        ck_assert_msg(s != NULL, "no scenario %s", want->name);
        const char *first = lines[i];
        char params[512] = "";
        while (i + 1 < n && lines[i + 1][0] == ' ') {
            strncat(params, lines[++i], sizeof params - strlen(params) - 2);
            strcat(params, " ");
        }
        /* The summary, wrapped at 80 columns onto the lines below. */
        char whole[700];
        snprintf(whole, sizeof whole, "%s %s", first, params);
        squeeze_spaces(whole);
        ck_assert_msg(s->summary && strlen(s->summary) > 10 && strstr(whole, s->summary),
                      "--list entry for %s lacks its summary: %s", want->name, whole);
        ck_assert_msg(params[0], "--list: %s has no parameter line", want->name);
        if (!want->params[0])
            ck_assert_msg(strstr(params, "no parameters"),
                          "--list: %s should say it takes no parameters: [%s]", want->name, params);
        for (int id = 0; id < SCN_PARAM_COUNT; id++) {
            char flag[40], def[32], got[64];
            snprintf(flag, sizeof flag, "--%s", scn_param_info((ScnParamId)id)->flag);
            const char *wdef = row_default(want, flag, def, sizeof def);
            bool shown = list_value(params, flag, got, sizeof got);
            if (!wdef) {
                ck_assert_msg(!shown, "--list: %s shows %s, which it does not take: [%s]",
                              want->name, flag, params);
                continue;
            }
            ck_assert_msg(shown, "--list: %s does not show %s: [%s]", want->name, flag, params);
            if (strcmp(wdef, "off") == 0)
                ck_assert_msg(strcmp(got, "(off)") == 0, "--list: %s %s is '%s', want (off)",
                              want->name, flag, got);
            else
                ck_assert_msg(got[0] && strtod(got, NULL) == strtod(wdef, NULL),
                              "--list: %s %s default is '%s', want %s", want->name, flag, got,
                              wdef);
        }
        if (s->min_version > SIM_PY_3_11)
            ck_assert_msg(strstr(lines[i], sim_py_version_name(s->min_version)) ||
                              strstr(params, sim_py_version_name(s->min_version)),
                          "--list: %s does not say it needs Python %s", want->name,
                          sim_py_version_name(s->min_version));
    }
    ck_assert_msg(row == NSCENARIOS, "--list shows %zu scenarios, want %zu", row, NSCENARIOS);
    /* and the registry agrees with the list, in order */
    ck_assert_uint_eq(scn_count(), NSCENARIOS);
    for (size_t k = 0; k < NSCENARIOS; k++)
        ck_assert_str_eq(scn_at(k)->name, scenario_names[k]);
    proc_free(&p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Accepted spellings                                                  */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *args[MAXARGS];
    const char *same_as[MAXARGS];      /* prints the same bytes */
    const char *differs_from[MAXARGS]; /* prints other bytes (the flag took effect) */
} OkCase;

static const OkCase ok_cases[] = {
    {{"--headless", "join", "--items=5"},
     {"--headless", "join", "--items", "5"},
     {"--headless", "join", "--items", "3"}},
    {{"--headless", "join", "--items", "3"},
     {"--headless", "join", "--items=3"},
     {"--headless", "join"}},
    {{"--items", "3", "--headless", "join"},
     {"--headless", "join", "--items", "3"},
     {"--headless", "join"}},
    {{"--headless", "--items", "3", "join"},
     {"--headless", "join", "--items=3"},
     {"--headless", "join"}},
    {{"--seed", "9", "--headless", "--workers=4", "worker-pool", "--items", "12"},
     {"--headless", "worker-pool", "--items", "12", "--workers", "4", "--seed", "9"},
     {"--headless", "worker-pool", "--items", "12", "--workers", "4"}},
    /* CPython seeds with abs(n) */
    {{"--headless", "worker-pool", "--seed", "-5"},
     {"--headless", "worker-pool", "--seed", "5"},
     {"--headless", "worker-pool"}},
    {{"--headless", "worker-pool", "--seed=-5"},
     {"--headless", "worker-pool", "--seed", "5"},
     {"--headless", "worker-pool", "--seed", "6"}},
    {{"--headless", "worker-pool", "--seed", "1_000"},
     {"--headless", "worker-pool", "--seed", "1000"},
     {"--headless", "worker-pool"}},
    {{"--headless", "shutdown", "--shutdown-at", "1e0"},
     {"--headless", "shutdown", "--shutdown-at", "1"},
     {"--headless", "shutdown"}},
    {{"--headless", "shutdown", "--shutdown-at=1.0"},
     {"--headless", "shutdown", "--shutdown-at", "1e0"},
     {"--headless", "shutdown", "--shutdown-at", "2"}},
    {{"--headless", "shutdown", "--python", "3.12"},
     {"--headless", "shutdown", "--python=3.12"},
     {NULL}},
    {{"--headless", "queue-shutdown", "--python", "3.13", "--immediate"},
     {"--python=3.13", "--immediate", "--headless", "queue-shutdown"},
     {"--headless", "queue-shutdown", "--python", "3.13"}},
    {{"--headless", "worker-pool", "--items", "+4"},
     {"--headless", "worker-pool", "--items", "4"},
     {"--headless", "worker-pool"}},
    {{"--headless", "--", "join"}, {"--headless", "join"}, {NULL}},
    /* a scenario that needs a newer Python gets it when none is asked for */
    {{"--headless", "queue-shutdown"},
     {"--headless", "queue-shutdown", "--python", "3.13"},
     {NULL}},
    /* the scenario first, flags after */
    {{"join", "--headless", "--items", "3"},
     {"--headless", "join", "--items", "3"},
     {"--headless", "join"}},
    {{"worker-pool", "--seed", "-5", "--headless"},
     {"--headless", "worker-pool", "--seed", "5"},
     {"--headless", "worker-pool"}},
    {{"--seed", "2", "worker-pool", "--headless", "--items=7"},
     {"--headless", "worker-pool", "--items", "7", "--seed", "2"},
     {"--headless", "worker-pool", "--items", "7"}},
    {{"join", "--items", "3", "--headless", "--"},
     {"--headless", "join", "--items", "3"},
     {"--headless", "join"}},
};
#define NOK_CASES ((int)(sizeof ok_cases / sizeof ok_cases[0]))

START_TEST(test_accepted_spelling)
{
    const OkCase *c = &ok_cases[_i];
    InRun r = run_in(c->args);
    ck_assert_msg(r.status == 0, "%s: exit %d: %s", show_args(c->args), r.status, r.err);
    ck_assert_msg(r.err[0] == '\0', "%s: wrote to stderr: %s", show_args(c->args), r.err);
    ck_assert_msg(strlen(r.out) > 10, "%s: printed too little: [%s]", show_args(c->args), r.out);

    InRun same = run_in(c->same_as);
    ck_assert_msg(same.status == 0, "%s: exit %d: %s", show_args(c->same_as), same.status,
                  same.err);
    ck_assert_msg(strcmp(r.out, same.out) == 0, "%s prints other bytes than %s", show_args(c->args),
                  show_args(c->same_as));
    in_free(&same);
    if (c->differs_from[0]) {
        InRun other = run_in(c->differs_from);
        ck_assert_int_eq(other.status, 0);
        ck_assert_msg(strcmp(r.out, other.out) != 0,
                      "%s prints the same as %s: the flag was ignored", show_args(c->args),
                      show_args(c->differs_from));
        in_free(&other);
    }

    Proc p = run_bin(c->args);
    ck_assert_msg(p.status == 0, "aqsim %s: exit %d: %s", show_args(c->args), p.status, p.err);
    ck_assert_msg(p.errlen == 0, "aqsim %s: wrote to stderr: %s", show_args(c->args), p.err);
    ck_assert_msg(p.outlen == strlen(r.out) && memcmp(p.out, r.out, p.outlen) == 0,
                  "aqsim %s: the binary prints other bytes than the in-process run",
                  show_args(c->args));
    proc_free(&p);
    in_free(&r);
}
END_TEST

/* What cli_parse makes of the accepted spellings. */
START_TEST(test_parsed_values)
{
    CliOptions o;
    o = parse((const char *const[]){"--headless", "join", "--items=5", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_ptr_eq(o.scenario, scn_find("join"));
    ck_assert(o.given[SCN_PARAM_ITEMS]);
    ck_assert_double_eq(o.params.v[SCN_PARAM_ITEMS], 5);
    ck_assert_double_eq(o.params.v[SCN_PARAM_MAXSIZE], 0); /* join's default */

    o = parse((const char *const[]){"--maxsize", "7", "--headless", "backpressure", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_double_eq(o.params.v[SCN_PARAM_MAXSIZE], 7);
    ck_assert_double_eq(o.params.v[SCN_PARAM_ITEMS], 10); /* backpressure's default */

    o = parse((const char *const[]){"--headless", "worker-pool", "--seed", "-5", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_str_eq(o.seed, "-5");
    o = parse((const char *const[]){"--headless", "worker-pool", "--seed", "1_000", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_str_eq(o.seed, "1_000");
    o = parse((const char *const[]){"--headless", "worker-pool", NULL});
    ck_assert_str_eq(o.seed, "0");
    ck_assert_int_eq(o.version, SIM_PY_3_11);
    ck_assert_int_eq(o.trace, CLI_TRACE_NONE);

    o = parse((const char *const[]){"--headless", "shutdown", "--shutdown-at", "1e0", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_double_eq(o.params.v[SCN_PARAM_SHUTDOWN_AT], 1.0);
    ck_assert_double_eq(o.params.v[SCN_PARAM_TIMEOUT], 1.0);

    o = parse((const char *const[]){"--headless", "shutdown", "--python", "3.12", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_int_eq(o.version, SIM_PY_3_12);
    /* Blanks around a version are allowed everywhere, as in AQSIM_PYTHON. */
    o = parse((const char *const[]){"--headless", "shutdown", "--python", " 3.12 ", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_int_eq(o.version, SIM_PY_3_12);
    o = parse((const char *const[]){"--headless", "shutdown", "--python-diff", "3.11 , 3.13", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert(o.python_diff && o.diff_a == SIM_PY_3_11 && o.diff_b == SIM_PY_3_13);
    o = parse((const char *const[]){"--headless", "queue-shutdown", "--python", "3.13", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_int_eq(o.version, SIM_PY_3_13);
    ck_assert_double_eq(o.params.v[SCN_PARAM_IMMEDIATE], 0);
    o = parse((const char *const[]){"--headless", "queue-shutdown", "--python", "3.13",
                                    "--immediate", NULL});
    ck_assert_double_eq(o.params.v[SCN_PARAM_IMMEDIATE], 1);

    o = parse((const char *const[]){"--headless", "retry", "--trace", "jsonl", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_int_eq(o.trace, CLI_TRACE_JSONL);

    /* no arguments, or only a scenario: the dashboard */
    o = parse((const char *const[]){NULL});
    ck_assert_int_eq(o.action, CLI_RUN_DASHBOARD);
    ck_assert_ptr_null(o.scenario);
    o = parse((const char *const[]){"lifo", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_DASHBOARD);
    ck_assert_ptr_eq(o.scenario, scn_find("lifo"));
    o = parse((const char *const[]){"--workers", "4", "worker-pool", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_DASHBOARD);
    ck_assert_double_eq(o.params.v[SCN_PARAM_WORKERS], 4);
    o = parse((const char *const[]){"backpressure", "--maxsize", "2", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_DASHBOARD);
    ck_assert_ptr_eq(o.scenario, scn_find("backpressure"));
    ck_assert_double_eq(o.params.v[SCN_PARAM_MAXSIZE], 2);
    ck_assert_double_eq(o.params.v[SCN_PARAM_ITEMS], 10);
    o = parse((const char *const[]){"--list", NULL});
    ck_assert_int_eq(o.action, CLI_SHOW_LIST);
}
END_TEST

/* AQSIM_PYTHON sets the default --python; a bad value is a command-line
 * error like a bad --python. */
START_TEST(test_env_python)
{
    const char *const join[] = {"--headless", "join", NULL};
    setenv("AQSIM_PYTHON", "3.12", 1);
    CliOptions o = parse(join);
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_int_eq(o.version, SIM_PY_3_12);
    o = parse((const char *const[]){"--headless", "join", "--python", "3.13", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_int_eq(o.version, SIM_PY_3_13);

    setenv("AQSIM_PYTHON", "2.7", 1);
    InRun r = run_in(join);
    ck_assert_msg(r.status == 2, "AQSIM_PYTHON=2.7: exit %d", r.status);
    ck_assert_str_eq(r.out, "");
    check_one_line("in-process AQSIM_PYTHON=2.7", join, r.err, strlen(r.err));
    ck_assert_msg(strstr(r.err, "AQSIM_PYTHON") && strstr(r.err, "3.11"),
                  "the message does not name AQSIM_PYTHON and the valid versions: %s", r.err);
    Proc p = run_bin(join);
    ck_assert_msg(p.status == 2, "AQSIM_PYTHON=2.7 aqsim: exit %d", p.status);
    ck_assert_uint_eq(p.outlen, 0);
    check_one_line("AQSIM_PYTHON=2.7 aqsim", join, p.err, p.errlen);
    ck_assert_str_eq(p.err, r.err);
    /* Where it decides nothing, a bad value is not in the way: over
     * --python, for --help and --version, and for a replay (the file names
     * its version). */
    o = parse((const char *const[]){"--headless", "join", "--python", "3.13", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_int_eq(o.version, SIM_PY_3_13);
    o = parse((const char *const[]){"--help", NULL});
    ck_assert_int_eq(o.action, CLI_SHOW_HELP);
    o = parse((const char *const[]){"--version", NULL});
    ck_assert_int_eq(o.action, CLI_SHOW_VERSION);
    o = parse((const char *const[]){"--headless", "--replay", "x.aqsim", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    /* Blanks around a good value are fine. */
    setenv("AQSIM_PYTHON", " 3.12 ", 1);
    o = parse(join);
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_int_eq(o.version, SIM_PY_3_12);
    unsetenv("AQSIM_PYTHON");
    in_free(&r);
    proc_free(&p);
}
END_TEST

/* --mistake unbounded is "forgot maxsize": with --maxsize given too, one of
 * them would be silently ignored, so the pair is refused. */
START_TEST(test_unbounded_mistake_refuses_maxsize)
{
    const char *const both[] = {"--headless", "worker-pool", "--mistake", "unbounded", "--maxsize", "3", NULL};
    CliOptions o = parse(both);
    ck_assert_int_eq(o.action, CLI_ERROR);
    ck_assert_msg(strstr(o.message, "leave out --maxsize 3"), "%s", o.message);
    o = parse((const char *const[]){"--headless", "worker-pool", "--mistake", "unbounded", NULL});
    ck_assert_int_eq(o.action, CLI_RUN_HEADLESS);
    ck_assert_double_eq(o.params.v[SCN_PARAM_MAXSIZE], 5);
}
END_TEST

/* --python-diff: a unified diff of the two versions' output, why they
 * differ, and, where timers came due together, that heap ties can break
 * differently; identical output says so. */
START_TEST(test_python_diff_says_what_and_why)
{
    const char *const tie[] = {"--headless", "shutdown", "--workers", "1", "--shutdown-at", "0.3",
                               "--timeout", "0.1", "--python-diff", "3.11,3.12", NULL};
    Proc r = run_bin(tie);
    ck_assert_int_eq(r.status, 0);
    const char *want[] = {"--- python 3.11\n+++ python 3.12\n", "\n+  [producer] put item-1\n",
                          "\nwhy: 3.11's wait_for runs get() in an inner task",
                          "\nalso: several timers came due at the same instant"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_msg(strstr(r.out, want[i]), "no %s in:\n%s", want[i], r.out);
    proc_free(&r);
    const char *const same[] = {"--headless", "join", "--python-diff", "3.11,3.13", NULL};
    r = run_bin(same);
    ck_assert_int_eq(r.status, 0);
    ck_assert_msg(strstr(r.out, "identical: Python 3.11 and 3.13 print the same 11 lines") &&
                      !strstr(r.out, "also:") && !strstr(r.out, "+++"),
                  "%s", r.out);
    proc_free(&r);
}
END_TEST

/* A file name in a message is shown as values are: control bytes (C1 too)
 * and bytes that are not UTF-8 as \xNN, UTF-8 as it is, a very long one
 * cut, so the message stays one readable line. */
START_TEST(test_file_names_in_messages_are_cut)
{
    char name[400];
    memset(name, 'a', 300);
    snprintf(name + 300, sizeof name - 300, "/x.py");
    const char *const args[] = {"--headless", "join", "--export-py", name, NULL};
    Proc p = run_bin(args);
    ck_assert_int_eq(p.status, 1);
    ck_assert_msg(strstr(p.err, "aqsim: cannot write aaaa") && strstr(p.err, "...: ") && p.errlen < 200,
                  "%s", p.err);
    check_one_line("a long name", args, p.err, p.errlen);
    proc_free(&p);
    const char *const odd[] = {"--headless", "caf\xc3\xa9\x1b[31m\xc2\x9b\xff\xed\xa0\x80", NULL};
    p = run_bin(odd);
    ck_assert_int_eq(p.status, 2);
    ck_assert_msg(strstr(p.err, "'caf\xc3\xa9\\x1b[31m\\xc2\\x9b\\xff\\xed\\xa0\\x80'"), "%s", p.err);
    proc_free(&p);
}
END_TEST

/* Bash completion reads each scenario's flags and mistakes from --list:
 * a summary wrapped over two lines must not hide them. */
START_TEST(test_completion_reads_the_list)
{
    if (access("/bin/bash", X_OK) != 0)
        return;
    char script[512], cmd[PATH_MAX + 1024], bin[PATH_MAX];
    test_path(script, sizeof script, "../doc/aqsim.bash-completion");
    /* A path (AQSIM_BIN=aqsim is a file here, not a command on PATH). */
    ck_assert_ptr_nonnull(realpath(aqsim_bin(), bin));
    snprintf(cmd, sizeof cmd, "bash -c '. \"$0\" && _aqsim_list \"$1\"' '%s' '%s'", script, bin);
    FILE *f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    char out[4096];
    size_t n = fread(out, 1, sizeof out - 1, f);
    out[n] = '\0';
    ck_assert_int_eq(pclose(f), 0);
    const char *want[] = {"producer-consumer\t--items --maxsize --workers\tfewer-sentinels\n",
                          "\nshutdown\t--maxsize --workers --shutdown-at --timeout\t\n",
                          "\npriority\t\t\n"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_msg(strstr(out, want[i]), "no %s in:\n%s", want[i], out);
    /* What aqsim would refuse is not offered. */
    const struct {
        const char *line, *offered, *not_offered;
    } cases[] = {
        {"--headless priority --", "--stats", "--mistake"},
        {"--headless priority --", "--timeline", "--replay"},
        {"--headless --replay x --", "--stats", "--seed"},
        {"--headless worker-pool --", "--items", "--headless"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(cmd, sizeof cmd,
                 "bash -c '. \"$0\" && COMP_WORDS=(\"$1\" %s) && COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && "
                 "_aqsim && echo \" ${COMPREPLY[*]} \"' '%s' '%s'",
                 cases[i].line, script, bin);
        f = popen(cmd, "r");
        ck_assert_ptr_nonnull(f);
        n = fread(out, 1, sizeof out - 1, f);
        out[n] = '\0';
        ck_assert_int_eq(pclose(f), 0);
        char yes[40], no[40];
        snprintf(yes, sizeof yes, " %s ", cases[i].offered);
        snprintf(no, sizeof no, " %s ", cases[i].not_offered);
        ck_assert_msg(strstr(out, yes) && !strstr(out, no), "aqsim %s<Tab>: %s", cases[i].line, out);
    }
}
END_TEST

/* Output that cannot be written (a full disk) is an error with a message,
 * not a silent exit status. */
START_TEST(test_unwritable_output_is_reported)
{
    if (access("/dev/full", W_OK) != 0)
        return;
    const char *const runs[][6] = {
        {"--headless", "join", NULL},
        {"--headless", "join", "--stats", NULL},
        {"--headless", "join", "--python-diff", "3.11,3.13", NULL},
        {"--help", NULL},
        {"--list", NULL},
        {"--version", NULL},
    };
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        Proc p;
        ck_assert(proc_run_io(&p, runs[i], IO_NULL, IO_FULL));
        ck_assert_msg(p.status == 1, "%s > /dev/full: exit %d", show_args(runs[i]), p.status);
        ck_assert_msg(strstr(p.err, "aqsim: cannot write the output: No space left on device"), "%s: %s",
                      show_args(runs[i]), p.err);
        check_one_line("> /dev/full", runs[i], p.err, p.errlen);
        proc_free(&p);
    }
    /* The run stops at the failed write: this one, run to its end, would
     * deadlock (exit 3, with its report). */
    const char *const hang[] = {"--headless", "worker-pool", "--items", "200000", "--mistake", "forget-task-done",
                                NULL};
    Proc p;
    ck_assert(proc_run_io(&p, hang, IO_NULL, IO_FULL));
    ck_assert_msg(p.status == 1 && !strstr(p.err, "DEADLOCK"), "exit %d: %s", p.status, p.err);
    check_one_line("> /dev/full", hang, p.err, p.errlen);
    proc_free(&p);
    /* A session file that cannot be written says why. */
    const char *const rec[] = {"--headless", "join", "--record", "/dev/full", NULL};
    ck_assert(proc_run_io(&p, rec, IO_NULL, IO_PIPE));
    ck_assert_msg(p.status == 1 && strstr(p.err, "aqsim: cannot write /dev/full: No space left on device"),
                  "exit %d: %s", p.status, p.err);
    proc_free(&p);
}
END_TEST

/* Python's int() takes 4300 digits: so does --seed, and it says so past
 * that, rather than calling a long number "not an integer". */
START_TEST(test_seed_digit_limit)
{
    char seed[4303];
    memset(seed, '9', 4301);
    seed[4301] = '\0';
    InRun a = run_in((const char *const[]){"--headless", "join", "--seed", seed, NULL});
    ck_assert_int_eq(a.status, 2);
    ck_assert_str_eq(a.err, "aqsim: --seed: 4301 digits is too many (Python's int() takes up to 4300)\n");
    in_free(&a);
    seed[4300] = '\0';
    InRun b = run_in((const char *const[]){"--headless", "join", "--seed", seed, NULL});
    ck_assert_msg(b.status == 0, "a 4300-digit seed is refused: %s", b.err);
    in_free(&b);
}
END_TEST

START_TEST(test_long_seed)
{
    char seed[201];
    memset(seed, '0', 199);
    seed[199] = '1';
    seed[200] = '\0';
    InRun a = run_in((const char *const[]){"--headless", "worker-pool", "--seed", seed, NULL});
    InRun b = run_in((const char *const[]){"--headless", "worker-pool", "--seed", "1", NULL});
    ck_assert_msg(a.status == 0, "a 200-digit seed is refused: %s", a.err);
    ck_assert_str_eq(a.out, b.out);
    in_free(&a);
    in_free(&b);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The dashboard without a terminal                                    */
/* ------------------------------------------------------------------ */

static void check_no_terminal(const char *what, const char *const *args, const Proc *p)
{
    ck_assert_msg(p->signal == 0, "%s aqsim %s: killed by signal %d (hung or crashed)", what,
                  show_args(args), p->signal);
    ck_assert_msg(p->status != 0, "%s aqsim %s: exit 0 without a terminal", what, show_args(args));
    ck_assert_msg(p->outlen == 0, "%s aqsim %s: wrote %zu bytes to stdout", what, show_args(args),
                  p->outlen);
    check_one_line(what, args, p->err, p->errlen);
    ck_assert_msg(strstr(p->err, "--headless") != NULL,
                  "%s aqsim %s: message does not mention --headless: %s", what, show_args(args),
                  p->err);
}

START_TEST(test_dashboard_needs_terminal)
{
    const char *const runs[][MAXARGS] = {
        {"worker-pool"},
        {NULL},
        {"--workers", "4", "worker-pool"},
        {"--python", "3.13", "queue-shutdown"},
        {"backpressure", "--maxsize", "2"}, /* README's example */
        {"worker-pool", "--workers", "4", "--seed", "1"},
    };
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        /* aqsim worker-pool < /dev/null | cat */
        Proc p;
        proc_run_io(&p, runs[k], IO_NULL, IO_PIPE);
        check_no_terminal("stdin /dev/null, stdout a pipe:", runs[k], &p);
        if (runs[k][0])
            ck_assert_msg(strstr(p.err, "--headless ") &&
                              strstr(p.err, runs[k][0][0] == '-' ? runs[k][2] : runs[k][0]),
                          "aqsim %s: the hint does not name the scenario: %s", show_args(runs[k]),
                          p.err);
        proc_free(&p);
        /* aqsim worker-pool | cat, typed at a terminal */
        if (proc_run_io(&p, runs[k], IO_PTY, IO_PIPE)) {
            check_no_terminal("stdin a terminal, stdout a pipe:", runs[k], &p);
            proc_free(&p);
        }
        /* aqsim worker-pool < /dev/null, at a terminal */
        if (proc_run_io(&p, runs[k], IO_NULL, IO_PTY)) {
            check_no_terminal("stdin /dev/null, stdout a terminal:", runs[k], &p);
            proc_free(&p);
        }
    }
    /* A --record file is not left behind by a dashboard that cannot start. */
    char path[] = "/tmp/aqsim-record-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    unlink(path);
    const char *const rec[MAXARGS] = {"backpressure", "--record", path};
    Proc p;
    proc_run_io(&p, rec, IO_NULL, IO_PIPE);
    check_no_terminal("stdin /dev/null, stdout a pipe:", rec, &p);
    ck_assert_msg(access(path, F_OK) != 0, "aqsim %s left %s behind", show_args(rec), path);
    unlink(path);
    proc_free(&p);
}
END_TEST

/* ------------------------------------------------------------------ */
/* A strict JSON validator for one object per line                     */
/* ------------------------------------------------------------------ */

typedef enum { JT_STR, JT_NUM, JT_BOOL, JT_NULL, JT_OBJ, JT_ARR } JType;

typedef struct {
    char key[32];
    JType type;
    bool is_int; /* a number written without fraction or exponent */
    double num;
    char *str; /* JT_STR: the decoded bytes, NUL-terminated */
    size_t len;
} JField;

typedef struct {
    JField f[32];
    int n;
    char err[160];
} JObj;

typedef struct {
    const char *start, *p, *end;
    JObj *o;
} JP;

static bool jfail(JP *j, const char *why)
{
    if (!j->o->err[0])
        snprintf(j->o->err, sizeof j->o->err, "%s at column %td", why, j->p - j->start + 1);
    return false;
}

static void jws(JP *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t'))
        j->p++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool jhex4(JP *j, unsigned *out)
{
    if (j->end - j->p < 4)
        return jfail(j, "short \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(j->p[i]);
        if (h < 0)
            return jfail(j, "bad hex digit in \\u escape");
        v = v * 16 + (unsigned)h;
    }
    j->p += 4;
    *out = v;
    return true;
}

static size_t utf8_put(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Length of the valid UTF-8 sequence at p, 0 if invalid. */
static size_t utf8_valid(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t n;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* A string; decoded into *out (malloc'd) when out is not NULL. */
static bool jstring(JP *j, char **out, size_t *outlen)
{
    if (j->p >= j->end || *j->p != '"')
        return jfail(j, "expected a string");
    j->p++;
    char *buf = out ? malloc((size_t)(j->end - j->p) + 1) : NULL;
    size_t n = 0;
    char tmp[4];
    for (;;) {
        if (j->p >= j->end) {
            free(buf);
            return jfail(j, "unterminated string");
        }
        unsigned char c = (unsigned char)*j->p;
        if (c == '"') {
            j->p++;
            break;
        }
        if (c < 0x20) {
            free(buf);
            return jfail(j, "raw control character in a string");
        }
        if (c == '\\') {
            j->p++;
            if (j->p >= j->end) {
                free(buf);
                return jfail(j, "unterminated escape");
            }
            char e = *j->p++;
            static const char escapes[] = "\"\\/bfnrt";
            static const char decoded[] = "\"\\/\b\f\n\r\t";
            const char *simple = e ? strchr(escapes, e) : NULL;
            if (simple) {
                if (buf)
                    buf[n] = decoded[simple - escapes];
                n++;
                continue;
            }
            if (e != 'u') {
                free(buf);
                return jfail(j, "bad escape");
            }
            unsigned cp;
            if (!jhex4(j, &cp)) {
                free(buf);
                return false;
            }
            if (cp >= 0xdc00 && cp <= 0xdfff) {
                free(buf);
                return jfail(j, "lone low surrogate");
            }
            if (cp >= 0xd800 && cp <= 0xdbff) {
                unsigned lo;
                if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u') {
                    free(buf);
                    return jfail(j, "lone high surrogate");
                }
                j->p += 2;
                if (!jhex4(j, &lo)) {
                    free(buf);
                    return false;
                }
                if (lo < 0xdc00 || lo > 0xdfff) {
                    free(buf);
                    return jfail(j, "bad surrogate pair");
                }
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            }
            size_t k = utf8_put(tmp, cp);
            if (buf)
                memcpy(buf + n, tmp, k);
            n += k;
            continue;
        }
        size_t k = utf8_valid((const unsigned char *)j->p, (const unsigned char *)j->end);
        if (!k) {
            free(buf);
            return jfail(j, "invalid UTF-8");
        }
        if (buf)
            memcpy(buf + n, j->p, k);
        n += k;
        j->p += k;
    }
    if (buf) {
        buf[n] = '\0';
        *out = buf;
        *outlen = n;
    }
    return true;
}

static bool jnumber(JP *j, double *out, bool *is_int)
{
    const char *s = j->p;
    bool integral = true;
    if (j->p < j->end && *j->p == '-')
        j->p++;
    if (j->p >= j->end || !isdigit((unsigned char)*j->p))
        return jfail(j, "expected a digit");
    if (*j->p == '0') {
        j->p++;
        if (j->p < j->end && isdigit((unsigned char)*j->p))
            return jfail(j, "leading zero");
    } else {
        while (j->p < j->end && isdigit((unsigned char)*j->p))
            j->p++;
    }
    if (j->p < j->end && *j->p == '.') {
        integral = false;
        j->p++;
        if (j->p >= j->end || !isdigit((unsigned char)*j->p))
            return jfail(j, "expected a digit after '.'");
        while (j->p < j->end && isdigit((unsigned char)*j->p))
            j->p++;
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        integral = false;
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
            j->p++;
        if (j->p >= j->end || !isdigit((unsigned char)*j->p))
            return jfail(j, "expected a digit in the exponent");
        while (j->p < j->end && isdigit((unsigned char)*j->p))
            j->p++;
    }
    char copy[400];
    size_t n = (size_t)(j->p - s);
    if (n >= sizeof copy)
        return jfail(j, "number too long");
    memcpy(copy, s, n);
    copy[n] = '\0';
    *out = strtod(copy, NULL);
    *is_int = integral;
    return true;
}

static bool jvalue(JP *j, int depth, JField *f);

static bool jcontainer(JP *j, int depth, bool object, JObj *top)
{
    if (depth > 32)
        return jfail(j, "nested too deeply");
    j->p++; /* '{' or '[' */
    jws(j);
    char close = object ? '}' : ']';
    if (j->p < j->end && *j->p == close) {
        j->p++;
        return true;
    }
    for (;;) {
        JField *f = NULL;
        if (object) {
            char *key = NULL;
            size_t klen = 0;
            if (!jstring(j, &key, &klen))
                return false;
            if (top) {
                for (int i = 0; i < top->n; i++)
                    if (strcmp(top->f[i].key, key) == 0) {
                        free(key);
                        return jfail(j, "duplicate key");
                    }
                if (top->n == (int)(sizeof top->f / sizeof top->f[0])) {
                    free(key);
                    return jfail(j, "too many keys");
                }
                f = &top->f[top->n++];
                memset(f, 0, sizeof *f);
                snprintf(f->key, sizeof f->key, "%s", key);
            }
            free(key);
            jws(j);
            if (j->p >= j->end || *j->p != ':')
                return jfail(j, "expected ':'");
            j->p++;
            jws(j);
        }
        if (!jvalue(j, depth + 1, f))
            return false;
        jws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            jws(j);
            continue;
        }
        if (j->p < j->end && *j->p == close) {
            j->p++;
            return true;
        }
        return jfail(j, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static bool jliteral(JP *j, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
        return jfail(j, "unexpected character");
    j->p += n;
    return true;
}

static bool jvalue(JP *j, int depth, JField *f)
{
    JField dummy;
    if (!f)
        f = &dummy;
    if (j->p >= j->end)
        return jfail(j, "expected a value");
    switch (*j->p) {
    case '"':
        f->type = JT_STR;
        return jstring(j, f == &dummy ? NULL : &f->str, &f->len);
    case '{':
        f->type = JT_OBJ;
        return jcontainer(j, depth, true, NULL);
    case '[':
        f->type = JT_ARR;
        return jcontainer(j, depth, false, NULL);
    case 't':
        f->type = JT_BOOL;
        f->num = 1;
        return jliteral(j, "true");
    case 'f':
        f->type = JT_BOOL;
        return jliteral(j, "false");
    case 'n':
        f->type = JT_NULL;
        return jliteral(j, "null");
    default:
        f->type = JT_NUM;
        return jnumber(j, &f->num, &f->is_int);
    }
}

static void jobj_free(JObj *o)
{
    for (int i = 0; i < o->n; i++)
        free(o->f[i].str);
    o->n = 0;
}

/* Parse one line (without its newline) as a JSON object. On failure,
 * o->err says why and nothing needs freeing. */
static bool json_object_line(const char *s, size_t len, JObj *o)
{
    memset(o, 0, sizeof *o);
    JP j = {s, s, s + len, o};
    jws(&j);
    if (j.p >= j.end || *j.p != '{') {
        jfail(&j, "not an object");
        return false;
    }
    if (!jcontainer(&j, 0, true, o)) {
        jobj_free(o);
        return false;
    }
    jws(&j);
    if (j.p != j.end) {
        jfail(&j, "trailing characters");
        jobj_free(o);
        return false;
    }
    return true;
}

static const JField *jget(const JObj *o, const char *key)
{
    for (int i = 0; i < o->n; i++)
        if (strcmp(o->f[i].key, key) == 0)
            return &o->f[i];
    return NULL;
}

START_TEST(test_json_validator)
{
    static const char *const good[] = {
        "{}",
        "{\"a\":1}",
        " { \"a\" : 1 , \"b\" : [ ] } ",
        "{\"a\":-0.5e+10,\"b\":\"x\\\"\\\\\\/"
        "\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\",\"c\":[1,{\"d\":null}],"
        "\"e\":true,\"f\":false}",
        "{\"s\":\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"}",
        "{\"n\":0,\"m\":-0,\"x\":1E5,\"y\":2.5e-3,\"z\":[[[]]]}",
    };
    static const char *const bad[] = {
        "", " ", "[]", "1", "\"a\"", "{", "}", "{\"a\":1,}", "{\"a\":1,,\"b\":2}", "{,}",
        "{a:1}", "{'a':1}", "{\"a\"1}", "{\"a\":}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}",
        "{\"a\":+1}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":0x10}", "{\"a\":NaN}",
        "{\"a\":Infinity}", "{\"a\":-inf}", "{\"a\":tru}", "{\"a\":True}", "{\"a\":nul}",
        "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"tab\there\"}",
        "{\"a\":\"nl\nhere\"}", "{\"a\":\"open}", "{\"a\":\"\\\"}", "{\"a\":1}x",
        "{\"a\":1}{\"b\":2}", "{\"a\":1,\"a\":2}", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":[}",
        "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}", "{\"a\":\"\\ud800\\u0041\"}",
        "{\"a\":\"\xff\"}", "{\"a\":\"\xc0\xaf\"}", "{\"a\":\"\xed\xa0\x80\"}",
        "{\"a\":\"\xe2\x82\"}", "{\"a\":1}\r",
    };
    JObj o;
    for (size_t k = 0; k < sizeof good / sizeof good[0]; k++) {
        ck_assert_msg(json_object_line(good[k], strlen(good[k]), &o), "valid JSON refused: %s (%s)",
                      good[k], o.err);
        jobj_free(&o);
    }
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        bool ok = json_object_line(bad[k], strlen(bad[k]), &o);
        if (ok)
            jobj_free(&o);
        ck_assert_msg(!ok, "invalid JSON accepted: [%s]", bad[k]);
        ck_assert_msg(o.err[0] != '\0', "no reason given for [%s]", bad[k]);
    }
    /* a NUL inside the line */
    ck_assert(!json_object_line("{\"a\":\"x\0y\"}", 11, &o));

    /* decoding and the fields */
    const char *line =
        "{\"t\":\"a\\nb\\u0041\\u00e9\\ud83d\\ude00\\\"\",\"n\":12,\"f\":0.25,\"e\":1e2,"
        "\"o\":{\"t\":1}}";
    ck_assert(json_object_line(line, strlen(line), &o));
    ck_assert_int_eq(o.n, 5);
    const JField *t = jget(&o, "t");
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(t->type, JT_STR);
    ck_assert_uint_eq(t->len, 11);
    ck_assert(memcmp(t->str, "a\nbA\xc3\xa9\xf0\x9f\x98\x80\"", 11) == 0);
    const JField *n = jget(&o, "n");
    ck_assert(n && n->type == JT_NUM && n->is_int && n->num == 12);
    const JField *f = jget(&o, "f");
    ck_assert(f && f->type == JT_NUM && !f->is_int && f->num == 0.25);
    const JField *e = jget(&o, "e");
    ck_assert(e && e->type == JT_NUM && !e->is_int && e->num == 100);
    ck_assert(jget(&o, "o") && jget(&o, "o")->type == JT_OBJ);
    ck_assert_ptr_null(jget(&o, "missing"));
    jobj_free(&o);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The JSONL trace                                                     */
/* ------------------------------------------------------------------ */

/* README.md's "Trace" table: each kind and the fields it must have. */
typedef struct {
    const char *kind;
    const char *fields[5];
} KindSchema;

static const KindSchema kinds[] = {
    {"task_new", {"task"}},
    {"wait", {"task", "wait", "line"}},
    {"task_end", {"task", "detail"}},
    {"put", {"task", "item", "qsize", "unfinished"}},
    {"get", {"task", "item", "qsize", "unfinished"}},
    {"task_done", {"task", "qsize", "unfinished"}},
    {"event_set", {NULL}},
    {"cancel", {"task"}},
    {"timeout", {"task"}},
    {"shutdown", {"detail", "qsize", "unfinished"}},
    {"clock", {NULL}},
    {"print", {"text"}},
    {"live", {"detail", "value"}},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static const char *const wait_words[] = {
    "sleep", "get", "put", "join", "event", "gather", "wait_for", "yield", "task", "future",
};

static bool word_in(const char *w, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w, words[i]) == 0)
            return true;
    return false;
}

typedef struct {
    int count[NKINDS];
    int lines;
    Buf prints;                  /* the print texts, concatenated */
    int shutdowns;
    char shutdown_detail[16];
} TraceSummary;

static bool allow_wait_none = false;

static bool is_count(const JField *f)
{
    return f && f->type == JT_NUM && f->is_int && f->num >= 0;
}

/* Check every line of a trace against the schema; fills sum. */
static void check_trace(const char *label, const char *trace, TraceSummary *sum)
{
    memset(sum, 0, sizeof *sum);
    size_t total = strlen(trace);
    ck_assert_msg(total > 0, "%s: the trace is empty", label);
    ck_assert_msg(trace[total - 1] == '\n', "%s: the trace does not end with a newline", label);
    double last_step = -1, last_time = -1;
    int qsize = -1, unfinished = -1;
    const char *p = trace;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = (size_t)(nl - p);
        int ln = ++sum->lines;
        char shown[200];
        snprintf(shown, sizeof shown, "%.*s", (int)(len < 190 ? len : 190), p);
        JObj o;
        ck_assert_msg(json_object_line(p, len, &o), "%s line %d is not a JSON object (%s): %s",
                      label, ln, o.err, shown);

        const JField *step = jget(&o, "step"), *time = jget(&o, "time"), *kind = jget(&o, "kind");
        ck_assert_msg(is_count(step), "%s line %d: no integer \"step\" >= 0: %s", label, ln, shown);
        ck_assert_msg(step->num >= last_step, "%s line %d: step goes back from %.0f: %s", label, ln,
                      last_step, shown);
        last_step = step->num;
        ck_assert_msg(time && time->type == JT_NUM && time->num >= 0,
                      "%s line %d: no number \"time\" >= 0: %s", label, ln, shown);
        ck_assert_msg(time->num >= last_time, "%s line %d: time goes back from %.17g: %s", label,
                      ln, last_time, shown);
        last_time = time->num;
        ck_assert_msg(kind && kind->type == JT_STR, "%s line %d: no string \"kind\": %s", label, ln,
                      shown);
        size_t k = 0;
        while (k < NKINDS && strcmp(kinds[k].kind, kind->str) != 0)
            k++;
        ck_assert_msg(k < NKINDS, "%s line %d: undocumented kind \"%s\": %s", label, ln, kind->str,
                      shown);
        sum->count[k]++;
        for (int i = 0; i < 5 && kinds[k].fields[i]; i++)
            ck_assert_msg(jget(&o, kinds[k].fields[i]) != NULL, "%s line %d: %s without \"%s\": %s",
                          label, ln, kind->str, kinds[k].fields[i], shown);

        const JField *f;
        if ((f = jget(&o, "task")))
            ck_assert_msg(f->type == JT_STR && f->len > 0, "%s line %d: bad \"task\": %s", label,
                          ln, shown);
        if ((f = jget(&o, "item")))
            ck_assert_msg(f->type == JT_STR && f->len > 0, "%s line %d: bad \"item\": %s", label,
                          ln, shown);
        const char *kw = kind->str;
        if (!strcmp(kw, "put") || !strcmp(kw, "get") || !strcmp(kw, "task_done") ||
            !strcmp(kw, "shutdown")) {
            const JField *q = jget(&o, "qsize"), *u = jget(&o, "unfinished");
            ck_assert_msg(is_count(q) && is_count(u), "%s line %d: qsize/unfinished not counts: %s",
                          label, ln, shown);
            int qn = (int)q->num, un = (int)u->num;
            ck_assert_msg(un >= qn, "%s line %d: unfinished < qsize: %s", label, ln, shown);
            /* one queue per program: each event moves the counts by one */
            if (!strcmp(kw, "put")) {
                ck_assert_msg(qn >= 1, "%s line %d: put leaves the queue empty: %s", label, ln,
                              shown);
                if (qsize >= 0)
                    ck_assert_msg(
                        qn == qsize + 1 && un == unfinished + 1,
                        "%s line %d: put does not add one item (was qsize %d, unfinished %d): %s",
                        label, ln, qsize, unfinished, shown);
            } else if (!strcmp(kw, "get") && qsize >= 0) {
                ck_assert_msg(
                    qn == qsize - 1 && un == unfinished,
                    "%s line %d: get does not take one item (was qsize %d, unfinished %d): %s",
                    label, ln, qsize, unfinished, shown);
            } else if (!strcmp(kw, "task_done") && qsize >= 0) {
                ck_assert_msg(qn == qsize && un == unfinished - 1,
                              "%s line %d: task_done does not finish one item (was qsize %d, "
                              "unfinished %d): %s",
                              label, ln, qsize, unfinished, shown);
            }
            qsize = qn;
            unfinished = un;
        }
        if (!strcmp(kw, "wait")) {
            f = jget(&o, "wait");
            ck_assert_msg(f->type == JT_STR && (word_in(f->str, wait_words,
                                                        sizeof wait_words / sizeof wait_words[0]) ||
                                                (allow_wait_none && strcmp(f->str, "none") == 0)),
                          "%s line %d: unknown wait \"%s\": %s", label, ln,
                          f->type == JT_STR ? f->str : "?", shown);
            f = jget(&o, "line");
            ck_assert_msg(f->type == JT_NUM && f->is_int && f->num >= 1,
                          "%s line %d: \"line\" is not a line number: %s", label, ln, shown);
        }
        if (!strcmp(kw, "task_end")) {
            f = jget(&o, "detail");
            static const char *const outcomes[] = {"returned", "cancelled", "raised"};
            ck_assert_msg(f->type == JT_STR && word_in(f->str, outcomes, 3),
                          "%s line %d: task_end detail not returned/cancelled/raised: %s", label,
                          ln, shown);
        }
        if (!strcmp(kw, "shutdown")) {
            f = jget(&o, "detail");
            static const char *const modes[] = {"drain", "immediate"};
            ck_assert_msg(f->type == JT_STR && word_in(f->str, modes, 2),
                          "%s line %d: shutdown detail not drain/immediate: %s", label, ln, shown);
            sum->shutdowns++;
            snprintf(sum->shutdown_detail, sizeof sum->shutdown_detail, "%s", f->str);
        }
        if (!strcmp(kw, "live")) {
            ck_assert_msg(jget(&o, "detail")->type == JT_STR && jget(&o, "value")->type == JT_NUM,
                          "%s line %d: bad live event: %s", label, ln, shown);
        }
        if (!strcmp(kw, "print")) {
            f = jget(&o, "text");
            ck_assert_msg(f->type == JT_STR, "%s line %d: \"text\" is not a string: %s", label, ln,
                          shown);
            buf_add(&sum->prints, f->str, f->len);
        }
        jobj_free(&o);
        p = nl + 1;
    }
}

static int kind_index(const char *kind)
{
    for (size_t k = 0; k < NKINDS; k++)
        if (strcmp(kinds[k].kind, kind) == 0)
            return (int)k;
    ck_abort_msg("no kind %s", kind);
    return -1;
}

/* Every scenario at its defaults (queue-shutdown needs 3.13), then a few
 * other settings. */
static const char *const trace_runs[][MAXARGS] = {
    {"producer-consumer"},
    {"join"},
    {"backpressure"},
    {"worker-pool"},
    {"priority"},
    {"lifo"},
    {"shutdown"},
    {"pool-stats"},
    {"retry"},
    {"queue-shutdown", "--python", "3.13"},
    {"queue-shutdown", "--python", "3.13", "--immediate"},
    {"shutdown", "--python", "3.12", "--timeout", "0.3"},
    {"shutdown", "--python", "3.13", "--workers", "4", "--shutdown-at", "1.5"},
    {"worker-pool", "--seed", "42", "--workers", "5", "--maxsize", "2"},
    {"retry", "--items", "8", "--seed", "3"},
    {"producer-consumer", "--workers", "3", "--maxsize", "1", "--python", "3.12"},
};
#define NTRACE_RUNS ((int)(sizeof trace_runs / sizeof trace_runs[0]))

/* Run args with --headless (and --trace jsonl); returns stdout. */
static char *headless(const char *const *args, bool trace)
{
    const char *argv[MAXARGS + 4];
    int n = 0;
    argv[n++] = "--headless";
    for (int i = 0; args[i]; i++)
        argv[n++] = args[i];
    if (trace) {
        argv[n++] = "--trace";
        argv[n++] = "jsonl";
    }
    argv[n] = NULL;
    InRun r = run_in(argv);
    ck_assert_msg(r.status == 0, "%s: exit %d: %s", show_args(argv), r.status, r.err);
    ck_assert_msg(r.err[0] == '\0', "%s: wrote to stderr: %s", show_args(argv), r.err);
    free(r.err);
    return r.out;
}

START_TEST(test_trace_schema)
{
    const char *const *args = trace_runs[_i];
    char *trace = headless(args, true);
    char *plain = headless(args, false);
    TraceSummary sum;
    check_trace(show_args(args), trace, &sum);
    ck_assert_msg(sum.lines >= 5, "%s: only %d trace lines", show_args(args), sum.lines);
    ck_assert_msg(sum.count[kind_index("print")] > 0, "%s: no print events", show_args(args));
    ck_assert_msg(sum.count[kind_index("task_new")] > 0, "%s: no task_new events", show_args(args));
    /* the print texts are the program's output, byte for byte */
    size_t plen = strlen(plain);
    ck_assert_msg(plen > 0, "%s: plain run printed nothing", show_args(args));
    size_t glen = sum.prints.len;
    const char *got = sum.prints.buf ? sum.prints.buf : "";
    if (glen != plen || memcmp(got, plain, plen) != 0) {
        size_t i = 0;
        while (i < glen && i < plen && got[i] == plain[i])
            i++;
        ck_abort_msg(
            "%s: print events (%zu bytes) differ from --headless output (%zu bytes) at byte %zu",
            show_args(args), glen, plen, i);
    }
    free(sum.prints.buf);
    free(trace);
    free(plain);
}
END_TEST

START_TEST(test_trace_worker_pool_kinds)
{
    const char *const args[] = {"worker-pool", NULL};
    char *trace = headless(args, true);
    TraceSummary sum;
    check_trace("worker-pool", trace, &sum);
    static const char *const need[] = {"task_new",  "wait",     "put",  "get",
                                       "task_done", "task_end", "print"};
    for (size_t k = 0; k < sizeof need / sizeof need[0]; k++)
        ck_assert_msg(sum.count[kind_index(need[k])] > 0, "worker-pool's trace has no %s event",
                      need[k]);
    /* --items 10: ten puts, gets and task_dones */
    ck_assert_int_eq(sum.count[kind_index("put")], 10);
    ck_assert_int_eq(sum.count[kind_index("get")], 10);
    ck_assert_int_eq(sum.count[kind_index("task_done")], 10);
    free(sum.prints.buf);
    free(trace);
}
END_TEST

START_TEST(test_trace_queue_shutdown)
{
    const char *const drain[] = {"queue-shutdown", "--python", "3.13", NULL};
    const char *const now[] = {"queue-shutdown", "--python", "3.13", "--immediate", NULL};
    TraceSummary sum;
    char *trace = headless(drain, true);
    check_trace("queue-shutdown", trace, &sum);
    ck_assert_int_eq(sum.shutdowns, 1);
    ck_assert_str_eq(sum.shutdown_detail, "drain");
    free(sum.prints.buf);
    free(trace);
    trace = headless(now, true);
    check_trace("queue-shutdown --immediate", trace, &sum);
    ck_assert_int_eq(sum.shutdowns, 1);
    ck_assert_str_eq(sum.shutdown_detail, "immediate");
    free(sum.prints.buf);
    free(trace);
}
END_TEST

/* The binary writes the same trace as the in-process run. */
START_TEST(test_trace_binary)
{
    const char *const args[] = {"--headless", "worker-pool", "--trace", "jsonl", NULL};
    const char *const scen[] = {"worker-pool", NULL};
    Proc p = run_bin(args);
    ck_assert_msg(p.status == 0, "aqsim %s: exit %d: %s", show_args(args), p.status, p.err);
    ck_assert_msg(p.errlen == 0, "aqsim %s: stderr: %s", show_args(args), p.err);
    char *in = headless(scen, true);
    ck_assert_msg(p.outlen == strlen(in) && memcmp(p.out, in, p.outlen) == 0,
                  "the binary's trace differs from the in-process trace");
    TraceSummary sum;
    check_trace("aqsim --headless worker-pool --trace jsonl", p.out, &sum);
    free(sum.prints.buf);
    free(in);
    proc_free(&p);
}
END_TEST

START_TEST(test_trace_event_set)
{
    const char *const args[] = {"shutdown", NULL};
    char *trace = headless(args, true);
    TraceSummary sum;
    check_trace("shutdown", trace, &sum);
    ck_assert_msg(sum.count[kind_index("event_set")] == 1,
                  "shutdown's trace has %d event_set events",
                  sum.count[kind_index("event_set")]);
    free(sum.prints.buf);
    free(trace);
}
END_TEST

START_TEST(test_trace_every_task_ends)
{
    for (int k = 0; k < NTRACE_RUNS; k++) {
        char *trace = headless(trace_runs[k], true);
        TraceSummary sum;
        check_trace(show_args(trace_runs[k]), trace, &sum);
        ck_assert_msg(sum.count[kind_index("task_new")] == sum.count[kind_index("task_end")],
                      "%s: %d task_new but %d task_end", show_args(trace_runs[k]),
                      sum.count[kind_index("task_new")], sum.count[kind_index("task_end")]);
        free(sum.prints.buf);
        free(trace);
    }
}
END_TEST

static void find_wait(const char *trace, const char *task, int line, char *wait, size_t size)
{
    wait[0] = '\0';
    for (const char *p = trace; *p;) {
        const char *nl = strchr(p, '\n');
        JObj o;
        if (json_object_line(p, (size_t)(nl - p), &o)) {
            const JField *k = jget(&o, "kind"), *t = jget(&o, "task"), *l = jget(&o, "line"),
                         *w = jget(&o, "wait");
            if (k && !strcmp(k->str, "wait") && t && !strcmp(t->str, task) && l && l->num == line &&
                w && !wait[0])
                snprintf(wait, size, "%s", w->str);
            jobj_free(&o);
        }
        p = nl + 1;
    }
}

START_TEST(test_trace_wait_kinds)
{
    allow_wait_none = false;
    for (int k = 0; k < NTRACE_RUNS; k++) {
        char *trace = headless(trace_runs[k], true);
        TraceSummary sum;
        check_trace(show_args(trace_runs[k]), trace, &sum);
        free(sum.prints.buf);
        free(trace);
    }
    static const struct {
        const char *scenario;
        int line;
        const char *wait;
    } expect[] = {
        {"producer-consumer", 46, "gather"},
        {"shutdown", 40, "gather"},
        {"join", 28, "join"},
    };
    for (size_t k = 0; k < sizeof expect / sizeof expect[0]; k++) {
        const char *const args[] = {expect[k].scenario, NULL};
        char *trace = headless(args, true);
        char wait[32];
        find_wait(trace, "main", expect[k].line, wait, sizeof wait);
        ck_assert_msg(strcmp(wait, expect[k].wait) == 0,
                      "%s: main waits at line %d on \"%s\", want %s",
                      expect[k].scenario, expect[k].line, wait, expect[k].wait);
        free(trace);
    }
}
END_TEST

/* The trace table covers every scenario in the registry. */
START_TEST(test_trace_runs_cover_registry)
{
    for (size_t k = 0; k < scn_count(); k++) {
        bool found = false;
        for (int i = 0; i < NTRACE_RUNS && !found; i++)
            found = strcmp(trace_runs[i][0], scn_at(k)->name) == 0 && !trace_runs[i][1];
        if (!found && scn_at(k)->min_version > SIM_PY_3_11)
            for (int i = 0; i < NTRACE_RUNS && !found; i++)
                found = strcmp(trace_runs[i][0], scn_at(k)->name) == 0 && trace_runs[i][1] &&
                        strcmp(trace_runs[i][1], "--python") == 0 && !trace_runs[i][3];
        ck_assert_msg(found, "scenario %s has no trace run at its defaults", scn_at(k)->name);
    }
}
END_TEST

Suite *make_cli_suite(void)
{
    Suite *s = suite_create("cli");

    TCase *tc = tcase_create("errors");
    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, clean_env, NULL);
    tcase_add_loop_test(tc, test_error_case, 0, NERR_CASES);
    suite_add_tcase(s, tc);

    tc = tcase_create("info");
    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, clean_env, NULL);
    tcase_add_test(tc, test_help);
    tcase_add_test(tc, test_version);
    tcase_add_test(tc, test_list);
    suite_add_tcase(s, tc);

    tc = tcase_create("accepted");
    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, clean_env, NULL);
    tcase_add_loop_test(tc, test_accepted_spelling, 0, NOK_CASES);
    tcase_add_test(tc, test_parsed_values);
    tcase_add_test(tc, test_env_python);
    suite_add_tcase(s, tc);

    tc = tcase_create("terminal");
    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, clean_env, NULL);
    tcase_add_test(tc, test_dashboard_needs_terminal);
    suite_add_tcase(s, tc);

    tc = tcase_create("trace");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, clean_env, NULL);
    tcase_add_test(tc, test_json_validator);
    tcase_add_loop_test(tc, test_trace_schema, 0, NTRACE_RUNS);
    tcase_add_test(tc, test_trace_worker_pool_kinds);
    tcase_add_test(tc, test_trace_queue_shutdown);
    tcase_add_test(tc, test_trace_binary);
    tcase_add_test(tc, test_trace_runs_cover_registry);
    tcase_add_test(tc, test_error_messages_give_range);
    tcase_add_test(tc, test_help_short_options_work);
    tcase_add_test(tc, test_long_seed);
    tcase_add_test(tc, test_seed_digit_limit);
    tcase_add_test(tc, test_unwritable_output_is_reported);
    tcase_add_test(tc, test_python_diff_says_what_and_why);
    tcase_add_test(tc, test_completion_reads_the_list);
    tcase_add_test(tc, test_file_names_in_messages_are_cut);
    tcase_add_test(tc, test_unbounded_mistake_refuses_maxsize);
    tcase_add_test(tc, test_trace_event_set);
    tcase_add_test(tc, test_trace_every_task_ends);
    tcase_add_test(tc, test_trace_wait_kinds);
    suite_add_tcase(s, tc);
    return s;
}
