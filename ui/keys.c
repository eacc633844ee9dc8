/* keys.c - the dashboard's key bindings. */
#include "ui/keys.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sim/fmt.h"
#include "sim/view.h"
#include "ui/explain.h"

/* A key that would lose the live changes made so far acts only when
 * pressed twice in a row; the first press says so. */
static bool confirmed(UiModel *m, UiViewState *vs, bool would_lose, int key, const char *what)
{
    if (!would_lose || vs->confirm_key == key) {
        vs->confirm_key = 0;
        return true;
    }
    vs->confirm_key = key;
    ui_model_set_status(m, "%s? Your live changes here would be lost: press %s again", what,
                        key == '\t' ? "Tab" : key == 'r' ? "r" : key == 'x' ? "x" : "the same key");
    return false;
}

/* Tab, the digits and x leave the run: a stray key (a student calling
 * out an answer) must not throw away the place a class has stepped to. */
static bool confirmed_leaving(UiModel *m, UiViewState *vs, int key, const char *what)
{
    if (ui_model_input_count(m) > 0 || ui_model_position(m) == 0 || vs->confirm_key == key)
        return confirmed(m, vs, ui_model_input_count(m) > 0, key, what);
    vs->confirm_key = key;
    ui_model_set_status(m, "%s? You would leave this run at step %" PRIu64 ": press %s again", what,
                        ui_model_step_number(m), key == '\t' ? "Tab" : key == 'x' ? "x" : "the same key");
    return false;
}

static void open_scenario(UiModel **m, UiViewState *vs, const UiSetup *base, size_t index, int key)
{
    const Scenario *s = scn_at(index);
    if (!s)
        return;
    if (*m && key != '\t' && ui_model_setup(*m)->scenario == s) {
        ui_model_set_status(*m, "already on %s: r restarts it", s->name);
        return;
    }
    char what[64];
    snprintf(what, sizeof what, "switch to %s", s->name);
    if (*m && !confirmed_leaving(*m, vs, key, what))
        return;
    vs->stats = vs->timeline = vs->prompt = vs->why = false;
    vs->quiz.asking = vs->quiz.revealed = false;
    if (*m) {
        ui_model_set_scenario(*m, s);
    } else {
        UiSetup setup = *base;
        setup.scenario = s;
        setup.params = scn_defaults(s);
        *m = ui_model_new(&setup);
        ui_model_set_status(*m, "%s: %s", s->name, s->summary);
    }
    vs->screen = UI_SCREEN_DASHBOARD;
    vs->selected = -1;
}

static size_t scenario_index(const Scenario *s)
{
    for (size_t i = 0; i < scn_count(); i++)
        if (scn_at(i) == s)
            return i;
    return 0;
}

/* The worker a key acts on: the selected one if it is a live worker, else
 * the best guess (for k: one holding an item; for w: the newest idle or
 * busy worker). */
static long pick_worker(const UiModel *m, const UiViewState *vs, bool want_holding)
{
    ScnRun *run = ui_model_run(m);
    if (vs->selected >= 0 && (size_t)vs->selected < scn_run_task_count(run))
        return vs->selected; /* scn_run_live says why if it is not a live worker */
    long fallback = -1;
    for (size_t i = scn_run_task_count(run); i-- > 0;) {
        SimTask *t = scn_run_task_at(run, i);
        if (t->role != SCN_ROLE_WORKER || sim_future_done(&t->fut) || t->retire_requested)
            continue;
        if (!want_holding)
            return (long)i;
        if (!sim_value_is_none(&t->holding))
            fallback = (long)i; /* keep going: prefer the first */
        else if (fallback < 0)
            fallback = -2 - (long)i;
    }
    return fallback >= 0 ? fallback : fallback < -1 ? -2 - fallback : -1;
}

static void move_selection(UiModel *m, UiViewState *vs, int delta)
{
    /* In screen order, through "none" at either end. */
    int idx[256];
    int n = ui_view_tasks(ui_model_run(m), idx, 256), at = -1;
    if (n == 0)
        return;
    for (int i = 0; i < n; i++)
        if (idx[i] == vs->selected)
            at = i;
    at += delta;
    if (at < -1)
        at = n - 1;
    if (at >= n)
        at = -1;
    vs->selected = at >= 0 ? idx[at] : -1;
    if (at < 0) {
        ui_model_set_status(m, "no task selected");
        return;
    }
    const SimTask *t = scn_run_task_at(ui_model_run(m), (size_t)vs->selected);
    if (sim_future_done(&t->fut))
        ui_model_set_status(m, "selected %s, which has finished", t->name);
    else if (t->role == SCN_ROLE_WORKER)
        ui_model_set_status(m, "selected %s: w retires it, k cancels it, Enter says why it waits", t->name);
    else
        ui_model_set_status(m, "selected %s: Enter says why it waits", t->name);
}

