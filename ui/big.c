/* big.c - the projector layout: fewer panels, large shapes, high contrast.
 *
 * Meant for a room at 100x30: the queue as a row of large slots with qsize
 * in block digits beside it, a box per producer and worker, the caption
 * across the bottom on a bright bar of its own; the transcript shrinks to
 * its last lines.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sim/fmt.h"
#include "sim/view.h"
#include "ui/view.h"

/* 3x5 block digits, one string per row, '#' where the block goes. */
static const char *const digits[11][5] = {
    {"###", "# #", "# #", "# #", "###"}, {" # ", "## ", " # ", " # ", "###"},
    {"###", "  #", "###", "#  ", "###"}, {"###", "  #", "###", "  #", "###"},
    {"# #", "# #", "###", "  #", "  #"}, {"###", "#  ", "###", "  #", "###"},
    {"###", "#  ", "###", "# #", "###"}, {"###", "  #", "  #", "  #", "  #"},
    {"###", "# #", "###", "# #", "###"}, {"###", "# #", "###", "  #", "###"},
    {"   ", "  #", " # ", "#  ", "   "}, /* '/' */
};

/* Draw text in block digits; returns the columns used. */
static int block_text(UiGrid *g, int x, int y, UiRole role, const char *text)
{
    int col = x;
    for (const char *p = text; *p; p++) {
        int d = *p == '/' ? 10 : (*p >= '0' && *p <= '9') ? *p - '0' : -1;
        if (d < 0)
            continue;
        for (int r = 0; r < 5; r++)
            for (int c = 0; c < 3; c++)
                if (digits[d][r][c] == '#')
                    ui_grid_glyph(g, col + c, y + r, role, UI_GLYPH_BAR_FULL);
        col += 4;
    }
    return col - x;
}

static UiRole role_of(SimTaskState s)
{
    switch (s) {
    case SIM_TASK_WAIT_PUT:
        return UI_ROLE_BLOCKED;
    case SIM_TASK_SLEEPING:
    case SIM_TASK_RUNNING:
        return UI_ROLE_WORKING;
    case SIM_TASK_DONE:
        return UI_ROLE_DONE;
    case SIM_TASK_CANCELLED:
    case SIM_TASK_FAILED:
        return UI_ROLE_CANCELLED;
    default:
        return UI_ROLE_IDLE;
    }
}

static const char *word_of(const SimTask *t, const SimTaskView *v)
{
    switch (v->state) {
    case SIM_TASK_WAIT_PUT:
        return "BLOCKED in put()";
    case SIM_TASK_WAIT_GET:
        return "idle in get()";
    case SIM_TASK_SLEEPING:
        return !sim_value_is_none(v->holding) && t->role == SCN_ROLE_WORKER ? "PROCESSING" : "sleeping";
    case SIM_TASK_DONE:
        return t->retire_requested ? "retired" : "done";
    default:
        return sim_task_state_name(v->state);
    }
}

/* A task as a 4-row box: name, state word, item or bar. */
static void task_box(UiGrid *g, const UiModel *m, const SimTask *t, int x, int y, int w)
{
    SimTaskView v;
    sim_task_view(scn_run_loop(ui_model_run(m)), t, &v);
    UiRole role = role_of(v.state);
    ui_grid_box(g, x, y, w, 4, role == UI_ROLE_BLOCKED ? UI_ROLE_BLOCKED : UI_ROLE_BORDER, t->name);
    ui_grid_text(g, x + 2, y + 1, w - 4, role, word_of(t, &v));
    char item[48];
    if (v.state == SIM_TASK_WAIT_PUT) {
        ui_model_item_label(v.putting, item, sizeof item);
        ui_grid_printf(g, x + 2, y + 2, w - 4, UI_ROLE_BLOCKED, "put(%s)", item);
    } else if (!sim_value_is_none(v.holding)) {
        ui_model_item_label(v.holding, item, sizeof item);
        int n = ui_grid_printf(g, x + 2, y + 2, w - 4, UI_ROLE_ITEM, "%s ", item);
        if (v.state == SIM_TASK_SLEEPING && w - 4 - n >= 4) {
            double span = v.until - v.since, now = ui_model_time(m);
            double frac = span > 0 ? (now - v.since) / span : 1;
            int bar = w - 4 - n, fill = (int)(frac * bar + 0.5);
            for (int i = 0; i < bar; i++)
                ui_grid_glyph(g, x + 2 + n + i, y + 2, i < fill ? UI_ROLE_WORKING : UI_ROLE_DIM,
                              i < fill ? UI_GLYPH_BAR_FULL : UI_GLYPH_BAR_EMPTY);
        }
    }
}

