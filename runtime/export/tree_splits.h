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

@BEGIN numeric@

/* The leaf x reaches in the tree that starts at `root`. */
static int tinymlkit_leaf(int root, const double* x) {
  int node = root;
  while (node < TINYMLKIT_SPLITS)
    node = (int)(x[tinymlkit_split_feature[node]] <= tinymlkit_threshold[node] ? tinymlkit_below[node]
                                                                               : tinymlkit_above[node]);
  return node - TINYMLKIT_SPLITS;
}
@END@
@BEGIN nominal@

/* Nominal split n (branch_count[n] > 0): x goes to branch_to[k] if branch_category[k] (k from
 * branch_first[n]) is its category, else to missing[n]. */
static const tinymlkit_index tinymlkit_branch_first[TINYMLKIT_SPLITS + 1] = {
    @BRANCH_FIRST@};
static const tinymlkit_index tinymlkit_branch_count[TINYMLKIT_SPLITS + 1] = {
    @BRANCH_COUNT@};
static const tinymlkit_index tinymlkit_missing[TINYMLKIT_SPLITS + 1] = {
    @MISSING@};
static const double tinymlkit_branch_category[@BRANCH_SIZE@] = {
    @BRANCH_CATEGORIES@};
static const tinymlkit_index tinymlkit_branch_to[@BRANCH_SIZE@] = {
    @BRANCH_TO@};

/* The leaf x reaches in the tree that starts at `root`. */
static int tinymlkit_leaf(int root, const double* x) {
  int node = root, k, end;
  double value;
  while (node < TINYMLKIT_SPLITS) {
    value = x[tinymlkit_split_feature[node]];
    if (tinymlkit_branch_count[node] == 0) {
      node = (int)(value <= tinymlkit_threshold[node] ? tinymlkit_below[node] : tinymlkit_above[node]);
      continue;
    }
    end = (int)tinymlkit_branch_first[node] + (int)tinymlkit_branch_count[node];
    for (k = (int)tinymlkit_branch_first[node]; k < end && !(tinymlkit_branch_category[k] == value); ++k) {
    }
    node = (int)(k < end ? tinymlkit_branch_to[k] : tinymlkit_missing[node]);
  }
  return node - TINYMLKIT_SPLITS;
}
@END@
