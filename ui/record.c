/* record.c - the session file: writing, strict parsing, and replaying it.
 *
 * The parser checks everything it can without running the program (names,
 * ranges, order, what the scenario can be asked to do), so a teacher finds
 * a typo when loading the file, not halfway through the demo. What only
 * the run can tell (is task 3 still a worker at step 41?) is reported when
 * the recording is replayed.
 */
#include "ui/record.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/fmt.h"
#include "sim/rng.h"
#include "sim/xalloc.h"
#include "ui/cli.h"
#include "ui/explain.h"

/* ---- names ---- */

static const char *const live_names[] = {
    [SCN_LIVE_MAXSIZE] = "maxsize",
    [SCN_LIVE_ADD_WORKER] = "add-worker",
    [SCN_LIVE_RETIRE_WORKER] = "retire-worker",
    [SCN_LIVE_CANCEL_WORKER] = "cancel-worker",
    [SCN_LIVE_SET_SHUTDOWN] = "set-shutdown",
};
enum { NLIVE = sizeof live_names / sizeof live_names[0] };

/* Retire and cancel name a task by its index in scn_run_task_at order;
 * index 0 is always main, so a worker is 1 or more. The upper bound is far
 * past any run (workers are capped at 10000) and keeps the value a long. */
#define MAX_TASK_INDEX 1000000L

const char *ui_record_live_name(ScnLiveKind kind)
{
    return (unsigned)kind < NLIVE ? live_names[kind] : "?";
}

static bool live_takes_arg(ScnLiveKind kind)
{
    return kind == SCN_LIVE_MAXSIZE || kind == SCN_LIVE_RETIRE_WORKER ||
           kind == SCN_LIVE_CANCEL_WORKER;
}

/* "maxsize 5", "add-worker": an input as the file spells it. */
static void describe_input(const ScnLive *in, char *buf, size_t size)
{
    if (live_takes_arg(in->kind))
        snprintf(buf, size, "%s %ld", ui_record_live_name(in->kind), in->arg);
    else
        snprintf(buf, size, "%s", ui_record_live_name(in->kind));
}

/* A time for people: up to six decimals, trailing zeros dropped but one
 * kept ("1.0", "2.5", "0.3" for 0.30000000000000004). The parser ignores
 * it, so rounding loses nothing. */
static void format_time(double t, char *buf, size_t size)
{
    size_t n = sim_fmt_fixed(buf, size, t, 6);
    char *dot = memchr(buf, '.', n);
    if (!dot)
        return;
    while (n > (size_t)(dot - buf) + 2 && buf[n - 1] == '0')
        buf[--n] = '\0';
}

/* ---- replaying ---- */

/* What happened to one input during a replay. */
typedef struct {
    bool reached;       /* its step came (else the run ended first) */
    bool applied;       /* scn_run_live accepted it */
    const char *why;    /* why not (static text from scn_run_live) */
    double time;        /* the virtual time when it was applied */
    char task[48];      /* retire/cancel: the task it named; add: the new one */
    size_t task_index;  /* add-worker: the new task's index */
} InputNote;

/* Run a recording, applying each input right before the callback whose
 * index equals its step: the rule of the dashboard's model (ui_model_step
 * and replay_to apply every input whose step <= sim_loop_steps before the
 * next callback, including after the run has stopped). With to_end false
 * the replay stops once the last input is applied. notes (may be NULL)
 * gets one entry per input. */
static ScnRun *replay(const UiRecording *rec, const SimSinks *sinks, bool to_end, InputNote *notes)
{
    ScnConfig cfg = {.version = rec->version, .seed = rec->seed};
    if (sinks)
        cfg.sinks = *sinks;
    ScnRun *run = scn_run_new(rec->scenario, &rec->params, &cfg);
    size_t next = 0;
    for (;;) {
        uint64_t now = sim_loop_steps(scn_run_loop(run));
        while (next < rec->ninputs && rec->inputs[next].step <= now) {
            const ScnLive *in = &rec->inputs[next];
            InputNote note = {.reached = true, .time = sim_loop_time(scn_run_loop(run))};
            if ((in->kind == SCN_LIVE_RETIRE_WORKER || in->kind == SCN_LIVE_CANCEL_WORKER) &&
                in->arg >= 0 && (size_t)in->arg < scn_run_task_count(run))
                snprintf(note.task, sizeof note.task, "%s",
                         scn_run_task_at(run, (size_t)in->arg)->name);
            note.applied = scn_run_live(run, in->kind, in->arg, &note.why);
            if (note.applied && in->kind == SCN_LIVE_ADD_WORKER) {
                note.task_index = scn_run_task_count(run) - 1;
                snprintf(note.task, sizeof note.task, "%s",
                         scn_run_task_at(run, note.task_index)->name);
            }
            if (notes)
                notes[next] = note;
            next++;
        }
        if (!to_end && next == rec->ninputs)
            break;
        if (scn_run_status(run) != SIM_RUN_RUNNING)
            break;
        scn_run_step(run);
    }
    for (; next < rec->ninputs; next++)
        if (notes)
            notes[next] = (InputNote){.time = sim_loop_time(scn_run_loop(run))};
    return run;
}

