/* view.c - laying out the picker, the dashboard and the help overlay. */
#include "ui/view.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/fmt.h"
#include "sim/view.h"
#include "ui/explain.h"
#include "ui/export.h"
#include "ui/stats.h"

static const char *queue_class(SimQueueKind k)
{
    return k == SIM_QUEUE_PRIORITY ? "PriorityQueue" : k == SIM_QUEUE_LIFO ? "LifoQueue" : "Queue";
}

static const char *queue_order(SimQueueKind k)
{
    return k == SIM_QUEUE_PRIORITY ? "min first" : k == SIM_QUEUE_LIFO ? "LIFO" : "FIFO";
}

/* ---- task rows ---- */

typedef struct {
    UiGlyph glyph;
    UiRole role;
} Look;

static Look look_of(const SimTaskView *v)
{
    switch (v->state) {
    case SIM_TASK_RUNNING:
        return (Look){UI_GLYPH_PLAY, UI_ROLE_WORKING};
    case SIM_TASK_READY:
        return (Look){UI_GLYPH_ELLIPSIS, UI_ROLE_TEXT};
    case SIM_TASK_SLEEPING:
        return (Look){UI_GLYPH_WORKING, UI_ROLE_WORKING};
    case SIM_TASK_WAIT_PUT:
        return (Look){UI_GLYPH_BLOCKED, UI_ROLE_BLOCKED};
    case SIM_TASK_WAIT_GET:
        return (Look){UI_GLYPH_IDLE, UI_ROLE_IDLE};
    case SIM_TASK_WAIT_JOIN:
    case SIM_TASK_WAIT_EVENT:
    case SIM_TASK_WAIT_GATHER:
    case SIM_TASK_WAIT_OTHER:
        return (Look){UI_GLYPH_WAITING, UI_ROLE_IDLE};
    case SIM_TASK_DONE:
        return (Look){UI_GLYPH_DONE, UI_ROLE_DONE};
    case SIM_TASK_CANCELLED:
    case SIM_TASK_FAILED:
        return (Look){UI_GLYPH_CANCELLED, UI_ROLE_CANCELLED};
    }
    return (Look){UI_GLYPH_DOT, UI_ROLE_TEXT};
}

/* What a task is doing, in words ("processing item-3", "BLOCKED in put(7)"). */
static void describe(const SimTask *t, const SimTaskView *v, char *buf, size_t size)
{
    char item[48];
    bool holds = v->holding && !sim_value_is_none(v->holding);
    if (holds)
        ui_model_item_label(v->holding, item, sizeof item);
    switch (v->state) {
    case SIM_TASK_WAIT_PUT:
        ui_model_item_label(v->putting, item, sizeof item);
        snprintf(buf, size, "BLOCKED in put(%s)", item);
        return;
    case SIM_TASK_WAIT_GET:
        if (!sim_value_is_none(v->arriving)) {
            /* 3.11's wait_for: the inner get() has the item; it is on its way. */
            ui_model_item_label(v->arriving, item, sizeof item);
            snprintf(buf, size, "getting %s (wait_for)", item);
            return;
        }
        if (v->inner_new) {
            /* 3.11's wait_for: get() runs in a task not started yet, so the
             * queue has no getter for it so far. */
            snprintf(buf, size, v->with_timeout ? "starting get(), timeout %gs" : "starting get()",
                     v->timeout);
            return;
        }
        if (v->inner_cancelled) {
            /* ... and once the timeout has cancelled that task, it is no
             * getter any more: wait_for waits for it to end. */
            snprintf(buf, size, "get() cancelled (wait_for)");
            return;
        }
        snprintf(buf, size, v->with_timeout ? "idle in get(), timeout %gs" : "idle in get()",
                 v->timeout);
        return;
    case SIM_TASK_SLEEPING:
        if (holds && t->role == SCN_ROLE_WORKER)
            snprintf(buf, size, "processing %s", item);
        else
            snprintf(buf, size, "sleeping");
        return;
    case SIM_TASK_DONE:
        snprintf(buf, size, "%s", t->retire_requested ? "retired" : "done");
        return;
    case SIM_TASK_CANCELLED:
        snprintf(buf, size, holds ? "cancelled holding %s" : "cancelled", item);
        return;
    case SIM_TASK_RUNNING:
    case SIM_TASK_READY:
        if (holds) {
            snprintf(buf, size, "%s, holding %s", sim_task_state_name(v->state), item);
            return;
        }
        break;
    default:
        break;
    }
    snprintf(buf, size, "%s", sim_task_state_name(v->state));
}

/* A progress bar over a sleep: filled part = time slept so far. */
static int draw_bar(UiGrid *g, int x, int y, int width, double now, const SimTaskView *v)
{
    double span = v->until - v->since;
    double frac = span > 0 ? (now - v->since) / span : 1.0;
    if (frac < 0)
        frac = 0;
    if (frac > 1)
        frac = 1;
    int filled = (int)floor(frac * width + 0.5);
    for (int i = 0; i < width; i++)
        ui_grid_glyph(g, x + i, y, i < filled ? UI_ROLE_WORKING : UI_ROLE_DIM,
                      i < filled ? UI_GLYPH_BAR_FULL : UI_GLYPH_BAR_EMPTY);
    char t1[24], t2[24];
    sim_fmt_fixed(t1, sizeof t1, now - v->since < 0 ? 0 : (now - v->since > span ? span : now - v->since), 2);
    sim_fmt_fixed(t2, sizeof t2, span, 2);
    return width + ui_grid_printf(g, x + width, y, 16, UI_ROLE_DIM, " %s/%ss", t1, t2);
}

int ui_view_tasks(const ScnRun *run, int *idx, int max)
{
    int n = 0;
    /* The left panel's tasks, then the workers': Up/Down go as the eye does. */
    for (int workers = 0; workers < 2; workers++)
        for (size_t i = 0; i < scn_run_task_count(run) && n < max; i++)
            if ((scn_run_task_at(run, i)->role == SCN_ROLE_WORKER) == workers)
                idx[n++] = (int)i;
    return n;
}

/* What follows a task's description on its line: a progress bar while it
 * sleeps, how long it has been blocked in put(). */
static void task_tail(UiGrid *g, const UiModel *m, const SimTaskView *v, int col, int y, int right)
{
    if (v->state == SIM_TASK_SLEEPING && right - col >= 15) {
        int bar = right - col - 13;
        if (bar > 12)
            bar = 12;
        draw_bar(g, col + 1, y, bar, ui_model_time(m), v);
    } else if (v->state == SIM_TASK_SLEEPING && right - col >= 7) {
        /* Too narrow for a bar: the time left. */
        double left = v->until - ui_model_time(m);
        char t[24];
        sim_fmt_fixed(t, sizeof t, left > 0 ? left : 0, 2);
        ui_grid_printf(g, col + 1, y, right - col - 1, UI_ROLE_DIM, "%ss%s", t,
                       right - col >= 7 + (int)strlen(t) + 5 ? " left" : "");
    } else if (v->state == SIM_TASK_WAIT_PUT && right - col >= 12) {
        char since[24];
        sim_fmt_fixed(since, sizeof since, v->since, 2);
        ui_grid_printf(g, col, y, right - col, UI_ROLE_DIM, " since t=%s", since);
    }
}

/* The function a task stands in, when that says more than its name
 * (main awaiting fast_producer(); not W0 in worker()). */
static bool show_function(const SimTask *t, const SimTaskView *v)
{
    if (!v->function || !*v->function || sim_future_done(&t->fut))
        return false;
    size_t nf = strlen(v->function), nt = strlen(t->name);
    if (nf >= nt && strcmp(v->function + nf - nt, t->name) == 0)
        return false;
    return strcmp(v->function, "main") != 0 && t->role != SCN_ROLE_WORKER;
}

/* A task in one row (glyph, name, what it does), two (name and the
 * function it is in or its progress bar; then what it does) or, when the
 * function does not fit beside the name and the panel has room, three.
 * Returns the rows used. */
