#ifndef WARROOM_CNCURSES_SHIM_H
#define WARROOM_CNCURSES_SHIM_H
// Wide-character entry points (get_wch, mvadd_wch) need these before the header.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/curses.h>
#endif