/* Changes that could not be made, one line each up to this many; then
 * how many more (a file of a hundred thousand must not flood stderr). */
enum { REPORT_MAX = 10 };

static void report_inputs(const UiRecording *rec, const InputNote *notes, ScnRun *run, FILE *err)
{
    if (!err)
        return;
    size_t said = 0, more = 0;
    for (size_t i = 0; i < rec->ninputs; i++) {
        if (notes[i].applied)
            continue;
        if (said == REPORT_MAX) {
            more++;
            continue;
        }
        said++;
        char what[64];
        describe_input(&rec->inputs[i], what, sizeof what);
        if (!notes[i].reached)
            fprintf(err, "aqsim: live change %zu (step %llu, %s) was not applied: the run "
                         "ended at step %llu\n",
                    i + 1, (unsigned long long)rec->inputs[i].step, what,
                    (unsigned long long)sim_loop_steps(scn_run_loop(run)));
        else
            fprintf(err, "aqsim: live change %zu (step %llu, %s) was not applied: %s\n", i + 1,
                    (unsigned long long)rec->inputs[i].step, what,
                    notes[i].why ? notes[i].why : "not possible then");
    }
    if (more)
        fprintf(err, "aqsim: and %zu more live change%s not applied\n", more, more == 1 ? " was" : "s were");
}

ScnRun *ui_record_run(const UiRecording *rec, const SimSinks *sinks, FILE *err)
{
    InputNote *notes = sim_xcalloc(rec->ninputs ? rec->ninputs : 1, sizeof *notes);
    ScnRun *run = replay(rec, sinks, true, notes);
    report_inputs(rec, notes, run, err);
    free(notes);
    return run;
}

static void print_to(void *ctx, const char *text, size_t len)
{
    fwrite(text, 1, len, (FILE *)ctx);
}

int ui_record_run_headless(const UiRecording *rec, FILE *out, FILE *err)
{
    SimSinks sinks = {.print = print_to, .ctx = out};
    ScnRun *run = ui_record_run(rec, &sinks, err);
    fflush(out);
    int status = explain_run_end(run, err);
    scn_run_free(run);
    return status;
}

/* ---- writing ---- */

/* A comment naming the task indices retire-worker and cancel-worker take,
 * as the program creates its tasks (a few callbacks in), for whoever edits
 * the file by hand. */
static void write_task_list(FILE *f, const UiRecording *rec)
{
    if (!rec->scenario->new_worker)
        return;
    ScnConfig cfg = {.version = rec->version, .seed = rec->seed};
    ScnRun *run = scn_run_new(rec->scenario, &rec->params, &cfg);
    for (int i = 0; i < 4 && scn_run_status(run) == SIM_RUN_RUNNING; i++)
        scn_run_step(run);
    fputs("# tasks:", f);
    for (size_t i = 0; i < scn_run_task_count(run); i++)
        fprintf(f, " %zu %s%s", i, scn_run_task_at(run, i)->name, i + 1 < scn_run_task_count(run) ? "," : "");
    fputs(" (added workers take the next numbers)\n", f);
    scn_run_free(run);
}

