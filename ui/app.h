/* app.h - the interactive dashboard: the main loop tying the model, the
 * view and the terminal together. */
#ifndef AQSIM_UI_APP_H
#define AQSIM_UI_APP_H

#include <stdio.h>

#include "ui/cli.h"

/* Run the picker (no scenario given) or the dashboard; returns the exit
 * status. Errors go to err after the terminal has been restored. */
int ui_app_run(const CliOptions *opt, FILE *err);

#endif
