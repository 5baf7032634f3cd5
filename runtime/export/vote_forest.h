#define TINYMLKIT_FORESTS @FOREST_COUNT@ /* more than 1: the client forests of a federated round */
#define TINYMLKIT_AVERAGE_FORESTS @AVERAGE@ /* 1: forests average their probabilities; 0: vote */
/* A tree's weight in its forest's vote: its accuracy (River's weighted vote), or 1. */
static const double tinymlkit_tree_weight[TINYMLKIT_TREES] = {
    @TREE_WEIGHTS@};

/* The class's index in tinymlkit_classes; `probabilities` (not null) gets one per class. Each
 * forest's trees add their weighted probabilities, normalized; then the forests vote. */
static int tinymlkit_predict(const double* x, double* probabilities) {
  double tree[TINYMLKIT_CLASSES], forest[TINYMLKIT_CLASSES], total;
  int t, c;
  for (c = 0; c < TINYMLKIT_CLASSES; ++c) probabilities[c] = forest[c] = 0.0;
  for (t = 0; t < TINYMLKIT_TREES; ++t) {
    tinymlkit_tree((int)tinymlkit_roots[t], x, tree);
    for (c = 0; c < TINYMLKIT_CLASSES; ++c) forest[c] += tinymlkit_tree_weight[t] * tree[c];
    if ((t + 1) % (TINYMLKIT_TREES / TINYMLKIT_FORESTS) != 0) continue;
    total = 0.0;
    for (c = 0; c < TINYMLKIT_CLASSES; ++c) total += forest[c];
    for (c = 0; c < TINYMLKIT_CLASSES; ++c) forest[c] = total > 0.0 ? forest[c] / total : 1.0 / TINYMLKIT_CLASSES;
    if (TINYMLKIT_FORESTS == 1 || TINYMLKIT_AVERAGE_FORESTS) {
      for (c = 0; c < TINYMLKIT_CLASSES; ++c) probabilities[c] += forest[c];
    } else {
      probabilities[tinymlkit_best_class(forest)] += 1.0;
    }
    for (c = 0; c < TINYMLKIT_CLASSES; ++c) forest[c] = 0.0;
  }
  for (c = 0; c < TINYMLKIT_CLASSES; ++c) probabilities[c] /= TINYMLKIT_FORESTS;
  return tinymlkit_best_class(probabilities);
}
