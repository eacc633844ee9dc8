/* tmux.h - drive the real aqsim binary in a real terminal (tmux), read the
 * screen back, and wait for text to appear by polling with a deadline. */
#ifndef AQSIM_TESTS_TMUX_H
#define AQSIM_TESTS_TMUX_H

#include <stdbool.h>

typedef struct {
    char socket[64];
    bool started;
} Tmux;

/* Whether terminal tests can run here (tmux present, not skipped by
 * AQSIM_SKIP_TERMINAL=1). */
bool tmux_available(void);
/* A detached session of w x h running a shell command in a UTF-8 locale. */
bool tmux_start(Tmux *t, int w, int h, const char *command);
/* tmux send-keys: each argument is one key name or literal string. */
void tmux_send(Tmux *t, const char *keys);
/* Type literal text (no key-name interpretation). */
void tmux_type(Tmux *t, const char *text);
/* The visible screen; the caller frees it. */
char *tmux_screen(Tmux *t);
/* The visible screen with its colours and attributes as SGR escapes
 * (capture-pane -e); the caller frees it. */
char *tmux_screen_styled(Tmux *t);
/* Poll the screen until it contains text (true) or timeout_ms pass
 * (false). *screen (if given) gets the last capture; the caller frees it. */
bool tmux_wait_for(Tmux *t, const char *text, int timeout_ms, char **screen);
/* Poll until the screen no longer contains text. */
bool tmux_wait_gone(Tmux *t, const char *text, int timeout_ms, char **screen);
void tmux_resize(Tmux *t, int w, int h);
/* PID of the pane's process, and of its first child (the program run by a
 * shell in the pane); 0 if none. */
int tmux_pane_pid(Tmux *t);
int tmux_child_pid(Tmux *t);
void tmux_stop(Tmux *t);
/* The aqsim binary to test: $AQSIM_BIN or ./aqsim, as an absolute path. */
const char *tmux_aqsim(void);

#endif