bool ui_record_write(FILE *f, const UiRecording *rec)
{
    const Scenario *s = rec->scenario;
    fprintf(f, "# aqsim session %d\n", UI_RECORD_FORMAT);
    fprintf(f, "# written by aqsim %s; the format is in doc/replay-format.md\n", AQSIM_VERSION);
    fprintf(f, "scenario %s\n", s->name);
    fprintf(f, "python %s\n", sim_py_version_name(rec->version));
    /* The seed is kept as the user wrote it, minus the blanks int() allows
     * around it (they would split the line). */
    const char *seed = rec->seed;
    size_t len = strnlen(seed, sizeof rec->seed);
    while (len && strchr(" \t\n\v\f\r", *seed)) {
        seed++;
        len--;
    }
    while (len && strchr(" \t\n\v\f\r", seed[len - 1]))
        len--;
    if (len)
        fprintf(f, "seed %.*s\n", (int)len, seed);
    else
        fputs("seed 0\n", f);
    for (int k = 0; k < SCN_MISTAKE_COUNT; k++)
        if ((rec->params.mistakes >> k) & 1u)
            fprintf(f, "mistake %s\n", scn_mistake_name((ScnMistake)k));
    /* Every parameter the scenario takes, defaults too: the file says
     * everything the run depends on, even if a default changes later. */
    for (int id = 0; id < SCN_PARAM_COUNT; id++) {
        if (!scn_takes(s, (ScnParamId)id))
            continue;
        /* Except maxsize under the unbounded mistake, which leaves it out. */
        if (id == SCN_PARAM_MAXSIZE && scn_has_mistake(&rec->params, SCN_MISTAKE_UNBOUNDED))
            continue;
        const ScnParamInfo *pi = scn_param_info((ScnParamId)id);
        char value[40];
        if (pi->is_int)
            snprintf(value, sizeof value, "%.0f", rec->params.v[id]);
        else
            sim_fmt_repr(value, sizeof value, rec->params.v[id]);
        fprintf(f, "param %s %s\n", pi->flag, value);
    }
    write_task_list(f, rec);
    if (rec->ninputs) {
        InputNote *notes = sim_xcalloc(rec->ninputs, sizeof *notes);
        scn_run_free(replay(rec, NULL, false, notes));
        for (size_t i = 0; i < rec->ninputs; i++) {
            const ScnLive *in = &rec->inputs[i];
            const InputNote *no = &notes[i];
            char t[40], what[64];
            format_time(no->time, t, sizeof t);
            describe_input(in, what, sizeof what);
            fprintf(f, "live %llu t=%s %s", (unsigned long long)in->step, t, what);
            if (!no->reached)
                fputs("  # never reached: the run ends before this step", f);
            else if (!no->applied)
                fprintf(f, "  # refused: %s", no->why ? no->why : "not possible then");
            else if (in->kind == SCN_LIVE_ADD_WORKER)
                fprintf(f, "  # %s, task %zu", no->task, no->task_index);
            else if (no->task[0])
                fprintf(f, "  # %s", no->task);
            fputc('\n', f);
        }
        free(notes);
    }
    return fflush(f) == 0 && !ferror(f);
}

bool ui_record_write_file(const char *path, const UiRecording *rec)
{
    errno = 0;
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = ui_record_write(f, rec);
    int first = errno; /* the first failure's reason, not fclose's */
    if (fclose(f) != 0 && ok) {
        ok = false;
        first = errno;
    }
    errno = first ? first : EIO;
    return ok;
}

/* ---- parsing ---- */

typedef struct {
    const char *file;
    size_t line;
    char *err;
    size_t errsize;
    UiRecording rec;
    size_t cap_inputs;
    size_t line_scenario, line_python, line_seed, line_first_live, line_last_live;
    size_t line_param[SCN_PARAM_COUNT];
    size_t line_mistake[SCN_MISTAKE_COUNT];
} Parser;

/* A file name for a message: it comes from the user too, so control
 * characters become '?' to keep the message on one line. */
static void safe_name(const char *name, char *buf, size_t size)
{
    size_t n = 0;
    for (const char *c = name; *c && n + 1 < size; c++)
        buf[n++] = (unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c;
    buf[n] = '\0';
}

/* Report a problem at the current line. Always returns false. */
static bool fail(Parser *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static bool fail(Parser *p, const char *fmt, ...)
{
    if (!p->err || p->errsize == 0)
        return false;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char file[256];
    safe_name(p->file, file, sizeof file);
    snprintf(p->err, p->errsize, "%s:%zu: %s", file, p->line, msg);
    return false;
}

/* A token for a message, cut (on a UTF-8 boundary) if long. Lines are
 * checked to be UTF-8 without control characters before anything is
 * quoted, so this is safe to print. */
static const char *shown(const char *tok, char buf[72])
{
    size_t n = strlen(tok);
    if (n <= 60)
        return tok;
    n = 56;
    while (n > 0 && ((unsigned char)tok[n] & 0xC0) == 0x80)
        n--;
    snprintf(buf, 72, "%.*s...", (int)n, tok);
    return buf;
}

/* Whether a line is UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF) and free of control characters other than tab. On failure
 * *bad is the offending byte. */
static bool clean_utf8(const unsigned char *s, size_t n, unsigned *bad, bool *control)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                *bad = c;
                *control = true;
                return false;
            }
            i++;
            continue;
        }
        *control = false;
        *bad = c;
        size_t len;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return false;
        }
        if (i + len > n)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        /* C1 controls (U+0080..U+009F) act on terminals as escapes do. */
        if (cp < 0xA0) {
            *control = true;
            *bad = cp;
            return false;
        }
        i += len;
    }
    return true;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* An integer written in decimal with an optional sign. Huge values are
 * clamped to 1e18: out of every range, still finite, still reported with
 * the text as written. */
