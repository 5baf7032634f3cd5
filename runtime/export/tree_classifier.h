/* @PROGRAM@ model exported by @WRITER@ (--export-c): the trained Hoeffding tree as constants and
 * one prediction function, in C99 with no heap, no stdio and no libm, for microcontrollers.
 *
 *   x: TINYMLKIT_FEATURES doubles, x[i] the value of feature index i (0 where absent).
 *
 * Predictions equal the program's bit for bit when doubles follow IEEE 754 with
 * round-to-nearest and the compiler does not fuse a multiply and an add (gcc -std=c99 does not;
 * otherwise give -ffp-contract=off).
 */
#ifndef TINYMLKIT_MODEL_H
#define TINYMLKIT_MODEL_H

#define TINYMLKIT_FEATURES @FEATURES@
#define TINYMLKIT_CLASSES @CLASS_COUNT@
#define TINYMLKIT_SPLITS @SPLIT_COUNT@

typedef @INDEX_TYPE@ tinymlkit_index; /* holds every index below */

static const char* const tinymlkit_classes[TINYMLKIT_CLASSES] = {@CLASS_NAMES@};
/* Ties between classes go to the lower rank: the label that sorts first. */
static const tinymlkit_index tinymlkit_class_rank[TINYMLKIT_CLASSES] = {@CLASS_RANKS@};

/* Split n sends x to below[n] if x[split_feature[n]] <= threshold[n], else to above[n]: split d
 * for d < TINYMLKIT_SPLITS, else leaf d - TINYMLKIT_SPLITS. (Arrays have an unused last entry.) */
static const tinymlkit_index tinymlkit_root = @ROOT@;
static const tinymlkit_index tinymlkit_split_feature[TINYMLKIT_SPLITS + 1] = {
    @SPLIT_FEATURES@};
static const double tinymlkit_threshold[TINYMLKIT_SPLITS + 1] = {
    @THRESHOLDS@};
static const tinymlkit_index tinymlkit_below[TINYMLKIT_SPLITS + 1] = {
    @BELOW@};
static const tinymlkit_index tinymlkit_above[TINYMLKIT_SPLITS + 1] = {
    @ABOVE@};

/* Leaf k: naive Bayes over leaf_voters[k] voters from leaf_first[k], or with no voters the fixed
 * probabilities at distribution[leaf_first[k]] (class weights, or priors alone). */
static const tinymlkit_index tinymlkit_leaf_first[@LEAF_COUNT@] = {
    @LEAF_FIRST@};
static const tinymlkit_index tinymlkit_leaf_voters[@LEAF_COUNT@] = {
    @LEAF_VOTERS@};
static const double tinymlkit_distribution[@DISTRIBUTION_SIZE@] = {
    @DISTRIBUTION@};

/* Voter v: a class with a vote at its leaf (the others have none), its log prior, and the
 * Gaussians of the features it met there, voter_first[v] to voter_first[v + 1] - 1. */
static const tinymlkit_index tinymlkit_voter_class[@VOTER_SIZE@] = {
    @VOTER_CLASSES@};
static const double tinymlkit_voter_prior[@VOTER_SIZE@] = {
    @VOTER_PRIORS@};
static const tinymlkit_index tinymlkit_voter_first[@VOTER_SIZE@ + 1] = {
    @VOTER_FIRST@};
static const tinymlkit_index tinymlkit_gaussian_feature[@GAUSSIAN_SIZE@] = {
    @GAUSSIAN_FEATURES@};
static const double tinymlkit_gaussian_mean[@GAUSSIAN_SIZE@] = {
    @GAUSSIAN_MEANS@};
static const double tinymlkit_gaussian_variance[@GAUSSIAN_SIZE@] = {
    @GAUSSIAN_VARIANCES@};
/* Naive Bayes' variance smoothing, added to every Gaussian of the feature. */
static const double tinymlkit_smoothing[TINYMLKIT_FEATURES + 1] = {
    @SMOOTHING@};

@MATH@
/* -2 log N(x; mean, variance + s) / N(0; 0, s) summed as the program does (class_leaf.cpp): a
 * product of ratios (mantissa * 2^exponent) and a sum of squares. */
struct tinymlkit_evidence {
  double mantissa;
  int exponent;
  double squares;
  int impossible;
};

