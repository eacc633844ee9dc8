/* grid.c - the in-memory screen. */
#include "ui/grid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/xalloc.h"

static const uint32_t glyph_uni[UI_GLYPH_COUNT] = {
#define UI_GLYPH_UNI(name, uni, ascii) uni,
    UI_GLYPHS(UI_GLYPH_UNI)
#undef UI_GLYPH_UNI
};

static const char glyph_ascii[UI_GLYPH_COUNT] = {
#define UI_GLYPH_ASCII(name, uni, ascii) ascii,
    UI_GLYPHS(UI_GLYPH_ASCII)
#undef UI_GLYPH_ASCII
};

void ui_grid_init(UiGrid *g, int w, int h, bool utf8)
{
    g->w = w > 0 ? w : 1;
    g->h = h > 0 ? h : 1;
    g->utf8 = utf8;
    g->cells = sim_xcalloc((size_t)g->w * (size_t)g->h, sizeof *g->cells);
    ui_grid_clear(g);
}

void ui_grid_free(UiGrid *g)
{
    free(g->cells);
    g->cells = NULL;
}

void ui_grid_clear(UiGrid *g)
{
    for (int i = 0; i < g->w * g->h; i++)
        g->cells[i] = (UiCell){' ', UI_ROLE_TEXT};
}

uint32_t ui_glyph(const UiGrid *g, UiGlyph glyph)
{
    if (glyph >= UI_GLYPH_COUNT)
        return '?';
    if (g->utf8)
        return glyph_uni[glyph];
    if (glyph <= UI_GLYPH_BR)
        return UI_ACS_BASE + glyph;
    /* glyph < UI_GLYPH_COUNT was checked above; cppcheck does not see it. */
    /* cppcheck-suppress arrayIndexOutOfBoundsCond */
    return (uint32_t)glyph_ascii[glyph];
}

void ui_grid_set(UiGrid *g, int x, int y, uint32_t ch, UiRole role)
{
    if (x < 0 || y < 0 || x >= g->w || y >= g->h)
        return;
    g->cells[y * g->w + x] = (UiCell){ch, (uint8_t)role};
}

/* Decode one UTF-8 sequence; invalid bytes come out as U+FFFD. */
static uint32_t next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = s[0];
    int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0) {
        *p = s + 1;
        return 0xFFFD;
    }
    c &= n == 0 ? 0x7F : n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07;
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p = s + i;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p = s + n + 1;
    return c;
}

int ui_text_width(const char *text)
{
    int w = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        next_cp(&p);
        w++;
    }
    return w;
}

int ui_grid_text(UiGrid *g, int x, int y, int maxw, UiRole role, const char *text)
{
    int used = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p && used < maxw) {
        uint32_t c = next_cp(&p);
        if (c < 0x20 || c == 0x7F)
            c = '?';
        else if (!g->utf8 && c >= 0x80)
            c = '?';
        ui_grid_set(g, x + used, y, c, role);
        used++;
    }
    /* Cut text says so: its last column becomes an ellipsis (trailing
     * blanks that did not fit are no loss). */
    while (*p == ' ')
        p++;
    if (*p && used > 1)
        ui_grid_set(g, x + used - 1, y, ui_glyph(g, UI_GLYPH_ELLIPSIS), role);
    return used;
}

int ui_grid_printf(UiGrid *g, int x, int y, int maxw, UiRole role, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ui_grid_text(g, x, y, maxw, role, buf);
}

int ui_grid_glyph(UiGrid *g, int x, int y, UiRole role, UiGlyph glyph)
{
    ui_grid_set(g, x, y, ui_glyph(g, glyph), role);
    return 1;
}

/* The bytes of p that go on one row of w columns: the longest run of whole
 * words that fits; a word longer than the row is cut. Widths count bytes,
 * which is exact for the ASCII text wrapped here and errs short for the
 * rest. */
static int wrap_take(const char *p, int w)
{
    int take = (int)strlen(p);
    if (take > w) {
        take = w;
        while (take > 0 && p[take] != ' ')
            take--;
        if (take == 0)
            take = w;
    }
    return take;
}