/* 1-9 open scenarios 1-9, 0 the tenth; false for other keys. */
static bool digit_scenario(int key, size_t *index)
{
    if (key < '0' || key > '9')
        return false;
    *index = key == '0' ? 9 : (size_t)(key - '1');
    return *index < scn_count();
}

static UiKeyResult picker_key(UiModel **m, UiViewState *vs, const UiSetup *base, int key)
{
    int n = (int)scn_count();
    switch (key) {
    case 'q':
    case 'Q':
        return UI_QUIT;
    case UI_K_UP:
    case 'k':
        vs->picker_index = (vs->picker_index + n - 1) % n;
        break;
    case UI_K_DOWN:
    case 'j':
    case '\t':
        vs->picker_index = (vs->picker_index + 1) % n;
        break;
    case UI_K_ENTER:
    case '\n':
    case '\r':
    case ' ':
        open_scenario(m, vs, base, (size_t)vs->picker_index, key);
        break;
    case '?':
        vs->help = 1;
        break;
    default: {
        size_t index;
        if (digit_scenario(key, &index))
            open_scenario(m, vs, base, index, key);
        break;
    }
    }
    return UI_KEEP_GOING;
}

/* A live change made after stepping back, or during a replayed session,
 * replaces the recorded changes that came later: say so. */
static void note_dropped(UiModel *m)
{
    size_t n = ui_model_dropped_inputs(m);
    if (!n)
        return;
    char said[200];
    snprintf(said, sizeof said, "%s", ui_model_status(m));
    ui_model_set_status(m, "%s; it replaces %zu later recorded change%s", said, n,
                        n == 1 ? "" : "s");
}

static void change_maxsize(UiModel *m, int delta)
{
    const Scenario *s = ui_model_setup(m)->scenario;
    if (!scn_takes(s, SCN_PARAM_MAXSIZE)) {
        ui_model_set_status(m, "%s has no maxsize to change (its queue is unbounded)", s->name);
        return;
    }
    SimQueue *q = scn_run_queue(ui_model_run(m));
    long now = sim_queue_maxsize(q);
    long next = now + delta;
    if (now <= 0 && delta > 0) {
        ui_model_set_status(m, "the queue is unbounded (maxsize 0) already; m sets a limit");
        return;
    }
    if (now <= 0) {
        /* Unbounded is the most room there is: lowering it sets a limit at
         * the items already queued (at least 1, at most what --maxsize
         * allows), so the queue is full, or fills with the next put(). */
        size_t qsize = sim_queue_qsize(q);
        long most = (long)scn_param_info(SCN_PARAM_MAXSIZE)->max;
        next = qsize < 1 ? 1 : qsize > (size_t)most ? most : (long)qsize;
    } else if (next < 1) {
        /* Down from 1 would be 0, which asyncio reads as unbounded. */
        ui_model_set_status(m, "maxsize 1 is the smallest limit (0 would mean unbounded; r restarts "
                               "with the program's own)");
        return;
    }
    if (ui_model_live(m, SCN_LIVE_MAXSIZE, next)) {
        ui_model_set_status(m, "maxsize is now %ld", next);
        note_dropped(m);
    }
}

static void worker_key(UiModel *m, const UiViewState *vs, ScnLiveKind kind)
{
    const Scenario *s = ui_model_setup(m)->scenario;
    if (!s->new_worker) {
        ui_model_set_status(m, "%s has no workers to add, retire or cancel", s->name);
        return;
    }
    if (kind == SCN_LIVE_ADD_WORKER) {
        if (ui_model_live(m, kind, 0)) {
            ScnRun *run = ui_model_run(m);
            ui_model_set_status(m, "added worker %s",
                                scn_run_task_at(run, scn_run_task_count(run) - 1)->name);
            note_dropped(m);
        }
        return;
    }
    long w = pick_worker(m, vs, kind == SCN_LIVE_CANCEL_WORKER);
    if (w < 0) {
        ui_model_set_status(m, "no running worker to %s", kind == SCN_LIVE_CANCEL_WORKER ? "cancel" : "retire");
        return;
    }
    SimTask *t = scn_run_task_at(ui_model_run(m), (size_t)w);
    bool holding = !sim_value_is_none(&t->holding);
    if (ui_model_live(m, kind, w)) {
        /* What follows from it is the caption's to say (it knows the
         * scenario: retry's finally: still calls task_done()). */
        if (kind == SCN_LIVE_CANCEL_WORKER)
            ui_model_set_status(m, holding ? "cancelled %s while it held an item" : "cancelled %s",
                                t->name);
        else
            ui_model_set_status(m, holding ? "%s will leave after its item" : "%s leaves now",
                                t->name);
        note_dropped(m);
    }
}

