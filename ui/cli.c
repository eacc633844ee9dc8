/* cli.c - parsing aqsim's command line with getopt_long. */
#include "ui/cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/rng.h"

enum {
    OPT_HEADLESS = 256,
    OPT_LIST,
    OPT_SEED,
    OPT_PYTHON,
    OPT_TRACE,
    OPT_PYTHON_DIFF,
    OPT_STATS,
    OPT_TIMELINE,
    OPT_WIDTH,
    OPT_RECORD,
    OPT_REPLAY,
    OPT_CAST,
    OPT_EXPORT_PY,
    OPT_BIG,
    OPT_LESSON,
    OPT_MISTAKE,
    OPT_PARAM_BASE /* + ScnParamId */
};

static void fail(CliOptions *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->message, sizeof o->message, fmt, ap);
    va_end(ap);
    o->action = CLI_ERROR;
}

/* The length of the well-formed UTF-8 character at p (no overlong forms,
 * no surrogates, nothing past U+10FFFF), or 0. */
static size_t utf8_char(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    size_t n = p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3
             : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) || (p[0] == 0xf0 && p[1] < 0x90) ||
        (p[0] == 0xf4 && p[1] >= 0x90))
        return 0;
    return n;
}

const char *cli_shown(const char *arg)
{
    static char buf[4][96];
    static int next;
    char *out = buf[next++ % 4];
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)arg;
    while (*p) {
        /* Control characters (C0, DEL, and C1 such as the one-byte CSI)
         * would drive the terminal; bytes that are not UTF-8 would show
         * as garbage: \xNN for both. */
        size_t len = utf8_char(p);
        bool plain = len > 1 ? !(p[0] == 0xc2 && p[1] < 0xa0) : len == 1 && *p >= 0x20 && *p != 0x7f;
        size_t need = plain ? len : 4;
        if (n + need + 4 > sizeof buf[0])
            break;
        if (plain)
            memcpy(out + n, p, len);
        else
            snprintf(out + n, 5, "\\x%02x", *p);
        n += need;
        p += plain ? len : 1;
    }
    snprintf(out + n, sizeof buf[0] - n, "%s", *p ? "..." : "");
    return out;
}

static void scenario_names(char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < scn_count() && len + 1 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "", scn_at(i)->name);
}

/* Python's int() on a string: optional blanks and sign, digits with single
 * underscores between them. */
static bool parse_int(const char *text, double *out)
{
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    bool neg = false;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (!isdigit((unsigned char)*p))
        return false;
    double v = 0;
    for (;;) {
        if (isdigit((unsigned char)*p)) {
            v = v * 10 + (*p - '0');
            if (v > 1e18)
                v = 1e18; /* far out of every range; keep it finite */
            p++;
        } else if (*p == '_' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[-1])) {
            p++;
        } else {
            break;
        }
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p)
        return false;
    *out = neg ? -v : v;
    return true;
}

/* Python's float() on a decimal string (no hex), underscores allowed
 * between digits; inf and nan are recognised so they can be refused by
 * name. */
static bool parse_float(const char *text, double *out)
{
    char clean[128];
    size_t n = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '_') {
            if (p == text || !isdigit((unsigned char)p[-1]) || !isdigit((unsigned char)p[1]))
                return false;
            continue;
        }
        if (n + 1 >= sizeof clean)
            return false;
        clean[n++] = *p;
    }
    clean[n] = '\0';
    const char *s = clean;
    while (isspace((unsigned char)*s))
        s++;
    const char *digits = s + (*s == '+' || *s == '-');
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        return false;
    if (!*s)
        return false;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (end == s)
        return false;
    while (isspace((unsigned char)*end))
        end++;
    if (*end)
        return false;
    *out = v;
    return true;
}

static void set_param(CliOptions *o, ScnParamId id, const char *text)
{
    const ScnParamInfo *pi = scn_param_info(id);
    double v;
    bool ok = pi->is_int ? parse_int(text, &v) : parse_float(text, &v);
    if (!ok) {
        char range[100];
        scn_param_range(id, range, sizeof range);
        fail(o, "--%s: '%s' is not %s (valid: %s)", pi->flag, cli_shown(text),
             pi->is_int ? "an integer" : "a number", range);
        return;
    }
    if (!pi->is_int && !isfinite(v)) {
        char range[100];
        scn_param_range(id, range, sizeof range);
        fail(o, "--%s must be a finite number: %s, not '%s'", pi->flag, range, cli_shown(text));
        return;
    }
    const char *bad = scn_param_check(id, v);
    if (bad) {
        fail(o, "%s, not %s", bad, cli_shown(text));
        return;
    }
    o->params.v[id] = v;
    o->given[id] = true;
}

/* The scenario a mistyped name most likely means: the same letters with
 * '_' for '-' or in another case (worker_pool), or the only one whose name
 * contains it ("stats": pool-stats); NULL if none, or more than one. */
