/* spectralnorm: C reference for bench/programs/spectralnorm.lua (same loop order, so the
 * norm printed with %.9f agrees). */
#include <math.h>
#include "harness.h"

static double A(long i, long j) {
  long ij = i + j - 1;
  return 1.0 / ((double)(ij * (ij - 1)) * 0.5 + (double)i);
}

static void Av(const double *x, double *y, long n) {
  for (long i = 1; i <= n; i++) {
    double a = 0.0;
    for (long j = 1; j <= n; j++) a = a + x[j] * A(i, j);
    y[i] = a;
  }
}

static void Atv(const double *x, double *y, long n) {
  for (long i = 1; i <= n; i++) {
    double a = 0.0;
    for (long j = 1; j <= n; j++) a = a + x[j] * A(j, i);
    y[i] = a;
  }
}

static void run(long n, char *checksum, size_t capacity) {
  double *u = malloc(sizeof(double) * (n + 1));
  double *v = malloc(sizeof(double) * (n + 1));
  double *t = malloc(sizeof(double) * (n + 1));
  if (!u || !v || !t) {
    snprintf(checksum, capacity, "out-of-memory");
    free(u), free(v), free(t);
    return;
  }
  for (long i = 1; i <= n; i++) u[i] = 1.0;
  for (int k = 0; k < 10; k++) {
    Av(u, t, n);
    Atv(t, v, n);
    Av(v, t, n);
    Atv(t, u, n);
  }
  double vBv = 0.0, vv = 0.0;
  for (long i = 1; i <= n; i++) {
    vBv = vBv + u[i] * v[i];
    vv = vv + v[i] * v[i];
  }
  snprintf(checksum, capacity, "%.9f", sqrt(vBv / vv));
  free(u), free(v), free(t);
}

BENCH_MAIN(800)
