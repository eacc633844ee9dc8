/* term.c - ncurses set-up, signals, input and drawing. */
#include "ui/term.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "sim/xalloc.h"

static volatile sig_atomic_t quit_flag, resize_flag, cont_flag;
static int wake_pipe[2] = {-1, -1};
static struct termios saved_tio;
static bool have_tio, utf8;
static volatile sig_atomic_t active; /* read by the fatal-signal handler */
static attr_t role_attr[UI_ROLE_COUNT];

static void wake(void)
{
    if (wake_pipe[1] >= 0) {
        int saved = errno;
        ssize_t r = write(wake_pipe[1], "x", 1);
        (void)r;
        errno = saved;
    }
}

int ui_term_quit_signal(void)
{
    return (int)quit_flag;
}

static void on_winch(int sig)
{
    (void)sig;
    resize_flag = 1;
    wake();
}

static void on_cont(int sig)
{
    (void)sig;
    cont_flag = 1;
    wake();
}

/* Put the terminal back with async-signal-safe calls only: the saved
 * modes, the main screen, the cursor. Once. */
static void restore_now(void)
{
    if (!active)
        return;
    active = false;
    if (have_tio)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
    static const char reset[] = "\033[?1049l\033[?25h\033[0m\r\n";
    ssize_t r = write(STDOUT_FILENO, reset, sizeof reset - 1);
    (void)r;
}

/* The first ^C (SIGTERM, SIGHUP) asks the main loop to close cleanly;
 * one more before it has (the dashboard busy in a long replay) ends aqsim
 * at once, terminal restored, no files finished: the way out of a freeze. */
