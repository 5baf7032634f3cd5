@PREAMBLE@
#define TINYMLKIT_FEATURES @FEATURES@
@SPLITS@

/* The linear leaves' input: z[0] = 1, z[i + 1] = (x[i] - mean[i]) / scale[i] (0 where scale is 0). */
static const double tinymlkit_feature_mean[TINYMLKIT_FEATURES + 1] = {
    @FEATURE_MEANS@};
static const double tinymlkit_feature_scale[TINYMLKIT_FEATURES + 1] = {
    @FEATURE_SCALES@};

/* Leaf k predicts leaf_mean[k], or with leaf_weight_count[k] > 0 the linear model
 * weights[leaf_first[k] ...] times z. */
static const double tinymlkit_leaf_mean[@LEAF_COUNT@] = {
    @LEAF_MEANS@};
static const tinymlkit_index tinymlkit_leaf_first[@LEAF_COUNT@] = {
    @LEAF_FIRST@};
static const tinymlkit_index tinymlkit_leaf_weight_count[@LEAF_COUNT@] = {
    @LEAF_WEIGHT_COUNTS@};
static const double tinymlkit_weights[@WEIGHT_SIZE@] = {
    @WEIGHTS@};

/* The tree that starts at `root`, in the label's units less the model's shift. */
static double tinymlkit_tree(int root, const double* x) {
  const int leaf = tinymlkit_leaf(root, x);
  const int first = (int)tinymlkit_leaf_first[leaf], count = (int)tinymlkit_leaf_weight_count[leaf];
  double sum = 0.0, z;
  int j;
  if (count == 0) return tinymlkit_leaf_mean[leaf];
  for (j = 0; j < count; ++j) {
    z = j == 0 ? 1.0 : 0.0;
    if (j > 0 && tinymlkit_feature_scale[j - 1] > 0.0)
      z = (x[j - 1] - tinymlkit_feature_mean[j - 1]) / tinymlkit_feature_scale[j - 1];
    sum += tinymlkit_weights[first + j] * z;
  }
  return sum;
}
@BEGIN tree@

/* The estimate, in the label's units. */
static double tinymlkit_predict(const double* x) { return @SHIFT@ + tinymlkit_tree((int)tinymlkit_roots[0], x); }
@END@
@BEGIN mean@

/* The estimate, in the label's units: the mean of the forest's trees. */
static double tinymlkit_predict(const double* x) {
  double sum = 0.0;
  int t;
  for (t = 0; t < TINYMLKIT_TREES; ++t) sum += tinymlkit_tree((int)tinymlkit_roots[t], x);
  return @SHIFT@ + sum / TINYMLKIT_TREES;
}
@END@
@BEGIN median@

/* The estimate, in the label's units: the median of the forest's trees (halfway between the
 * middle two for an even count). */
static double tinymlkit_predict(const double* x) {
  double values[TINYMLKIT_TREES], value;
  int t, k;
  for (t = 0; t < TINYMLKIT_TREES; ++t) { /* insertion sort */
    value = tinymlkit_tree((int)tinymlkit_roots[t], x);
    for (k = t; k > 0 && values[k - 1] > value; --k) values[k] = values[k - 1];
    values[k] = value;
  }
  if (TINYMLKIT_TREES % 2 == 1) return @SHIFT@ + values[TINYMLKIT_TREES / 2];
  return @SHIFT@ + (values[TINYMLKIT_TREES / 2 - 1] + (values[TINYMLKIT_TREES / 2] - values[TINYMLKIT_TREES / 2 - 1]) / 2);
}
@END@

#endif /* TINYMLKIT_MODEL_H */
