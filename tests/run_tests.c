/* run_tests.c - runs every Check suite; exits non-zero on any failure. */
#include <check.h>
#include <stdlib.h>

#include "tests/suites.h"

int main(void)
{
#if CHECK_MAJOR_VERSION > 0 || CHECK_MINOR_VERSION >= 13
    /* A failing screen check carries the screen: 80x24 of box drawing is
     * more than Check's default 4 KiB message, which would turn it into
     * "Message string too long" and hide the screen. */
    check_set_max_msg_size(64 * 1024);
#endif
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
