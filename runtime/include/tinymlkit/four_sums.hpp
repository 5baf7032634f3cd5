// A window's weighted losses summed into four partial sums, example i into sum i mod 4, each in
// the order of i: the CPU overlaps the four chains of additions, where one running sum waits on
// each, and the bits depend only on the order, not on how the loop is cut.
#pragma once

#include <cstddef>

namespace tinymlkit {

// Adds weights[i] * loss(targets[i], margins[i]) to sums[i % 4] for from <= i < count.
template <class Loss>
void add_to_four_sums(const double* weights, const double* targets, const double* margins,
                      size_t from, size_t count, double sums[4], Loss loss) {
  double s0 = sums[0], s1 = sums[1], s2 = sums[2], s3 = sums[3];
  size_t i = from;
  for (; i + 4 <= count; i += 4) {
    s0 += weights[i] * loss(targets[i], margins[i]);
    s1 += weights[i + 1] * loss(targets[i + 1], margins[i + 1]);
    s2 += weights[i + 2] * loss(targets[i + 2], margins[i + 2]);
    s3 += weights[i + 3] * loss(targets[i + 3], margins[i + 3]);
  }
  sums[0] = s0, sums[1] = s1, sums[2] = s2, sums[3] = s3;
  for (; i < count; ++i) sums[i % 4] += weights[i] * loss(targets[i], margins[i]);
}

}  // namespace tinymlkit
