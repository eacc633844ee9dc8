/* cast.c - asciicast v2 from the dashboard's grid. */
#include "ui/cast.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/xalloc.h"

/* SGR parameters per role, after a reset ("0;" is put in front). They
 * mirror ui/term.c's colours: colour-blind-safe blue/cyan for work, yellow
 * for blocked, magenta for cancelled, green for done, the terminal's own
 * foreground (never white) for items; every state also has a symbol and a
 * word on screen, so the monochrome column loses nothing. A role missing
 * here (added to grid.h later) is drawn plain. */
static const char *const sgr_color[UI_ROLE_COUNT] = {
    [UI_ROLE_TEXT] = "",
    [UI_ROLE_DIM] = "2",
    [UI_ROLE_TITLE] = "1",
    [UI_ROLE_BORDER] = "34",
    [UI_ROLE_HEADER] = "1;37;44",
    [UI_ROLE_KEY] = "30;46",
    [UI_ROLE_BLOCKED] = "1;33",
    [UI_ROLE_WORKING] = "1;36",
    [UI_ROLE_IDLE] = "",
    [UI_ROLE_DONE] = "32",
    [UI_ROLE_CANCELLED] = "1;35",
    [UI_ROLE_ITEM] = "1",
    [UI_ROLE_NEXT] = "1;36",
    [UI_ROLE_FULL] = "1;7;33",
    [UI_ROLE_SELECTED] = "30;43",
    [UI_ROLE_CAPTION] = "33",
    [UI_ROLE_WARN] = "1;7;33",
};

static const char *const sgr_mono[UI_ROLE_COUNT] = {
    [UI_ROLE_TEXT] = "",
    [UI_ROLE_DIM] = "2",
    [UI_ROLE_TITLE] = "1",
    [UI_ROLE_BORDER] = "",
    [UI_ROLE_HEADER] = "7",
    [UI_ROLE_KEY] = "7",
    [UI_ROLE_BLOCKED] = "1;4",
    [UI_ROLE_WORKING] = "1",
    [UI_ROLE_IDLE] = "",
    [UI_ROLE_DONE] = "2",
    [UI_ROLE_CANCELLED] = "1",
    [UI_ROLE_ITEM] = "1",
    [UI_ROLE_NEXT] = "1",
    [UI_ROLE_FULL] = "7",
    [UI_ROLE_SELECTED] = "7",
    [UI_ROLE_CAPTION] = "1",
    [UI_ROLE_WARN] = "1;7",
};

struct UiCast {
    FILE *f;
    bool own;           /* opened by path: close it */
    bool mono;
    int w, h;           /* the terminal size the player has now */
    double last;        /* time of the last event written */
    UiCell *prev;       /* the last frame, w x h; NULL before the first */
    char *buf;          /* the frame being built */
    size_t len, cap;
};

static void put(UiCast *c, const char *s, size_t n)
{
    sim_xgrow((void **)&c->buf, &c->cap, c->len + n + 1, 1);
    memcpy(c->buf + c->len, s, n);
    c->len += n;
    c->buf[c->len] = '\0';
}

static void puts_(UiCast *c, const char *s)
{
    put(c, s, strlen(s));
}

static void put_utf8(UiCast *c, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12);
        b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18);
        b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    put(c, b, n);
}

/* Decode one UTF-8 sequence strictly (no overlongs, surrogates or code
 * points past U+10FFFF); returns its length, or 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
    unsigned b = s[0];
    size_t len;
    uint32_t v, min;
    if (b < 0x80) {
        *cp = b;
        return 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
        len = 2, v = b & 0x1F, min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3, v = b & 0x0F, min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4, v = b & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80) /* also stops at the NUL */
            return 0;
        v = v << 6 | (s[k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

void ui_cast_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        uint32_t cp;
        size_t n = utf8_decode(p, &cp);
        if (n == 0) {
            fputs("\\ufffd", f);
            p++;
        } else if (cp == '"' || cp == '\\') {
            fputc('\\', f);
            fputc((int)cp, f);
            p++;
        } else if (cp < 0x20 || cp == 0x7F) {
            fprintf(f, "\\u%04x", (unsigned)cp);
            p++;
        } else {
            fwrite(p, 1, n, f);
            p += n;
        }
    }
    fputc('"', f);
}

/* What a cell shows, as a code point safe to send to a terminal: box
 * pieces stored for ACS become their Unicode lines (the cast is UTF-8
 * whatever the recording terminal was), and controls (C0, DEL, C1),
 * surrogates and non-characters past U+10FFFF become '?', so no cell can
 * inject an escape sequence into the player. */
static uint32_t cell_char(uint32_t ch)
{
    if (ch >= UI_ACS_BASE && ch - UI_ACS_BASE <= UI_GLYPH_BR) {
        UiGrid uni = {.utf8 = true};
        return ui_glyph(&uni, (UiGlyph)(ch - UI_ACS_BASE));
    }
    if (ch == 0)
        return ' ';
    if (ch < 0x20 || (ch >= 0x7F && ch < 0xA0) || (ch >= 0xD800 && ch <= 0xDFFF) || ch > 0x10FFFF)
        return '?';
    return ch;
}

