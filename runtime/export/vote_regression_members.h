/* The estimate, in the label's units: the @ROUND_RULE@ of a federated round's client trees. */
static double tinymlkit_predict(const double* x) {
  double values[TINYMLKIT_TREES];
  int t;
  for (t = 0; t < TINYMLKIT_TREES; ++t) values[t] = @SHIFT@ + tinymlkit_tree((int)tinymlkit_roots[t], x);
  return tinymlkit_combine(values, TINYMLKIT_TREES);
}
