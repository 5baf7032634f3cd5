// Synthetic streams for the microbenchmarks, generated in memory so that a benchmark measures
// the runtime and not the disk: the shapes of the shared data (linear_reg.txt, sea.txt).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tinymlkit/example.hpp"

namespace tinymlkit::bench {

struct LabeledExample {
  std::string label;
  Example example;
};

// y = w.x + noise over `features` standard normal features (linear_reg.txt's shape: 10).
std::vector<LabeledExample> linear_stream(size_t rows, size_t features, uint64_t seed);

// SEA concepts (Street & Kim 2001): three features in [0, 10], class x0 + x1 > 8, 10% noise.
std::vector<LabeledExample> sea_stream(size_t rows, uint64_t seed);

// The examples as lines of the data format, six decimals a value.
std::vector<std::string> as_lines(const std::vector<LabeledExample>& stream);

}  // namespace tinymlkit::bench
