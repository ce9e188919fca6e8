/* Placeholder bootstrap: replaced by the real Runtime API client. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--version") == 0) {
    puts("shell-lambda bootstrap 0 (placeholder)");
    return 0;
  }
  return 1;
}