static const Scenario *near_scenario(const char *name)
{
    char want[64];
    size_t n = strlen(name);
    if (n == 0 || n >= sizeof want)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        want[i] = name[i] == '_' ? '-' : (char)tolower((unsigned char)name[i]);
    const Scenario *part = NULL;
    int parts = 0;
    for (size_t i = 0; i < scn_count(); i++) {
        const Scenario *s = scn_at(i);
        if (strcmp(s->name, want) == 0)
            return s;
        if (n >= 3 && strstr(s->name, want)) {
            part = s;
            parts++;
        }
    }
    return parts == 1 ? part : NULL;
}

/* An operand: the scenario (only one). False after reporting an error. */
static bool take_scenario(CliOptions *o, const char *name, const char *prev)
{
    if (o->scenario) {
        /* Right after a flag, the operand can only be a value that flag
         * does not take (a flag with a value would have consumed it). */
        if (prev && prev[0] == '-' && strcmp(prev, "--") != 0 && !strchr(prev, '='))
            fail(o, "unexpected argument '%s': %s takes no value", cli_shown(name), prev);
        else
            fail(o, "unexpected argument '%s' (one scenario at a time)", cli_shown(name));
        return false;
    }
    const Scenario *s = scn_find(name);
    if (!s) {
        const Scenario *near = near_scenario(name);
        char names[512];
        scenario_names(names, sizeof names);
        if (near)
            fail(o, "unknown scenario '%s': did you mean %s? (valid: %s)", cli_shown(name), near->name, names);
        else
            fail(o, "unknown scenario '%s' (valid: %s)", cli_shown(name), names);
        return false;
    }
    o->scenario = s;
    return true;
}

/* What a flag's value should look like, for "needs a value". */
static const char *value_hint(const char *flag)
{
    static char buf[120];
    const char *name = flag + (strncmp(flag, "--", 2) == 0 ? 2 : 0);
    for (int id = 0; id < SCN_PARAM_COUNT; id++)
        if (strcmp(name, scn_param_info((ScnParamId)id)->flag) == 0) {
            scn_param_range((ScnParamId)id, buf, sizeof buf);
            return buf;
        }
    if (strcmp(name, "seed") == 0)
        return "an integer";
    if (strcmp(name, "python") == 0)
        return "3.11, 3.12 or 3.13";
    if (strcmp(name, "python-diff") == 0)
        return "two versions, like 3.11,3.13";
    if (strcmp(name, "trace") == 0)
        return "jsonl";
    if (strcmp(name, "width") == 0)
        return "an integer from 40 to 1000";
    if (strcmp(name, "mistake") == 0)
        return "a mistake's name; see --list";
    return "a file name";
}

static void take_flags_for(CliOptions *o)
{
    const Scenario *s = o->scenario;
    ScnParams given = o->params;
    o->params = scn_defaults(s);
    for (int id = 0; id < SCN_PARAM_COUNT; id++) {
        if (!o->given[id])
            continue;
        if (!scn_takes(s, (ScnParamId)id)) {
            char takes[160] = "";
            size_t len = 0;
            for (int k = 0; k < SCN_PARAM_COUNT; k++)
                if (scn_takes(s, (ScnParamId)k))
                    len += (size_t)snprintf(takes + len, sizeof takes - len, "%s--%s",
                                            len ? ", " : "", scn_param_info((ScnParamId)k)->flag);
            if (len)
                fail(o, "%s does not take --%s (it takes %s)", s->name,
                     scn_param_info((ScnParamId)id)->flag, takes);
            else
                fail(o, "%s does not take --%s (it takes no parameters)", s->name,
                     scn_param_info((ScnParamId)id)->flag);
            return;
        }
        o->params.v[id] = given.v[id];
    }
}

/* A version named by the n bytes at text, blanks around it allowed (the
 * same in --python, --python-diff and AQSIM_PYTHON); false if none. An
 * all-blank text sets *blank. */
static bool version_in(const char *text, size_t n, SimPyVersion *out, bool *blank)
{
    while (n > 0 && isspace((unsigned char)*text)) {
        text++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)text[n - 1]))
        n--;
    char v[16];
    *blank = n == 0;
    if (n == 0 || n >= sizeof v)
        return false;
    memcpy(v, text, n);
    v[n] = '\0';
    return sim_py_version_parse(v, out);
}

/* The version AQSIM_PYTHON asks for, if it is set; false (and o says why)
 * if it names no supported version. */
static bool env_version(CliOptions *o, bool *given)
{
    const char *env = getenv("AQSIM_PYTHON");
    if (!env)
        return true;
    bool blank;
    if (version_in(env, strlen(env), &o->version, &blank)) {
        *given = true;
        return true;
    }
    if (blank)
        return true;
    fail(o, "AQSIM_PYTHON='%s' is not a supported version (3.11, 3.12 or 3.13)", cli_shown(env));
    return false;
}

