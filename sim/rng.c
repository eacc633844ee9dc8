/* rng.c - MT19937 as CPython's Modules/_randommodule.c runs it.
 *
 * Every constant and loop below follows CPython (itself following Matsumoto
 * and Nishimura's mt19937ar.c) so that equal seeds give equal streams.
 */
#include "rng.h"

#include <stdlib.h>

enum {
    MT_N = 624,
    MT_M = 397,
    /* Words of seed kept on the stack; longer seeds go to the heap. */
    KEY_STACK_WORDS = 128,
    /* 10**9 < 2**32, so nine decimal digits always fit one word step. */
    CHUNK_DIGITS = 9
};

#define MATRIX_A 0x9908b0dfU
#define UPPER_MASK 0x80000000U
#define LOWER_MASK 0x7fffffffU

static void init_genrand(SimRng *r, uint32_t s)
{
    uint32_t *mt = r->mt;
    int i;

    mt[0] = s;
    for (i = 1; i < MT_N; i++)
        mt[i] = 1812433253U * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint32_t)i;
    r->mti = MT_N;
}

/* size_t indices, as in CPython, so keys longer than the state wrap the
 * same way there. */
static void init_by_array(SimRng *r, const uint32_t *key, size_t key_length)
{
    uint32_t *mt = r->mt;
    size_t i, j, k;

    init_genrand(r, 19650218U);
    i = 1;
    j = 0;
    k = (size_t)MT_N > key_length ? (size_t)MT_N : key_length;
    for (; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525U))
                + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
        if (j >= key_length)
            j = 0;
    }
    for (k = MT_N - 1; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941U))
                - (uint32_t)i;
        i++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
    }
    /* MSB set so the state can never be all zeros. */
    mt[0] = 0x80000000U;
    r->mti = MT_N;
}

void sim_rng_seed_u64(SimRng *r, uint64_t n)
{
    /* CPython keys on the significant 32-bit words of n, low first; zero
     * still gets one word. */
    uint32_t key[2];
    key[0] = (uint32_t)n;
    key[1] = (uint32_t)(n >> 32);
    init_by_array(r, key, key[1] != 0 ? 2 : 1);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f'
           || c == '\r';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* words (n of them, low first) = words * mul + add. The caller sized the
 * array so the top word never carries out. */
static void mul_add(uint32_t *words, size_t n, uint32_t mul, uint32_t add)
{
    uint64_t carry = add;
    size_t i;

    for (i = 0; i < n; i++) {
        uint64_t w = (uint64_t)words[i] * mul + carry;
        words[i] = (uint32_t)w;
        carry = w >> 32;
    }
}

size_t sim_rng_seed_digits(const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p; p++)
        n += is_digit(*p);
    return n;
}

bool sim_rng_seed_text(SimRng *r, const char *text)
{
    static const uint32_t pow10[CHUNK_DIGITS + 1] = {
        1U, 10U, 100U, 1000U, 10000U, 100000U, 1000000U, 10000000U,
        100000000U, 1000000000U
    };
    uint32_t stack_key[KEY_STACK_WORDS];
    uint32_t *key = stack_key;
    const char *p = text;
    const char *digits;
    size_t ndigits = 0;
    size_t cap, used, chunk_len;
    uint32_t chunk;

    /* Validate all of text before touching r, so a bad seed changes
     * nothing. */
    while (is_space(*p))
        p++;
    if (*p == '+' || *p == '-')
        p++; /* the sign is dropped: CPython seeds with abs(n) */
    if (!is_digit(*p))
        return false;
    digits = p;
    for (;;) {
        if (is_digit(*p)) {
            ndigits++;
            p++;
        } else if (*p == '_' && is_digit(p[1])) {
            p++;
        } else {
            break;
        }
    }
    while (is_space(*p))
        p++;
    if (*p != '\0')
        return false;

    /* Each 9-digit chunk adds under 30 bits, so this many words hold the
     * value with room to spare. */
    cap = ndigits / CHUNK_DIGITS + 1;
    if (cap > KEY_STACK_WORDS) {
        key = malloc(cap * sizeof *key);
        if (key == NULL)
            return false;
    }
    for (used = 0; used < cap; used++)
        key[used] = 0;

    /* Leading chunk takes the odd digits so the rest are whole chunks. */
    chunk_len = ndigits % CHUNK_DIGITS;
    if (chunk_len == 0)
        chunk_len = CHUNK_DIGITS;
    chunk = 0;
    used = 0;
    for (p = digits; *p != '\0' && !is_space(*p); p++) {
        if (*p == '_')
            continue;
        chunk = chunk * 10U + (uint32_t)(*p - '0');
        if (++used == chunk_len) {
            mul_add(key, cap, pow10[chunk_len], chunk);
            chunk = 0;
            used = 0;
            chunk_len = CHUNK_DIGITS;
        }
    }

    /* CPython's key is exactly the significant words; extra zero words
     * would change the seeding. */
    used = cap;
    while (used > 1 && key[used - 1] == 0)
        used--;
    init_by_array(r, key, used);

    if (key != stack_key)
        free(key);
    return true;
}

uint32_t sim_rng_u32(SimRng *r)
{
    static const uint32_t mag01[2] = { 0x0U, MATRIX_A };
    uint32_t *mt = r->mt;
    uint32_t y;

    /* A corrupt index regenerates rather than reading outside mt. */
    if (r->mti < 0 || r->mti >= MT_N) {
        int kk;

        for (kk = 0; kk < MT_N - MT_M; kk++) {
            y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
            mt[kk] = mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        for (; kk < MT_N - 1; kk++) {
            y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
            mt[kk] = mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        y = (mt[MT_N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
        mt[MT_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 0x1U];
        r->mti = 0;
    }

    y = mt[r->mti++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= (y >> 18);
    return y;
}

double sim_rng_random(SimRng *r)
{
    /* Order matters: a is drawn first and gives the high 27 bits. */
    uint32_t a = sim_rng_u32(r) >> 5;
    uint32_t b = sim_rng_u32(r) >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
}

double sim_rng_uniform(SimRng *r, double a, double b)
{
    double u = sim_rng_random(r);
    /* volatile keeps the product rounded on its own: a fused multiply-add
     * (which -ffp-contract may emit) would differ from CPython in the last
     * bit. */
    volatile double scaled = (b - a) * u;
    return a + scaled;
}
