/* check_rng.c - sim/rng against values CPython 3.11's random produced.
 *
 * Agreement must be bit for bit: a scenario replayed in the simulator is
 * only comparable with the real program if every draw is the same double.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/rng.h"
#include "tests/suites.h"
#include "tests/testutil.h"

#define VECTORS_FILE "rng_vectors.txt"
#define RANDOMS_PER_SEED 20
#define UNIFORMS_PER_SEED 5

/* Equal doubles can still differ in sign of zero or NaN payload; the claim
 * is bitwise identity, so compare representations. */
static int same_bits(double x, double y)
{
    uint64_t bx, by;
    memcpy(&bx, &x, sizeof bx);
    memcpy(&by, &y, sizeof by);
    return bx == by;
}

static int same_state(const SimRng *x, const SimRng *y)
{
    return x->mti == y->mti && memcmp(x->mt, y->mt, sizeof x->mt) == 0;
}

static FILE *open_vectors(char *path, size_t size)
{
    test_path(path, size, "data/" VECTORS_FILE);
    return fopen(path, "r");
}

static double parse_double(const char *s, const char *path, int lineno)
{
    char *end;
    double v = strtod(s, &end);
    ck_assert_msg(end != s && (*end == '\0' || *end == '\n'),
                  "%s:%d: bad number '%s'", path, lineno, s);
    return v;
}

static void check_block_complete(const char *path, int lineno, int nrandom,
                                 int nuniform)
{
    ck_assert_msg(nrandom == RANDOMS_PER_SEED && nuniform == UNIFORMS_PER_SEED,
                  "%s:%d: seed block has %d random and %d uniform lines",
                  path, lineno, nrandom, nuniform);
}

START_TEST(test_cpython_vectors)
{
    char path[4096];
    char line[8192];
    FILE *f = open_vectors(path, sizeof path);
    SimRng r;
    int lineno = 0, nseeds = 0, nrandom = 0, nuniform = 0;
    int seeded = 0;

    ck_assert_msg(f != NULL, "cannot open %s (set AQSIM_TEST_DATA to the "
                  "tests/data directory)", path);
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        ck_assert_msg(strchr(line, '\n') != NULL || feof(f),
                      "%s:%d: line too long", path, lineno);
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (strncmp(line, "seed ", 5) == 0) {
            if (seeded)
                check_block_complete(path, lineno, nrandom, nuniform);
            ck_assert_msg(sim_rng_seed_text(&r, line + 5),
                          "%s:%d: seed '%s' refused", path, lineno, line + 5);
            seeded = 1;
            nseeds++;
            nrandom = nuniform = 0;
        } else if (strncmp(line, "random ", 7) == 0) {
            double want = parse_double(line + 7, path, lineno);
            double got;
            ck_assert_msg(seeded, "%s:%d: value before any seed", path, lineno);
            got = sim_rng_random(&r);
            ck_assert_msg(same_bits(got, want),
                          "%s:%d: random() = %.17g, CPython gave %.17g",
                          path, lineno, got, want);
            nrandom++;
        } else if (strncmp(line, "uniform ", 8) == 0) {
            char *p = line + 8, *end;
            double a = strtod(p, &end);
            double b, want, got;
            ck_assert_msg(end != p, "%s:%d: bad a", path, lineno);
            p = end;
            b = strtod(p, &end);
            ck_assert_msg(end != p, "%s:%d: bad b", path, lineno);
            while (*end == ' ')
                end++;
            want = parse_double(end, path, lineno);
            ck_assert_msg(seeded, "%s:%d: value before any seed", path, lineno);
            got = sim_rng_uniform(&r, a, b);
            ck_assert_msg(same_bits(got, want),
                          "%s:%d: uniform(%.17g, %.17g) = %.17g, CPython "
                          "gave %.17g", path, lineno, a, b, got, want);
            nuniform++;
        } else {
            ck_abort_msg("%s:%d: unknown line '%s'", path, lineno, line);
        }
    }
    fclose(f);
    ck_assert_msg(nseeds > 0, "%s: no seeds", path);
    check_block_complete(path, lineno, nrandom, nuniform);
}
END_TEST

/* Seeds from the vectors file that fit in 64 bits. */
static const uint64_t u64_seeds[] = {
    0U, 1U, 42U, 7U, 12345U, UINT64_C(4294967295), UINT64_C(4294967296),
    UINT64_C(4294967301), UINT64_MAX
};

START_TEST(test_u64_matches_text)
{
    uint64_t n = u64_seeds[_i];
    char text[32];
    SimRng a, b;
    int k;

    snprintf(text, sizeof text, "%" PRIu64, n);
    sim_rng_seed_u64(&a, n);
    ck_assert(sim_rng_seed_text(&b, text));
    ck_assert_msg(same_state(&a, &b), "states differ for seed %s", text);
    /* 1300 words crosses two regenerations of the state. */
    for (k = 0; k < 1300; k++) {
        uint32_t x = sim_rng_u32(&a), y = sim_rng_u32(&b);
        ck_assert_msg(x == y, "seed %s word %d: %" PRIu32 " vs %" PRIu32,
                      text, k, x, y);
    }
}
END_TEST

