/* version.c - names of the supported CPython versions. */
#include "version.h"

#include <string.h>

static const char *const names[SIM_PY_VERSION_COUNT] = {"3.11", "3.12", "3.13"};

const char *sim_py_version_name(SimPyVersion v)
{
    return (unsigned)v < SIM_PY_VERSION_COUNT ? names[v] : "?";
}

bool sim_py_version_parse(const char *text, SimPyVersion *out)
{
    for (int i = 0; i < SIM_PY_VERSION_COUNT; i++)
        if (strcmp(text, names[i]) == 0) {
            *out = (SimPyVersion)i;
            return true;
        }
    return false;
}