static int task_rows(UiGrid *g, const UiModel *m, const SimTask *t, int x, int y, int w, int rows,
                     bool selected)
{
    SimLoop *loop = scn_run_loop(ui_model_run(m));
    SimTaskView v;
    sim_task_view(loop, t, &v);
    Look look = look_of(&v);
    char what[96];
    describe(t, &v, what, sizeof what);
    int right = x + w, top = y;
    int col = x;
    col += ui_grid_glyph(g, col, y, look.role, look.glyph);
    col += ui_grid_printf(g, col, y, right - col, UI_ROLE_TEXT, " %s", t->name);
    int used = rows >= 2 ? 2 : 1;
    if (rows >= 2) {
        /* "retiring" keeps the end of the first row: the rest stops short. */
        bool retiring = v.retiring && !sim_future_done(&t->fut);
        bool sleeping = v.state == SIM_TASK_SLEEPING;
        int end = retiring ? right - 10 : right;
        char in_fn[80] = "";
        if (show_function(t, &v))
            snprintf(in_fn, sizeof in_fn, " in %s()", v.function);
        if (sleeping && *in_fn)
            snprintf(what, sizeof what, "sleeping%s", in_fn);
        /* A function that does not fit beside the name (or after "sleeping")
         * gets a row of its own if there is one: cut, it would say little. */
        bool own_row = rows >= 3 && *in_fn &&
                       (sleeping ? x + 2 + ui_text_width(what) > right : col + ui_text_width(in_fn) > end);
        if (sleeping)
            task_tail(g, m, &v, col, y, end);
        else if (*in_fn && !own_row && end > col)
            ui_grid_text(g, col, y, end - col, UI_ROLE_DIM, in_fn);
        if (retiring)
            ui_grid_text(g, right - 9, y, 9, UI_ROLE_WARN, "retiring");
        if (own_row) {
            ui_grid_text(g, x + 1, y + 1, right - x - 1, UI_ROLE_DIM, in_fn);
            if (sleeping)
                snprintf(what, sizeof what, "sleeping");
            y++;
            used = 3;
        }
        col = x + 2;
        if (rows >= 3 && !own_row && col + ui_text_width(what) > right) {
            /* Too long for its row ("idle in get(), timeout 1s"): two, split
             * at its comma when that keeps "timeout 1s" together. */
            const char *comma = strstr(what, ", ");
            if (comma && col + (int)(comma - what) + 1 <= right) {
                ui_grid_printf(g, col, y + 1, right - col, look.role, "%.*s", (int)(comma - what) + 1, what);
                ui_grid_text(g, col, y + 2, right - col, look.role, comma + 2);
            } else {
                ui_grid_wrap(g, col, y + 1, right - col, 2, look.role, what);
            }
            used = 3;
        } else {
            col += ui_grid_text(g, col, y + 1, right - col, look.role, what);
            if (!sleeping)
                task_tail(g, m, &v, col, y + 1, right);
        }
    } else {
        col += 1;
        col += ui_grid_text(g, col, y, right - col, look.role, what);
        task_tail(g, m, &v, col, y, right);
    }
    if (selected)
        ui_grid_paint(g, x, top, w, used, UI_ROLE_SELECTED);
    return used;
}

/* ---- panels ---- */

static void header(UiGrid *g, const UiModel *m, const UiViewState *vs)
{
    const UiSetup *s = ui_model_setup(m);
    ui_grid_fill(g, 0, 0, g->w, 1, ' ', UI_ROLE_HEADER);
    char t[24], name[160], state[96], flags[160] = "";
    sim_fmt_fixed(t, sizeof t, ui_model_time(m), 2);
    const char *dot = g->utf8 ? "\xc2\xb7" : "-";
    bool playing = ui_model_playing(m);
    /* Flags in order of what changes: the score, lesson mode, then the
     * mistakes (long names, cut first). */
    size_t fl = 0;
    if (vs->quiz.on)
        fl += (size_t)snprintf(flags + fl, sizeof flags - fl, " PREDICT %d/%d", vs->quiz.right,
                               vs->quiz.asked);
    if (ui_model_lesson(m) && fl < sizeof flags)
        fl += (size_t)snprintf(flags + fl, sizeof flags - fl, " LESSON");
    for (int k = 0; k < SCN_MISTAKE_COUNT; k++)
        if ((s->params.mistakes >> k) & 1u && fl < sizeof flags)
            fl += (size_t)snprintf(flags + fl, sizeof flags - fl, " %s", scn_mistake_name((ScnMistake)k));
    if (fl && fl + 1 < sizeof flags)
        strcat(flags, " ");
    /* The step and the flags matter more than the words around them: on a
     * narrow screen "aqsim", "Python" and "paused" (the glyph says it) go,
     * then "? help" (the footer has it too). */
    snprintf(name, sizeof name, " aqsim %s %s %s Python %s  t=%ss  ", dot, s->scenario->name, dot,
             sim_py_version_name(s->version), t);
    snprintf(state, sizeof state, " %s %gx step %" PRIu64 " ", playing ? "playing" : "paused",
             ui_model_speed(m), ui_model_step_number(m));
    if (ui_text_width(name) + 1 + (int)strlen(state) + ui_text_width(flags) > g->w) {
        snprintf(name, sizeof name, " %s %s %s  t=%ss ", s->scenario->name, dot,
                 sim_py_version_name(s->version), t);
        snprintf(state, sizeof state, " %gx step %" PRIu64 " ", ui_model_speed(m),
                 ui_model_step_number(m));
    }
    int col = ui_grid_text(g, 0, 0, g->w, UI_ROLE_HEADER, name);
    col += ui_grid_glyph(g, col, 0, UI_ROLE_HEADER, playing ? UI_GLYPH_PLAY : UI_GLYPH_PAUSE);
    col += ui_grid_text(g, col, 0, g->w - col, UI_ROLE_HEADER, state);
    if (*flags && col < g->w)
        col += ui_grid_text(g, col, 0, g->w - col, UI_ROLE_WARN, flags);
    if (col + 7 <= g->w)
        ui_grid_text(g, g->w - 7, 0, 7, UI_ROLE_HEADER, "? help");
}

static void tasks_panel(UiGrid *g, const UiModel *m, const UiViewState *vs, int x, int y, int w,
                        int h, bool workers)
{
    ScnRun *run = ui_model_run(m);
    ui_grid_box(g, x, y, w, h, UI_ROLE_BORDER, workers ? "workers" : "main & producers");
    int idx[256];
    int n = ui_view_tasks(run, idx, 256), total = 0;
    for (int i = 0; i < n; i++)
        if ((scn_run_task_at(run, (size_t)idx[i])->role == SCN_ROLE_WORKER) == workers)
            total++;
    int rows = total * 3 <= h - 2 ? 3 : total * 2 <= h - 2 ? 2 : 1;
    int row = y + 1, shown = 0;
    for (int i = 0; i < n; i++) {
        const SimTask *t = scn_run_task_at(run, (size_t)idx[i]);
        if ((t->role == SCN_ROLE_WORKER) != workers || row >= y + h - 1)
            continue;
        row += task_rows(g, m, t, x + 1, row, w - 2, rows, vs->selected == idx[i]);
        shown++;
    }
    if (total > shown)
        ui_grid_printf(g, x + w - 12, y + h - 1, 11, UI_ROLE_DIM, " +%d more ", total - shown);
    if (total == 0)
        ui_grid_text(g, x + 2, y + 1, w - 4, UI_ROLE_DIM, workers ? "(no workers)" : "");
}

/* Names of the tasks waiting on a queue's getters or putters, in order. */
static void waiter_names(const SimQueue *q, bool putters, char *buf, size_t size)
{
    size_t n = putters ? sim_queue_putter_count(q) : sim_queue_getter_count(q);
    size_t len = 0;
    buf[0] = '\0';
    int count = 0;
    for (size_t i = 0; i < n && len + 1 < size; i++) {
        SimFuture *f = putters ? sim_queue_putter_at(q, i) : sim_queue_getter_at(q, i);
        if (sim_future_done(f))
            continue;
        const SimTask *t = sim_view_waiter_task(f);
        len += (size_t)snprintf(buf + len, size - len, "%s%s", count++ ? " " : "", t ? t->name : "?");
    }
    if (count == 0)
        snprintf(buf, size, "-");
}

static void queue_title(UiGrid *g, SimQueue *q, int x, int y, int w, int h)
{
    long maxsize = sim_queue_maxsize(q);
    SimQueueKind kind = sim_queue_kind(q);
    char title[80];
    char args[32] = "";
    if (kind != SIM_QUEUE_PRIORITY && maxsize > 0)
        snprintf(args, sizeof args, "maxsize=%ld", maxsize);
    /* Drop the "asyncio." prefix when the panel is narrow. */
    const char *prefix = w >= 36 + (int)strlen(args) ? "asyncio." : "";
    snprintf(title, sizeof title, "%s%s(%s) %s", prefix, queue_class(kind), args,
             queue_order(kind));
    ui_grid_box(g, x, y, w, h, UI_ROLE_BORDER, title);
}

enum { SLOTS_SHOWN = 64, SLOT_CAP = 12 };

