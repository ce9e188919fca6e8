/*
 * The static bootstrap's malloc. musl's own (mallocng) is about 7 KiB of the binary, more than
 * the bootstrap's HTTP client, for a program that allocates a handful of small blocks per
 * invocation (header values, the invocation script, error bodies) from one thread. Blocks of up
 * to 2032 bytes come from seven size classes (32 to 2048 bytes with the header), each with a free
 * list, carved from 64 KiB mappings; larger blocks are mappings of their own (mmap, mremap,
 * munmap). A 16-byte header before each block keeps blocks 16-byte aligned and records the class.
 *
 * Single-threaded, as the bootstrap is; the child between fork and exec allocates nothing.
 * Linked into the musl builds only: the sanitizer build keeps its checking allocator.
 * alloc_test.c exercises this one twice: with ASan+UBSan instrumenting its code (the functions
 * renamed, beside the host's malloc), and as the real malloc of a static musl program built
 * with the bootstrap's flags.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#ifdef SL_ALLOC_TEST /* alloc_test.c: beside the host's allocator, under other names */
#define malloc sl_malloc
#define free sl_free
#define realloc sl_realloc
#define calloc sl_calloc
#endif

#define MIN_SHIFT 5 /* the smallest class: 32 bytes, header included */
#define CLASSES 7   /* 32, 64, ..., 2048 */
#define LARGE CLASSES
#define CHUNK (64 * 1024)
#define PAGE 4096

struct hdr {
  size_t len; /* a large block: the length of its mapping */
  size_t cls; /* size class, or LARGE */
};
_Static_assert(sizeof(struct hdr) == 16, "blocks must stay 16-byte aligned");

static void *free_list[CLASSES];
static char *chunk_pos, *chunk_end;

static size_t class_usable(size_t cls) { return ((size_t)1 << (cls + MIN_SHIFT)) - sizeof(struct hdr); }

/* The mapping length for n usable bytes, 0 when it would overflow. */
static size_t large_len(size_t n) {
  if (n > SIZE_MAX - sizeof(struct hdr) - PAGE) {
    return 0;
  }
  return (n + sizeof(struct hdr) + PAGE - 1) & ~(size_t)(PAGE - 1);
}

static void *map(size_t len) {
  void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

void *malloc(size_t n) {
  size_t cls = 0;
  while (cls < CLASSES && class_usable(cls) < n) {
    cls++;
  }
  struct hdr *h;
  if (cls == LARGE) {
    size_t len = large_len(n);
    if (len == 0 || (h = map(len)) == NULL) {
      errno = ENOMEM;
      return NULL;
    }
    h->len = len;
  } else if (free_list[cls] != NULL) {
    h = free_list[cls];
    free_list[cls] = *(void **)(h + 1);
  } else {
    size_t size = (size_t)1 << (cls + MIN_SHIFT);
    if (chunk_pos == NULL || (size_t)(chunk_end - chunk_pos) < size) {
      char *c = map(CHUNK); /* what is left of the old chunk (under 2 KiB) stays unused */
      if (c == NULL) {
        errno = ENOMEM;
        return NULL;
      }
      chunk_pos = c;
      chunk_end = c + CHUNK;
    }
    h = (struct hdr *)(void *)chunk_pos;
    chunk_pos += size;
  }
  h->cls = cls;
  return h + 1;
}

void free(void *p) {
  if (p == NULL) {
    return;
  }
  struct hdr *h = (struct hdr *)p - 1;
  if (h->cls == LARGE) {
    (void)munmap(h, h->len);
    return;
  }
  *(void **)p = free_list[h->cls];
  free_list[h->cls] = h;
}

void *realloc(void *p, size_t n) {
  if (p == NULL) {
    return malloc(n);
  }
  struct hdr *h = (struct hdr *)p - 1;
  size_t have = h->cls == LARGE ? h->len - sizeof(struct hdr) : class_usable(h->cls);
  if (n <= have) {
    return p;
  }
  if (h->cls == LARGE) {
    size_t len = large_len(n);
    struct hdr *r = len == 0 ? MAP_FAILED : mremap(h, h->len, len, MREMAP_MAYMOVE);
    if (r == MAP_FAILED) {
      errno = ENOMEM;
      return NULL;
    }
    r->len = len;
    return r + 1;
  }
  void *q = malloc(n);
  if (q != NULL) {
    memcpy(q, p, have);
    free(p);
  }
  return q;
}

/* The Makefile builds with -fno-builtin-malloc: otherwise gcc may turn the malloc and memset
   below into a call to calloc, that is, to this very function. */
void *calloc(size_t count, size_t size) {
  if (size != 0 && count > SIZE_MAX / size) {
    errno = ENOMEM;
    return NULL;
  }
  void *p = malloc(count * size);
  if (p != NULL) {
    memset(p, 0, count * size); /* a block from a free list holds old bytes */
  }
  return p;
}

/* A tripwire: musl's own malloc (mallocng) defines this too, so a libc function that pulls it
   into the link (aligned_alloc, posix_memalign, ...), which would mix two allocators, fails the
   link with a duplicate definition instead. */
char __malloc_context;
