/* value.h - the Python values that travel through queues.
 *
 * A PriorityQueue orders its items with Python's `<`, so items cannot be
 * opaque: they are None, ints, floats, strings, tuples, or records standing
 * for `@dataclass(order=True)` instances. Short strings (the common
 * "item-123") live inside the value, so a million items cost no malloc;
 * longer strings, tuples and records sit in a shared, reference-counted box.
 * Copying a value is cheap (a struct copy plus a reference); every copy
 * must be released with sim_value_release().
 */
#ifndef AQSIM_SIM_VALUE_H
#define AQSIM_SIM_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SIM_VALUE_NONE,
    SIM_VALUE_BOOL,
    SIM_VALUE_INT,
    SIM_VALUE_FLOAT,
    SIM_VALUE_STR,
    SIM_VALUE_TUPLE,
    SIM_VALUE_RECORD
} SimValueKind;

#define SIM_VALUE_INLINE_MAX 22 /* longest string kept inside the value */

typedef struct SimValueBox SimValueBox;

/* A record type: a dataclass with `order=True`. Fields compare in order,
 * only those marked compare, as dataclass's generated __lt__ does. */
typedef struct SimRecordType {
    const char *name;
    int nfields;
    const char *const *field_names;
    const bool *field_compare;
} SimRecordType;

typedef struct SimValue {
    uint8_t kind; /* SimValueKind */
    uint8_t len;  /* inline string length */
    char text[SIM_VALUE_INLINE_MAX + 2];
    union {
        int64_t i;
        double f;
        SimValueBox *box; /* long strings, tuples, records */
    } u;
} SimValue;

/* Python's None. Inline: every await passes one around. */
static inline SimValue sim_value_none(void)
{
    SimValue v = {0};
    return v;
}
SimValue sim_value_bool(bool b);
SimValue sim_value_int(int64_t i);
SimValue sim_value_float(double f);
/* A str copied from s (n bytes of UTF-8). */
SimValue sim_value_strn(const char *s, size_t n);
SimValue sim_value_str(const char *s);
/* A str from a printf format. */
SimValue sim_value_strf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* f"{prefix}{n}" (e.g. "item-42") without printf: producers make one per
 * item. */
SimValue sim_value_str_num(const char *prefix, int64_t n);
/* A tuple; takes ownership of the n items. */
SimValue sim_value_tuple(int n, SimValue *items);
/* A record of type t; takes ownership of t->nfields field values. */
SimValue sim_value_record(const SimRecordType *t, SimValue *fields);

/* Take / drop a boxed value's reference (internal to sim_value_copy and
 * sim_value_release). */
void sim_value_ref_box(SimValueBox *box);
void sim_value_release_box(SimValueBox *box);

/* Another reference to the same value. Inline: every await result is
 * one. */
static inline SimValue sim_value_copy(const SimValue *v)
{
    if (v->kind >= SIM_VALUE_STR && v->u.box != NULL) /* STR, TUPLE, RECORD */
        sim_value_ref_box(v->u.box);
    return *v;
}

/* Release one reference; v becomes None. Inline: most values (None, ints,
 * floats, short strings) own nothing. */
static inline void sim_value_release(SimValue *v)
{
    if (v->kind >= SIM_VALUE_STR && v->u.box != NULL) /* STR, TUPLE, RECORD */
        sim_value_release_box(v->u.box);
    *v = sim_value_none();
}

bool sim_value_is_none(const SimValue *v);
/* The string's bytes (NUL-terminated) and, if len is not NULL, its length
 * (kind must be STR). */
const char *sim_value_str_data(const SimValue *v, size_t *len);
/* Tuple/record arity and items (kind TUPLE or RECORD). */
int sim_value_len(const SimValue *v);
const SimValue *sim_value_item(const SimValue *v, int i);
const SimRecordType *sim_value_record_type(const SimValue *v);

/* Python's `a < b`. Sets *type_error (when given) and returns false when
 * Python would raise TypeError ('<' not supported between ...). */
bool sim_value_lt(const SimValue *a, const SimValue *b, bool *type_error);
/* Python's `a == b` (never raises). */
bool sim_value_eq(const SimValue *a, const SimValue *b);

/* Python's str(v) into buf (always NUL-terminated); returns the full
 * length, which may exceed size - 1 when truncated, like snprintf. */
size_t sim_value_format(const SimValue *v, char *buf, size_t size);
/* Python's repr(v). */
size_t sim_value_repr(const SimValue *v, char *buf, size_t size);

#endif
