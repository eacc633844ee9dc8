/* deque.h - collections.deque of pointers, as asyncio uses for waiters.
 *
 * Queue._getters/_putters and Event._waiters are deques of futures; their
 * order is the wake-up order, and remove() takes out the first equal
 * element, as deque.remove() does.
 */
#ifndef AQSIM_SIM_DEQUE_H
#define AQSIM_SIM_DEQUE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    void **items;
    size_t head, len, cap; /* cap: 0 or a power of two (indices are masked) */
} SimDeque;

/* An empty deque needs no allocation: {0}. */
void sim_deque_free(SimDeque *d);
void sim_deque_append(SimDeque *d, void *p);
/* popleft(); the deque must not be empty. */
void *sim_deque_popleft(SimDeque *d);
/* remove(p): false (Python's ValueError) when p is not there. */
bool sim_deque_remove(SimDeque *d, void *p);
/* The i-th element from the left. */
void *sim_deque_at(const SimDeque *d, size_t i);
size_t sim_deque_len(const SimDeque *d);

#endif
