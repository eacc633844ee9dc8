/* xalloc.h - allocation that cannot fail.
 *
 * The sim has no sensible way to go on without memory in the middle of a
 * scheduler step, so running out is reported once, here, and aborts.
 */
#ifndef AQSIM_SIM_XALLOC_H
#define AQSIM_SIM_XALLOC_H

#include <stddef.h>

/* malloc that aborts with a message instead of returning NULL. */
void *sim_xmalloc(size_t size);
/* calloc that aborts instead of returning NULL. */
void *sim_xcalloc(size_t count, size_t size);
/* realloc that aborts instead of returning NULL. */
void *sim_xrealloc(void *ptr, size_t size);
/* Grow *array (of *cap elements of elem bytes) to hold at least need. */
void sim_xgrow(void **array, size_t *cap, size_t need, size_t elem);
/* Called before the message when memory runs out (NULL: none): a full
 * screen user interface puts the terminal back, so the message is seen. */
void sim_xalloc_on_failure(void (*fn)(void));

#endif
