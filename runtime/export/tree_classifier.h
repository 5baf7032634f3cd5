@PREAMBLE@
#define TINYMLKIT_FEATURES @FEATURES@
#define TINYMLKIT_CLASSES @CLASS_COUNT@
@SPLITS@

static const char* const tinymlkit_classes[TINYMLKIT_CLASSES] = {@CLASS_NAMES@};
/* Ties between classes go to the lower rank: the label that sorts first. */
static const tinymlkit_index tinymlkit_class_rank[TINYMLKIT_CLASSES] = {@CLASS_RANKS@};

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
/* Naive Bayes' variance smoothing, added to every Gaussian of a feature: smoothing[k] for feature
 * smoothed_feature[k] (in order, TINYMLKIT_SMOOTHED of them), 0 for the others. */
#define TINYMLKIT_SMOOTHED @SMOOTHED_COUNT@
/* 1: naive Bayes weighs only the features other than 0 (--nb-features present), 0: every one met. */
#define TINYMLKIT_NB_OVER_PRESENT @NB_OVER_PRESENT@
static const tinymlkit_index tinymlkit_smoothed_feature[@SMOOTHED_SIZE@] = {
    @SMOOTHED_FEATURES@};
static const double tinymlkit_smoothing[@SMOOTHED_SIZE@] = {
    @SMOOTHING@};
@BEGIN numeric@
#define TINYMLKIT_NOMINAL(n, i) ((void)(n), 0)
@END@
@BEGIN nominal@

/* The --nominal features, in order: naive Bayes counts their categories. TINYMLKIT_NOMINAL(n, i)
 * tells whether feature i is the n-th of them. */
#define TINYMLKIT_NOMINALS @NOMINAL_COUNT@
static const tinymlkit_index tinymlkit_nominal_feature[@NOMINAL_SIZE@] = {
    @NOMINAL_FEATURES@};
#define TINYMLKIT_NOMINAL(n, i) ((n) < TINYMLKIT_NOMINALS && (int)tinymlkit_nominal_feature[n] == (i))

/* Voter v's Laplace-corrected log term for each nominal feature, entries voter_entry_first[v] on:
 * for x[entry_feature[e]], entry_zero[e] if 0, entry_term[k] if it is entry_category[k] (k from
 * entry_first[e], entry_count[e] of them), else entry_other[e]. */
static const tinymlkit_index tinymlkit_voter_entry_first[@VOTER_SIZE@ + 1] = {
    @VOTER_ENTRY_FIRST@};
static const tinymlkit_index tinymlkit_entry_feature[@ENTRY_SIZE@] = {
    @ENTRY_FEATURES@};
static const double tinymlkit_entry_zero[@ENTRY_SIZE@] = {
    @ENTRY_ZEROS@};
static const double tinymlkit_entry_other[@ENTRY_SIZE@] = {
    @ENTRY_OTHERS@};
static const tinymlkit_index tinymlkit_entry_first[@ENTRY_SIZE@] = {
    @ENTRY_FIRST@};
static const tinymlkit_index tinymlkit_entry_count[@ENTRY_SIZE@] = {
    @ENTRY_COUNTS@};
static const double tinymlkit_entry_category[@CATEGORY_SIZE@] = {
    @ENTRY_CATEGORIES@};
static const double tinymlkit_entry_term[@CATEGORY_SIZE@] = {
    @ENTRY_TERMS@};

/* `vote` plus voter v's nominal terms, added one by one as the program adds them. */
static double tinymlkit_nominal_vote(int voter, const double* x, double vote) {
  int e, k, end;
  double value;
  for (e = (int)tinymlkit_voter_entry_first[voter]; e < (int)tinymlkit_voter_entry_first[voter + 1]; ++e) {
    value = x[tinymlkit_entry_feature[e]];
    if (value == 0.0) {
      vote += tinymlkit_entry_zero[e];
      continue;
    }
    end = (int)tinymlkit_entry_first[e] + (int)tinymlkit_entry_count[e];
    for (k = (int)tinymlkit_entry_first[e]; k < end && !(tinymlkit_entry_category[k] == value); ++k) {
    }
    vote += k < end ? tinymlkit_entry_term[k] : tinymlkit_entry_other[e];
  }
  return vote;
}
@END@

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
  int i, n = 0, s = 0;
  double smoothing;
  for (i = 0; i < TINYMLKIT_FEATURES; ++i) {
    if (TINYMLKIT_NOMINAL(n, i)) {
      ++n;
      continue;
    }
    smoothing = s < TINYMLKIT_SMOOTHED && (int)tinymlkit_smoothed_feature[s] == i ? tinymlkit_smoothing[s++] : 0.0;
    if (g < end && (int)tinymlkit_gaussian_feature[g] == i) {
      if (!TINYMLKIT_NB_OVER_PRESENT || x[i] != 0.0)
        tinymlkit_add(&e, x[i], tinymlkit_gaussian_mean[g], tinymlkit_gaussian_variance[g], smoothing);
      ++g;
    } else if (x[i] != 0.0) {
      tinymlkit_add(&e, x[i], 0.0, 0.0, smoothing);
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
  for (v = first; v < first + (int)tinymlkit_leaf_voters[leaf]; ++v) {
    probabilities[tinymlkit_voter_class[v]] = tinymlkit_voter_prior[v] + tinymlkit_log_likelihood(v, x);
@BEGIN nominal@
    probabilities[tinymlkit_voter_class[v]] = tinymlkit_nominal_vote(v, x, probabilities[tinymlkit_voter_class[v]]);
@END@
  }
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

/* The probabilities of the tree that starts at `root`. */
static void tinymlkit_tree(int root, const double* x, double* probabilities) {
  const int leaf = tinymlkit_leaf(root, x);
  int c;
  if (tinymlkit_leaf_voters[leaf] > 0) {
    tinymlkit_naive_bayes(leaf, x, probabilities);
  } else {
    for (c = 0; c < TINYMLKIT_CLASSES; ++c) probabilities[c] = tinymlkit_distribution[(int)tinymlkit_leaf_first[leaf] + c];
  }
}

@VOTE@
#endif /* TINYMLKIT_MODEL_H */
