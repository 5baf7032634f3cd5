// log(1 + e^x) from a table of Taylor polynomials, for the loops that sum it by the thousand:
// Nelder–Mead values its logistic loss about 800 times per example (nm_learner.cpp). Within
// 5e-11 of math::softplus, where that one is within 1 ulp, at a fraction of its cost: a lookup
// and a degree-6 polynomial, where math::softplus evaluates two series and two table products.
// Only +, −, × and conversions in a fixed order, so every build gives the same bits.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "tinymlkit/portable_math.hpp"

namespace tinymlkit {

class SoftplusTable {
 public:
  // Each interval's polynomial, from the derivatives of log(1 + e^-t) at its left end.
  SoftplusTable();
  // One table for the process, built at the first call.
  static const SoftplusTable& shared();

  // Inline: it sits in the loop that sums the window's loss.
  double operator()(double x) const {
    const double t = std::fabs(x);
    if (!(t < kEnd)) return math::softplus(x);
    const auto k = static_cast<size_t>(t * kPerUnit);        // t * 8 is exact
    const double d = t - static_cast<double>(k) / kPerUnit;  // exact: t and k / 8 are that close
    double tail = 0;
    polynomial(coefficients_.data() + k * kStride, d, tail);
    return std::max(x, 0.0) + tail;
  }

  // An interval's polynomial, coefficients c, at d past the interval's start, by Estrin's scheme
  // (short chains of dependent operations, which the CPU overlaps). Real is a double, or a vector
  // of them with the compiler's operators, for the loops that evaluate several intervals at once:
  // each lane then does a double's operations in the same order. (No vector by value: how one is
  // passed depends on the instruction set.)
  template <class Real>
  [[gnu::always_inline]] static void polynomial(const Real* c, const Real& d, Real& value) {
    const Real d2 = d * d;
    value = (c[0] + c[1] * d) + d2 * ((c[2] + c[3] * d) + d2 * ((c[4] + c[5] * d) + d2 * c[6]));
  }

  // Adds weights[i] · softplus(-targets[i] · margins[i]) to sums[i % 4] for i < count, each sum in
  // the order of i: the bits of a plain loop over operator(), eight examples side by side where
  // the CPU has AVX-512 and four where it has AVX2 (each lane does the scalar operations, in the
  // same order).
  void add_logistic_losses(const double* weights, const double* targets, const double* margins,
                           size_t count, double sums[4]) const;

  // log(1 + e^-t) on [0, kEnd) in intervals of 1 / kPerUnit. Past 36 it is below 2.4e-16, and
  // the table stays within 1e-10 of it relatively (a unit test: 4.1e-11), so it orders a window's
  // examples far on the right side as softplus does: taking it as 0 there cost sea 8.3
  // points of logistic accuracy, as Nelder–Mead then meets ties. Up to 64 rather than 36, the
  // table holds most of what a trial point far off the mark puts there (1.12 times as fast on a
  // separable stream, 32 KB instead of 18). Past kEnd, math::softplus (NaN and the infinities too).
  static constexpr int kPerUnit = 8;
  static constexpr int kEnd = 64;
  static constexpr int kDegree = 6;
  static constexpr size_t kIntervals = size_t{kEnd} * kPerUnit;
  // An interval's kDegree + 1 coefficients, padded to 8: the vector loops load a row as 8 doubles.
  static constexpr size_t kStride = 8;

 private:
  std::vector<double> coefficients_;
};

}  // namespace tinymlkit
