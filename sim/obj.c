/* obj.c - reference counting for sim objects. */
#include "obj.h"

#include <stddef.h>

void sim_obj_release_last(SimObj *obj)
{
    /* Keep the object alive while it lets go of what it holds: clearing can
     * drop the last reference to an object that points back here. */
    obj->refs = 1;
    obj->type->clear(obj);
    obj->refs = 0;
    obj->live.prev->next = obj->live.next;
    obj->live.next->prev = obj->live.prev;
    obj->type->destroy(obj);
}
