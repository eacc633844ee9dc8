/* keys.h - what each key does, apart from reading it.
 *
 * Keys are applied to the model and view state here, without a terminal,
 * so that tests can drive the dashboard's logic directly.
 */
#ifndef AQSIM_UI_KEYS_H
#define AQSIM_UI_KEYS_H

#include <stdbool.h>

#include "ui/model.h"
#include "ui/view.h"

typedef enum { UI_KEEP_GOING, UI_QUIT } UiKeyResult;

/* Key codes beyond ASCII (curses' arrow keys are mapped to these by the
 * terminal layer's caller). */
enum { UI_K_UP = 0x10001, UI_K_DOWN, UI_K_LEFT, UI_K_RIGHT, UI_K_ENTER, UI_K_HOME, UI_K_END,
       UI_K_BACKSPACE, UI_K_ESC, UI_K_PGUP, UI_K_PGDN };

/* Apply one key. *m may be created (picker -> dashboard) or replaced. */
UiKeyResult ui_keys_apply(UiModel **m, UiViewState *vs, const UiSetup *base, int key);

#endif