/* x: the next mistake this scenario can show, or none after the last. */
static void next_mistake(UiModel *m)
{
    const UiSetup *setup = ui_model_setup(m);
    unsigned can = setup->scenario->mistakes;
    if (!can) {
        ui_model_set_status(m, "%s has no mistake switches", setup->scenario->name);
        return;
    }
    int cur = -1;
    for (int k = 0; k < SCN_MISTAKE_COUNT; k++)
        if ((setup->params.mistakes >> k) & 1u)
            cur = k;
    int next = -1;
    for (int k = cur + 1; k < SCN_MISTAKE_COUNT; k++)
        if ((can >> k) & 1u) {
            next = k;
            break;
        }
    ui_model_set_mistakes(m, next < 0 ? 0u : 1u << next);
    if (next < 0)
        ui_model_set_status(m, "mistakes off: the program as the tutorial wrote it (restarted)");
    else
        ui_model_set_status(m, "mistake %s: %s (restarted)", scn_mistake_name((ScnMistake)next),
                            scn_mistake_what((ScnMistake)next));
}

/* Keys while a predict question is on screen: 1-4 answer; after the
 * reveal any key goes on (n also on to the next question). In predict
 * mode the digits are answers, never a scenario switch. */
static bool quiz_key(UiModel *m, UiViewState *vs, int key)
{
    UiQuiz *q = &vs->quiz;
    if (q->revealed) {
        q->revealed = false;
        return key != 'n' && key != UI_K_RIGHT;
    }
    if (q->on && !q->asking && key >= '0' && key <= '9') {
        ui_model_set_status(m, "predict mode: digits answer questions (n asks the next); p leaves "
                               "predict mode, Tab switches scenario");
        return true;
    }
    if (!q->asking)
        return false;
    if (key >= '1' && key < '1' + q->nchoices) {
        ui_quiz_answer(q, m, key - '1');
        return true;
    }
    if (key == 'p') {
        q->asking = false;
        q->on = false;
        ui_model_set_status(m, "predict mode off");
        return true;
    }
    /* Other keys wait for an answer. */
    ui_model_set_status(m, "answer with 1-%d (p leaves predict mode)", q->nchoices);
    return true;
}

/* A seek goes at most UI_MODEL_SEEK_STEPS steps per Enter, so the screen
 * never freezes for long. */
static void say_seek_stopped(UiModel *m)
{
    ui_model_set_status(m, "stopped at step %" PRIu64 " (t=%.2f), %d events on: type it again to go on",
                        ui_model_step_number(m), ui_model_time(m), UI_MODEL_SEEK_STEPS);
}

/* Why n or space does nothing: the program ended, or hangs for ever. */
static void say_ended(UiModel *m)
{
    char end[300];
    if (explain_end(ui_model_run(m), end, sizeof end))
        ui_model_set_status(m, "%s", end);
}

/* ':' with a time (it has a decimal point). */
static void go_to_time(UiModel *m, const char *text)
{
    char *end;
    double t = strtod(text, &end);
    if (*end || end == text) {
        ui_model_set_status(m, "not a time: %s", text);
        return;
    }
    if (!ui_model_seek_time(m, t)) {
        if (!ui_model_finished(m))
            say_seek_stopped(m);
        else
            ui_model_set_status(m, "the run ends at t=%.2f, before %g: at its end, step %" PRIu64,
                                ui_model_time(m), t, ui_model_step_number(m));
        return;
    }
    double event = sim_loop_time(scn_run_loop(ui_model_run(m)));
    if (event < t - 5e-3)
        ui_model_set_status(m, "at t=%g: step %" PRIu64 ", the last event by then (at t=%.2f)", t,
                            ui_model_step_number(m), event);
    else
        ui_model_set_status(m, "at t=%.2f: step %" PRIu64, ui_model_time(m), ui_model_step_number(m));
}

