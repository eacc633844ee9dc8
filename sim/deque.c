/* deque.c - a ring buffer of pointers. */
#include "deque.h"

#include <assert.h>
#include <stdlib.h>

#include "xalloc.h"

void sim_deque_free(SimDeque *d)
{
    free(d->items);
    d->items = NULL;
    d->head = d->len = d->cap = 0;
}

static void grow(SimDeque *d)
{
    if (d->len < d->cap)
        return;
    size_t ncap = d->cap ? d->cap * 2 : 8;
    void **n = sim_xmalloc(ncap * sizeof *n);
    for (size_t i = 0; i < d->len; i++)
        n[i] = d->items[(d->head + i) & (d->cap - 1)];
    free(d->items);
    d->items = n;
    d->head = 0;
    d->cap = ncap;
}

void sim_deque_append(SimDeque *d, void *p)
{
    grow(d);
    d->items[(d->head + d->len) & (d->cap - 1)] = p;
    d->len++;
}

void *sim_deque_popleft(SimDeque *d)
{
    assert(d->len > 0);
    void *p = d->items[d->head];
    d->head = (d->head + 1) & (d->cap - 1);
    d->len--;
    return p;
}

bool sim_deque_remove(SimDeque *d, void *p)
{
    for (size_t i = 0; i < d->len; i++) {
        if (d->items[(d->head + i) & (d->cap - 1)] != p)
            continue;
        for (size_t j = i; j + 1 < d->len; j++)
            d->items[(d->head + j) & (d->cap - 1)] = d->items[(d->head + j + 1) & (d->cap - 1)];
        d->len--;
        return true;
    }
    return false;
}

void *sim_deque_at(const SimDeque *d, size_t i)
{
    assert(i < d->len);
    return d->items[(d->head + i) & (d->cap - 1)];
}

size_t sim_deque_len(const SimDeque *d)
{
    return d->len;
}
