/*
 * libFuzzer target for the HTTP response parser (head + chunked decoder), and, built with
 * -DSL_REPLAY, a plain main() that replays corpus files through the same entry point (the gcc
 * ASan+UBSan build runs it over src/test/fuzz/http_parse in the test suite). Not part of the
 * bootstrap: the Makefile leaves fuzz_*.c out of it.
 *
 * Input layout: byte 0 picks the piece size the body is fed in (1..256), the rest is a response.
 * Checked properties besides memory safety: decoded bytes never outnumber input bytes, and
 * feeding in pieces decodes exactly what feeding all at once does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"

struct count {
  size_t bytes;
  unsigned long hash;
};

static int counting_sink(void *ctx, const char *data, size_t len) {
  struct count *c = ctx;
  c->bytes += len;
  for (size_t i = 0; i < len; i++) {
    c->hash = c->hash * 31 + (unsigned char)data[i];
  }
  return 0;
}

/* Decodes body as chunked, piece bytes at a time; returns the final result. */
static enum chunked_result decode(const char *body, size_t len, size_t piece, struct count *out) {
  struct chunked ch = {0, 0};
  enum chunked_result r = CHUNKED_MORE;
  size_t off = 0;
  while (off < len && r == CHUNKED_MORE) {
    size_t n = len - off < piece ? len - off : piece;
    size_t used = 0;
    r = chunked_feed(&ch, body + off, n, &used, counting_sink, out);
    if (used > n) {
      abort();
    }
    off += used;
    if (r == CHUNKED_MORE && used != n) {
      abort(); /* MORE means the decoder took everything it was given */
    }
  }
  return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) {
    return 0;
  }
  size_t piece = (size_t)data[0] + 1;
  /* copy into an exact-size heap buffer so ASan sees every overread */
  char *buf = malloc(size - 1 ? size - 1 : 1);
  if (buf == NULL) {
    return 0;
  }
  memcpy(buf, data + 1, size - 1);
  size_t len = size - 1;

  size_t head = http_head_length(buf, len);
  if (head > len) {
    abort();
  }
  const char *body = buf;
  size_t body_len = len;
  if (head > 0) {
    struct http_head h;
    const char *why = NULL;
    if (http_parse_head(buf, head, &h, &why) == 0) {
      if (h.status < 100 || h.status > 999 || (h.chunked && h.content_length != HTTP_NO_LENGTH)) {
        abort();
      }
      http_head_free(&h);
    } else if (why == NULL) {
      abort(); /* a refusal always says why */
    }
    body = buf + head;
    body_len = len - head;
  }
  struct count whole = {0, 0}, pieces = {0, 0};
  enum chunked_result a = decode(body, body_len, body_len ? body_len : 1, &whole);
  enum chunked_result b = decode(body, body_len, piece, &pieces);
  if (whole.bytes > body_len || a != b || whole.bytes != pieces.bytes || whole.hash != pieces.hash) {
    abort();
  }
  free(buf);
  return 0;
}

#ifdef SL_REPLAY
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return -1;
  }
  size_t cap = 4096, len = 0;
  uint8_t *data = malloc(cap);
  size_t n;
  while (data != NULL && (n = fread(data + len, 1, cap - len, f)) > 0) {
    len += n;
    if (len == cap) {
      uint8_t *d = realloc(data, cap * 2);
      if (d == NULL) {
        free(data);
        data = NULL;
        break;
      }
      data = d;
      cap *= 2;
    }
  }
  int err = ferror(f);
  fclose(f);
  if (data == NULL || err) {
    fprintf(stderr, "cannot read %s\n", path);
    free(data);
    return -1;
  }
  LLVMFuzzerTestOneInput(data, len);
  free(data);
  return 0;
}

int main(int argc, char **argv) {
  int files = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) < 0) {
      perror(argv[i]);
      return 2;
    }
    if (!S_ISDIR(st.st_mode)) {
      if (replay_file(argv[i]) < 0) {
        return 2;
      }
      files++;
      continue;
    }
    DIR *d = opendir(argv[i]);
    if (d == NULL) {
      perror(argv[i]);
      return 2;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.') {
        continue;
      }
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
      if (replay_file(path) < 0) {
        closedir(d);
        return 2;
      }
      files++;
    }
    closedir(d);
  }
  printf("replayed %d inputs\n", files);
  return files > 0 ? 0 : 3;
}
#endif