/* ':' with a step number, the header's count; a step that shows nothing
 * lands on the next that does, and the status says which. */
static void go_to_step(UiModel *m, const char *text)
{
    char *end;
    errno = 0;
    unsigned long long step = strtoull(text, &end, 10);
    if (*end || end == text || errno == ERANGE) {
        ui_model_set_status(m, "not a step number: %s", text);
        return;
    }
    bool got_there = ui_model_seek_step(m, step);
    uint64_t at = ui_model_step_number(m);
    if (!got_there && !ui_model_finished(m))
        say_seek_stopped(m);
    else if (at < step)
        ui_model_set_status(m, "the run has only %" PRIu64 " steps: at its end", at);
    else if (at == step + 1)
        ui_model_set_status(m, "at step %" PRIu64 " (step %llu shows nothing of its own)", at, step);
    else if (at > step)
        ui_model_set_status(m, "at step %" PRIu64 " (steps %llu-%" PRIu64 " show nothing of their own)",
                            at, step, at - 1);
    else if (ui_model_change_due(m))
        ui_model_set_status(m, "at step %" PRIu64 ", before the live change made at this step: n makes it",
                            at);
    else
        ui_model_set_status(m, "at step %" PRIu64, at);
}

/* ':' in the timeline, with what was typed so far (first: a digit or '.'
 * that opened it, or nothing). */
static void open_prompt(UiViewState *vs, int first)
{
    vs->prompt = true;
    vs->prompt_text[0] = (char)first;
    vs->prompt_text[1] = '\0';
}

/* ':' in the timeline: a step number, or a time with a decimal point. */
static void prompt_key(UiModel *m, UiViewState *vs, int key)
{
    size_t n = strlen(vs->prompt_text);
    if ((key >= '0' && key <= '9') || key == '.') {
        if (n + 1 < sizeof vs->prompt_text) {
            vs->prompt_text[n] = (char)key;
            vs->prompt_text[n + 1] = '\0';
        }
        return;
    }
    if (key == UI_K_BACKSPACE || key == 127 || key == 8) {
        if (n)
            vs->prompt_text[n - 1] = '\0';
        return;
    }
    if (key == UI_K_ESC || key == 27) {
        vs->prompt = false;
        ui_model_set_status(m, "cancelled");
        return;
    }
    if (key != UI_K_ENTER && key != '\n' && key != '\r') {
        ui_model_set_status(m, "type a step number, or a time like 12.5, then Enter (Esc cancels)");
        return;
    }
    vs->prompt = false;
    if (!vs->prompt_text[0]) {
        ui_model_set_status(m, "nothing to go to: type a step number, or a time like 12.5, then Enter");
        return;
    }
    if (strchr(vs->prompt_text, '.'))
        go_to_time(m, vs->prompt_text);
    else
        go_to_step(m, vs->prompt_text);
}

static void toggle_playing(UiModel *m)
{
    ui_model_set_playing(m, !ui_model_playing(m));
    if (ui_model_finished(m))
        say_ended(m);
    else
        ui_model_set_status(m, ui_model_playing(m) ? "playing" : "paused");
}

/* t, g and c: the stats overlay, the timeline, the code pane. */
static void toggle_pane(UiModel *m, UiViewState *vs, int key)
{
    if (vs->big) {
        /* The projector layout has no room for them. */
        ui_model_set_status(m, "%s in the normal layout: start without --big",
                            key == 't' ? "stats are" : key == 'g' ? "the timeline and its scrubber are"
                                                                  : "the code pane is");
        return;
    }
    if (key == 'c') {
        vs->code = !vs->code;
        ui_model_set_status(m, vs->code ? "code pane: each task's marker sits at the line it is at"
                                        : "code pane off");
    } else if (key == 't') {
        /* One overlay at a time: each would hide the other. */
        vs->stats = !vs->stats;
        vs->timeline = vs->timeline && !vs->stats;
    } else {
        vs->timeline = !vs->timeline;
        vs->stats = vs->stats && !vs->timeline;
        ui_model_set_playing(m, false);
        ui_model_set_status(m, vs->timeline ? "timeline: the whole run, the current moment marked"
                                            : "timeline closed");
    }
}

static void seek_end(UiModel *m)
{
    ui_model_set_playing(m, false);
    char end[300];
    if (ui_model_seek_end(m) && explain_end(ui_model_run(m), end, sizeof end))
        ui_model_set_status(m, "At the end, step %" PRIu64 ". %s", ui_model_step_number(m), end);
    else
        ui_model_set_status(m, "step %" PRIu64 ": End goes %d events at a time and the program goes on; End again",
                            ui_model_step_number(m), UI_MODEL_SEEK_STEPS);
}