/* How many long options start with name (up to any '='), listed in could
 * ("--timeout, --timeline"): getopt_long refuses an abbreviation that fits
 * more than one, and the user should learn which. */
static int prefix_matches(const struct option *opts, const char *name, char *could, size_t size)
{
    size_t len = strcspn(name, "=");
    int n = 0;
    could[0] = '\0';
    if (len == 0) /* "--=3" names no option at all */
        return 0;
    for (const struct option *op = opts; op->name; op++) {
        if (strncmp(op->name, name, len) != 0)
            continue;
        size_t used = strlen(could);
        /* Room is kept for ", ..." should the list not fit. */
        if (used + strlen(op->name) + 4 + sizeof ", ..." > size) {
            memcpy(could + used, ", ...", sizeof ", ...");
            return n + 1;
        }
        snprintf(could + used, size - used, "%s--%s", n ? ", " : "", op->name);
        n++;
    }
    return n;
}

/* What the parse learns on the way that CliOptions does not keep. */
typedef struct {
    bool headless, help, version, list;
    bool version_given; /* --python, or AQSIM_PYTHON set */
    bool python_flag;   /* --python itself */
    bool width_given;
} Parse;

enum { LONGOPTS_MAX = 24 + SCN_PARAM_COUNT };

/* The long options, NULL-terminated; scenario parameters come last. */
static void build_longopts(struct option *opts)
{
    static const struct option fixed[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"list", no_argument, NULL, OPT_LIST},
        {"headless", no_argument, NULL, OPT_HEADLESS},
        {"seed", required_argument, NULL, OPT_SEED},
        {"python", required_argument, NULL, OPT_PYTHON},
        {"trace", required_argument, NULL, OPT_TRACE},
        {"python-diff", required_argument, NULL, OPT_PYTHON_DIFF},
        {"stats", no_argument, NULL, OPT_STATS},
        {"timeline", no_argument, NULL, OPT_TIMELINE},
        {"width", required_argument, NULL, OPT_WIDTH},
        {"record", required_argument, NULL, OPT_RECORD},
        {"replay", required_argument, NULL, OPT_REPLAY},
        {"cast", required_argument, NULL, OPT_CAST},
        {"export-py", required_argument, NULL, OPT_EXPORT_PY},
        {"big", no_argument, NULL, OPT_BIG},
        {"lesson", no_argument, NULL, OPT_LESSON},
        {"mistake", required_argument, NULL, OPT_MISTAKE},
    };
    _Static_assert(sizeof fixed / sizeof fixed[0] + SCN_PARAM_COUNT < LONGOPTS_MAX,
                   "room for every option and the terminator");
    int n = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        opts[n++] = fixed[i];
    for (int id = 0; id < SCN_PARAM_COUNT; id++)
        opts[n++] = (struct option){scn_param_info((ScnParamId)id)->flag,
                                    id == SCN_PARAM_IMMEDIATE ? no_argument : required_argument,
                                    NULL, OPT_PARAM_BASE + id};
    opts[n] = (struct option){NULL, 0, NULL, 0};
}

static bool take_seed(CliOptions *o, const char *arg)
{
    SimRng probe = {0};
    if (!sim_rng_seed_text(&probe, arg)) {
        fail(o, "--seed: '%s' is not an integer (any whole number of up to %d digits, "
                "like 0, 42 or -7)",
             cli_shown(arg), SIM_RNG_SEED_MAX_DIGITS);
        return false;
    }
    if (sim_rng_seed_digits(arg) > SIM_RNG_SEED_MAX_DIGITS) {
        fail(o, "--seed: %zu digits is too many (Python's int() takes up to %d)",
             sim_rng_seed_digits(arg), SIM_RNG_SEED_MAX_DIGITS);
        return false;
    }
    if (strlen(arg) >= sizeof o->seed) {
        fail(o, "--seed: %zu characters is too long (at most %zu: write it without "
                "underscores or blanks)",
             strlen(arg), sizeof o->seed - 1);
        return false;
    }
    snprintf(o->seed, sizeof o->seed, "%s", arg);
    return true;
}

static bool take_python_diff(CliOptions *o, const char *arg)
{
    const char *comma = strchr(arg, ',');
    bool blank;
    if (!comma || !version_in(arg, (size_t)(comma - arg), &o->diff_a, &blank) ||
        !version_in(comma + 1, strlen(comma + 1), &o->diff_b, &blank)) {
        fail(o, "--python-diff: '%s' is not two versions like 3.11,3.13 (each 3.11, 3.12 "
                "or 3.13)", cli_shown(arg));
        return false;
    }
    o->python_diff = true;
    return true;
}