static void queue_row(UiGrid *g, const UiModel *m, int y)
{
    SimQueue *q = scn_run_queue(ui_model_run(m));
    long maxsize = sim_queue_maxsize(q);
    SimValue items[32];
    size_t qsize = sim_queue_items(q, items, 32);
    size_t have = qsize < 32 ? qsize : 32;
    size_t slots = maxsize > 0 && sim_queue_kind(q) != SIM_QUEUE_PRIORITY ? (size_t)maxsize : 0;
    size_t cells = qsize > slots ? qsize : slots;
    char title[64];
    snprintf(title, sizeof title, "%s %s", sim_queue_kind(q) == SIM_QUEUE_LIFO ? "top" : "next",
             sim_queue_kind(q) == SIM_QUEUE_PRIORITY ? "(lowest first)" : "");
    ui_grid_text(g, 1, y, 20, UI_ROLE_NEXT, title);
    int x = 1, right = g->w - 24;
    /* Slots wide enough for whole labels (priority jobs), when the row
     * holds them all that wide; 10 columns at least. */
    int widest = 0;
    for (size_t i = 0; i < have; i++) {
        char label[48];
        ui_model_item_label(&items[i], label, sizeof label);
        if (ui_text_width(label) > widest)
            widest = ui_text_width(label);
    }
    int slot_w = widest + 2 < 24 ? widest + 2 : 24;
    while (slot_w > 10 && (int)cells * (slot_w + 1) > right - 1)
        slot_w--;
    if (slot_w < 10)
        slot_w = 10;
    for (size_t i = 0; i < cells; i++) {
        if (x + slot_w > right) {
            ui_grid_printf(g, x, y + 2, 8, UI_ROLE_DIM, "+%zu", cells - i);
            break;
        }
        char label[48] = "";
        UiRole role = UI_ROLE_DIM;
        if (i < have) {
            ui_model_item_label(&items[i], label, sizeof label);
            role = i >= slots && slots ? UI_ROLE_WARN : UI_ROLE_ITEM;
        }
        ui_grid_box(g, x, y + 1, slot_w, 3, i == 0 && have ? UI_ROLE_NEXT : UI_ROLE_BORDER, NULL);
        int lw = ui_text_width(label) > slot_w - 2 ? slot_w - 2 : ui_text_width(label);
        ui_grid_text(g, x + (slot_w - lw) / 2, y + 2, slot_w - 2, role, label);
        x += slot_w + 1;
    }
    if (cells == 0)
        ui_grid_text(g, 3, y + 2, 20, UI_ROLE_DIM, "(empty)");
    for (size_t i = 0; i < have; i++)
        sim_value_release(&items[i]);
    /* qsize in block digits on the right. */
    char n[64];
    if (maxsize > 0)
        snprintf(n, sizeof n, "%zu/%ld", qsize, maxsize);
    else
        snprintf(n, sizeof n, "%zu", qsize);
    bool full = maxsize > 0 && (long)qsize >= maxsize;
    int bx = g->w - 22;
    ui_grid_text(g, bx, y, 20, UI_ROLE_TITLE, full ? "qsize  FULL" : "qsize");
    block_text(g, bx, y + 1, full ? UI_ROLE_FULL : UI_ROLE_TITLE, n);
}

