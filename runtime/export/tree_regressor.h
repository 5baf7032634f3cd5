@PREAMBLE@
#define TINYMLKIT_FEATURES @FEATURES@
@SPLITS@

/* The linear leaves' input: z[0] = 1, z[i + 1] = (x[i] - mean[i]) / scale[i] (0 where scale is 0). */
static const double tinymlkit_feature_mean[TINYMLKIT_FEATURES + 1] = {
    @FEATURE_MEANS@};
static const double tinymlkit_feature_scale[TINYMLKIT_FEATURES + 1] = {
    @FEATURE_SCALES@};

/* Leaf k predicts leaf_mean[k], or with leaf_weight_count[k] > 0 the linear model
 * weights[leaf_first[k] ...] times the inputs weight_input[...] of z: its bias, then the
 * features it lists, in index order. */
static const double tinymlkit_leaf_mean[@LEAF_COUNT@] = {
    @LEAF_MEANS@};
static const tinymlkit_index tinymlkit_leaf_first[@LEAF_COUNT@] = {
    @LEAF_FIRST@};
static const tinymlkit_index tinymlkit_leaf_weight_count[@LEAF_COUNT@] = {
    @LEAF_WEIGHT_COUNTS@};
static const double tinymlkit_weights[@WEIGHT_SIZE@] = {
    @WEIGHTS@};
static const tinymlkit_index tinymlkit_weight_input[@WEIGHT_SIZE@] = {
    @WEIGHT_INPUTS@};

/* The tree that starts at `root`, in the label's units less the model's shift. */
static double tinymlkit_tree(int root, const double* x) {
  const int leaf = tinymlkit_leaf(root, x);
  const int first = (int)tinymlkit_leaf_first[leaf], count = (int)tinymlkit_leaf_weight_count[leaf];
  double sum = 0.0, z;
  int j, i;
  if (count == 0) return tinymlkit_leaf_mean[leaf];
  for (j = 0; j < count; ++j) {
    i = (int)tinymlkit_weight_input[first + j];
    z = i == 0 ? 1.0 : 0.0;
    if (i > 0 && tinymlkit_feature_scale[i - 1] > 0.0)
      z = (x[i - 1] - tinymlkit_feature_mean[i - 1]) / tinymlkit_feature_scale[i - 1];
    sum += tinymlkit_weights[first + j] * z;
  }
  return sum;
}
@BEGIN median@

/* Sorts n values in place (insertion sort: n is a forest's trees or a round's clients). */
static void tinymlkit_sort(double* values, int n) {
  double value;
  int i, k;
  for (i = 1; i < n; ++i) {
    value = values[i];
    for (k = i; k > 0 && values[k - 1] > value; --k) values[k] = values[k - 1];
    values[k] = value;
  }
}

/* The median of n values, which it sorts: halfway between the middle two for an even n. */
static double tinymlkit_median(double* values, int n) {
  tinymlkit_sort(values, n);
  if (n % 2 == 1) return values[n / 2];
  return values[n / 2 - 1] + (values[n / 2] - values[n / 2 - 1]) / 2;
}
@END@
@BEGIN round@

#define TINYMLKIT_ROUND_CLIENTS @ROUND_CLIENTS@   /* the round's client trees or forests */
#define TINYMLKIT_ROUND_BYZANTINE @ROUND_BYZANTINE@ /* its F (--byzantine) */
@ROUND_RULE_C@
/* The round's rule over the clients' n values (aggregate.cpp, one coordinate), which it may
 * reorder; the median where a value is not finite, as the program falls back. */
static double tinymlkit_combine(double* values, int n) {
  int i;
  for (i = 0; i < n; ++i)
    if (!(values[i] - values[i] == 0.0)) return tinymlkit_median(values, n);
  return tinymlkit_round(values, n);
}
@END@

@VOTE@
#endif /* TINYMLKIT_MODEL_H */