static bool take_width(CliOptions *o, const char *arg)
{
    double w;
    if (!parse_int(arg, &w)) {
        fail(o, "--width: '%s' is not an integer (valid: an integer from 40 to 1000)", cli_shown(arg));
        return false;
    }
    if (w < 40 || w > 1000) {
        fail(o, "--width must be an integer from 40 to 1000, not %s", cli_shown(arg));
        return false;
    }
    o->width = (int)w;
    return true;
}

/* Whether arg is one of aqsim's own long options (--stats, --seed=3). */
static bool is_own_option(const struct option *opts, const char *arg)
{
    if (strncmp(arg, "--", 2) != 0)
        return false;
    size_t n = strcspn(arg + 2, "=");
    for (const struct option *op = opts; op->name; op++)
        if (strlen(op->name) == n && strncmp(op->name, arg + 2, n) == 0)
            return true;
    return false;
}

/* --record, --replay, --cast and --export-py: a file name. */
static bool take_file(CliOptions *o, int c, const char *arg, const struct option *opts)
{
    static const char *const flag[] = {
        [OPT_RECORD - OPT_RECORD] = "record", [OPT_REPLAY - OPT_RECORD] = "replay",
        [OPT_CAST - OPT_RECORD] = "cast", [OPT_EXPORT_PY - OPT_RECORD] = "export-py"};
    if (!*arg) {
        fail(o, "--%s needs a file name, not an empty one", flag[c - OPT_RECORD]);
        return false;
    }
    /* "--export-py --stats": the file name was forgotten. */
    if (is_own_option(opts, arg)) {
        fail(o, "--%s needs a file name, not the option %s (a file of that name: ./%s)",
             flag[c - OPT_RECORD], cli_shown(arg), cli_shown(arg));
        return false;
    }
    /* "-" is standard output only for --export-py: a session or a cast
     * written there would mix with the dashboard or the program's output. */
    if (strcmp(arg, "-") == 0 && (c == OPT_RECORD || c == OPT_CAST)) {
        fail(o, "--%s needs a file name; '-' (standard output) is only for --export-py", flag[c - OPT_RECORD]);
        return false;
    }
    const char **dest = c == OPT_RECORD   ? &o->record
                        : c == OPT_REPLAY ? &o->replay
                        : c == OPT_CAST   ? &o->cast
                                          : &o->export_py;
    *dest = arg;
    return true;
}

static bool take_mistake(CliOptions *o, const char *arg)
{
    ScnMistake mk;
    if (!scn_mistake_parse(arg, &mk)) {
        char names[256] = "";
        size_t len = 0;
        for (int k = 0; k < SCN_MISTAKE_COUNT; k++)
            len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", k ? ", " : "",
                                    scn_mistake_name((ScnMistake)k));
        fail(o, "--mistake: '%s' is not a mistake aqsim knows (valid: %s)", cli_shown(arg), names);
        return false;
    }
    o->mistakes |= 1u << mk;
    return true;
}

/* getopt_long's '?': an unknown, ambiguous or misused option. Its optopt
 * is a long option's code, not a letter, so the argument itself is named. */
static void unknown_option(CliOptions *o, const struct option *opts, const char *arg)
{
    bool is_long = strncmp(arg, "--", 2) == 0;
    char could[200];
    if (is_long && prefix_matches(opts, arg + 2, could, sizeof could) > 1)
        fail(o, "option '%s' is ambiguous: it could be %s (see aqsim --help)", cli_shown(arg), could);
    else if (is_long && strchr(arg, '=') && arg[2] != '=')
        fail(o, "option '%s' takes no value (see aqsim --help)", cli_shown(arg));
    else if (is_long || optopt == 0 || optopt > 127)
        fail(o, "unknown option '%s' (see aqsim --help)", cli_shown(arg));
    else
        fail(o, "unknown option '-%c' (see aqsim --help)", (char)optopt);
}

static bool take_param(CliOptions *o, ScnParamId id, const char *arg)
{
    if (id == SCN_PARAM_IMMEDIATE) {
        o->params.v[id] = 1;
        o->given[id] = true;
        return true;
    }
    set_param(o, id, arg);
    return o->action != CLI_ERROR;
}

