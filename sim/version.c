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

static const char *const variant_versions[SIM_VARIANT_COUNT] = {
#define SIM_VARIANT_VERSIONS(name, versions, why) versions,
    SIM_VARIANTS(SIM_VARIANT_VERSIONS)
#undef SIM_VARIANT_VERSIONS
};

static const char *const variant_why[SIM_VARIANT_COUNT] = {
#define SIM_VARIANT_WHY(name, versions, why) why,
    SIM_VARIANTS(SIM_VARIANT_WHY)
#undef SIM_VARIANT_WHY
};

const char *sim_variant_versions(SimVariant v)
{
    return (unsigned)v < SIM_VARIANT_COUNT ? variant_versions[v] : "?";
}

const char *sim_variant_why(SimVariant v)
{
    return (unsigned)v < SIM_VARIANT_COUNT ? variant_why[v] : "?";
}

bool sim_variant_differs(SimVariant v, SimPyVersion a, SimPyVersion b)
{
    if (v == SIM_VARIANT_QUEUE_SHUTDOWN)
        return (a >= SIM_PY_3_13) != (b >= SIM_PY_3_13);
    return (a == SIM_PY_3_11) != (b == SIM_PY_3_11);
}