void ui_view_render_big(const UiModel *m, UiViewState *vs, UiGrid *g)
{
    ScnRun *run = ui_model_run(m);
    const UiSetup *s = ui_model_setup(m);
    ui_grid_fill(g, 0, 0, g->w, 1, ' ', UI_ROLE_HEADER);
    char t[24];
    sim_fmt_fixed(t, sizeof t, ui_model_time(m), 1);
    int hcol = 1 + ui_grid_printf(g, 1, 0, g->w - 2, UI_ROLE_HEADER,
                                 "%s  t = %s s  %s %gx  step %" PRIu64 "  Python %s",
                                 s->scenario->name, t, ui_model_playing(m) ? "playing" : "paused",
                                 ui_model_speed(m), ui_model_step_number(m),
                                 sim_py_version_name(s->version));
    /* The class's score while it predicts, lesson mode, and a program
     * changed by a mistake: the room must see them (the mistake's long
     * name is cut first). */
    if (vs->quiz.on)
        hcol += ui_grid_printf(g, hcol, 0, g->w - 1 - hcol, UI_ROLE_WARN, "  PREDICT %d/%d ",
                               vs->quiz.right, vs->quiz.asked);
    if (ui_model_lesson(m) && hcol < g->w - 1)
        hcol += ui_grid_text(g, hcol, 0, g->w - 1 - hcol, UI_ROLE_WARN, "  LESSON ");
    for (int k = 0; k < SCN_MISTAKE_COUNT; k++)
        if ((s->params.mistakes >> k) & 1u && hcol < g->w - 1)
            hcol += ui_grid_printf(g, hcol, 0, g->w - 1 - hcol, UI_ROLE_WARN, "  MISTAKE: %s ",
                                   scn_mistake_name((ScnMistake)k));
    queue_row(g, m, 2);
    /* unfinished and join() */
    SimQueue *q = scn_run_queue(run);
    SimEvent *ev = scn_run_event(run);
    int used = ui_grid_printf(g, 1, 7, g->w - 2, UI_ROLE_TEXT, "unfinished tasks: %ld%s",
                              sim_queue_unfinished(q), sim_queue_is_shutdown(q) ? "    SHUT DOWN" : "");
    if (ev && sim_event_is_set(ev))
        ui_grid_text(g, 1 + used, 7, g->w - 2 - used, UI_ROLE_FULL, "    shutdown Event SET");
    else if (ev)
        ui_grid_text(g, 1 + used, 7, g->w - 2 - used, UI_ROLE_DIM, "    shutdown Event not set");
    /* Producers and main on one row, workers below, as boxes; on a short
     * screen the workers go on in main's row rather than out of sight. */
    int y = 9, x = 1, hidden = 0;
    /* Narrower boxes when that keeps every task in sight. */
    int rows = (g->h - 9 - y) / 4, ntasks = (int)scn_run_task_count(run);
    int per_row = rows > 0 ? (ntasks + rows - 1) / rows : ntasks;
    int bw = per_row > 0 ? (g->w - 1) / per_row - 1 : 24;
    bw = bw > 24 ? 24 : bw < 17 ? 17 : bw; /* 17 holds "idle in get()" */
    char more[400] = "";
    size_t more_len = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1 && x > 1 && y + 8 <= g->h - 9) {
            x = 1;
            y += 4;
        }
        for (size_t i = 0; i < scn_run_task_count(run); i++) {
            const SimTask *tk = scn_run_task_at(run, i);
            if ((tk->role == SCN_ROLE_WORKER) != (pass == 1))
                continue;
            if (x + bw > g->w) {
                x = 1;
                y += 4;
            }
            if (y + 4 > g->h - 9) {
                SimTaskView v;
                sim_task_view(scn_run_loop(run), tk, &v);
                if (more_len < sizeof more)
                    more_len += (size_t)snprintf(more + more_len, sizeof more - more_len, "%s%s %s",
                                                 hidden ? ", " : "", tk->name, word_of(tk, &v));
                hidden++;
                continue;
            }
            task_box(g, m, tk, x, y, bw);
            x += bw + 1;
        }
    }
    /* Tasks without room for a box: in a line below the boxes if the rows
     * are there, else counted; never silently left out. */
    int free_rows = g->h - 8 - y, below = x > 1 ? y + 4 : y; /* the first row under the boxes */
    if (hidden && free_rows > 0) {
        char text[480];
        snprintf(text, sizeof text, "+%d more: %s", hidden, more);
        below = y + ui_grid_wrap(g, 1, y, g->w - 2, free_rows, UI_ROLE_TEXT, text);
    } else if (hidden) {
        ui_grid_printf(g, 1, 8, g->w - 2, UI_ROLE_WARN,
                       "+%d more task%s not shown here (without --big, every task is listed)",
                       hidden, hidden == 1 ? "" : "s");
    }
    /* A long status takes a second row, from the lines printed. */
    char ended[300];
    const char *status = ui_view_status_text(m, ended, sizeof ended);
    int srows = ui_grid_wrap_rows(g->w - 2, status) > 1 ? 2 : 1;
    /* The last lines printed, in every row the boxes leave (PgUp scrolls
     * back), at full weight: the room reads them from the back. */
    int end = g->h - 4 - srows, ty = below + 1 < g->h - 8 ? below + 1 : g->h - 8;
    size_t n = ui_model_line_count(m), first = ui_view_transcript_first(m, end - ty, &vs->scroll);
    for (int r = 0; r < end - ty && first + (size_t)r < n; r++)
        ui_grid_text(g, 1, ty + r, g->w - 2, UI_ROLE_TEXT, ui_model_line(m, first + (size_t)r));
    if (vs->scroll > 0 && end > ty)
        ui_grid_printf(g, g->w - 30, ty, 29, UI_ROLE_DIM, "(scrolled back: PgDn)");
    /* The caption, large: on its own two rows, high contrast. */
    const char *cap = ui_model_deadlocked(m) ? "DEADLOCK: the program hangs for ever; Python reports nothing."
                                             : ui_model_caption(m);
    char older[520];
    double when;
    if (!*cap) {
        cap = ui_view_note(m, older, sizeof older);
    } else if (!ui_model_deadlocked(m) && !ui_model_caption_is_fresh(m, &when)) {
        cap = ui_view_older_caption(m, cap, older, sizeof older);
    }
    int cy = g->h - 4 - srows;
    ui_grid_fill(g, 0, cy, g->w, 3, ' ', UI_ROLE_FULL);
    ui_grid_wrap(g, 2, cy, g->w - 4, 3, UI_ROLE_FULL, cap);
    ui_grid_wrap(g, 1, g->h - 1 - srows, g->w - 2, srows, UI_ROLE_TEXT, status);
    ui_grid_fill(g, 0, g->h - 1, g->w, 1, ' ', UI_ROLE_KEY);
    /* The keys this scenario has, as many as fit, "? help q quit" always. */
    const Scenario *sc = s->scenario;
    const char *keys[] = {ui_model_playing(m) ? "space pause" : "space play",
                          "n step",
                          "b back",
                          scn_takes(sc, SCN_PARAM_MAXSIZE) ? "m/M maxsize" : NULL,
                          sc->has_shutdown_event ? "s shutdown" : NULL,
                          sc->new_worker ? "w/W/k workers" : NULL,
                          "l lesson"};
    const char *tail = "? help  q quit";
    int limit = g->w - 2 - (int)strlen(tail) - 2, col = 1;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        int need = keys[i] ? (int)strlen(keys[i]) + 2 : 0;
        if (need && col + need <= limit)
            col += ui_grid_printf(g, col, g->h - 1, need, UI_ROLE_KEY, "%s  ", keys[i]);
    }
    ui_grid_text(g, g->w - 1 - (int)strlen(tail), g->h - 1, (int)strlen(tail), UI_ROLE_KEY, tail);
}
