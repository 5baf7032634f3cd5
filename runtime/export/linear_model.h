@PREAMBLE@
#define TINYMLKIT_FEATURES @FEATURES@

/* The weights in the data's units: the online standardization is folded into them and the bias
 * (one more, 0, so that the array is never empty). */
static const double tinymlkit_weights[TINYMLKIT_FEATURES + 1] = {
    @WEIGHTS@};
static const double tinymlkit_bias = @BIAS@;

/* bias + sum of weight * value over the features present, in index order, as the program adds. */
static double tinymlkit_margin(const double* x) {
  double sum = tinymlkit_bias;
  int i;
  for (i = 0; i < TINYMLKIT_FEATURES; ++i)
    if (x[i] != 0.0) sum += tinymlkit_weights[i] * x[i];
  return sum;
}
@BEGIN regression@

/* The estimate, in the label's units (its online standardization undone). */
static double tinymlkit_predict(const double* x) {
  return @LABEL_MEAN@ + @LABEL_SCALE@ * tinymlkit_margin(x);
}
@END@
@BEGIN classification@

#define TINYMLKIT_CLASSES @CLASS_COUNT@
static const char* const tinymlkit_classes[@CLASS_NAMES_SIZE@] = {@CLASS_NAMES@};
@END@
@BEGIN logistic@

@MATH@
/* The probability of tinymlkit_classes[1]: the logistic of the margin. */
static double tinymlkit_probability(double margin) { return 1.0 / (1.0 + tinymlkit_exp(-margin)); }
@END@
@BEGIN hinge@

/* The probability of tinymlkit_classes[1]: the hinge margin mapped from [-1, 1] onto [0, 1]. */
static double tinymlkit_probability(double margin) {
  const double p = (margin + 1.0) / 2.0;
  return p < 0.0 ? 0.0 : p > 1.0 ? 1.0 : p;
}
@END@
@BEGIN classification@

/* The class's index in tinymlkit_classes; `probabilities`, if not null, gets one per class. */
static int tinymlkit_predict(const double* x, double* probabilities) {
  const double margin = tinymlkit_margin(x);
  const double p1 = tinymlkit_probability(margin);
  if (TINYMLKIT_CLASSES < 2) { /* no second class was seen */
    if (probabilities != 0 && TINYMLKIT_CLASSES == 1) probabilities[0] = 1.0;
    return 0;
  }
  if (probabilities != 0) {
    probabilities[0] = 1.0 - p1;
    probabilities[1] = p1;
  }
  return margin >= 0.0 ? 1 : 0;
}
@END@

#endif /* TINYMLKIT_MODEL_H */
