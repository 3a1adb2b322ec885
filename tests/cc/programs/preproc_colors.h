/* A header with an include guard, included twice by preproc.c. */
#ifndef PREPROC_COLORS_H
#define PREPROC_COLORS_H

#define COLORS(X)        \
  X(RED, 0xff0000)       \
  X(GREEN, 0x00ff00)     \
  X(BLUE, 0x0000ff)      \
  X(ORANGE, 0xffa500)    \
  X(TEAL, 0x008080)

#define AS_ENUM(name, rgb) COLOR_##name,
#define AS_NAME(name, rgb) #name,
#define AS_RGB(name, rgb) rgb,
enum Color { COLORS(AS_ENUM) COLOR_COUNT };
static const char *const color_names[] = { COLORS(AS_NAME) };
static const unsigned color_rgb[] = { COLORS(AS_RGB) };

#endif
