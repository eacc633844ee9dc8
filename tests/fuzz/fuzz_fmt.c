/* fuzz_fmt.c - libFuzzer harness for Python's float formatting.
 *
 * For doubles from the bytes: sim_fmt_fixed against the C library's
 * correctly rounded "%.*f" (Python's f"{x:.Nf}" is the same digits, but
 * "nan" never "-nan"), at precisions 0..6 (the fast path) and a few past
 * it; sim_fmt_repr must round-trip, be the shortest that does (checked
 * against "%.*e" at each precision) and switch to exponent form exactly
 * when the exponent is < -4 or >= 16; sim_fmt_i64 against "%lld". All
 * three must truncate to a NUL-terminated prefix in small buffers.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/fmt.h"
#include "tests/fuzz/fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A small buffer gets a prefix of the full text; returns nothing. */
static void check_prefixes(const char *full, size_t len,
                           size_t (*fn)(char *, size_t, const void *), const void *arg)
{
    char buf[48];
    /* Sizes around the ends and a few between: each call can be slow. */
    static const size_t sizes[] = {0, 1, 2, 3, 4, 6, 9, 13, 19, 25, 33, 40, 47};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0] && sizes[k] <= len + 1; k++) {
        size_t sz = sizes[k];
        memset(buf, 'Z', sizeof buf);
        size_t got = fn(buf, sz, arg);
        if (sz == 0) {
            FUZZ_CHECK(got == 0 && buf[0] == 'Z');
            continue;
        }
        size_t want = len < sz - 1 ? len : sz - 1;
        FUZZ_CHECK(got == want);
        FUZZ_CHECK(buf[want] == '\0' && memcmp(buf, full, want) == 0);
        FUZZ_CHECK(buf[sz] == 'Z');
    }
}

typedef struct {
    double x;
    int prec;
} FixedArg;

static size_t fixed_fn(char *buf, size_t size, const void *arg)
{
    const FixedArg *a = arg;
    return sim_fmt_fixed(buf, size, a->x, a->prec);
}

static size_t repr_fn(char *buf, size_t size, const void *arg)
{
    return sim_fmt_repr(buf, size, *(const double *)arg);
}

static size_t i64_fn(char *buf, size_t size, const void *arg)
{
    return sim_fmt_i64(buf, size, *(const int64_t *)arg);
}

static void check_fixed(double x, int prec)
{
    static char got[2048], want[2048];
    size_t n = sim_fmt_fixed(got, sizeof got, x, prec);
    FUZZ_CHECK(n == strlen(got));
    if (isnan(x))
        snprintf(want, sizeof want, "nan");
    else
        snprintf(want, sizeof want, "%.*f", prec, x);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "sim_fmt_fixed(%a, %d) = \"%s\", want \"%s\"\n", x, prec, got, want);
        abort();
    }
    FixedArg a = {x, prec};
    check_prefixes(got, n, fixed_fn, &a);
}

static void check_repr(double x)
{
    char got[64], want[64];
    size_t n = sim_fmt_repr(got, sizeof got, x);
    FUZZ_CHECK(n == strlen(got) && n < 32);
    check_prefixes(got, n, repr_fn, &x);
    if (isnan(x)) {
        FUZZ_CHECK(strcmp(got, "nan") == 0);
        return;
    }
    if (isinf(x)) {
        FUZZ_CHECK(strcmp(got, x > 0 ? "inf" : "-inf") == 0);
        return;
    }
    /* Round trip, sign of zero included. */
    double back = strtod(got, NULL);
    FUZZ_CHECK(memcmp(&back, &x, sizeof x) == 0);
    /* The shortest correctly rounded digits: the first precision at which
     * "%.*e" round-trips. */
    int p = 1;
    for (; p <= 17; p++) {
        snprintf(want, sizeof want, "%.*e", p - 1, x);
        if (strtod(want, NULL) == x)
            break;
    }
    FUZZ_CHECK(p <= 17);
    /* Digits and exponent of the reference, and the digits of ours. */
    char ref_digits[32];
    size_t nd = 0;
    const char *c = want;
    for (; *c && *c != 'e'; c++)
        if (*c >= '0' && *c <= '9')
            ref_digits[nd++] = *c;
    ref_digits[nd] = '\0';
    int exp10 = atoi(c + 1);
    char our_digits[32];
    size_t no = 0;
    bool leading = true;
    for (const char *d = got; *d && *d != 'e'; d++) {
        if (*d < '0' || *d > '9')
            continue;
        if (leading && *d == '0')
            continue;
        leading = false;
        our_digits[no++] = *d;
    }
    while (no > 1 && our_digits[no - 1] == '0' && !strchr(got, 'e'))
        no--; /* "100.0" is digits "1" */
    our_digits[no] = '\0';
    if (x == 0) {
        FUZZ_CHECK(strcmp(got, signbit(x) ? "-0.0" : "0.0") == 0);
        return;
    }
    /* Shortest: never more digits than the reference needs; with as many,
     * the same (nearest) digits. Fewer can only happen at a power of two,
     * where the round-trip interval is lopsided; it still round-trips. */
    if (no > nd || (no == nd && strcmp(our_digits, ref_digits) != 0)) {
        fprintf(stderr, "sim_fmt_repr(%a) = \"%s\", shortest is \"%s\"\n", x, got, want);
        abort();
    }
    /* Exponent form exactly outside 1e-4 <= |x| < 1e16. */
    bool expo = strchr(got, 'e') != NULL;
    FUZZ_CHECK(expo == (exp10 < -4 || exp10 >= 16));
    FUZZ_CHECK(expo || strchr(got, '.'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A few doubles per input keep each run fast. */
    if (size > 4 * 9)
        size = 4 * 9;
    while (size >= 9) {
        double x;
        memcpy(&x, data, sizeof x);
        int prec = data[8] % 32;
        data += 9;
        size -= 9;
        check_repr(x);
        /* Past the fast path (prec > 6) digits get slow for huge x. */
        if (prec > 6 && fabs(x) < 1e20)
            check_fixed(x, prec);
        for (int p = 0; p <= 6; p++)
            check_fixed(x, p);
        int64_t i;
        memcpy(&i, &x, sizeof i);
        char got[32], want[32];
        size_t n = sim_fmt_i64(got, sizeof got, i);
        snprintf(want, sizeof want, "%lld", (long long)i);
        FUZZ_CHECK(strcmp(got, want) == 0 && n == strlen(want));
        check_prefixes(got, n, i64_fn, &i);
    }
    return 0;
}
