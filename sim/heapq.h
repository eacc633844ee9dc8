/* heapq.h - Python's heapq, verbatim, for any element type.
 *
 * asyncio keeps its timers in a heapq list and PriorityQueue keeps its items
 * in one, and heapq is not stable: equal keys leave the heap in an order set
 * by the heap's shape (four equal timers pushed a, b, c, d pop a, c, b, d).
 * To pop equal keys in CPython's order the sim runs the same algorithm:
 * _siftdown and _siftup from Lib/heapq.py (the C _heapq module does the
 * same moves), including _siftup's "bottom-up" walk that prefers the right
 * child when the children are equal.
 *
 * SIM_HEAPQ_DEFINE(name, T, LT) defines static functions for a heap of T,
 * where LT(a, b) is an expression over two `const T *` that is Python's
 * `a < b`:
 *   name_push(heap, &n, item)   heappush; the caller has room for n + 1
 *   name_pop(heap, &n)          heappop; n > 0
 * and SIM_HEAPQ_DEFINE_HEAPIFY(name, T) adds
 *   name_heapify(heap, n)       heapify
 */
#ifndef AQSIM_SIM_HEAPQ_H
#define AQSIM_SIM_HEAPQ_H

#include <stddef.h>

#define SIM_HEAPQ_DEFINE(name, T, LT)                                                  \
    static void name##_siftdown(T *heap, size_t startpos, size_t pos)                  \
    {                                                                                  \
        T newitem = heap[pos];                                                         \
        while (pos > startpos) {                                                       \
            size_t parentpos = (pos - 1) >> 1;                                         \
            if (!(LT(&newitem, &heap[parentpos])))                                     \
                break;                                                                 \
            heap[pos] = heap[parentpos];                                               \
            pos = parentpos;                                                           \
        }                                                                              \
        heap[pos] = newitem;                                                           \
    }                                                                                  \
                                                                                       \
    static void name##_siftup(T *heap, size_t endpos, size_t pos)                      \
    {                                                                                  \
        size_t startpos = pos;                                                         \
        T newitem = heap[pos];                                                         \
        size_t childpos = 2 * pos + 1;                                                 \
        while (childpos < endpos) {                                                    \
            size_t rightpos = childpos + 1;                                            \
            if (rightpos < endpos && !(LT(&heap[childpos], &heap[rightpos])))          \
                childpos = rightpos;                                                   \
            heap[pos] = heap[childpos];                                                \
            pos = childpos;                                                            \
            childpos = 2 * pos + 1;                                                    \
        }                                                                              \
        heap[pos] = newitem;                                                           \
        name##_siftdown(heap, startpos, pos);                                          \
    }                                                                                  \
                                                                                       \
    static inline void name##_push(T *heap, size_t *n, T item)                         \
    {                                                                                  \
        heap[*n] = item;                                                               \
        (*n)++;                                                                        \
        name##_siftdown(heap, 0, *n - 1);                                              \
    }                                                                                  \
                                                                                       \
    static inline T name##_pop(T *heap, size_t *n)                                     \
    {                                                                                  \
        T last = heap[--(*n)];                                                         \
        if (*n == 0)                                                                   \
            return last;                                                               \
        T top = heap[0];                                                               \
        heap[0] = last;                                                                \
        name##_siftup(heap, *n, 0);                                                    \
        return top;                                                                    \
    }

/* heapify, for a heap defined above with the same name. */
#define SIM_HEAPQ_DEFINE_HEAPIFY(name, T)                                              \
    static void name##_heapify(T *heap, size_t n)                                      \
    {                                                                                  \
        for (size_t i = n / 2; i-- > 0;)                                               \
            name##_siftup(heap, n, i);                                                 \
    }

#endif
