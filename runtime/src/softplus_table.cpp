#include "tinymlkit/softplus_table.hpp"

#include <algorithm>
#include <cstdint>

#include "tinymlkit/exp_of_negative.hpp"
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

// Rows r of four lanes' 16-byte pairs at offset `at`, side by side: the pairs' first doubles in
// one vector and their second in another.
[[gnu::target("avx2"), gnu::always_inline]] inline void transpose_pairs(const double* const row[4],
                                                                        size_t at, __m256d& first,
                                                                        __m256d& second) {
  const __m256d even = _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_loadu_pd(row[0] + at)),
                                            _mm_loadu_pd(row[2] + at), 1);
  const __m256d odd = _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_loadu_pd(row[1] + at)),
                                           _mm_loadu_pd(row[3] + at), 1);
  first = _mm256_unpacklo_pd(even, odd);
  second = _mm256_unpackhi_pd(even, odd);
}

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
  for (size_t j = 0; j < 8; j += 2) transpose_pairs(row, j, c[j], c[j + 1]);
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

// Four doubles as exp_of_negative's Real: __m256d's own may_alias attribute is lost in a template
// argument.
using Quad = double __attribute__((vector_size(32)));

// math::softplus(x) for x in [-700, -37) in every lane: e^x, as exp_of_negative's pair summed.
[[gnu::target("avx2"), gnu::always_inline]] inline __m256d far_left_quad(__m256d x) {
  const Quad a = _mm256_andnot_pd(_mm256_set1_pd(-0.0), x);
  math::ExpOfNegative<Quad> reduced;
  math::reduce_exp_of_negative(a, reduced);
  // 2^(-k/32): k's table entry, and 2^-(k div 32) from its bits.
  const __m128i steps = _mm256_cvttpd_epi32(reduced.k);  // k is an integer below 2^15
  alignas(16) int32_t step[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(step), steps);
  const double* entry[4];
  for (int lane = 0; lane < 4; ++lane)
    entry[lane] = &math::kTwoToMinusJOver32[step[lane] & 31].high;
  __m256d high, low;
  transpose_pairs(entry, 0, high, low);
  const __m256i exponent = _mm256_sub_epi64(_mm256_set1_epi64x(1023),
                                            _mm256_srli_epi64(_mm256_cvtepi32_epi64(steps), 5));
  const Quad power_of_two = _mm256_castsi256_pd(_mm256_slli_epi64(exponent, 52));
  math::SplitOf<Quad> tail;
  math::finish_exp_of_negative(reduced, math::SplitOf<Quad>{high, low}, power_of_two, tail);
  return _mm256_add_pd(_mm256_max_pd(_mm256_setzero_pd(), x), tail.high + tail.low);
}

// Lanes past the table: those left of it within exp's range as math::softplus computes them, four
// at a time; the rest (NaN, the right side, [-37, -36], below -700) one at a time. Out of line, so
// that the common case, every lane in the table, inlines.
[[gnu::target("avx2"), gnu::noinline]] __m256d softplus_quad_past_table(const SoftplusTable& table,
                                                                        const double* coefficients,
                                                                        size_t stride, __m256d x,
                                                                        __m256d t, int in_table) {
  const __m256d clamped = _mm256_min_pd(t, _mm256_set1_pd(SoftplusTable::kEnd - 1));
  __m256d result = table_quad(coefficients, stride, clamped, x);
  const __m256d far_left = _mm256_and_pd(_mm256_cmp_pd(x, _mm256_set1_pd(-37.0), _CMP_LT_OQ),
                                         _mm256_cmp_pd(x, _mm256_set1_pd(-700.0), _CMP_GE_OQ));
  const int vectorized = in_table | _mm256_movemask_pd(far_left);
  if (_mm256_movemask_pd(far_left) != 0)
    result = _mm256_blendv_pd(result, far_left_quad(x), far_left);
  if (vectorized == 15) return result;
  alignas(32) double lanes[4], results[4];
  _mm256_store_pd(lanes, x);
  _mm256_store_pd(results, result);
  for (int lane = 0; lane < 4; ++lane)
    if ((vectorized >> lane & 1) == 0) results[lane] = table(lanes[lane]);
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
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2)
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
