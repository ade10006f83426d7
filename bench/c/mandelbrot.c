/* mandelbrot: C reference for bench/programs/mandelbrot.lua (same grid, same escape test,
 * exact integer checksum). */
#include "harness.h"

static void run(long n, char *checksum, size_t capacity) {
  long inside = 0, weighted = 0;
  const int max_iter = 50;
  for (long y = 0; y < n; y++) {
    double ci = 2.0 * (double)y / (double)n - 1.0;
    for (long x = 0; x < n; x++) {
      double cr = 2.0 * (double)x / (double)n - 1.5;
      double zr = 0.0, zi = 0.0, zr2 = 0.0, zi2 = 0.0;
      int escaped = 0;
      for (int k = 0; k < max_iter; k++) {
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        zr2 = zr * zr;
        zi2 = zi * zi;
        if (zr2 + zi2 > 4.0) {
          escaped = 1;
          break;
        }
      }
      if (!escaped) {
        inside++;
        weighted = (weighted + x * 7 + y * 13) % 1000000007;
      }
    }
  }
  snprintf(checksum, capacity, "%ld %ld", inside, weighted);
}

BENCH_MAIN(1200)
