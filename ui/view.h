/* view.h - the dashboard laid out into a grid: a pure function of the
 * model, what the user is looking at, and the terminal's size. */
#ifndef AQSIM_UI_VIEW_H
#define AQSIM_UI_VIEW_H

#include <stdbool.h>

#include "ui/grid.h"
#include "ui/model.h"
#include "ui/quiz.h"

/* The smallest terminal the dashboard draws in. */
#define UI_MIN_W 80
#define UI_MIN_H 24

typedef enum { UI_SCREEN_PICKER, UI_SCREEN_DASHBOARD } UiScreen;

typedef struct {
    UiScreen screen;
    int picker_index; /* highlighted scenario in the picker */
    int help;         /* the ? overlay: 0 off, 1 keys, 2 quick reference */
    int selected;     /* selected task (index in scn_run_task_at order), -1: none */
    bool code;        /* c: the code pane beside the transcript */
    bool big;         /* --big: the projector layout */
    bool stats;       /* t: the stats panel */
    bool timeline;    /* g: the timeline view with its scrubber */
    bool prompt;      /* ':' in the timeline: typing a step or a time */
    char prompt_text[32];
    bool summary_shown; /* the end-of-run stats were shown for this run */
    int confirm_key;  /* the key (Tab, a digit, r, x) waiting to be pressed again */
    bool why;         /* Enter: why the selected task is blocked */
    int scroll;       /* PgUp: lines the transcript is scrolled back */
    UiQuiz quiz;      /* p: predict, then reveal */
} UiViewState;

/* Draw everything into g (cleared first). m may be NULL on the picker.
 * vs->scroll is brought into the range the printed lines allow. */
void ui_view_render(const UiModel *m, UiViewState *vs, UiGrid *g);
/* The projector layout (--big): large queue slots and worker boxes, qsize
 * in block digits, the caption in large print. */
void ui_view_render_big(const UiModel *m, UiViewState *vs, UiGrid *g);
/* Which of the printed lines fill rows rows: the first one's index, the
 * newest lines scrolled back *scroll lines (brought into range). */
size_t ui_view_transcript_first(const UiModel *m, int rows, int *scroll);
/* A caption said at an earlier step, marked as such so that it does not
 * read as now: "(earlier, at t=1.50) ..." ("still at" when the clock has
 * not moved since), written into buf; long past (a jump, a long stretch
 * with nothing to say), the scenario's note instead. */
const char *ui_view_older_caption(const UiModel *m, const char *cap, char *buf, size_t size);
/* The note the caption bar shows when no caption applies: the scenario's,
 * or with a mistake switched on, what that mistake does (written in buf). */
const char *ui_view_note(const UiModel *m, char *buf, size_t size);
/* The status line's text: the last message, or with none how the program
 * ended (a deadlock is the caption's to tell); line is room for the latter. */
const char *ui_view_status_text(const UiModel *m, char *line, size_t size);
/* The tasks the dashboard lists, in screen order (main and the producers,
 * then the workers). Returns the count; fills idx (scn_run_task_at
 * indices) up to max. */
int ui_view_tasks(const ScnRun *run, int *idx, int max);

#endif
