/* grid.h - an in-memory screen of cells, each a character and a role.
 *
 * The dashboard is laid out into a grid first; curses only copies the grid
 * to the terminal. So the layout can be tested (and dumped as text) without
 * a terminal, and colours are semantic roles mapped in one table, with a
 * monochrome scheme beside the colour one.
 */
#ifndef AQSIM_UI_GRID_H
#define AQSIM_UI_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* X(name) - what a cell means; ui/term.c maps each to colour attributes. */
#define UI_ROLES(X) \
    X(TEXT)         \
    X(DIM)          \
    X(TITLE)        \
    X(BORDER)       \
    X(HEADER)       \
    X(KEY)          \
    X(BLOCKED)      \
    X(WORKING)      \
    X(IDLE)         \
    X(DONE)         \
    X(CANCELLED)    \
    X(ITEM)         \
    X(NEXT)         \
    X(FULL)         \
    X(SELECTED)     \
    X(CAPTION)      \
    X(WARN)         \
    X(TASK0)        \
    X(TASK1)        \
    X(TASK2)        \
    X(TASK3)        \
    X(TASK4)        \
    X(TASK5)

typedef enum {
#define UI_ROLE_ENUM(name) UI_ROLE_##name,
    UI_ROLES(UI_ROLE_ENUM)
#undef UI_ROLE_ENUM
        UI_ROLE_COUNT
} UiRole;

/* Glyphs with a Unicode form and an ASCII fallback. Box pieces in ASCII
 * mode are drawn with the terminal's line-drawing set (ACS). */
#define UI_GLYPHS(X)                       \
    X(H_LINE, 0x2500, '-')                 \
    X(V_LINE, 0x2502, '|')                 \
    X(TL, 0x250C, '+')                     \
    X(TR, 0x2510, '+')                     \
    X(BL, 0x2514, '+')                     \
    X(BR, 0x2518, '+')                     \
    X(BLOCKED, 0x25A0, '#')  /* ■ */       \
    X(WORKING, 0x25CF, '*')  /* ● */       \
    X(IDLE, 0x25CB, 'o')     /* ○ */       \
    X(WAITING, 0x25C7, '+')  /* ◇ */       \
    X(DONE, 0x2713, 'v')     /* ✓ */       \
    X(CANCELLED, 0x2715, 'x') /* ✕ */      \
    X(PLAY, 0x25B6, '>')     /* ▶ */       \
    X(PAUSE, 0x2016, '=')    /* ‖ */       \
    X(BAR_FULL, 0x2593, '#') /* ▓ */       \
    X(BAR_EMPTY, 0x2591, '.') /* ░ */      \
    X(DOT, 0x00B7, '.')      /* · */       \
    X(ARROW, 0x2192, '>')    /* → */       \
    X(ELLIPSIS, 0x2026, '~') /* … */       \
    X(SLEEP, 0x25D4, 'z')    /* ◔ */

typedef enum {
#define UI_GLYPH_ENUM(name, uni, ascii) UI_GLYPH_##name,
    UI_GLYPHS(UI_GLYPH_ENUM)
#undef UI_GLYPH_ENUM
        UI_GLYPH_COUNT
} UiGlyph;

typedef struct {
    uint32_t ch; /* a code point; box pieces in ASCII mode are UI_ACS_BASE + glyph */
    uint8_t role;
} UiCell;

#define UI_ACS_BASE 0xF0000u

typedef struct {
    int w, h;
    bool utf8; /* Unicode glyphs, or ASCII/ACS */
    UiCell *cells;
} UiGrid;

void ui_grid_init(UiGrid *g, int w, int h, bool utf8);
void ui_grid_free(UiGrid *g);
void ui_grid_clear(UiGrid *g);
/* The code point to store for a glyph in this grid's mode. */
uint32_t ui_glyph(const UiGrid *g, UiGlyph glyph);
void ui_grid_set(UiGrid *g, int x, int y, uint32_t ch, UiRole role);
/* Write UTF-8 text from (x, y), at most maxw columns (clipped to the
 * grid; text cut at maxw ends in an ellipsis); returns the columns used.
 * Non-ASCII in ASCII mode becomes '?'. */
int ui_grid_text(UiGrid *g, int x, int y, int maxw, UiRole role, const char *text);
/* printf into the grid. */
int ui_grid_printf(UiGrid *g, int x, int y, int maxw, UiRole role, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
int ui_grid_glyph(UiGrid *g, int x, int y, UiRole role, UiGlyph glyph);
void ui_grid_fill(UiGrid *g, int x, int y, int w, int h, uint32_t ch, UiRole role);
/* A box with an optional title in its top border. */
void ui_grid_box(UiGrid *g, int x, int y, int w, int h, UiRole role, const char *title);
/* Word-wrap UTF-8 text into rows of at most w columns, from (x, y), at
 * most maxrows rows (the last ends in "…" if text is left); returns the
 * rows used. */
int ui_grid_wrap(UiGrid *g, int x, int y, int w, int maxrows, UiRole role, const char *text);
/* Write a name in at most maxw columns; a longer one keeps its head and
 * its tail around an ellipsis ("slow_c…umer-3"), so names that differ
 * only at the end stay apart. Returns the columns used. */
int ui_grid_name(UiGrid *g, int x, int y, int maxw, UiRole role, const char *name);
/* How many rows of w columns text wraps into. */
int ui_grid_wrap_rows(int w, const char *text);
/* Change the role of a rectangle (highlighting a selection). */
void ui_grid_paint(UiGrid *g, int x, int y, int w, int h, UiRole role);
/* The grid as UTF-8 text, one row per line (ACS pieces as ASCII). The
 * caller frees the result. */
char *ui_grid_dump(const UiGrid *g);
/* Whether row y contains the text. */
bool ui_grid_row_contains(const UiGrid *g, int y, const char *text);
/* Number of columns a UTF-8 string takes (one per code point). */
int ui_text_width(const char *text);

#endif
