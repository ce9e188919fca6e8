/*
 * A randomised check of alloc.c, run by AllocatorTest in two builds from `make sanitize`:
 * alloc_test (-DSL_ALLOC_TEST: alloc.c's functions renamed sl_malloc, ..., beside the host's
 * malloc, with ASan+UBSan instrumenting alloc.c's code) and alloc_test_musl (static musl with the
 * bootstrap's own flags: alloc.c is the program's malloc, called by its real names, as in the
 * bootstrap). Live blocks keep the bytes written to them (so no two overlap: the blocks come from
 * alloc.c's own mappings, which ASan does not track, so the byte patterns are what detects an
 * overlap), realloc keeps the old contents, calloc zeroes, every block is 16-byte aligned, and
 * impossible sizes fail with ENOMEM. Exit status 0 and "allocator: N operations" on success.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef SL_ALLOC_TEST
void *sl_malloc(size_t n);
void sl_free(void *p);
void *sl_realloc(void *p, size_t n);
void *sl_calloc(size_t count, size_t size);
#else
#define sl_malloc malloc
#define sl_free free
#define sl_realloc realloc
#define sl_calloc calloc
#endif

#define SLOTS 512

static unsigned long long rng = 88172645463325252ULL;
static unsigned long long next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static unsigned char *blk[SLOTS];
static size_t len[SLOTS];
static unsigned char tag[SLOTS];

static void fail(const char *what, int slot) {
  fprintf(stderr, "allocator: %s (slot %d, %zu bytes)\n", what, slot, len[slot]);
  exit(1);
}

static void fill(int i) {
  for (size_t k = 0; k < len[i]; k++) {
    blk[i][k] = (unsigned char)(tag[i] + k * 7);
  }
}

static void check(int i, size_t upto) {
  for (size_t k = 0; k < upto; k++) {
    if (blk[i][k] != (unsigned char)(tag[i] + k * 7)) {
      fail("a live block lost its bytes", i);
    }
  }
}

static size_t size(void) {
  unsigned long long r = next() % 100;
  if (r < 60) {
    return next() % 64; /* header values */
  }
  if (r < 95) {
    return next() % 4096; /* scripts, error bodies: every small class and the first large ones */
  }
  return next() % (300 * 1024); /* a large error message */
}

int main(void) {
  const int ops = 200000;
  for (int op = 0; op < ops; op++) {
    int i = (int)(next() % SLOTS);
    if (blk[i] != NULL) {
      check(i, len[i]);
    }
    switch (next() % 4) {
      case 0: /* free */
        sl_free(blk[i]);
        blk[i] = NULL;
        len[i] = 0;
        break;
      case 1: { /* realloc: the old bytes stay */
        size_t n = size();
        unsigned char *p = sl_realloc(blk[i], n);
        if (p == NULL) {
          fail("realloc failed", i);
        }
        size_t keep = n < len[i] ? n : len[i];
        blk[i] = p;
        check(i, keep);
        len[i] = n;
        fill(i);
        break;
      }
      case 2: { /* calloc: zeroed, even when the block comes back from a free list */
        sl_free(blk[i]);
        size_t n = size();
        blk[i] = sl_calloc(1, n);
        len[i] = n;
        if (blk[i] == NULL) {
          fail("calloc failed", i);
        }
        for (size_t k = 0; k < n; k++) {
          if (blk[i][k] != 0) {
            fail("calloc left old bytes", i);
          }
        }
        tag[i] = (unsigned char)next();
        fill(i);
        break;
      }
      default: /* malloc */
        sl_free(blk[i]);
        len[i] = size();
        blk[i] = sl_malloc(len[i]);
        if (blk[i] == NULL) {
          fail("malloc failed", i);
        }
        tag[i] = (unsigned char)next();
        fill(i);
    }
    if (blk[i] != NULL && ((uintptr_t)blk[i] & 15) != 0) {
      fail("a block is not 16-byte aligned", i);
    }
  }
  for (int i = 0; i < SLOTS; i++) {
    if (blk[i] != NULL) {
      check(i, len[i]);
    }
    sl_free(blk[i]);
  }
  volatile size_t huge = SIZE_MAX - 8, half = SIZE_MAX / 2; /* hidden from the compiler's size checks */
  errno = 0;
  if (sl_malloc(huge) != NULL || errno != ENOMEM) {
    fprintf(stderr, "allocator: an impossible size did not fail with ENOMEM\n");
    return 1;
  }
  errno = 0;
  if (sl_calloc(half, 3) != NULL || errno != ENOMEM) {
    fprintf(stderr, "allocator: an overflowing calloc did not fail with ENOMEM\n");
    return 1;
  }
  printf("allocator: %d operations\n", ops);
  return 0;
}
