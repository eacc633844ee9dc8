/* testutil.h - helpers shared by the Check suites. */
#ifndef AQSIM_TESTS_TESTUTIL_H
#define AQSIM_TESTS_TESTUTIL_H

#include <stddef.h>

/* Path of a file under tests/data or tests/golden: $AQSIM_TEST_DATA (the
 * tests/ directory) or "tests" from the project root. */
void test_path(char *buf, size_t size, const char *relative);
/* Read a whole file (NUL-terminated); NULL if it cannot be read. */
char *test_read_file(const char *path, size_t *len);
/* Run aqsim's command line in-process (headless) and return what it
 * printed, NUL-terminated; *status gets the exit status. */
char *test_run_cli(const char *const *argv, int argc, int *status, char **err);

#endif