static void tinymlkit_add(struct tinymlkit_evidence* e, double x, double mean, double variance, double s) {
  const double spread = variance + s;
  double d, ratio;
  int power;
  if (!(spread > 0.0)) { /* no spread: density 1 at the mean, 0 elsewhere */
    if (x != mean) e->impossible = 1;
    return;
  }
  d = x - mean;
  e->squares += d * d / spread;
  ratio = s > 0.0 ? spread / s : 2.0 * 3.141592653589793 * spread;
  if (ratio > 0x1p-256 && ratio < 0x1p256) {
    e->mantissa *= ratio;
  } else {
    e->mantissa *= tinymlkit_frexp(ratio, &power);
    e->exponent += power;
  }
  if (e->mantissa < 0x1p-512 || e->mantissa > 0x1p512) {
    e->mantissa = tinymlkit_frexp(e->mantissa, &power);
    e->exponent += power;
  }
}

static double tinymlkit_log_likelihood(int voter, const double* x) {
  struct tinymlkit_evidence e = {1.0, 0, 0.0, 0};
  int g = (int)tinymlkit_voter_first[voter];
  const int end = (int)tinymlkit_voter_first[voter + 1];
  int i;
  for (i = 0; i < TINYMLKIT_FEATURES; ++i) {
    if (g < end && (int)tinymlkit_gaussian_feature[g] == i) {
      tinymlkit_add(&e, x[i], tinymlkit_gaussian_mean[g], tinymlkit_gaussian_variance[g], tinymlkit_smoothing[i]);
      ++g;
    } else if (x[i] != 0.0) {
      tinymlkit_add(&e, x[i], 0.0, 0.0, tinymlkit_smoothing[i]);
    }
  }
  if (e.impossible) return -tinymlkit_infinity.d;
  return -0.5 * (tinymlkit_log(e.mantissa) + (double)e.exponent * 0.6931471805599453 + e.squares);
}

static int tinymlkit_best_class(const double* scores) {
  int best = 0, c;
  for (c = 1; c < TINYMLKIT_CLASSES; ++c)
    if (scores[c] > scores[best] || (scores[c] == scores[best] && tinymlkit_class_rank[c] < tinymlkit_class_rank[best]))
      best = c;
  return best;
}

/* Naive Bayes' votes normalized (all alike when no class has a chance). */
static void tinymlkit_naive_bayes(int leaf, const double* x, double* probabilities) {
  const int first = (int)tinymlkit_leaf_first[leaf];
  double top, sum = 0.0;
  int v, c;
  for (c = 0; c < TINYMLKIT_CLASSES; ++c) probabilities[c] = -tinymlkit_infinity.d;
  for (v = first; v < first + (int)tinymlkit_leaf_voters[leaf]; ++v)
    probabilities[tinymlkit_voter_class[v]] = tinymlkit_voter_prior[v] + tinymlkit_log_likelihood(v, x);
  top = probabilities[0];
  for (c = 1; c < TINYMLKIT_CLASSES; ++c)
    if (top < probabilities[c]) top = probabilities[c];
  if (!(top > -tinymlkit_infinity.d && top < tinymlkit_infinity.d)) {
    for (c = 0; c < TINYMLKIT_CLASSES; ++c) probabilities[c] = 1.0 / TINYMLKIT_CLASSES;
    return;
  }
  for (c = 0; c < TINYMLKIT_CLASSES; ++c) sum += probabilities[c] = tinymlkit_exp(probabilities[c] - top);
  for (c = 0; c < TINYMLKIT_CLASSES; ++c) probabilities[c] /= sum;
}

/* The class's index in tinymlkit_classes; `probabilities` (not null) gets one per class. */
static int tinymlkit_predict(const double* x, double* probabilities) {
  int node = (int)tinymlkit_root, leaf, c;
  while (node < TINYMLKIT_SPLITS)
    node = (int)(x[tinymlkit_split_feature[node]] <= tinymlkit_threshold[node] ? tinymlkit_below[node]
                                                                               : tinymlkit_above[node]);
  leaf = node - TINYMLKIT_SPLITS;
  if (tinymlkit_leaf_voters[leaf] > 0) {
    tinymlkit_naive_bayes(leaf, x, probabilities);
  } else {
    for (c = 0; c < TINYMLKIT_CLASSES; ++c) probabilities[c] = tinymlkit_distribution[(int)tinymlkit_leaf_first[leaf] + c];
  }
  return tinymlkit_best_class(probabilities);
}

#endif /* TINYMLKIT_MODEL_H */