/* One option getopt_long returned. False after reporting an error. */
static bool take_option(CliOptions *o, Parse *ps, int c, char **argv, const struct option *opts)
{
    switch (c) {
    case 'h':
        ps->help = true;
        return true;
    case 'V':
        ps->version = true;
        return true;
    case 'l':
    case OPT_LIST:
        ps->list = true;
        return true;
    case OPT_HEADLESS:
        ps->headless = true;
        return true;
    case OPT_SEED:
        return take_seed(o, optarg);
    case OPT_PYTHON: {
        bool blank;
        if (!version_in(optarg, strlen(optarg), &o->version, &blank)) {
            fail(o, "--python: '%s' is not a supported version (3.11, 3.12 or 3.13)", cli_shown(optarg));
            return false;
        }
        ps->version_given = ps->python_flag = true;
        return true;
    }
    case OPT_PYTHON_DIFF:
        return take_python_diff(o, optarg);
    case OPT_STATS:
        o->stats = true;
        return true;
    case OPT_TIMELINE:
        o->timeline = true;
        return true;
    case OPT_WIDTH:
        ps->width_given = true;
        return take_width(o, optarg);
    case OPT_RECORD:
    case OPT_REPLAY:
    case OPT_CAST:
    case OPT_EXPORT_PY:
        return take_file(o, c, optarg, opts);
    case OPT_BIG:
        o->big = true;
        return true;
    case OPT_LESSON:
        o->lesson = true;
        return true;
    case OPT_MISTAKE:
        return take_mistake(o, optarg);
    case OPT_TRACE:
        if (strcmp(optarg, "jsonl") != 0) {
            fail(o, "--trace: '%s' is not a trace format (the one format is jsonl)", cli_shown(optarg));
            return false;
        }
        o->trace = CLI_TRACE_JSONL;
        return true;
    case ':':
        fail(o, "%s needs a value (%s)", cli_shown(argv[optind - 1]), value_hint(argv[optind - 1]));
        return false;
    case '?':
        unknown_option(o, opts, argv[optind - 1]);
        return false;
    default:
        if (c >= OPT_PARAM_BASE && c < OPT_PARAM_BASE + SCN_PARAM_COUNT)
            return take_param(o, (ScnParamId)(c - OPT_PARAM_BASE), optarg);
        return true;
    }
}

/* Options and operands in any order. False after reporting an error. */
static bool parse_argv(CliOptions *o, Parse *ps, int argc, char **argv)
{
    struct option opts[LONGOPTS_MAX];
    build_longopts(opts);
    opterr = 0;
    optind = 0; /* reset getopt (GNU: 0 also reinitialises) */
    for (;;) {
        int c = getopt_long(argc, argv, "+:hVl", opts, NULL);
        if (c != -1) {
            if (!take_option(o, ps, c, argv, opts))
                return false;
            continue;
        }
        /* "+" stops getopt at the first operand: take it as the scenario
         * and go on parsing the flags after it; after "--" everything is
         * an operand. */
        bool rest_are_operands = optind > 1 && strcmp(argv[optind - 1], "--") == 0;
        if (optind >= argc)
            return true;
        if (!take_scenario(o, argv[optind], rest_are_operands ? NULL : argv[optind - 1]))
            return false;
        optind++;
        if (rest_are_operands) {
            while (optind < argc)
                if (!take_scenario(o, argv[optind++], NULL))
                    return false;
            return true;
        }
    }
}

/* Flags that only some modes take: --headless, the dashboard, --export-py. */
static bool check_modes(CliOptions *o, const Parse *ps)
{
    if (o->export_py && (o->python_diff || o->stats || o->timeline || o->trace != CLI_TRACE_NONE ||
                         o->record || o->cast)) {
        fail(o, "--export-py writes the Python program instead of running it; it does not "
                "combine with %s",
             o->python_diff ? "--python-diff" : o->stats ? "--stats" : o->timeline ? "--timeline"
             : o->trace != CLI_TRACE_NONE ? "--trace" : o->record ? "--record" : "--cast");
        return false;
    }
    if (o->export_py && !o->scenario && !o->replay) {
        fail(o, "--export-py needs a scenario (or --replay FILE, whose scenario it takes)");
        return false;
    }
    if (ps->headless) {
        o->action = CLI_RUN_HEADLESS;
        if (!o->scenario && !o->replay) {
            char names[512];
            scenario_names(names, sizeof names);
            fail(o, "--headless needs a scenario (one of: %s)", names);
            return false;
        }
    } else if (o->trace != CLI_TRACE_NONE) {
        fail(o, "--trace works with --headless");
        return false;
    } else if (o->python_diff) {
        fail(o, "--python-diff works with --headless");
        return false;
    }
    if (!ps->headless && (o->stats || o->timeline)) {
        fail(o, "%s works with --headless", o->stats ? "--stats" : "--timeline");
        return false;
    }
    if (ps->headless && (o->cast || o->big || o->lesson)) {
        fail(o, "%s is for the dashboard, not --headless",
             o->cast ? "--cast" : o->big ? "--big" : "--lesson");
        return false;
    }
    return true;
}

