/* diff.h - a unified diff of two texts, line by line (for --python-diff). */
#ifndef AQSIM_UI_DIFF_H
#define AQSIM_UI_DIFF_H

#include <stdio.h>

/* Write `diff -u`-style hunks (3 lines of context) turning text a into
 * text b, with the given labels; returns the number of changed lines
 * (0: identical, nothing written). */
int diff_unified(FILE *out, const char *label_a, const char *a, const char *label_b, const char *b);

#endif