static const char *const bad_texts[] = {
    "", "abc", "1__0", "_1", "1_", "1.5", "0x10", "+", "-", " ", "+-1",
    "- 5", "+_1", "4 2", "42x", "\03442" /* 0x1c then 42 */
};

START_TEST(test_rejects_non_integers)
{
    const char *text = bad_texts[_i];
    SimRng r, before;

    sim_rng_seed_u64(&r, 99U);
    (void)sim_rng_u32(&r); /* mti mid-state, so a reset would show */
    before = r;
    ck_assert_msg(!sim_rng_seed_text(&r, text), "accepted \"%s\"", text);
    ck_assert_msg(same_state(&r, &before), "\"%s\" changed the state", text);
}
END_TEST

static const char *const texts_for_42[] = {
    "42", " 42 ", "+42", "4_2", "-42", "\t\n\v\f\r42\r\n", "0042", "0_0_4_2"
};

START_TEST(test_accepts_spellings_of_42)
{
    const char *text = texts_for_42[_i];
    SimRng want, got;

    sim_rng_seed_u64(&want, 42U);
    ck_assert_msg(sim_rng_seed_text(&got, text), "refused \"%s\"", text);
    ck_assert_msg(same_state(&got, &want), "\"%s\" did not seed as 42", text);
}
END_TEST

START_TEST(test_first_values)
{
    SimRng r;

    sim_rng_seed_u64(&r, 0U);
    ck_assert(same_bits(sim_rng_random(&r), 0.84442185152504812));
    sim_rng_seed_u64(&r, 1U);
    ck_assert(same_bits(sim_rng_random(&r), 0.13436424411240122));
    sim_rng_seed_u64(&r, 42U);
    ck_assert(same_bits(sim_rng_random(&r), 0.63942679845788375));
}
END_TEST

/* random.getrandbits(32) returns genrand_uint32 unshifted. */
START_TEST(test_u32_is_getrandbits_32)
{
    SimRng r;

    sim_rng_seed_u64(&r, 42U);
    ck_assert_uint_eq(sim_rng_u32(&r), 2746317213U);
    ck_assert_uint_eq(sim_rng_u32(&r), 478163327U);
    ck_assert_uint_eq(sim_rng_u32(&r), 107420369U);
}
END_TEST

/* A seed too long for the stack key, spelled two ways. CPython 3.11:
 * random.seed(10**1500); random() -> 0.99442133662051058. */
START_TEST(test_long_seed)
{
    char *plain = malloc(1502);
    char *grouped = malloc(1 + 4 * 500 + 1);
    SimRng a, b;
    int k;

    ck_assert(plain != NULL && grouped != NULL);
    plain[0] = '1';
    memset(plain + 1, '0', 1500);
    plain[1501] = '\0';
    grouped[0] = '1';
    for (k = 0; k < 500; k++)
        memcpy(grouped + 1 + 4 * k, "_000", 4);
    grouped[1 + 4 * 500] = '\0';

    ck_assert(sim_rng_seed_text(&a, plain));
    ck_assert(sim_rng_seed_text(&b, grouped));
    ck_assert(same_state(&a, &b));
    ck_assert(same_bits(sim_rng_random(&a), 0.99442133662051058));
    free(plain);
    free(grouped);
}
END_TEST

/* Zeros in front must not lengthen the key CPython would use. */
START_TEST(test_long_leading_zeros)
{
    size_t nzeros = 3000;
    char *text = malloc(nzeros + 3);
    SimRng want, got;

    ck_assert(text != NULL);
    memset(text, '0', nzeros);
    memcpy(text + nzeros, "42", 3);
    sim_rng_seed_u64(&want, 42U);
    ck_assert(sim_rng_seed_text(&got, text));
    ck_assert(same_state(&got, &want));
    free(text);
}
END_TEST

Suite *make_rng_suite(void)
{
    Suite *s = suite_create("rng");
    TCase *tc;

    tc = tcase_create("cpython");
    tcase_add_test(tc, test_cpython_vectors);
    tcase_add_test(tc, test_first_values);
    tcase_add_test(tc, test_u32_is_getrandbits_32);
    tcase_add_test(tc, test_long_seed);
    suite_add_tcase(s, tc);

    tc = tcase_create("seeding");
    tcase_add_loop_test(tc, test_u64_matches_text, 0,
                        (int)(sizeof u64_seeds / sizeof u64_seeds[0]));
    tcase_add_loop_test(tc, test_rejects_non_integers, 0,
                        (int)(sizeof bad_texts / sizeof bad_texts[0]));
    tcase_add_loop_test(tc, test_accepts_spellings_of_42, 0,
                        (int)(sizeof texts_for_42 / sizeof texts_for_42[0]));
    tcase_add_test(tc, test_long_leading_zeros);
    suite_add_tcase(s, tc);

    return s;
}
