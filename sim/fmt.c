/* fmt.c - Python-compatible number formatting; see fmt.h.
 *
 * sim_fmt_fixed splits x into m * 2**e and does the decimal rounding with
 * integer arithmetic, which is exact, so it agrees with CPython (whose dtoa
 * is exact) and with glibc's printf (also exact). Anything the integer path
 * cannot hold goes to snprintf("%.*f"), exact in glibc as well.
 *
 * sim_fmt_repr leans on snprintf/strtod for correctly rounded conversions
 * and only searches for the shortest digit count and lays the digits out
 * the way CPython's float_repr does.
 */
#include "fmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest text the fast paths build: "-", 20 integer digits, ".", six
 * fractional digits; or a repr like "-1.2345678901234567e-308". */
#define TMP_SIZE 48

static const char digit_pairs[] =
    "00010203040506070809"
    "10111213141516171819"
    "20212223242526272829"
    "30313233343536373839"
    "40414243444546474849"
    "50515253545556575859"
    "60616263646566676869"
    "70717273747576777879"
    "80818283848586878889"
    "90919293949596979899";

static const uint64_t pow10_u64[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
static const uint64_t pow5_u64[] = {1, 5, 25, 125, 625, 3125, 15625};

/* Builds backwards so no digit count is needed up front; returns the
 * first character. */
static char *put_u64_back(char *end, uint64_t v)
{
    char *p = end;
    while (v >= 100) {
        unsigned i = (unsigned)(v % 100) * 2;
        v /= 100;
        *--p = digit_pairs[i + 1];
        *--p = digit_pairs[i];
    }
    if (v >= 10) {
        unsigned i = (unsigned)v * 2;
        *--p = digit_pairs[i + 1];
        *--p = digit_pairs[i];
    } else {
        *--p = (char)('0' + v);
    }
    return p;
}

static size_t emit(char *buf, size_t size, const char *s, size_t n)
{
    if (size == 0)
        return 0;
    if (n >= size)
        n = size - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return n;
}

static size_t emit_str(char *buf, size_t size, const char *s)
{
    return emit(buf, size, s, strlen(s));
}

/* snprintf reports the untruncated length; callers get what was written. */
static size_t clamp_written(int n, char *buf, size_t size)
{
    if (size == 0)
        return 0;
    if (n < 0) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)n >= size ? size - 1 : (size_t)n;
}

