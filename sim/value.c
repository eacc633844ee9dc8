/* value.c - Python values: construction, comparison as Python compares,
 * str() and repr(). */
#include "value.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "xalloc.h"

struct SimValueBox {
    uint32_t refs;
    uint8_t kind;                 /* STR, TUPLE or RECORD */
    const SimRecordType *rtype;   /* RECORD */
    size_t n;                     /* string length or item count */
    union {
        char text[1];             /* STR: n bytes + NUL */
        SimValue items[1];        /* TUPLE/RECORD: n items */
    } data;
};

static SimValueBox *box_new(uint8_t kind, size_t n, size_t payload)
{
    SimValueBox *b = sim_xmalloc(offsetof(SimValueBox, data) + payload);
    b->refs = 1;
    b->kind = kind;
    b->rtype = NULL;
    b->n = n;
    return b;
}

SimValue sim_value_bool(bool b)
{
    SimValue v = sim_value_none();
    v.kind = SIM_VALUE_BOOL;
    v.u.i = b ? 1 : 0;
    return v;
}

SimValue sim_value_int(int64_t i)
{
    SimValue v = sim_value_none();
    v.kind = SIM_VALUE_INT;
    v.u.i = i;
    return v;
}

SimValue sim_value_float(double f)
{
    SimValue v = sim_value_none();
    v.kind = SIM_VALUE_FLOAT;
    v.u.f = f;
    return v;
}

SimValue sim_value_strn(const char *s, size_t n)
{
    SimValue v;
    v.kind = SIM_VALUE_STR;
    if (n <= SIM_VALUE_INLINE_MAX) {
        v.len = (uint8_t)n;
        memcpy(v.text, s, n);
        v.text[n] = '\0';
        v.u.box = NULL;
        return v;
    }
    v.len = 0;
    v.text[0] = '\0';
    v.u.box = box_new(SIM_VALUE_STR, n, n + 1);
    memcpy(v.u.box->data.text, s, n);
    v.u.box->data.text[n] = '\0';
    return v;
}

SimValue sim_value_str_num(const char *prefix, int64_t n)
{
    char buf[SIM_VALUE_INLINE_MAX + 64];
    size_t len = strlen(prefix);
    if (len + 24 > sizeof buf)
        return sim_value_strf("%s%lld", prefix, (long long)n);
    memcpy(buf, prefix, len);
    len += sim_fmt_i64(buf + len, sizeof buf - len, n);
    return sim_value_strn(buf, len);
}

SimValue sim_value_str(const char *s)
{
    return sim_value_strn(s, strlen(s));
}

SimValue sim_value_strf(const char *fmt, ...)
{
    char small[SIM_VALUE_INLINE_MAX + 1];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return sim_value_strn("", 0);
    if ((size_t)n < sizeof small)
        return sim_value_strn(small, (size_t)n);
    char *big = sim_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    SimValue v = sim_value_strn(big, (size_t)n);
    free(big);
    return v;
}

static SimValue seq_new(SimValueKind kind, const SimRecordType *t, int n, SimValue *items)
{
    SimValue v = sim_value_none();
    v.kind = (uint8_t)kind;
    size_t count = n > 0 ? (size_t)n : 0;
    v.u.box = box_new((uint8_t)kind, count, (count ? count : 1) * sizeof(SimValue));
    v.u.box->rtype = t;
    if (count)
        memcpy(v.u.box->data.items, items, count * sizeof(SimValue));
    return v;
}

SimValue sim_value_tuple(int n, SimValue *items)
{
    return seq_new(SIM_VALUE_TUPLE, NULL, n, items);
}

SimValue sim_value_record(const SimRecordType *t, SimValue *fields)
{
    return seq_new(SIM_VALUE_RECORD, t, t->nfields, fields);
}

void sim_value_ref_box(SimValueBox *b)
{
    b->refs++;
}

void sim_value_release_box(SimValueBox *b)
{
    if (--b->refs == 0) {
        if (b->kind != SIM_VALUE_STR)
            for (size_t i = 0; i < b->n; i++)
                sim_value_release(&b->data.items[i]);
        free(b);
    }
}

bool sim_value_is_none(const SimValue *v)
{
    return v->kind == SIM_VALUE_NONE;
}