/* A replay file decides the run: flags that would change it are refused. */
static bool check_replay(CliOptions *o, const Parse *ps)
{
    /* Recording a replayed session adds live changes to it: the dashboard's
     * business; headless it would only copy the file. */
    if (o->record && o->replay && ps->headless) {
        fail(o, "--record with --replay is for the dashboard (to add live changes to a session); "
                "leave out --headless");
        return false;
    }
    if (!o->replay)
        return true;
    const char *clash = o->python_diff ? "--python-diff" : o->mistakes ? "--mistake"
                      : ps->python_flag ? "--python" : NULL;
    for (int id = 0; !clash && id < SCN_PARAM_COUNT; id++)
        if (o->given[id])
            clash = scn_param_info((ScnParamId)id)->flag;
    if (!clash && strcmp(o->seed, "0") != 0)
        clash = "--seed";
    if (clash) {
        fail(o, "--replay %s decides the scenario, its flags, seed and version; leave out %s%s",
             cli_shown(o->replay), clash[0] == '-' ? "" : "--", clash);
        return false;
    }
    if (o->scenario) {
        fail(o, "--replay takes the scenario from the session file; leave out '%s'", o->scenario->name);
        return false;
    }
    return true;
}

/* Whether a and b name one file: the same name, or (both there) the same
 * device and inode, whatever the path. */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return strcmp(a, b) == 0 ||
           (stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
}

/* No output may overwrite another file of the command line; only
 * --record over --replay's file is meant (it adds live changes to the
 * session). */
static bool check_files(CliOptions *o)
{
    const struct {
        const char *flag, *path;
    } f[] = {{"--replay", o->replay}, {"--record", o->record}, {"--cast", o->cast}, {"--export-py", o->export_py}};
    enum { N = sizeof f / sizeof f[0] };
    for (int i = 0; i < N; i++)
        for (int j = i + 1; j < N; j++) {
            if (!f[i].path || !f[j].path || (i == 0 && j == 1) || strcmp(f[j].path, "-") == 0)
                continue;
            if (same_file(f[i].path, f[j].path)) {
                if (i == 0)
                    fail(o, "--replay and %s name the same file (%s): %s would overwrite the session",
                         f[j].flag, cli_shown(f[j].path), f[j].flag);
                else
                    fail(o, "%s and %s name the same file (%s): one would overwrite the other", f[i].flag,
                         f[j].flag, cli_shown(f[j].path));
                return false;
            }
        }
    return true;
}

/* What goes with --trace, --width and --python-diff. */
static bool check_outputs(CliOptions *o, const Parse *ps)
{
    if (o->trace != CLI_TRACE_NONE && (o->stats || o->timeline)) {
        fail(o, "--trace jsonl writes only JSON lines; it does not combine with %s",
             o->stats ? "--stats" : "--timeline");
        return false;
    }
    if (ps->width_given && !o->timeline) {
        fail(o, "--width sets the width of --timeline; give --timeline too");
        return false;
    }
    if (!o->python_diff)
        return true;
    if (ps->python_flag) {
        fail(o, "--python-diff %s,%s names the versions; leave out --python",
             sim_py_version_name(o->diff_a), sim_py_version_name(o->diff_b));
        return false;
    }
    if (o->diff_a == o->diff_b) {
        fail(o, "--python-diff needs two different versions, like 3.11,3.13");
        return false;
    }
    if (o->stats || o->timeline) {
        fail(o, "--python-diff compares printed output; it does not combine with %s",
             o->stats ? "--stats" : "--timeline");
        return false;
    }
    if (o->trace != CLI_TRACE_NONE) {
        fail(o, "--python-diff compares printed output; it does not combine with --trace");
        return false;
    }
    return true;
}

/* Every --mistake must be one the scenario has. */
static bool check_mistakes(CliOptions *o)
{
    const Scenario *s = o->scenario;
    for (int k = 0; k < SCN_MISTAKE_COUNT; k++) {
        if (!((o->mistakes >> k) & 1u) || ((s->mistakes >> k) & 1u))
            continue;
        char valid[160] = "";
        size_t len = 0;
        for (int j = 0; j < SCN_MISTAKE_COUNT; j++)
            if ((s->mistakes >> j) & 1u)
                len += (size_t)snprintf(valid + len, sizeof valid - len, "%s%s", len ? ", " : "",
                                        scn_mistake_name((ScnMistake)j));
        fail(o, "--mistake %s does not apply to %s (%s%s)", scn_mistake_name((ScnMistake)k),
             s->name, len ? "it takes: " : "it has no mistake switches", valid);
        return false;
    }
    o->params.mistakes = o->mistakes;
    if (scn_has_mistake(&o->params, SCN_MISTAKE_GATHER_WORKERS) &&
        scn_has_mistake(&o->params, SCN_MISTAKE_CANCEL_BEFORE_JOIN)) {
        fail(o, "--mistake gather-workers and --mistake cancel-before-join both change main's "
                "await queue.join(); give one of them");
        return false;
    }
    if (o->given[SCN_PARAM_MAXSIZE] && scn_has_mistake(&o->params, SCN_MISTAKE_UNBOUNDED)) {
        fail(o, "--mistake unbounded leaves maxsize out (an unbounded queue); leave out --maxsize %g",
             o->params.v[SCN_PARAM_MAXSIZE]);
        return false;
    }
    return true;
}

