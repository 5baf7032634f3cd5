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
@BEGIN median@

/* The median of n values, which it sorts: halfway between the middle two for an even n. */
static double tinymlkit_median(double* values, int n) {
  double value;
  int i, k;
  for (i = 1; i < n; ++i) { /* insertion sort */
    value = values[i];
    for (k = i; k > 0 && values[k - 1] > value; --k) values[k] = values[k - 1];
    values[k] = value;
  }
  if (n % 2 == 1) return values[n / 2];
  return values[n / 2 - 1] + (values[n / 2] - values[n / 2 - 1]) / 2;
}
@END@

@VOTE@
#endif /* TINYMLKIT_MODEL_H */
