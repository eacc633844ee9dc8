/* rng.h - CPython's `random` module, bit for bit.
 *
 * Scenarios seed Python's Mersenne Twister and draw random() / uniform()
 * from it; the simulator must draw exactly the same doubles so its runs can
 * be checked against the real asyncio program. The generator is MT19937
 * seeded the way CPython 3.11's random.seed(int) seeds it.
 *
 * A SimRng is a plain value: copy it to fork a stream, no cleanup needed.
 * It must be seeded before the first draw.
 */
#ifndef AQSIM_SIM_RNG_H
#define AQSIM_SIM_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct SimRng {
    uint32_t mt[624]; /* MT19937 state */
    int mti; /* next word of mt to temper; 624 means regenerate */
} SimRng;

/* random.seed(n) for 0 <= n < 2**64. */
void sim_rng_seed_u64(SimRng *r, uint64_t n);
/* random.seed(int(text)): text is an optional + or -, then decimal digits
 * with single underscores between digits, surrounded by optional ASCII
 * whitespace (space, \t \n \v \f \r). Any length is taken, even past the
 * 4300 digits int() allows by default; non-ASCII digits and spaces, which
 * int() also takes, are refused. A negative seed seeds as its absolute value.
 * Returns false, leaving r unchanged, if text is not such an integer (or, for
 * a seed over a thousand digits long, if there is no memory to convert it). */
bool sim_rng_seed_text(SimRng *r, const char *text);

/* Python's limit on the digits of a decimal int, in int() and in source
 * literals (sys.int_info.default_max_str_digits): a longer seed is one the
 * Python program could not be given. */
#define SIM_RNG_SEED_MAX_DIGITS 4300
/* How many digits a seed accepted by sim_rng_seed_text has (leading zeros
 * count, as Python counts them; the sign and underscores do not). */
size_t sim_rng_seed_digits(const char *text);
/* The next 32 random bits (CPython's genrand_uint32). */
uint32_t sim_rng_u32(SimRng *r);
/* random.random(): a double in [0, 1) with 53 random bits. */
double sim_rng_random(SimRng *r);
/* random.uniform(a, b): a + (b-a) * random(). */
double sim_rng_uniform(SimRng *r, double a, double b);

#endif
