@BEGIN distance@

/* sqrt((a - b)^2), as the program's distances are, without libm: the square root of a double's
 * square is its magnitude, unless the square overflows or falls below the normal doubles (below
 * 2^-511 apart, where the program's value can differ in its last bits). */
static double tinymlkit_distance(double a, double b) {
  const double d = a - b;
  if (d * d - d * d != 0.0) return d * d; /* the square overflowed: infinity */
  return d < 0.0 ? -d : d;
}
@END@
@BEGIN median@

/* The median of the clients' values. */
static double tinymlkit_round(double* values, int n) { return tinymlkit_median(values, n); }
@END@
@BEGIN mean@

/* The mean of the clients' values, each divided first (sums of them could overflow). */
static double tinymlkit_round(double* values, int n) {
  double mean = 0.0;
  int i;
  for (i = 0; i < n; ++i) mean += values[i] / n;
  return mean;
}
@END@
@BEGIN trimmed_mean@

/* The mean of the values left once the F lowest and the F highest are dropped. */
static double tinymlkit_round(double* values, int n) {
  const double kept = (double)(n - 2 * TINYMLKIT_ROUND_BYZANTINE);
  double mean = 0.0;
  int i;
  tinymlkit_sort(values, n);
  for (i = TINYMLKIT_ROUND_BYZANTINE; i < n - TINYMLKIT_ROUND_BYZANTINE; ++i) mean += values[i] / kept;
  return mean;
}
@END@
@BEGIN mean_around_median@

/* The mean of the n - F values closest to the median (ties to the lower client), summed in
 * client order. */
static double tinymlkit_round(double* values, int n) {
  const int keep = n - TINYMLKIT_ROUND_BYZANTINE;
  double sorted[TINYMLKIT_ROUND_CLIENTS], distance[TINYMLKIT_ROUND_CLIENTS], median, mean = 0.0;
  int i, j, closer;
  for (i = 0; i < n; ++i) sorted[i] = values[i];
  median = tinymlkit_median(sorted, n);
  for (i = 0; i < n; ++i) distance[i] = values[i] < median ? median - values[i] : values[i] - median;
  for (i = 0; i < n; ++i) {
    closer = 0; /* clients before i in (distance, client) order */
    for (j = 0; j < n; ++j)
      if (distance[j] < distance[i] || (distance[j] == distance[i] && j < i)) ++closer;
    if (closer < keep) mean += values[i] / (double)keep;
  }
  return mean;
}
@END@
@BEGIN krum@

/* The client whose summed squared distance to its n - F - 2 nearest others (at least one) is
 * smallest; ties to the lower client. */
static double tinymlkit_round(double* values, int n) {
  const int f = TINYMLKIT_ROUND_BYZANTINE;
  const int neighbours = n >= f + 2 && n - f - 2 > 1 ? n - f - 2 : 1;
  double distances[TINYMLKIT_ROUND_CLIENTS], d, score, best_score = 0.0;
  int i, j, others, count, best = 0;
  for (i = 0; i < n; ++i) {
    others = 0;
    for (j = 0; j < n; ++j) {
      if (j == i) continue;
      d = values[i] - values[j];
      distances[others++] = d * d;
    }
    count = neighbours < others ? neighbours : others;
    tinymlkit_sort(distances, others);
    score = 0.0;
    for (j = 0; j < count; ++j) score += distances[j];
    if (i == 0 || score < best_score) {
      best = i;
      best_score = score;
    }
  }
  return values[best];
}
@END@
@BEGIN centered_clip@

/* Centered clipping from the median, @CLIPPING_STEPS@ steps: each client's pull on v clipped to
 * the median distance. */
static double tinymlkit_round(double* values, int n) {
  double distance[TINYMLKIT_ROUND_CLIENTS], scratch[TINYMLKIT_ROUND_CLIENTS], v, tau, step, weight;
  int i, iteration;
  for (i = 0; i < n; ++i) scratch[i] = values[i];
  v = tinymlkit_median(scratch, n);
  for (iteration = 0; iteration < @CLIPPING_STEPS@; ++iteration) {
    for (i = 0; i < n; ++i) distance[i] = scratch[i] = tinymlkit_distance(values[i], v);
    tau = tinymlkit_median(scratch, n);
    if (!(tau > 0.0)) break; /* half the clients or more are on v already */
    step = 0.0;
    for (i = 0; i < n; ++i) {
      if (!(distance[i] > 0.0)) continue;
      weight = tau / distance[i];
      step += (values[i] - v) * ((weight < 1.0 ? weight : 1.0) / n);
    }
    v += step;
  }
  return v;
}
@END@
@BEGIN geomedian@

/* The geometric median by Weiszfeld's iteration from the median, with the program's floor on
 * distances, tolerance and @WEISZFELD_STEPS@ steps at most. */
static double tinymlkit_round(double* values, int n) {
  double scratch[TINYMLKIT_ROUND_CLIENTS], beta[TINYMLKIT_ROUND_CLIENTS], z, next, spread, nu, tolerance, largest,
      total, weight, d;
  int i, iteration;
  for (i = 0; i < n; ++i) scratch[i] = values[i];
  z = tinymlkit_median(scratch, n);
  for (i = 0; i < n; ++i) scratch[i] = tinymlkit_distance(values[i], z);
  spread = tinymlkit_median(scratch, n);
  if (!(spread > 0.0)) return z; /* half the clients or more on the median */
  nu = @WEISZFELD_NU@ * spread;
  tolerance = @WEISZFELD_TOLERANCE@ * spread;
  for (iteration = 0; iteration < @WEISZFELD_STEPS@; ++iteration) {
    largest = 0.0;
    for (i = 0; i < n; ++i) {
      d = tinymlkit_distance(z, values[i]);
      beta[i] = 1.0 / (nu < d ? d : nu);
      if (i == 0 || beta[i] > largest) largest = beta[i];
    }
    total = 0.0;
    next = 0.0;
    for (i = 0; i < n; ++i) {
      weight = largest > 0.0 ? beta[i] / largest : 0.0;
      total += weight;
      next += weight * values[i];
    }
    if (!(total > 0.0) || !(next - next == 0.0)) break;
    next /= total;
    d = tinymlkit_distance(z, next);
    z = next;
    if (d <= tolerance) break;
  }
  return z;
}
@END@