/* s: set the shutdown Event; a scenario without one says what it has. */
static void shutdown_key(UiModel *m)
{
    const UiSetup *setup = ui_model_setup(m);
    if (!setup->scenario->has_shutdown_event && scn_takes(setup->scenario, SCN_PARAM_SHUTDOWN_AT)) {
        char at[32];
        sim_fmt_repr(at, sizeof at, setup->params.v[SCN_PARAM_SHUTDOWN_AT]);
        ui_model_set_status(m, "%s has no shutdown Event: main() calls queue.shutdown() itself at "
                               "t=%s (start it with --shutdown-at to choose when)",
                            setup->scenario->name, at);
        return;
    }
    if (ui_model_live(m, SCN_LIVE_SET_SHUTDOWN, 0)) {
        ui_model_set_status(m, "shutdown.set(): every task sees it at its next check");
        note_dropped(m);
    }
}

/* v: the next CPython version the scenario runs on, replayed from the start. */
static void next_version(UiModel *m)
{
    const UiSetup *setup = ui_model_setup(m);
    SimPyVersion v = setup->version;
    do
        v = (SimPyVersion)((v + 1) % SIM_PY_VERSION_COUNT);
    while (v < setup->scenario->min_version);
    if (v == setup->version) {
        ui_model_set_status(m, "%s runs only on Python %s", setup->scenario->name,
                            sim_py_version_name(v));
        return;
    }
    ui_model_set_version(m, v); /* its status says what became of the live changes */
}

/* A selected task that a step back, a seek, a restart or a version switch
 * took out of the run (an added worker) is no longer selected. */
static void drop_stale_selection(const UiModel *m, UiViewState *vs)
{
    if (m && vs->selected >= 0 && (size_t)vs->selected >= scn_run_task_count(ui_model_run(m)))
        vs->selected = -1;
}

static UiKeyResult apply_key(UiModel **mp, UiViewState *vs, const UiSetup *base, int key);

/* PgUp/PgDn: what the program printed earlier, five lines at a time (the
 * view brings it back into range as it draws); any other key comes back
 * to the latest lines. */
static bool scroll_key(const UiModel *m, UiViewState *vs, int key)
{
    if (key != UI_K_PGUP && key != UI_K_PGDN) {
        vs->scroll = 0;
        return false;
    }
    int lines = m ? (int)ui_model_line_count(m) : 0;
    vs->scroll += key == UI_K_PGUP ? 5 : -5;
    if (vs->scroll > lines)
        vs->scroll = lines;
    if (vs->scroll < 0)
        vs->scroll = 0;
    return true;
}

UiKeyResult ui_keys_apply(UiModel **mp, UiViewState *vs, const UiSetup *base, int key)
{
    drop_stale_selection(*mp, vs);
    if (vs->screen == UI_SCREEN_DASHBOARD && !vs->help && !vs->why && !vs->prompt && !vs->timeline &&
        scroll_key(*mp, vs, key))
        return UI_KEEP_GOING;
    UiKeyResult r = apply_key(mp, vs, base, key);
    drop_stale_selection(*mp, vs);
    return r;
}

