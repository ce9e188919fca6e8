/*
 * A byte-oriented LZ77 format for the toolkit's bash text, which is stored compressed in the
 * bootstrap (a third of its size) and decoded once at start-up. A token byte b < 0x80 is followed
 * by b + 1 literal bytes; b >= 0x80 copies (b & 0x7f) + 4 bytes from 1..65535 bytes back, the
 * distance in the two bytes that follow (little-endian). Written by lz_pack.c at build time.
 */
#ifndef SL_LZ_H
#define SL_LZ_H

#include <stddef.h>
#include <string.h>

#define LZ_MIN_MATCH 4
#define LZ_MAX_MATCH (0x7f + LZ_MIN_MATCH)
#define LZ_MAX_RUN 0x80
#define LZ_WINDOW 65535

/* Decodes n bytes of in into out (cap bytes): the decoded length, or (size_t)-1 when in is
   malformed or does not fit. */
static inline size_t lz_decode(const unsigned char *in, size_t n, char *out, size_t cap) {
  size_t i = 0, o = 0;
  while (i < n) {
    unsigned b = in[i++];
    if (b < 0x80) {
      size_t run = (size_t)b + 1;
      if (run > n - i || run > cap - o) {
        return (size_t)-1;
      }
      memcpy(out + o, in + i, run);
      i += run;
      o += run;
    } else {
      size_t len = (size_t)(b & 0x7f) + LZ_MIN_MATCH;
      if (n - i < 2) {
        return (size_t)-1;
      }
      size_t dist = (size_t)in[i] | (size_t)in[i + 1] << 8;
      i += 2;
      if (dist == 0 || dist > o || len > cap - o) {
        return (size_t)-1;
      }
      for (size_t k = 0; k < len; k++, o++) {
        out[o] = out[o - dist]; /* byte by byte: a copy may overlap what it writes */
      }
    }
  }
  return o;
}

#endif
