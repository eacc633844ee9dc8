/* fuzz_value.c - libFuzzer harness for Python values.
 *
 * Two values are built from the bytes (None, bools, ints, floats, strs of
 * any bytes, tuples up to 20 items, records of two dataclass types, nested
 * up to 4 deep) and compared and formatted. Properties Python guarantees
 * for these types are checked: == is symmetric and reflexive (without
 * NaN), < is asymmetric, raises TypeError both ways or neither, and
 * without NaN exactly one of a < b, b < a, a == b holds when it does not
 * raise; str() and repr() truncate like snprintf.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "sim/value.h"
#include "tests/fuzz/fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    const uint8_t *p;
    size_t n;
    int nodes;
    bool nan; /* a NaN somewhere: == and < lose their laws */
} Reader;

static uint8_t byte(Reader *r)
{
    if (r->n == 0)
        return 0;
    r->n--;
    return *r->p++;
}

static uint64_t u64(Reader *r)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | byte(r);
    return v;
}

static const char *const job_fields[] = {"priority", "name"};
static const bool job_compare[] = {true, false};
static const SimRecordType job_type = {"Job", 2, job_fields, job_compare};

static const char *const retry_fields[] = {"priority", "attempt", "payload"};
static const bool retry_compare[] = {true, true, false};
static const SimRecordType retry_type = {"RetryItem", 3, retry_fields, retry_compare};

static SimValue build(Reader *r, int depth)
{
    if (++r->nodes > 64)
        return sim_value_none();
    switch (byte(r) % 9) {
    case 0:
        return sim_value_none();
    case 1:
        return sim_value_bool(byte(r) & 1);
    case 2:
        return sim_value_int((int64_t)u64(r));
    case 3: {
        uint64_t bits = u64(r);
        double f;
        memcpy(&f, &bits, sizeof f);
        r->nan |= isnan(f);
        return sim_value_float(f);
    }
    case 4: {
        /* Lengths around SIM_VALUE_INLINE_MAX: inline and boxed strings. */
        size_t len = byte(r) % 48;
        if (len > r->n)
            len = r->n;
        SimValue v = sim_value_strn((const char *)r->p, len);
        r->p += len;
        r->n -= len;
        return v;
    }
    case 5: {
        int n = depth < 4 ? byte(r) % 21 : 0;
        SimValue items[20];
        for (int i = 0; i < n; i++)
            items[i] = build(r, depth + 1);
        return sim_value_tuple(n, items);
    }
    case 6: {
        const SimRecordType *t = byte(r) & 1 ? &retry_type : &job_type;
        SimValue fields[3];
        for (int i = 0; i < t->nfields; i++)
            fields[i] = depth < 4 ? build(r, depth + 1) : sim_value_int(i);
        return sim_value_record(t, fields);
    }
    case 7: /* small ints collide often: equal values are interesting */
        return sim_value_int((int8_t)byte(r));
    default:
        return sim_value_float((int8_t)byte(r) / 4.0);
    }
}

/* str() or repr() into buffers of every small size: a NUL-terminated
 * prefix of the full text and the full length, like snprintf. */
static void check_format(const SimValue *v, bool repr)
{
    size_t (*fn)(const SimValue *, char *, size_t) = repr ? sim_value_repr : sim_value_format;
    char probe[2] = {'Z', 'Z'};
    size_t full = fn(v, probe, 0);
    FUZZ_CHECK(probe[0] == 'Z');
    FUZZ_CHECK(fn(v, probe, 1) == full && probe[0] == '\0' && probe[1] == 'Z');
    char *text = malloc(full + 1);
    FUZZ_CHECK(fn(v, text, full + 1) == full);
    FUZZ_CHECK(text[full] == '\0');
    char small[40];
    for (size_t size = 2; size < sizeof small && size <= full + 1; size += 5) {
        memset(small, 'Z', sizeof small);
        FUZZ_CHECK(fn(v, small, size) == full);
        size_t keep = full < size - 1 ? full : size - 1;
        FUZZ_CHECK(memcmp(small, text, keep) == 0 && small[keep] == '\0');
        FUZZ_CHECK(small[size] == 'Z');
    }
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Reader r = {data, size, 0, false};
    SimValue a = build(&r, 0);
    SimValue b = build(&r, 0);
    bool te_ab = false, te_ba = false;
    bool lt_ab = sim_value_lt(&a, &b, &te_ab);
    bool lt_ba = sim_value_lt(&b, &a, &te_ba);
    bool eq_ab = sim_value_eq(&a, &b), eq_ba = sim_value_eq(&b, &a);
    FUZZ_CHECK(eq_ab == eq_ba);
    FUZZ_CHECK(!(lt_ab && lt_ba));
    FUZZ_CHECK(te_ab == te_ba);
    FUZZ_CHECK(!te_ab || (!lt_ab && !lt_ba));
    if (!r.nan) {
        FUZZ_CHECK(sim_value_eq(&a, &a));
        SimValue c = sim_value_copy(&a);
        FUZZ_CHECK(sim_value_eq(&a, &c));
        sim_value_release(&c);
        if (!te_ab)
            FUZZ_CHECK((int)lt_ab + (int)lt_ba + (int)eq_ab == 1);
    }
    FUZZ_CHECK(sim_value_lt(&a, &b, NULL) == lt_ab);
    check_format(&a, false);
    check_format(&a, true);
    check_format(&b, true);
    sim_value_release(&a);
    sim_value_release(&b);
    FUZZ_CHECK(a.kind == SIM_VALUE_NONE && b.kind == SIM_VALUE_NONE);
    return 0;
}