static UiKeyResult apply_key(UiModel **mp, UiViewState *vs, const UiSetup *base, int key)
{
    if (vs->help) {
        /* ? turns the page; any other key closes the overlay. */
        vs->help = key == '?' && vs->help == 1 ? 2 : 0;
        return UI_KEEP_GOING;
    }
    if (vs->why) {
        vs->why = false;
        return UI_KEEP_GOING;
    }
    if (vs->screen == UI_SCREEN_PICKER || !*mp)
        return picker_key(mp, vs, base, key);
    UiModel *m = *mp;
    if (vs->prompt) {
        prompt_key(m, vs, key);
        return UI_KEEP_GOING;
    }
    if (key == 'q' || key == 'Q')
        return UI_QUIT;
    if (quiz_key(m, vs, key))
        return UI_KEEP_GOING;
    if (key != vs->confirm_key)
        vs->confirm_key = 0;
    /* In the timeline a number is a step or a time to go to (the ':' may be
     * left out), never a scenario to switch to. */
    if (vs->timeline && ((key >= '0' && key <= '9') || key == '.')) {
        vs->confirm_key = 0;
        open_prompt(vs, key);
        return UI_KEEP_GOING;
    }
    switch (key) {
    case UI_K_ESC:
    case 27:
        vs->stats = vs->timeline = false;
        break;
    case ' ':
        toggle_playing(m);
        break;
    case 'n':
    case UI_K_RIGHT:
        ui_model_set_playing(m, false);
        ui_model_set_status(m, "%s", "");
        if (vs->quiz.on && ui_quiz_ask(&vs->quiz, m))
            break; /* predict first; the answer key takes the step */
        if (!ui_model_step(m))
            say_ended(m);
        else if (vs->quiz.on && !*ui_model_status(m))
            ui_model_set_status(m, "predict: no question at that step (nothing there to choose "
                                   "between); n goes on");
        break;
    case 't':
    case 'g':
    case 'c':
        toggle_pane(m, vs, key);
        break;
    case ':':
        if (vs->big) {
            toggle_pane(m, vs, 'g');
            break;
        }
        /* The timeline shows where a step or a time is: it opens with it. */
        if (!vs->timeline)
            toggle_pane(m, vs, 'g');
        open_prompt(vs, '\0');
        break;
    case UI_K_HOME:
        ui_model_set_playing(m, false);
        ui_model_seek(m, 0);
        vs->stats = false; /* the end-of-run summary has nothing to say here */
        ui_model_set_status(m, "at the start");
        break;
    case UI_K_END:
        seek_end(m);
        break;
    case 'l':
        ui_model_set_lesson(m, !ui_model_lesson(m));
        ui_model_set_status(m, ui_model_lesson(m)
                                   ? "lesson mode: playing pauses at each teaching moment; space goes on"
                                   : "lesson mode off");
        break;
    case 'p':
        vs->quiz.on = !vs->quiz.on;
        ui_model_set_playing(m, false);
        ui_model_set_status(m, vs->quiz.on ? "predict mode: press n, answer with 1-4, then see"
                                           : "predict mode off");
        break;
    case 'x':
        if (ui_model_setup(m)->scenario->mistakes &&
            !confirmed_leaving(m, vs, 'x', "restart with the next mistake switch"))
            break;
        next_mistake(m);
        if (ui_model_setup(m)->scenario->mistakes) {
            vs->selected = -1;
            vs->stats = false; /* a restart: the summary was the old run's */
        }
        break;
    case UI_K_ENTER:
    case '\n':
    case '\r':
        if (vs->selected < 0) {
            ui_model_set_status(m, "select a task with Up/Down first, then Enter asks why it waits");
            break;
        }
        vs->why = true;
        break;
    case 'b':
    case UI_K_LEFT:
        ui_model_set_playing(m, false);
        if (!ui_model_step_back(m))
            ui_model_set_status(m, "already at the start");
        else
            ui_model_set_status(m, "stepped back");
        break;
    case '+':
    case '=':
        ui_model_faster(m);
        ui_model_set_status(m, "speed %gx", ui_model_speed(m));
        break;
    case '-':
    case '_':
        ui_model_slower(m);
        ui_model_set_status(m, "speed %gx", ui_model_speed(m));
        break;
    case 'm':
        change_maxsize(m, -1);
        break;
    case 'M':
        change_maxsize(m, +1);
        break;
    case 'W':
        worker_key(m, vs, SCN_LIVE_ADD_WORKER);
        break;
    case 'w':
        worker_key(m, vs, SCN_LIVE_RETIRE_WORKER);
        break;
    case 'k':
        worker_key(m, vs, SCN_LIVE_CANCEL_WORKER);
        break;
    case 's':
        shutdown_key(m);
        break;
    case 'v':
        next_version(m);
        break;
    case 'r':
        if (!confirmed(m, vs, ui_model_has_own_changes(m), 'r', "restart"))
            break;
        ui_model_restart(m);
        vs->selected = -1;
        vs->stats = false;
        break;
    case '\t':
        open_scenario(mp, vs, base, (scenario_index(ui_model_setup(m)->scenario) + 1) % scn_count(), key);
        break;
    case UI_K_UP:
        move_selection(m, vs, -1);
        break;
    case UI_K_DOWN:
        move_selection(m, vs, +1);
        break;
    case '?':
        vs->help = 1;
        break;
    default: {
        size_t index;
        if (digit_scenario(key, &index))
            open_scenario(mp, vs, base, index, key);
        break;
    }
    }
    return UI_KEEP_GOING;
}
