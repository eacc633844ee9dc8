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

/* "3.11", "3.12", "3.13". */
const char *sim_py_version_name(SimPyVersion v);
/* Parse "3.11" etc.; false when the text names no supported version. */
bool sim_py_version_parse(const char *text, SimPyVersion *out);

#endif
