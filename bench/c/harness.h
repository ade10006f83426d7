/* harness.h: the shared benchmark protocol for the C reference programs (see bench/README.md).
 *
 * A program defines `static void run(long size, char *checksum, size_t capacity)` writing its
 * checksum text, then `BENCH_MAIN(default_size)`. Usage is the same as the Lua programs:
 * `program [size] [iterations]`; with more than one iteration it prints
 * `iteration <i> <cpu seconds>` per iteration, then `checksum <text>` once. A checksum that
 * differs between iterations is printed as `inconsistent`, which the runner reports as WRONG.
 */
#ifndef TSUKIMI_BENCH_HARNESS_H
#define TSUKIMI_BENCH_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECKSUM_CAPACITY 256

#define BENCH_MAIN(default_size)                                                   \
  int main(int argc, char **argv) {                                                \
    long size = argc > 1 ? strtol(argv[1], NULL, 10) : (default_size);             \
    long iterations = argc > 2 ? strtol(argv[2], NULL, 10) : 1;                    \
    char checksum[CHECKSUM_CAPACITY] = "";                                         \
    char result[CHECKSUM_CAPACITY];                                                \
    for (long i = 1; i <= iterations; i++) {                                       \
      clock_t started = clock();                                                   \
      run(size, result, sizeof result);                                            \
      double elapsed = (double)(clock() - started) / CLOCKS_PER_SEC;               \
      if (iterations > 1) printf("iteration %ld %.6f\n", i, elapsed);              \
      if (i > 1 && strcmp(result, checksum) != 0) strcpy(result, "inconsistent");  \
      strcpy(checksum, result);                                                    \
    }                                                                              \
    printf("checksum %s\n", checksum);                                             \
    return 0;                                                                      \
  }

#endif