static bool parse_int(const char *tok, double *out)
{
    const char *c = tok;
    bool neg = false;
    if (*c == '+' || *c == '-')
        neg = *c++ == '-';
    if (!*c)
        return false;
    double v = 0;
    for (; *c; c++) {
        if (!is_digit(*c))
            return false;
        v = v * 10 + (*c - '0');
        if (v > 1e18)
            v = 1e18;
    }
    *out = neg ? -v : v;
    return true;
}

/* A decimal number: [sign] digits [. digits] [e [sign] digits], with at
 * least one digit before or after the point. No hex, no inf, no nan: the
 * syntax is checked before strtod sees it. An overflow comes out as inf,
 * which the range checks refuse. */
static bool parse_number(const char *tok, double *out)
{
    const char *c = tok;
    if (*c == '+' || *c == '-')
        c++;
    size_t digits = 0;
    while (is_digit(*c)) {
        c++;
        digits++;
    }
    if (*c == '.') {
        c++;
        while (is_digit(*c)) {
            c++;
            digits++;
        }
    }
    if (digits == 0)
        return false;
    if (*c == 'e' || *c == 'E') {
        c++;
        if (*c == '+' || *c == '-')
            c++;
        if (!is_digit(*c))
            return false;
        while (is_digit(*c))
            c++;
    }
    if (*c)
        return false;
    *out = strtod(tok, NULL);
    return true;
}

/* A step: digits only, up to 2**64 - 1. */
static bool parse_step(const char *tok, uint64_t *out, bool *overflow)
{
    *overflow = false;
    if (!*tok)
        return false;
    uint64_t v = 0;
    for (const char *c = tok; *c; c++) {
        if (!is_digit(*c))
            return false;
        unsigned d = (unsigned)(*c - '0');
        if (v > (UINT64_MAX - d) / 10)
            *overflow = true;
        else
            v = v * 10 + d;
    }
    *out = v;
    return !*overflow;
}

/* Check a parameter value written as tok; on success *out holds it. The
 * message follows the command line's ("maxsize must be an integer from 0
 * to 1000000, not -3") without the dashes, which a file does not use. */
static bool param_value(Parser *p, ScnParamId id, const char *tok, double *out)
{
    const ScnParamInfo *pi = scn_param_info(id);
    char range[100], buf[72];
    scn_param_range(id, range, sizeof range);
    double v;
    bool ok = pi->is_int ? parse_int(tok, &v) : parse_number(tok, &v);
    if (!ok)
        return fail(p, "%s must be %s, not '%s'", pi->flag, range, shown(tok, buf));
    if (scn_param_check(id, v))
        return fail(p, "%s must be %s, not %s", pi->flag, range, shown(tok, buf));
    *out = v;
    return true;
}

static void list_params(const Scenario *s, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int id = 0; id < SCN_PARAM_COUNT; id++)
        if (scn_takes(s, (ScnParamId)id) && len < size)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
                                    scn_param_info((ScnParamId)id)->flag);
}

static void list_mistakes(unsigned bits, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int k = 0; k < SCN_MISTAKE_COUNT; k++)
        if ((bits >> k) & 1u && len < size)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
                                    scn_mistake_name((ScnMistake)k));
}

enum { MAX_TOKENS = 8 };

/* Split a line on blanks; a token starting with '#' starts a comment.
 * Returns the number of tokens, MAX_TOKENS + 1 when there are too many. */
static int tokenize(char *line, char *tok[MAX_TOKENS])
{
    int n = 0;
    char *c = line;
    for (;;) {
        while (*c == ' ' || *c == '\t')
            c++;
        if (!*c || *c == '#')
            return n;
        if (n == MAX_TOKENS)
            return MAX_TOKENS + 1;
        tok[n++] = c;
        while (*c && *c != ' ' && *c != '\t')
            c++;
        if (*c)
            *c++ = '\0';
    }
}

/* Settings come before the live lines, and the scenario before anything
 * that depends on it. */
