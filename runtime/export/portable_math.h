/* The runtime's portable math (runtime/src/portable_math.cpp), which the program uses, not libm. */
static const union { unsigned long long bits; double d; } tinymlkit_infinity = {0x7ff0000000000000ULL};
@BEGIN exp@

/* value * 2^exponent, -1022 <= exponent <= 1023. */
static double tinymlkit_scale(double value, int exponent) {
  union { double d; unsigned long long bits; } power;
  power.bits = (unsigned long long)(exponent + 1023) << 52;
  return value * power.d;
}

/* exp(x) = 2^k exp(r), x = k ln 2 + r; exp(r) by its Taylor series to r^13. */
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
@END@
@BEGIN log@

/* x = m 2^e, m in [0.5, 1) (0, infinities and NaN: e = 0). */
static double tinymlkit_frexp(double x, int* exponent) {
  union { double d; unsigned long long bits; } u;
  int biased;
  u.d = x;
  biased = (int)((u.bits >> 52) & 0x7ff);
  *exponent = 0;
  if (biased == 0x7ff || x == 0.0) return x;
  if (biased == 0) { /* subnormal: scaled up into the normal range first */
    u.d = x * 18446744073709551616.0; /* 2^64 */
    biased = (int)((u.bits >> 52) & 0x7ff) - 64;
  }
  *exponent = biased - 1022;
  u.bits = (u.bits & 0x800fffffffffffffULL) | 0x3fe0000000000000ULL;
  return u.d;
}

/* log(x) = e ln 2 + 2 atanh((m - 1) / (m + 1)), x = m 2^e, m in [sqrt(1/2), sqrt(2)); x >= 0. */
static double tinymlkit_log(double x) {
  double m, s, s2, series, exponent;
  int e, odd;
  if (x != x || x == tinymlkit_infinity.d) return x;
  if (x == 0.0) return -tinymlkit_infinity.d;
  m = tinymlkit_frexp(x, &e);
  if (m < 0.707106781186547524400844362105) {
    m *= 2.0;
    --e;
  }
  s = (m - 1.0) / (m + 1.0);
  s2 = s * s;
  series = 1.0 / 23;
  for (odd = 21; odd >= 1; odd -= 2) series = series * s2 + 1.0 / odd;
  exponent = (double)e;
  return exponent * 6.93147180369123816490e-01 + (2.0 * s * series + exponent * 1.90821492927058770002e-10);
}
@END@
