/* check_fmt.c - sim/fmt against CPython's format() and repr().
 *
 * The expected strings in the tables were produced by CPython 3.11's
 * format(x, ".Nf") and repr(x); the C literals are Python's repr of the
 * same doubles, so the compiler reads back the identical values. The
 * randomized checks compare sim_fmt_fixed with glibc's "%.*f", which is
 * exact and therefore agrees with CPython everywhere but NaN's sign.
 */
#include <check.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/fmt.h"
#include "tests/suites.h"

/* Declared here too so this file builds before suites.h lists it. */
Suite *make_fmt_suite(void);

#define RANDOM_VALUES 200000

typedef struct FixedCase {
    double x;
    int prec;
    const char *want;
} FixedCase;

typedef struct ReprCase {
    double x;
    const char *want;
} ReprCase;

static const FixedCase fixed_cases[] = {
    { 0.125, 2, "0.12" },
    { 0.375, 2, "0.38" },
    { 2.675, 2, "2.67" },
    { 1.005, 2, "1.00" },
    { 3.255, 2, "3.25" },
    { 0.045, 2, "0.04" },
    { 0.5, 0, "0" },
    { 1.5, 0, "2" },
    { 2.5, 0, "2" },
    { -0.0, 2, "-0.00" },
    { -0.001, 2, "-0.00" },
    { 1e+300, 2,
      "100000000000000005250476025520442024870446858110815915491585"
      "411551180245798890819578637137508044786404370444383288387817"
      "694252323536043057564479218478670698284838720092657580373783"
      "023379478809005936895323497079994508111903896764088007465274"
      "278014249457925878882005684283811566947219638686545940054016"
      "0.00" },
    { 5e-324, 2, "0.00" },
    { 2.9999999999999996, 1, "3.0" },
    { 40022.7, 2, "40022.70" },
    { 0.0, 0, "0" },
    { 0.0, 3, "0.000" },
    { -0.5, 0, "-0" },
    { -1.5, 0, "-2" },
    { 0.9995, 3, "1.000" },
    { 0.99999995, 6, "1.000000" },
    { 0.9999995, 6, "1.000000" },
    { 123456.5, 0, "123456" },
    { 123457.5, 0, "123458" },
    { 9007199254740992.0, 2, "9007199254740992.00" },
    { 1.8446744073709552e+19, 1, "18446744073709551616.0" },
    { 1.844674407370955e+19, 2, "18446744073709549568.00" },
    { 1e-07, 6, "0.000000" },
    { 5e-07, 6, "0.000000" },
    { -4e-07, 6, "-0.000000" },
    { 0.05, 1, "0.1" },
    { 0.15, 1, "0.1" },
    { 0.25, 1, "0.2" },
    { 0.35, 1, "0.3" },
    { 1.0, 6, "1.000000" },
    { 2.5e-06, 5, "0.00000" },
    { 0.000125, 3, "0.000" },
    { 0.001953125, 6, "0.001953" },
    { 4503599627370495.5, 0, "4503599627370496" },
    { -4503599627370495.5, 1, "-4503599627370495.5" },
    { 9.5367431640625e-07, 6, "0.000001" },
    { 99.995, 2, "100.00" },
    { -99.995, 2, "-100.00" },
    { 1234567.891, 4, "1234567.8910" },
    { 1000000000000000.2, 6, "1000000000000000.250000" },
    { 2.2250738585072014e-308, 6, "0.000000" },
    { -1e-320, 6, "-0.000000" },
    { 0.3, 2, "0.30" },
    { 0.7, 2, "0.70" },
    { 1e+22, 0, "10000000000000000000000" },
    { 1e+22, 6, "10000000000000000000000.000000" },
};