static bool check_order(Parser *p, const char *key, bool needs_scenario)
{
    if (p->line_first_live)
        return fail(p, "'%s' must come before the first live line (line %zu)", key,
                    p->line_first_live);
    if (needs_scenario && !p->rec.scenario)
        return fail(p, "'%s' before the scenario line (name the scenario first, like "
                       "'scenario backpressure')",
                    key);
    return true;
}

static bool duplicate(Parser *p, const char *what, size_t first)
{
    return fail(p, "duplicate %s (the first is on line %zu)", what, first);
}

static bool take_scenario(Parser *p, char **tok, int n)
{
    if (n != 2)
        return fail(p, "'scenario' takes one name, like 'scenario backpressure'");
    if (p->line_scenario)
        return duplicate(p, "'scenario' line", p->line_scenario);
    if (!check_order(p, "scenario", false))
        return false;
    const Scenario *s = scn_find(tok[1]);
    if (!s) {
        char names[512] = "", buf[72];
        size_t len = 0;
        for (size_t i = 0; i < scn_count() && len < sizeof names; i++)
            len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "",
                                    scn_at(i)->name);
        return fail(p, "unknown scenario '%s' (valid: %s)", shown(tok[1], buf), names);
    }
    p->rec.scenario = s;
    p->rec.params = scn_defaults(s);
    p->line_scenario = p->line;
    return true;
}

static bool take_python(Parser *p, char **tok, int n)
{
    char buf[72];
    if (n != 2)
        return fail(p, "'python' takes one version, like 'python 3.11'");
    if (p->line_python)
        return duplicate(p, "'python' line", p->line_python);
    if (!check_order(p, "python", false))
        return false;
    if (!sim_py_version_parse(tok[1], &p->rec.version))
        return fail(p, "python must be 3.11, 3.12 or 3.13, not '%s'", shown(tok[1], buf));
    p->line_python = p->line;
    return true;
}

static bool take_seed(Parser *p, char **tok, int n)
{
    char buf[72];
    if (n != 2)
        return fail(p, "'seed' takes one integer, like 'seed 42'");
    if (p->line_seed)
        return duplicate(p, "'seed' line", p->line_seed);
    if (!check_order(p, "seed", false))
        return false;
    SimRng probe;
    if (!sim_rng_seed_text(&probe, tok[1]))
        return fail(p, "seed must be an integer (any whole number, like 0, 42 or -7), not '%s'",
                    shown(tok[1], buf));
    if (sim_rng_seed_digits(tok[1]) > SIM_RNG_SEED_MAX_DIGITS)
        return fail(p, "seed has %zu digits, too many (Python's int() takes up to %d)",
                    sim_rng_seed_digits(tok[1]), SIM_RNG_SEED_MAX_DIGITS);
    if (strlen(tok[1]) >= sizeof p->rec.seed)
        return fail(p, "seed is longer than %zu characters", sizeof p->rec.seed - 1);
    snprintf(p->rec.seed, sizeof p->rec.seed, "%s", tok[1]);
    p->line_seed = p->line;
    return true;
}

static bool take_mistake(Parser *p, char **tok, int n)
{
    char buf[72], names[256];
    if (n != 2)
        return fail(p, "'mistake' takes one name, like 'mistake forget-task-done'");
    if (!check_order(p, "mistake", true))
        return false;
    const Scenario *s = p->rec.scenario;
    ScnMistake mk;
    if (!scn_mistake_parse(tok[1], &mk)) {
        list_mistakes((1u << SCN_MISTAKE_COUNT) - 1, names, sizeof names);
        return fail(p, "unknown mistake '%s' (valid: %s)", shown(tok[1], buf), names);
    }
    if (p->line_mistake[mk])
        return fail(p, "duplicate mistake '%s' (the first is on line %zu)", tok[1],
                    p->line_mistake[mk]);
    if (!((s->mistakes >> mk) & 1u)) {
        if (!s->mistakes)
            return fail(p, "mistake '%s' does not apply to %s (it has none)", tok[1], s->name);
        list_mistakes(s->mistakes, names, sizeof names);
        return fail(p, "mistake '%s' does not apply to %s (it has: %s)", tok[1], s->name,
                    names);
    }
    p->rec.params.mistakes |= 1u << mk;
    p->line_mistake[mk] = p->line;
    return true;
}