/* Lay out (and, with g, draw) the slots from col on, over nrows rows, each
 * label cut to cap columns; the last row keeps room for "+N". Returns how
 * many slots were placed. */
static size_t place_slots(UiGrid *g, char labels[][40], const int *full, size_t shown, size_t cells,
                          size_t have, size_t slots, int start, int right, int row, int nrows, int cap)
{
    int col = start, r = 0;
    for (size_t i = 0; i < shown; i++) {
        int wi = full[i] < cap ? full[i] : cap;
        int need = wi + 2; /* "[label]" */
        int rest = 0;      /* the slots after this one, with gaps */
        for (size_t k = i + 1; k < shown; k++)
            rest += (full[k] < cap ? full[k] : cap) + 3;
        bool last_row = r + 1 == nrows;
        bool all_fit = shown == cells && col + need + rest <= right;
        if (!all_fit && col + need > (last_row ? right - 4 : right)) {
            if (!last_row) {
                r++;
                col = start;
                i--;
                continue;
            }
            if (g)
                ui_grid_printf(g, col, row + r, right - col, UI_ROLE_DIM, "+%zu", cells - i);
            return i;
        }
        if (g) {
            UiRole role = i >= have ? UI_ROLE_DIM : i >= slots && slots > 0 ? UI_ROLE_WARN : UI_ROLE_ITEM;
            ui_grid_text(g, col, row + r, 1, UI_ROLE_BORDER, "[");
            ui_grid_text(g, col + 1, row + r, wi, role, labels[i]);
            ui_grid_text(g, col + 1 + wi, row + r, 1, UI_ROLE_BORDER, "]");
        }
        col += need + 1;
    }
    return shown;
}

/* The items, next to come out first, as "[label]" slots, with an empty
 * slot for each free place below maxsize: all of them if they fit, on up
 * to two rows when the panel has room, else as many as fit and "+N" for
 * the rest. Long labels (priority jobs) are cut to 12 columns, unless the
 * rows the panel can spare hold them whole. Returns the rows used. */
static int queue_slots(UiGrid *g, const UiModel *m, int x, int y, int w, int h)
{
    ScnRun *run = ui_model_run(m);
    SimQueue *q = scn_run_queue(run);
    long maxsize = sim_queue_maxsize(q);
    SimQueueKind kind = sim_queue_kind(q);
    SimValue items[SLOTS_SHOWN];
    size_t qsize = sim_queue_items(q, items, SLOTS_SHOWN);
    size_t have = qsize < SLOTS_SHOWN ? qsize : SLOTS_SHOWN;
    int row = y + 1, col = x + 2;
    col += ui_grid_text(g, col, row, 6, UI_ROLE_NEXT, kind == SIM_QUEUE_LIFO ? "top" : "next");
    col += ui_grid_glyph(g, col, row, UI_ROLE_NEXT, UI_GLYPH_PLAY);
    col++;
    size_t slots = maxsize > 0 && kind != SIM_QUEUE_PRIORITY ? (size_t)maxsize : 0;
    size_t cells = qsize > slots ? qsize : slots;
    int right = x + w - 2;
    char labels[SLOTS_SHOWN][40];
    int full[SLOTS_SHOWN];
    size_t shown = cells < SLOTS_SHOWN ? cells : SLOTS_SHOWN;
    bool long_label = false;
    for (size_t i = 0; i < shown; i++) {
        if (i < have)
            ui_model_item_label(&items[i], labels[i], sizeof labels[i]);
        else
            snprintf(labels[i], sizeof labels[i], " ");
        full[i] = ui_text_width(labels[i]);
        long_label |= full[i] > SLOT_CAP;
    }
    for (size_t i = 0; i < have; i++)
        sim_value_release(&items[i]);
    /* Rows below the slots: qsize, unfinished, getters, putters, and the
     * shutdown line when there is one. */
    bool spare = !scn_run_event(run) && !sim_queue_is_shutdown(q);
    int rows_max = h - 2 - (spare ? 4 : 5);
    int slot_rows = h - 2 >= 7 ? 2 : 1;
    /* Empty now, though items went through it in this step (a LIFO filled
     * and drained in one callback): say what passed, on the rows the panel
     * can spare. */
    char flow[160] = "", text[200];
    int most = rows_max > slot_rows ? rows_max : slot_rows;
    /* In full if it fits, else shorter: the first and last of each run,
     * then the counts alone. */
    for (int d = UI_FLOW_ITEMS; cells == 0 && d <= UI_FLOW_COUNTS; d++) {
        bool whole = ui_model_step_flow(m, (UiFlowDetail)d, flow, sizeof flow);
        snprintf(text, sizeof text, "(empty); this step: %s", flow);
        if (!*flow || (whole && ui_grid_wrap_rows(right - col, text) <= most))
            break;
    }
    if (*flow) {
        int need = ui_grid_wrap_rows(right - col, text);
        if (need > slot_rows)
            slot_rows = need < most ? need : most;
    }
    int cap = SLOT_CAP;
    /* Whole labels, on more rows if need be, when that shows every item. */
    for (int r = slot_rows; long_label && r <= rows_max; r++)
        if (place_slots(NULL, labels, full, shown, cells, have, slots, col, right, row, r,
                        right - col - 2) == cells) {
            slot_rows = r;
            cap = right - col - 2;
            break;
        }
    place_slots(g, labels, full, shown, cells, have, slots, col, right, row, slot_rows, cap);
    if (cells == 0 && *flow)
        ui_grid_wrap(g, col, row, right - col, slot_rows, UI_ROLE_DIM, text);
    else if (cells == 0)
        ui_grid_text(g, col, row, right - col, UI_ROLE_DIM, "(empty)");
    return slot_rows;
}

/* "HEAD TAG: DETAIL" on one row; on a narrow panel the detail goes to the
 * next row if the panel can spare one (*spare counts them down; cut there
 * only if longer than a whole row), else it is left out rather than cut
 * after the tag. Returns the rows used. */
static int tagged_line(UiGrid *g, int x, int row, int w, int *spare, UiRole role, const char *head,
                       const char *tag, const char *detail)
{
    int col = x + 2, right = x + w - 2;
    col += ui_grid_text(g, col, row, right - col, UI_ROLE_TEXT, head);
    if (*tag) {
        col += ui_grid_text(g, col, row, right - col, UI_ROLE_TEXT, " ");
        col += ui_grid_text(g, col, row, right - col, role, tag);
    }
    if (!*detail)
        return 1;
    const char *sep = *tag ? ": " : "  ";
    if (col + ui_text_width(sep) + ui_text_width(detail) <= right) {
        col += ui_grid_text(g, col, row, right - col, role, sep);
        ui_grid_text(g, col, row, right - col, role, detail);
        return 1;
    }
    if (*spare <= 0)
        return 1;
    (*spare)--;
    ui_grid_text(g, x + 4, row + 1, right - x - 4, role, detail);
    return 2;
}

/* "qsize 3/5 FULL: put() waits", or how far a live change left it over. */
static int qsize_line(UiGrid *g, SimQueue *q, int x, int row, int w, int *spare)
{
    long maxsize = sim_queue_maxsize(q);
    size_t qsize = sim_queue_qsize(q);
    char head[64];
    if (maxsize <= 0) {
        snprintf(head, sizeof head, "qsize %zu (unbounded)", qsize);
        return tagged_line(g, x, row, w, spare, UI_ROLE_TEXT, head, "", "");
    }
    snprintf(head, sizeof head, "qsize %zu/%ld", qsize, maxsize);
    if ((long)qsize > maxsize)
        return tagged_line(g, x, row, w, spare, UI_ROLE_WARN, head, "OVER maxsize", "lowered live");
    if ((long)qsize == maxsize) /* the putters' deque may hold done futures: ask who waits */
        return tagged_line(g, x, row, w, spare, UI_ROLE_FULL, head, "FULL",
                           sim_queue_putters_waiting(q) ? "put() waits" : "a put() would wait");
    return tagged_line(g, x, row, w, spare, UI_ROLE_TEXT, head, "", "");
}

/* "unfinished 4  join() waits: main" */
static int unfinished_line(UiGrid *g, ScnRun *run, int x, int row, int w, int *spare)
{
    char joiners[120] = "join() waits:";
    size_t len = strlen(joiners), base = len;
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        const SimTask *t = scn_run_task_at(run, i);
        SimTaskView v;
        sim_task_view(scn_run_loop(run), t, &v);
        if (v.state == SIM_TASK_WAIT_JOIN && len + 1 < sizeof joiners)
            len += (size_t)snprintf(joiners + len, sizeof joiners - len, " %s", t->name);
    }
    char head[48];
    snprintf(head, sizeof head, "unfinished %ld", sim_queue_unfinished(scn_run_queue(run)));
    return tagged_line(g, x, row, w, spare, UI_ROLE_IDLE, head, "", len > base ? joiners : "");
}

