/* registry.c - the list of scenarios, their parameters, their source. */
#include "scenarios/scenario.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/fmt.h"

extern const Scenario scn_producer_consumer;
extern const Scenario scn_join;
extern const Scenario scn_backpressure;
extern const Scenario scn_worker_pool;
extern const Scenario scn_priority;
extern const Scenario scn_lifo;
extern const Scenario scn_shutdown;
extern const Scenario scn_pool_stats;
extern const Scenario scn_retry;
extern const Scenario scn_queue_shutdown;

/* In the tutorial's order: this is also the order of the picker and of the
 * 1-9 keys. */
static const Scenario *const all[] = {
    &scn_producer_consumer, &scn_join, &scn_backpressure, &scn_worker_pool, &scn_priority,
    &scn_lifo, &scn_shutdown, &scn_pool_stats, &scn_retry, &scn_queue_shutdown,
};

static const ScnParamInfo params[SCN_PARAM_COUNT] = {
#define SCN_PARAM_INFO(id, flag, is_int, lo, hi, help) {flag, is_int, lo, hi, help},
    SCN_PARAMS(SCN_PARAM_INFO)
#undef SCN_PARAM_INFO
};

static const char *const mistake_names[SCN_MISTAKE_COUNT] = {
#define SCN_MISTAKE_NAME(id, name, what) name,
    SCN_MISTAKES(SCN_MISTAKE_NAME)
#undef SCN_MISTAKE_NAME
};

static const char *const mistake_whats[SCN_MISTAKE_COUNT] = {
#define SCN_MISTAKE_WHAT(id, name, what) what,
    SCN_MISTAKES(SCN_MISTAKE_WHAT)
#undef SCN_MISTAKE_WHAT
};

const char *scn_mistake_name(ScnMistake m)
{
    return (unsigned)m < SCN_MISTAKE_COUNT ? mistake_names[m] : "?";
}

const char *scn_mistake_what(ScnMistake m)
{
    return (unsigned)m < SCN_MISTAKE_COUNT ? mistake_whats[m] : "?";
}

bool scn_mistake_parse(const char *name, ScnMistake *out)
{
    for (int i = 0; i < SCN_MISTAKE_COUNT; i++)
        if (strcmp(name, mistake_names[i]) == 0) {
            *out = (ScnMistake)i;
            return true;
        }
    return false;
}

bool scn_has_mistake(const ScnParams *p, ScnMistake m)
{
    return (p->mistakes >> m) & 1u;
}

const ScnParamInfo *scn_param_info(ScnParamId id)
{
    return &params[id];
}

void scn_param_default_text(const Scenario *s, ScnParamId id, char *buf, size_t size)
{
    if (id == SCN_PARAM_IMMEDIATE) /* a switch: it takes no value */
        snprintf(buf, size, "--%s (%s)", params[id].flag, s->defaults[id] ? "on" : "off");
    else
        snprintf(buf, size, "--%s %g", params[id].flag, s->defaults[id]);
}

size_t scn_count(void)
{
    return sizeof all / sizeof all[0];
}

const Scenario *scn_at(size_t i)
{
    return i < scn_count() ? all[i] : NULL;
}

const Scenario *scn_find(const char *name)
{
    for (size_t i = 0; i < scn_count(); i++)
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    return NULL;
}

bool scn_takes(const Scenario *s, ScnParamId id)
{
    return (s->params >> id) & 1u;
}

ScnParams scn_defaults(const Scenario *s)
{
    ScnParams p;
    memcpy(p.v, s->defaults, sizeof p.v);
    p.mistakes = 0;
    return p;
}

size_t scn_param_range(ScnParamId id, char *buf, size_t size)
{
    const ScnParamInfo *pi = &params[id];
    if (id == SCN_PARAM_TIMEOUT)
        return (size_t)snprintf(buf, size, "a number from %g to %.0f", pi->min, pi->max);
    return (size_t)snprintf(buf, size, "%s from %.0f to %.0f", pi->is_int ? "an integer" : "a number",
                            pi->min, pi->max);
}

const char *scn_param_check(ScnParamId id, double value)
{
    static char msg[160];
    const ScnParamInfo *pi = &params[id];
    /* --timeout's minimum is 1 ms: asyncio takes any positive timeout, but
     * a consumer polling every nanosecond runs for minutes and shows
     * nothing more. */
    if (isfinite(value) && value >= pi->min && value <= pi->max &&
        !(pi->is_int && value != floor(value)))
        return NULL;
    char range[100];
    scn_param_range(id, range, sizeof range);
    snprintf(msg, sizeof msg, "--%s must be %s", pi->flag, range);
    return msg;
}

/* The most get() timeouts a run may take: seconds headless (each is
 * several callbacks: wait_for, its timer, the cancelled get()), and
 * CPython would need hours for the same program. */
#define MAX_TIMEOUTS 2e6

const char *scn_params_check(const Scenario *s, const ScnParams *p)
{
    static char msg[256];
    if (!scn_takes(s, SCN_PARAM_TIMEOUT) || !scn_takes(s, SCN_PARAM_SHUTDOWN_AT))
        return NULL;
    /* Each idle consumer times out every --timeout seconds until the
     * shutdown, live additions aside. */
    double workers = scn_takes(s, SCN_PARAM_WORKERS) ? p->v[SCN_PARAM_WORKERS] : 1;
    double n = p->v[SCN_PARAM_SHUTDOWN_AT] / p->v[SCN_PARAM_TIMEOUT] * workers;
    if (n <= MAX_TIMEOUTS)
        return NULL;
    snprintf(msg, sizeof msg,
             "--shutdown-at %.15g with --timeout %.15g and %.0f worker%s: up to %.0f get() "
             "timeouts, more than a run can show (at most %.0f); raise --timeout or lower "
             "--shutdown-at",
             p->v[SCN_PARAM_SHUTDOWN_AT], p->v[SCN_PARAM_TIMEOUT], workers, workers == 1 ? "" : "s",
             n, MAX_TIMEOUTS);
    return msg;
}

/* A parameter as Python would write the literal: 5, 3.0, True. */
static size_t param_literal(ScnParamId id, double v, char *buf, size_t size)
{
    if (id == SCN_PARAM_IMMEDIATE)
        return (size_t)snprintf(buf, size, "%s", v != 0 ? "True" : "False");
    if (params[id].is_int)
        return (size_t)snprintf(buf, size, "%.0f", v);
    return sim_fmt_repr(buf, size, v);
}

size_t scn_source_line(const Scenario *s, const ScnParams *p, size_t i, char *buf, size_t size)
{
    if (size == 0)
        return 0;
    buf[0] = '\0';
    if (i >= s->source_lines)
        return 0;
    size_t len = 0;
    for (const char *c = s->source[i]; *c && len + 1 < size;) {
        if (c[0] == '$' && c[1] == '{') {
            const char *end = strchr(c, '}');
            bool done = false;
            for (int id = 0; end && id < SCN_PARAM_COUNT; id++) {
                size_t n = strlen(params[id].flag);
                if ((size_t)(end - c - 2) == n && strncmp(c + 2, params[id].flag, n) == 0) {
                    char lit[40];
                    size_t ln = param_literal((ScnParamId)id, p->v[id], lit, sizeof lit);
                    for (size_t k = 0; k < ln && len + 1 < size; k++)
                        buf[len++] = lit[k];
                    c = end + 1;
                    done = true;
                    break;
                }
            }
            if (done)
                continue;
        }
        buf[len++] = *c++;
    }
    buf[len] = '\0';
    return len;
}