const char *sim_value_str_data(const SimValue *v, size_t *len)
{
    if (v->u.box == NULL) {
        if (len)
            *len = v->len;
        return v->text;
    }
    if (len)
        *len = v->u.box->n;
    return v->u.box->data.text;
}

int sim_value_len(const SimValue *v)
{
    return (int)v->u.box->n;
}

const SimValue *sim_value_item(const SimValue *v, int i)
{
    return &v->u.box->data.items[i];
}

const SimRecordType *sim_value_record_type(const SimValue *v)
{
    return v->u.box->rtype;
}

static bool is_number(const SimValue *v)
{
    return v->kind == SIM_VALUE_BOOL || v->kind == SIM_VALUE_INT || v->kind == SIM_VALUE_FLOAT;
}

/* Python compares int and float exactly, not by converting the int. */
static int cmp_int_float(int64_t i, double f)
{
    if (isnan(f))
        return 2; /* unordered */
    if (f >= 9223372036854775808.0)
        return -1;
    if (f < -9223372036854775808.0)
        return 1;
    double fl = floor(f);
    int64_t fi = (int64_t)fl;
    if (i != fi)
        return i < fi ? -1 : 1;
    return fl == f ? 0 : -1;
}

/* -1, 0, 1, or 2 when unordered (NaN). */
static int cmp_numbers(const SimValue *a, const SimValue *b)
{
    bool af = a->kind == SIM_VALUE_FLOAT, bf = b->kind == SIM_VALUE_FLOAT;
    if (!af && !bf)
        return (a->u.i > b->u.i) - (a->u.i < b->u.i);
    if (af && bf) {
        if (isnan(a->u.f) || isnan(b->u.f))
            return 2;
        return (a->u.f > b->u.f) - (a->u.f < b->u.f);
    }
    if (af) {
        int c = cmp_int_float(b->u.i, a->u.f);
        return c == 2 ? 2 : -c;
    }
    return cmp_int_float(a->u.i, b->u.f);
}

static int cmp_strings(const SimValue *a, const SimValue *b)
{
    size_t la, lb;
    const char *sa = sim_value_str_data(a, &la);
    const char *sb = sim_value_str_data(b, &lb);
    /* Byte order of UTF-8 is code point order, which is how Python
     * compares str. */
    int c = memcmp(sa, sb, la < lb ? la : lb);
    if (c != 0)
        return c < 0 ? -1 : 1;
    return (la > lb) - (la < lb);
}

bool sim_value_eq(const SimValue *a, const SimValue *b)
{
    if (is_number(a) && is_number(b))
        return cmp_numbers(a, b) == 0;
    if (a->kind != b->kind)
        return false;
    switch ((SimValueKind)a->kind) {
    case SIM_VALUE_NONE:
        return true;
    case SIM_VALUE_STR:
        return cmp_strings(a, b) == 0;
    case SIM_VALUE_RECORD:
        if (sim_value_record_type(a) != sim_value_record_type(b))
            return false;
        for (int i = 0; i < sim_value_len(a); i++)
            if (sim_value_record_type(a)->field_compare[i] &&
                !sim_value_eq(sim_value_item(a, i), sim_value_item(b, i)))
                return false;
        return true;
    case SIM_VALUE_TUPLE:
        if (sim_value_len(a) != sim_value_len(b))
            return false;
        for (int i = 0; i < sim_value_len(a); i++)
            if (!sim_value_eq(sim_value_item(a, i), sim_value_item(b, i)))
                return false;
        return true;
    default:
        return false;
    }
}

/* The i-th item taking part in `<`: every item of a tuple, only the
 * compare fields of a record. */
static int cmp_len(const SimValue *v)
{
    if (v->kind == SIM_VALUE_TUPLE)
        return sim_value_len(v);
    int n = 0;
    const SimRecordType *t = sim_value_record_type(v);
    for (int i = 0; i < t->nfields; i++)
        n += t->field_compare[i];
    return n;
}

static const SimValue *cmp_item(const SimValue *v, int k)
{
    if (v->kind == SIM_VALUE_TUPLE)
        return sim_value_item(v, k);
    const SimRecordType *t = sim_value_record_type(v);
    for (int i = 0; i < t->nfields; i++)
        if (t->field_compare[i] && k-- == 0)
            return sim_value_item(v, i);
    return NULL;
}

