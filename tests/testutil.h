/* testutil.h - helpers shared by the Check suites. */
#ifndef AQSIM_TESTS_TESTUTIL_H
#define AQSIM_TESTS_TESTUTIL_H

#include <stddef.h>

/* Path of a file under tests/data or tests/golden: $AQSIM_TEST_DATA (the
 * tests/ directory) or "tests" from the project root. */
void test_path(char *buf, size_t size, const char *relative);
/* Read a whole file (NUL-terminated); NULL if it cannot be read. */
char *test_read_file(const char *path, size_t *len);
/* Call each(line, ctx) for every line of the MANIFEST at `relative` that is
 * neither empty nor a '#' comment; returns 0 if the file cannot be read. */
int test_each_manifest_line(const char *relative, void (*each)(const char *line, void *ctx),
                            void *ctx);
/* Run aqsim's command line in-process (headless) and return what it
 * printed, NUL-terminated; *status gets the exit status. */
char *test_run_cli(const char *const *argv, int argc, int *status, char **err);

#endif
