#include "tinymlkit/softplus_table.hpp"

#include <algorithm>
#include <cstdint>

#include "tinymlkit/cpu_features.hpp"
#include "tinymlkit/four_sums.hpp"

#if defined(__x86_64__)
// GCC 12's AVX-512 intrinsics start from an undefined vector, which its own uninitialized-use
// warnings then flag (GCC bug 105593).
#if !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#if !defined(__clang__)
#pragma GCC diagnostic pop
#endif
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

// Four or eight examples at a time where the CPU has AVX2 or AVX-512F (cpu_features.hpp): each lane
// does operator()'s operations in its order, so the bits are those of the plain loop. No fused
// multiply-add, which would round differently. Without AVX2, the plain loop runs. Quad and Octet
// are the compiler's vectors of four and eight doubles, for SoftplusTable::polynomial: as a
// template argument, __m256d and __m512d would lose their may_alias attribute, with a warning.
using Quad = double __attribute__((vector_size(32)));
using Octet = double __attribute__((vector_size(64)));
static_assert(SoftplusTable::kStride == 8, "the loops below take an interval's row as 8 doubles");

// operator() at t = |x| < kEnd in each of four lanes.
[[gnu::target("avx2"), gnu::always_inline]] inline __m256d table_quad(const double* coefficients,
                                                                      __m256d t, __m256d x) {
  const __m256d per_unit = _mm256_set1_pd(SoftplusTable::kPerUnit);
  const __m128i k = _mm256_cvttpd_epi32(_mm256_mul_pd(t, per_unit));
  const Quad d = _mm256_sub_pd(t, _mm256_div_pd(_mm256_cvtepi32_pd(k), per_unit));
  alignas(16) int32_t interval[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(interval), k);
  const double* row[4];
  for (int lane = 0; lane < 4; ++lane)
    row[lane] = coefficients + static_cast<size_t>(interval[lane]) * SoftplusTable::kStride;
  Quad c[8];
  for (size_t j = 0; j < 8; j += 2) {  // coefficients j and j + 1 of the four rows, side by side
    const __m256d even = _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_loadu_pd(row[0] + j)),
                                              _mm_loadu_pd(row[2] + j), 1);
    const __m256d odd = _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_loadu_pd(row[1] + j)),
                                             _mm_loadu_pd(row[3] + j), 1);
    c[j] = _mm256_unpacklo_pd(even, odd);
    c[j + 1] = _mm256_unpackhi_pd(even, odd);
  }
  Quad tail;
  SoftplusTable::polynomial(c, d, tail);
  // maxpd(0, x) is std::max(x, 0.0), -0 included.
  return _mm256_add_pd(_mm256_max_pd(_mm256_setzero_pd(), x), tail);
}

// operator() at t = |x| < kEnd in each of eight lanes: each lane's row of eight coefficients is
// one load, and an 8 x 8 transpose (three rounds of eight shuffles) puts coefficient j of every
// lane in c[j].
[[gnu::target("avx512f"), gnu::always_inline]] inline __m512d table_octet(
    const double* coefficients, __m512d t, __m512d x) {
  const __m512d per_unit = _mm512_set1_pd(SoftplusTable::kPerUnit);
  const __m256i k = _mm512_cvttpd_epi32(_mm512_mul_pd(t, per_unit));
  const Octet d = _mm512_sub_pd(t, _mm512_div_pd(_mm512_cvtepi32_pd(k), per_unit));
  alignas(32) int32_t interval[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(interval), k);
  __m512d row[8];
  for (int lane = 0; lane < 8; ++lane)
    row[lane] = _mm512_loadu_pd(coefficients +
                                static_cast<size_t>(interval[lane]) * SoftplusTable::kStride);
  // Lanes i and i + 1 interleaved: even coefficients in pair[i], odd ones in pair[i + 1].
  __m512d pair[8], quad[8];
  for (int i = 0; i < 8; i += 2) {
    pair[i] = _mm512_unpacklo_pd(row[i], row[i + 1]);
    pair[i + 1] = _mm512_unpackhi_pd(row[i], row[i + 1]);
  }
  // Lanes 0-3 and 4-7: coefficients {0, 4} (then {1, 5}) and {2, 6} (then {3, 7}).
  for (int odd = 0; odd < 2; ++odd) {
    quad[odd] = _mm512_shuffle_f64x2(pair[odd], pair[2 + odd], 0x88);
    quad[2 + odd] = _mm512_shuffle_f64x2(pair[odd], pair[2 + odd], 0xdd);
    quad[4 + odd] = _mm512_shuffle_f64x2(pair[4 + odd], pair[6 + odd], 0x88);
    quad[6 + odd] = _mm512_shuffle_f64x2(pair[4 + odd], pair[6 + odd], 0xdd);
  }
  Octet c[8];
  for (int odd = 0; odd < 2; ++odd) {
    c[odd] = _mm512_shuffle_f64x2(quad[odd], quad[4 + odd], 0x88);
    c[4 + odd] = _mm512_shuffle_f64x2(quad[odd], quad[4 + odd], 0xdd);
    c[2 + odd] = _mm512_shuffle_f64x2(quad[2 + odd], quad[6 + odd], 0x88);
    c[6 + odd] = _mm512_shuffle_f64x2(quad[2 + odd], quad[6 + odd], 0xdd);
  }
  Octet tail;
  SoftplusTable::polynomial(c, d, tail);
  return _mm512_add_pd(_mm512_max_pd(_mm512_setzero_pd(), x), tail);
}