/* The shutdown Event, or Queue.shutdown()'s state. */
static void shutdown_line(UiGrid *g, ScnRun *run, int x, int row, int w)
{
    SimEvent *ev = scn_run_event(run);
    SimQueue *q = scn_run_queue(run);
    if (ev)
        ui_grid_printf(g, x + 2, row, w - 4, sim_event_is_set(ev) ? UI_ROLE_WARN : UI_ROLE_TEXT,
                       "shutdown Event: %s", sim_event_is_set(ev) ? "SET" : "not set");
    else if (sim_queue_is_shutdown(q) && sim_queue_dropped(q))
        ui_grid_printf(g, x + 2, row, w - 4, UI_ROLE_WARN, "SHUT DOWN (immediate): %ld dropped",
                       sim_queue_dropped(q));
    else if (sim_queue_is_shutdown(q))
        ui_grid_text(g, x + 2, row, w - 4, UI_ROLE_WARN, "SHUT DOWN: get() drains");
}

static void queue_panel(UiGrid *g, const UiModel *m, int x, int y, int w, int h)
{
    ScnRun *run = ui_model_run(m);
    SimQueue *q = scn_run_queue(run);
    queue_title(g, q, x, y, w, h);
    int row = y + 1 + queue_slots(g, m, x, y, w, h);
    int last = y + h - 2; /* the last row inside the box */
    bool has_shutdown = scn_run_event(run) || sim_queue_is_shutdown(q);
    /* Rows left over below the lines: a narrow panel wraps into them. */
    int spare = last + 1 - row - (has_shutdown ? 5 : 4);
    char names[200];
    if (row <= last)
        row += qsize_line(g, q, x, row, w, &spare);
    if (row <= last)
        row += unfinished_line(g, run, x, row, w, &spare);
    if (row <= last) {
        waiter_names(q, false, names, sizeof names);
        ui_grid_printf(g, x + 2, row++, w - 4, UI_ROLE_IDLE, "getters: %s", names);
    }
    if (row <= last) {
        waiter_names(q, true, names, sizeof names);
        ui_grid_printf(g, x + 2, row++, w - 4, strcmp(names, "-") ? UI_ROLE_BLOCKED : UI_ROLE_IDLE,
                       "putters: %s", names);
    }
    if (row <= last)
        shutdown_line(g, run, x, row, w);
}

enum { CODE_GUTTER = 11 }; /* the code pane's task names and line numbers */

/* The code pane's width: 58% of the screen, more on a wide one when the
 * source needs it (shutdown's wait_for line) and the transcript's lines
 * leave room (at least 38 columns stay theirs). */
static int code_pane_width(const UiModel *m, int screen_w)
{
    const UiSetup *setup = ui_model_setup(m);
    int need = 0, printed = 0;
    for (size_t i = 0; i < setup->scenario->source_lines; i++) {
        char line[512];
        int n = (int)scn_source_line(setup->scenario, &setup->params, i, line, sizeof line);
        if (n > need)
            need = n;
    }
    need += CODE_GUTTER + 3; /* gutter, its gap, the box's sides */
    printed = (int)ui_model_widest_line(m) + 2;
    int least = screen_w - screen_w * 42 / 100;
    int most = screen_w - (printed > 38 ? printed : 38);
    return need <= least || most <= least ? least : need < most ? need : most;
}

/* The Python source with a marker per task at the line it stands at,
 * scrolled to keep the selected (or first) marker in view. */
static void code_pane(UiGrid *g, const UiModel *m, const UiViewState *vs, int x, int y, int w,
                      int h)
{
    ScnRun *run = ui_model_run(m);
    const Scenario *s = scn_run_scenario(run);
    ui_grid_box(g, x, y, w, h, UI_ROLE_BORDER, "code");
    enum { GUTTER = CODE_GUTTER };
    int rows = h - 2;
    int focus = 0;
    /* Markers: which tasks stand at which line. */
    int line_of[64] = {0};
    size_t n = scn_run_task_count(run) < 64 ? scn_run_task_count(run) : 64;
    for (size_t i = 0; i < n; i++) {
        const SimTask *t = scn_run_task_at(run, i);
        SimTaskView v;
        sim_task_view(scn_run_loop(run), t, &v);
        if (sim_future_done(&t->fut) || v.line <= 0)
            continue;
        line_of[i] = v.line;
        if ((int)i == vs->selected || (vs->selected < 0 && t == ui_model_last_task(m)))
            focus = v.line;
        else if (!focus && vs->selected < 0 && v.state != SIM_TASK_WAIT_GATHER)
            focus = v.line;
    }
    int first = focus > rows / 2 ? focus - rows / 2 : 1;
    if (first + rows - 1 > (int)s->source_lines)
        first = (int)s->source_lines - rows + 1 > 1 ? (int)s->source_lines - rows + 1 : 1;
    /* The program as it runs: switched-on mistakes are written in. */
    size_t nsrc;
    char **src = ui_export_source(s, &ui_model_setup(m)->params, &nsrc);
    for (int r = 0; r < rows; r++) {
        int line = first + r;
        if (line > (int)s->source_lines || (size_t)line > nsrc)
            break;
        int row = y + 1 + r;
        const char *text = src[line - 1];
        /* The gutter: the names of the tasks at this line, in their colours. */
        int col = x + 1;
        for (size_t i = 0; i < n && col < x + GUTTER - 2; i++) {
            if (line_of[i] != line)
                continue;
            const SimTask *t = scn_run_task_at(run, i);
            UiRole role = (UiRole)(UI_ROLE_TASK0 + (int)(i % 6));
            col += ui_grid_name(g, col, row, x + GUTTER - 2 - col, role, t->name);
            col += ui_grid_text(g, col, row, 1, role, " ");
        }
        if (col > x + 1)
            ui_grid_glyph(g, x + GUTTER - 2, row, UI_ROLE_NEXT, UI_GLYPH_PLAY);
        ui_grid_printf(g, x + GUTTER - 1, row, 3, UI_ROLE_DIM, "%2d ", line);
        ui_grid_text(g, x + GUTTER + 2, row, w - GUTTER - 3,
                     strstr(text, "# MISTAKE") ? UI_ROLE_WARN
                     : col > x + 1             ? UI_ROLE_TITLE
                                               : UI_ROLE_TEXT,
                     text);
    }
    ui_export_source_free(src, nsrc);
    /* Tasks whose line is scrolled out of the pane, on its bottom border. */
    char away[160] = "";
    size_t used = 0;
    for (size_t i = 0; i < n && used + 1 < sizeof away; i++) {
        if (line_of[i] <= 0 || (line_of[i] >= first && line_of[i] < first + rows))
            continue;
        int k = snprintf(away + used, sizeof away - used, "%s%s %s%d", used ? ", " : " also: ",
                         scn_run_task_at(run, i)->name, line_of[i] < first ? "up " : "line ", line_of[i]);
        used = k > 0 && (size_t)k < sizeof away - used ? used + (size_t)k : sizeof away - 1;
    }
    if (used)
        ui_grid_printf(g, x + 2, y + h - 1, w - 4, UI_ROLE_DIM, "%s ", away);
}

size_t ui_view_transcript_first(const UiModel *m, int rows, int *scroll)
{
    size_t n = ui_model_line_count(m), shown = rows > 0 ? (size_t)rows : 0;
    size_t most = n > shown ? n - shown : 0; /* back to the first line, no further */
    if (*scroll < 0)
        *scroll = 0;
    if ((size_t)*scroll > most)
        *scroll = (int)most;
    return most - (size_t)*scroll;
}

/* Where the output pane is and how many of its rows, from its top border,
 * its text fills. */
typedef struct {
    int y, h, used;
} OutputPane;

/* What the program printed, its latest lines, or scrolled back (PgUp)
 * by *scroll lines. */
