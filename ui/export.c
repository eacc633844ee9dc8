/* export.c - write the scenario's Python program with the run's settings. */
#include "ui/export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim/fmt.h"
#include "sim/xalloc.h"
#include "ui/record.h"

/* The program as a list of lines, so the mistakes can edit and insert. */
typedef struct {
    char **line;
    size_t n, cap;
} Lines;

static void lines_insert(Lines *l, size_t at, const char *text)
{
    sim_xgrow((void **)&l->line, &l->cap, l->n + 1, sizeof *l->line);
    memmove(&l->line[at + 1], &l->line[at], (l->n - at) * sizeof *l->line);
    size_t len = strlen(text);
    l->line[at] = sim_xmalloc(len + 1);
    memcpy(l->line[at], text, len + 1);
    l->n++;
}

static void lines_replace(Lines *l, size_t at, const char *text)
{
    free(l->line[at]);
    l->n--;
    memmove(&l->line[at], &l->line[at + 1], (l->n - at) * sizeof *l->line);
    lines_insert(l, at, text);
}

static void lines_free(Lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->line[i]);
    free(l->line);
}

static size_t indent_of(const char *s)
{
    size_t n = 0;
    while (s[n] == ' ')
        n++;
    return n;
}

/* The line's text without its indentation equals text. */
static bool is_stmt(const char *line, const char *text)
{
    return strcmp(line + indent_of(line), text) == 0;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The seed as a Python literal: what the user gave, minus the blanks,
 * the "+" and the leading zeros that int() accepts but a literal does not
 * ("007" is a SyntaxError). The value is unchanged, however large. */
static void seed_literal(const char *seed, char *buf, size_t size)
{
    const char *p = seed;
    size_t n = 0;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        p++;
    if (*p == '-' && n + 1 < size)
        buf[n++] = *p++;
    else if (*p == '+')
        p++;
    while (*p == '0' || *p == '_')
        p++;
    if (!(*p >= '1' && *p <= '9')) {
        n = 0; /* all zeros: -0 is 0 */
        if (n + 1 < size)
            buf[n++] = '0';
    }
    for (; (*p >= '0' && *p <= '9') || *p == '_'; p++)
        if (n + 1 < size)
            buf[n++] = *p;
    buf[n] = '\0';
}

/* "--items 10", "--shutdown-at 3.0", "--immediate" as the user would type
 * them; empty for --immediate when it is off. */
static void flag_text(ScnParamId id, double v, char *buf, size_t size)
{
    const ScnParamInfo *pi = scn_param_info(id);
    if (id == SCN_PARAM_IMMEDIATE) {
        snprintf(buf, size, "%s%s", v != 0 ? " --" : "", v != 0 ? pi->flag : "");
        return;
    }
    char num[40];
    if (pi->is_int)
        snprintf(num, sizeof num, "%.0f", v);
    else
        sim_fmt_repr(num, sizeof num, v);
    snprintf(buf, size, " --%s %s", pi->flag, num);
}

static bool uses_random(const Lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->line[i], "import random") == 0)
            return true;
    return false;
}

/* Mark the changed line with the mistake at its end, so that the lines
 * keep the numbers aqsim's code pane, trace and reports use. */
static void mark_mistake(Lines *l, size_t at, ScnMistake m)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s  # MISTAKE: %s: %s", l->line[at], scn_mistake_name(m),
             scn_mistake_what(m));
    lines_replace(l, at, buf);
}

/* The only line for which match() is true, or false when there is none or
 * more than one. */
static bool find_one(const Lines *l, bool (*match)(const Lines *l, size_t i), size_t *at)
{
    size_t found = 0;
    for (size_t i = 0; i < l->n; i++)
        if (match(l, i)) {
            found++;
            *at = i;
        }
    return found == 1;
}

static bool is_task_done(const Lines *l, size_t i)
{
    return is_stmt(l->line[i], "queue.task_done()");
}

static bool is_sentinel_loop(const Lines *l, size_t i)
{
    const char *s = l->line[i] + indent_of(l->line[i]);
    size_t len = strlen(s);
    return i + 1 < l->n && starts_with(s, "for _ in range(") && len >= 2 &&
           strcmp(s + len - 2, "):") == 0 && is_stmt(l->line[i + 1], "await queue.put(None)");
}

