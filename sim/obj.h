/* obj.h - reference-counted base of every sim object that callbacks can hold.
 *
 * Python keeps futures and tasks alive by reference; a run of a million items
 * creates millions of futures, so the sim must free them as Python would
 * forget them, or memory grows with the number of items. Futures, tasks and
 * the few helper objects that timers point at (gather, timeout) start with a
 * SimObj and are freed when their last reference goes.
 *
 * Every live object is also on its loop's list, so that the loop can break
 * the reference cycles Python's GC would collect (a pending task and the
 * future it waits on point at each other) when a run is thrown away.
 */
#ifndef AQSIM_SIM_OBJ_H
#define AQSIM_SIM_OBJ_H

#include <stdint.h>

/* An intrusive doubly linked list node (the loop's lists of objects and
 * tasks); a list is a sentinel node whose next is the first element. */
typedef struct SimLink {
    struct SimLink *prev, *next;
} SimLink;

typedef struct SimObj SimObj;
typedef struct SimObjType SimObjType;

/* What the loop needs to know of each kind of object. */
struct SimObjType {
    const char *name;
    /* Drop every reference this object holds (to break cycles); must leave
     * the object safe to clear again and to destroy. */
    void (*clear)(SimObj *obj);
    /* Release what clear() did not, then free the memory. */
    void (*destroy)(SimObj *obj);
};

struct SimObj {
    const SimObjType *type;
    uint32_t refs;
    SimLink live; /* on the loop's list of live objects */
};

/* Clear and destroy an object whose last reference is gone. */
void sim_obj_release_last(SimObj *obj);

/* Take a reference; returns its argument so it can wrap an expression.
 * Inline, with unref: every await and callback takes and drops several. */
static inline void *sim_obj_ref(void *p)
{
    SimObj *obj = p;
    if (obj)
        obj->refs++;
    return p;
}

/* Drop a reference; the object is cleared and destroyed at zero. NULL is ok. */
static inline void sim_obj_unref(void *p)
{
    SimObj *obj = p;
    if (obj && --obj->refs == 0)
        sim_obj_release_last(obj);
}

#endif
