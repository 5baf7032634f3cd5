#define TINYMLKIT_FORESTS @FOREST_COUNT@ /* more than 1: the client forests of a federated round */
#define TINYMLKIT_FOREST_TREES (TINYMLKIT_TREES / TINYMLKIT_FORESTS)

/* The estimate, in the label's units: each forest's trees' @FOREST_RULE@, then the forests'
 * @ROUND_RULE@ (a federated round's). */
static double tinymlkit_predict(const double* x) {
  double trees[TINYMLKIT_FOREST_TREES], forests[TINYMLKIT_FORESTS];
  int f, t;
  for (f = 0; f < TINYMLKIT_FORESTS; ++f) {
    for (t = 0; t < TINYMLKIT_FOREST_TREES; ++t)
      trees[t] = tinymlkit_tree((int)tinymlkit_roots[f * TINYMLKIT_FOREST_TREES + t], x);
@BEGIN forest_median@
    forests[f] = tinymlkit_median(trees, TINYMLKIT_FOREST_TREES);
@END@
@BEGIN forest_mean@
    forests[f] = 0.0;
    for (t = 0; t < TINYMLKIT_FOREST_TREES; ++t) forests[f] += trees[t];
    forests[f] /= TINYMLKIT_FOREST_TREES;
@END@
  }
@BEGIN round@
  if (TINYMLKIT_FORESTS > 1) return @SHIFT@ + tinymlkit_combine(forests, TINYMLKIT_FORESTS);
@END@
  return @SHIFT@ + forests[0];
}
