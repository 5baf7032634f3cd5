#define TINYMLKIT_AVERAGE_MEMBERS @AVERAGE@ /* 1: the trees average their probabilities; 0: vote */

/* The class's index in tinymlkit_classes; `probabilities` (not null) gets one per class. The
 * client trees of a federated round vote (or average), and a tree that finds all classes alike
 * abstains. */
static int tinymlkit_predict(const double* x, double* probabilities) {
  double tree[TINYMLKIT_CLASSES];
  int t, c, alike;
  for (c = 0; c < TINYMLKIT_CLASSES; ++c) probabilities[c] = 0.0;
  for (t = 0; t < TINYMLKIT_TREES; ++t) {
    tinymlkit_tree((int)tinymlkit_roots[t], x, tree);
    alike = 1;
    for (c = 0; c < TINYMLKIT_CLASSES; ++c)
      if (!(tree[c] == tree[0])) alike = 0;
    if (alike) continue;
    if (TINYMLKIT_AVERAGE_MEMBERS) {
      for (c = 0; c < TINYMLKIT_CLASSES; ++c) probabilities[c] += tree[c];
    } else {
      probabilities[tinymlkit_best_class(tree)] += 1.0;
    }
  }
  for (c = 0; c < TINYMLKIT_CLASSES; ++c) probabilities[c] /= TINYMLKIT_TREES;
  return tinymlkit_best_class(probabilities);
}