/* The scenario's own rules: its flags, mistakes and Python version. */
static bool check_scenario(CliOptions *o, const Parse *ps)
{
    const Scenario *s = o->scenario;
    take_flags_for(o);
    if (o->action == CLI_ERROR)
        return false;
    const char *bad = scn_params_check(s, &o->params);
    if (bad) {
        fail(o, "%s", bad);
        return false;
    }
    if (o->python_diff && (o->diff_a < s->min_version || o->diff_b < s->min_version)) {
        fail(o, "%s needs Python %s or later (--python-diff %s,%s)", s->name,
             sim_py_version_name(s->min_version), sim_py_version_name(o->diff_a),
             sim_py_version_name(o->diff_b));
        return false;
    }
    if (!check_mistakes(o))
        return false;
    /* A scenario that needs a newer Python gets it, unless one was asked
     * for. The dashboard keeps the default and bumps it itself, so that
     * the other scenarios (Tab, 1-9) still run on the default. */
    if (!ps->version_given && o->version < s->min_version) {
        if (o->action != CLI_RUN_DASHBOARD || o->export_py)
            o->version = s->min_version;
    } else if (!o->python_diff && o->version < s->min_version) {
        fail(o, "%s needs Python %s or later for asyncio.Queue.shutdown(); this run is for "
                "Python %s (from %s)",
             s->name, sim_py_version_name(s->min_version), sim_py_version_name(o->version),
             ps->python_flag ? "--python" : "AQSIM_PYTHON");
        return false;
    }
    return true;
}

void cli_parse(int argc, char **argv, CliOptions *o)
{
    memset(o, 0, sizeof *o);
    o->action = CLI_RUN_DASHBOARD;
    /* The default is CPython 3.11, the reference the tutorial's output was
     * checked against; AQSIM_PYTHON changes it. */
    o->version = SIM_PY_3_11;
    snprintf(o->seed, sizeof o->seed, "0");
    o->width = 80;

    Parse ps = {0};
    if (!parse_argv(o, &ps, argc, argv))
        return;
    if (ps.help) {
        o->action = CLI_SHOW_HELP;
        return;
    }
    if (ps.version) {
        o->action = CLI_SHOW_VERSION;
        return;
    }
    /* AQSIM_PYTHON counts only where it decides something: not over
     * --python or --python-diff, and not for a replay, whose file names its
     * version. */
    if (!ps.python_flag && !o->python_diff && !o->replay && !env_version(o, &ps.version_given))
        return;
    if (ps.list) {
        o->action = CLI_SHOW_LIST;
        return;
    }
    if (!check_modes(o, &ps) || !check_replay(o, &ps) || !check_files(o) || !check_outputs(o, &ps))
        return;
    if (o->scenario)
        check_scenario(o, &ps);
}

enum { HELP_WIDTH = 80 };

/* lead (a column's worth of text, its own spacing included), then text
 * word-wrapped to 80 columns, its lines after the first indented by indent. */
static void put_wrapped(FILE *out, const char *lead, int indent, const char *text)
{
    int col = fprintf(out, "%s", lead);
    bool fresh = true; /* no word of text on this line yet */
    for (const char *p = text; *p;) {
        size_t word = strcspn(p, " ");
        if (!fresh && col + 1 + (int)word > HELP_WIDTH) {
            col = fprintf(out, "\n%*s", indent, "") - 1;
            fresh = true;
        }
        if (!fresh)
            col += fprintf(out, " ");
        col += fprintf(out, "%.*s", (int)word, p);
        fresh = false;
        p += word;
        p += strspn(p, " ");
    }
    fputc('\n', out);
}