static bool is_queue_new(const Lines *l, size_t i)
{
    return strstr(l->line[i], "Queue(maxsize=") != NULL && !strchr(l->line[i], '#');
}

static bool has_join(const Lines *l, size_t i)
{
    return strstr(l->line[i], "await queue.join()") != NULL;
}

static bool is_join(const Lines *l, size_t i)
{
    return is_stmt(l->line[i], "await queue.join()");
}

/* Apply one mistake to the program text the way the scenario's coroutines
 * apply it (scenarios/shapes.c, worker_pool.c, pool_stats.c, run.c), with
 * a "# MISTAKE:" comment above the change. Each edit needs exactly one
 * anchor line, so a scenario whose source changes shape makes the export
 * refuse rather than write a program that differs from the simulation. */
static bool apply_mistake(Lines *l, ScnMistake m)
{
    char buf[512];
    size_t at;
    switch (m) {
    case SCN_MISTAKE_FORGET_TASK_DONE:
        /* The worker's task_done() after its work is left out. */
        if (!find_one(l, is_task_done, &at))
            return false;
        snprintf(buf, sizeof buf, "%.*s# queue.task_done()", (int)indent_of(l->line[at]),
                 l->line[at]);
        lines_replace(l, at, buf);
        break;
    case SCN_MISTAKE_FEWER_SENTINELS:
        /* for _ in range(N): await queue.put(None) -> range(N - 1). */
        if (!find_one(l, is_sentinel_loop, &at))
            return false;
        snprintf(buf, sizeof buf, "%.*s - 1):", (int)(strlen(l->line[at]) - 2), l->line[at]);
        lines_replace(l, at, buf);
        break;
    case SCN_MISTAKE_UNBOUNDED:
        /* maxsize is already 0 in the rendered text (see ui_export_write). */
        if (!find_one(l, is_queue_new, &at))
            return false;
        break;
    case SCN_MISTAKE_CANCEL_BEFORE_JOIN:
        /* main cancels the workers, then joins: on the join line itself, so
         * every line keeps the number aqsim shows for it. */
        if (!find_one(l, is_join, &at))
            return false;
        snprintf(buf, sizeof buf, "%.*s[w.cancel() for w in workers]; %s",
                 (int)indent_of(l->line[at]), l->line[at], l->line[at] + indent_of(l->line[at]));
        lines_replace(l, at, buf);
        break;
    case SCN_MISTAKE_GATHER_WORKERS: {
        /* await queue.join() -> await asyncio.gather(*workers), in place
         * (after cancel-before-join's edit of the same line, too). */
        if (!find_one(l, has_join, &at))
            return false;
        const char *join = strstr(l->line[at], "await queue.join()");
        snprintf(buf, sizeof buf, "%.*sawait asyncio.gather(*workers)%s", (int)(join - l->line[at]), l->line[at],
                 join + strlen("await queue.join()"));
        lines_replace(l, at, buf);
        break;
    }
    default:
        return false;
    }
    mark_mistake(l, at, m);
    return true;
}

/* Wrap text into comment lines of at most 79 columns. */
static void write_comment(FILE *out, const char *text)
{
    const char *p = text;
    while (*p) {
        size_t len = strlen(p);
        size_t take = len;
        if (len > 77) {
            take = 77;
            while (take > 0 && p[take] != ' ')
                take--;
            if (take == 0)
                take = 77;
        }
        fprintf(out, "# %.*s\n", (int)take, p);
        p += take;
        while (*p == ' ')
            p++;
    }
}

/* The scenario's source with its parameters and mistakes written in; the
 * mistake that cannot be written (none today) in *bad. Every mistake keeps
 * the line count, so line numbers are the simulation's. */
static Lines source_with_mistakes(const Scenario *s, const ScnParams *params, int *bad)
{
    ScnParams p = *params;
    /* run.c runs the unbounded mistake with maxsize 0: render it so. */
    if (scn_has_mistake(&p, SCN_MISTAKE_UNBOUNDED))
        p.v[SCN_PARAM_MAXSIZE] = 0;
    Lines l = {0};
    for (size_t i = 0; i < s->source_lines; i++) {
        char buf[1024];
        scn_source_line(s, &p, i, buf, sizeof buf);
        lines_insert(&l, l.n, buf);
    }
    *bad = -1;
    for (int k = 0; k < SCN_MISTAKE_COUNT && *bad < 0; k++)
        if (scn_has_mistake(&p, (ScnMistake)k) && !apply_mistake(&l, (ScnMistake)k))
            *bad = k;
    return l;
}

