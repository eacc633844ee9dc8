/* tmux.c - tmux as a terminal emulator for tests. */
#include "tests/tmux.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int counter;

static char *run_capture(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (n + 1 >= cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    pclose(p);
    buf[n] = '\0';
    return buf;
}

bool tmux_available(void)
{
    const char *skip = getenv("AQSIM_SKIP_TERMINAL");
    if (skip && *skip && strcmp(skip, "0") != 0)
        return false;
    return system("command -v tmux >/dev/null 2>&1") == 0;
}

const char *tmux_aqsim(void)
{
    static char path[PATH_MAX];
    const char *bin = getenv("AQSIM_BIN");
    if (!bin || !*bin)
        bin = "./aqsim";
    if (!realpath(bin, path))
        snprintf(path, sizeof path, "%s", bin);
    return path;
}

static int sh(Tmux *t, const char *fmt, const char *arg)
{
    char cmd[2048], inner[1600];
    snprintf(inner, sizeof inner, fmt, arg);
    snprintf(cmd, sizeof cmd, "tmux -L %s %s >/dev/null 2>&1", t->socket, inner);
    return system(cmd);
}

/* Single-quote a string for sh. */
static void quote(char *out, size_t size, const char *s)
{
    size_t n = 0;
    out[n++] = '\'';
    for (; *s && n + 5 < size; s++) {
        if (*s == '\'') {
            memcpy(out + n, "'\\''", 4);
            n += 4;
        } else {
            out[n++] = *s;
        }
    }
    out[n++] = '\'';
    out[n] = '\0';
}

bool tmux_start(Tmux *t, int w, int h, const char *command)
{
    snprintf(t->socket, sizeof t->socket, "aqsim-test-%d-%d", (int)getpid(), counter++);
    char q[1200], inner[1400];
    /* exec: the pane's process is the command itself, whatever $SHELL is
     * (dash would otherwise stay as its parent, and signals meant for
     * aqsim would reach the shell). */
    snprintf(inner, sizeof inner, "exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color %s", command);
    quote(q, sizeof q, inner);
    char cmd[1600];
    snprintf(cmd, sizeof cmd,
             "tmux -L %s -f /dev/null new-session -d -x %d -y %d %s >/dev/null 2>&1 && "
             "tmux -L %s set-option -g status off >/dev/null 2>&1",
             t->socket, w, h, q, t->socket);
    t->started = system(cmd) == 0;
    return t->started;
}

void tmux_send(Tmux *t, const char *keys)
{
    sh(t, "send-keys -t 0 %s", keys);
}

void tmux_type(Tmux *t, const char *text)
{
    char q[1024];
    quote(q, sizeof q, text);
    sh(t, "send-keys -t 0 -l %s", q);
}

char *tmux_screen(Tmux *t)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "tmux -L %s capture-pane -p -t 0 2>/dev/null", t->socket);
    char *s = run_capture(cmd);
    if (!s)
        return calloc(1, 1);
    /* Blank rows at the bottom carry nothing and would push a failure's
     * message out of a log's tail. */
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
        n--;
    s[n] = '\0';
    return s;
}

char *tmux_screen_styled(Tmux *t)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "tmux -L %s capture-pane -e -p -t 0 2>/dev/null", t->socket);
    char *s = run_capture(cmd);
    return s ? s : calloc(1, 1);
}

static bool wait_until(Tmux *t, const char *text, bool present, int timeout_ms, char **screen)
{
    struct timespec start, now, pause = {0, 20 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        char *s = tmux_screen(t);
        bool has = strstr(s, text) != NULL;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (has == present || ms > timeout_ms) {
            if (screen)
                *screen = s;
            else
                free(s);
            return has == present;
        }
        free(s);
        nanosleep(&pause, NULL); /* poll interval, not synchronisation */
    }
}

bool tmux_wait_for(Tmux *t, const char *text, int timeout_ms, char **screen)
{
    return wait_until(t, text, true, timeout_ms, screen);
}

bool tmux_wait_gone(Tmux *t, const char *text, int timeout_ms, char **screen)
{
    return wait_until(t, text, false, timeout_ms, screen);
}

void tmux_resize(Tmux *t, int w, int h)
{
    char arg[64];
    snprintf(arg, sizeof arg, "-t 0 -x %d -y %d", w, h);
    sh(t, "resize-window %s", arg);
}

int tmux_pane_pid(Tmux *t)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "tmux -L %s list-panes -t 0 -F '#{pane_pid}' 2>/dev/null", t->socket);
    char *s = run_capture(cmd);
    int pid = s ? atoi(s) : 0;
    free(s);
    return pid;
}

int tmux_child_pid(Tmux *t)
{
    int parent = tmux_pane_pid(t);
    if (!parent)
        return 0;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "pgrep -P %d 2>/dev/null | head -n 1", parent);
    char *s = run_capture(cmd);
    int pid = s ? atoi(s) : 0;
    free(s);
    return pid;
}

void tmux_stop(Tmux *t)
{
    if (!t->started)
        return;
    sh(t, "kill-server%s", "");
    t->started = false;
}
