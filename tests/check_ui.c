/* check_ui.c - the dashboard: its model and layout without a terminal, and
 * the real binary driven by keys in tmux, read back from the screen. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/event.h"
#include "sim/queue.h"
#include "sim/view.h"
#include "tests/suites.h"
#include "tests/testutil.h"
#include "tests/tmux.h"
#include "ui/explain.h"
#include "ui/narrate.h"
#include "ui/quiz.h"
#include "ui/grid.h"
#include "ui/keys.h"
#include "ui/model.h"
#include "ui/view.h"

/* A scenario's defaults, seed 0, for Python v: change a field, then
 * ui_model_new(). */
static UiSetup setup_for(const char *name, SimPyVersion v)
{
    UiSetup s = {.scenario = scn_find(name), .version = v};
    ck_assert_ptr_nonnull(s.scenario);
    s.params = scn_defaults(s.scenario);
    snprintf(s.seed, sizeof s.seed, "0");
    return s;
}

static UiModel *model_at_version(const char *name, SimPyVersion v)
{
    UiSetup s = setup_for(name, v);
    return ui_model_new(&s);
}

static UiModel *model_for(const char *name)
{
    return model_at_version(name, SIM_PY_3_11);
}

static SimTaskState state_of(UiModel *m, const char *task)
{
    ScnRun *run = ui_model_run(m);
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        SimTask *t = scn_run_task_at(run, i);
        if (strcmp(t->name, task) == 0) {
            SimTaskView v;
            sim_task_view(scn_run_loop(run), t, &v);
            return v.state;
        }
    }
    ck_abort_msg("no task %s", task);
    return SIM_TASK_FAILED;
}

/* Step until the producer (main, in backpressure) is blocked in put(). */
static int step_until_blocked(UiModel *m)
{
    for (int i = 0; i < 200; i++) {
        if (state_of(m, "main") == SIM_TASK_WAIT_PUT)
            return i;
        ck_assert(ui_model_step(m));
    }
    ck_abort_msg("the producer never blocked");
    return -1;
}

static char *render(UiModel *m, int w, int h, bool utf8)
{
    UiGrid g;
    ui_grid_init(&g, w, h, utf8);
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    ui_view_render(m, &vs, &g);
    char *text = ui_grid_dump(&g);
    ui_grid_free(&g);
    return text;
}

static char *render_big(UiModel *m, int w, int h)
{
    UiGrid g;
    ui_grid_init(&g, w, h, true);
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1, .big = true};
    ui_view_render(m, &vs, &g);
    char *text = ui_grid_dump(&g);
    ui_grid_free(&g);
    return text;
}

/* --big fills the rows the boxes leave with what the program printed (the
 * priority jobs queued before the overtaking the caption tells of), at
 * full weight, and PgUp scrolls it. */
START_TEST(test_big_shows_the_printed_lines_it_has_room_for)
{
    UiModel *m = model_for("priority");
    ck_assert(ui_model_step(m));
    UiGrid g;
    ui_grid_init(&g, 120, 40, true);
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1, .big = true};
    ui_view_render(m, &vs, &g);
    char *screen = ui_grid_dump(&g);
    for (size_t i = 0; i < ui_model_line_count(m); i++)
        ck_assert_msg(strstr(screen, ui_model_line(m, i)), "line %zu missing:\n%s", i, screen);
    /* Slots wide enough to tell the jobs apart. */
    ck_assert_msg(strstr(screen, "p1 critical-payment") && strstr(screen, "p2 normal-log"), "%s", screen);
    free(screen);
    /* Drawn at full weight, not dimmed. */
    const char *word = "queued:";
    bool found = false;
    for (int y = 0; y < g.h && !found; y++)
        for (int x = 0; x + 7 <= g.w && !found; x++) {
            int k = 0;
            while (word[k] && g.cells[y * g.w + x + k].ch == (uint32_t)word[k])
                k++;
            if (!word[k]) {
                found = true;
                ck_assert_int_eq(g.cells[y * g.w + x].role, UI_ROLE_TEXT);
            }
        }
    ck_assert(found);
    ui_grid_free(&g);
    ui_model_free(m);
    /* A long run: PgUp brings back earlier lines. */
    m = model_for("worker-pool");
    ck_assert(ui_model_seek_end(m));
    UiSetup base = *ui_model_setup(m);
    ui_grid_init(&g, 80, 24, true);
    ui_view_render(m, &vs, &g);
    screen = ui_grid_dump(&g);
    ck_assert(!strstr(screen, ui_model_line(m, 0)));
    free(screen);
    for (int i = 0; i < 20; i++)
        ui_keys_apply(&m, &vs, &base, UI_K_PGUP);
    ui_view_render(m, &vs, &g);
    screen = ui_grid_dump(&g);
    ck_assert_msg(strstr(screen, ui_model_line(m, 0)) && strstr(screen, "scrolled back"), "%s", screen);
    free(screen);
    ui_grid_free(&g);
    ui_model_free(m);
}
END_TEST

/* --big with more workers than boxes fit: the rest are listed by name and
 * state in the rows left, and a box holds "idle in get()" whole. */
