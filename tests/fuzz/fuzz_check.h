/* fuzz_check.h - a property check for the fuzz harnesses.
 *
 * Not assert(): a harness must check its properties whatever NDEBUG says.
 * A failed check prints the property and aborts, which libFuzzer reports
 * as a crash and saves the input for.
 */
#ifndef AQSIM_TESTS_FUZZ_CHECK_H
#define AQSIM_TESTS_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond);   \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

#endif