static OutputPane transcript(UiGrid *g, const UiModel *m, int *scroll, int x, int y, int w, int h)
{
    size_t n = ui_model_line_count(m);
    /* A main() that raised: Python's traceback (on stderr) comes last. */
    const char *exc = explain_main_exception(ui_model_run(m));
    int rows = h - 2 - (exc ? 1 : 0);
    if (rows < 0)
        rows = 0;
    size_t first = ui_view_transcript_first(m, rows, scroll);
    size_t last = first + (size_t)rows < n ? first + (size_t)rows : n; /* one past the last shown */
    char title[96];
    if (last < n)
        snprintf(title, sizeof title, "what Python prints: lines %zu-%zu of %zu (PgDn)", first + 1, last, n);
    else
        snprintf(title, sizeof title, "what Python prints%s", first > 0 ? " (PgUp: earlier)" : "");
    ui_grid_box(g, x, y, w, h, UI_ROLE_BORDER, title);
    for (size_t i = first; i < last; i++)
        ui_grid_text(g, x + 1, y + 1 + (int)(i - first), w - 2, UI_ROLE_TEXT, ui_model_line(m, i));
    if (exc && rows >= 0 && last == n)
        ui_grid_printf(g, x + 1, y + 1 + (int)(n - first), w - 2, UI_ROLE_WARN,
                       "Traceback (most recent call last): ... %s  (on stderr)", exc);
    if (n == 0 && !exc)
        ui_grid_text(g, x + 2, y + 1, w - 4, UI_ROLE_DIM,
                     w >= 58 ? "(nothing printed yet: press n to step, space to play)"
                             : "(nothing printed yet: n steps)");
    int shown = (int)(last - first) + (exc && last == n ? 1 : 0);
    return (OutputPane){y, h, 1 + (shown ? shown : 1)};
}

/* The latest teaching-moment caption; dimmed, with its time, once later
 * steps have been shown; DEADLOCK when nothing can run; the scenario's
 * note before the first. */
static const char *caption_text(const UiModel *m, char *buf, size_t size, UiRole *role)
{
    const char *cap = ui_model_caption(m);
    double when;
    bool fresh = ui_model_caption_is_fresh(m, &when);
    *role = UI_ROLE_CAPTION;
    if (ui_model_deadlocked(m)) {
        *role = UI_ROLE_WARN;
        return "DEADLOCK: nothing is ready and no timer is set; the program can never finish. "
               "Python reports nothing: asyncio.run() just hangs. Select a waiting task "
               "(Up/Down) and press Enter to see why.";
    }
    if (!*cap) {
        *role = UI_ROLE_DIM;
        return ui_view_note(m, buf, size);
    }
    if (!fresh) {
        *role = UI_ROLE_DIM;
        return ui_view_older_caption(m, cap, buf, size);
    }
    return cap;
}

const char *ui_view_note(const UiModel *m, char *buf, size_t size)
{
    const ScnParams *p = &ui_model_setup(m)->params;
    if (!p->mistakes || !size)
        return ui_model_setup(m)->scenario->note;
    /* The scenario's note tells of the program done right: not this one. */
    size_t len = (size_t)snprintf(buf, size, "Mistake mode (x cycles):");
    for (int k = 0; k < SCN_MISTAKE_COUNT && len < size; k++)
        if (scn_has_mistake(p, (ScnMistake)k))
            len += (size_t)snprintf(buf + len, size - len, " %s;", scn_mistake_what((ScnMistake)k));
    if (len < size && buf[len - 1] == ';')
        buf[len - 1] = '.';
    return buf;
}

/* Callbacks after which a caption is old news: a few steps on it still
 * explains what is on screen, far on it reads as now when it is not. */
enum { CAPTION_KEEP = 24 };

const char *ui_view_older_caption(const UiModel *m, const char *cap, char *buf, size_t size)
{
    double when;
    ui_model_caption_is_fresh(m, &when);
    if (ui_model_caption_age(m) > CAPTION_KEEP && when != ui_model_time(m))
        return ui_view_note(m, buf, size);
    char t[24];
    sim_fmt_fixed(t, sizeof t, when, 2);
    snprintf(buf, size, "(earlier, %s t=%s) %s", when == ui_model_time(m) ? "still at" : "at", t, cap);
    return buf;
}

/* The caption from y, on rows rows. */
static void caption_lines(UiGrid *g, int y, int rows, UiRole role, const char *cap)
{
    ui_grid_glyph(g, 0, y, role, UI_GLYPH_PLAY);
    ui_grid_wrap(g, 2, y, g->w - 3, rows, role, cap);
}

/* What the last key did, or why it did nothing. */
const char *ui_view_status_text(const UiModel *m, char *line, size_t size)
{
    const char *msg = ui_model_status(m);
    if (!*msg && !ui_model_deadlocked(m) && explain_end(ui_model_run(m), line, size))
        msg = line;
    return msg;
}

/* The status line takes the rows its text needs, up to three. */
static int status_rows(const UiGrid *g, const char *msg)
{
    int rows = ui_grid_wrap_rows(g->w - 2, msg);
    return rows < 1 ? 1 : rows > 3 ? 3 : rows;
}

/* The keys that work now, as many as fit; a knob the scenario lacks is
 * left out (pressing it says why). */
typedef struct {
    const char *key, *what;
    bool on;
} FooterKey;

/* Draw (with g) the keys that are on from col 1 up to limit, in order;
 * returns how many of them fit. */
static size_t footer_keys(UiGrid *g, int y, const FooterKey *keys, size_t n, int limit)
{
    int col = 1;
    size_t fit = 0;
    for (size_t i = 0; i < n; i++) {
        if (!keys[i].on)
            continue;
        int need = (int)(strlen(keys[i].key) + strlen(keys[i].what)) + 2;
        if (col + need > limit)
            break;
        if (g)
            ui_grid_printf(g, col, y, need, UI_ROLE_KEY, "%s %s ", keys[i].key, keys[i].what);
        col += need;
        fit++;
    }
    return fit;
}

static void footer(UiGrid *g, const UiModel *m, int y)
{
    const Scenario *s = ui_model_setup(m)->scenario;
    const char *play = ui_model_playing(m) ? "pause" : "play";
    bool maxsize = scn_takes(s, SCN_PARAM_MAXSIZE), workers = s->new_worker != NULL;
    bool shutdown = s->has_shutdown_event, mistakes = s->mistakes != 0;
    bool version = s->min_version < SIM_PY_3_13;
    /* Knobs first: they are what a scenario has or lacks. */
    const FooterKey keys[] = {
        {"space", play, true},       {"n", "step", true},        {"b", "back", true},
        {"m/M", "maxsize", maxsize}, {"w/W/k", "workers", workers}, {"s", "shutdown", shutdown},
        {"+/-", "speed", true},      {"c", "code", true},        {"l", "lesson", true},
        {"p", "predict", true},      {"x", "mistake", mistakes}, {"t", "stats", true},
        {"g", "timeline", true},     {"v", "version", version},  {"r", "restart", true},
        {"Tab", "scenario", true},
    };
    /* Narrow: n and b share a label, and the teaching modes come before
     * speed and the code pane, so a laptop's 80 columns show them. */
    const FooterKey narrow[] = {
        {"space", play, true},       {"n/b", "step", true},      {"m/M", "maxsize", maxsize},
        {"w/W/k", "workers", workers}, {"l", "lesson", true},     {"p", "predict", true},
        {"s", "shutdown", shutdown}, {"+/-", "speed", true},     {"c", "code", true},
        {"x", "mistake", mistakes},  {"t", "stats", true},       {"g", "timeline", true},
        {"v", "version", version},   {"r", "restart", true},     {"Tab", "scenario", true},
    };
    enum { NKEYS = sizeof keys / sizeof keys[0], NNARROW = sizeof narrow / sizeof narrow[0] };
    ui_grid_fill(g, 0, y, g->w, 1, ' ', UI_ROLE_KEY);
    const char *tail = "? help q quit";
    int limit = g->w - 1 - (int)strlen(tail); /* a key's own trailing space is the gap */
    /* The wide form while it shows every key up to the teaching modes. */
    size_t up_to_predict = 0;
    for (size_t i = 0; i < NKEYS && strcmp(keys[i].key, "p") != 0; i++)
        up_to_predict += keys[i].on;
    if (footer_keys(NULL, y, keys, NKEYS, limit) > up_to_predict)
        footer_keys(g, y, keys, NKEYS, limit);
    else
        footer_keys(g, y, narrow, NNARROW, limit);
    ui_grid_text(g, g->w - 1 - (int)strlen(tail), y, (int)strlen(tail), UI_ROLE_KEY, tail);
}

/* ---- stats and timeline ---- */