START_TEST(test_big_lists_the_tasks_without_a_box)
{
    UiSetup s = setup_for("worker-pool", SIM_PY_3_11);
    s.params.v[SCN_PARAM_WORKERS] = 12;
    UiModel *m = ui_model_new(&s);
    for (int i = 0; i < 19; i++)
        ck_assert(ui_model_step(m));
    char *screen = render_big(m, 80, 24);
    ck_assert_msg(strstr(screen, "+9 more: W3 idle in get(), W4 idle in get()") &&
                      strstr(screen, "W11 idle in get()") && !strstr(screen, "get\xe2\x80\xa6"),
                  "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* --big at the projector's 100x30 and at 80x24: backpressure's picture
 * (the blocked producer holding its item, FULL, the consumer) in sight. */
START_TEST(test_big_shows_backpressure)
{
    UiModel *m = model_for("backpressure");
    step_until_blocked(m);
    const int sizes[][2] = {{100, 30}, {80, 24}};
    for (int i = 0; i < 2; i++) {
        char *screen = render_big(m, sizes[i][0], sizes[i][1]);
        ck_assert_msg(strstr(screen, "BLOCKED in put()") && strstr(screen, "put(3)"), "screen:\n%s", screen);
        ck_assert_msg(strstr(screen, "qsize  FULL"), "screen:\n%s", screen);
        ck_assert_msg(strstr(screen, "slow_consumer"), "screen:\n%s", screen);
        ck_assert_msg(!strstr(screen, "not shown here"), "screen:\n%s", screen);
        ck_assert_msg(strstr(screen, "m/M maxsize") && strstr(screen, "q quit"), "screen:\n%s", screen);
        ck_assert_msg(!strstr(screen, "s shutdown"), "screen:\n%s", screen);
        free(screen);
    }
    ui_model_free(m);
    /* A switched-on mistake is named in the projector header. */
    m = model_for("join");
    ui_model_set_mistakes(m, 1u << SCN_MISTAKE_FORGET_TASK_DONE);
    char *big = render_big(m, 80, 24);
    ck_assert_msg(strstr(big, "MISTAKE: forget-task-done"), "screen:\n%s", big);
    free(big);
    ui_model_free(m);
    /* At the end, the status line says how the program ended. */
    m = model_for("join");
    ck_assert(ui_model_seek_end(m));
    ui_model_set_status(m, "%s", "");
    big = render_big(m, 100, 30);
    ck_assert_msg(strstr(big, "asyncio.run() returned"), "screen:\n%s", big);
    free(big);
    ui_model_free(m);
}
END_TEST

/* A worker selected, then taken out of the run by a step back (here to
 * the start, before main created any): w and k fall back to their guess
 * instead of acting on a task that is not there. */
START_TEST(test_selection_gone_after_step_back)
{
    UiModel *m = model_for("worker-pool");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    for (int i = 0; i < 10; i++)
        ui_keys_apply(&m, &vs, &base, 'n');
    ui_keys_apply(&m, &vs, &base, UI_K_UP);
    ck_assert_int_eq(vs.selected, (int)scn_run_task_count(ui_model_run(m)) - 1);
    ui_keys_apply(&m, &vs, &base, UI_K_HOME);
    ck_assert_int_eq(vs.selected, -1);
    const int keys[] = {'k', 'w'};
    for (int i = 0; i < 2; i++) {
        vs.selected = 3; /* as a stale index would be */
        ui_keys_apply(&m, &vs, &base, keys[i]);
        ck_assert_msg(strstr(ui_model_status(m), "no running worker"), "%c: %s", keys[i],
                      ui_model_status(m));
    }
    ui_model_free(m);
}
END_TEST

/* --big in the shutdown scenario: the Event's state and the s key shown;
 * the keys of the normal layout say where they are. */
START_TEST(test_big_shows_the_shutdown_event)
{
    UiModel *m = model_for("shutdown");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1, .big = true};
    UiSetup base = *ui_model_setup(m);
    char *screen = render_big(m, 100, 30);
    ck_assert_msg(strstr(screen, "shutdown Event not set") && strstr(screen, "s shutdown"), "screen:\n%s",
                  screen);
    free(screen);
    ui_keys_apply(&m, &vs, &base, 'n');
    ui_keys_apply(&m, &vs, &base, 's');
    screen = render_big(m, 100, 30);
    ck_assert_msg(strstr(screen, "shutdown Event SET"), "screen:\n%s", screen);
    free(screen);
    const int keys[] = {'c', 't', 'g'};
    for (int i = 0; i < 3; i++) {
        ui_keys_apply(&m, &vs, &base, keys[i]);
        ck_assert_msg(strstr(ui_model_status(m), "start without --big"), "%c: %s", keys[i], ui_model_status(m));
    }
    ck_assert(!vs.code && !vs.stats && !vs.timeline);
    ui_model_free(m);
}
END_TEST

/* The step's flow in full, in a buffer of the test's (asserted whole). */
static const char *flow_of(const UiModel *m)
{
    static char buf[256];
    ck_assert(ui_model_step_flow(m, UI_FLOW_ITEMS, buf, sizeof buf));
    return buf;
}

/* LIFO fills and drains its stack in one step: the empty queue panel says
 * what went through it, in order, and stepping back and again shows the
 * same. */
START_TEST(test_queue_panel_shows_a_step_s_flow)
{
    UiModel *m = model_for("lifo");
    ck_assert_str_eq(flow_of(m), "");
    ck_assert(ui_model_step(m));
    const char *want = "put old-1 old-2 recent-3 latest-4, get latest-4 recent-3 old-2 old-1";
    ck_assert_str_eq(flow_of(m), want);
    char *screen = render(m, 120, 40, true);
    ck_assert_msg(strstr(screen, "this step: put old-1 old-2") && strstr(screen, "old-2 old-1"), "screen:\n%s",
                  screen);
    free(screen);
    /* Narrower, shortened rather than cut: first and last of each run,
     * then the counts alone. */
    char brief[160];
    ck_assert(ui_model_step_flow(m, UI_FLOW_ENDS, brief, sizeof brief));
    ck_assert_str_eq(brief, "put 4: old-1..latest-4, get 4: latest-4..old-1");
    ck_assert(ui_model_step_flow(m, UI_FLOW_COUNTS, brief, sizeof brief));
    ck_assert_str_eq(brief, "put 4, get 4");
    ck_assert(!ui_model_step_flow(m, UI_FLOW_ITEMS, brief, 20)); /* too small: not whole */
    ui_model_free(m);
    /* Longer than the model keeps: not whole in full, whole in brief
     * (retry's main puts every request in its first step). */
    UiSetup s = setup_for("retry", SIM_PY_3_11);
    s.params.v[SCN_PARAM_ITEMS] = 40;
    m = ui_model_new(&s);
    ck_assert(ui_model_step(m));
    ck_assert(!ui_model_step_flow(m, UI_FLOW_ITEMS, brief, sizeof brief));
    ck_assert(ui_model_step_flow(m, UI_FLOW_ENDS, brief, sizeof brief));
    ck_assert_str_eq(brief, "put 40: 5:req-A..5:req-AN");
    ui_model_free(m);
    m = model_for("lifo");
    ck_assert(ui_model_step(m));
    screen = render(m, 100, 30, true);
    ck_assert_msg(strstr(screen, "old-1..latest-4, get 4:") && !strstr(screen, "\xe2\x80\xa6"), "screen:\n%s",
                  screen);
    free(screen);
    screen = render(m, 80, 24, true);
    ck_assert_msg(strstr(screen, "put 4, get 4") && !strstr(screen, ",\xe2\x80\xa6"), "screen:\n%s", screen);
    free(screen);
    ck_assert(ui_model_step_back(m));
    ck_assert_str_eq(flow_of(m), "");
    ck_assert(ui_model_step(m));
    ck_assert_str_eq(flow_of(m), want);
    ui_model_free(m);
    /* One put in a step is plain to see in the queue itself: nothing said. */
    m = model_for("worker-pool");
    for (int i = 0; i < 30 && ui_model_step(m);)
        ck_assert_str_eq(flow_of(m), "");
    ui_model_free(m);
}
END_TEST

START_TEST(test_backpressure_shows_blocked_producer)
{
    UiModel *m = model_for("backpressure");
    step_until_blocked(m);
    char *screen = render(m, 80, 24, true);
    ck_assert_msg(strstr(screen, "BLOCKED in put(3)"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "FULL"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "putters: main"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "produced 2 | qsize: 3"), "screen:\n%s", screen);
    /* At 80 columns nothing is cut: what does not fit goes to a row of its own. */
    ck_assert_msg(strstr(screen, "put() waits"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "in fast_producer()"), "screen:\n%s", screen);
    ck_assert_msg(!strstr(screen, "wa\xe2\x80\xa6") && !strstr(screen, "produc\xe2\x80\xa6"),
                  "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* 3.11: once wait_for's timeout has cancelled the inner get() task, the
 * worker is no getter any more, and its row does not say idle in get(). */
START_TEST(test_timed_out_wait_for_is_not_idle_in_get)
{
    UiModel *m = model_for("shutdown");
    int seen = 0;
    while (ui_model_step(m)) {
        char *screen = render(m, 100, 30, true);
        if (strstr(screen, "get() cancelled (wait_for)")) {
            seen++;
            ck_assert_msg(!strstr(screen, "getters: W1, W2") && !strstr(screen, "getters: W2, W1"), "%s", screen);
        }
        free(screen);
    }
    ck_assert_int_gt(seen, 0);
    ui_model_free(m);
}
END_TEST

/* A worker's state too long for its row at 80 columns takes two rows
 * when the panel has them, not an ellipsis. */
START_TEST(test_narrow_worker_rows_wrap)
{
    UiModel *m = model_for("shutdown");
    for (int i = 0; i < 3; i++)
        ck_assert(ui_model_step(m));
    char *screen = render(m, 80, 24, true);
    /* 3.11: wait_for's inner get() task has not run yet. */
    ck_assert_msg(strstr(screen, "starting get(),"), "screen:\n%s", screen);
    ck_assert_msg(!strstr(screen, "timeout\xe2\x80\xa6"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "  timeout 1s "), "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* Priority jobs have long names: at 80 columns the queue panel gives each
 * a row of its own rather than cut two critical jobs to the same label. */
START_TEST(test_long_item_labels_take_rows_of_their_own)
{
    UiModel *m = model_for("priority");
    ck_assert(ui_model_step(m));
    char *screen = render(m, 80, 24, true);
    ck_assert_msg(strstr(screen, "[p1 critical-paym"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "[p2 normal-log]"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "[p3 low-priority"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "qsize 3"), "screen:\n%s", screen);
    free(screen);
    /* On a wider screen, whole. */
    screen = render(m, 120, 40, true);
    ck_assert_msg(strstr(screen, "[p1 critical-payment]"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "[p3 low-priority-backup]"), "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* At 80 columns the footer still shows the teaching modes: n and b share
 * a label there; wider, each has its own. */
START_TEST(test_footer_shows_the_teaching_keys_at_80_columns)
{
    const char *names[] = {"worker-pool", "shutdown", "lifo", "retry"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        UiModel *m = model_for(names[i]);
        char *screen = render(m, 80, 24, true);
        const char *last = strrchr(screen, '\n');
        while (last > screen && last[-1] != '\n')
            last--;
        ck_assert_msg(strstr(last, "l lesson") && strstr(last, "p predict") && strstr(last, "space play"),
                      "%s footer: %s", names[i], last);
        free(screen);
        screen = render(m, 160, 48, true);
        ck_assert_msg(strstr(screen, "n step b back"), "%s", screen);
        free(screen);
        ui_model_free(m);
    }
}
END_TEST

/* PgUp shows what the program printed earlier, five lines a press, and
 * says which lines; PgDn comes back, and so does any other key. */
START_TEST(test_transcript_scrolls_back)
{
    UiModel *m = model_for("worker-pool");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    ck_assert(ui_model_seek_end(m));
    size_t n = ui_model_line_count(m);
    ck_assert_uint_gt(n, 20);
    UiGrid g;
    ui_grid_init(&g, 80, 24, true);
    ui_view_render(m, &vs, &g);
    char *screen = ui_grid_dump(&g);
    ck_assert_msg(strstr(screen, "what Python prints (PgUp: earlier)") && !strstr(screen, ui_model_line(m, 0)),
                  "%s", screen);
    free(screen);
    for (int i = 0; i < 100; i++)
        ui_keys_apply(&m, &vs, &base, UI_K_PGUP);
    ui_view_render(m, &vs, &g);
    screen = ui_grid_dump(&g);
    ck_assert_msg(strstr(screen, "lines 1-") && strstr(screen, ui_model_line(m, 0)), "%s", screen);
    free(screen);
    /* At the top, one PgDn moves at once (the extra PgUps did not pile up). */
    ui_keys_apply(&m, &vs, &base, UI_K_PGDN);
    ui_view_render(m, &vs, &g);
    screen = ui_grid_dump(&g);
    ck_assert_msg(strstr(screen, "lines 6-") && !strstr(screen, ui_model_line(m, 0)), "%s", screen);
    free(screen);
    ui_keys_apply(&m, &vs, &base, 'b');
    ck_assert_int_eq(vs.scroll, 0);
    ui_grid_free(&g);
    ui_model_free(m);
}
END_TEST

/* What went through the queue in a step is told with the labels the
 * panels use ("5:req-A"), not Python's repr of the tuple. */
START_TEST(test_step_flow_uses_the_panel_labels)
{
    UiModel *m = model_for("retry");
    int seen = 0;
    for (int i = 0; i < 400 && ui_model_step(m); i++) {
        const char *flow = flow_of(m);
        if (!*flow)
            continue;
        ck_assert_msg(!strchr(flow, '(') && !strchr(flow, '\''), "%s", flow);
        seen += strstr(flow, ":req-") != NULL;
    }
    ck_assert_int_gt(seen, 0);
    ui_model_free(m);
}
END_TEST

/* Up/Down go through the tasks in screen order: the left panel (main, the
 * producer, trigger_shutdown) before the workers; a finished task is said
 * to be finished, not offered w and k. */
START_TEST(test_selection_follows_the_screen)
{
    UiModel *m = model_for("shutdown");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    for (int i = 0; i < 3; i++)
        ck_assert(ui_model_step(m));
    const char *order[] = {"main", "producer", "trigger_shutdown", "W1", "W2"};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        ui_keys_apply(&m, &vs, &base, UI_K_DOWN);
        ck_assert_int_ge(vs.selected, 0);
        ck_assert_str_eq(scn_run_task_at(ui_model_run(m), (size_t)vs.selected)->name, order[i]);
    }
    ui_keys_apply(&m, &vs, &base, UI_K_DOWN);
    ck_assert_int_eq(vs.selected, -1);
    ui_keys_apply(&m, &vs, &base, UI_K_UP);
    ck_assert_str_eq(scn_run_task_at(ui_model_run(m), (size_t)vs.selected)->name, "W2");
    ui_model_free(m);
    m = model_for("join");
    base = *ui_model_setup(m);
    vs.selected = -1;
    ck_assert(ui_model_seek_end(m));
    ui_keys_apply(&m, &vs, &base, UI_K_UP); /* the consumer, cancelled at the end */
    ck_assert_msg(strstr(ui_model_status(m), "which has finished"), "%s", ui_model_status(m));
    ui_model_free(m);
}
END_TEST

START_TEST(test_step_back_is_the_same_as_never_stepping)
{
    UiModel *m = model_for("worker-pool");
    size_t lines[30];
    double times[30];
    for (int i = 0; i < 30; i++) {
        lines[i] = ui_model_line_count(m);
        times[i] = ui_model_time(m);
        ck_assert(ui_model_step(m));
    }
    for (int i = 29; i >= 15; i--) {
        ck_assert(ui_model_step_back(m));
        ck_assert_uint_eq(ui_model_position(m), (size_t)i);
        ck_assert_uint_eq(ui_model_line_count(m), lines[i]);
        ck_assert(ui_model_time(m) == times[i]);
    }
    ui_model_free(m);
}
END_TEST

START_TEST(test_raising_maxsize_unblocks_the_producer)
{
    UiModel *m = model_for("backpressure");
    step_until_blocked(m);
    ck_assert(ui_model_live(m, SCN_LIVE_MAXSIZE, 4));
    ck_assert_int_eq(state_of(m, "main"), SIM_TASK_READY);
    ck_assert(ui_model_step(m));
    ck_assert_int_ne(state_of(m, "main"), SIM_TASK_WAIT_PUT);
    char *screen = render(m, 80, 24, true);
    ck_assert_msg(strstr(screen, "maxsize=4"), "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

START_TEST(test_lowering_maxsize_keeps_items_over_capacity)
{
    UiModel *m = model_for("backpressure");
    step_until_blocked(m);
    ck_assert(ui_model_live(m, SCN_LIVE_MAXSIZE, 1));
    char *screen = render(m, 80, 24, true);
    ck_assert_msg(strstr(screen, "OVER maxsize"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "qsize 3/1"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "lowered live"), "screen:\n%s", screen);
    free(screen);
    /* The caption says what that means for put(), for each case. */
    ck_assert_msg(strstr(ui_model_caption(m), "below qsize 3: the items stay, and put() waits until "
                                               "gets bring qsize under 1"),
                  "%s", ui_model_caption(m));
    ck_assert(ui_model_live(m, SCN_LIVE_MAXSIZE, 3));
    ck_assert_msg(strstr(ui_model_caption(m), "qsize is 3: the queue is full"), "%s", ui_model_caption(m));
    ck_assert(ui_model_live(m, SCN_LIVE_MAXSIZE, 5));
    ck_assert_msg(strstr(ui_model_caption(m), "room for 2 more"), "%s", ui_model_caption(m));
    ui_model_free(m);
}
END_TEST

START_TEST(test_live_changes_replay_after_stepping_back)
{
    /* Run A: step 10, raise maxsize, step 30. Run B: the same, but step
     * back 20 and forward 20 at the end. Both must print the same. */
    UiModel *a = model_for("backpressure"), *b = model_for("backpressure");
    UiModel *both[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < 10; i++)
            ui_model_step(both[k]);
        ck_assert(ui_model_live(both[k], SCN_LIVE_MAXSIZE, 5));
        for (int i = 0; i < 30; i++)
            ui_model_step(both[k]);
    }
    for (int i = 0; i < 20; i++)
        ck_assert(ui_model_step_back(b));
    for (int i = 0; i < 20; i++)
        ck_assert(ui_model_step(b));
    ck_assert_uint_eq(ui_model_line_count(a), ui_model_line_count(b));
    for (size_t i = 0; i < ui_model_line_count(a); i++)
        ck_assert_str_eq(ui_model_line(a, i), ui_model_line(b, i));
    ck_assert_uint_eq(ui_model_input_count(b), 1);
    ui_model_free(a);
    ui_model_free(b);
}
END_TEST

START_TEST(test_add_worker_appears_and_works)
{
    UiModel *m = model_for("worker-pool");
    ui_model_step(m);
    ck_assert(ui_model_live(m, SCN_LIVE_ADD_WORKER, 0));
    ScnRun *run = ui_model_run(m);
    ck_assert_str_eq(scn_run_task_at(run, scn_run_task_count(run) - 1)->name, "W3");
    char *screen = render(m, 100, 30, true);
    ck_assert_msg(strstr(screen, "W3"), "screen:\n%s", screen);
    free(screen);
    bool w3_worked = false;
    while (ui_model_step(m))
        for (size_t i = 0; i < ui_model_line_count(m); i++)
            if (strstr(ui_model_line(m, i), "[W3] processing"))
                w3_worked = true;
    ck_assert(w3_worked);
    ck_assert(strstr(ui_model_line(m, ui_model_line_count(m) - 1), "by 4 workers"));
    ui_model_free(m);
}
END_TEST

START_TEST(test_cancel_mid_item_means_join_never_returns)
{
    UiModel *m = model_for("join");
    /* Step until the consumer holds an item, then cancel it. */
    ScnRun *run = ui_model_run(m);
    int guard = 0;
    while (scn_run_task_count(run) < 2 || sim_value_is_none(&scn_run_task_at(run, 1)->holding)) {
        ck_assert(ui_model_step(m));
        ck_assert_int_lt(++guard, 100);
    }
    ck_assert(ui_model_live(m, SCN_LIVE_CANCEL_WORKER, 1));
    while (ui_model_step(m))
        ;
    ck_assert(ui_model_deadlocked(m));
    ck_assert_int_eq(state_of(m, "main"), SIM_TASK_WAIT_JOIN);
    char *screen = render(m, 80, 24, true);
    ck_assert_msg(strstr(screen, "DEADLOCK"), "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

START_TEST(test_retire_idle_worker_leaves_now)
{
    UiModel *m = model_for("worker-pool");
    ui_model_step(m);
    ui_model_step(m);
    ui_model_step(m);
    ui_model_step(m);
    ck_assert_int_eq(state_of(m, "W2"), SIM_TASK_WAIT_GET);
    ScnRun *run = ui_model_run(m);
    long w2 = -1;
    for (size_t i = 0; i < scn_run_task_count(run); i++)
        if (strcmp(scn_run_task_at(run, i)->name, "W2") == 0)
            w2 = (long)i;
    ck_assert(ui_model_live(m, SCN_LIVE_RETIRE_WORKER, w2));
    ui_model_step(m);
    ck_assert_int_eq(state_of(m, "W2"), SIM_TASK_DONE);
    while (ui_model_step(m))
        ;
    ck_assert(!ui_model_deadlocked(m));
    for (size_t i = 0; i < ui_model_line_count(m); i++)
        ck_assert_msg(!strstr(ui_model_line(m, i), "[W2]"), "W2 worked after retiring");
    ui_model_free(m);
}
END_TEST

/* Played to its end, the run stops playing and the status line stops
 * saying "playing": it says the program has finished. */
START_TEST(test_playing_to_the_end_says_so)
{
    UiModel *m = model_for("join");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    ui_keys_apply(&m, &vs, &base, ' ');
    ck_assert(ui_model_playing(m));
    ck_assert_str_eq(ui_model_status(m), "playing");
    for (int i = 0; i < 1000 && ui_model_playing(m); i++)
        ui_model_advance(m, 0.5);
    ck_assert(ui_model_finished(m));
    ck_assert(!ui_model_playing(m));
    char *screen = render(m, 100, 30, true);
    ck_assert_msg(!strstr(screen, "playing") && strstr(screen, "The program has finished"), "screen:\n%s",
                  screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* The stats overlay writes "-" where --stats does when no virtual time
 * passed (lifo ends at t=0): no throughput, no busy share. */
START_TEST(test_stats_overlay_without_time)
{
    UiModel *m = model_for("lifo");
    ck_assert(ui_model_seek_end(m));
    UiGrid g;
    ui_grid_init(&g, 100, 30, true);
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1, .stats = true};
    ui_view_render(m, &vs, &g);
    char *screen = ui_grid_dump(&g);
    ui_grid_free(&g);
    ck_assert_msg(strstr(screen, "throughput     - (") && strstr(screen, "no virtual time passed") &&
                      strstr(screen, "avg 1.78 of the samples") &&
                      !strstr(screen, "0.00 items/s") && strstr(screen, "  -  "),
                  "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* A producer blocked in put() right now counts in the stats overlay,
 * though no virtual time has passed in that wait yet. */
START_TEST(test_stats_overlay_counts_a_put_waiting_now)
{
    UiModel *m = model_for("backpressure");
    step_until_blocked(m);
    ck_assert(ui_model_time(m) == 0.0);
    UiGrid g;
    ui_grid_init(&g, 100, 30, true);
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1, .stats = true};
    ui_view_render(m, &vs, &g);
    char *screen = ui_grid_dump(&g);
    ui_grid_free(&g);
    ck_assert_msg(strstr(screen, "blocked in put() 0.00s in all, 1 waits now") && !strstr(screen, "never"),
                  "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* At the end of a run on a laptop-sized terminal, the stats overlay
 * leaves the program's last line in view; t and g swap the overlays
 * instead of drawing one behind the other. */
START_TEST(test_stats_overlay_keeps_the_last_line)
{
    UiModel *m = model_for("join");
    ck_assert(ui_model_seek_end(m));
    UiGrid g;
    ui_grid_init(&g, 80, 24, true);
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1, .stats = true};
    ui_view_render(m, &vs, &g);
    char *screen = ui_grid_dump(&g);
    ui_grid_free(&g);
    ck_assert_msg(strstr(screen, "stats at t=") && strstr(screen, "All items processed!"),
                  "screen:\n%s", screen);
    free(screen);
    UiSetup base = *ui_model_setup(m);
    ui_keys_apply(&m, &vs, &base, 'g');
    ck_assert(vs.timeline && !vs.stats);
    ui_keys_apply(&m, &vs, &base, 't');
    ck_assert(vs.stats && !vs.timeline);
    ui_model_free(m);
}
END_TEST

/* A long status note takes a second row instead of being cut: at 80
 * columns the version note still ends with its key. */
START_TEST(test_status_line_wraps_to_two_rows)
{
    UiModel *m = model_for("shutdown");
    for (int i = 0; i < 3; i++)
        ck_assert(ui_model_step(m));
    ck_assert_msg(strstr(ui_model_status(m), "v switches version."), "%s", ui_model_status(m));
    char *screen = render(m, 80, 24, true);
    ck_assert_msg(strstr(screen, "v switches version."), "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* The help fits a laptop's 80x24, down to its last line (how to reach
 * the quick reference), and every key's line is whole. */
START_TEST(test_help_fits_80x24)
{
    UiModel *m = model_for("worker-pool");
    UiGrid g;
    ui_grid_init(&g, 80, 24, true);
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1, .help = 1};
    ui_view_render(m, &vs, &g);
    char *screen = ui_grid_dump(&g);
    ui_grid_free(&g);
    ck_assert_msg(strstr(screen, "? again: the tutorial's quick reference") &&
                      strstr(screen, "/ add a worker") && strstr(screen, "q quit"),
                  "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* The header at 80 columns keeps the step number and the predict score
 * whatever else it carries (a mistake, lesson mode, a long time); "? help"
 * comes when there is room (the footer has it too). --big shows the score. */
START_TEST(test_header_keeps_step_and_score)
{
    UiSetup s = setup_for("producer-consumer", SIM_PY_3_11);
    s.params.mistakes = 1u << SCN_MISTAKE_FEWER_SENTINELS;
    s.lesson = true;
    UiModel *m = ui_model_new(&s);
    ck_assert(ui_model_seek_end(m));
    ui_model_slower(m);
    ui_model_slower(m);
    char step[48];
    snprintf(step, sizeof step, "step %" PRIu64 " ", ui_model_step_number(m));
    for (int big = 0; big < 2; big++) {
        UiGrid g;
        ui_grid_init(&g, big ? 100 : 80, big ? 30 : 24, true);
        UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1, .big = big};
        vs.quiz.on = true;
        vs.quiz.right = 12;
        vs.quiz.asked = 13;
        ui_view_render(m, &vs, &g);
        char *screen = ui_grid_dump(&g);
        ui_grid_free(&g);
        char *nl = strchr(screen, '\n');
        if (nl)
            *nl = '\0'; /* the header row */
        ck_assert_msg(strstr(screen, "PREDICT 12/13"), "header: %s", screen);
        if (!big)
            ck_assert_msg(strstr(screen, step) && strstr(screen, "LESSON"), "header: %s", screen);
        free(screen);
    }
    ui_model_free(m);
    /* Nothing else to show: the full words, and "? help". */
    m = model_for("worker-pool");
    char *screen = render(m, 80, 24, true);
    *strchr(screen, '\n') = '\0';
    ck_assert_msg(strstr(screen, "aqsim") && strstr(screen, "Python 3.11") && strstr(screen, "paused") &&
                      strstr(screen, "? help"),
                  "header: %s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* s in queue-shutdown, which has no Event: it says what the program does
 * instead, and when. */
START_TEST(test_s_in_queue_shutdown_says_what_it_has)
{
    UiModel *m = model_for("queue-shutdown");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    ui_keys_apply(&m, &vs, &base, 's');
    ck_assert_msg(strstr(ui_model_status(m), "calls queue.shutdown() itself at t=3.0"), "%s",
                  ui_model_status(m));
    ck_assert_uint_eq(ui_model_input_count(m), 0);
    ui_model_free(m);
}
END_TEST

/* The picker at 80x24 cuts long summaries on their row, so the chosen
 * scenario is told in full below the list. */
START_TEST(test_picker_tells_the_chosen_one_in_full)
{
    const Scenario *s = scn_find("shutdown");
    UiGrid g;
    ui_grid_init(&g, 80, 24, true);
    UiViewState vs = {.screen = UI_SCREEN_PICKER, .selected = -1, .picker_index = 6};
    ck_assert_ptr_eq(scn_at(6), s);
    ui_view_render(NULL, &vs, &g);
    char *screen = ui_grid_dump(&g);
    ui_grid_free(&g);
    char want[200];
    snprintf(want, sizeof want, "shutdown: %.40s", s->summary);
    ck_assert_msg(strstr(screen, want) && strstr(screen, "(tutorial 6;"), "screen:\n%s", screen);
    free(screen);
}
END_TEST

/* On a wide screen the code pane takes the room the source needs while the
 * transcript's lines leave it: shutdown's wait_for line is whole at 120x40,
 * and producer-consumer's printed lines are too. */
START_TEST(test_code_pane_widens_for_the_source)
{
    const char *names[] = {"shutdown", "producer-consumer"};
    const char *want[] = {"item = await asyncio.wait_for(queue.get(), timeout=1.0)", "queue size: 1"};
    for (int k = 0; k < 2; k++) {
        UiModel *m = model_for(names[k]);
        for (int i = 0; i < 6; i++)
            ck_assert(ui_model_step(m));
        UiGrid g;
        ui_grid_init(&g, 120, 40, true);
        /* The selected worker keeps its line (shutdown's 18) in view. */
        UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = 2, .code = true};
        ui_view_render(m, &vs, &g);
        char *screen = ui_grid_dump(&g);
        ui_grid_free(&g);
        ck_assert_msg(strstr(screen, want[k]), "%s:\n%s", names[k], screen);
        free(screen);
        ui_model_free(m);
    }
}
END_TEST

/* End after main() raised, at 80x24: the status says it in full (three
 * rows) and the transcript ends with the traceback line, nothing over it. */
START_TEST(test_end_after_main_raised_fits_80x24)
{
    UiModel *m = model_for("producer-consumer");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    const char *keys = "nkk"; /* cancelled before anything is printed */
    for (const char *k = keys; *k; k++)
        ui_keys_apply(&m, &vs, &base, *k);
    ui_keys_apply(&m, &vs, &base, UI_K_END);
    ck_assert(explain_main_exception(ui_model_run(m)));
    ck_assert_uint_eq(ui_model_line_count(m), 0);
    char *screen = render(m, 80, 24, true);
    ck_assert_msg(strstr(screen, "r restarts.") && strstr(screen, "Traceback (most recent call last)") &&
                      !strstr(screen, "nothing printed yet"),
                  "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* The timeline counts the tasks it has no room for. */
START_TEST(test_timeline_counts_hidden_tasks)
{
    UiSetup s = setup_for("worker-pool", SIM_PY_3_11);
    s.params.v[SCN_PARAM_WORKERS] = 12;
    UiModel *m = ui_model_new(&s);
    for (int i = 0; i < 4; i++)
        ck_assert(ui_model_step(m));
    const int sizes[][2] = {{80, 24}, {120, 40}};
    for (int k = 0; k < 2; k++) {
        UiGrid g;
        ui_grid_init(&g, sizes[k][0], sizes[k][1], true);
        UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1, .timeline = true};
        ui_view_render(m, &vs, &g);
        char *screen = ui_grid_dump(&g);
        ui_grid_free(&g);
        if (k == 0)
            ck_assert_msg(strstr(screen, "more tasks: a taller terminal") && strstr(screen, "main"),
                          "screen:\n%s", screen);
        else /* all 13 rows fit */
            ck_assert_msg(!strstr(screen, "more task") && strstr(screen, "W11"), "screen:\n%s", screen);
        free(screen);
    }
    ui_model_free(m);
}
END_TEST

/* The timeline has a time axis, with labels where the moment's arrow
 * leaves room, and its legend quotes each mark ('=' is one). An empty
 * go-to prompt says what to type. */
START_TEST(test_timeline_has_a_time_axis)
{
    UiModel *m = model_for("worker-pool");
    ck_assert(ui_model_seek_end(m));
    UiSetup base = *ui_model_setup(m);
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    ui_keys_apply(&m, &vs, &base, 'g');
    ck_assert(vs.timeline);
    ui_keys_apply(&m, &vs, &base, UI_K_HOME);
    UiGrid g;
    ui_grid_init(&g, 100, 30, true);
    ui_view_render(m, &vs, &g);
    char *screen = ui_grid_dump(&g);
    const char *axis = strstr(screen, "time (s)");
    ck_assert_msg(axis, "%s", screen);
    /* Round times, as --timeline labels them (the run ends at 3.26): at
     * the start the arrow sits on 0, and 0.5 to 3.0 are on the axis. */
    const char *eol = strchr(axis, '\n');
    const char *half = strstr(axis, " 0.5 "), *three = strstr(axis, " 3.0 ");
    ck_assert_msg(half && half < eol && three && three < eol && !strstr(axis, "3.26"), "%s", screen);
    ck_assert_msg(strstr(screen, "'=' running"), "%s", screen);
    free(screen);
    /* A wide one has room for a long name whole. */
    UiModel *sm = model_for("shutdown");
    ck_assert(ui_model_step(sm));
    UiGrid wide;
    ui_grid_init(&wide, 120, 40, true);
    ui_view_render(sm, &vs, &wide);
    screen = ui_grid_dump(&wide);
    ck_assert_msg(strstr(screen, "trigger_shutdown "), "%s", screen);
    free(screen);
    ui_grid_free(&wide);
    ui_model_free(sm);
    ui_keys_apply(&m, &vs, &base, ':');
    ck_assert(vs.prompt);
    ui_keys_apply(&m, &vs, &base, 'a');
    ui_keys_apply(&m, &vs, &base, '\n');
    ck_assert_msg(strstr(ui_model_status(m), "type a step number"), "%s", ui_model_status(m));
    ui_grid_free(&g);
    ui_model_free(m);
}
END_TEST

/* "FULL: put() waits" only while a task waits in put(); a full queue with
 * nobody in put() says a put() would wait. */
START_TEST(test_full_queue_says_who_waits)
{
    UiModel *m = model_for("backpressure");
    int waits = 0, would = 0;
    for (int i = 0; i < 60 && ui_model_step(m); i++) {
        bool putting = false;
        ScnRun *run = ui_model_run(m);
        for (size_t k = 0; k < scn_run_task_count(run); k++) {
            SimTaskView v;
            sim_task_view(scn_run_loop(run), scn_run_task_at(run, k), &v);
            putting |= v.state == SIM_TASK_WAIT_PUT;
        }
        char *screen = render(m, 120, 40, true);
        if (strstr(screen, "FULL: put() waits")) {
            ck_assert_msg(putting, "screen:\n%s", screen);
            waits++;
        }
        if (strstr(screen, "FULL: a put() would wait")) {
            ck_assert_msg(!putting, "screen:\n%s", screen);
            would++;
        }
        free(screen);
    }
    ck_assert_int_gt(waits, 0);
    ck_assert_int_gt(would, 0);
    ui_model_free(m);
}
END_TEST

/* A put() woken while the queue is still full (maxsize lowered below
 * qsize: each get() wakes it) waits again; it has been blocked since it
 * was called, and the view says so. */
START_TEST(test_blocked_put_since_survives_wakeups)
{
    UiModel *m = model_for("backpressure");
    ck_assert(ui_model_step(m));
    ck_assert(ui_model_live(m, SCN_LIVE_MAXSIZE, 1));
    int checked = 0;
    char prev_item[64] = "";
    double prev_since = -1;
    for (int i = 0; i < 80 && ui_model_step(m); i++) {
        ScnRun *run = ui_model_run(m);
        SimTaskView v;
        sim_task_view(scn_run_loop(run), scn_run_task_at(run, 0), &v);
        if (v.state != SIM_TASK_WAIT_PUT)
            continue; /* woken between waits: ready, then blocked again */
        char item[64];
        ui_model_item_label(v.putting, item, sizeof item);
        if (strcmp(item, prev_item) == 0) {
            ck_assert_msg(v.since == prev_since, "put(%s): since %g, then %g", item, prev_since, v.since);
            checked++;
        }
        if (strcmp(item, prev_item) != 0) {
            snprintf(prev_item, sizeof prev_item, "%s", item);
            prev_since = v.since;
        }
    }
    ck_assert_int_gt(checked, 0);
    ui_model_free(m);
}
END_TEST

/* A digit or Tab leaves a run that has been stepped into only when pressed
 * twice; in predict mode the digits are answers and never switch. */
START_TEST(test_leaving_a_stepped_run_asks_first)
{
    UiModel *m = model_for("shutdown");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    /* At step 0 there is nothing to lose. */
    ui_keys_apply(&m, &vs, &base, '2');
    ck_assert_ptr_eq(ui_model_setup(m)->scenario, scn_at(1));
    ui_keys_apply(&m, &vs, &base, '7');
    ck_assert_ptr_eq(ui_model_setup(m)->scenario, scn_find("shutdown"));
    for (int i = 0; i < 3; i++)
        ui_keys_apply(&m, &vs, &base, 'n');
    const int keys[] = {'1', '\t'};
    for (size_t k = 0; k < 2; k++) {
        ui_keys_apply(&m, &vs, &base, keys[k]);
        ck_assert_msg(strstr(ui_model_status(m), "leave this run at step 3"), "%s", ui_model_status(m));
        ck_assert_ptr_eq(ui_model_setup(m)->scenario, scn_find("shutdown"));
        ck_assert_uint_eq(ui_model_position(m), 3);
    }
    /* The digit of the scenario on screen does not leave it. */
    ui_keys_apply(&m, &vs, &base, '7');
    ck_assert_msg(strstr(ui_model_status(m), "already on shutdown"), "%s", ui_model_status(m));
    ck_assert_uint_eq(ui_model_position(m), 3);
    ui_keys_apply(&m, &vs, &base, '\t');
    ui_keys_apply(&m, &vs, &base, '\t');
    ck_assert_ptr_ne(ui_model_setup(m)->scenario, scn_find("shutdown"));
    /* x restarts the run with a mistake: the same question once stepped in. */
    ui_keys_apply(&m, &vs, &base, '1'); /* producer-consumer, which has one */
    ck_assert_ptr_eq(ui_model_setup(m)->scenario, scn_find("producer-consumer"));
    for (int i = 0; i < 3; i++)
        ui_keys_apply(&m, &vs, &base, 'n');
    size_t at = ui_model_position(m);
    ui_keys_apply(&m, &vs, &base, 't');
    ck_assert(vs.stats);
    ui_keys_apply(&m, &vs, &base, 'x');
    ck_assert_msg(strstr(ui_model_status(m), "press x again"), "%s", ui_model_status(m));
    ck_assert_uint_eq(ui_model_position(m), at);
    ck_assert_uint_eq(ui_model_setup(m)->params.mistakes, 0);
    ui_keys_apply(&m, &vs, &base, 'x');
    ck_assert_uint_ne(ui_model_setup(m)->params.mistakes, 0);
    ck_assert(!vs.stats); /* the old run's summary goes with it, as with r */
    ui_keys_apply(&m, &vs, &base, '7');

    /* Predict mode: a step with nothing to ask is taken, and says so. */
    ui_keys_apply(&m, &vs, &base, '1'); /* producer-consumer: main alone runs first, into gather() */
    ck_assert_ptr_eq(ui_model_setup(m)->scenario, scn_find("producer-consumer"));
    ui_keys_apply(&m, &vs, &base, 'p');
    ui_keys_apply(&m, &vs, &base, 'n');
    ck_assert(!vs.quiz.asking);
    ck_assert_uint_eq(ui_model_position(m), 1);
    ck_assert_msg(strstr(ui_model_status(m), "no question at that step"), "%s", ui_model_status(m));
    ui_keys_apply(&m, &vs, &base, 'p');

    /* Predict mode: a digit between questions is not a scenario. */
    ui_keys_apply(&m, &vs, &base, '7');
    ui_keys_apply(&m, &vs, &base, '7');
    ck_assert_ptr_eq(ui_model_setup(m)->scenario, scn_find("shutdown"));
    ui_keys_apply(&m, &vs, &base, 'p');
    ck_assert(vs.quiz.on);
    for (int i = 0; i < 40 && !vs.quiz.asking; i++)
        ui_keys_apply(&m, &vs, &base, 'n');
    ck_assert(vs.quiz.asking);
    ui_keys_apply(&m, &vs, &base, '1');
    ck_assert(vs.quiz.revealed);
    for (int d = 0; d < 2; d++) {
        ui_keys_apply(&m, &vs, &base, '1'); /* the first dismisses the answer */
        ck_assert_ptr_eq(ui_model_setup(m)->scenario, scn_find("shutdown"));
    }
    ck_assert_msg(strstr(ui_model_status(m), "digits answer questions"), "%s", ui_model_status(m));
    ui_model_free(m);
}
END_TEST

/* A deadlocked run has not "finished": n and space say it hangs for ever. */
START_TEST(test_stepping_past_a_deadlock_says_it_hangs)
{
    UiSetup base = setup_for("join", SIM_PY_3_11);
    base.params.mistakes = 1u << SCN_MISTAKE_FORGET_TASK_DONE;
    UiModel *m = ui_model_new(&base);
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    ck_assert(ui_model_seek_end(m));
    ck_assert(ui_model_deadlocked(m));
    const int keys[] = {'n', ' '};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        ui_keys_apply(&m, &vs, &base, keys[k]);
        ck_assert_msg(strstr(ui_model_status(m), "Deadlocked") && !strstr(ui_model_status(m), "finished"),
                      "key %d: %s", keys[k], ui_model_status(m));
    }
    char *screen = render(m, 100, 30, true);
    ck_assert_msg(strstr(screen, "just hangs") && !strstr(screen, "has finished"), "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* r, x, Tab and the digits would lose the live changes: the first press
 * says so, the same key again does it, any other key calls it off. */
START_TEST(test_losing_live_changes_asks_first)
{
    UiModel *m = model_for("worker-pool");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    /* Nothing to lose: r acts at once. */
    ui_keys_apply(&m, &vs, &base, 'n');
    ui_keys_apply(&m, &vs, &base, 'r');
    ck_assert_uint_eq(ui_model_position(m), 0);
    for (int i = 0; i < 4; i++)
        ui_keys_apply(&m, &vs, &base, 'n');
    ui_keys_apply(&m, &vs, &base, 'M');
    ck_assert_uint_eq(ui_model_input_count(m), 1);
    const int keys[] = {'r', 'x', '\t', '3'};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        ui_keys_apply(&m, &vs, &base, keys[k]);
        ck_assert_msg(strstr(ui_model_status(m), "would be lost"), "key %d: %s", keys[k], ui_model_status(m));
        ck_assert_uint_eq(ui_model_input_count(m), 1);
        ck_assert_ptr_eq(ui_model_setup(m)->scenario, scn_find("worker-pool"));
        ck_assert_uint_eq(ui_model_setup(m)->params.mistakes, 0);
        ui_keys_apply(&m, &vs, &base, '+'); /* another key calls it off */
        ui_keys_apply(&m, &vs, &base, keys[k]);
        ck_assert_uint_eq(ui_model_input_count(m), 1);
    }
    ui_keys_apply(&m, &vs, &base, 'r');
    ui_keys_apply(&m, &vs, &base, 'r');
    ck_assert_uint_eq(ui_model_input_count(m), 0);
    ck_assert_uint_eq(ui_model_position(m), 0);
    ui_model_free(m);
}
END_TEST

/* On an unbounded queue M has no more room to give; m sets a limit at the
 * items already queued, so the next put() blocks. */
START_TEST(test_lowering_an_unbounded_maxsize_sets_a_limit)
{
    UiModel *m = model_for("join");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    SimQueue *q = scn_run_queue(ui_model_run(m));
    ck_assert_int_eq(sim_queue_maxsize(q), 0);
    for (int i = 0; i < 2; i++)
        ui_keys_apply(&m, &vs, &base, 'n');
    q = scn_run_queue(ui_model_run(m));
    size_t qsize = sim_queue_qsize(q);
    ui_keys_apply(&m, &vs, &base, 'M');
    ck_assert_msg(strstr(ui_model_status(m), "unbounded (maxsize 0) already"), "%s", ui_model_status(m));
    ck_assert_uint_eq(ui_model_input_count(m), 0);
    ui_keys_apply(&m, &vs, &base, 'm');
    ck_assert_uint_eq(ui_model_input_count(m), 1);
    ck_assert_int_eq(sim_queue_maxsize(q), qsize > 1 ? (long)qsize : 1);
    ui_model_free(m);
}
END_TEST

START_TEST(test_knob_a_scenario_lacks_is_explained)
{
    UiModel *m = model_for("priority");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    ui_keys_apply(&m, &vs, &base, 'M');
    ck_assert_msg(strstr(ui_model_status(m), "no maxsize"), "status: %s", ui_model_status(m));
    ui_keys_apply(&m, &vs, &base, 'W');
    ck_assert_msg(strstr(ui_model_status(m), "no workers"), "status: %s", ui_model_status(m));
    ck_assert_uint_eq(ui_model_input_count(m), 0);
    ui_model_free(m);
}
END_TEST

START_TEST(test_too_small_says_what_it_needs)
{
    UiModel *m = model_for("backpressure");
    char *screen = render(m, 60, 20, true);
    ck_assert_msg(strstr(screen, "at least 80x24"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "60x20"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "press q to quit"), "screen:\n%s", screen);
    free(screen);
    /* Narrower than the sentence: it wraps, the sizes whole. */
    screen = render(m, 30, 10, true);
    ck_assert_msg(strstr(screen, "80x24") && strstr(screen, "30x10"), "screen:\n%s", screen);
    free(screen);
    screen = render(m, 1, 1, true);
    free(screen);
    ui_model_free(m);
}
END_TEST

START_TEST(test_ascii_mode_draws_no_unicode)
{
    UiModel *m = model_for("worker-pool");
    for (int i = 0; i < 12; i++)
        ui_model_step(m);
    char *screen = render(m, 80, 24, false);
    for (const unsigned char *p = (const unsigned char *)screen; *p; p++)
        ck_assert_msg(*p < 0x80, "non-ASCII byte in ASCII mode:\n%s", screen);
    ck_assert_msg(strstr(screen, "+ workers "), "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

START_TEST(test_picker_lists_every_scenario_and_opens_one)
{
    UiGrid g;
    ui_grid_init(&g, 80, 24, true);
    UiViewState vs = {.screen = UI_SCREEN_PICKER, .selected = -1};
    ui_view_render(NULL, &vs, &g);
    char *screen = ui_grid_dump(&g);
    for (size_t i = 0; i < scn_count(); i++)
        ck_assert_msg(strstr(screen, scn_at(i)->name), "%s missing:\n%s", scn_at(i)->name, screen);
    free(screen);
    UiModel *m = NULL;
    UiSetup base = {.version = SIM_PY_3_11};
    snprintf(base.seed, sizeof base.seed, "0");
    ui_keys_apply(&m, &vs, &base, '3');
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(ui_model_setup(m)->scenario->name, "backpressure");
    ck_assert_int_eq(vs.screen, UI_SCREEN_DASHBOARD);
    ui_model_free(m);
    ui_grid_free(&g);
}
END_TEST

START_TEST(test_playing_runs_at_speed_times_wall_time)
{
    UiModel *m = model_for("worker-pool");
    ui_model_set_playing(m, true);
    ui_model_advance(m, 0.75); /* 1x: 0.75 s of virtual time */
    ck_assert(ui_model_time(m) >= 0.5 && ui_model_time(m) <= 0.75);
    ck_assert(ui_model_line_count(m) >= 4); /* put item-0..2 and processing */
    ui_model_faster(m);
    ui_model_faster(m); /* 5x */
    ui_model_advance(m, 0.5);
    ck_assert(ui_model_time(m) > 2.5);
    ck_assert(ui_model_time(m) <= 0.75 + 2.5);
    ui_model_free(m);
}
END_TEST

/* Switching the Python version keeps the point in the run: the same time,
 * as many steps into it, the live changes made so far still made. */
START_TEST(test_version_switch_keeps_the_point)
{
    UiModel *m = model_for("backpressure");
    for (int i = 0; i < 3; i++)
        ck_assert(ui_model_step(m));
    ck_assert(ui_model_time(m) == 0.0); /* all three at t=0 */
    ck_assert(ui_model_live(m, SCN_LIVE_MAXSIZE, 5));
    size_t at = ui_model_position(m);
    ui_model_set_version(m, SIM_PY_3_12);
    ck_assert_int_eq(ui_model_setup(m)->version, SIM_PY_3_12);
    ck_assert_uint_eq(ui_model_position(m), at);
    ck_assert_int_eq(sim_queue_maxsize(scn_run_queue(ui_model_run(m))), 5);
    /* Round trips do not drift, deeper in a run either. */
    for (int i = 0; i < 12; i++)
        ck_assert(ui_model_step(m));
    ck_assert(ui_model_time(m) > 0.0);
    at = ui_model_position(m);
    double t = ui_model_time(m);
    ui_model_set_version(m, SIM_PY_3_13);
    ui_model_set_version(m, SIM_PY_3_11);
    ck_assert_uint_eq(ui_model_position(m), at);
    ck_assert(ui_model_time(m) == t);
    ui_model_free(m);
}
END_TEST

/* The time at which a fresh run of m's setup and live changes sets the
 * shutdown Event (-1: never). */
static double event_set_time(const UiModel *m)
{
    UiModel *r = ui_model_new(ui_model_setup(m));
    ScnLive in[8];
    size_t n = ui_model_input_count(m);
    ck_assert_uint_le(n, 8);
    for (size_t i = 0; i < n; i++)
        in[i] = *ui_model_input(m, i);
    ui_model_load_inputs(r, in, n);
    double when = -1;
    while (when < 0 && ui_model_step(r))
        if (sim_event_is_set(scn_run_event(ui_model_run(r))))
            when = sim_loop_time(scn_run_loop(ui_model_run(r)));
    ui_model_free(r);
    return when;
}

/* "step" on screen is the loop callback count that --trace jsonl and
 * session files use: one n can run several callbacks (those that show
 * nothing go with the next that does), a live change is recorded at the
 * step on screen, and ':' goes to a step number in the same count. */
START_TEST(test_step_on_screen_is_the_callback_count)
{
    UiModel *m = model_for("worker-pool");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    uint64_t last = 0, skipped = 0;
    for (int i = 0; i < 30 && !skipped; i++) {
        ui_keys_apply(&m, &vs, &base, 'n');
        uint64_t now = ui_model_step_number(m);
        ck_assert_uint_gt(now, last);
        if (now > last + 1)
            skipped = last + 1; /* a callback with nothing to show */
        last = now;
    }
    ck_assert_uint_gt(skipped, 0);
    char *screen = render(m, 100, 30, true);
    char want[48];
    snprintf(want, sizeof want, "step %" PRIu64 " ", last);
    ck_assert_msg(strstr(screen, want), "no \"%s\" in:\n%s", want, screen);
    free(screen);
    ui_keys_apply(&m, &vs, &base, 'M');
    ck_assert_uint_eq(ui_model_input(m, 0)->step, last);
    ck_assert_uint_eq(ui_model_step_number(m), last);
    /* ':' to the skipped step: the position that ran it. */
    ui_keys_apply(&m, &vs, &base, 'g');
    ui_keys_apply(&m, &vs, &base, ':');
    char num[24];
    snprintf(num, sizeof num, "%" PRIu64, skipped);
    for (const char *c = num; *c; c++)
        ui_keys_apply(&m, &vs, &base, *c);
    ui_keys_apply(&m, &vs, &base, '\n');
    ck_assert_uint_gt(ui_model_step_number(m), skipped);
    ck_assert_msg(strstr(ui_model_status(m), "shows nothing of its own") ||
                      strstr(ui_model_status(m), "show nothing of their own"),
                  "%s", ui_model_status(m));
    /* ':' to the step of the live change: before it, and it says so. In
     * the timeline the ':' may be left out: a number is never a scenario. */
    snprintf(num, sizeof num, "%" PRIu64, last);
    for (const char *c = num; *c; c++)
        ui_keys_apply(&m, &vs, &base, *c);
    ui_keys_apply(&m, &vs, &base, '\n');
    ck_assert_uint_eq(ui_model_step_number(m), last);
    ck_assert_ptr_eq(ui_model_setup(m)->scenario, scn_find("worker-pool"));
    ck_assert_msg(strstr(ui_model_status(m), "before the live change made at this step"), "%s",
                  ui_model_status(m));
    /* ':' with the timeline closed opens it, with the prompt. */
    ui_keys_apply(&m, &vs, &base, 'g');
    ck_assert(!vs.timeline);
    ui_keys_apply(&m, &vs, &base, ':');
    ck_assert(vs.timeline && vs.prompt);
    ui_keys_apply(&m, &vs, &base, UI_K_ESC);
    ui_keys_apply(&m, &vs, &base, 'n');
    ck_assert_uint_eq(ui_model_step_number(m), last);
    ck_assert_int_eq(sim_queue_maxsize(scn_run_queue(ui_model_run(m))), 6);
    ui_model_free(m);
}
END_TEST

/* After playing and pausing, a step back and a step forward come back to
 * the same state (step, transcript, caption and whether it is fresh),
 * although callbacks that showed nothing ran after the last position. */
START_TEST(test_step_back_and_forward_after_playing_is_the_same)
{
    const char *names[] = {"worker-pool", "shutdown", "backpressure"};
    for (size_t k = 0; k < 3; k++) {
        UiModel *m = model_for(names[k]);
        for (int i = 0; i < 4; i++)
            ui_model_faster(m); /* 10x: several events a frame */
        unsigned seed = 7;
        for (int run = 0; run < 40; run++) {
            ui_model_set_playing(m, true);
            for (int f = 0; f < 3 && ui_model_playing(m); f++) {
                seed = seed * 1103515245u + 12345u;
                ui_model_advance(m, 0.001 + (seed >> 16) % 40 / 1000.0);
            }
            ui_model_set_playing(m, false);
            uint64_t step = ui_model_step_number(m);
            size_t lines = ui_model_line_count(m);
            double when_a, when_b;
            bool fresh = ui_model_caption_is_fresh(m, &when_a);
            char caption[600];
            snprintf(caption, sizeof caption, "%s", ui_model_caption(m));
            if (!ui_model_step_back(m))
                continue;
            ck_assert(ui_model_step(m));
            ck_assert_uint_eq(ui_model_step_number(m), step);
            ck_assert_uint_eq(ui_model_line_count(m), lines);
            ck_assert_str_eq(ui_model_caption(m), caption);
            ck_assert_msg(ui_model_caption_is_fresh(m, &when_b) == fresh, "%s at step %" PRIu64,
                          names[k], step);
        }
        ui_model_free(m);
    }
}
END_TEST

/* End, then b and n: back at the end, and it is the end (the run has
 * finished, not merely reached its last callback); a deadlock too. */
START_TEST(test_back_and_forward_at_the_end_is_still_the_end)
{
    UiModel *m = model_for("backpressure");
    ck_assert(ui_model_seek_end(m));
    ck_assert(ui_model_finished(m));
    uint64_t end = ui_model_step_number(m);
    ck_assert(ui_model_step_back(m));
    ck_assert(!ui_model_finished(m));
    ck_assert(ui_model_step(m));
    ck_assert_uint_eq(ui_model_step_number(m), end);
    ck_assert(ui_model_finished(m));
    /* Reached again by a seek from the start. */
    ck_assert(ui_model_seek(m, 0));
    ck_assert(ui_model_seek(m, ui_model_position_count(m) - 1));
    ck_assert(ui_model_finished(m));
    ui_model_free(m);

    UiSetup s = setup_for("join", SIM_PY_3_11);
    s.params.mistakes = 1u << SCN_MISTAKE_FORGET_TASK_DONE;
    m = ui_model_new(&s);
    ck_assert(ui_model_seek_end(m));
    ck_assert(ui_model_deadlocked(m));
    ck_assert(ui_model_step_back(m));
    ck_assert(ui_model_step(m));
    ck_assert(ui_model_deadlocked(m));
    ui_model_free(m);
}
END_TEST

/* A live change keeps its moment across versions: the shutdown Event set
 * at t=1.2 on 3.11 is set at t=1.2 on 3.12 too, though 3.12 reaches that
 * moment in fewer callbacks, and a round trip comes back to the same step. */
START_TEST(test_version_switch_keeps_live_changes_at_their_time)
{
    UiModel *m = model_for("shutdown");
    for (int i = 0; i < 20; i++)
        ck_assert(ui_model_step(m));
    double t = ui_model_time(m);
    ck_assert(t > 1.0 && t < 1.3);
    ck_assert(ui_model_live(m, SCN_LIVE_SET_SHUTDOWN, 0));
    uint64_t step_311 = ui_model_input(m, 0)->step;
    ck_assert(event_set_time(m) == t);
    ui_model_set_version(m, SIM_PY_3_12);
    ck_assert_msg(strstr(ui_model_status(m), "same virtual time"), "%s", ui_model_status(m));
    ck_assert(ui_model_time(m) == t);
    ck_assert(sim_event_is_set(scn_run_event(ui_model_run(m))));
    ck_assert_uint_ne(ui_model_input(m, 0)->step, step_311);
    ck_assert(event_set_time(m) == t);
    ui_model_set_version(m, SIM_PY_3_13);
    ui_model_set_version(m, SIM_PY_3_11);
    ck_assert_uint_eq(ui_model_input(m, 0)->step, step_311);
    ck_assert(event_set_time(m) == t);
    ui_model_free(m);
}
END_TEST

/* v three times comes back to the same step and screen, live changes and
 * all, although the other versions come nearest to that point at other
 * steps (3.12 has fewer positions at t=0.60 in shutdown). */
START_TEST(test_version_round_trip_is_exact)
{
    UiModel *m = model_for("shutdown");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    for (int i = 0; i < 14; i++)
        ui_keys_apply(&m, &vs, &base, 'n');
    uint64_t step = ui_model_step_number(m);
    size_t lines = ui_model_line_count(m);
    for (int i = 0; i < 3; i++)
        ui_keys_apply(&m, &vs, &base, 'v');
    ck_assert_int_eq(ui_model_setup(m)->version, SIM_PY_3_11);
    ck_assert_uint_eq(ui_model_step_number(m), step);
    ck_assert_uint_eq(ui_model_line_count(m), lines);

    /* With live changes made along the way. */
    ui_model_restart(m);
    const char *keys = "nnnnnnnnnnMnnnWnnnnnwnnnsnn";
    for (const char *k = keys; *k; k++)
        ui_keys_apply(&m, &vs, &base, *k);
    size_t n = ui_model_input_count(m);
    ck_assert_uint_ge(n, 3);
    uint64_t steps[8];
    for (size_t i = 0; i < n && i < 8; i++)
        steps[i] = ui_model_input(m, i)->step;
    step = ui_model_step_number(m);
    lines = ui_model_line_count(m);
    for (int i = 0; i < 3; i++)
        ui_keys_apply(&m, &vs, &base, 'v');
    ck_assert_uint_eq(ui_model_input_count(m), n);
    for (size_t i = 0; i < n && i < 8; i++)
        ck_assert_uint_eq(ui_model_input(m, i)->step, steps[i]);
    ck_assert_uint_eq(ui_model_step_number(m), step);
    ck_assert_uint_eq(ui_model_line_count(m), lines);
    ui_model_free(m);
}
END_TEST

/* v after a pause while playing: playing ran every callback due by the
 * clock, those that show nothing too, and the pause made that a position.
 * The other version runs everything due by then as well, the clock stays
 * where it stood, and v v v comes back to that same step. */
START_TEST(test_version_round_trip_after_playing)
{
    UiModel *m = model_for("shutdown");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    ui_model_set_playing(m, true);
    for (int i = 0; i < 16; i++)
        ui_model_advance(m, 0.033);
    ui_model_set_playing(m, false);
    double shown = ui_model_time(m), next;
    ck_assert(shown > sim_loop_time(scn_run_loop(ui_model_run(m))));
    uint64_t step = ui_model_step_number(m);
    for (int i = 0; i < 3; i++) {
        ui_keys_apply(&m, &vs, &base, 'v');
        ck_assert(ui_model_time(m) == shown);
        ck_assert(!scn_run_next_time(ui_model_run(m), &next) || next > shown);
    }
    ck_assert_int_eq(ui_model_setup(m)->version, SIM_PY_3_11);
    ck_assert_uint_eq(ui_model_step_number(m), step);
    /* Playing on from there starts from the clock shown, not the last
     * event's; and v after that keeps the new point, not the old one. */
    ui_model_set_playing(m, true);
    ck_assert(ui_model_time(m) >= shown);
    ui_model_advance(m, 0.01);
    ui_model_set_playing(m, false);
    double later = ui_model_time(m);
    ck_assert(later > shown);
    ui_keys_apply(&m, &vs, &base, 'v');
    ck_assert_msg(ui_model_time(m) == later, "%g, not %g", ui_model_time(m), later);
    ui_model_free(m);
}
END_TEST

/* A live change that another version cannot make (near the end of
 * shutdown, 3.12's workers have already left when 3.11's can still be
 * told to) is dropped there, and comes back with its version. */
START_TEST(test_version_round_trip_brings_dropped_changes_back)
{
    UiModel *m = model_for("shutdown");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    ui_model_seek_end(m);
    ui_model_step_back(m);
    ui_model_step_back(m);
    ui_keys_apply(&m, &vs, &base, 'w');
    ck_assert_uint_eq(ui_model_input_count(m), 1);
    uint64_t step = ui_model_step_number(m);
    size_t lines = ui_model_line_count(m);
    ui_keys_apply(&m, &vs, &base, 'v');
    ck_assert_msg(strstr(ui_model_status(m), "could not be made"), "%s", ui_model_status(m));
    ck_assert_uint_eq(ui_model_input_count(m), 0);
    ui_keys_apply(&m, &vs, &base, 'v');
    ui_keys_apply(&m, &vs, &base, 'v');
    ck_assert_int_eq(ui_model_setup(m)->version, SIM_PY_3_11);
    ck_assert_uint_eq(ui_model_input_count(m), 1);
    ck_assert_uint_eq(ui_model_step_number(m), step);
    ck_assert_uint_eq(ui_model_line_count(m), lines);
    ui_model_free(m);
}
END_TEST

/* v at the end of a run: the end in the other version too, and back. */
START_TEST(test_version_switch_at_the_end_stays_at_the_end)
{
    UiModel *m = model_for("join");
    ck_assert(ui_model_seek_end(m));
    uint64_t end = ui_model_step_number(m);
    ui_model_set_version(m, SIM_PY_3_12);
    ck_assert(ui_model_finished(m));
    ui_model_set_version(m, SIM_PY_3_13);
    ui_model_set_version(m, SIM_PY_3_11);
    ck_assert(ui_model_finished(m));
    ck_assert_uint_eq(ui_model_step_number(m), end);
    ui_model_free(m);
}
END_TEST

/* At the end of a run that another version has not finished by then (a
 * shutdown at t=0.3 with a 0.1 s get() timeout ends at t=0.6 on 3.11, at
 * t=1.0 on 3.12): v stands at t=0.6 there, not at the other end, and
 * comes back to the end. */
START_TEST(test_version_switch_at_the_end_keeps_the_time)
{
    UiSetup s = setup_for("shutdown", SIM_PY_3_11);
    s.params.v[SCN_PARAM_WORKERS] = 1;
    s.params.v[SCN_PARAM_SHUTDOWN_AT] = 0.3;
    s.params.v[SCN_PARAM_TIMEOUT] = 0.1;
    UiModel *m = ui_model_new(&s);
    ui_model_seek_end(m);
    double end = ui_model_time(m);
    uint64_t step = ui_model_step_number(m);
    ck_assert(ui_model_finished(m));
    ui_model_set_version(m, SIM_PY_3_12);
    ck_assert_msg(ui_model_time(m) == end, "t=%g, not %g", ui_model_time(m), end);
    ck_assert(!ui_model_finished(m));
    ui_model_set_version(m, SIM_PY_3_13);
    ui_model_set_version(m, SIM_PY_3_11);
    ck_assert(ui_model_finished(m));
    ck_assert_uint_eq(ui_model_step_number(m), step);
    ui_model_free(m);
}
END_TEST

/* main() ended by a cancel at t=0 while a timer was left: playing goes to
 * asyncio.run's end at once (the clock does not run on to the timer), and
 * the timeline of a run that ends at t=0 draws its arrow. */
START_TEST(test_playing_after_main_ended_at_time_zero)
{
    UiModel *m = model_for("shutdown");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    ui_keys_apply(&m, &vs, &base, 'n');
    ui_keys_apply(&m, &vs, &base, 'k');
    ui_model_set_playing(m, true);
    ui_model_advance(m, 0.1);
    ck_assert(ui_model_finished(m));
    ck_assert(ui_model_time(m) == 0.0);
    vs.timeline = true;
    UiGrid g;
    ui_grid_init(&g, 120, 40, true);
    ui_view_render(m, &vs, &g);
    char *screen = ui_grid_dump(&g);
    ui_grid_free(&g);
    ck_assert_msg(strstr(screen, "timeline 0..0.00s") && strstr(screen, "\xe2\x96\xb6"), "screen:\n%s",
                  screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* A scenario that needs a newer Python runs on it, and the next scenario
 * goes back to the version the user chose, not the one it needed. */
START_TEST(test_version_bump_is_for_that_scenario_only)
{
    UiModel *m = model_for("join");
    ui_model_set_version(m, SIM_PY_3_12);
    ui_model_set_scenario(m, scn_find("queue-shutdown"));
    ck_assert_int_eq(ui_model_setup(m)->version, SIM_PY_3_13);
    ck_assert_ptr_nonnull(strstr(ui_model_status(m), "stay on 3.12"));
    ui_model_set_scenario(m, scn_find("shutdown"));
    ck_assert_int_eq(ui_model_setup(m)->version, SIM_PY_3_12);
    ui_model_free(m);
    /* Opened on it from the start (aqsim queue-shutdown) the same holds. */
    m = model_for("queue-shutdown");
    ck_assert_int_eq(ui_model_setup(m)->version, SIM_PY_3_13);
    /* There v has no other version: no status line or footer offers it. */
    bool noted = false;
    while (ui_model_step(m)) {
        ck_assert_msg(!strstr(ui_model_status(m), "v switches"), "%s", ui_model_status(m));
        noted |= strstr(ui_model_status(m), "gather() of finished tasks") != NULL;
    }
    ck_assert(noted);
    char *screen = render(m, 120, 40, true);
    ck_assert_msg(!strstr(screen, "v version"), "screen:\n%s", screen);
    free(screen);
    ui_model_set_scenario(m, scn_find("join"));
    ck_assert_int_eq(ui_model_setup(m)->version, SIM_PY_3_11);
    ui_model_free(m);
}
END_TEST

/* Wrapped text that does not fit its rows ends in an ellipsis, never
 * mid-sentence without a mark; the row count says how many it needs. */
START_TEST(test_wrap_marks_cut_text)
{
    const char *text = "one two three four five six seven";
    ck_assert_int_eq(ui_grid_wrap_rows(10, text), 4);
    ck_assert_int_eq(ui_grid_wrap_rows(40, text), 1);
    UiGrid g;
    ui_grid_init(&g, 12, 3, true);
    ui_grid_clear(&g);
    ck_assert_int_eq(ui_grid_wrap(&g, 0, 0, 10, 2, UI_ROLE_TEXT, text), 2);
    char *screen = ui_grid_dump(&g);
    ck_assert_msg(strncmp(screen, "one two ", 8) == 0, "%s", screen);
    ck_assert_msg(strstr(screen, "three\xe2\x80\xa6"), "%s", screen);
    free(screen);
    ui_grid_clear(&g);
    ck_assert_int_eq(ui_grid_wrap(&g, 0, 0, 10, 4, UI_ROLE_TEXT, text), 4);
    screen = ui_grid_dump(&g);
    ck_assert_msg(!strstr(screen, "\xe2\x80\xa6"), "all of it fits, yet cut: %s", screen);
    free(screen);
    /* Names keep their ends: "slow_consumer-2" and "-3" stay apart. */
    ui_grid_clear(&g);
    ck_assert_int_eq(ui_grid_name(&g, 0, 0, 9, UI_ROLE_TEXT, "slow_consumer-2"), 9);
    ck_assert_int_eq(ui_grid_name(&g, 0, 1, 9, UI_ROLE_TEXT, "W12"), 3);
    screen = ui_grid_dump(&g);
    ck_assert_msg(strncmp(screen, "slow\xe2\x80\xa6" "er-2", 11) == 0, "%s", screen);
    ck_assert_msg(strstr(screen, "\nW12 "), "%s", screen);
    free(screen);
    ui_grid_free(&g);
}
END_TEST

/* Workers are added once the program has made its own, and get names of
 * their own: every task name in the run differs. */
START_TEST(test_added_workers_never_share_a_name)
{
    const char *names[] = {"backpressure", "worker-pool"};
    for (size_t k = 0; k < 2; k++) {
        UiModel *m = model_for(names[k]);
        /* Before the program has made its own: refused, with the reason. */
        ck_assert(!ui_model_live(m, SCN_LIVE_ADD_WORKER, 0));
        ck_assert_msg(strstr(ui_model_status(m), "not created its workers yet"), "%s",
                      ui_model_status(m));
        while (!ui_model_live(m, SCN_LIVE_ADD_WORKER, 0))
            ck_assert(ui_model_step(m));
        ck_assert(ui_model_live(m, SCN_LIVE_ADD_WORKER, 0));
        for (int i = 0; i < 10; i++)
            ui_model_step(m);
        ScnRun *run = ui_model_run(m);
        size_t n = scn_run_task_count(run);
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                ck_assert_msg(strcmp(scn_run_task_at(run, i)->name, scn_run_task_at(run, j)->name),
                              "%s: two tasks named %s", names[k], scn_run_task_at(run, i)->name);
        ui_model_free(m);
    }
}
END_TEST

/* ---- the real binary in tmux ---- */

/* A deadline for a failure to show, not a wait: passing tests return as
 * soon as the text is on screen. Generous for sanitizer builds. */
#define WAIT_MS 15000

static void expect(Tmux *t, const char *text)
{
    char *screen = NULL;
    bool ok = tmux_wait_for(t, text, WAIT_MS, &screen);
    if (!ok) {
        tmux_stop(t);
        ck_abort_msg("expected \"%s\" on screen; it shows:\n%s\n(end of screen; expected \"%s\")", text,
                     screen, text);
    }
    free(screen);
}

static void expect_gone(Tmux *t, const char *text)
{
    char *screen = NULL;
    bool ok = tmux_wait_gone(t, text, WAIT_MS, &screen);
    if (!ok) {
        tmux_stop(t);
        ck_abort_msg("expected \"%s\" to disappear; screen:\n%s\n(end of screen; still shows \"%s\")",
                     text, screen, text);
    }
    free(screen);
}

/* Press n until text appears; each press waits for the step counter. */
/* The header's step counter, as "step N " (its number in *n; -1 if no
 * whole counter shows before the deadline). */
static void header_step(Tmux *t, char *out, size_t size, int *n)
{
    *n = -1;
    for (int tries = 0; tries < 50 && *n < 0; tries++) {
        char *screen = NULL;
        tmux_wait_for(t, "x step ", WAIT_MS / 50, &screen);
        const char *at = strstr(screen, "x step ");
        if (at) {
            char *end;
            long v = strtol(at + 7, &end, 10);
            if (end > at + 7 && *end == ' ')
                *n = (int)v; /* a whole number, not one half drawn */
        }
        free(screen);
    }
    snprintf(out, size, "step %d ", *n);
}

/* Press n until text appears; each press waits for the step counter to
 * move (it counts loop callbacks: one n may run several). */
static void step_until(Tmux *t, const char *text, int max)
{
    for (int i = 1; i <= max; i++) {
        /* A frame is written in pieces: give the rest of it a moment to
         * arrive before taking one more step. */
        if (tmux_wait_for(t, text, 300, NULL))
            return;
        char step[32];
        int n;
        header_step(t, step, sizeof step, &n);
        ck_assert_int_ge(n, 0);
        tmux_send(t, "n");
        expect_gone(t, step);
    }
    expect(t, text);
}

START_TEST(test_tmux_backpressure_block_back_raise_add_resize)
{
    if (!tmux_available())
        return;
    Tmux t;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s backpressure", tmux_aqsim());
    ck_assert(tmux_start(&t, 80, 24, cmd));
    expect(&t, "backpressure \xc2\xb7 Python");
    expect(&t, "paused");
    step_until(&t, "BLOCKED in put(", 30);
    expect(&t, "FULL");
    /* Step back: the counter goes down and the producer is not blocked. */
    char was[32];
    int step;
    header_step(&t, was, sizeof was, &step);
    ck_assert_int_gt(step, 0);
    tmux_send(&t, "b");
    expect_gone(&t, was);
    char now[32];
    int back;
    header_step(&t, now, sizeof now, &back);
    ck_assert_int_lt(back, step);
    ck_assert_int_ge(back, 0);
    expect_gone(&t, "BLOCKED in put(");
    tmux_send(&t, "n");
    expect(&t, "BLOCKED in put(");
    /* Raise maxsize: the blocked put() is released. */
    tmux_send(&t, "M");
    expect(&t, "maxsize is now 4");
    expect_gone(&t, "BLOCKED in put(");
    expect(&t, "maxsize=4");
    /* Add a worker. */
    tmux_send(&t, "W");
    expect(&t, "added worker slow_consumer-2");
    /* Too small, then back. */
    tmux_resize(&t, 60, 20);
    expect(&t, "at least 80x24");
    tmux_resize(&t, 80, 24);
    expect(&t, "backpressure \xc2\xb7 Python");
    tmux_send(&t, "q");
    tmux_stop(&t);
}
END_TEST

START_TEST(test_tmux_picker_opens_a_scenario)
{
    if (!tmux_available())
        return;
    Tmux t;
    ck_assert(tmux_start(&t, 80, 24, tmux_aqsim()));
    expect(&t, "Pick a scenario");
    expect(&t, "queue-shutdown");
    tmux_send(&t, "Down Down Down Enter");
    expect(&t, "worker-pool \xc2\xb7 Python");
    tmux_send(&t, "?");
    expect(&t, "lesson mode");
    tmux_send(&t, "?");
    expect(&t, "Quick reference");
    expect(&t, "PriorityQueue   by priority");
    tmux_send(&t, "x");
    expect_gone(&t, "Quick reference");
    tmux_send(&t, "q");
    tmux_stop(&t);
}
END_TEST

/* The colour of the SGR escapes in force at p: the last foreground code
 * (30-37, 39) before it in a styled capture, or -1. */
static int fg_before(const char *screen, const char *p)
{
    int fg = -1;
    for (const char *q = screen; q < p; q++) {
        if (q[0] != '\033' || q[1] != '[')
            continue;
        int code = 0;
        for (q += 2; q < p && *q != 'm'; q++) {
            if (*q >= '0' && *q <= '9') {
                code = code * 10 + (*q - '0');
                continue;
            }
            if ((code >= 30 && code <= 39) || code == 0)
                fg = code == 0 ? 39 : code;
            code = 0;
        }
        if ((code >= 30 && code <= 39) || code == 0)
            fg = code == 0 ? 39 : code;
    }
    return fg;
}

/* In a UTF-8 terminal the box lines and the state glyphs keep their
 * colours (blue borders, a cyan "next" arrow), as the ASCII cells do. */
START_TEST(test_tmux_glyphs_keep_their_colours)
{
    if (!tmux_available())
        return;
    Tmux t;
    ck_assert(tmux_start(&t, 80, 24, tmux_aqsim()));
    expect(&t, "Pick a scenario");
    tmux_send(&t, "3");
    expect(&t, "backpressure \xc2\xb7 Python");
    char *s = tmux_screen_styled(&t);
    tmux_send(&t, "q");
    tmux_stop(&t);
    const char *corner = strstr(s, "\xe2\x94\x8c"); /* the first box's corner */
    const char *arrow = strstr(s, "\xe2\x96\xb6");  /* next▶ */
    ck_assert_msg(corner && arrow, "%s", s);
    ck_assert_int_eq(fg_before(s, corner), 34);
    ck_assert_int_eq(fg_before(s, arrow), 36);
    free(s);
}
END_TEST

/* A shell in a w x h pane running "aqsim worker-pool", with more of the
 * command line before and after it, once the dashboard is on screen. */
static void shell_dashboard(Tmux *t, int w, int h, const char *before, const char *after)
{
    ck_assert(tmux_start(t, w, h, "sh"));
    char line[1400];
    snprintf(line, sizeof line, "%s%s worker-pool%s", before, tmux_aqsim(), after);
    tmux_type(t, line);
    tmux_send(t, "Enter");
    expect(t, "worker-pool \xc2\xb7 Python");
}

/* The end of a run opens the stats summary, once; with the timeline open
 * (which shows the whole run already) it stays out of the way. */
START_TEST(test_tmux_end_of_run_summary)
{
    if (!tmux_available())
        return;
    Tmux t;
    ck_assert(tmux_start(&t, 100, 30, tmux_aqsim()));
    tmux_send(&t, "4"); /* worker-pool */
    expect(&t, "worker-pool \xc2\xb7 Python");
    tmux_send(&t, "End");
    expect(&t, "(end of run)");
    tmux_send(&t, "Home");
    expect(&t, "at the start");
    tmux_send(&t, "g");
    expect(&t, "timeline 0..");
    tmux_send(&t, "End");
    expect(&t, "now t=3.26s");
    char *screen = tmux_screen(&t);
    ck_assert_msg(!strstr(screen, "stats at t="), "%s", screen);
    free(screen);
    tmux_send(&t, "q");
    tmux_stop(&t);
}
END_TEST

/* Too small to draw, with the help overlay open: q still quits at once
 * (it is not taken by the overlay hidden behind the message). */
START_TEST(test_tmux_q_quits_when_too_small)
{
    if (!tmux_available())
        return;
    Tmux t;
    shell_dashboard(&t, 100, 30, "", "; echo after\"-\"aqsim");
    tmux_send(&t, "?");
    expect(&t, "? again: the tutorial's quick reference");
    tmux_resize(&t, 60, 15);
    expect(&t, "at least 80x24");
    tmux_send(&t, "q");
    expect(&t, "after-aqsim");
    tmux_stop(&t);
}
END_TEST

/* Resized while stopped (^Z), where no SIGWINCH reaches it: fg redraws
 * for the new size, not the old one. */
START_TEST(test_tmux_resize_while_stopped)
{
    if (!tmux_available())
        return;
    Tmux t;
    shell_dashboard(&t, 100, 30, "", "");
    tmux_send(&t, "C-z");
    expect_gone(&t, "worker-pool \xc2\xb7 Python");
    expect(&t, "Stopped"); /* the shell is back in its own modes */
    tmux_resize(&t, 90, 26);
    tmux_type(&t, "fg");
    tmux_send(&t, "Enter");
    expect(&t, "worker-pool \xc2\xb7 Python");
    expect(&t, "? help q quit");
    char *screen = tmux_screen(&t);
    const char *nl = strchr(screen, '\n');
    ck_assert_msg(nl && strstr(screen, "? help") < nl, "header cut:\n%s", screen);
    free(screen);
    tmux_send(&t, "q");
    tmux_stop(&t);
}
END_TEST

/* Run aqsim from a shell in the pane, end it with `how`, and check the
 * shell's terminal settings are what they were before.  The verdict line is
 * quoted so that the typed command never contains it: the shell's echo of
 * the command must not pass for the verdict. */
static void check_restored(const char *how)
{
    Tmux t;
    shell_dashboard(&t, 80, 24, "stty -g > /tmp/aqsim-tty-$$.a; ", "");
    tmux_send(&t, "space"); /* playing: the exit must work mid-animation too */
    if (strcmp(how, "q") == 0) {
        tmux_send(&t, "q");
    } else if (strcmp(how, "C-c") == 0) {
        tmux_send(&t, "C-c");
    } else {
        int pid = tmux_child_pid(&t);
        ck_assert_int_gt(pid, 0);
        kill(pid, strcmp(how, "TERM") == 0 ? SIGTERM : SIGHUP);
    }
    /* aqsim dies of the signal, and after a SIGINT the shell drops the rest
     * of that command line: the check is a command of its own, typed once
     * the dashboard has gone. */
    expect_gone(&t, "worker-pool \xc2\xb7 Python");
    tmux_type(&t, "stty -g > /tmp/aqsim-tty-$$.b; cmp -s /tmp/aqsim-tty-$$.a /tmp/aqsim-tty-$$.b && "
                  "r=SAME || r=DIFF; echo tty-verdict:\" $r\"; rm -f /tmp/aqsim-tty-$$.a /tmp/aqsim-tty-$$.b");
    tmux_send(&t, "Enter");
    char *screen = NULL;
    bool done = tmux_wait_for(&t, "tty-verdict: ", WAIT_MS, &screen);
    tmux_stop(&t);
    ck_assert_msg(done, "%s: aqsim did not exit; screen:\n%s", how, screen);
    ck_assert_msg(strstr(screen, "tty-verdict: SAME"), "%s: terminal not restored; screen:\n%s", how,
                  screen);
    ck_assert_msg(!strstr(screen, "worker-pool \xc2\xb7 Python"),
                  "%s: the dashboard is still on screen:\n%s", how, screen);
    free(screen);
}

START_TEST(test_tmux_terminal_restored_on_every_exit)
{
    if (!tmux_available())
        return;
    check_restored("q");
    check_restored("C-c");
    check_restored("TERM");
    check_restored("HUP");
}
END_TEST

/* A terminal can vanish without a SIGHUP (aqsim in its own session, the
 * pty's other end closed): the dashboard must notice and leave, not spin
 * on a tty that reads as ready for ever. */
/* Read what the pty has within ms into seen (kept as text from *len on,
 * starting over when full, with the last bytes kept so that a marker cut
 * there is still found); false if nothing came. */
static bool pty_read(int master, char *seen, size_t size, size_t *len, int ms)
{
    char buf[4096];
    struct pollfd pfd = {master, POLLIN, 0};
    if (poll(&pfd, 1, ms) != 1)
        return false;
    ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0)
        return false;
    if (*len + (size_t)n >= size) {
        size_t keep = *len < 64 ? *len : 64;
        memmove(seen, seen + *len - keep, keep);
        *len = keep;
    }
    size_t take = (size_t)n < size - 1 - *len ? (size_t)n : size - 1 - *len;
    for (size_t i = 0; i < take; i++)
        seen[(*len)++] = buf[i] ? buf[i] : ' ';
    seen[*len] = '\0';
    return true;
}

/* aqsim's dashboard on a new pty, in a session of its own; returns its pid
 * once it has drawn its header, the pty's master in *master and what it
 * wrote so far in seen. */
static pid_t pty_dashboard(int *master, char *seen, size_t size, bool nohup, const char *record)
{
    *master = posix_openpt(O_RDWR | O_NOCTTY);
    ck_assert_int_ge(*master, 0);
    ck_assert(grantpt(*master) == 0 && unlockpt(*master) == 0);
    char slave_name[128];
    snprintf(slave_name, sizeof slave_name, "%s", ptsname(*master));
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        setsid(); /* a new session with no controlling terminal: no SIGHUP */
        int fd = open(slave_name, O_RDWR | O_NOCTTY);
        if (fd < 0)
            _exit(126);
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        close(*master);
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        if (nohup)
            signal(SIGHUP, SIG_IGN);
        setenv("TERM", "xterm", 1);
        if (record)
            execl(tmux_aqsim(), "aqsim", "backpressure", "--record", record, (char *)NULL);
        else
            execl(tmux_aqsim(), "aqsim", "backpressure", (char *)NULL);
        _exit(127);
    }
    size_t len = 0;
    seen[0] = '\0';
    while (!strstr(seen, "backpressure"))
        if (!pty_read(*master, seen, size, &len, 10000)) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            ck_abort_msg("no dashboard on the pty within 10 s; it showed: %s", seen);
        }
    return pid;
}

/* Wait up to 10 s for pid to end; its wait status. */
static int pty_wait(pid_t pid)
{
    int status = 0;
    pid_t r = 0;
    for (int i = 0; i < 1000 && r == 0; i++) {
        r = waitpid(pid, &status, WNOHANG);
        if (r == 0)
            poll(NULL, 0, 10);
    }
    if (r == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    ck_assert_msg(r == pid, "aqsim still running 10 s later");
    return status;
}

/* aqsim with args on a new pty: everything it wrote there until it
 * ended (into out), and its wait status. */
static int pty_run(const char *const *args, char *out, size_t size)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    ck_assert_int_ge(master, 0);
    ck_assert(grantpt(master) == 0 && unlockpt(master) == 0);
    char slave_name[128];
    snprintf(slave_name, sizeof slave_name, "%s", ptsname(master));
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        setsid();
        int fd = open(slave_name, O_RDWR | O_NOCTTY);
        if (fd < 0)
            _exit(126);
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        close(master);
        setenv("TERM", "xterm", 1);
        execv(tmux_aqsim(), (char *const *)args);
        _exit(127);
    }
    size_t len = 0;
    out[0] = '\0';
    while (pty_read(master, out, size, &len, 5000))
        ;
    close(master);
    return pty_wait(pid);
}

START_TEST(test_pty_closed_without_sighup_ends_the_dashboard)
{
    if (!tmux_available()) /* AQSIM_SKIP_TERMINAL=1 leaves out the terminal tests */
        return;
    int master;
    char seen[8192];
    pid_t pid = pty_dashboard(&master, seen, sizeof seen, false, NULL);
    close(master);
    /* Paused, it blocks in poll(): only the hang-up can end it, as if
     * SIGHUP had come. */
    int status = pty_wait(pid);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGHUP, "exit status %d, signal %d",
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    /* Under nohup (SIGHUP ignored) it still leaves, with the status a
     * hang-up has, but SIGHUP does not kill it. */
    pid = pty_dashboard(&master, seen, sizeof seen, true, NULL);
    close(master);
    status = pty_wait(pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGHUP, "nohup: exit status %d, signal %d",
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
END_TEST

/* A --cast file that cannot be written is refused before the dashboard
 * takes the screen: no alternate screen flashes up and away. */
START_TEST(test_pty_unwritable_cast_refused_before_the_screen)
{
    if (!tmux_available())
        return;
    const char *const args[] = {"aqsim", "worker-pool", "--cast", "/nonexistent/x.cast", NULL};
    char out[8192];
    int status = pty_run(args, out, sizeof out);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %d", status);
    ck_assert_msg(strstr(out, "cannot write /nonexistent/x.cast") && !strstr(out, "\033[?1049h"), "%s", out);
}
END_TEST

/* Ended by a signal, the dashboard restores the terminal and then dies of
 * that signal (a script running it stops, as for any program): SIGTERM
 * after a clean close, SIGQUIT (^\\) at once, leaving the alternate
 * screen either way. */
START_TEST(test_pty_signals_end_the_dashboard_as_themselves)
{
    if (!tmux_available())
        return;
    const int sigs[] = {SIGTERM, SIGINT, SIGQUIT};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        int master;
        char seen[8192];
        pid_t pid = pty_dashboard(&master, seen, sizeof seen, false, NULL);
        kill(pid, sigs[i]);
        size_t len = 0;
        seen[0] = '\0';
        while (!strstr(seen, "\033[?1049l") && pty_read(master, seen, sizeof seen, &len, 10000))
            ;
        int status = pty_wait(pid);
        close(master);
        ck_assert_msg(strstr(seen, "\033[?1049l"), "signal %d: alternate screen not left", sigs[i]);
        ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i], "signal %d: exit %d, signal %d",
                      sigs[i], WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                      WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    }
}
END_TEST

/* A second quit signal while the first waits to be handled (the dashboard
 * busy in a long replay: here, stopped) ends aqsim at once, terminal
 * restored, without the clean close: the session file is not written. One
 * alone ends it cleanly, the file written. */
START_TEST(test_pty_second_quit_signal_ends_at_once)
{
    if (!tmux_available())
        return;
    for (int twice = 0; twice < 2; twice++) {
        char record[] = "/tmp/aqsim-force-XXXXXX";
        int fd = mkstemp(record);
        ck_assert_int_ge(fd, 0);
        close(fd);
        unlink(record);
        int master;
        char seen[8192];
        pid_t pid = pty_dashboard(&master, seen, sizeof seen, false, record);
        kill(pid, SIGSTOP);
        if (twice)
            kill(pid, SIGHUP);
        kill(pid, SIGINT);
        kill(pid, SIGCONT);
        size_t len = 0;
        seen[0] = '\0';
        while (!strstr(seen, "\033[?1049l") && pty_read(master, seen, sizeof seen, &len, 10000))
            ;
        int status = pty_wait(pid);
        close(master);
        ck_assert_msg(strstr(seen, "\033[?1049l"), "alternate screen not left");
        /* Dead of a quit signal (which of the two runs its handler last is
         * the kernel's business). */
        ck_assert_msg(WIFSIGNALED(status) && (WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGHUP),
                      "exit %d, signal %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                      WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        ck_assert_msg((access(record, F_OK) == 0) == !twice, "%s: session file %s", twice ? "twice" : "once",
                      twice ? "written" : "missing");
        unlink(record);
    }
}
END_TEST

/* A replayed session recorded again with one more live change: the new
 * file has the old change and the new one (--replay and --record together,
 * in the dashboard). */
START_TEST(test_tmux_rerecord_a_replayed_session)
{
    if (!tmux_available())
        return;
    char session[] = "/tmp/aqsim-rerecord-XXXXXX";
    int fd = mkstemp(session);
    ck_assert_int_ge(fd, 0);
    const char text[] = "# aqsim session 1\nscenario backpressure\nlive 2 maxsize 5\n";
    ck_assert(write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
    close(fd);
    char out[64], cmd[1200];
    snprintf(out, sizeof out, "%s.new", session);
    snprintf(cmd, sizeof cmd, "%s --replay %s --record %s", tmux_aqsim(), session, out);
    Tmux t;
    ck_assert(tmux_start(&t, 100, 30, cmd));
    expect(&t, "backpressure \xc2\xb7 Python");
    for (int i = 0; i < 4; i++) {
        tmux_send(&t, "n");
        expect(&t, "paused");
    }
    tmux_send(&t, "W");
    expect(&t, "added worker");
    tmux_send(&t, "q");
    /* The file is written on the way out: poll for it, with a deadline. */
    char *saved = NULL;
    for (int i = 0; i < 750 && !(saved && strstr(saved, "add-worker")); i++) {
        free(saved);
        saved = test_read_file(out, NULL);
        if (!(saved && strstr(saved, "add-worker")))
            poll(NULL, 0, 20);
    }
    tmux_stop(&t);
    ck_assert_msg(saved && strstr(saved, "maxsize 5") && strstr(saved, "add-worker"), "%s",
                  saved ? saved : "(no file)");
    free(saved);
    remove(out);
    remove(session);
}
END_TEST

START_TEST(test_tmux_suspend_and_resume_redraws)
{
    if (!tmux_available())
        return;
    Tmux t;
    ck_assert(tmux_start(&t, 80, 24, "sh"));
    char line[1024];
    snprintf(line, sizeof line, "%s join", tmux_aqsim());
    tmux_type(&t, line);
    tmux_send(&t, "Enter");
    expect(&t, "join \xc2\xb7 Python");
    tmux_send(&t, "C-z");
    expect_gone(&t, "join \xc2\xb7 Python");
    /* The screen is left before the terminal's modes are restored: wait
     * for the shell's job message, so "fg" reaches a shell in its own
     * modes. */
    expect(&t, "Stopped");
    tmux_type(&t, "fg");
    tmux_send(&t, "Enter");
    expect(&t, "join \xc2\xb7 Python");
    tmux_send(&t, "n");
    expect(&t, "step 1 ");
    tmux_send(&t, "q");
    tmux_stop(&t);
}
END_TEST


/* --big in a real terminal at the projector's size: the blocked producer
 * after one step, and the help naming what --big leaves out. */
START_TEST(test_tmux_big_layout)
{
    if (!tmux_available())
        return;
    Tmux t;
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "%s backpressure --big", tmux_aqsim());
    ck_assert(tmux_start(&t, 100, 30, cmd));
    expect(&t, "backpressure  t = 0.0 s  paused");
    tmux_send(&t, "n");
    expect(&t, "BLOCKED in put()");
    expect(&t, "slow_consumer");
    expect(&t, "qsize  FULL");
    tmux_send(&t, "?");
    expect(&t, "with --big, c t g need the normal layout");
    tmux_send(&t, "Escape");
    expect_gone(&t, "with --big");
    tmux_send(&t, "q");
    tmux_stop(&t);
}
END_TEST

/* Stale LINES/COLUMNS in the environment (left by a shell or a CI runner)
 * must not win over the terminal's real size. */
START_TEST(test_tmux_size_comes_from_the_terminal_not_the_environment)
{
    if (!tmux_available())
        return;
    Tmux t;
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "env LINES=50 COLUMNS=200 %s join", tmux_aqsim());
    ck_assert(tmux_start(&t, 80, 24, cmd));
    expect(&t, "join \xc2\xb7 Python");
    expect(&t, "? help q quit");
    tmux_send(&t, "q");
    tmux_stop(&t);
}
END_TEST


/* ---- teaching tools: captions, lesson mode, predict, why, mistakes ---- */

static UiModel *model_with(const char *name, unsigned mistakes)
{
    UiModel *m = model_for(name);
    if (mistakes)
        ui_model_set_mistakes(m, mistakes);
    return m;
}

/* Step until the caption contains text; fails after max steps. */
/* Step to the end: no caption on the way says text. */
static void never_caption(UiModel *m, const char *text)
{
    while (ui_model_step(m))
        ck_assert_msg(!strstr(ui_model_caption(m), text), "%s", ui_model_caption(m));
}

static void step_until_caption(UiModel *m, const char *text, int max)
{
    for (int i = 0; i < max; i++) {
        if (strstr(ui_model_caption(m), text))
            return;
        if (!ui_model_step(m))
            break;
    }
    ck_abort_msg("no caption with \"%s\"; last caption: \"%s\"", text, ui_model_caption(m));
}

/* Retiring a worker that has not reached get() yet: it is not "idle in
 * get()"; it leaves when it gets there. */
START_TEST(test_caption_retire_before_first_get)
{
    UiModel *m = model_for("backpressure");
    step_until_blocked(m);
    ck_assert(ui_model_live(m, SCN_LIVE_ADD_WORKER, 0));
    ScnRun *run = ui_model_run(m);
    long added = (long)scn_run_task_count(run) - 1;
    ck_assert_str_eq(scn_run_task_at(run, (size_t)added)->name, "slow_consumer-2");
    ck_assert(ui_model_live(m, SCN_LIVE_RETIRE_WORKER, added));
    ck_assert_msg(strstr(ui_model_caption(m), "it leaves before its next get()"), "caption: %s",
                  ui_model_caption(m));
    ui_model_free(m);
}
END_TEST

/* A worker a put() has just woken is not idle any more: retiring it does
 * not cancel it, it takes its item first, and the caption says so. */
START_TEST(test_caption_retire_woken_worker)
{
    UiModel *m = model_for("worker-pool");
    for (int i = 0; i < 40; i++) {
        size_t n = ui_model_line_count(m);
        if (n && strstr(ui_model_line(m, n - 1), "put item-0"))
            break;
        ck_assert(ui_model_step(m));
    }
    ScnRun *run = ui_model_run(m);
    long w0 = -1;
    for (size_t i = 0; i < scn_run_task_count(run); i++)
        if (strcmp(scn_run_task_at(run, i)->name, "W0") == 0)
            w0 = (long)i;
    ck_assert_int_ge(w0, 0);
    ck_assert(sim_task_is_ready(scn_run_task_at(run, (size_t)w0))); /* woken by the put */
    ck_assert(ui_model_live(m, SCN_LIVE_RETIRE_WORKER, w0));
    ck_assert_msg(!strstr(ui_model_caption(m), "cancelled"), "caption: %s", ui_model_caption(m));
    bool processed = false;
    while (ui_model_step(m) && !processed)
        for (size_t i = 0; i < ui_model_line_count(m); i++)
            processed |= strstr(ui_model_line(m, i), "[W0] processing item-0") != NULL;
    ck_assert(processed);
    ui_model_free(m);
}
END_TEST

START_TEST(test_caption_first_blocked_put_is_backpressure)
{
    UiModel *m = model_for("backpressure");
    step_until_caption(m, "put(3) waits: qsize == maxsize (3)", 40);
    ck_assert(strstr(ui_model_caption(m), "backpressure"));
    step_until_caption(m, "freed a slot: it wakes main", 40);
    ui_model_free(m);
}
END_TEST

/* Over capacity after a live shrink, a get() wakes the blocked putter but
 * frees no slot: the caption says so rather than "freed a slot". */
START_TEST(test_caption_get_below_a_shrunk_maxsize)
{
    UiModel *m = model_for("backpressure");
    step_until_caption(m, "put(3) waits", 40);
    ck_assert(ui_model_live(m, SCN_LIVE_MAXSIZE, 1));
    step_until_caption(m, "yet qsize 2 is still >= maxsize 1: it wakes main anyway", 40);
    ck_assert(!strstr(ui_model_caption(m), "freed a slot"));
    ui_model_free(m);
}
END_TEST

/* Retiring says what happens: an idle worker leaves at once, a busy one
 * after its item. */
static long worker_at(ScnRun *run, bool holding)
{
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        const SimTask *t = scn_run_task_at(run, i);
        if (t->role == SCN_ROLE_WORKER && !sim_future_done(&t->fut) && !t->retire_requested &&
            sim_value_is_none(&t->holding) != holding)
            return (long)i;
    }
    return -1;
}

START_TEST(test_caption_retire_idle_or_busy)
{
    UiModel *m = model_for("worker-pool");
    step_until_caption(m, "waits in get(): the queue is empty", 40);
    long idle = worker_at(ui_model_run(m), false);
    ck_assert_int_ge(idle, 0);
    ck_assert(ui_model_live(m, SCN_LIVE_RETIRE_WORKER, idle));
    ck_assert_msg(strstr(ui_model_caption(m), "idle in get(), it is cancelled there"), "%s",
                  ui_model_caption(m));
    long busy = -1;
    for (int i = 0; i < 60 && busy < 0; i++) {
        ck_assert(ui_model_step(m));
        busy = worker_at(ui_model_run(m), true);
    }
    ck_assert_int_ge(busy, 0);
    ck_assert(ui_model_live(m, SCN_LIVE_RETIRE_WORKER, busy));
    ck_assert_msg(strstr(ui_model_caption(m), "finishes its item and leaves"), "%s",
                  ui_model_caption(m));
    ui_model_free(m);
}
END_TEST

/* Why? on a worker cancelled mid-item, before it has run again: the
 * pending CancelledError and the item that will never be task_done(). */
START_TEST(test_why_cancelled_worker_before_it_runs)
{
    UiModel *m = model_for("worker-pool");
    long busy = -1;
    for (int i = 0; i < 60 && busy < 0; i++) {
        ck_assert(ui_model_step(m));
        busy = worker_at(ui_model_run(m), true);
    }
    ck_assert_int_ge(busy, 0);
    ck_assert(ui_model_live(m, SCN_LIVE_CANCEL_WORKER, busy));
    ScnRun *run = ui_model_run(m);
    char why[600];
    explain_task(run, scn_run_task_at(run, (size_t)busy), why, sizeof why);
    ck_assert_msg(strstr(why, "cancel() pending"), "%s", why);
    ck_assert_msg(strstr(why, "will never be task_done(), and join() can never return"), "%s", why);
    ui_model_free(m);
}
END_TEST

/* A step back shows the caption that stepping forward showed there, with
 * the same time: replay narrates exactly as stepping does. */
START_TEST(test_step_back_keeps_the_captions)
{
    const char *names[] = {"backpressure", "shutdown", "retry"};
    for (size_t k = 0; k < 3; k++) {
        UiModel *m = model_for(names[k]);
        enum { N = 40 };
        static char caps[N + 1][520];
        static double when[N + 1];
        static bool fresh[N + 1];
        int n = 0;
        do {
            snprintf(caps[n], sizeof caps[n], "%s", ui_model_caption(m));
            fresh[n] = ui_model_caption_is_fresh(m, &when[n]);
            n++;
        } while (n <= N && ui_model_step(m));
        for (int i = n - 2; i >= 0; i--) {
            ck_assert(ui_model_step_back(m));
            double w;
            bool f = ui_model_caption_is_fresh(m, &w);
            ck_assert_msg(strcmp(ui_model_caption(m), caps[i]) == 0,
                          "%s, back at position %d: \"%s\", forward it was \"%s\"", names[k], i,
                          ui_model_caption(m), caps[i]);
            ck_assert_msg(f == fresh[i] && (caps[i][0] == '\0' || w == when[i]),
                          "%s, position %d: caption time differs", names[k], i);
        }
        ui_model_free(m);
    }
}
END_TEST

/* 3.11's wait_for: a consumer waits with an item queued. Neither the
 * caption nor why? may call the queue empty then. */
START_TEST(test_inner_get_is_not_an_empty_queue)
{
    UiModel *m = model_for("shutdown");
    step_until_caption(m, "though the queue holds 1", 20);
    ScnRun *run = ui_model_run(m);
    ck_assert_uint_gt(sim_queue_qsize(scn_run_queue(run)), 0);
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        const SimTask *t = scn_run_task_at(run, i);
        if (t->role != SCN_ROLE_WORKER)
            continue;
        char why[600];
        explain_task(run, t, why, sizeof why);
        ck_assert_msg(!strstr(why, "the queue is empty"), "%s", why);
    }
    ui_model_free(m);
}
END_TEST

/* shutdown's consumers wait in wait_for(get(), timeout): the caption says
 * so, and what the timeout is for. */
START_TEST(test_caption_idle_get_with_timeout)
{
    UiModel *m = model_for("shutdown");
    step_until_caption(m, "waits in wait_for(queue.get(), timeout=1.0): the queue is empty", 60);
    ck_assert(strstr(ui_model_caption(m), "TimeoutError lets it check the shutdown Event"));
    ui_model_free(m);
    /* On 3.11 the others began waiting while the queue held an item: the
     * caption comes when the last item is taken, not at their timeout. */
    UiSetup s = setup_for("shutdown", SIM_PY_3_11);
    s.params.v[SCN_PARAM_WORKERS] = 3;
    s.params.v[SCN_PARAM_TIMEOUT] = 0.2;
    m = ui_model_new(&s);
    step_until_caption(m, "W2 waits in wait_for(queue.get(), timeout=0.2): the queue is empty", 20);
    ck_assert(ui_model_time(m) == 0.0);
    ui_model_free(m);
}
END_TEST

START_TEST(test_caption_join_waits_then_returns)
{
    UiModel *m = model_for("join");
    step_until_caption(m, "main waits in join(): 5 items put", 40);
    step_until_caption(m, "resumes and returns in the next loop pass", 80);
    /* Then main cancels the consumer that waits on the empty queue. */
    step_until_caption(m, "main cancels consumer: a consumer loops forever", 10);
    ui_model_free(m);
    /* With a pool, main cancels them all in that step, and the caption says
     * so; it fits the caption bar at 80x24. */
    m = model_for("worker-pool");
    step_until_caption(m, "main cancels W0 and the 2 other workers:", 200);
    char *screen = render(m, 80, 24, true);
    ck_assert_msg(strstr(screen, "await queue.get()."), "%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* gather-workers: the deadlock's "why?" for main names the mistake and
 * what join() would have done. */
START_TEST(test_gather_workers_mistake_is_explained)
{
    UiSetup s = setup_for("pool-stats", SIM_PY_3_11);
    s.params.mistakes = 1u << SCN_MISTAKE_GATHER_WORKERS;
    UiModel *m = ui_model_new(&s);
    ck_assert(ui_model_seek_end(m));
    ck_assert(ui_model_deadlocked(m));
    char why[1200];
    explain_task(ui_model_run(m), scn_run_task_at(ui_model_run(m), 0), why, sizeof why);
    ck_assert_msg(strstr(why, "gather-workers mistake") && strstr(why, "would have returned already"), "%s",
                  why);
    ui_model_free(m);
    /* k on a worker holding an item: main will await gather() of the
     * workers, which raises: not "join() can never return". */
    s = setup_for("worker-pool", SIM_PY_3_11);
    s.params.mistakes = 1u << SCN_MISTAKE_GATHER_WORKERS;
    m = ui_model_new(&s);
    long busy = -1;
    while (busy < 0 && ui_model_step(m))
        for (size_t i = 0; i < scn_run_task_count(ui_model_run(m)); i++)
            if (!sim_value_is_none(&scn_run_task_at(ui_model_run(m), i)->holding))
                busy = (long)i;
    ck_assert_int_ge(busy, 0);
    ck_assert(ui_model_live(m, SCN_LIVE_CANCEL_WORKER, busy));
    ck_assert_msg(strstr(ui_model_caption(m), "gather()") && !strstr(ui_model_caption(m), "join() can never"),
                  "%s", ui_model_caption(m));
    ui_model_free(m);
}
END_TEST

/* Equal priorities: the caption says heapq is not stable (the tutorial's
 * output reads as if ties kept put order). Tuples that differ past the
 * priority (retry's) are no tie. */
START_TEST(test_priority_tie_is_explained)
{
    UiModel *m = model_for("priority");
    step_until_caption(m, "p1 critical-alert comes first: get() returns the smallest (heapq). p1 "
                          "critical-payment ties with it, and heapq is not stable", 3);
    ui_model_free(m);
    UiSetup s = setup_for("retry", SIM_PY_3_11);
    s.params.v[SCN_PARAM_ITEMS] = 12;
    m = ui_model_new(&s);
    never_caption(m, "ties with it");
    ui_model_free(m);
}
END_TEST

/* With --mistake unbounded the bar tells of the mistake, not of the
 * program done right, and the put() that would have waited is a moment. */
START_TEST(test_unbounded_mistake_says_the_producer_ran_ahead)
{
    UiSetup s = setup_for("backpressure", SIM_PY_3_11);
    s.params.mistakes = 1u << SCN_MISTAKE_UNBOUNDED;
    UiModel *m = ui_model_new(&s);
    char *screen = render(m, 100, 30, true);
    ck_assert_msg(strstr(screen, "Mistake mode") && strstr(screen, "nothing holds the producer back"),
                  "%s", screen);
    ck_assert_msg(!strstr(screen, "When qsize reaches maxsize, put() waits"), "%s", screen);
    free(screen);
    step_until_caption(m, "put(3) did not wait, though the queue already held the maxsize=3 the program has without", 5);
    ui_model_free(m);
    /* The maxsize asked for, not the scenario's default (x turns the
     * mistake on over a --maxsize). */
    s.params.mistakes = 0;
    s.params.v[SCN_PARAM_MAXSIZE] = 1;
    m = ui_model_new(&s);
    ui_model_set_mistakes(m, 1u << SCN_MISTAKE_UNBOUNDED);
    step_until_caption(m, "put(1) did not wait, though the queue already held the maxsize=1", 5);
    ui_model_free(m);
    /* The unbounded mistake does not change the end: main still cancels the
     * idle workers, and the caption says so. */
    s = setup_for("worker-pool", SIM_PY_3_11);
    s.params.mistakes = 1u << SCN_MISTAKE_UNBOUNDED;
    m = ui_model_new(&s);
    step_until_caption(m, "main cancels W0 and the 2 other workers", 200);
    ui_model_free(m);
    /* A live maxsize ends the mistake's unbounded queue: no such caption. */
    s = setup_for("worker-pool", SIM_PY_3_11);
    s.params.mistakes = 1u << SCN_MISTAKE_UNBOUNDED;
    s.params.v[SCN_PARAM_WORKERS] = 1;
    s.params.v[SCN_PARAM_ITEMS] = 20;
    m = ui_model_new(&s);
    ck_assert(ui_model_live(m, SCN_LIVE_MAXSIZE, 6));
    never_caption(m, "did not wait");
    ui_model_free(m);
    /* Done right, no such caption. */
    m = model_for("backpressure");
    never_caption(m, "did not wait");
    ui_model_free(m);
}
END_TEST

/* With cancel-before-join, main cancels idle workers before any join():
 * the caption about cleaning up after join() does not come. */
START_TEST(test_caption_cancel_idle_not_for_cancel_before_join)
{
    UiSetup s = setup_for("worker-pool", SIM_PY_3_11);
    s.params.mistakes = 1u << SCN_MISTAKE_CANCEL_BEFORE_JOIN;
    s.params.v[SCN_PARAM_ITEMS] = 1; /* the workers are idle in get() when cancelled */
    UiModel *m = ui_model_new(&s);
    never_caption(m, "once join() has returned");
    ui_model_free(m);
}
END_TEST

/* A caption from a few steps back is shown as such ("(earlier, at t=..)");
 * long past (here: from t=0.00, at t=2.90) it gives way to the scenario's
 * note, so that the bar never reads as now when it is not. */
START_TEST(test_caption_long_past_gives_way_to_the_note)
{
    UiModel *m = model_for("shutdown");
    step_until_caption(m, "W2 waits in wait_for", 20);
    ck_assert(ui_model_step(m));
    ck_assert(ui_model_step(m));
    char *screen = render(m, 120, 40, true);
    ck_assert_msg(strstr(screen, "(earlier, at t=0.00) W2 waits"), "%s", screen);
    free(screen);
    ck_assert(ui_model_seek_time(m, 2.9));
    ck_assert_msg(!ui_model_at_moment(m), "a moment at 2.9: %s", ui_model_caption(m));
    screen = render(m, 120, 40, true);
    char first[40];
    snprintf(first, sizeof first, "%.30s", ui_model_setup(m)->scenario->note);
    ck_assert_msg(!strstr(screen, "(earlier, at t=0.00)") && strstr(screen, first), "%s", screen);
    free(screen);
    ui_model_free(m);
}
END_TEST

/* The None stop signal of tutorial 1.1 is a teaching moment. */
START_TEST(test_caption_stop_signal)
{
    UiModel *m = model_for("producer-consumer");
    step_until_caption(m, "worker-1 got None, the stop signal: it calls task_done()", 60);
    ui_model_free(m);
}
END_TEST

START_TEST(test_caption_idle_worker_and_producer_consumer_queue_size)
{
    UiModel *m = model_for("producer-consumer");
    step_until_caption(m, "worker-1 waits in get()", 20);
    ck_assert(strstr(ui_model_caption(m), "queue size 1"));
    ui_model_free(m);
}
END_TEST

static long task_index(UiModel *m, const char *name)
{
    ScnRun *run = ui_model_run(m);
    for (size_t i = 0; i < scn_run_task_count(run); i++)
        if (strcmp(scn_run_task_at(run, i)->name, name) == 0)
            return (long)i;
    ck_abort_msg("no task %s", name);
    return -1;
}

/* Where main awaits gather() of the workers, cancelling a busy worker does
 * not leave join() waiting: gather() raises in main and the program ends. */
START_TEST(test_caption_cancel_under_gather_ends_the_program)
{
    UiModel *m = model_at_version("shutdown", SIM_PY_3_12);
    ScnRun *run = ui_model_run(m);
    long busy = -1;
    for (int i = 0; i < 200 && busy < 0; i++) {
        ck_assert(ui_model_step(m));
        for (size_t k = 0; k < scn_run_task_count(run); k++) {
            const SimTask *t = scn_run_task_at(run, k);
            if (t->role == SCN_ROLE_WORKER && !sim_value_is_none(&t->holding))
                busy = (long)k;
        }
    }
    ck_assert_int_ge(busy, 0);
    ck_assert(ui_model_live(m, SCN_LIVE_CANCEL_WORKER, busy));
    ck_assert_msg(strstr(ui_model_caption(m), "gather() raise CancelledError in main"), "%s", ui_model_caption(m));
    while (ui_model_step(m))
        ;
    ck_assert(!ui_model_deadlocked(m));
    ck_assert_int_eq(state_of(m, "main"), SIM_TASK_CANCELLED);
    /* asyncio.run() then cancels the tasks left: no caption of its own. */
    ck_assert_msg(!strstr(ui_model_caption(m), "never be task_done()"), "%s", ui_model_caption(m));
    char why[1024];
    explain_task(run, scn_run_task_at(run, 0), why, sizeof why);
    ck_assert_msg(strstr(why, "the gather() it awaited raised it"), "%s", why);
    /* asyncio.run() did not return: the status line says what Python does
     * (once no key has left a message there). */
    ui_model_set_status(m, "%s", "");
    char *screen = render(m, 120, 40, true);
    ck_assert_msg(strstr(screen, "main() raised asyncio.CancelledError") && !strstr(screen, "asyncio.run() returned"),
                  "screen:\n%s", screen);
    /* The transcript ends with the traceback Python writes to stderr. */
    ck_assert_msg(strstr(screen, "Traceback (most recent call last): ... asyncio.CancelledError"),
                  "screen:\n%s", screen);
    free(screen);
    /* End says how it ended, too. */
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    ui_keys_apply(&m, &vs, &base, UI_K_END);
    ck_assert_msg(strstr(ui_model_status(m), "At the end") &&
                      strstr(ui_model_status(m), "main() raised asyncio.CancelledError"),
                  "%s", ui_model_status(m));
    ui_model_free(m);
}
END_TEST

/* why? for a getter passed over: an item is queued, but a getter ahead
 * of it was woken for it. */
START_TEST(test_why_getter_behind_a_woken_one)
{
    UiModel *m = model_at_version("worker-pool", SIM_PY_3_12);
    ScnRun *run = ui_model_run(m);
    char why[1024] = "";
    for (int i = 0; i < 60 && !*why; i++) {
        ck_assert(ui_model_step(m));
        if (sim_queue_qsize(scn_run_queue(run)) == 0)
            continue;
        for (size_t k = 0; k < scn_run_task_count(run); k++) {
            const SimTask *t = scn_run_task_at(run, k);
            if (state_of(m, t->name) == SIM_TASK_WAIT_GET) {
                explain_task(run, t, why, sizeof why);
                break;
            }
        }
    }
    ck_assert_msg(strstr(why, "though 1 item is queued: each put() woke a getter ahead of") &&
                      strstr(why, "that getter takes it when it runs"),
                  "%s", why);
    ui_model_free(m);
}
END_TEST

/* "why?" on main in gather() names the gathered tasks it still waits for,
 * with when a sleeping one wakes (trigger_shutdown until t=3.00). */
START_TEST(test_why_gather_names_the_tasks_left)
{
    UiModel *m = model_for("shutdown");
    for (int i = 0; i < 12; i++)
        ck_assert(ui_model_step(m));
    ScnRun *run = ui_model_run(m);
    ck_assert_int_eq(state_of(m, "main"), SIM_TASK_WAIT_GATHER);
    char why[1200];
    explain_task(run, scn_run_task_at(run, 0), why, sizeof why);
    ck_assert_msg(strstr(why, "still running: ") && strstr(why, "trigger_shutdown (sleeping until t=3.00)") &&
                      strstr(why, "W1 (waiting in get())"),
                  "%s", why);
    ui_model_free(m);
}
END_TEST

/* Python 3.11: a worker whose wait_for already got an item from its inner
 * get() task is not stopped by cancel(): wait_for returns the item. The
 * caption and "why?" say so, and the worker goes on to process it. */
START_TEST(test_caption_cancel_lost_in_3_11_wait_for)
{
    UiModel *m = model_at_version("shutdown", SIM_PY_3_11);
    ScnRun *run = ui_model_run(m);
    char why[1024] = "";
    long w1 = -1;
    bool created = false; /* first: the inner task made, not yet run */
    for (int i = 0; i < 60; i++) {
        ck_assert(ui_model_step(m));
        if (scn_run_task_count(run) < 2)
            continue;
        w1 = task_index(m, "W1");
        explain_task(run, scn_run_task_at(run, (size_t)w1), why, sizeof why);
        ck_assert_msg(!strstr(why, "has been woken") || created, "%s", why);
        if (strstr(why, "has just created an inner task to run get(), which has not run yet")) {
            /* The queue has no getter for W1 yet: its row does not say idle. */
            char *screen = render(m, 120, 40, true);
            ck_assert_msg(strstr(screen, "W1 starting get()") || strstr(screen, "starting get(), timeout"),
                          "screen:\n%s", screen);
            free(screen);
            created = true;
        }
        if (strstr(why, "has already taken"))
            break;
    }
    ck_assert(created);
    ck_assert_msg(strstr(why, "W1 waits in wait_for(queue.get()), but its inner get() task (Python 3.11) has "
                              "already taken item-0"),
                  "%s", why);
    char *screen = render(m, 120, 40, true);
    ck_assert_msg(strstr(screen, "getting item-0 (wait_for)"), "screen:\n%s", screen);
    free(screen);
    ck_assert(ui_model_live(m, SCN_LIVE_CANCEL_WORKER, w1));
    ck_assert_msg(strstr(ui_model_caption(m), "the cancellation is lost"), "%s", ui_model_caption(m));
    bool processed = false;
    for (int i = 0; i < 40 && !processed && ui_model_step(m);)
        for (size_t k = 0; k < ui_model_line_count(m); k++)
            processed |= strstr(ui_model_line(m, k), "[W1] processing item-0") != NULL;
    ck_assert(processed);
    ui_model_free(m);
}
END_TEST

/* "why?" on a busy worker under forget-task-done does not promise a
 * task_done() that the program no longer calls. */
START_TEST(test_why_busy_worker_knows_the_mistake)
{
    UiModel *m = model_with("join", 1u << SCN_MISTAKE_FORGET_TASK_DONE);
    ScnRun *run = ui_model_run(m);
    while (scn_run_task_count(run) < 2 || sim_value_is_none(&scn_run_task_at(run, 1)->holding))
        ck_assert(ui_model_step(m));
    char why[1024];
    explain_task(run, scn_run_task_at(run, 1), why, sizeof why);
    ck_assert_msg(strstr(why, "without calling task_done()"), "%s", why);
    ui_model_free(m);
}
END_TEST

START_TEST(test_caption_cancelled_holder_blocks_join)
{
    UiModel *m = model_for("join");
    ScnRun *run = ui_model_run(m);
    while (scn_run_task_count(run) < 2 || sim_value_is_none(&scn_run_task_at(run, 1)->holding))
        ck_assert(ui_model_step(m));
    ck_assert(ui_model_live(m, SCN_LIVE_CANCEL_WORKER, 1));
    ck_assert_msg(strstr(ui_model_caption(m), "consumer.cancel() while it holds 0"), "%s",
                  ui_model_caption(m));
    ck_assert(strstr(ui_model_caption(m), "join() can never return"));
    ui_model_free(m);
}
END_TEST

START_TEST(test_caption_priority_lifo_retry)
{
    UiModel *m = model_for("priority");
    step_until_caption(m, "p1 critical-alert comes first", 10);
    ui_model_free(m);
    m = model_for("lifo");
    step_until_caption(m, "returns latest-4, the newest", 10);
    ui_model_free(m);
    m = model_for("retry");
    step_until_caption(m, "re-queued 4:req-D with queue.put(), one priority higher", 40);
    ui_model_free(m);
}
END_TEST

START_TEST(test_caption_shutdown_timeout_and_exit)
{
    UiSetup s = setup_for("shutdown", SIM_PY_3_11);
    s.params.v[SCN_PARAM_WORKERS] = 3;
    s.params.v[SCN_PARAM_TIMEOUT] = 0.2;
    UiModel *m = ui_model_new(&s);
    step_until_caption(m, "raised TimeoutError", 200);
    ck_assert(strstr(ui_model_caption(m), "timeout=0.2"));
    step_until_caption(m, "shutdown.set()", 200);
    step_until_caption(m, "sees shutdown.is_set() and leaves", 200);
    ui_model_free(m);
    /* Defaults: the first timeout comes after the Event is set; each
     * consumer's exit is captioned, never "waits again". */
    m = model_for("shutdown");
    int exits = 0;
    char last[520] = "";
    do {
        const char *cap = ui_model_caption(m);
        ck_assert_msg(!(strstr(cap, "waits again") && ui_model_time(m) > 3.0), "at t=%g: %s",
                      ui_model_time(m), cap);
        if (strstr(cap, "leaves its loop") && strcmp(cap, last) != 0)
            exits++;
        snprintf(last, sizeof last, "%s", cap);
    } while (ui_model_step(m));
    ck_assert_int_eq(exits, 3); /* W1, W2 and the producer */
    ui_model_free(m);
    m = model_for("queue-shutdown");
    step_until_caption(m, "queue.shutdown(): put() now raises QueueShutDown", 200);
    step_until_caption(m, "raised QueueShutDown", 200);
    ui_model_free(m);
}
END_TEST

START_TEST(test_caption_live_change)
{
    UiModel *m = model_for("backpressure");
    step_until_blocked(m);
    ck_assert(ui_model_live(m, SCN_LIVE_MAXSIZE, 5));
    ck_assert_msg(strstr(ui_model_caption(m), "maxsize is now 5"), "%s", ui_model_caption(m));
    ui_model_free(m);
}
END_TEST

START_TEST(test_every_caption_names_a_python_call)
{
    /* Captions are short and say which call is involved: each template
     * mentions a call, or is filled in from one (LIVE_CHANGE). */
    for (size_t i = 0; i < scn_count(); i++)
        for (int k = 0; k < UI_MOMENT_COUNT; k++) {
            const char *t = ui_narrator_template(scn_at(i), (UiMoment)k);
            ck_assert_msg(strlen(t) < 260, "caption too long: %s", t);
            if (k != UI_MOMENT_LIVE_CHANGE)
                ck_assert_msg((strchr(t, '(') && strchr(t, ')')) || strstr(t, "Deadlock"),
                              "no call named: %s", t);
        }
}
END_TEST

START_TEST(test_lesson_mode_pauses_at_each_moment)
{
    UiModel *m = model_for("backpressure");
    ui_model_set_lesson(m, true);
    ui_model_set_playing(m, true);
    ui_model_advance(m, 10.0);
    ck_assert(!ui_model_playing(m));
    ck_assert(ui_model_at_moment(m));
    size_t first = ui_model_moments(m);
    ck_assert_uint_eq(first, 1);
    ui_model_set_playing(m, true);
    ui_model_advance(m, 10.0);
    ck_assert(!ui_model_playing(m));
    ck_assert_uint_eq(ui_model_moments(m), first + 1);
    ui_model_free(m);

    /* A replayed session's live change is a moment to pause at too. */
    m = model_for("backpressure");
    ScnLive change = {3, SCN_LIVE_MAXSIZE, 5};
    ui_model_load_inputs(m, &change, 1);
    ui_model_set_lesson(m, true);
    bool paused_at_change = false;
    for (int i = 0; i < 20 && !paused_at_change && !ui_model_finished(m); i++) {
        ui_model_set_playing(m, true);
        ui_model_advance(m, 10.0);
        ck_assert(!ui_model_playing(m) || ui_model_finished(m));
        paused_at_change = strstr(ui_model_caption(m), "Live change: maxsize is now 5") != NULL &&
                           ui_model_step_number(m) == 3;
    }
    ck_assert(paused_at_change);
    ui_model_free(m);
}
END_TEST

/* The asciicast's marks: every teaching moment the user sees happen, a
 * replayed session's live change among them, all of them when one frame
 * of playing passes several; none for loading a session or stepping back. */
START_TEST(test_marks_are_the_moments_seen)
{
    UiModel *m = model_for("backpressure");
    ScnLive change = {3, SCN_LIVE_MAXSIZE, 5};
    ui_model_load_inputs(m, &change, 1);
    ck_assert_uint_eq(ui_model_mark_count(m), 0);
    for (int i = 0; i < 4; i++)
        ui_model_faster(m);
    ui_model_set_playing(m, true);
    ui_model_advance(m, 0.25); /* several moments in one frame */
    uint64_t n = ui_model_mark_count(m);
    ck_assert_uint_ge(n, 3);
    bool live = false;
    for (uint64_t i = 0; i < n; i++)
        live |= strstr(ui_model_mark(m, i), "Live change: maxsize is now 5") != NULL;
    ck_assert(live);
    ui_model_set_playing(m, false);
    ck_assert(ui_model_step_back(m));
    ck_assert_uint_eq(ui_model_mark_count(m), n);
    ui_model_free(m);
}
END_TEST

/* The next question, stepping over steps with nothing to ask (one task
 * could run); false at the end of the run. */
static bool next_question(UiQuiz *q, UiModel *m)
{
    while (!ui_quiz_ask(q, m))
        if (!ui_model_step(m))
            return false;
    return true;
}

START_TEST(test_quiz_answers_are_what_happens)
{
    /* Two models: one answers questions before each step, one just steps.
     * They must stay identical, and the quiz's answer must name the task
     * that acted. */
    UiModel *a = model_for("worker-pool"), *b = model_for("worker-pool");
    UiQuiz q = {.on = true};
    for (int i = 0; i < 25;) {
        if (!ui_quiz_ask(&q, a)) {
            ck_assert(ui_model_step(a));
            ck_assert(ui_model_step(b));
            continue;
        }
        ck_assert_int_ge(q.nchoices, 2);
        ck_assert_int_ge(q.answer, 0);
        ck_assert_int_lt(q.answer, q.nchoices);
        int wrong = (q.answer + 1) % q.nchoices;
        ui_quiz_answer(&q, a, i % 2 ? q.answer : wrong);
        i++;
        ui_model_step(b);
        ck_assert_uint_eq(ui_model_position(a), ui_model_position(b));
        ck_assert_uint_eq(ui_model_line_count(a), ui_model_line_count(b));
        ck_assert(ui_model_time(a) == ui_model_time(b));
    }
    ck_assert_int_eq(q.asked, 25);
    ck_assert_int_ge(q.right, 12);
    ck_assert_int_le(q.right, 13);
    ui_model_free(a);
    ui_model_free(b);
}
END_TEST

START_TEST(test_quiz_qsize_after_put)
{
    UiModel *m = model_for("backpressure");
    UiQuiz q = {.on = true};
    /* main's first step puts 0, 1 and 2 and blocks on 3: qsize 3 when the
     * step ends. */
    ck_assert(ui_quiz_ask(&q, m));
    ck_assert_int_eq(q.kind, UI_QUIZ_QSIZE);
    ck_assert_str_eq(q.choices[q.answer], "3");
    ck_assert(strstr(q.question, "main runs next and puts"));
    /* Nobody waits in get() yet: the explanation does not speak of one. */
    ck_assert_msg(!strstr(q.explain, "getter"), "%s", q.explain);
    ui_quiz_answer(&q, m, q.answer);
    ck_assert_int_eq(q.right, 1);
    ck_assert_uint_eq(sim_queue_qsize(scn_run_queue(ui_model_run(m))), 3);
    ui_model_free(m);
    /* join's main puts all 5 in one step: "1" (one put, one item) is the
     * guess the question is for, so it is among the choices. */
    m = model_for("join");
    UiQuiz j = {.on = true};
    ck_assert(ui_quiz_ask(&j, m));
    ck_assert_int_eq(j.kind, UI_QUIZ_QSIZE);
    ck_assert_str_eq(j.choices[j.answer], "5");
    bool one = false;
    for (int i = 0; i < j.nchoices; i++) {
        one |= strcmp(j.choices[i], "1") == 0;
        if (i > 0) /* ascending and distinct */
            ck_assert_int_lt(atol(j.choices[i - 1]), atol(j.choices[i]));
    }
    ck_assert_msg(one, "choices %s %s %s %s", j.choices[0], j.choices[1], j.choices[2], j.choices[3]);
    ck_assert_msg(strstr(j.explain, "put_nowait() appends"), "%s", j.explain);
    ui_model_free(m);
    /* lifo's main puts 4 and gets 4 in its one step: the explanation says
     * so, not that a getter was woken. */
    m = model_for("lifo");
    UiQuiz l = {.on = true};
    ck_assert(ui_quiz_ask(&l, m));
    ck_assert_str_eq(l.choices[l.answer], "0");
    ck_assert_msg(strstr(l.explain, "main put 4 items and got 4 in the same step"), "%s", l.explain);
    ck_assert_msg(!strstr(l.explain, "getter"), "%s", l.explain);
    ui_model_free(m);
    /* producer-consumer: the worker waits in get() when the producer puts,
     * and the explanation says it is only woken. */
    m = model_for("producer-consumer");
    UiQuiz p = {.on = true};
    bool woken = false;
    while (!woken && next_question(&p, m)) {
        if (p.kind == UI_QUIZ_QSIZE)
            woken = strstr(p.explain, "A getter waiting in get() is only woken") != NULL;
        ui_quiz_answer(&p, m, p.answer);
    }
    ck_assert(woken);
    ui_model_free(m);
}
END_TEST

/* The predict box leaves what Python printed in view while the output
 * pane has room for both: it sits below the printed lines, as tall as its
 * text, and the answer's explanation is shown whole. */
START_TEST(test_quiz_box_leaves_the_output_in_view)
{
    UiModel *m = model_for("backpressure");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    vs.quiz.on = true;
    while (ui_model_line_count(m) < 7)
        ck_assert(ui_model_step(m));
    ck_assert(next_question(&vs.quiz, m));
    UiGrid g;
    ui_grid_init(&g, 120, 40, true);
    for (int revealed = 0; revealed < 2; revealed++) {
        if (revealed)
            ui_quiz_answer(&vs.quiz, m, vs.quiz.answer);
        ui_view_render(m, &vs, &g);
        char *screen = ui_grid_dump(&g);
        ck_assert_msg(strstr(screen, revealed ? "predict: the answer" : "predict, then reveal"), "%s", screen);
        for (size_t i = 0; i < ui_model_line_count(m); i++)
            ck_assert_msg(strstr(screen, ui_model_line(m, i)), "line %zu covered:\n%s", i, screen);
        if (revealed) {
            const char *tail = strrchr(vs.quiz.explain, ' ');
            ck_assert_msg(tail && strstr(screen, tail + 1), "explanation cut:\n%s", screen);
        }
        free(screen);
    }
    ui_grid_free(&g);
    ui_model_free(m);
}
END_TEST

START_TEST(test_quiz_asks_whether_join_returns)
{
    UiModel *m = model_for("join");
    UiQuiz q = {.on = true};
    bool saw_yes = false;
    while (next_question(&q, m)) {
        if (q.kind == UI_QUIZ_JOIN && q.answer == 0) {
            saw_yes = true;
            /* Said once: not again by the caption of the same moment. */
            ck_assert_msg(!strstr(q.explain, "brought the unfinished count"), "%s", q.explain);
            ui_quiz_answer(&q, m, 0);
            /* It did return: main is no longer waiting in join(). */
            ck_assert_int_ne(state_of(m, "main"), SIM_TASK_WAIT_JOIN);
            break;
        }
        ui_quiz_answer(&q, m, q.answer);
    }
    ck_assert(saw_yes);
    ui_model_free(m);
}
END_TEST

/* The right qsize answer is not always in the same place. */
START_TEST(test_quiz_answers_move)
{
    UiModel *m = model_for("backpressure");
    UiQuiz q = {.on = true};
    bool place[4] = {false};
    int asked = 0;
    for (int i = 0; i < 40 && next_question(&q, m); i++) {
        if (q.kind == UI_QUIZ_QSIZE) {
            place[q.answer] = true;
            asked++;
        }
        ui_quiz_answer(&q, m, q.answer);
    }
    int places = place[0] + place[1] + place[2] + place[3];
    ck_assert_msg(asked >= 4 && places >= 3, "%d questions, the answer in %d places", asked, places);
    ui_model_free(m);
}
END_TEST

/* The right answer is among the choices and names the task that then
 * runs, with hundreds of tasks too (past any fixed-size list). */
START_TEST(test_quiz_answer_is_the_task_that_runs)
{
    UiSetup s = setup_for("worker-pool", SIM_PY_3_11);
    s.params.v[SCN_PARAM_WORKERS] = 300;
    UiModel *m = ui_model_new(&s);
    UiQuiz q = {.on = true};
    int checked = 0;
    bool past_256 = false;
    for (int i = 0; i < 1000 && checked < 280 && next_question(&q, m); i++) {
        if (q.kind != UI_QUIZ_NEXT_TASK) {
            ui_quiz_answer(&q, m, q.answer);
            continue;
        }
        ck_assert_int_ge(q.answer, 0);
        ck_assert_int_lt(q.answer, q.nchoices);
        char want[64];
        snprintf(want, sizeof want, "%s", q.choices[q.answer]);
        ui_quiz_answer(&q, m, q.answer);
        ck_assert_ptr_nonnull(ui_model_last_task(m));
        ck_assert_str_eq(ui_model_last_task(m)->name, want);
        past_256 |= want[0] == 'W' && atoi(want + 1) >= 256;
        checked++;
    }
    ck_assert_int_ge(checked, 280);
    ck_assert(past_256);
    ui_model_free(m);
}
END_TEST

/* In predict mode, n still takes the run to its end (the last steps show
 * nothing and must not be undone by the question's look ahead). */
START_TEST(test_quiz_reaches_the_end)
{
    UiModel *m = model_for("join");
    UiQuiz q = {.on = true};
    int n = 0;
    while (n < 500 && next_question(&q, m)) {
        ui_quiz_answer(&q, m, q.answer);
        n++;
    }
    ck_assert_int_lt(n, 500);
    ck_assert(ui_model_finished(m));
    ui_model_free(m);
}
END_TEST

/* "Where will it be when its step ends?" comes among the other kinds,
 * its answer is where the task really is after the step, and it gives a
 * question where there was none: the only task that can run. */
/* Answer a "where will it be" question and check it: the answer names
 * where the task is after the step, and what it says of the queue holds
 * ("the queue is empty", "the queue is full"). Returns that state. */
static SimTaskState answer_state_question(UiQuiz *q, UiModel *m)
{
    char task[sizeof q->question], choice[sizeof q->choices[0]];
    snprintf(task, sizeof task, "%s", q->question);
    *strchr(task, ' ') = '\0';
    snprintf(choice, sizeof choice, "%s", q->choices[q->answer]);
    for (int a = 0; a < q->nchoices; a++)
        for (int b = a + 1; b < q->nchoices; b++)
            ck_assert_str_ne(q->choices[a], q->choices[b]);
    ui_quiz_answer(q, m, q->answer);
    SimTaskState st = state_of(m, task);
    const char *want = st == SIM_TASK_WAIT_PUT    ? "put()"
                       : st == SIM_TASK_WAIT_GET  ? "get()"
                       : st == SIM_TASK_SLEEPING  ? "sleep"
                       : st == SIM_TASK_WAIT_JOIN ? "join()"
                       : st == SIM_TASK_CANCELLED ? "CancelledError"
                                                  : "finished";
    ck_assert_msg(strstr(choice, want), "%s is %d after its step, the answer said \"%s\"", task, st, choice);
    const SimQueue *queue = scn_run_queue(ui_model_run(m));
    if (strstr(choice, "the queue is empty")) {
        ck_assert_msg(sim_queue_qsize(queue) == 0, "\"%s\" with qsize %zu", choice, sim_queue_qsize(queue));
        /* ... and it is one of the queue's getters, which a put() wakes. */
        bool getter = false;
        for (size_t i = 0; i < sim_queue_getter_count(queue); i++) {
            SimFuture *f = sim_queue_getter_at(queue, i);
            const SimTask *w = sim_view_waiter_task(f);
            getter |= !sim_future_done(f) && w && strcmp(w->name, task) == 0;
        }
        ck_assert_msg(getter, "\"%s\", but %s is no getter of the queue", choice, task);
    }
    if (strstr(choice, "the queue is full"))
        ck_assert_msg(sim_queue_maxsize(queue) > 0 && (long)sim_queue_qsize(queue) >= sim_queue_maxsize(queue),
                      "\"%s\" with qsize %zu", choice, sim_queue_qsize(queue));
    return st;
}

START_TEST(test_quiz_asks_where_the_task_ends_up)
{
    UiModel *m = model_for("backpressure");
    UiQuiz q = {.on = true};
    int kinds[4] = {0}, put = 0, alone = 0;
    for (int i = 0; i < 60 && next_question(&q, m); i++) {
        kinds[q.kind]++;
        if (q.kind != UI_QUIZ_STATE) {
            ui_quiz_answer(&q, m, q.answer);
            continue;
        }
        bool consumer_alone = strncmp(q.question, "slow_consumer ", 14) == 0 &&
                              state_of(m, "main") == SIM_TASK_WAIT_PUT;
        put += answer_state_question(&q, m) == SIM_TASK_WAIT_PUT;
        alone += consumer_alone;
    }
    ck_assert_int_gt(kinds[UI_QUIZ_STATE], 3);
    ck_assert_int_gt(kinds[UI_QUIZ_QSIZE], 0);
    ck_assert_int_gt(kinds[UI_QUIZ_NEXT_TASK], 0);
    ck_assert_int_gt(put, 0);
    ck_assert_int_gt(alone, 0);
    ui_model_free(m);
    /* 3.11's wait_for: a worker whose get() task has not taken its item yet,
     * or was cancelled by the timeout, is not "waiting in get(): the queue
     * is empty". Every position of the run is asked. */
    const double timeouts[] = {1, 0.2, 1};
    int checked = 0;
    for (int k = 0; k < 3; k++) {
        /* (3.12's wait_for runs get() in the task itself: those count.) */
        UiSetup s = setup_for("shutdown", k < 2 ? SIM_PY_3_11 : SIM_PY_3_12);
        s.params.v[SCN_PARAM_TIMEOUT] = timeouts[k];
        m = ui_model_new(&s);
        for (int i = 0; i < 400 && !ui_model_finished(m); i++) {
            UiPeek peek;
            ui_model_peek(m, &peek);
            if (!peek.ok)
                break;
            ck_assert(ui_model_step(m));
            if (peek.state_after != SIM_TASK_WAIT_GET)
                continue;
            const SimQueue *queue = scn_run_queue(ui_model_run(m));
            bool getter = false;
            for (size_t g = 0; g < sim_queue_getter_count(queue); g++) {
                SimFuture *f = sim_queue_getter_at(queue, g);
                const SimTask *w = sim_view_waiter_task(f);
                getter |= !sim_future_done(f) && w && strcmp(w->name, peek.task) == 0;
            }
            ck_assert_msg(getter && sim_queue_qsize(queue) == 0, "timeout %g, step %zu: %s said to wait in get()",
                          timeouts[k], ui_model_position(m), peek.task);
            checked++;
        }
        ui_model_free(m);
    }
    ck_assert_int_gt(checked, 5);
}
END_TEST

/* "Which task runs next?" neither keeps the answer in one place nor asks
 * with a single choice, with more live tasks than choices too. */
START_TEST(test_quiz_task_answers_move)
{
    UiSetup s = setup_for("worker-pool", SIM_PY_3_11);
    s.params.v[SCN_PARAM_WORKERS] = 8;
    UiModel *m = ui_model_new(&s);
    UiQuiz q = {.on = true};
    bool place[4] = {false};
    int asked = 0;
    for (int i = 0; i < 40 && next_question(&q, m); i++) {
        ck_assert_int_ge(q.nchoices, 2);
        if (q.kind == UI_QUIZ_NEXT_TASK) {
            place[q.answer] = true;
            asked++;
        }
        ui_quiz_answer(&q, m, q.answer);
    }
    int places = place[0] + place[1] + place[2] + place[3];
    ck_assert_msg(asked >= 10 && places == 4, "%d questions, the answer in %d places", asked, places);
    ui_model_free(m);
}
END_TEST

/* ":4.2" lands on the event shown at t=4.20, even when float sums put it
 * at 4.199999999999999. */
START_TEST(test_seek_time_finds_the_event_at_that_time)
{
    UiModel *m = model_for("shutdown");
    static double times[400];
    int n = 0;
    while (n < 400 && ui_model_step(m))
        times[n++] = ui_model_time(m);
    int checked = 0;
    for (int i = 0; i < n; i++) {
        double shown = round(times[i] * 100) / 100;
        if (fabs(shown - times[i]) > 1e-9 || (i > 0 && times[i - 1] == times[i]))
            continue;
        ck_assert(ui_model_seek_time(m, shown));
        ck_assert_msg(fabs(ui_model_time(m) - times[i]) < 1e-9, "seek %.2f: landed at %.17g",
                      shown, ui_model_time(m));
        checked += times[i] != shown;
    }
    ck_assert_int_gt(checked, 0); /* some were not exact floats */
    /* Back to an earlier time: the positions known past it are kept. */
    size_t known = ui_model_position_count(m);
    ck_assert(ui_model_seek_time(m, times[n / 2]));
    ck_assert(fabs(ui_model_time(m) - times[n / 2]) < 1e-9);
    ck_assert_uint_eq(ui_model_position_count(m), known);
    /* Between two events: the state at that time, as playing shows it (the
     * earlier event, the clock at t), not the next event. */
    int gap = 0;
    while (gap + 1 < n && times[gap + 1] - times[gap] < 0.05)
        gap++;
    ck_assert(gap + 1 < n);
    double mid = (times[gap] + times[gap + 1]) / 2;
    ck_assert(ui_model_seek_time(m, mid));
    ck_assert(sim_loop_time(scn_run_loop(ui_model_run(m))) == times[gap]);
    ck_assert(ui_model_time(m) == mid);
    /* At 0.55 in shutdown (3.11), the last event is at 0.5 and a callback
     * that shows nothing is still due there: it runs too, as when playing
     * to 0.55, and the clock reads 0.55. */
    double next;
    ck_assert(ui_model_seek_time(m, 0.55));
    ck_assert(ui_model_time(m) == 0.55);
    ck_assert(scn_run_next_time(ui_model_run(m), &next) && next > 0.55);
    ck_assert(!ui_model_seek_time(m, times[n - 1] + 1)); /* past the end */
    ck_assert(!ui_model_seek(m, 1000000) && ui_model_finished(m));
    ck_assert(ui_model_seek(m, 3) && ui_model_position(m) == 3);
    ui_model_free(m);
}
END_TEST

/* A change made after stepping back past earlier ones replaces them, and
 * the model says how many. */
START_TEST(test_live_change_reports_replaced_ones)
{
    UiModel *m = model_for("backpressure");
    ck_assert(ui_model_step(m));
    ck_assert(ui_model_step(m));
    ck_assert(ui_model_live(m, SCN_LIVE_MAXSIZE, 5));
    ck_assert_uint_eq(ui_model_dropped_inputs(m), 0);
    for (int i = 0; i < 3; i++)
        ck_assert(ui_model_step(m));
    ck_assert(ui_model_live(m, SCN_LIVE_MAXSIZE, 6));
    ck_assert_uint_eq(ui_model_dropped_inputs(m), 0);
    for (int i = 0; i < 6; i++)
        ck_assert(ui_model_step_back(m));
    ck_assert(ui_model_live(m, SCN_LIVE_MAXSIZE, 4));
    ck_assert_uint_eq(ui_model_dropped_inputs(m), 2);
    ui_model_free(m);
}
END_TEST

START_TEST(test_why_blocked_put_names_the_next_free_slot)
{
    /* maxsize 1 so the producer blocks while workers are busy. */
    UiSetup s = setup_for("worker-pool", SIM_PY_3_11);
    s.params.v[SCN_PARAM_MAXSIZE] = 1;
    UiModel *m = ui_model_new(&s);
    for (int i = 0; i < 200 && state_of(m, "main") != SIM_TASK_WAIT_PUT; i++)
        ck_assert(ui_model_step(m));
    ck_assert_int_eq(state_of(m, "main"), SIM_TASK_WAIT_PUT);
    char why[1000];
    explain_task(ui_model_run(m), scn_run_task_at(ui_model_run(m), 0), why, sizeof why);
    ck_assert_msg(strstr(why, "qsize 1 == maxsize 1"), "%s", why);
    ck_assert_msg(strstr(why, "The next slot frees when W"), "%s", why);
    ck_assert_msg(strstr(why, "at t="), "%s", why);
    ui_model_free(m);
}
END_TEST

START_TEST(test_why_join_lists_unfinished_items_and_doomed_holder)
{
    UiModel *m = model_for("join");
    ScnRun *run = ui_model_run(m);
    while (scn_run_task_count(run) < 2 || sim_value_is_none(&scn_run_task_at(run, 1)->holding))
        ck_assert(ui_model_step(m));
    ck_assert(ui_model_live(m, SCN_LIVE_CANCEL_WORKER, 1));
    while (ui_model_step(m))
        ;
    char why[1200];
    explain_task(ui_model_run(m), scn_run_task_at(ui_model_run(m), 0), why, sizeof why);
    ck_assert_msg(strstr(why, "main waits in join(): 5 items"), "%s", why);
    ck_assert_msg(strstr(why, "0 (held by consumer, who is gone)"), "%s", why);
    ck_assert_msg(strstr(why, "1 (queued)"), "%s", why);
    ck_assert_msg(strstr(why, "can never return"), "%s", why);
    ui_model_free(m);
}
END_TEST

START_TEST(test_deadlock_detection_names_what_each_task_waits_on)
{
    UiModel *m = model_with("join", 1u << SCN_MISTAKE_FORGET_TASK_DONE);
    while (ui_model_step(m))
        ;
    ck_assert(ui_model_deadlocked(m));
    ck_assert(strstr(ui_model_caption(m), "Deadlock"));
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    explain_deadlock(ui_model_run(m), f);
    fclose(f);
    ck_assert_msg(strstr(text, "main (line 28): main waits in join()"), "%s", text);
    ck_assert_msg(strstr(text, "task_done() was never called"), "%s", text);
    ck_assert_msg(strstr(text, "consumer (line 12): consumer waits in get()"), "%s", text);
    free(text);
    ui_model_free(m);
}
END_TEST

START_TEST(test_mistakes_show_their_effect)
{
    /* fewer sentinels: one consumer never gets its None. */
    UiSetup s = setup_for("producer-consumer", SIM_PY_3_11);
    s.params.v[SCN_PARAM_WORKERS] = 2;
    s.params.mistakes = 1u << SCN_MISTAKE_FEWER_SENTINELS;
    UiModel *m = ui_model_new(&s);
    while (ui_model_step(m))
        ;
    ck_assert(ui_model_deadlocked(m));
    ck_assert_int_eq(state_of(m, "worker-2"), SIM_TASK_WAIT_GET);
    ui_model_free(m);
    /* unbounded: the producer never blocks and the queue fills up. */
    m = model_with("backpressure", 1u << SCN_MISTAKE_UNBOUNDED);
    size_t deepest = 0;
    while (ui_model_step(m)) {
        ck_assert_int_ne(state_of(m, "main"), SIM_TASK_WAIT_PUT);
        size_t q = sim_queue_qsize(scn_run_queue(ui_model_run(m)));
        deepest = q > deepest ? q : deepest;
    }
    ck_assert_uint_eq(deepest, 10);
    ck_assert(!ui_model_deadlocked(m));
    ui_model_free(m);
    /* The x key cycles backpressure's mistakes and back to none. */
    m = model_for("backpressure");
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    ui_keys_apply(&m, &vs, &base, 'x');
    ck_assert_uint_eq(ui_model_setup(m)->params.mistakes, 1u << SCN_MISTAKE_FORGET_TASK_DONE);
    ui_keys_apply(&m, &vs, &base, 'x');
    ck_assert_uint_eq(ui_model_setup(m)->params.mistakes, 1u << SCN_MISTAKE_UNBOUNDED);
    ui_keys_apply(&m, &vs, &base, 'x');
    ck_assert_uint_eq(ui_model_setup(m)->params.mistakes, 0);
    ui_model_free(m);
}
END_TEST

START_TEST(test_code_pane_marks_each_task_at_its_line)
{
    UiModel *m = model_for("backpressure");
    step_until_blocked(m);
    UiGrid g;
    ui_grid_init(&g, 100, 30, true);
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1, .code = true};
    ui_view_render(m, &vs, &g);
    char *screen = ui_grid_dump(&g);
    ck_assert_msg(strstr(screen, "main    \xe2\x96\xb6 7         await queue.put(i)"), "screen:\n%s", screen);
    ck_assert_msg(strstr(screen, "14         await asyncio.sleep(0.5)"), "screen:\n%s", screen);
    free(screen);
    ui_model_free(m);
    /* A switched-on mistake is in the code the pane shows, on its line. */
    m = model_with("backpressure", 1u << SCN_MISTAKE_FORGET_TASK_DONE);
    step_until_blocked(m);
    ui_grid_free(&g);
    ui_grid_init(&g, 100, 50, true); /* tall enough for the consumer's lines */
    ui_view_render(m, &vs, &g);
    screen = ui_grid_dump(&g);
    ck_assert_msg(strstr(screen, "# queue.task_done()  # MISTAKE"), "screen:\n%s", screen);
    free(screen);
    ui_grid_free(&g);
    ui_model_free(m);
    /* A task whose line is scrolled out of the pane is named on its border. */
    m = model_for("join");
    for (int i = 0; i < 6; i++)
        ck_assert(ui_model_step(m));
    ui_grid_init(&g, 120, 30, true);
    ui_view_render(m, &vs, &g);
    screen = ui_grid_dump(&g);
    ck_assert_msg(strstr(screen, "consumer\xe2\x96\xb6" "13") && strstr(screen, "also: main line 28"),
                  "screen:\n%s", screen);
    free(screen);
    ui_grid_free(&g);
    ui_model_free(m);
}
END_TEST

START_TEST(test_tmux_code_pane_why_and_predict)
{
    if (!tmux_available())
        return;
    Tmux t;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s backpressure", tmux_aqsim());
    ck_assert(tmux_start(&t, 100, 30, cmd));
    expect(&t, "backpressure \xc2\xb7 Python");
    step_until(&t, "BLOCKED in put(", 30);
    tmux_send(&t, "c");
    expect(&t, "await queue.put(i)");
    expect(&t, "main    \xe2\x96\xb6 7");
    tmux_send(&t, "Down Enter");
    expect(&t, "why? main");
    expect(&t, "qsize 3 == maxsize 3");
    tmux_send(&t, "x");
    expect_gone(&t, "why? main");
    tmux_send(&t, "p");
    expect(&t, "PREDICT 0/0");
    tmux_send(&t, "n");
    expect(&t, "predict, then reveal");
    tmux_send(&t, "1");
    expect(&t, "Score ");
    expect(&t, "/1.");
    tmux_send(&t, "space");
    expect_gone(&t, "Score ");
    tmux_send(&t, "q");
    tmux_stop(&t);
}
END_TEST

START_TEST(test_replayed_session_restarts_with_its_changes)
{
    /* Record: raise maxsize at some point, then load those inputs into a
     * fresh model (what --replay does), play to the end, restart with r,
     * play again: the same output both times, the change applied each time. */
    UiModel *rec = model_for("backpressure");
    step_until_blocked(rec);
    ck_assert(ui_model_live(rec, SCN_LIVE_MAXSIZE, 6));
    ScnLive in = *ui_model_input(rec, 0);
    ui_model_free(rec);
    UiModel *m = model_for("backpressure");
    ui_model_load_inputs(m, &in, 1);
    while (ui_model_step(m))
        ;
    size_t lines = ui_model_line_count(m);
    char last[200];
    snprintf(last, sizeof last, "%s", ui_model_line(m, lines > 2 ? lines - 2 : 0));
    ck_assert_int_eq(sim_queue_maxsize(scn_run_queue(ui_model_run(m))), 6);
    UiViewState vs = {.screen = UI_SCREEN_DASHBOARD, .selected = -1};
    UiSetup base = *ui_model_setup(m);
    ui_keys_apply(&m, &vs, &base, 'r');
    ck_assert_uint_eq(ui_model_input_count(m), 1);
    while (ui_model_step(m))
        ;
    ck_assert_uint_eq(ui_model_line_count(m), lines);
    ck_assert_str_eq(ui_model_line(m, lines > 2 ? lines - 2 : 0), last);
    ck_assert_int_eq(sim_queue_maxsize(scn_run_queue(ui_model_run(m))), 6);
    ui_model_free(m);
}
END_TEST

Suite *make_ui_suite(void)
{
    Suite *s = suite_create("ui");
    TCase *model = tcase_create("model-and-layout");
    tcase_add_test(model, test_backpressure_shows_blocked_producer);
    tcase_add_test(model, test_narrow_worker_rows_wrap);
    tcase_add_test(model, test_timed_out_wait_for_is_not_idle_in_get);
    tcase_add_test(model, test_selection_follows_the_screen);
    tcase_add_test(model, test_big_shows_the_printed_lines_it_has_room_for);
    tcase_add_test(model, test_step_flow_uses_the_panel_labels);
    tcase_add_test(model, test_stats_overlay_counts_a_put_waiting_now);
    tcase_add_test(model, test_transcript_scrolls_back);
    tcase_add_test(model, test_footer_shows_the_teaching_keys_at_80_columns);
    tcase_add_test(model, test_long_item_labels_take_rows_of_their_own);
    tcase_add_test(model, test_step_back_is_the_same_as_never_stepping);
    tcase_add_test(model, test_version_switch_keeps_the_point);
    tcase_add_test(model, test_version_switch_keeps_live_changes_at_their_time);
    tcase_add_test(model, test_version_round_trip_is_exact);
    tcase_add_test(model, test_version_round_trip_after_playing);
    tcase_add_test(model, test_version_round_trip_brings_dropped_changes_back);
    tcase_add_test(model, test_version_switch_at_the_end_stays_at_the_end);
    tcase_add_test(model, test_version_switch_at_the_end_keeps_the_time);
    tcase_add_test(model, test_playing_after_main_ended_at_time_zero);
    tcase_add_test(model, test_step_on_screen_is_the_callback_count);
    tcase_add_test(model, test_step_back_and_forward_after_playing_is_the_same);
    tcase_add_test(model, test_back_and_forward_at_the_end_is_still_the_end);
    tcase_add_test(model, test_version_bump_is_for_that_scenario_only);
    tcase_add_test(model, test_playing_to_the_end_says_so);
    tcase_add_test(model, test_stepping_past_a_deadlock_says_it_hangs);
    tcase_add_test(model, test_leaving_a_stepped_run_asks_first);
    tcase_add_test(model, test_stats_overlay_without_time);
    tcase_add_test(model, test_stats_overlay_keeps_the_last_line);
    tcase_add_test(model, test_status_line_wraps_to_two_rows);
    tcase_add_test(model, test_help_fits_80x24);
    tcase_add_test(model, test_header_keeps_step_and_score);
    tcase_add_test(model, test_s_in_queue_shutdown_says_what_it_has);
    tcase_add_test(model, test_picker_tells_the_chosen_one_in_full);
    tcase_add_test(model, test_code_pane_widens_for_the_source);
    tcase_add_test(model, test_end_after_main_raised_fits_80x24);
    tcase_add_test(model, test_timeline_counts_hidden_tasks);
    tcase_add_test(model, test_timeline_has_a_time_axis);
    tcase_add_test(model, test_lowering_an_unbounded_maxsize_sets_a_limit);
    tcase_add_test(model, test_full_queue_says_who_waits);
    tcase_add_test(model, test_blocked_put_since_survives_wakeups);
    tcase_add_test(model, test_queue_panel_shows_a_step_s_flow);
    tcase_add_test(model, test_big_shows_backpressure);
    tcase_add_test(model, test_big_shows_the_shutdown_event);
    tcase_add_test(model, test_big_lists_the_tasks_without_a_box);
    tcase_add_test(model, test_selection_gone_after_step_back);
    tcase_add_test(model, test_losing_live_changes_asks_first);
    tcase_add_test(model, test_wrap_marks_cut_text);
    tcase_add_test(model, test_added_workers_never_share_a_name);
    tcase_add_test(model, test_raising_maxsize_unblocks_the_producer);
    tcase_add_test(model, test_lowering_maxsize_keeps_items_over_capacity);
    tcase_add_test(model, test_live_changes_replay_after_stepping_back);
    tcase_add_test(model, test_add_worker_appears_and_works);
    tcase_add_test(model, test_cancel_mid_item_means_join_never_returns);
    tcase_add_test(model, test_retire_idle_worker_leaves_now);
    tcase_add_test(model, test_knob_a_scenario_lacks_is_explained);
    tcase_add_test(model, test_too_small_says_what_it_needs);
    tcase_add_test(model, test_ascii_mode_draws_no_unicode);
    tcase_add_test(model, test_picker_lists_every_scenario_and_opens_one);
    tcase_add_test(model, test_playing_runs_at_speed_times_wall_time);
    tcase_add_test(model, test_replayed_session_restarts_with_its_changes);
    suite_add_tcase(s, model);
    TCase *teach = tcase_create("teaching");
    tcase_set_timeout(teach, 30);
    tcase_add_test(teach, test_caption_first_blocked_put_is_backpressure);
    tcase_add_test(teach, test_caption_get_below_a_shrunk_maxsize);
    tcase_add_test(teach, test_caption_retire_idle_or_busy);
    tcase_add_test(teach, test_why_cancelled_worker_before_it_runs);
    tcase_add_test(teach, test_step_back_keeps_the_captions);
    tcase_add_test(teach, test_inner_get_is_not_an_empty_queue);
    tcase_add_test(teach, test_caption_join_waits_then_returns);
    tcase_add_test(teach, test_caption_stop_signal);
    tcase_add_test(teach, test_caption_long_past_gives_way_to_the_note);
    tcase_add_test(teach, test_caption_cancel_idle_not_for_cancel_before_join);
    tcase_add_test(teach, test_unbounded_mistake_says_the_producer_ran_ahead);
    tcase_add_test(teach, test_priority_tie_is_explained);
    tcase_add_test(teach, test_gather_workers_mistake_is_explained);
    tcase_add_test(teach, test_caption_idle_worker_and_producer_consumer_queue_size);
    tcase_add_test(teach, test_caption_cancelled_holder_blocks_join);
    tcase_add_test(teach, test_caption_priority_lifo_retry);
    tcase_add_test(teach, test_caption_shutdown_timeout_and_exit);
    tcase_add_test(teach, test_caption_live_change);
    tcase_add_test(teach, test_every_caption_names_a_python_call);
    tcase_add_test(teach, test_lesson_mode_pauses_at_each_moment);
    tcase_add_test(teach, test_marks_are_the_moments_seen);
    tcase_add_test(teach, test_quiz_answers_are_what_happens);
    tcase_add_test(teach, test_quiz_qsize_after_put);
    tcase_add_test(teach, test_caption_retire_before_first_get);
    tcase_add_test(teach, test_caption_retire_woken_worker);
    tcase_add_test(teach, test_caption_cancel_under_gather_ends_the_program);
    tcase_add_test(teach, test_caption_cancel_lost_in_3_11_wait_for);
    tcase_add_test(teach, test_why_gather_names_the_tasks_left);
    tcase_add_test(teach, test_why_getter_behind_a_woken_one);
    tcase_add_test(teach, test_caption_idle_get_with_timeout);
    tcase_add_test(teach, test_why_busy_worker_knows_the_mistake);
    tcase_add_test(teach, test_quiz_task_answers_move);
    tcase_add_test(teach, test_quiz_reaches_the_end);
    tcase_add_test(teach, test_quiz_box_leaves_the_output_in_view);
    tcase_add_test(teach, test_quiz_asks_where_the_task_ends_up);
    tcase_add_test(teach, test_quiz_answer_is_the_task_that_runs);
    tcase_add_test(teach, test_quiz_asks_whether_join_returns);
    tcase_add_test(teach, test_quiz_answers_move);
    tcase_add_test(teach, test_seek_time_finds_the_event_at_that_time);
    tcase_add_test(teach, test_live_change_reports_replaced_ones);
    tcase_add_test(teach, test_why_blocked_put_names_the_next_free_slot);
    tcase_add_test(teach, test_why_join_lists_unfinished_items_and_doomed_holder);
    tcase_add_test(teach, test_deadlock_detection_names_what_each_task_waits_on);
    tcase_add_test(teach, test_mistakes_show_their_effect);
    tcase_add_test(teach, test_code_pane_marks_each_task_at_its_line);
    suite_add_tcase(s, teach);
    TCase *term = tcase_create("terminal");
    tcase_set_timeout(term, 60);
    tcase_add_test(term, test_tmux_backpressure_block_back_raise_add_resize);
    tcase_add_test(term, test_tmux_picker_opens_a_scenario);
    tcase_add_test(term, test_tmux_terminal_restored_on_every_exit);
    tcase_add_test(term, test_pty_closed_without_sighup_ends_the_dashboard);
    tcase_add_test(term, test_pty_signals_end_the_dashboard_as_themselves);
    tcase_add_test(term, test_pty_second_quit_signal_ends_at_once);
    tcase_add_test(term, test_pty_unwritable_cast_refused_before_the_screen);
    tcase_add_test(term, test_tmux_glyphs_keep_their_colours);
    tcase_add_test(term, test_tmux_q_quits_when_too_small);
    tcase_add_test(term, test_tmux_end_of_run_summary);
    tcase_add_test(term, test_tmux_resize_while_stopped);
    tcase_add_test(term, test_tmux_rerecord_a_replayed_session);
    tcase_add_test(term, test_tmux_suspend_and_resume_redraws);
    tcase_add_test(term, test_tmux_size_comes_from_the_terminal_not_the_environment);
    tcase_add_test(term, test_tmux_big_layout);
    tcase_add_test(term, test_tmux_code_pane_why_and_predict);
    suite_add_tcase(s, term);
    return s;
}