static void on_quit(int sig)
{
    if (quit_flag) {
        restore_now();
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    quit_flag = sig;
    wake();
}

/* Fatal signals: put the terminal back, then die of the same signal. */
static void on_fatal(int sig)
{
    restore_now();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Catch sig with fn, saving what it did in *old; a signal the caller
 * ignores (nohup's SIGHUP) stays ignored. */
static void handle(int sig, void (*fn)(int), struct sigaction *old)
{
    if (sigaction(sig, NULL, old) == 0 && old->sa_handler == SIG_IGN)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: poll() must wake up */
    sigaction(sig, &sa, NULL);
}

static void setup_colors(void)
{
    /* no-color.org: NO_COLOR set to a non-empty value turns colour off. */
    const char *no_color = getenv("NO_COLOR");
    bool color = has_colors() && !(no_color && *no_color);
    if (color) {
        start_color();
        use_default_colors();
    }
    /* Colour-blind-safe roles: blue/cyan for work, yellow for blocked,
     * magenta for cancelled; every state also has its own symbol and word,
     * so the monochrome scheme below loses nothing. Text that must read on
     * a light background as well as a dark one keeps the terminal's own
     * foreground (-1), bold where it stands out: never white. */
    struct {
        UiRole role;
        short fg, bg;
        attr_t color_attr, mono_attr;
    } table[] = {
        {UI_ROLE_TEXT, -1, -1, A_NORMAL, A_NORMAL},
        {UI_ROLE_DIM, -1, -1, A_DIM, A_DIM},
        {UI_ROLE_TITLE, -1, -1, A_BOLD, A_BOLD},
        {UI_ROLE_BORDER, COLOR_BLUE, -1, A_NORMAL, A_NORMAL},
        {UI_ROLE_HEADER, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
        {UI_ROLE_KEY, COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
        {UI_ROLE_BLOCKED, COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE},
        {UI_ROLE_WORKING, COLOR_CYAN, -1, A_BOLD, A_BOLD},
        {UI_ROLE_IDLE, -1, -1, A_NORMAL, A_NORMAL},
        {UI_ROLE_DONE, COLOR_GREEN, -1, A_NORMAL, A_DIM},
        {UI_ROLE_CANCELLED, COLOR_MAGENTA, -1, A_BOLD, A_BOLD},
        {UI_ROLE_ITEM, -1, -1, A_BOLD, A_BOLD},
        {UI_ROLE_NEXT, COLOR_CYAN, -1, A_BOLD, A_BOLD},
        {UI_ROLE_FULL, COLOR_YELLOW, -1, A_BOLD | A_REVERSE, A_REVERSE},
        {UI_ROLE_SELECTED, COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE},
        {UI_ROLE_CAPTION, COLOR_YELLOW, -1, A_NORMAL, A_BOLD},
        {UI_ROLE_WARN, COLOR_YELLOW, -1, A_BOLD | A_REVERSE, A_REVERSE | A_BOLD},
        /* A colour per task for the code pane's markers (each marker also
         * carries the task's name). */
        {UI_ROLE_TASK0, COLOR_CYAN, -1, A_BOLD, A_BOLD},
        {UI_ROLE_TASK1, COLOR_MAGENTA, -1, A_BOLD, A_BOLD},
        {UI_ROLE_TASK2, COLOR_YELLOW, -1, A_BOLD, A_BOLD},
        {UI_ROLE_TASK3, COLOR_BLUE, -1, A_BOLD, A_BOLD},
        {UI_ROLE_TASK4, COLOR_GREEN, -1, A_BOLD, A_BOLD},
        {UI_ROLE_TASK5, -1, -1, A_BOLD | A_UNDERLINE, A_BOLD},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        UiRole r = table[i].role;
        if (color) {
            short pair = (short)(i + 1);
            init_pair(pair, table[i].fg, table[i].bg);
            role_attr[r] = COLOR_PAIR(pair) | table[i].color_attr;
        } else {
            role_attr[r] = table[i].mono_attr;
        }
    }
}

/* What the dashboard catches while it owns the terminal. */
static const struct {
    int sig;
    void (*fn)(int);
} signals[] = {
    {SIGINT, on_quit},   {SIGTERM, on_quit},  {SIGHUP, on_quit},   {SIGWINCH, on_winch},
    {SIGCONT, on_cont},  {SIGSEGV, on_fatal}, {SIGBUS, on_fatal},  {SIGFPE, on_fatal},
    {SIGILL, on_fatal},  {SIGABRT, on_fatal}, {SIGQUIT, on_fatal}, {SIGTRAP, on_fatal},
    {SIGSYS, on_fatal},  {SIGXCPU, on_fatal}, {SIGXFSZ, on_fatal},
};
#define NSIGNALS (sizeof signals / sizeof signals[0])
/* What each signal did before, put back when the dashboard closes. */
static struct sigaction saved_actions[NSIGNALS];

static void close_wake_pipe(void)
{
    for (int i = 0; i < 2; i++)
        if (wake_pipe[i] >= 0) {
            close(wake_pipe[i]);
            wake_pipe[i] = -1;
        }
}

bool ui_term_open(const char **why)
{
    const char *term = getenv("TERM");
    if (!term || !*term || strcmp(term, "dumb") == 0) {
        *why = "the dashboard needs a terminal that can move the cursor (TERM is unset or "
               "\"dumb\"); use --headless for plain output";
        return false;
    }
    /* Only the character set: curses needs it for UTF-8, while numbers
     * (the asciicast's times, a typed time like 1.5, Python's output)
     * must keep C's decimal point under any locale. */
    setlocale(LC_CTYPE, "");
    utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
        have_tio = true;
    if (pipe(wake_pipe) == 0) {
        for (int i = 0; i < 2; i++)
            fcntl(wake_pipe[i], F_SETFL, fcntl(wake_pipe[i], F_GETFL) | O_NONBLOCK);
    }
    for (size_t i = 0; i < NSIGNALS; i++)
        handle(signals[i].sig, signals[i].fn, &saved_actions[i]);
    /* The size comes from the terminal itself: LINES/COLUMNS left in the
     * environment by a shell or a CI runner are often stale, and ncurses
     * would otherwise prefer them and draw for a screen that is not there. */
    use_env(FALSE);
    use_tioctl(TRUE);
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        for (size_t i = 0; i < NSIGNALS; i++)
            sigaction(signals[i].sig, &saved_actions[i], NULL);
        close_wake_pipe();
        *why = "cannot start curses on this terminal (check TERM); use --headless for plain output";
        return false;
    }
    set_term(scr);
    active = true;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    setup_colors();
    sim_xalloc_on_failure(restore_now);
    return true;
}

void ui_term_close(void)
{
    if (!active)
        return;
    active = false;
    sim_xalloc_on_failure(NULL);
    curs_set(1);
    endwin();
    if (have_tio)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
    close_wake_pipe();
    /* After the dashboard (saving a session replays the run), ^C and
     * SIGTERM act as they do for any program again. */
    for (size_t i = 0; i < NSIGNALS; i++)
        sigaction(signals[i].sig, &saved_actions[i], NULL);
}

bool ui_term_utf8(void)
{
    return utf8;
}

void ui_term_size(int *w, int *h)
{
    *w = COLS;
    *h = LINES;
}

static chtype acs_for(uint32_t glyph)
{
    switch (glyph) {
    case UI_GLYPH_H_LINE:
        return ACS_HLINE;
    case UI_GLYPH_V_LINE:
        return ACS_VLINE;
    case UI_GLYPH_TL:
        return ACS_ULCORNER;
    case UI_GLYPH_TR:
        return ACS_URCORNER;
    case UI_GLYPH_BL:
        return ACS_LLCORNER;
    default:
        return ACS_LRCORNER;
    }
}

void ui_term_draw(const UiGrid *g)
{
    for (int y = 0; y < g->h && y < LINES; y++) {
        for (int x = 0; x < g->w && x < COLS; x++) {
            /* The bottom-right cell too: ncurses writes it without
             * scrolling (waddch then reports ERR, as the cursor cannot
             * move on; nothing is lost). */
            const UiCell *c = &g->cells[y * g->w + x];
            attr_t a = role_attr[c->role];
            if (c->ch >= UI_ACS_BASE) {
                mvaddch(y, x, acs_for(c->ch - UI_ACS_BASE) | a);
            } else if (c->ch < 0x80) {
                mvaddch(y, x, (chtype)c->ch | a);
            } else {
                wchar_t wc[2] = {(wchar_t)c->ch, 0};
                cchar_t cc;
                /* The colour pair goes as its own argument: setcchar takes
                 * it from there, not from the attributes. */
                setcchar(&cc, wc, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
                mvadd_wch(y, x, &cc);
            }
        }
    }
    refresh();
}

static void drain_pipe(void)
{
    char buf[64];
    while (wake_pipe[0] >= 0 && read(wake_pipe[0], buf, sizeof buf) > 0)
        ;
}

/* Take the terminal's size now (it may have changed while we were
 * stopped, when no SIGWINCH reaches a stopped process) and redraw all. */
static void sync_size(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
    clear();
}

static int pending_signal(void)
{
    if (quit_flag)
        return UI_KEY_QUIT;
    if (resize_flag) {
        resize_flag = 0;
        sync_size();
        return UI_KEY_RESIZE;
    }
    if (cont_flag) {
        cont_flag = 0;
        sync_size();
        return UI_KEY_RESIZE;
    }
    return UI_KEY_NONE;
}

int ui_term_key(int timeout_ms)
{
    int s = pending_signal();
    if (s != UI_KEY_NONE)
        return s;
    int ch = getch();
    if (ch != ERR)
        return ch == KEY_RESIZE ? UI_KEY_RESIZE : ch;
    struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {wake_pipe[0], POLLIN, 0}};
    int r = poll(fds, wake_pipe[0] >= 0 ? 2 : 1, timeout_ms);
    if (r > 0 && (fds[1].revents & POLLIN))
        drain_pipe();
    s = pending_signal();
    if (s != UI_KEY_NONE)
        return s;
    bool gone = r > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL));
    ch = getch();
    if (ch == ERR && gone) {
        /* A hung-up terminal also reads as ready (POLLIN with POLLHUP):
         * with nothing left to read, it is gone, or the loop would spin. */
        quit_flag = SIGHUP; /* as if the hang-up had been signalled */
        return UI_KEY_QUIT;
    }
    if (ch == ERR)
        return UI_KEY_NONE;
    return ch == KEY_RESIZE ? UI_KEY_RESIZE : ch;
}
