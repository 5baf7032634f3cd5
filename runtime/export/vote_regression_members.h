/* The estimate, in the label's units: the @ROUND_RULE@ of a federated round's client trees. */
static double tinymlkit_predict(const double* x) {
  double values[TINYMLKIT_TREES];
  int t;
  for (t = 0; t < TINYMLKIT_TREES; ++t) values[t] = @SHIFT@ + tinymlkit_tree((int)tinymlkit_roots[t], x);
@BEGIN round_median@
  return tinymlkit_median(values, TINYMLKIT_TREES);
@END@
@BEGIN round_mean@
  {
    double mean = 0.0;
    for (t = 0; t < TINYMLKIT_TREES; ++t) mean += values[t] / TINYMLKIT_TREES;
    return mean;
  }
@END@
}