static bool take_param(Parser *p, char **tok, int n)
{
    char buf[72], takes[160];
    if (n != 3)
        return fail(p, "'param' takes a name and a value, like 'param maxsize 3'");
    if (!check_order(p, "param", true))
        return false;
    const Scenario *s = p->rec.scenario;
    int id = 0;
    while (id < SCN_PARAM_COUNT && strcmp(scn_param_info((ScnParamId)id)->flag, tok[1]) != 0)
        id++;
    list_params(s, takes, sizeof takes);
    if (id == SCN_PARAM_COUNT) {
        if (takes[0])
            return fail(p, "unknown parameter '%s' (%s takes: %s)", shown(tok[1], buf), s->name,
                        takes);
        return fail(p, "unknown parameter '%s' (%s takes no parameters)", shown(tok[1], buf),
                    s->name);
    }
    if (!scn_takes(s, (ScnParamId)id)) {
        if (takes[0])
            return fail(p, "%s does not take parameter '%s' (it takes: %s)", s->name, tok[1],
                        takes);
        return fail(p, "%s does not take parameter '%s' (it takes no parameters)", s->name,
                    tok[1]);
    }
    if (p->line_param[id])
        return fail(p, "duplicate parameter '%s' (the first is on line %zu)", tok[1],
                    p->line_param[id]);
    if (!param_value(p, (ScnParamId)id, tok[2], &p->rec.params.v[id]))
        return false;
    p->line_param[id] = p->line;
    return true;
}

static bool take_live(Parser *p, char **tok, int n)
{
    static const char usage[] = "a live line is 'live STEP [t=TIME] CHANGE [VALUE]', like "
                                "'live 12 t=1.0 maxsize 5'";
    char buf[72];
    if (!p->rec.scenario)
        return fail(p, "'live' before the scenario line (name the scenario first, like "
                       "'scenario backpressure')");
    if (n < 3)
        return fail(p, "%s", usage);
    ScnLive in = {0};
    bool overflow;
    if (!parse_step(tok[1], &in.step, &overflow)) {
        if (overflow)
            return fail(p, "step %s is too large (at most %llu)", shown(tok[1], buf),
                        (unsigned long long)UINT64_MAX);
        return fail(p, "the step must be a whole number (0 or more), not '%s'",
                    shown(tok[1], buf));
    }
    int k = 2;
    if (strncmp(tok[k], "t=", 2) == 0) {
        /* The time is for people; checked, then ignored. */
        double t;
        if (!parse_number(tok[k] + 2, &t) || !isfinite(t) || t < 0)
            return fail(p, "t= must be a time in seconds (a number, 0 or more), not '%s'",
                        shown(tok[k] + 2, buf));
        k++;
    }
    if (k >= n)
        return fail(p, "%s", usage);
    const char *kind = tok[k++];
    int kid = 0;
    while (kid < NLIVE && strcmp(live_names[kid], kind) != 0)
        kid++;
    if (kid == NLIVE)
        return fail(p, "unknown live change '%s' (valid: maxsize, add-worker, retire-worker, "
                       "cancel-worker, set-shutdown)",
                    shown(kind, buf));
    in.kind = (ScnLiveKind)kid;
    const Scenario *s = p->rec.scenario;
    if (!live_takes_arg(in.kind)) {
        if (k < n)
            return fail(p, "%s takes no value, not '%s'", kind, shown(tok[k], buf));
    } else if (k >= n) {
        return fail(p, "%s needs a value: %s", kind,
                    in.kind == SCN_LIVE_MAXSIZE ? "the new maxsize" : "the worker's task index");
    } else if (k + 1 < n) {
        return fail(p, "%s takes one value; '%s' is one too many", kind, shown(tok[k + 1], buf));
    }
    switch (in.kind) {
    case SCN_LIVE_MAXSIZE: {
        if (!scn_takes(s, SCN_PARAM_MAXSIZE))
            return fail(p, "%s's queue has no maxsize to change", s->name);
        double v;
        if (!param_value(p, SCN_PARAM_MAXSIZE, tok[k], &v))
            return false;
        in.arg = (long)v;
        break;
    }
    case SCN_LIVE_ADD_WORKER:
        if (!s->new_worker)
            return fail(p, "%s has no workers to add", s->name);
        break;
    case SCN_LIVE_RETIRE_WORKER:
    case SCN_LIVE_CANCEL_WORKER: {
        if (!s->new_worker)
            return fail(p, "%s has no workers to %s", s->name,
                        in.kind == SCN_LIVE_RETIRE_WORKER ? "retire" : "cancel");
        double v;
        if (!parse_int(tok[k], &v) || v < 1 || v > MAX_TASK_INDEX)
            return fail(p, "%s needs a task index from 1 to %ld (0 is main), not '%s'", kind,
                        MAX_TASK_INDEX, shown(tok[k], buf));
        in.arg = (long)v;
        break;
    }
    case SCN_LIVE_SET_SHUTDOWN:
        if (!s->has_shutdown_event)
            return fail(p, "%s has no shutdown Event to set", s->name);
        break;
    }
    if (p->rec.ninputs > 0 && in.step < p->rec.inputs[p->rec.ninputs - 1].step)
        return fail(p, "live step %llu comes before step %llu on line %zu",
                    (unsigned long long)in.step,
                    (unsigned long long)p->rec.inputs[p->rec.ninputs - 1].step,
                    p->line_last_live);
    if (p->rec.ninputs >= UI_RECORD_MAX_INPUTS)
        return fail(p, "more than %d live lines", UI_RECORD_MAX_INPUTS);
    sim_xgrow((void **)&p->rec.inputs, &p->cap_inputs, p->rec.ninputs + 1, sizeof in);
    p->rec.inputs[p->rec.ninputs++] = in;
    if (!p->line_first_live)
        p->line_first_live = p->line;
    p->line_last_live = p->line;
    return true;
}