// results[lane] = table(arguments[lane]) for the lanes whose bit in `in_table` is 0: those past
// the table (or NaN), one at a time.
void take_lanes_past_table(const SoftplusTable& table, const double* arguments, double* results,
                           int lanes, int in_table) {
  for (int lane = 0; lane < lanes; ++lane)
    if ((in_table >> lane & 1) == 0) results[lane] = table(arguments[lane]);
}

// A group with lanes past the table: the others from the table side by side, those one at a
// time. Out of line, so that the common case, every lane in the table, inlines.
[[gnu::target("avx2"), gnu::noinline]] __m256d softplus_quad_past_table(const SoftplusTable& table,
                                                                        const double* coefficients,
                                                                        __m256d x, __m256d t,
                                                                        __m256d in_table) {
  // The table's lanes keep their argument, the others take 0: an interval that exists.
  const __m256d in_table_t = _mm256_and_pd(t, in_table);
  alignas(32) double lanes[4], results[4];
  _mm256_store_pd(lanes, x);
  _mm256_store_pd(results, table_quad(coefficients, in_table_t, x));
  take_lanes_past_table(table, lanes, results, 4, _mm256_movemask_pd(in_table));
  return _mm256_load_pd(results);
}

[[gnu::target("avx512f"), gnu::noinline]] __m512d softplus_octet_past_table(
    const SoftplusTable& table, const double* coefficients, __m512d x, __m512d t, int in_table) {
  const __m512d in_table_t = _mm512_maskz_mov_pd(static_cast<__mmask8>(in_table), t);
  alignas(64) double lanes[8], results[8];
  _mm512_store_pd(lanes, x);
  _mm512_store_pd(results, table_octet(coefficients, in_table_t, x));
  take_lanes_past_table(table, lanes, results, 8, in_table);
  return _mm512_load_pd(results);
}

// Each returns how many leading examples it added: the rest, fewer than a step, are left.
[[gnu::target("avx2")]] size_t add_logistic_losses_avx2(
    const SoftplusTable& table, const double* coefficients, const double* weights,
    const double* targets, const double* margins, size_t count, double sums[4]) {
  const __m256d sign = _mm256_set1_pd(-0.0), end = _mm256_set1_pd(SoftplusTable::kEnd);
  __m256d all = _mm256_loadu_pd(sums);
  size_t i = 0;
  for (; i + 4 <= count; i += 4) {
    const __m256d x = _mm256_mul_pd(_mm256_xor_pd(_mm256_loadu_pd(targets + i), sign),
                                    _mm256_loadu_pd(margins + i));
    const __m256d t = _mm256_andnot_pd(sign, x);
    const __m256d in_table = _mm256_cmp_pd(t, end, _CMP_LT_OQ);
    const __m256d loss = _mm256_movemask_pd(in_table) == 15
                             ? table_quad(coefficients, t, x)
                             : softplus_quad_past_table(table, coefficients, x, t, in_table);
    all = _mm256_add_pd(all, _mm256_mul_pd(_mm256_loadu_pd(weights + i), loss));
  }
  _mm256_storeu_pd(sums, all);
  return i;
}

[[gnu::target("avx512f")]] size_t add_logistic_losses_avx512(
    const SoftplusTable& table, const double* coefficients, const double* weights,
    const double* targets, const double* margins, size_t count, double sums[4]) {
  const __m512d end = _mm512_set1_pd(SoftplusTable::kEnd);
  __m256d all = _mm256_loadu_pd(sums);
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const __m512d x =
        _mm512_mul_pd(-Octet(_mm512_loadu_pd(targets + i)), _mm512_loadu_pd(margins + i));
    const __m512d t = _mm512_abs_pd(x);
    const int in_table = _mm512_cmp_pd_mask(t, end, _CMP_LT_OQ);
    const __m512d loss = in_table == 0xff
                             ? table_octet(coefficients, t, x)
                             : softplus_octet_past_table(table, coefficients, x, t, in_table);
    const __m512d weighted = _mm512_mul_pd(_mm512_loadu_pd(weights + i), loss);
    // Examples i to i + 3 into the four sums, then i + 4 to i + 7: each sum in the order of i.
    all = _mm256_add_pd(all, _mm512_castpd512_pd256(weighted));
    all = _mm256_add_pd(all, _mm512_extractf64x4_pd(weighted, 1));
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
  const double* const table = coefficients_.data();
  const VectorLoops loops = vector_loops();
  if (loops >= VectorLoops::kAvx512)
    i = add_logistic_losses_avx512(*this, table, weights, targets, margins, count, sums);
  if (loops >= VectorLoops::kAvx2)
    i += add_logistic_losses_avx2(*this, table, weights + i, targets + i, margins + i, count - i,
                                  sums);
#endif
  add_to_four_sums(weights, targets, margins, i, count, sums,
                   [this](double y, double margin) { return (*this)(-y * margin); });
}

const SoftplusTable& SoftplusTable::shared() {
  static const SoftplusTable table;
  return table;
}

}  // namespace tinymlkit
