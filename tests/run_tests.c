/* run_tests.c - runs every Check suite; exits non-zero on any failure. */
#include <check.h>
#include <stdlib.h>

#include "tests/suites.h"

int main(void)
{
    SRunner *sr = srunner_create(make_rng_suite());
    srunner_add_suite(sr, make_fmt_suite());
    srunner_add_suite(sr, make_sim_suite());
    srunner_add_suite(sr, make_cli_suite());
    srunner_add_suite(sr, make_golden_suite());
    srunner_add_suite(sr, make_report_suite());
    srunner_add_suite(sr, make_ui_suite());
    srunner_add_suite(sr, make_record_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
