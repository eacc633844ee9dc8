/* trace.c - trace event names and the JSON Lines writer. */
#include "trace.h"

#include <string.h>

#include "fmt.h"
#include "task.h"

static const char *const kind_names[SIM_TRACE_KIND_COUNT] = {
#define SIM_TRACE_NAME(name, word) word,
    SIM_TRACE_KINDS(SIM_TRACE_NAME)
#undef SIM_TRACE_NAME
};

static const char *const wait_names[SIM_WAIT_KIND_COUNT] = {
#define SIM_WAIT_NAME(name, word) word,
    SIM_WAIT_KINDS(SIM_WAIT_NAME)
#undef SIM_WAIT_NAME
};

const char *sim_trace_kind_name(SimTraceKind k)
{
    return (unsigned)k < SIM_TRACE_KIND_COUNT ? kind_names[k] : "?";
}

const char *sim_wait_kind_name(SimWaitKind w)
{
    return (unsigned)w < SIM_WAIT_KIND_COUNT ? wait_names[w] : "?";
}

static void json_string(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        default:
            if (c < 0x20)
                fprintf(out, "\\u%04x", c);
            else
                fputc(c, out);
        }
    }
    fputc('"', out);
}

static void json_number(FILE *out, double x)
{
    char buf[40];
    sim_fmt_repr(buf, sizeof buf, x);
    fputs(buf, out);
}

void sim_trace_write_jsonl(FILE *out, const SimTraceEvent *ev)
{
    fprintf(out, "{\"step\":%llu,\"time\":", (unsigned long long)ev->step);
    json_number(out, ev->time);
    fprintf(out, ",\"kind\":\"%s\"", sim_trace_kind_name(ev->kind));
    if (ev->task) {
        fputs(",\"task\":", out);
        json_string(out, ev->task->name, strlen(ev->task->name));
    }
    if (ev->item) {
        char buf[256];
        size_t n = sim_value_repr(ev->item, buf, sizeof buf);
        fputs(",\"item\":", out);
        json_string(out, buf, n < sizeof buf ? n : sizeof buf - 1);
    }
    switch (ev->kind) {
    case SIM_TRACE_PUT:
    case SIM_TRACE_GET:
    case SIM_TRACE_ITEM_DONE:
    case SIM_TRACE_SHUTDOWN:
        fprintf(out, ",\"qsize\":%d,\"unfinished\":%d", ev->qsize, ev->unfinished);
        break;
    case SIM_TRACE_TASK_WAIT:
        fprintf(out, ",\"wait\":\"%s\",\"line\":%d", sim_wait_kind_name(ev->wait), ev->line);
        break;
    case SIM_TRACE_PRINT:
        fputs(",\"text\":", out);
        json_string(out, ev->text, ev->text_len);
        break;
    case SIM_TRACE_LIVE:
        fputs(",\"value\":", out);
        json_number(out, ev->number);
        break;
    default:
        break;
    }
    if (ev->detail) {
        fputs(",\"detail\":", out);
        json_string(out, ev->detail, strlen(ev->detail));
    }
    fputs("}\n", out);
}
