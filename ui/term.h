/* term.h - the terminal: curses set-up and restore, signals, keys, and
 * copying a grid to the screen.
 *
 * Signal handlers only set flags and write a byte to a pipe; the main loop
 * waits on the keyboard and that pipe together (poll), so a resize, ^C,
 * SIGTERM or SIGHUP is handled between frames with the terminal restored
 * normally. A fatal signal restores the saved terminal modes with
 * async-signal-safe calls only, then dies as it would have.
 */
#ifndef AQSIM_UI_TERM_H
#define AQSIM_UI_TERM_H

#include <stdbool.h>

#include "ui/grid.h"

enum {
    UI_KEY_NONE = -1,   /* the wait timed out */
    UI_KEY_RESIZE = -2, /* the terminal changed size, or may have (continued after ^Z) */
    UI_KEY_QUIT = -3    /* SIGINT, SIGTERM or SIGHUP */
};

/* Start curses. False (with a message in *why) when the terminal cannot
 * host the dashboard. */
bool ui_term_open(const char **why);
/* Restore the terminal; safe to call twice. */
void ui_term_close(void);
bool ui_term_utf8(void);
void ui_term_size(int *w, int *h);
/* Copy the grid to the screen. */
void ui_term_draw(const UiGrid *g);
/* The signal behind UI_KEY_QUIT (SIGINT, SIGTERM, SIGHUP). */
int ui_term_quit_signal(void);
/* Wait up to timeout_ms (-1: for ever) for a key or a signal. */
int ui_term_key(int timeout_ms);

#endif