/* Python's tuple `<` (and dataclass order=True's, on the compare fields):
 * the first unequal position decides, else the shorter is smaller. */
static bool seq_lt(const SimValue *a, const SimValue *b, bool *type_error)
{
    int na = cmp_len(a), nb = cmp_len(b);
    int n = na < nb ? na : nb;
    for (int i = 0; i < n; i++) {
        const SimValue *x = cmp_item(a, i), *y = cmp_item(b, i);
        if (!sim_value_eq(x, y))
            return sim_value_lt(x, y, type_error);
    }
    return na < nb;
}

bool sim_value_lt(const SimValue *a, const SimValue *b, bool *type_error)
{
    if (is_number(a) && is_number(b))
        return cmp_numbers(a, b) == -1;
    if (a->kind == b->kind) {
        if (a->kind == SIM_VALUE_STR)
            return cmp_strings(a, b) < 0;
        if (a->kind == SIM_VALUE_TUPLE ||
            (a->kind == SIM_VALUE_RECORD && sim_value_record_type(a) == sim_value_record_type(b)))
            return seq_lt(a, b, type_error);
    }
    if (type_error)
        *type_error = true;
    return false;
}

/* A bounded writer that, like snprintf, counts what did not fit. */
typedef struct {
    char *buf;
    size_t size, len;
} Out;

static void out_put(Out *o, const char *s, size_t n)
{
    if (o->len < o->size) {
        size_t room = o->size - 1 - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

static void out_str(Out *o, const char *s)
{
    out_put(o, s, strlen(s));
}

static void out_repr_str(Out *o, const char *s, size_t n)
{
    /* Python picks single quotes unless the text has ' and no ". */
    bool has_sq = memchr(s, '\'', n) != NULL, has_dq = memchr(s, '"', n) != NULL;
    char q = (has_sq && !has_dq) ? '"' : '\'';
    out_put(o, &q, 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == (unsigned char)q || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            out_put(o, esc, 2);
        } else if (c == '\n') {
            out_str(o, "\\n");
        } else if (c == '\r') {
            out_str(o, "\\r");
        } else if (c == '\t') {
            out_str(o, "\\t");
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(esc, sizeof esc, "\\x%02x", c);
            out_str(o, esc);
        } else {
            out_put(o, (const char *)&s[i], 1);
        }
    }
    out_put(o, &q, 1);
}

static void out_value(Out *o, const SimValue *v, bool repr)
{
    char num[40];
    switch ((SimValueKind)v->kind) {
    case SIM_VALUE_NONE:
        out_str(o, "None");
        break;
    case SIM_VALUE_BOOL:
        out_str(o, v->u.i ? "True" : "False");
        break;
    case SIM_VALUE_INT:
        out_put(o, num, sim_fmt_i64(num, sizeof num, v->u.i));
        break;
    case SIM_VALUE_FLOAT:
        out_put(o, num, sim_fmt_repr(num, sizeof num, v->u.f));
        break;
    case SIM_VALUE_STR: {
        size_t n;
        const char *s = sim_value_str_data(v, &n);
        if (repr)
            out_repr_str(o, s, n);
        else
            out_put(o, s, n);
        break;
    }
    case SIM_VALUE_TUPLE:
        out_str(o, "(");
        for (int i = 0; i < sim_value_len(v); i++) {
            if (i)
                out_str(o, ", ");
            out_value(o, sim_value_item(v, i), true);
        }
        out_str(o, sim_value_len(v) == 1 ? ",)" : ")");
        break;
    case SIM_VALUE_RECORD: {
        const SimRecordType *t = sim_value_record_type(v);
        out_str(o, t->name);
        out_str(o, "(");
        for (int i = 0; i < t->nfields; i++) {
            if (i)
                out_str(o, ", ");
            out_str(o, t->field_names[i]);
            out_str(o, "=");
            out_value(o, sim_value_item(v, i), true);
        }
        out_str(o, ")");
        break;
    }
    }
}

size_t sim_value_format(const SimValue *v, char *buf, size_t size)
{
    Out o = {buf, size, 0};
    out_value(&o, v, false);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}

size_t sim_value_repr(const SimValue *v, char *buf, size_t size)
{
    Out o = {buf, size, 0};
    out_value(&o, v, true);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}