/* The first line: "# aqsim session N". */
static bool take_header(Parser *p, char *line)
{
    char *tok[MAX_TOKENS];
    static const char want[] = "the first line must be '# aqsim session 1'";
    /* The header is a comment to the tokenizer; look past the '#'. */
    if (line[0] != '#')
        return fail(p, "not an aqsim session: %s", want);
    int n = tokenize(line + 1, tok);
    if (n != 3 || strcmp(tok[0], "aqsim") != 0 || strcmp(tok[1], "session") != 0)
        return fail(p, "not an aqsim session: %s", want);
    uint64_t v;
    bool overflow;
    if (!parse_step(tok[2], &v, &overflow))
        return fail(p, "not an aqsim session: %s", want);
    if (v != UI_RECORD_FORMAT)
        return fail(p, "session format %s is not one this aqsim reads (it reads format %d)",
                    tok[2], UI_RECORD_FORMAT);
    return true;
}

static bool take_line(Parser *p, char *line)
{
    char *tok[MAX_TOKENS];
    int n = tokenize(line, tok);
    if (n == 0)
        return true; /* blank or comment */
    if (n > MAX_TOKENS)
        return fail(p, "too many fields on one line");
    char buf[72];
    if (strcmp(tok[0], "scenario") == 0)
        return take_scenario(p, tok, n);
    if (strcmp(tok[0], "python") == 0)
        return take_python(p, tok, n);
    if (strcmp(tok[0], "seed") == 0)
        return take_seed(p, tok, n);
    if (strcmp(tok[0], "mistake") == 0)
        return take_mistake(p, tok, n);
    if (strcmp(tok[0], "param") == 0)
        return take_param(p, tok, n);
    if (strcmp(tok[0], "live") == 0)
        return take_live(p, tok, n);
    return fail(p, "unknown key '%s' (valid: scenario, python, seed, mistake, param, live)",
                shown(tok[0], buf));
}