static const ReprCase repr_cases[] = {
    { 0.1, "0.1" },
    { 2.9999999999999996, "2.9999999999999996" },
    { 0.30000000000000004, "0.30000000000000004" },
    { 1e+16, "1e+16" },
    { 1e-05, "1e-05" },
    { 123456789.0, "123456789.0" },
    { 0.0, "0.0" },
    { -0.0, "-0.0" },
    { 1e+22, "1e+22" },
    { 1.7976931348623157e+308, "1.7976931348623157e+308" },
    { 5e-324, "5e-324" },
    { 1000000000000000.0, "1000000000000000.0" },
    { 0.0001, "0.0001" },
    { 0.0001234, "0.0001234" },
    { 9999999999999998.0, "9999999999999998.0" },
    { 9007199254740992.0, "9007199254740992.0" },
    { 9007199254740994.0, "9007199254740994.0" },
    { 2.2250738585072014e-308, "2.2250738585072014e-308" },
    { 0.3333333333333333, "0.3333333333333333" },
    { 0.6666666666666666, "0.6666666666666666" },
    { -2.5, "-2.5" },
    { 100.0, "100.0" },
    { 1e+100, "1e+100" },
    { 1.152921504606847e+18, "1.152921504606847e+18" },
    { 5e-05, "5e-05" },
    { 9.5367431640625e-07, "9.5367431640625e-07" },
    { 1.2345678901234568e-300, "1.2345678901234568e-300" },
    { 123456789012345.6, "123456789012345.6" },
    { 1234567890123456.8, "1234567890123456.8" },
    { 1.2345678901234568e+16, "1.2345678901234568e+16" },
    { 0.001, "0.001" },
    { -1e-07, "-1e-07" },
    { 1.5, "1.5" },
    { 40022.7, "40022.7" },
    { -123.456, "-123.456" },
    { 1e-310, "1e-310" },
    { 1.5e-323, "1.5e-323" },
};

/* Powers of two whose shortest repr lies above the value: the gap below a
 * power of two is half the gap above, so the correctly rounded digits at
 * that length fall outside and the next decimal up is the answer. */
static const ReprCase repr_pow2_cases[] = {
    { 0x1p-1017, "7.120236347223045e-307" },
    { 0x1p-1007, "7.291122019556398e-304" },
    { 0x1p-957, "8.209073602596753e-289" },
    { 0x1p-921, "5.641232424577593e-278" },
    { 0x1p-808, "5.858190679279809e-244" },
    { 0x1p-791, "7.678447687145631e-239" },
    { 0x1p-788, "6.142758149716505e-238" },
    { 0x1p-778, "6.290184345309701e-235" },
    { 0x1p-705, "5.940911144672375e-213" },
    { 0x1p-695, "6.083493012144512e-210" },
    { 0x1p-662, "5.225680706521042e-200" },
    { 0x1p-652, "5.351097043477547e-197" },
    { 0x1p-549, "5.426657103235053e-166" },
    { 0x1p-509, "5.966672584960166e-154" },
    { 0x1p-496, "4.887898181599368e-150" },
    { 0x1p-489, "6.256509672447191e-148" },
    { 0x1p-383, "5.075883674631299e-116" },
    { 0x1p-366, "6.653062250012736e-111" },
    { 0x1p-296, "7.854549544476363e-90" },
    { 0x1p-140, "7.174648137343064e-43" },
    { 0x1p-97, "6.310887241768095e-30" },
    { 0x1p-77, "6.617444900424222e-24" },
    { 0x1p-44, "5.684341886080802e-14" },
    { 0x1p-24, "5.960464477539063e-08" },
    { 0x1p89, "6.189700196426902e+26" },
    { 0x1p122, "5.316911983139664e+36" },
    { 0x1p132, "5.444517870735016e+39" },
    { 0x1p172, "5.986310706507379e+51" },
    { 0x1p182, "6.129982163463556e+54" },
    { 0x1p275, "6.070840288205404e+82" },
    { 0x1p305, "6.518515124270356e+91" },
    { 0x1p345, "7.167183174968974e+103" },
    { 0x1p378, "6.156563468186638e+113" },
    { 0x1p398, "6.455624695217272e+119" },
    { 0x1p405, "8.263199609878108e+121" },
    { 0x1p481, "6.243497100631985e+144" },
    { 0x1p534, "5.623642243178996e+160" },
    { 0x1p544, "5.758609657015292e+163" },
    { 0x1p554, "5.896816288783659e+166" },
    { 0x1p574, "6.183260036827614e+172" },
    { 0x1p594, "6.483618076376552e+178" },
    { 0x1p710, "5.386379163185535e+213" },
    { 0x1p803, "5.334411546303884e+241" },
    { 0x1p863, "6.150157786156811e+259" },
    { 0x1p896, "5.282945311356653e+269" },
    { 0x1p976, "6.386688990511104e+293" },
};

static uint64_t xorshift64(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return x;
}

