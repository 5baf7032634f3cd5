/* The class's index in tinymlkit_classes; `probabilities` (not null) gets one per class. */
static int tinymlkit_predict(const double* x, double* probabilities) {
  tinymlkit_tree((int)tinymlkit_roots[0], x, probabilities);
  return tinymlkit_best_class(probabilities);
}
