/* xalloc.c - allocation that aborts on exhaustion. */
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>

static void (*on_failure)(void);

void sim_xalloc_on_failure(void (*fn)(void))
{
    on_failure = fn;
}

static void out_of_memory(size_t size)
{
    if (on_failure)
        on_failure();
    fprintf(stderr, "aqsim: out of memory (asked for %zu bytes)\n", size);
    abort();
}

void *sim_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *sim_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *sim_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void sim_xgrow(void **array, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 8;
    while (n < need)
        n *= 2;
    *array = sim_xrealloc(*array, n * elem);
    *cap = n;
}
