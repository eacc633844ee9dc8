/* version.h - which CPython's asyncio a run reproduces.
 *
 * asyncio's scheduling changed between versions (3.12 rebuilt wait_for on
 * asyncio.timeout(), gather of finished futures stopped suspending; 3.13
 * added Queue.shutdown()). Each difference lives inside the object that
 * differs, chosen once per run from this value.
 */
#ifndef AQSIM_SIM_VERSION_H
#define AQSIM_SIM_VERSION_H

#include <stdbool.h>

typedef enum {
    SIM_PY_3_11,
    SIM_PY_3_12,
    SIM_PY_3_13
} SimPyVersion;

#define SIM_PY_VERSION_COUNT 3

/* X(name, versions, why) - the places where CPython versions schedule
 * differently, as the sim knows them. A run notes each one it goes
 * through, so a difference between two versions' output can be explained
 * by the sim itself. */
#define SIM_VARIANTS(X)                                                                     \
    X(WAIT_FOR, "3.11 vs 3.12+",                                                            \
      "3.11's wait_for runs get() in an inner task and waits on a waiter future: a get() "  \
      "on a non-empty queue still suspends, an item takes 3 loop passes to reach the "      \
      "consumer and a timeout 5 callbacks; 3.12+ wraps a plain await in asyncio.timeout(): " \
      "no suspension when an item is there, 1 pass for an item, 2 callbacks for a timeout") \
    X(GATHER_DONE, "3.11 vs 3.12+",                                                         \
      "gather() of tasks that have already finished: 3.11 still suspends the caller for "   \
      "2 passes (done-callbacks, then the caller); 3.12+ counts them at once and the "      \
      "caller goes on without suspending")                                                  \
    X(QUEUE_SHUTDOWN, "3.13 only",                                                          \
      "Queue.shutdown() and QueueShutDown exist only from Python 3.13")

typedef enum {
#define SIM_VARIANT_ENUM(name, versions, why) SIM_VARIANT_##name,
    SIM_VARIANTS(SIM_VARIANT_ENUM)
#undef SIM_VARIANT_ENUM
        SIM_VARIANT_COUNT
} SimVariant;

/* Which versions a variant sets apart, and why they differ (one line). */
const char *sim_variant_versions(SimVariant v);
const char *sim_variant_why(SimVariant v);

/* Whether a variant makes versions a and b behave differently. */
bool sim_variant_differs(SimVariant v, SimPyVersion a, SimPyVersion b);

/* "3.11", "3.12", "3.13". */
const char *sim_py_version_name(SimPyVersion v);
/* Parse "3.11" etc.; false when the text names no supported version. */
bool sim_py_version_parse(const char *text, SimPyVersion *out);

#endif
