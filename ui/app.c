/* app.c - the dashboard's main loop. */
#include "ui/app.h"

#include <curses.h>
#include <time.h>
#include <unistd.h>

#include "ui/grid.h"
#include "ui/keys.h"
#include "ui/model.h"
#include "ui/term.h"
#include "ui/view.h"

/* A frame every 33 ms while playing: about 30 frames per second. */
#define FRAME_MS 33

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int map_key(int ch)
{
    switch (ch) {
    case KEY_UP:
        return UI_K_UP;
    case KEY_DOWN:
        return UI_K_DOWN;
    case KEY_LEFT:
        return UI_K_LEFT;
    case KEY_RIGHT:
        return UI_K_RIGHT;
    case KEY_ENTER:
        return UI_K_ENTER;
    case KEY_HOME:
        return UI_K_HOME;
    case KEY_END:
        return UI_K_END;
    case KEY_BACKSPACE:
        return UI_K_BACKSPACE;
    default:
        return ch;
    }
}

int ui_app_run(const CliOptions *opt, FILE *err)
{
    const char *why = NULL;
    if (!ui_term_open(&why)) {
        ui_term_close();
        fprintf(err, "aqsim: %s\n", why);
        return 1;
    }
    UiSetup base = {.scenario = opt->scenario, .params = opt->params, .version = opt->version};
    snprintf(base.seed, sizeof base.seed, "%s", opt->seed);
    UiViewState vs = {.screen = UI_SCREEN_PICKER, .selected = -1, .big = opt->big};
    UiModel *m = NULL;
    if (opt->scenario) {
        m = ui_model_new(&base);
        vs.screen = UI_SCREEN_DASHBOARD;
        /* The projector layout has captions on: lesson mode by default. */
        ui_model_set_lesson(m, opt->lesson || opt->big);
    }
    UiGrid grid = {0};
    int gw = 0, gh = 0;
    double last = wall_now();
    for (;;) {
        int w, h;
        ui_term_size(&w, &h);
        if (w != gw || h != gh || !grid.cells) {
            ui_grid_free(&grid);
            ui_grid_init(&grid, w, h, ui_term_utf8());
            gw = w;
            gh = h;
        }
        ui_view_render(m, &vs, &grid);
        ui_term_draw(&grid);
        bool playing = m && ui_model_playing(m);
        /* Paused: block until a key or a signal, using no CPU. */
        int key = ui_term_key(playing ? FRAME_MS : -1);
        if (key == UI_KEY_QUIT)
            break;
        if (key >= 0 && ui_keys_apply(&m, &vs, &base, map_key(key)) == UI_QUIT)
            break;
        /* The summary at the end of a run, once per run. */
        if (m && ui_model_position(m) == 0)
            vs.summary_shown = false;
        if (m && ui_model_finished(m) && !vs.summary_shown) {
            vs.stats = true;
            vs.summary_shown = true;
        }
        double now = wall_now();
        if (m && ui_model_playing(m)) {
            double dt = now - last;
            if (dt > 0.25)
                dt = 0.25; /* after a stall (^Z), do not leap ahead */
            ui_model_advance(m, dt);
        }
        last = now;
    }
    ui_term_close();
    ui_grid_free(&grid);
    ui_model_free(m);
    return 0;
}