static void stats_overlay(UiGrid *g, const UiModel *m)
{
    const UiStats *st = ui_model_stats(m);
    size_t nw = ui_stats_worker_count(st);
    /* The heading, a row a worker (at most 10, then "... and N more"), a
     * gap, four totals and the hint. */
    int rows = (int)(nw > 10 ? 10 : nw) + (nw > 10) + 7;
    int w = g->w - 8 < 76 ? g->w - 8 : 76, h = rows + 2;
    /* At the top, over the panels: the program's last lines, at the
     * bottom of the transcript, stay in view when the run ends. */
    int x = (g->w - w) / 2, y = 1;
    char title[80], t[24];
    sim_fmt_fixed(t, sizeof t, ui_stats_now(st), 2);
    snprintf(title, sizeof title, "stats at t=%ss%s", t, ui_model_finished(m) ? " (end of run)" : "");
    ui_grid_fill(g, x, y, w, h, ' ', UI_ROLE_TEXT);
    ui_grid_box(g, x, y, w, h, UI_ROLE_BORDER, title);
    int row = y + 1;
    ui_grid_printf(g, x + 2, row++, w - 4, UI_ROLE_TITLE, "%-16s %7s %7s %9s", "worker", "items",
                   "busy", "avg/item");
    for (size_t i = 0; i < nw && i < 10; i++) {
        UiStatsWorker wk;
        ui_stats_worker_at(st, i, &wk);
        /* "-" where there is nothing to divide by, as --stats writes it. */
        char busy[32] = "-", avg[32] = "-", num[24];
        if (ui_stats_now(st) > 0) {
            sim_fmt_fixed(num, sizeof num, wk.busy_pct, 0);
            snprintf(busy, sizeof busy, "%s%%", num);
        }
        if (wk.items) {
            sim_fmt_fixed(num, sizeof num, wk.avg, 2);
            snprintf(avg, sizeof avg, "%ss", num);
        }
        ui_grid_printf(g, x + 2, row++, w - 4, UI_ROLE_TEXT, "%-16s %7ld %7s %9s", wk.name, wk.items,
                       busy, avg);
    }
    if (nw > 10)
        ui_grid_printf(g, x + 2, row++, w - 4, UI_ROLE_DIM, "... and %zu more", nw - 10);
    UiStatsTotals tot;
    ui_stats_totals(st, &tot);
    char a[24], b[24], c[24];
    row++;
    sim_fmt_fixed(a, sizeof a, tot.throughput, 2);
    char again[48] = "";
    if (tot.requeued)
        snprintf(again, sizeof again, ", %ld re-queued", tot.requeued);
    if (tot.elapsed > 0)
        ui_grid_printf(g, x + 2, row++, w - 4, UI_ROLE_TEXT, "throughput     %s items/s (%ld item%s%s)", a,
                       tot.items, tot.items == 1 ? "" : "s", again);
    else
        ui_grid_printf(g, x + 2, row++, w - 4, UI_ROLE_TEXT,
                       "throughput     - (%ld item%s%s, no virtual time passed)", tot.items,
                       tot.items == 1 ? "" : "s", again);
    sim_fmt_fixed(a, sizeof a, tot.depth_avg, 2);
    char spark[200];
    ui_stats_sparkline(st, w - 40 > 10 ? w - 40 : 10, g->utf8, spark, sizeof spark);
    /* The words of --stats: over time, or (none passed) of the samples. */
    int col = x + 2 + ui_grid_printf(g, x + 2, row, w - 4, UI_ROLE_TEXT, "queue depth    max %d, avg %s%s  ",
                                     tot.depth_max, a, tot.elapsed > 0 ? "" : " of the samples");
    ui_grid_text(g, col, row++, x + w - 2 - col, UI_ROLE_WORKING, spark);
    sim_fmt_fixed(b, sizeof b, tot.wait_avg, 2);
    sim_fmt_fixed(c, sizeof c, tot.wait_max, 2);
    ui_grid_printf(g, x + 2, row++, w - 4, UI_ROLE_TEXT, "wait in queue  avg %ss, max %ss (%ld item%s)",
                   b, c, tot.waited, tot.waited == 1 ? "" : "s");
    sim_fmt_fixed(a, sizeof a, tot.blocked, 2);
    /* A put() waiting now counts, though no time has passed in it yet. */
    size_t waiting = ui_model_finished(m) ? 0 : sim_queue_putters_waiting(scn_run_queue(ui_model_run(m)));
    char now[40] = "";
    if (waiting)
        snprintf(now, sizeof now, ", %zu wait%s now", waiting, waiting == 1 ? "s" : "");
    if (tot.blocked > 0 || waiting)
        ui_grid_printf(g, x + 2, row++, w - 4, UI_ROLE_BLOCKED, "blocked in put() %ss in all%s (backpressure)",
                       a, now);
    else /* the words of --stats */
        ui_grid_printf(g, x + 2, row++, w - 4, UI_ROLE_TEXT, "blocked in put() never%s (no producer waited for room)",
                       ui_model_finished(m) ? "" : " so far");
    ui_grid_text(g, x + 2, y + h - 2, w - 4, UI_ROLE_DIM, "t closes; g shows the timeline.");
}

/* The state that took most of [t0, t1) in a task's segments. */
static UiStatsState slice_state(const UiStatsSegment *seg, size_t n, double t0, double t1, double end)
{
    double time[UI_STATS_STATE_COUNT] = {0};
    for (size_t i = 0; i < n; i++) {
        double a = seg[i].start, b = i + 1 < n ? seg[i + 1].start : end;
        double lo = a > t0 ? a : t0, hi = b < t1 ? b : t1;
        if (hi > lo)
            time[seg[i].state] += hi - lo;
        else if (a >= t0 && a < t1 && b == a)
            time[seg[i].state] += 1e-12; /* an instant still shows */
    }
    int best = UI_STATS_NOT_STARTED;
    for (int k = 0; k < UI_STATS_STATE_COUNT; k++)
        if (time[k] > time[best])
            best = k;
    if (n && t0 >= end)
        return seg[n - 1].state;
    return (UiStatsState)best;
}

static UiRole state_role(UiStatsState s)
{
    switch (s) {
    case UI_STATS_PROCESSING:
        return UI_ROLE_WORKING;
    case UI_STATS_BLOCKED_PUT:
        return UI_ROLE_BLOCKED;
    case UI_STATS_READY:
        return UI_ROLE_TEXT;
    default:
        return UI_ROLE_DIM;
    }
}

/* One row per task over the whole run, the current moment marked; the
 * scrubber moves the moment (n/b, Home/End, ':' a step or a time). */