static bool parse_all(Parser *p, const char *text)
{
    char line[UI_RECORD_MAX_LINE + 1];
    const char *c = text;
    /* A byte-order mark, as some Windows editors write. */
    if ((unsigned char)c[0] == 0xEF && (unsigned char)c[1] == 0xBB && (unsigned char)c[2] == 0xBF)
        c += 3;
    p->line = 0;
    while (*c) {
        p->line++;
        const char *nl = strchr(c, '\n');
        size_t len = nl ? (size_t)(nl - c) : strlen(c);
        const char *next = nl ? nl + 1 : c + len;
        if (nl && len && c[len - 1] == '\r')
            len--; /* a CRLF line: its \r is not part of its length */
        if (len > UI_RECORD_MAX_LINE)
            return fail(p, "line is longer than %d bytes", UI_RECORD_MAX_LINE);
        memcpy(line, c, len);
        c = next;
        /* Trailing blanks, and the \r of a CRLF file. */
        while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
            len--;
        line[len] = '\0';
        unsigned bad;
        bool control;
        if (!clean_utf8((const unsigned char *)line, len, &bad, &control)) {
            if (control)
                return fail(p, "control character U+%04X in the line", bad);
            return fail(p, "the line is not valid UTF-8 (byte 0x%02X)", bad);
        }
        if (!(p->line == 1 ? take_header(p, line) : take_line(p, line)))
            return false;
    }
    if (p->line == 0) {
        p->line = 1;
        return fail(p, "empty file; an aqsim session starts with '# aqsim session 1'");
    }
    if (!p->rec.scenario)
        return fail(p, "no scenario line (add one, like 'scenario backpressure')");
    const Scenario *s = p->rec.scenario;
    if (!p->line_python) {
        /* Not the environment's default: the file alone decides the run. */
        p->rec.version = s->min_version > SIM_PY_3_11 ? s->min_version : SIM_PY_3_11;
    } else if (p->rec.version < s->min_version) {
        p->line = p->line_python;
        return fail(p, "%s needs Python %s or later, not %s", s->name,
                    sim_py_version_name(s->min_version), sim_py_version_name(p->rec.version));
    }
    size_t gather = p->line_mistake[SCN_MISTAKE_GATHER_WORKERS],
           cancel = p->line_mistake[SCN_MISTAKE_CANCEL_BEFORE_JOIN];
    if (gather && cancel) {
        /* As on the command line: both rewrite main's join(). */
        p->line = gather > cancel ? gather : cancel;
        return fail(p, "mistakes gather-workers and cancel-before-join (line %zu) both change main's "
                       "await queue.join(); keep one of them",
                    gather > cancel ? cancel : gather);
    }
    if (p->line_param[SCN_PARAM_MAXSIZE] && p->line_mistake[SCN_MISTAKE_UNBOUNDED]) {
        /* As on the command line: one of the two would be ignored. */
        p->line = p->line_param[SCN_PARAM_MAXSIZE];
        return fail(p, "'mistake unbounded' (line %zu) leaves maxsize out; remove this 'param maxsize'",
                    p->line_mistake[SCN_MISTAKE_UNBOUNDED]);
    }
    const char *bad = scn_params_check(s, &p->rec.params);
    if (bad) {
        /* The values together are too much: blame the last param line
         * among them, else the scenario's defaults. */
        const ScnParamId together[] = {SCN_PARAM_SHUTDOWN_AT, SCN_PARAM_TIMEOUT, SCN_PARAM_WORKERS};
        size_t last = 0;
        for (size_t i = 0; i < sizeof together / sizeof together[0]; i++)
            if (p->line_param[together[i]] > last)
                last = p->line_param[together[i]];
        p->line = last ? last : p->line_scenario;
        return fail(p, "%s (the values of this session's params)", bad);
    }
    return true;
}

bool ui_record_parse(const char *text, const char *filename, UiRecording *out, char *err,
                     size_t errsize)
{
    Parser p = {.file = filename ? filename : "<session>", .err = err, .errsize = errsize};
    snprintf(p.rec.seed, sizeof p.rec.seed, "0");
    if (err && errsize)
        err[0] = '\0';
    if (!parse_all(&p, text ? text : "")) {
        free(p.rec.inputs);
        return false;
    }
    *out = p.rec;
    return true;
}

bool ui_record_read_file(const char *path, UiRecording *out, char *err, size_t errsize)
{
    Parser p = {.file = path, .err = err, .errsize = errsize};
    char name[256];
    safe_name(path, name, sizeof name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        if (err && errsize)
            snprintf(err, errsize, "%s: %s", name, strerror(e));
        return false;
    }
    /* Grow as needed, reading one byte past the cap to tell "too big". */
    size_t cap = 0, n = 0;
    char *text = NULL;
    int read_errno = 0;
    errno = 0;
    for (;;) {
        if (n == cap) {
            if (cap > UI_RECORD_MAX_FILE)
                break;
            cap = cap ? cap * 2 : 4096;
            if (cap > (size_t)UI_RECORD_MAX_FILE + 1)
                cap = (size_t)UI_RECORD_MAX_FILE + 1;
            text = sim_xrealloc(text, cap + 1);
        }
        size_t got = fread(text + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                read_errno = errno ? errno : EIO;
            break;
        }
    }
    fclose(f);
    bool ok = false;
    if (read_errno) {
        if (err && errsize)
            snprintf(err, errsize, "%s: %s", name, strerror(read_errno));
    } else if (n > UI_RECORD_MAX_FILE) {
        if (err && errsize)
            snprintf(err, errsize, "%s: larger than %u bytes; not a session file", name,
                     UI_RECORD_MAX_FILE);
    } else {
        text[n] = '\0';
        const char *nul = memchr(text, '\0', n);
        if (nul) {
            /* Name the line of the NUL, like every other problem. */
            p.line = 1;
            for (const char *c = text; c < nul; c++)
                p.line += *c == '\n';
            fail(&p, "NUL byte in the file; a session is text");
        } else {
            ok = ui_record_parse(text, path, out, err, errsize);
        }
    }
    free(text);
    return ok;
}

void ui_record_free(UiRecording *rec)
{
    if (!rec)
        return;
    free(rec->inputs);
    rec->inputs = NULL;
    rec->ninputs = 0;
}