/* 53 random bits in [0, 1), as random.random() draws them. */
static double unit_double(uint64_t *state)
{
    return (double)(xorshift64(state) >> 11) * 0x1p-53;
}

static double bits_double(uint64_t bits)
{
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

static void check_fixed(double x, int prec, const char *want)
{
    char buf[512];
    size_t n = sim_fmt_fixed(buf, sizeof buf, x, prec);
    ck_assert_msg(strcmp(buf, want) == 0 && n == strlen(want),
                  "fixed(%a, %d) = '%s' (len %zu), want '%s'", x, prec, buf,
                  n, want);
}

static void check_repr(double x, const char *want)
{
    char buf[64];
    size_t n = sim_fmt_repr(buf, sizeof buf, x);
    ck_assert_msg(strcmp(buf, want) == 0 && n == strlen(want),
                  "repr(%a) = '%s' (len %zu), want '%s'", x, buf, n, want);
}

START_TEST(test_fixed_table)
{
    const FixedCase *c = &fixed_cases[_i];
    check_fixed(c->x, c->prec, c->want);
}
END_TEST

START_TEST(test_fixed_specials)
{
    int prec;
    for (prec = 0; prec <= 6; prec++) {
        check_fixed(INFINITY, prec, "inf");
        check_fixed(-INFINITY, prec, "-inf");
        /* format(-nan, ".2f") is "nan" in CPython, unlike glibc's "-nan". */
        check_fixed(NAN, prec, "nan");
        check_fixed(-NAN, prec, "nan");
        check_fixed(bits_double(UINT64_C(0xfff8000000000001)), prec, "nan");
    }
}
END_TEST

START_TEST(test_fixed_wide_precision)
{
    /* Outside the fast path: format(0.1, ".20f") in CPython 3.11. */
    check_fixed(0.1, 20, "0.10000000000000000555");
    check_fixed(2.675, 7, "2.6750000");
    check_fixed(0.125, -3, "0");
}
END_TEST

START_TEST(test_repr_table)
{
    check_repr(repr_cases[_i].x, repr_cases[_i].want);
}
END_TEST

START_TEST(test_repr_pow2_table)
{
    check_repr(repr_pow2_cases[_i].x, repr_pow2_cases[_i].want);
}
END_TEST

START_TEST(test_repr_specials)
{
    check_repr(INFINITY, "inf");
    check_repr(-INFINITY, "-inf");
    check_repr(NAN, "nan");
    check_repr(-NAN, "nan");
}
END_TEST

/* Every repr must read back as the same double; this covers the whole
 * exponent range, where the tables only sample it. */
START_TEST(test_repr_round_trips)
{
    uint64_t state = UINT64_C(0x9e3779b97f4a7c15);
    int i;
    for (i = 0; i < 20000; i++) {
        char buf[64];
        double x = bits_double(xorshift64(&state));
        size_t n;
        if (isnan(x))
            continue;
        n = sim_fmt_repr(buf, sizeof buf, x);
        ck_assert_uint_le(n, 24);
        ck_assert_msg(memcmp(&(double){strtod(buf, NULL)}, &x, sizeof x) == 0,
                      "repr(%a) = '%s' does not round-trip", x, buf);
    }
}
END_TEST

/* Each range stresses a different branch: [0, 1) has no integer part,
 * dyadic values hit exact ties, random bit patterns reach subnormals, huge
 * values and the snprintf fallback. */
START_TEST(test_fixed_random_vs_printf)
{
    uint64_t state = UINT64_C(0x2545f4914f6cdd1d);
    long i, mismatches = 0;
    char got[512], want[512];

    for (i = 0; i < RANDOM_VALUES; i++) {
        double x;
        int prec;
        switch (i % 5) {
        case 0:
            x = unit_double(&state);
            break;
        case 1:
            x = unit_double(&state) * 100.0;
            break;
        case 2:
            x = unit_double(&state) * 1e6;
            break;
        case 3:
            x = ldexp((double)(xorshift64(&state) >> 44),
                      -(int)(xorshift64(&state) % 24));
            break;
        default:
            do
                x = bits_double(xorshift64(&state));
            while (isnan(x));
            break;
        }
        if (i % 5 != 4 && (xorshift64(&state) & 1))
            x = -x;
        for (prec = 0; prec <= 6; prec++) {
            size_t n = sim_fmt_fixed(got, sizeof got, x, prec);
            snprintf(want, sizeof want, "%.*f", prec, x);
            if (strcmp(got, want) != 0 || n != strlen(want)) {
                if (mismatches++ < 10)
                    fprintf(stderr, "fixed(%a, %d): '%s' vs printf '%s'\n",
                            x, prec, got, want);
            }
        }
    }
    ck_assert_msg(mismatches == 0, "%ld mismatches against printf",
                  mismatches);
}
END_TEST

START_TEST(test_truncation)
{
    char buf[8];
    size_t size;

    ck_assert_uint_eq(sim_fmt_fixed(NULL, 0, 1.5, 2), 0);
    ck_assert_uint_eq(sim_fmt_repr(NULL, 0, 1.5), 0);
    ck_assert_uint_eq(sim_fmt_i64(NULL, 0, 15), 0);
    for (size = 1; size <= sizeof buf; size++) {
        size_t n;
        memset(buf, 'x', sizeof buf);
        n = sim_fmt_fixed(buf, size, -12345.678, 3);
        ck_assert_uint_eq(n, size - 1);
        ck_assert(strncmp(buf, "-12345.678", n) == 0 && buf[n] == '\0');
        memset(buf, 'x', sizeof buf);
        n = sim_fmt_fixed(buf, size, 1e300, 2); /* snprintf fallback */
        ck_assert_uint_eq(n, size - 1);
        ck_assert(strncmp(buf, "1000000", n) == 0 && buf[n] == '\0');
        memset(buf, 'x', sizeof buf);
        n = sim_fmt_repr(buf, size, 0.30000000000000004);
        ck_assert_uint_eq(n, size - 1);
        ck_assert(strncmp(buf, "0.30000", n) == 0 && buf[n] == '\0');
        memset(buf, 'x', sizeof buf);
        n = sim_fmt_i64(buf, size, INT64_MIN);
        ck_assert_uint_eq(n, size - 1);
        ck_assert(strncmp(buf, "-9223372", n) == 0 && buf[n] == '\0');
    }
}
END_TEST

START_TEST(test_i64)
{
    static const int64_t fixed[] = {0,     1,      -1,        9,
                                    10,    99,     100,       -100,
                                    12345, -98765, INT64_MAX, INT64_MIN,
                                    INT64_MIN + 1};
    uint64_t state = UINT64_C(0x853c49e6748fea9b);
    char got[32], want[32];
    size_t k;
    int i;

    for (k = 0; k < sizeof fixed / sizeof fixed[0]; k++) {
        snprintf(want, sizeof want, "%" PRId64, fixed[k]);
        ck_assert_uint_eq(sim_fmt_i64(got, sizeof got, fixed[k]),
                          strlen(want));
        ck_assert_str_eq(got, want);
    }
    for (i = 0; i < 100000; i++) {
        uint64_t r = xorshift64(&state);
        /* Spread over all digit counts, not just 19-digit values. */
        int64_t v = (int64_t)(r >> (xorshift64(&state) % 64));
        if (r & 1)
            v = -v;
        snprintf(want, sizeof want, "%" PRId64, v);
        ck_assert_uint_eq(sim_fmt_i64(got, sizeof got, v), strlen(want));
        ck_assert_str_eq(got, want);
    }
}
END_TEST

Suite *make_fmt_suite(void)
{
    Suite *s = suite_create("fmt");
    TCase *tc;

    tc = tcase_create("cpython");
    tcase_add_loop_test(tc, test_fixed_table, 0,
                        (int)(sizeof fixed_cases / sizeof fixed_cases[0]));
    tcase_add_test(tc, test_fixed_specials);
    tcase_add_test(tc, test_fixed_wide_precision);
    tcase_add_loop_test(tc, test_repr_table, 0,
                        (int)(sizeof repr_cases / sizeof repr_cases[0]));
    tcase_add_loop_test(
        tc, test_repr_pow2_table, 0,
        (int)(sizeof repr_pow2_cases / sizeof repr_pow2_cases[0]));
    tcase_add_test(tc, test_repr_specials);
    suite_add_tcase(s, tc);

    tc = tcase_create("properties");
    /* The random cross-check is seconds under sanitizers. */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_fixed_random_vs_printf);
    tcase_add_test(tc, test_repr_round_trips);
    tcase_add_test(tc, test_truncation);
    tcase_add_test(tc, test_i64);
    suite_add_tcase(s, tc);

    return s;
}