char **ui_export_source(const Scenario *s, const ScnParams *p, size_t *n)
{
    int bad;
    Lines l = source_with_mistakes(s, p, &bad);
    *n = l.n;
    return l.line;
}

void ui_export_source_free(char **lines, size_t n)
{
    Lines l = {lines, n, n};
    lines_free(&l);
}

bool ui_export_write(const CliOptions *opt, FILE *out, char *why, size_t why_size)
{
    const Scenario *s = opt->scenario;
    ScnParams p = opt->params;
    int bad;
    Lines l = source_with_mistakes(s, &p, &bad);
    if (bad >= 0) {
        snprintf(why, why_size,
                 "--export-py cannot write --mistake %s into %s's program; export it "
                 "without the mistake",
                 scn_mistake_name((ScnMistake)bad), s->name);
        lines_free(&l);
        return false;
    }
    bool random = uses_random(&l);
    char seed[sizeof opt->seed]; /* the whole seed, however long: cut, it is another seed */
    seed_literal(opt->seed, seed, sizeof seed);
    /* Additions go in the __main__ block, before asyncio.run(): every line
     * above keeps its number. */
    size_t at = l.n;
    for (size_t i = 0; i < l.n; i++)
        if (starts_with(l.line[i], "if __name__ == "))
            at = i + 1;
    if (s->min_version > SIM_PY_3_11) {
        /* Run on an older Python, a one-line reason, not a traceback seconds
         * into the run. */
        char need[200];
        const char *v = sim_py_version_name(s->min_version);
        snprintf(need, sizeof need, "        sys.exit(f\"needs Python %s or later; this is Python "
                                    "{sys.version.split()[0]}\")", v);
        int major = 3, minor = 0;
        sscanf(v, "%d.%d", &major, &minor);
        char test[80];
        snprintf(test, sizeof test, "    if sys.version_info < (%d, %d):", major, minor);
        lines_insert(&l, at, need);
        lines_insert(&l, at, test);
        lines_insert(&l, at, "    import sys");
        at += 3;
    }
    if (random) {
        /* Seeded as aqsim seeds it. */
        char buf[sizeof seed + 128];
        snprintf(buf, sizeof buf, "    random.seed(%s)  # as aqsim --seed: the same random choices",
                 seed);
        lines_insert(&l, at, buf);
    }

    /* The header: where the program comes from and how to reproduce it. */
    const char *ver = sim_py_version_name(opt->version);
    char cmd[sizeof seed + 1024];
    size_t n = (size_t)snprintf(cmd, sizeof cmd, "aqsim --headless %s", s->name);
    for (int id = 0; id < SCN_PARAM_COUNT && n < sizeof cmd; id++) {
        if (!scn_takes(s, (ScnParamId)id))
            continue;
        /* --mistake unbounded is leaving maxsize out: aqsim refuses both. */
        if (id == SCN_PARAM_MAXSIZE && scn_has_mistake(&p, SCN_MISTAKE_UNBOUNDED))
            continue;
        char f[80];
        flag_text((ScnParamId)id, opt->params.v[id], f, sizeof f);
        n += (size_t)snprintf(cmd + n, sizeof cmd - n, "%s", f);
    }
    if (random && n < sizeof cmd)
        n += (size_t)snprintf(cmd + n, sizeof cmd - n, " --seed %s", seed);
    if (n < sizeof cmd)
        n += (size_t)snprintf(cmd + n, sizeof cmd - n, " --python %s", ver);
    for (int k = 0; k < SCN_MISTAKE_COUNT && n < sizeof cmd; k++)
        if (scn_has_mistake(&p, (ScnMistake)k))
            n += (size_t)snprintf(cmd + n, sizeof cmd - n, " --mistake %s",
                                  scn_mistake_name((ScnMistake)k));

    /* The program first, so its line numbers are the ones aqsim shows;
     * where it comes from and how to reproduce it, after it. */
    for (size_t i = 0; i < l.n; i++) {
        fputs(l.line[i], out);
        fputc('\n', out);
    }
    fputs("\n\n", out);
    char text[1024];
    snprintf(text, sizeof text, "%s: tutorial section %s, \"%s\": %s.", s->name, s->section,
             s->title, s->summary);
    write_comment(out, text);
    fprintf(out, "#\n# Exported by aqsim for Python %s from:\n#   %s\n", ver, cmd);
    if (s->min_version > SIM_PY_3_11) {
        snprintf(text, sizeof text, "It needs Python %s or later.",
                 sim_py_version_name(s->min_version));
        write_comment(out, text);
    }
    fputs("#\n", out);
    write_comment(out, "aqsim simulates this program under a virtual clock: a sleep takes no "
                       "real time and time.perf_counter() starts at 0.0. Under real time (plain "
                       "python3) the program really sleeps, and the times it prints differ "
                       "slightly from the simulator's virtual clock: every sleep overshoots a "
                       "little, and time.perf_counter() does not start at 0. Other Python "
                       "versions schedule a few things differently (aqsim --python-diff shows "
                       "where). Line numbers are those aqsim's code pane, trace and reports use.");
    lines_free(&l);
    return true;
}

