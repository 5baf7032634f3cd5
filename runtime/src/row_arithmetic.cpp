#include "tinymlkit/row_arithmetic.hpp"

#include <cstddef>

#include "tinymlkit/cpu_features.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace tinymlkit {
namespace {

#if defined(__x86_64__)
// Each returns how many leading elements it did: the rest, fewer than four, are the plain loop's.
[[gnu::target("avx2")]] size_t scaled_difference_avx2(double* out, double a, const double* x,
                                                      double b, const double* y, size_t n) {
  const __m256d scale_x = _mm256_set1_pd(a), scale_y = _mm256_set1_pd(b);
  size_t k = 0;
  for (; k + 4 <= n; k += 4)
    _mm256_storeu_pd(out + k, _mm256_sub_pd(_mm256_mul_pd(scale_x, _mm256_loadu_pd(x + k)),
                                            _mm256_mul_pd(scale_y, _mm256_loadu_pd(y + k))));
  return k;
}

[[gnu::target("avx2")]] size_t add_difference_avx2(double* sum, const double* x, const double* y,
                                                   size_t n) {
  size_t k = 0;
  for (; k + 4 <= n; k += 4)
    _mm256_storeu_pd(sum + k,
                     _mm256_add_pd(_mm256_loadu_pd(sum + k),
                                   _mm256_sub_pd(_mm256_loadu_pd(x + k), _mm256_loadu_pd(y + k))));
  return k;
}
#endif

}  // namespace

void scaled_difference(std::span<double> out, double a, std::span<const double> x, double b,
                       std::span<const double> y) {
  size_t k = 0;
#if defined(__x86_64__)
  if (vector_loops() >= VectorLoops::kAvx2)
    k = scaled_difference_avx2(out.data(), a, x.data(), b, y.data(), out.size());
#endif
  for (; k < out.size(); ++k) out[k] = a * x[k] - b * y[k];
}

void add_difference(std::span<double> sum, std::span<const double> x, std::span<const double> y) {
  size_t k = 0;
#if defined(__x86_64__)
  if (vector_loops() >= VectorLoops::kAvx2)
    k = add_difference_avx2(sum.data(), x.data(), y.data(), sum.size());
#endif
  for (; k < sum.size(); ++k) sum[k] += x[k] - y[k];
}

}  // namespace tinymlkit
