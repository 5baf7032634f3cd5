/* @PROGRAM@ model exported by @WRITER@ (--export-c): the trained linear model as constants and
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

/* exp as the program computes it (runtime/src/portable_math.cpp): x = k ln 2 + r, exp(r) by its
 * Taylor series, times 2^k built from the exponent bits. */
static const union { unsigned long long bits; double d; } tinymlkit_infinity = {0x7ff0000000000000ULL};

static double tinymlkit_scale(double value, int exponent) {
  union { double d; unsigned long long bits; } power;
  power.bits = (unsigned long long)(exponent + 1023) << 52;
  return value * power.d;
}

static double tinymlkit_exp(double x) {
  static const double inverse_factorials[13] = {
      1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0,
      1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0};
  const double round_to_even = 6755399441055744.0; /* 1.5 * 2^52: adding it rounds to an integer */
  double k, r, sum = 1.0 / 6227020800.0;
  int i, exponent;
  if (x != x) return x;
  if (x > 709.782712893384) return tinymlkit_infinity.d;
  if (x < -745.1332191019412) return 0.0;
  k = (x * 1.44269504088896338700e+00 + round_to_even) - round_to_even;
  r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
  for (i = 0; i < 13; ++i) sum = sum * r + inverse_factorials[i];
  exponent = (int)k;
  if (exponent < -1000) return tinymlkit_scale(tinymlkit_scale(sum, exponent + 1000), -1000);
  if (exponent > 1023) return tinymlkit_scale(sum * 2.0, exponent - 1);
  return tinymlkit_scale(sum, exponent);
}

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
