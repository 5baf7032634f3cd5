// Element-wise arithmetic on rows of doubles (Nelder–Mead's images: a trial point's margins on the
// window). Each element takes the plain expression's operations in its order, four elements to an
// instruction where the CPU has AVX2, so the bits do not depend on the CPU.
#pragma once

#include <span>

namespace tinymlkit {

// out[k] = a * x[k] - b * y[k]
void scaled_difference(std::span<double> out, double a, std::span<const double> x, double b,
                       std::span<const double> y);
// sum[k] += x[k] - y[k]
void add_difference(std::span<double> sum, std::span<const double> x, std::span<const double> y);

}  // namespace tinymlkit
