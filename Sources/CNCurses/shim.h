#ifndef WARROOM_CNCURSES_SHIM_H
#define WARROOM_CNCURSES_SHIM_H
// Wide-character entry points (get_wch) need these before the header.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Function-like macros do not reach Swift: small inline wrappers do.
static inline int warroom_color_pair(int pair) { return (int)COLOR_PAIR(pair); }
static inline int warroom_a_bold(void) { return (int)A_BOLD; }
static inline int warroom_a_reverse(void) { return (int)A_REVERSE; }
static inline int warroom_a_underline(void) { return (int)A_UNDERLINE; }
static inline int warroom_a_normal(void) { return (int)A_NORMAL; }
// Globals that Swift 6 would treat as shared mutable state, read through functions.
static inline FILE *warroom_stdout(void) { return stdout; }
static inline FILE *warroom_stdin(void) { return stdin; }
static inline WINDOW *warroom_stdscr(void) { return stdscr; }
static inline int warroom_colors(void) { return COLORS; }
static inline int warroom_width(void) { return getmaxx(stdscr); }
static inline int warroom_height(void) { return getmaxy(stdscr); }
// Whether the terminal newterm set up can move the cursor (`cup`): a dumb
// terminal cannot, and a screen drawn on it would be its first line only.
static inline int warroom_can_address_cursor(void) {
    const char *cup = tigetstr("cup");
    return cup != NULL && cup != (const char *)-1;
}
#endif
