#define TINYMLKIT_SPLITS @SPLIT_COUNT@
#define TINYMLKIT_TREES @TREE_COUNT@

typedef @INDEX_TYPE@ tinymlkit_index; /* holds every index below */

/* Tree t starts at roots[t]. Split n sends x to below[n] if x[split_feature[n]] <= threshold[n],
 * else to above[n]: split d for d < TINYMLKIT_SPLITS, else leaf d - TINYMLKIT_SPLITS. (Arrays
 * have an unused last entry.) */
static const tinymlkit_index tinymlkit_roots[TINYMLKIT_TREES] = {
    @ROOTS@};
static const tinymlkit_index tinymlkit_split_feature[TINYMLKIT_SPLITS + 1] = {
    @SPLIT_FEATURES@};
static const double tinymlkit_threshold[TINYMLKIT_SPLITS + 1] = {
    @THRESHOLDS@};
static const tinymlkit_index tinymlkit_below[TINYMLKIT_SPLITS + 1] = {
    @BELOW@};
static const tinymlkit_index tinymlkit_above[TINYMLKIT_SPLITS + 1] = {
    @ABOVE@};

/* The leaf x reaches in the tree that starts at `root`. */
static int tinymlkit_leaf(int root, const double* x) {
  int node = root;
  while (node < TINYMLKIT_SPLITS)
    node = (int)(x[tinymlkit_split_feature[node]] <= tinymlkit_threshold[node] ? tinymlkit_below[node]
                                                                               : tinymlkit_above[node]);
  return node - TINYMLKIT_SPLITS;
}