static void timeline_view(UiGrid *g, UiModel *m, const UiViewState *vs, int x, int y, int w, int h)
{
    double end;
    bool complete;
    const UiStats *st = ui_model_whole_stats(m, &end, &complete);
    if (end <= 0)
        end = 1e-9;
    char title[160], t[24], e[24];
    sim_fmt_fixed(t, sizeof t, ui_model_time(m), 2);
    sim_fmt_fixed(e, sizeof e, end, 2);
    char part[48] = "";
    if (!complete)
        snprintf(part, sizeof part, " (so far: the program goes on)");
    snprintf(title, sizeof title, "timeline 0..%ss%s  now t=%ss, step %" PRIu64, e, part, t,
             ui_model_step_number(m));
    ui_grid_box(g, x, y, w, h, UI_ROLE_BORDER, title);
    /* The name column: 14, or the longest name where the bar keeps most of
     * the width. */
    int name_w = 14;
    for (size_t i = 0; i < ui_stats_task_count(st); i++) {
        int need = ui_text_width(ui_stats_task_name(st, i)) + 1;
        if (need > name_w && need <= w / 5)
            name_w = need;
    }
    int bar = w - name_w - 3;
    /* As a fraction first: a run that ends at t=0 (end is then 1e-9) would
     * overflow an int. */
    double frac = ui_model_time(m) / end;
    int now_col = frac >= 1 ? bar - 1 : frac <= 0 ? 0 : (int)(frac * bar);
    if (now_col >= bar)
        now_col = bar - 1;
    /* The axis: round times, each label starting at its tick as in the
     * --timeline text, and the current moment as an arrow (a label it
     * would cut is left out). */
    ui_grid_text(g, x + 1, y + 1, name_w - 1, UI_ROLE_DIM, "time (s)");
    int prec;
    double step = ui_stats_axis_step(end, bar, &prec);
    for (long k = 0, free_col = 0; step > 0; k++) {
        int col = ui_stats_tick_column(step, k, end, bar);
        if (col < 0)
            break;
        char lab[24];
        int len = (int)sim_fmt_fixed(lab, sizeof lab, step * (double)k, prec);
        if (col < free_col || col + len > bar || (now_col >= col && now_col < col + len))
            continue;
        ui_grid_text(g, x + 1 + name_w + col, y + 1, len, UI_ROLE_DIM, lab);
        free_col = col + len + 1;
    }
    ui_grid_glyph(g, x + 1 + name_w + now_col, y + 1, UI_ROLE_NEXT, UI_GLYPH_PLAY);
    int row = y + 2;
    size_t ntasks = ui_stats_task_count(st), rows = y + h - 2 > row ? (size_t)(y + h - 2 - row) : 0;
    /* Tasks that do not fit are counted on the last row, not dropped. */
    size_t shown = ntasks > rows ? (rows ? rows - 1 : 0) : ntasks;
    if (shown < ntasks && rows)
        ui_grid_printf(g, x + 1, y + 1 + (int)rows, w - 2, UI_ROLE_DIM,
                       "+%zu more task%s: a taller terminal shows them (--headless --timeline lists all)",
                       ntasks - shown, ntasks - shown == 1 ? "" : "s");
    for (size_t i = 0; i < shown; i++) {
        ui_grid_name(g, x + 1, row, name_w - 1, UI_ROLE_TEXT, ui_stats_task_name(st, i));
        const UiStatsSegment *seg;
        size_t n = ui_stats_segments(st, i, &seg);
        for (int c = 0; c < bar; c++) {
            double t0 = end * c / bar, t1 = end * (c + 1) / bar;
            UiStatsState s = slice_state(seg, n, t0, t1, end);
            char ch = ui_stats_state_char(s);
            ui_grid_set(g, x + 1 + name_w + c, row, (uint32_t)(ch ? ch : ' '),
                        c == now_col ? UI_ROLE_SELECTED : state_role(s));
        }
        row++;
    }
    /* Each mark in quotes: '=' is a mark too, not "means". */
    const char *legend = "'#' processing  '=' running  'z' sleeping  'P' blocked in put()  '.' waiting in get()  "
                         "'j' join()  'w' waiting";
    if ((int)strlen(legend) > w - 2)
        legend = "'#' busy  '=' running  'z' sleep  'P' put()  '.' get()  'j' join()  'w' wait";
    ui_grid_text(g, x + 1, y + h - 2, w - 2, UI_ROLE_DIM, legend);
    if (vs->prompt)
        ui_grid_printf(g, x + 1, y + h - 1, w - 2, UI_ROLE_WARN, " go to (a step, or a time like 12.5): %s_ ",
                       vs->prompt_text);
    else
        ui_grid_text(g, x + 2, y + h - 1, w - 4, UI_ROLE_DIM,
                     " n/b step  Home/End  : go to a step or time  g closes ");
}

/* ---- overlays: why blocked, predict ---- */

static void box_overlay(UiGrid *g, const char *title, int rows, int *x, int *y, int *w)
{
    *w = g->w - 8 < 90 ? g->w - 8 : 90;
    int h = rows + 2;
    *x = (g->w - *w) / 2;
    *y = (g->h - h) / 2;
    ui_grid_fill(g, *x, *y, *w, h, ' ', UI_ROLE_TEXT);
    ui_grid_box(g, *x, *y, *w, h, UI_ROLE_BORDER, title);
}

static void why_overlay(UiGrid *g, const UiModel *m, const UiViewState *vs)
{
    ScnRun *run = ui_model_run(m);
    const SimTask *t = scn_run_task_at(run, (size_t)vs->selected);
    if (!t)
        return;
    char text[1200], title[80];
    explain_task(run, t, text, sizeof text);
    snprintf(title, sizeof title, "why? %s", t->name);
    int x, y, w;
    box_overlay(g, title, 9, &x, &y, &w);
    ui_grid_wrap(g, x + 2, y + 1, w - 4, 7, UI_ROLE_TEXT, text);
    ui_grid_text(g, x + 2, y + 9, w - 4, UI_ROLE_DIM, "Any key closes.");
}

/* The predict box's rows: question, choices, the verdict once revealed,
 * and the key line, no more; borders included. */
enum { QUIZ_QUESTION_ROWS = 3, QUIZ_EXPLAIN_ROWS = 6 };

static int clamp_rows(int rows, int most)
{
    return rows < most ? rows : most;
}

static void quiz_verdict(const UiQuiz *q, char *text, size_t size)
{
    snprintf(text, size, "%s %s", q->picked == q->answer ? "Right." : "Not quite.", q->explain);
}

static int quiz_height(const UiQuiz *q, int w)
{
    int rows = clamp_rows(ui_grid_wrap_rows(w - 4, q->question), QUIZ_QUESTION_ROWS) + 1 + q->nchoices + 1 + 1;
    if (q->revealed) {
        char text[800];
        quiz_verdict(q, text, sizeof text);
        rows += clamp_rows(ui_grid_wrap_rows(w - 4, text), QUIZ_EXPLAIN_ROWS);
    }
    return rows + 2;
}

/* The box goes over what Python printed, where it hides the least: below
 * the last printed line while they fit above it, else at the top of that
 * pane, so the newest lines (what the question is about) stay in view.
 * Without room there (a small screen, --big: out is NULL), it is centred. */
static void quiz_overlay(UiGrid *g, const UiQuiz *q, const OutputPane *out)
{
    int w = g->w - 8 < 90 ? g->w - 8 : 90;
    int h = quiz_height(q, w);
    int x = (g->w - w) / 2, y = (g->h - h) / 2;
    if (out && h <= out->h)
        y = out->used + h <= out->h ? out->y + out->h - h : out->y;
    ui_grid_fill(g, x, y, w, h, ' ', UI_ROLE_TEXT);
    ui_grid_box(g, x, y, w, h, UI_ROLE_BORDER, q->revealed ? "predict: the answer" : "predict, then reveal");
    int row = y + 1;
    row += ui_grid_wrap(g, x + 2, row, w - 4, QUIZ_QUESTION_ROWS, UI_ROLE_TITLE, q->question);
    row++;
    for (int i = 0; i < q->nchoices; i++) {
        UiRole role = UI_ROLE_TEXT;
        const char *mark = "  ";
        if (q->revealed && i == q->answer) {
            role = UI_ROLE_DONE;
            mark = "->";
        } else if (q->revealed && i == q->picked) {
            role = UI_ROLE_CANCELLED;
            mark = " x";
        }
        ui_grid_printf(g, x + 2, row++, w - 4, role, "%s %d) %s", mark, i + 1, q->choices[i]);
    }
    row++;
    if (q->revealed) {
        char text[800];
        quiz_verdict(q, text, sizeof text);
        ui_grid_wrap(g, x + 2, row, w - 4, QUIZ_EXPLAIN_ROWS,
                     q->picked == q->answer ? UI_ROLE_DONE : UI_ROLE_TEXT, text);
        ui_grid_printf(g, x + 2, y + h - 2, w - 4, UI_ROLE_DIM, "Score %d/%d. Any key goes on.",
                       q->right, q->asked);
    } else {
        ui_grid_printf(g, x + 2, y + h - 2, w - 4, UI_ROLE_DIM,
                       "Press 1-%d to answer (p leaves predict mode).", q->nchoices);
    }
}

/* ---- help overlay ---- */

static const char *const help_keys[] = {
    "  space        play / pause (virtual time runs at speed x wall time)",
    "  n  or  Right step to the next event",
    "  b  or  Left  step back one event (the run is replayed from the start)",
    "  +  /  -      speed up / slow down (0.1x ... 100x)",
    "  m  /  M      maxsize down / up (live)",
    "  w  /  W      retire (idle: now, busy: after its item) / add a worker",
    "  k            cancel a worker mid-item (its item is never task_done)",
    "  s            set the shutdown Event (shutdown scenario)",
    "  Up / Down    select a task for w, k, Enter (the code pane follows it)",
    "  PgUp / PgDn  scroll what Python printed back / forward",
    "  Enter        why is the selected task blocked? (the causal chain)",
    "  c            code pane: the Python source, a marker per task",
    "  l            lesson mode: playing pauses at each teaching moment",
    "  p            predict mode: n asks a question before showing the step",
    "  x            switch a classic mistake on (forget task_done(), ...)",
    "  t            stats: per worker, throughput, queue depth, waits",
    "  g            timeline of the whole run; Home/End, ':' step or time",
    "  v            switch Python version (3.11, 3.12, 3.13) and replay",
    "  r restart    Tab, 1-9, 0 switch scenario    F1 = ?    q quit",
    "? again: the tutorial's quick reference. Esc or any other key closes.",
};