static const char *skip_blanks(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

int ui_grid_name(UiGrid *g, int x, int y, int maxw, UiRole role, const char *name)
{
    int n = (int)strlen(name);
    if (n <= maxw || maxw < 5)
        return ui_grid_text(g, x, y, maxw, role, name);
    int tail = maxw / 2, head = maxw - 1 - tail;
    char buf[256];
    snprintf(buf, sizeof buf, "%.*s", head, name);
    ui_grid_text(g, x, y, head, role, buf);
    ui_grid_set(g, x + head, y, ui_glyph(g, UI_GLYPH_ELLIPSIS), role);
    ui_grid_text(g, x + head + 1, y, tail, role, name + n - tail);
    return maxw;
}

int ui_grid_wrap_rows(int w, const char *text)
{
    int rows = 0;
    for (const char *p = text; *p && w > 0; rows++)
        p = skip_blanks(p + wrap_take(p, w));
    return rows;
}

int ui_grid_wrap(UiGrid *g, int x, int y, int w, int maxrows, UiRole role, const char *text)
{
    int row = 0;
    const char *p = text;
    while (*p && row < maxrows && w > 1) {
        /* On the last row, text that does not fit ends in an ellipsis
         * instead of stopping mid-sentence. */
        bool cut = row == maxrows - 1 && (int)strlen(p) > w;
        int take = wrap_take(p, cut ? w - 1 : w);
        char line[1024];
        snprintf(line, sizeof line, "%.*s", take, p);
        int used = ui_grid_text(g, x, y + row, w, role, line);
        if (cut)
            ui_grid_set(g, x + used, y + row, ui_glyph(g, UI_GLYPH_ELLIPSIS), role);
        p = skip_blanks(p + take);
        row++;
    }
    return row;
}

void ui_grid_fill(UiGrid *g, int x, int y, int w, int h, uint32_t ch, UiRole role)
{
    for (int j = y; j < y + h; j++)
        for (int i = x; i < x + w; i++)
            ui_grid_set(g, i, j, ch, role);
}

void ui_grid_paint(UiGrid *g, int x, int y, int w, int h, UiRole role)
{
    for (int j = y; j < y + h && j < g->h; j++)
        for (int i = x; i < x + w && i < g->w; i++)
            if (i >= 0 && j >= 0)
                g->cells[j * g->w + i].role = (uint8_t)role;
}

void ui_grid_box(UiGrid *g, int x, int y, int w, int h, UiRole role, const char *title)
{
    if (w < 2 || h < 2)
        return;
    ui_grid_fill(g, x + 1, y, w - 2, 1, ui_glyph(g, UI_GLYPH_H_LINE), role);
    ui_grid_fill(g, x + 1, y + h - 1, w - 2, 1, ui_glyph(g, UI_GLYPH_H_LINE), role);
    ui_grid_fill(g, x, y + 1, 1, h - 2, ui_glyph(g, UI_GLYPH_V_LINE), role);
    ui_grid_fill(g, x + w - 1, y + 1, 1, h - 2, ui_glyph(g, UI_GLYPH_V_LINE), role);
    ui_grid_set(g, x, y, ui_glyph(g, UI_GLYPH_TL), role);
    ui_grid_set(g, x + w - 1, y, ui_glyph(g, UI_GLYPH_TR), role);
    ui_grid_set(g, x, y + h - 1, ui_glyph(g, UI_GLYPH_BL), role);
    ui_grid_set(g, x + w - 1, y + h - 1, ui_glyph(g, UI_GLYPH_BR), role);
    if (title && *title && w > 4) {
        ui_grid_set(g, x + 1, y, ' ', role);
        int n = ui_grid_text(g, x + 2, y, w - 4, UI_ROLE_TITLE, title);
        ui_grid_set(g, x + 2 + n, y, ' ', role);
    }
}

static size_t put_utf8(char *out, uint32_t c)
{
    if (c >= UI_ACS_BASE) {
        out[0] = glyph_ascii[c - UI_ACS_BASE];
        return 1;
    }
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

char *ui_grid_dump(const UiGrid *g)
{
    char *out = sim_xmalloc((size_t)g->w * (size_t)g->h * 4 + (size_t)g->h + 1);
    size_t n = 0;
    for (int y = 0; y < g->h; y++) {
        for (int x = 0; x < g->w; x++)
            n += put_utf8(out + n, g->cells[y * g->w + x].ch);
        out[n++] = '\n';
    }
    out[n] = '\0';
    return out;
}

bool ui_grid_row_contains(const UiGrid *g, int y, const char *text)
{
    if (y < 0 || y >= g->h)
        return false;
    char *row = sim_xmalloc((size_t)g->w * 4 + 1);
    size_t n = 0;
    for (int x = 0; x < g->w; x++)
        n += put_utf8(row + n, g->cells[y * g->w + x].ch);
    row[n] = '\0';
    bool found = strstr(row, text) != NULL;
    free(row);
    return found;
}
