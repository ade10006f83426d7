/* nbody: C reference for bench/programs/nbody.lua; the same doubles in the same order of
 * operations, so the energies printed with %.9f agree exactly (build with
 * -ffp-contract=off: a fused multiply-add would change roundings). */
#include <math.h>
#include "harness.h"

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define NBODY 5

struct body { double x, y, z, vx, vy, vz, mass; };

static void make_bodies(struct body *b) {
  struct body init[NBODY] = {
    {0, 0, 0, 0, 0, 0, SOLAR_MASS},
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
     -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
     2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
     -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
     -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS},
  };
  memcpy(b, init, sizeof init);
}

static void offset_momentum(struct body *b) {
  double px = 0.0, py = 0.0, pz = 0.0;
  for (int i = 0; i < NBODY; i++) {
    px = px + b[i].vx * b[i].mass;
    py = py + b[i].vy * b[i].mass;
    pz = pz + b[i].vz * b[i].mass;
  }
  b[0].vx = -px / SOLAR_MASS;
  b[0].vy = -py / SOLAR_MASS;
  b[0].vz = -pz / SOLAR_MASS;
}

static void advance(struct body *b, double dt) {
  for (int i = 0; i < NBODY; i++) {
    struct body *bi = &b[i];
    double bix = bi->x, biy = bi->y, biz = bi->z, bimass = bi->mass;
    double bivx = bi->vx, bivy = bi->vy, bivz = bi->vz;
    for (int j = i + 1; j < NBODY; j++) {
      struct body *bj = &b[j];
      double dx = bix - bj->x, dy = biy - bj->y, dz = biz - bj->z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = sqrt(d2);
      mag = dt / (mag * d2);
      double bm = bj->mass * mag;
      bivx = bivx - (dx * bm);
      bivy = bivy - (dy * bm);
      bivz = bivz - (dz * bm);
      bm = bimass * mag;
      bj->vx = bj->vx + (dx * bm);
      bj->vy = bj->vy + (dy * bm);
      bj->vz = bj->vz + (dz * bm);
    }
    bi->vx = bivx;
    bi->vy = bivy;
    bi->vz = bivz;
    bi->x = bix + dt * bivx;
    bi->y = biy + dt * bivy;
    bi->z = biz + dt * bivz;
  }
}

static double energy(const struct body *b) {
  double e = 0.0;
  for (int i = 0; i < NBODY; i++) {
    const struct body *bi = &b[i];
    double vx = bi->vx, vy = bi->vy, vz = bi->vz, bim = bi->mass;
    e = e + (0.5 * bim * (vx * vx + vy * vy + vz * vz));
    for (int j = i + 1; j < NBODY; j++) {
      const struct body *bj = &b[j];
      double dx = bi->x - bj->x, dy = bi->y - bj->y, dz = bi->z - bj->z;
      double distance = sqrt(dx * dx + dy * dy + dz * dz);
      e = e - ((bim * bj->mass) / distance);
    }
  }
  return e;
}

static void run(long steps, char *checksum, size_t capacity) {
  struct body bodies[NBODY];
  make_bodies(bodies);
  offset_momentum(bodies);
  double before = energy(bodies);
  for (long i = 0; i < steps; i++) advance(bodies, 0.01);
  snprintf(checksum, capacity, "%.9f %.9f", before, energy(bodies));
}

BENCH_MAIN(500000)
