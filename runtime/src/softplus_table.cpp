#include "tinymlkit/softplus_table.hpp"

#include <algorithm>
#include <cstdint>

#include "tinymlkit/cpu_features.hpp"
#include "tinymlkit/four_sums.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
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

#if defined(__x86_64__)
namespace {

// Four examples at a time where the CPU has AVX2 (chosen when the program runs): each lane does
// operator()'s operations in its order, so the bits are those of the plain loop. No fused
// multiply-add, which would round differently. Without AVX2, the plain loop runs.

// operator()'s table polynomial at t = |x| < kEnd in every lane.
[[gnu::target("avx2"), gnu::always_inline]] inline __m256d table_quad(const double* coefficients,
                                                                      size_t stride, __m256d t,
                                                                      __m256d x) {
  const __m256d per_unit = _mm256_set1_pd(SoftplusTable::kPerUnit);
  const __m128i k = _mm256_cvttpd_epi32(_mm256_mul_pd(t, per_unit));
  const __m256d d = _mm256_sub_pd(t, _mm256_div_pd(_mm256_cvtepi32_pd(k), per_unit));
  alignas(16) int32_t interval[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(interval), k);
  const double* row[4];
  for (int lane = 0; lane < 4; ++lane)
    row[lane] = coefficients + static_cast<size_t>(interval[lane]) * stride;
  __m256d c[8];
  for (size_t j = 0; j < 8; j += 2) {  // coefficients j and j + 1 of the four rows, side by side
    const __m256d even = _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_loadu_pd(row[0] + j)),
                                              _mm_loadu_pd(row[2] + j), 1);
    const __m256d odd = _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_loadu_pd(row[1] + j)),
                                             _mm_loadu_pd(row[3] + j), 1);
    c[j] = _mm256_unpacklo_pd(even, odd);
    c[j + 1] = _mm256_unpackhi_pd(even, odd);
  }
  const __m256d d2 = _mm256_mul_pd(d, d);
  const __m256d high =
      _mm256_add_pd(_mm256_add_pd(c[4], _mm256_mul_pd(c[5], d)), _mm256_mul_pd(d2, c[6]));
  const __m256d middle =
      _mm256_add_pd(_mm256_add_pd(c[2], _mm256_mul_pd(c[3], d)), _mm256_mul_pd(d2, high));
  const __m256d tail =
      _mm256_add_pd(_mm256_add_pd(c[0], _mm256_mul_pd(c[1], d)), _mm256_mul_pd(d2, middle));
  // maxpd(0, x) is std::max(x, 0.0), -0 included.
  return _mm256_add_pd(_mm256_max_pd(_mm256_setzero_pd(), x), tail);
}

// Lanes past the table (or NaN) one at a time, from operator(). Out of line, so that the common
// case, every lane in the table, inlines.
[[gnu::target("avx2"), gnu::noinline]] __m256d softplus_quad_past_table(const SoftplusTable& table,
                                                                        const double* coefficients,
                                                                        size_t stride, __m256d x,
                                                                        __m256d t, int in_table) {
  const __m256d clamped = _mm256_min_pd(t, _mm256_set1_pd(SoftplusTable::kEnd - 1));
  alignas(32) double lanes[4], results[4];
  _mm256_store_pd(lanes, x);
  _mm256_store_pd(results, table_quad(coefficients, stride, clamped, x));
  for (int lane = 0; lane < 4; ++lane)
    if ((in_table >> lane & 1) == 0) results[lane] = table(lanes[lane]);
  return _mm256_load_pd(results);
}

[[gnu::target("avx2")]] size_t add_logistic_losses_avx2(
    const SoftplusTable& table, const double* coefficients, size_t stride, const double* weights,
    const double* targets, const double* margins, size_t count, double sums[4]) {
  const __m256d sign = _mm256_set1_pd(-0.0), end = _mm256_set1_pd(SoftplusTable::kEnd);
  __m256d all = _mm256_loadu_pd(sums);
  size_t i = 0;
  for (; i + 4 <= count; i += 4) {
    const __m256d x = _mm256_mul_pd(_mm256_xor_pd(_mm256_loadu_pd(targets + i), sign),
                                    _mm256_loadu_pd(margins + i));
    const __m256d t = _mm256_andnot_pd(sign, x);
    const int in_table = _mm256_movemask_pd(_mm256_cmp_pd(t, end, _CMP_LT_OQ));
    const __m256d loss =
        in_table == 15 ? table_quad(coefficients, stride, t, x)
                       : softplus_quad_past_table(table, coefficients, stride, x, t, in_table);
    all = _mm256_add_pd(all, _mm256_mul_pd(_mm256_loadu_pd(weights + i), loss));
  }
  _mm256_storeu_pd(sums, all);
  return i;
}

}  // namespace
#endif

void SoftplusTable::add_logistic_losses(const double* weights, const double* targets,
                                        const double* margins, size_t count, double sums[4]) const {
  size_t i = 0;
#if defined(__x86_64__)
  if (cpu_has_avx2())
    i = add_logistic_losses_avx2(*this, coefficients_.data(), kStride, weights, targets, margins,
                                 count, sums);
#endif
  add_to_four_sums(weights, targets, margins, i, count, sums,
                   [this](double y, double margin) { return (*this)(-y * margin); });
}

const SoftplusTable& SoftplusTable::shared() {
  static const SoftplusTable table;
  return table;
}

}  // namespace tinymlkit