static void write_header(UiCast *c, const char *title, int64_t timestamp)
{
    const char *term = getenv("TERM"), *shell = getenv("SHELL");
    fprintf(c->f, "{\"version\": 2, \"width\": %d, \"height\": %d", c->w, c->h);
    if (timestamp >= 0)
        fprintf(c->f, ", \"timestamp\": %lld", (long long)timestamp);
    if (title) {
        fputs(", \"title\": ", c->f);
        ui_cast_json_string(c->f, title);
    }
    fputs(", \"env\": {\"TERM\": ", c->f);
    ui_cast_json_string(c->f, term && *term ? term : "xterm-256color");
    fputs(", \"SHELL\": ", c->f);
    ui_cast_json_string(c->f, shell && *shell ? shell : "/bin/sh");
    fputs("}}\n", c->f);
}

UiCast *ui_cast_open_stream(FILE *f, int width, int height, const char *title, int64_t timestamp)
{
    UiCast *c = sim_xcalloc(1, sizeof *c);
    c->f = f;
    c->w = width > 0 ? width : 1;
    c->h = height > 0 ? height : 1;
    write_header(c, title, timestamp);
    return c;
}

UiCast *ui_cast_open(const char *path, int width, int height, const char *title,
                     int64_t timestamp, const char **why)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        if (why)
            *why = strerror(errno);
        return NULL;
    }
    UiCast *c = ui_cast_open_stream(f, width, height, title, timestamp);
    c->own = true;
    return c;
}

void ui_cast_set_mono(UiCast *c, bool mono)
{
    c->mono = mono;
    /* The next frame redraws everything in the new scheme. */
    free(c->prev);
    c->prev = NULL;
}

/* Times never go back; NaN and infinities are not JSON. */
static double event_time(UiCast *c, double seconds)
{
    if (isfinite(seconds) && seconds > c->last && seconds < 1e12)
        c->last = seconds;
    return c->last;
}

static void write_event(UiCast *c, double seconds, const char *code, const char *data)
{
    fprintf(c->f, "[%.6f, \"%s\", ", event_time(c, seconds), code);
    ui_cast_json_string(c->f, data);
    fputs("]\n", c->f);
}

static bool row_same(const UiCell *a, const UiCell *b, int w)
{
    for (int x = 0; x < w; x++)
        if (a[x].ch != b[x].ch || a[x].role != b[x].role)
            return false;
    return true;
}

void ui_cast_frame(UiCast *c, const UiGrid *grid, double seconds)
{
    if (!c || !grid || !grid->cells || grid->w <= 0 || grid->h <= 0)
        return;
    c->len = 0;
    put(c, "", 0);
    bool full = !c->prev;
    if (grid->w != c->w || grid->h != c->h) {
        char size[32];
        snprintf(size, sizeof size, "%dx%d", grid->w, grid->h);
        write_event(c, seconds, "r", size);
        c->w = grid->w;
        c->h = grid->h;
        full = true;
    }
    if (full) {
        free(c->prev);
        c->prev = NULL;
        /* Hide the cursor (the dashboard does), reset, clear. */
        puts_(c, "\033[?25l\033[0m\033[2J");
    }
    const char *const *sgr = c->mono ? sgr_mono : sgr_color;
    for (int y = 0; y < grid->h; y++) {
        const UiCell *row = &grid->cells[(size_t)y * (size_t)grid->w];
        if (!full && row_same(row, &c->prev[(size_t)y * (size_t)grid->w], grid->w))
            continue;
        char move[32];
        snprintf(move, sizeof move, "\033[%d;1H", y + 1);
        puts_(c, move);
        int role = -1;
        for (int x = 0; x < grid->w; x++) {
            int r = row[x].role < UI_ROLE_COUNT ? row[x].role : UI_ROLE_TEXT;
            if (r != role) {
                const char *codes = sgr[r] ? sgr[r] : "";
                puts_(c, "\033[0");
                if (*codes) {
                    puts_(c, ";");
                    puts_(c, codes);
                }
                puts_(c, "m");
                role = r;
            }
            put_utf8(c, cell_char(row[x].ch));
        }
        puts_(c, "\033[0m");
    }
    if (!c->prev)
        c->prev = sim_xmalloc((size_t)grid->w * (size_t)grid->h * sizeof *c->prev);
    memcpy(c->prev, grid->cells, (size_t)grid->w * (size_t)grid->h * sizeof *c->prev);
    if (c->len > 0)
        write_event(c, seconds, "o", c->buf);
}

void ui_cast_marker(UiCast *c, double seconds, const char *label)
{
    if (c)
        write_event(c, seconds, "m", label ? label : "");
}

bool ui_cast_close(UiCast *c)
{
    if (!c)
        return true;
    bool ok = fflush(c->f) == 0 && !ferror(c->f);
    if (c->own && fclose(c->f) != 0)
        ok = false;
    free(c->prev);
    free(c->buf);
    free(c);
    return ok;
}