static const char *const help_reference[] = {
    "Quick reference (from the tutorial)",
    "",
    "  Queue type      Order          Use case",
    "  Queue           FIFO           general task distribution",
    "  PriorityQueue   by priority    alert systems, job schedulers",
    "  LifoQueue       LIFO (stack)   process most recent items first",
    "",
    "  Parameter       Purpose",
    "  maxsize=N       apply backpressure; block put() when full",
    "  task_done()     signal that a get()-ed item is fully processed",
    "  join()          wait until all items are processed",
    "  qsize()         current number of items in the queue",
    "",
    "Any key closes.",
};

/* The title says where the keys differ: in the picker, in --big. */
static void help_overlay(UiGrid *g, int page, const char *where)
{
    const char *const *lines = page == 2 ? help_reference : help_keys;
    int n = page == 2 ? (int)(sizeof help_reference / sizeof help_reference[0])
                      : (int)(sizeof help_keys / sizeof help_keys[0]);
    int w = 76 < g->w - 2 ? 76 : g->w - 2;
    int h = n + 2 < g->h - 2 ? n + 2 : g->h - 2;
    int x = (g->w - w) / 2, y = (g->h - h) / 2;
    ui_grid_fill(g, x, y, w, h, ' ', UI_ROLE_TEXT);
    ui_grid_box(g, x, y, w, h, UI_ROLE_BORDER,
                page == 2 ? "quick reference" : where ? where : "help");
    for (int i = 0; i < n && i < h - 2; i++) {
        /* Too short for all: the last line (how to go on) keeps its row. */
        int k = i == h - 3 ? n - 1 : i;
        bool heading = lines[k][0] != ' ' && lines[k][0];
        ui_grid_text(g, x + 2, y + 1 + i, w - 4, heading ? UI_ROLE_TITLE : UI_ROLE_TEXT, lines[k]);
    }
}

/* ---- picker ---- */

/* A scenario's flags with their defaults: "--items 10 --workers 3". */
static void picker_params(const Scenario *s, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int id = 0; id < SCN_PARAM_COUNT; id++)
        if (scn_takes(s, (ScnParamId)id) && len < size) {
            char def[64];
            scn_param_default_text(s, (ScnParamId)id, def, sizeof def);
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " " : "", def);
        }
}

static void picker(UiGrid *g, const UiViewState *vs)
{
    ui_grid_fill(g, 0, 0, g->w, 1, ' ', UI_ROLE_HEADER);
    ui_grid_text(g, 1, 0, g->w - 2, UI_ROLE_HEADER,
                 "aqsim - asyncio queues and backpressure, as CPython runs them");
    ui_grid_text(g, 2, 2, g->w - 4, UI_ROLE_TITLE, "Pick a scenario:");
    int n = (int)scn_count();
    /* Two rows per scenario (with its parameters) when they fit. */
    int per = 4 + 2 * n <= g->h - 2 ? 2 : 1;
    int row = 4;
    for (int i = 0; i < n && row < g->h - 2; i++) {
        const Scenario *s = scn_at((size_t)i);
        bool sel = i == vs->picker_index;
        ui_grid_printf(g, 2, row, g->w - 4, UI_ROLE_TEXT, "%c %d  %-18s %s", sel ? '>' : ' ',
                       (i + 1) % 10, s->name, s->summary);
        if (sel)
            ui_grid_paint(g, 0, row, g->w, 1, UI_ROLE_SELECTED);
        if (per == 2) {
            char params[120];
            picker_params(s, params, sizeof params);
            ui_grid_printf(g, 27, row + 1, g->w - 29, UI_ROLE_DIM, "tutorial %s%s%s", s->section,
                           *params ? "  " : "", params);
        }
        row += per;
    }
    /* One row each: the chosen one in full below, where there is room. */
    const Scenario *chosen = scn_at((size_t)vs->picker_index);
    int rows_left = g->h - 2 - (row + 1);
    if (per == 1 && chosen && rows_left >= 2) {
        char params[120], text[600];
        picker_params(chosen, params, sizeof params);
        snprintf(text, sizeof text, "%s: %s (tutorial %s%s%s). %s", chosen->name, chosen->summary,
                 chosen->section, *params ? "; " : "", params, chosen->note ? chosen->note : "");
        ui_grid_wrap(g, 2, row + 1, g->w - 4, rows_left, UI_ROLE_DIM, text);
    }
    ui_grid_fill(g, 0, g->h - 1, g->w, 1, ' ', UI_ROLE_KEY);
    ui_grid_text(g, 1, g->h - 1, g->w - 2, UI_ROLE_KEY,
                 "Up/Down choose  Enter open  1-9, 0 open directly  ? help  q quit");
}

/* Wrapped, so that a narrow window still reads "80x24", not a cut "80x2". */
static void too_small(UiGrid *g)
{
    char buf[200];
    snprintf(buf, sizeof buf, "aqsim needs a terminal of at least %dx%d (this one is %dx%d). "
             "Enlarge the window, or press q to quit.", UI_MIN_W, UI_MIN_H, g->w, g->h);
    int rows = ui_grid_wrap_rows(g->w, buf);
    int y = (g->h - rows) / 2;
    if (y < 0)
        y = 0;
    ui_grid_wrap(g, 0, y, g->w, g->h - y, UI_ROLE_WARN, buf);
}

void ui_view_render(const UiModel *m, UiViewState *vs, UiGrid *g)
{
    ui_grid_clear(g);
    if (g->w < UI_MIN_W || g->h < UI_MIN_H) {
        too_small(g);
        return;
    }
    if (vs->screen == UI_SCREEN_PICKER || !m) {
        picker(g, vs);
        if (vs->help)
            help_overlay(g, vs->help, "help: the dashboard's keys (this list: Up/Down, Enter or 0-9 opens)");
        return;
    }
    if (vs->big) {
        ui_view_render_big(m, vs, g);
        if (vs->why && vs->selected >= 0)
            why_overlay(g, m, vs);
        if (vs->quiz.asking || vs->quiz.revealed)
            quiz_overlay(g, &vs->quiz, NULL);
        if (vs->help)
            help_overlay(g, vs->help, "help (with --big, c t g need the normal layout)");
        return;
    }
    header(g, m, vs);
    ScnRun *run = ui_model_run(m);
    int nworkers = 0, nothers = 0;
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        if (scn_run_task_at(run, i)->role == SCN_ROLE_WORKER)
            nworkers++;
        else
            nothers++;
    }
    int top = 1;
    int want = (nworkers > nothers ? nworkers : nothers) + 2;
    if (want < 9)
        want = 9;
    int top_h = want < g->h / 2 ? want : g->h / 2;
    int left_w = g->w * 30 / 100, right_w = g->w * 34 / 100;
    int mid_w = g->w - left_w - right_w;
    tasks_panel(g, m, vs, 0, top, left_w, top_h, false);
    queue_panel(g, m, left_w, top, mid_w, top_h);
    tasks_panel(g, m, vs, left_w + mid_w, top, right_w, top_h, true);
    int ty = top + top_h;
    /* The caption takes two rows, or three when its text needs them. */
    char cbuf[520];
    UiRole crole;
    const char *cap = caption_text(m, cbuf, sizeof cbuf, &crole);
    int crows = ui_grid_wrap_rows(g->w - 3, cap) > 2 ? 3 : 2;
    char sbuf[240];
    const char *status = ui_view_status_text(m, sbuf, sizeof sbuf);
    int srows = status_rows(g, status);
    int th = g->h - 1 - srows - crows - ty;
    OutputPane out = {0, 0, 0};
    bool shows_output = !vs->timeline;
    if (vs->timeline) {
        timeline_view(g, (UiModel *)m, vs, 0, ty, g->w, th);
    } else if (vs->code) {
        int tw = g->w - code_pane_width(m, g->w);
        out = transcript(g, m, &vs->scroll, 0, ty, tw, th);
        code_pane(g, m, vs, tw, ty, g->w - tw, th);
    } else {
        out = transcript(g, m, &vs->scroll, 0, ty, g->w, th);
    }
    caption_lines(g, g->h - 1 - srows - crows, crows, crole, cap);
    ui_grid_wrap(g, 1, g->h - 1 - srows, g->w - 2, srows, UI_ROLE_TEXT, status);
    footer(g, m, g->h - 1);
    if (vs->stats)
        stats_overlay(g, m);
    if (vs->why && vs->selected >= 0)
        why_overlay(g, m, vs);
    if (vs->quiz.asking || vs->quiz.revealed)
        quiz_overlay(g, &vs->quiz, shows_output ? &out : NULL);
    if (vs->help)
        help_overlay(g, vs->help, NULL);
}
