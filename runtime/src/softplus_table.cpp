#include "tinymlkit/softplus_table.hpp"

#include <algorithm>

#include "tinymlkit/four_sums.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tinymlkit {

// With f(t) = log(1 + e^-t) and s = 1 / (1 + e^t): f' = -s and ds/dt = s² - s, so every
// derivative of f is a polynomial in s, the previous one's derivative in s times (s² - s).
// Coefficient n of the interval starting at a is f⁽ⁿ⁾(a) / n!.
SoftplusTable::SoftplusTable() : coefficients_(kIntervals * kStride, 0.0) {
  for (size_t k = 0; k < kIntervals; ++k) {
    const double a = static_cast<double>(k) / kPerUnit;
    const double s = 1.0 / (1.0 + math::exp(a));
    double* const c = coefficients_.data() + k * kStride;
    c[0] = math::softplus(-a);
    double derivative[kDegree + 1] = {0.0, -1.0};  // f' as a polynomial in s, lowest power first
    double factorial = 1.0;
    for (int n = 1; n <= kDegree; ++n) {
      factorial *= n;
      double value = 0;
      for (int p = n; p >= 0; --p) value = value * s + derivative[p];
      c[n] = value / factorial;
      if (n == kDegree) break;
      // The next derivative: (Σ p d_p s^(p-1)) (s² - s) = Σ p d_p (s^(p+1) - s^p).
      double next[kDegree + 1] = {};
      for (int p = 1; p <= n; ++p) {
        next[p + 1] += p * derivative[p];
        next[p] -= p * derivative[p];
      }
      std::copy(next, next + kDegree + 1, derivative);
    }
  }
}

#if defined(__SSE2__)
namespace {

// A pair with either argument past the table (or NaN), one at a time: out of line, so that the
// common case below inlines into the summing loop (1.05 times as fast on logistic streams).
[[gnu::noinline]] __m128d softplus_pair_one_by_one(const SoftplusTable& table, __m128d x) {
  alignas(16) double lanes[2];
  _mm_store_pd(lanes, x);
  return _mm_setr_pd(table(lanes[0]), table(lanes[1]));
}

// operator() on two arguments at once, as the scalar code computes each.
[[gnu::always_inline]] inline __m128d softplus_pair(const SoftplusTable& table,
                                                    const double* coefficients, size_t stride,
                                                    __m128d x) {
  const __m128d t = _mm_andnot_pd(_mm_set1_pd(-0.0), x);
  if (_mm_movemask_pd(_mm_cmplt_pd(t, _mm_set1_pd(SoftplusTable::kEnd))) != 3) [[unlikely]]
    return softplus_pair_one_by_one(table, x);
  const __m128i k = _mm_cvttpd_epi32(_mm_mul_pd(t, _mm_set1_pd(SoftplusTable::kPerUnit)));
  const __m128d d =
      _mm_sub_pd(t, _mm_div_pd(_mm_cvtepi32_pd(k), _mm_set1_pd(SoftplusTable::kPerUnit)));
  const double* const a = coefficients + static_cast<size_t>(_mm_cvtsi128_si32(k)) * stride;
  const double* const b =
      coefficients + static_cast<size_t>(_mm_cvtsi128_si32(_mm_shuffle_epi32(k, 1))) * stride;
  __m128d c[8];
  for (size_t j = 0; j < 8; j += 2) {
    const __m128d from_a = _mm_loadu_pd(a + j), from_b = _mm_loadu_pd(b + j);
    c[j] = _mm_unpacklo_pd(from_a, from_b);
    c[j + 1] = _mm_unpackhi_pd(from_a, from_b);
  }
  const auto add = [](__m128d p, __m128d q) { return _mm_add_pd(p, q); };
  const auto mul = [](__m128d p, __m128d q) { return _mm_mul_pd(p, q); };
  const __m128d d2 = mul(d, d);
  const __m128d tail = add(
      add(c[0], mul(c[1], d)),
      mul(d2, add(add(c[2], mul(c[3], d)), mul(d2, add(add(c[4], mul(c[5], d)), mul(d2, c[6]))))));
  // maxpd(0, x) is std::max(x, 0.0), -0 included (NaN does not come here).
  return add(_mm_max_pd(_mm_setzero_pd(), x), tail);
}

}  // namespace
#endif

void SoftplusTable::add_logistic_losses(const double* weights, const double* targets,
                                        const double* margins, size_t count, double sums[4]) const {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128d sign = _mm_set1_pd(-0.0);
  __m128d first = _mm_loadu_pd(sums), second = _mm_loadu_pd(sums + 2);
  for (; i + 4 <= count; i += 4) {
    const __m128d x01 =
        _mm_mul_pd(_mm_xor_pd(_mm_loadu_pd(targets + i), sign), _mm_loadu_pd(margins + i));
    const __m128d x23 =
        _mm_mul_pd(_mm_xor_pd(_mm_loadu_pd(targets + i + 2), sign), _mm_loadu_pd(margins + i + 2));
    const __m128d loss01 = softplus_pair(*this, coefficients_.data(), kStride, x01);
    const __m128d loss23 = softplus_pair(*this, coefficients_.data(), kStride, x23);
    first = _mm_add_pd(first, _mm_mul_pd(_mm_loadu_pd(weights + i), loss01));
    second = _mm_add_pd(second, _mm_mul_pd(_mm_loadu_pd(weights + i + 2), loss23));
  }
  _mm_storeu_pd(sums, first);
  _mm_storeu_pd(sums + 2, second);
#endif
  add_to_four_sums(weights, targets, margins, i, count, sums,
                   [this](double y, double margin) { return (*this)(-y * margin); });
}

const SoftplusTable& SoftplusTable::shared() {
  static const SoftplusTable table;
  return table;
}

}  // namespace tinymlkit