/* --replay FILE --export-py: the program with the session's scenario,
 * parameters, seed and version. Its live changes are not in it (the program
 * is the tutorial's); a note says so. */
static int export_replay(const CliOptions *opt, FILE *err)
{
    UiRecording rec;
    char why[600];
    if (!ui_record_read_file(opt->replay, &rec, why, sizeof why)) {
        fprintf(err, "aqsim: %s\n", why);
        return 1;
    }
    CliOptions *o = sim_xmalloc(sizeof *o);
    *o = *opt;
    o->replay = NULL;
    o->scenario = rec.scenario;
    o->params = rec.params;
    o->mistakes = rec.params.mistakes;
    o->version = rec.version;
    snprintf(o->seed, sizeof o->seed, "%s", rec.seed);
    int status = ui_export_run(o, err);
    if (status == 0 && rec.ninputs) {
        char kinds[200] = "";
        size_t len = 0;
        for (size_t i = 0; i < rec.ninputs && i < 4 && len < sizeof kinds; i++)
            len += (size_t)snprintf(kinds + len, sizeof kinds - len, "%s%s", i ? ", " : "",
                                    ui_record_live_name(rec.inputs[i].kind));
        if (rec.ninputs > 4 && len < sizeof kinds)
            snprintf(kinds + len, sizeof kinds - len, ", ...");
        fprintf(err, "aqsim: the session's %zu live change%s (%s) %s not in the program, which "
                     "runs as the tutorial wrote it\n",
                rec.ninputs, rec.ninputs == 1 ? "" : "s", kinds, rec.ninputs == 1 ? "is" : "are");
    }
    free(o);
    ui_record_free(&rec);
    return status;
}

int ui_export_run(const CliOptions *opt, FILE *err)
{
    if (opt->replay)
        return export_replay(opt, err);
    char why[512];
    bool to_stdout = strcmp(opt->export_py, "-") == 0;
    /* Render into memory first: a refused export leaves no file behind. */
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) {
        fprintf(err, "aqsim: --export-py: %s\n", strerror(errno));
        return 1;
    }
    bool ok = ui_export_write(opt, mem, why, sizeof why);
    fclose(mem);
    if (!ok) {
        fprintf(err, "aqsim: %s\n", why);
        free(text);
        return 1;
    }
    FILE *f = to_stdout ? stdout : fopen(opt->export_py, "w");
    if (!f) {
        fprintf(err, "aqsim: cannot write %s: %s\n", cli_shown(opt->export_py), strerror(errno));
        free(text);
        return 1;
    }
    size_t wrote = fwrite(text, 1, len, f);
    int bad = wrote != len || fflush(f) != 0 || ferror(f);
    int saved = errno;
    if (!to_stdout && fclose(f) != 0)
        bad = 1;
    free(text);
    if (bad) {
        fprintf(err, "aqsim: cannot write %s: %s\n", cli_shown(opt->export_py),
                strerror(saved ? saved : EIO));
        return 1;
    }
    if (!to_stdout)
        fprintf(err, "aqsim: wrote %s\n", cli_shown(opt->export_py));
    return 0;
}
