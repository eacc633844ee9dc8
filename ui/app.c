/* app.c - the dashboard's main loop. */
#include "ui/app.h"

#include <curses.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui/cast.h"
#include "ui/grid.h"
#include "ui/keys.h"
#include "ui/model.h"
#include "ui/record.h"
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
    case KEY_PPAGE:
        return UI_K_PGUP;
    case KEY_NPAGE:
        return UI_K_PGDN;
    case KEY_F(1):
        return '?';
    case 27:
        return UI_K_ESC;
    default:
        return ch;
    }
}

/* --record: the session's setup and live changes, written on the way out. */
static bool save_session(const UiModel *m, const char *path)
{
    const UiSetup *s = ui_model_setup(m);
    UiRecording rec = {.scenario = s->scenario, .params = s->params, .version = s->version};
    snprintf(rec.seed, sizeof rec.seed, "%s", s->seed);
    rec.ninputs = ui_model_input_count(m);
    rec.inputs = calloc(rec.ninputs + 1, sizeof *rec.inputs);
    if (!rec.inputs)
        return false;
    for (size_t i = 0; i < rec.ninputs; i++)
        rec.inputs[i] = *ui_model_input(m, i);
    bool ok = ui_record_write_file(path, &rec);
    int why = errno;
    free(rec.inputs);
    errno = why;
    return ok;
}

int ui_app_run(const CliOptions *opt, FILE *err)
{
    const char *why = NULL;
    /* The projector layout has captions on: lesson mode by default. */
    UiSetup base = {.scenario = opt->scenario, .params = opt->params, .version = opt->version,
                    .lesson = opt->lesson || opt->big};
    snprintf(base.seed, sizeof base.seed, "%s", opt->seed);
    UiRecording rec = {0};
    if (opt->replay) {
        char msg[600];
        if (!ui_record_read_file(opt->replay, &rec, msg, sizeof msg)) {
            fprintf(err, "aqsim: %s\n", msg);
            return 2;
        }
        base.scenario = rec.scenario;
        base.params = rec.params;
        base.version = rec.version;
        snprintf(base.seed, sizeof base.seed, "%s", rec.seed);
    }
    if (!ui_term_open(&why)) {
        ui_term_close();
        ui_record_free(&rec);
        fprintf(err, "aqsim: %s\n", why);
        return 1;
    }
    UiViewState vs = {.screen = UI_SCREEN_PICKER, .selected = -1, .big = opt->big};
    UiModel *m = NULL;
    if (base.scenario) {
        m = ui_model_new(&base);
        if (opt->replay) {
            ui_model_load_inputs(m, rec.inputs, rec.ninputs);
            ui_model_set_status(m, "replaying %s: %zu live change(s) apply as the run reaches them",
                                opt->replay, rec.ninputs);
        }
        vs.screen = UI_SCREEN_DASHBOARD;
    }
    ui_record_free(&rec);
    UiGrid grid = {0};
    int gw = 0, gh = 0;
    double last = wall_now(), start = last;
    UiCast *cast = NULL;
    if (opt->cast) {
        int w, h;
        ui_term_size(&w, &h);
        char title[96];
        snprintf(title, sizeof title, "aqsim %s", base.scenario ? base.scenario->name : "");
        cast = ui_cast_open(opt->cast, w, h, title, (int64_t)time(NULL), &why);
        if (!cast) {
            ui_term_close();
            ui_model_free(m);
            fprintf(err, "aqsim: cannot write %s: %s\n", cli_shown(opt->cast), why ? why : "error");
            return 1;
        }
        const char *nc = getenv("NO_COLOR");
        ui_cast_set_mono(cast, nc && *nc);
    }
    uint64_t marks_seen = 0;
    const UiModel *marks_model = NULL;
    int quit_signal = 0;
    for (;;) {
        int w, h;
        ui_term_size(&w, &h);
        if (w != gw || h != gh || !grid.cells) {
            ui_grid_free(&grid);
            ui_grid_init(&grid, w, h, ui_term_utf8());
            gw = w;
            gh = h;
        }
        /* The summary at the end of a run, once per run; not over the
         * timeline, which shows the whole run already. */
        if (m && ui_model_position(m) == 0)
            vs.summary_shown = false;
        if (m && ui_model_finished(m) && !vs.summary_shown) {
            vs.stats = !vs.timeline;
            vs.summary_shown = true;
        }
        ui_view_render(m, &vs, &grid);
        ui_term_draw(&grid);
        if (cast) {
            double t = wall_now() - start;
            ui_cast_frame(cast, &grid, t);
            /* Markers, so a player can jump between teaching moments (a
             * live change is one). A model opened from the picker is
             * followed from the marks it has. */
            if (m != marks_model) {
                marks_model = m;
                marks_seen = m ? ui_model_mark_count(m) : 0;
            }
            for (; m && marks_seen < ui_model_mark_count(m); marks_seen++)
                if (ui_model_mark(m, marks_seen))
                    ui_cast_marker(cast, t, ui_model_mark(m, marks_seen));
        }
        bool playing = m && ui_model_playing(m);
        /* Paused: block until a key or a signal, using no CPU. */
        int key = ui_term_key(playing ? FRAME_MS : -1);
        if (key == UI_KEY_QUIT) {
            quit_signal = ui_term_quit_signal();
            break;
        }
        /* Too small to see anything: only q works, and it quits at once
         * (not a hidden prompt or overlay's q). */
        bool too_small = w < UI_MIN_W || h < UI_MIN_H;
        if (too_small && (key == 'q' || key == 'Q'))
            break;
        if (too_small && key >= 0)
            continue;
        if (key >= 0 && ui_keys_apply(&m, &vs, &base, map_key(key)) == UI_QUIT)
            break;
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
    int status = 0;
    errno = 0;
    if (cast && !ui_cast_close(cast)) {
        fprintf(err, "aqsim: cannot write %s: %s\n", cli_shown(opt->cast), strerror(errno ? errno : EIO));
        status = 1;
    }
    if (opt->record && m && !save_session(m, opt->record)) {
        fprintf(err, "aqsim: cannot write %s: %s\n", cli_shown(opt->record), strerror(errno ? errno : EIO));
        status = 1;
    }
    ui_model_free(m);
    /* Ended by a signal: the shell's convention, 128 + its number. */
    return status ? status : quit_signal ? 128 + quit_signal : 0;
}
