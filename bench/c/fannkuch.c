/* fannkuch: C reference for bench/programs/fannkuch.lua (fannkuch-redux, same permutation
 * order, so the alternating checksum and the maximum flip count agree). */
#include "harness.h"

#define MAX_N 16

static void run(long n, char *checksum_text, size_t capacity) {
  int perm[MAX_N], perm1[MAX_N + 1], count[MAX_N + 1];
  if (n < 1 || n > MAX_N) {
    snprintf(checksum_text, capacity, "size-out-of-range");
    return;
  }
  for (int i = 0; i < n; i++) perm1[i] = i;
  long maxflips = 0, checksum = 0, permcount = 0;
  long r = n;
  for (;;) {
    while (r != 1) {
      count[r - 1] = (int)r;
      r--;
    }
    for (int i = 0; i < n; i++) perm[i] = perm1[i];
    long flips = 0;
    int k = perm[0];
    while (k != 0) {
      int i = 0, j = k;
      while (i < j) {
        int tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
        i++;
        j--;
      }
      flips++;
      k = perm[0];
    }
    if (flips > maxflips) maxflips = flips;
    checksum += permcount % 2 == 0 ? flips : -flips;
    for (;;) {
      if (r == n) {
        snprintf(checksum_text, capacity, "%ld %ld", checksum, maxflips);
        return;
      }
      int perm0 = perm1[0];
      for (int i = 0; i < r; i++) perm1[i] = perm1[i + 1];
      perm1[r] = perm0;
      count[r]--;
      if (count[r] > 0) break;
      r++;
    }
    permcount++;
  }
}

BENCH_MAIN(10)