static uint64_t double_bits(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

size_t sim_fmt_i64(char *buf, size_t size, int64_t v)
{
    char tmp[TMP_SIZE];
    char *end = tmp + sizeof tmp;
    /* Negate in unsigned arithmetic so INT64_MIN does not overflow. */
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    char *p = put_u64_back(end, mag);
    if (v < 0)
        *--p = '-';
    return emit(buf, size, p, (size_t)(end - p));
}

static size_t fixed_slow(char *buf, size_t size, double x, int prec)
{
    return clamp_written(snprintf(buf, size, "%.*f", prec, x), buf, size);
}

size_t sim_fmt_fixed(char *buf, size_t size, double x, int prec)
{
    uint64_t bits = double_bits(x);
    int neg = (int)(bits >> 63);
    int bexp = (int)((bits >> 52) & 0x7ff);
    uint64_t frac = bits & ((UINT64_C(1) << 52) - 1);
    uint64_t m, ip, q = 0;
    int e;
    char tmp[TMP_SIZE];
    char *end = tmp + sizeof tmp;
    char *p = end;

    if (prec < 0)
        prec = 0;
    if (bexp == 0x7ff) /* Python drops the sign of a NaN; glibc keeps it. */
        return emit_str(buf, size, frac != 0 ? "nan" : neg ? "-inf" : "inf");
    if (prec > 6)
        return fixed_slow(buf, size, x, prec);
    if (bexp == 0) {
        m = frac;
        e = -1074;
    } else {
        m = frac | (UINT64_C(1) << 52);
        e = bexp - 1075;
    }

    if (e >= 0) {
        /* An integer: exact once it fits in 64 bits, which m < 2**53
         * guarantees up to a shift of 11. */
        if (e > 11)
            return fixed_slow(buf, size, x, prec);
        ip = m << e;
    } else {
        /* |x| = ip + f / 2**s. The wanted fraction digits are
         * f * 10**prec / 2**s = f * 5**prec / 2**t with t = s - prec;
         * taking 5**prec instead of 10**prec keeps the product under 2**67. */
        int s = -e, t = s - prec;
        uint64_t f, lo, hi, k = pow5_u64[prec];
        unsigned round_bit = 0;
        uint64_t sticky = 0;

        if (s >= 64) {
            ip = 0;
            f = m;
        } else {
            ip = m >> s;
            f = m & ((UINT64_C(1) << s) - 1);
        }
        if (prec <= 4) { /* f < 2**53 and 5**4 < 2**10: no overflow */
            lo = f * k;
            hi = 0;
        } else {
            uint64_t plo = (f & 0xffffffffu) * k, phi = (f >> 32) * k;
            lo = plo + (phi << 32);
            hi = (phi >> 32) + (lo < plo);
        }
        if (t <= 0) {
            /* f < 2**s <= 2**prec, so the product is tiny and exact. */
            q = lo << -t;
        } else if (t < 64) {
            q = (lo >> t) | (hi << (64 - t));
            round_bit = (unsigned)(lo >> (t - 1)) & 1u;
            sticky = lo & ((UINT64_C(1) << (t - 1)) - 1);
        } else if (t == 64) {
            q = hi;
            round_bit = (unsigned)(lo >> 63);
            sticky = lo & ((UINT64_C(1) << 63) - 1);
        } else if (t < 128) {
            q = hi >> (t - 64);
            round_bit = (unsigned)(hi >> (t - 65)) & 1u;
            sticky = lo | (hi & ((UINT64_C(1) << (t - 65)) - 1));
        } /* else the product is far below half a unit: q = 0, no rounding */

        /* Ties go to the even neighbour of the whole scaled value, whose
         * last digit lives in ip when there are no fraction digits. */
        if (round_bit && (sticky != 0 || ((prec > 0 ? q : ip) & 1))) {
            if (++q == pow10_u64[prec]) {
                q = 0;
                ip++;
            }
        }
    }

    if (prec > 0) {
        int i;
        for (i = 0; i < prec; i++) {
            *--p = (char)('0' + q % 10);
            q /= 10;
        }
        *--p = '.';
    }
    p = put_u64_back(p, ip);
    if (neg)
        *--p = '-';
    return emit(buf, size, p, (size_t)(end - p));
}

/* Digits of a decimal in scientific form: value = 0.DIGITS * 10**decpt. */
typedef struct Decimal {
    char digits[24];
    int ndigits;
    int decpt;
} Decimal;

/* Reads snprintf's "%.*e" output ("d.ddde+XX"); whatever separates the
 * leading digit from the rest is skipped, so the locale's point is too. */
static void parse_sci(const char *s, Decimal *d)
{
    d->ndigits = 0;
    while (*s != 'e' && *s != '\0') {
        if (*s >= '0' && *s <= '9' && d->ndigits < (int)sizeof d->digits - 1)
            d->digits[d->ndigits++] = *s;
        s++;
    }
    d->decpt = (*s == 'e' ? atoi(s + 1) : 0) + 1;
}

/* Only a power of two has a narrower gap below it than above, so only
 * there can the correctly rounded n-digit candidate, lying below x, miss
 * while the next n-digit decimal up still rounds to x. CPython's dtoa finds
 * that one; without this check we would print one digit too many. */
static int try_next_up(double ax, Decimal *d)
{
    uint64_t v = 0, limit = 1;
    char text[TMP_SIZE];
    int i;

    for (i = 0; i < d->ndigits; i++) {
        v = v * 10 + (uint64_t)(d->digits[i] - '0');
        limit *= 10;
    }
    /* A carry into a new digit gives a power of ten, a one-digit value the
     * search already tried. */
    if (++v == limit)
        return 0;
    snprintf(text, sizeof text, "%llue%d", (unsigned long long)v,
             d->decpt - d->ndigits);
    if (strtod(text, NULL) != ax)
        return 0;
    for (i = d->ndigits - 1; i >= 0; i--) {
        d->digits[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return 1;
}

/* Converts ax to n correctly rounded digits; true if they read back as ax. */
static int round_trips(double ax, int n, Decimal *d, double *back)
{
    char text[TMP_SIZE];
    snprintf(text, sizeof text, "%.*e", n - 1, ax);
    parse_sci(text, d);
    *back = strtod(text, NULL);
    return *back == ax;
}

static void shortest_digits(double ax, int pow2, Decimal *d)
{
    double back;

    if (pow2) {
        /* Round-tripping need not be monotone in n here; walk up. 17
         * digits always round-trip, so the loop ends with d set. */
        int n;
        for (n = 1; n <= 17; n++) {
            if (round_trips(ax, n, d, &back))
                break;
            if (back < ax && try_next_up(ax, d))
                break;
        }
    } else {
        /* With equal gaps either side, n + 1 correctly rounded digits are
         * never farther from x than n digits, so once some length round-
         * trips every longer one does: binary search, 17 always works. */
        int lo = 1, hi = 17, have_hi = 0;
        Decimal probe;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (round_trips(ax, mid, &probe, &back)) {
                hi = mid;
                *d = probe;
                have_hi = 1;
            } else {
                lo = mid + 1;
            }
        }
        if (!have_hi)
            round_trips(ax, 17, d, &back);
    }
    /* A trailing zero would mean a shorter length already matched; drop
     * any anyway so the layout below never prints one. */
    while (d->ndigits > 1 && d->digits[d->ndigits - 1] == '0')
        d->ndigits--;
}

size_t sim_fmt_repr(char *buf, size_t size, double x)
{
    uint64_t bits = double_bits(x);
    int neg = (int)(bits >> 63);
    int bexp = (int)((bits >> 52) & 0x7ff);
    uint64_t frac = bits & ((UINT64_C(1) << 52) - 1);
    double ax = neg ? -x : x;
    char tmp[TMP_SIZE];
    char *p = tmp;
    Decimal d;
    int i;

    if (bexp == 0x7ff)
        return emit_str(buf, size, frac != 0 ? "nan" : neg ? "-inf" : "inf");
    if (bexp == 0 && frac == 0)
        return emit_str(buf, size, neg ? "-0.0" : "0.0");
    if (neg)
        *p++ = '-';

    /* Integers below 2**53 have exact neighbours one apart, so their
     * shortest form is just their digits: no search needed. */
    if (ax < 9007199254740992.0 && ax == (double)(int64_t)ax) {
        char *end = tmp + sizeof tmp;
        char *q = put_u64_back(end, (uint64_t)ax);
        size_t n = (size_t)(end - q);
        memmove(p, q, n);
        p += n;
        *p++ = '.';
        *p++ = '0';
        return emit(buf, size, tmp, (size_t)(p - tmp));
    }

    shortest_digits(ax, frac == 0 && bexp > 1, &d);

    if (d.decpt <= -4 || d.decpt > 16) {
        int x10 = d.decpt - 1;
        *p++ = d.digits[0];
        if (d.ndigits > 1) {
            *p++ = '.';
            memcpy(p, d.digits + 1, (size_t)d.ndigits - 1);
            p += d.ndigits - 1;
        }
        *p++ = 'e';
        *p++ = x10 < 0 ? '-' : '+';
        if (x10 < 0)
            x10 = -x10;
        if (x10 < 10)
            *p++ = '0';
        {
            char *end = tmp + sizeof tmp;
            char *q = put_u64_back(end, (uint64_t)x10);
            size_t n = (size_t)(end - q);
            memmove(p, q, n);
            p += n;
        }
    } else if (d.decpt <= 0) {
        *p++ = '0';
        *p++ = '.';
        for (i = d.decpt; i < 0; i++)
            *p++ = '0';
        memcpy(p, d.digits, (size_t)d.ndigits);
        p += d.ndigits;
    } else if (d.decpt >= d.ndigits) {
        memcpy(p, d.digits, (size_t)d.ndigits);
        p += d.ndigits;
        for (i = d.ndigits; i < d.decpt; i++)
            *p++ = '0';
        *p++ = '.';
        *p++ = '0';
    } else {
        memcpy(p, d.digits, (size_t)d.decpt);
        p += d.decpt;
        *p++ = '.';
        memcpy(p, d.digits + d.decpt, (size_t)(d.ndigits - d.decpt));
        p += d.ndigits - d.decpt;
    }
    return emit(buf, size, tmp, (size_t)(p - tmp));
}
