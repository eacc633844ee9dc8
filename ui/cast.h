/* cast.h - the dashboard as an asciicast v2 recording.
 *
 * asciicast v2 (the format of asciinema and its web player) is one JSON
 * header line, then one JSON array per event: [seconds, "o", text] for
 * terminal output, [seconds, "m", label] for a marker (a chapter the player
 * can jump to) and [seconds, "r", "COLSxROWS"] for a resize. The dashboard
 * is drawn into a UiGrid each frame, so a frame is written from the grid:
 * the rows that changed since the last frame, with SGR attributes for each
 * cell's role. Nothing here needs curses, and for the same frames and
 * times the file is the same bytes.
 */
#ifndef AQSIM_UI_CAST_H
#define AQSIM_UI_CAST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ui/grid.h"

typedef struct UiCast UiCast;

/* Start a recording of a width x height terminal into a new file (or a
 * truncated one). title may be NULL (no title); timestamp is the start's
 * Unix time, or negative to leave it out (what tests want: the same bytes
 * every time). The env object holds $TERM and $SHELL, or "xterm-256color"
 * and "/bin/sh" when unset. On failure returns NULL and sets *why (when
 * given) to the reason (strerror). */
UiCast *ui_cast_open(const char *path, int width, int height, const char *title,
                     int64_t timestamp, const char **why);
/* The same into a stream the caller keeps (ui_cast_close does not close
 * it). */
UiCast *ui_cast_open_stream(FILE *f, int width, int height, const char *title,
                            int64_t timestamp);
/* Colour (the default) or the monochrome scheme the dashboard uses under
 * NO_COLOR: bold, dim, reverse and underline only. */
void ui_cast_set_mono(UiCast *c, bool mono);

/* A frame at `seconds` since the start: the grid's rows that differ from
 * the last frame (all of them the first time, or after a size change,
 * which also writes an "r" event). A frame identical to the last writes
 * nothing. Times never go back: an earlier (or non-finite) time is taken
 * as the last one written. */
void ui_cast_frame(UiCast *c, const UiGrid *grid, double seconds);
/* A marker: a named point the player can jump to ("maxsize 3 -> 5"). */
void ui_cast_marker(UiCast *c, double seconds, const char *label);
/* Finish: flush, close the file (when opened by path) and free. False if
 * any write failed. NULL is fine. */
bool ui_cast_close(UiCast *c);

/* A string as a JSON string literal, quotes included: control characters
 * (ESC too) as \u00XX, invalid UTF-8 as U+FFFD. Exposed for the tests and
 * for other JSON writers. */
void ui_cast_json_string(FILE *f, const char *s);

#endif