void cli_usage(FILE *out)
{
    fputs("usage: aqsim [SCENARIO] [options]            open the dashboard\n"
          "       aqsim --headless SCENARIO [options]   print what the program prints\n"
          "       aqsim --list [SCENARIO] | --help | --version\n"
          "\n"
          "aqsim simulates the asyncio queue programs of the tutorial \"asyncio Queues and\n"
          "Backpressure\" exactly as CPython runs them, under a virtual clock.\n"
          "\n"
          "Options:\n"
          "  --headless         run without the dashboard; print the program's output\n"
          "  --trace jsonl      with --headless: print the event stream as JSON Lines\n"
          "  --seed N           seed for Python's random module (default 0)\n"
          "  --python X.Y       CPython version to reproduce: 3.11, 3.12 or 3.13 (default\n"
          "                     3.11, or $AQSIM_PYTHON)\n"
          "  --python-diff A,B  with --headless: run under both versions and show how the\n"
          "                     output differs, and why (e.g. --python-diff 3.11,3.13)\n"
          "  --stats            with --headless: a summary after the output (per worker,\n"
          "                     throughput, queue depth, waits, backpressure)\n"
          "  --timeline         with --headless: each task's state over time, as text\n"
          "  --width N          width of the --timeline text, 40 to 1000 (default 80)\n"
          "  --mistake NAME     a classic mistake: forget-task-done, fewer-sentinels,\n"
          "                     unbounded, cancel-before-join, gather-workers (see --list\n"
          "                     for where)\n"
          "  --record FILE      save the session's inputs (scenario, flags, live changes)\n"
          "  --replay FILE      play a recorded session, in the dashboard or --headless\n"
          "  --cast FILE        record the dashboard as an asciicast v2 file\n"
          "  --export-py FILE   write the Python program (the scenario's, or a --replay\n"
          "                     session's) with its parameters (- for standard output)\n"
          "                     instead of running it\n"
          "  --big              projector layout (large queue and workers, captions on)\n"
          "  --lesson           start in lesson mode (pause at each teaching moment)\n"
          "  -l, --list         list the scenarios and their parameters\n"
          "  -h, --help         show this help\n"
          "  -V, --version      show the version\n"
          "\n"
          "Scenario parameters (each scenario takes some; see --list):\n",
          out);
    for (int id = 0; id < SCN_PARAM_COUNT; id++) {
        const ScnParamInfo *pi = scn_param_info((ScnParamId)id);
        char flag[40];
        snprintf(flag, sizeof flag, "--%s%s", pi->flag,
                 id == SCN_PARAM_IMMEDIATE ? "" : (pi->is_int ? " N" : " S"));
        char range[100], lead[48], text[200];
        scn_param_range((ScnParamId)id, range, sizeof range);
        snprintf(lead, sizeof lead, "  %-18s ", flag);
        if (id == SCN_PARAM_IMMEDIATE)
            snprintf(text, sizeof text, "%s", pi->help);
        else
            snprintf(text, sizeof text, "%s: %s", pi->help, range);
        put_wrapped(out, lead, 21, text);
    }
    char names[512];
    scenario_names(names, sizeof names);
    fputc('\n', out);
    put_wrapped(out, "Scenarios: ", 2, names);
    fputs("\nDashboard keys (? in the dashboard lists them all):\n"
          "  space play/pause  n/b step/back  +/- speed  m/M maxsize  w/W/k workers\n"
          "  s shutdown Event  Up/Down select  Enter why?  c code  l lesson  p predict\n"
          "  x mistakes  t stats  g timeline  v Python version  PgUp/PgDn output\n"
          "  r restart  Tab scenario  q quit\n",
          out);
    fputs("\nExamples:\n"
          "  aqsim                                    pick a scenario\n"
          "  aqsim backpressure --maxsize 2           watch put() block\n"
          "  aqsim --headless worker-pool --seed 42   the program's output\n"
          "  aqsim shutdown --big --lesson            a projector demo in lesson mode\n"
          "  aqsim --headless shutdown --python-diff 3.11,3.13   what the version changes\n"
          "\nExit status: 0 ok, 1 error, 2 bad command line, 3 the program deadlocked,\n"
          "4 the program raised (main() ended with an exception).\n",
          out);
}

void cli_list(FILE *out, SimPyVersion default_version, const Scenario *only)
{
    fprintf(out,
            "Scenarios (all run on CPython 3.11, 3.12 and 3.13 semantics unless noted; pick\n"
            "with --python, default %s):\n\n",
            sim_py_version_name(default_version));
    for (size_t i = 0; i < scn_count(); i++) {
        const Scenario *s = scn_at(i);
        if (only && s != only)
            continue;
        char lead[32], text[300];
        snprintf(lead, sizeof lead, "%-18s ", s->name);
        snprintf(text, sizeof text, "%s (tutorial %s)", s->summary, s->section);
        put_wrapped(out, lead, 19, text);
        bool any = false;
        for (int id = 0; id < SCN_PARAM_COUNT; id++) {
            if (!scn_takes(s, (ScnParamId)id))
                continue;
            char def[64];
            scn_param_default_text(s, (ScnParamId)id, def, sizeof def);
            fprintf(out, "%s%s", any ? "  " : "                   ", def);
            any = true;
        }
        fprintf(out, "%s\n", any ? "" : "                   (no parameters)");
        if (s->mistakes) {
            /* A line too long goes on in another "mistakes:" line: each is
             * read on its own (the bash completion does). */
            int col = fprintf(out, "                   mistakes:");
            for (int k = 0; k < SCN_MISTAKE_COUNT; k++) {
                if (!((s->mistakes >> k) & 1u))
                    continue;
                const char *name = scn_mistake_name((ScnMistake)k);
                if (col + 1 + (int)strlen(name) > HELP_WIDTH)
                    col = fprintf(out, "\n                   mistakes:") - 1;
                col += fprintf(out, " %s", name);
            }
            fputc('\n', out);
        }
        if (s->min_version > SIM_PY_3_11)
            fprintf(out, "                   (needs --python %s or later)\n",
                    sim_py_version_name(s->min_version));
    }
}
