/* fmt.h - numbers printed exactly as CPython prints them.
 *
 * The simulator's output is compared byte for byte with the real asyncio
 * program, so every float it prints must come out as Python's format() or
 * repr() would spell it. Fixed-point output sits on the hot path (millions
 * of lines), so the common case avoids the C library entirely.
 *
 * All functions write a NUL-terminated string into buf and return its
 * length, never more than size - 1. A too-small buf gets a truncated prefix
 * of the full text, still NUL-terminated; size 0 writes nothing and returns
 * 0. Where the C library is used, the LC_NUMERIC locale must be "C" (the
 * default when setlocale is never called), since Python ignores the locale.
 */
#ifndef AQSIM_SIM_FMT_H
#define AQSIM_SIM_FMT_H

#include <stddef.h>
#include <stdint.h>

/* Python's f"{x:.{prec}f}": exact, round-half-even on the binary value, "-"
 * kept on negative zero and on negatives that round to zero, "inf", "-inf",
 * "nan" (never "-nan"); fast for 0 <= prec <= 6 and |x| < 2**64, other
 * precisions work but are slow, negative prec counts as 0; 32 bytes hold
 * any |x| < 1e15 at prec <= 6. */
size_t sim_fmt_fixed(char *buf, size_t size, double x, int prec);
/* Python's repr(float): shortest round-tripping digits, exponent form when
 * the decimal exponent is < -4 or >= 16 (1e-05, 1e+16), else positional
 * with at least one fractional digit (1.0, -0.0); 32 bytes always hold it. */
size_t sim_fmt_repr(char *buf, size_t size, double x);
/* Python's str(int) for any int64_t; 21 bytes always hold it. */
size_t sim_fmt_i64(char *buf, size_t size, int64_t v);

#endif
