#include "tinymlkit/row_arithmetic.hpp"

#include <bit>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

namespace {

// Doubles whose products and differences round: any change of operation or order shows.
std::vector<double> random_row(std::mt19937_64& random, size_t n) {
  std::normal_distribution<double> value(0.0, 3.0);
  std::vector<double> row(n);
  for (double& v : row) v = value(random);
  return row;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k)
    if (std::bit_cast<uint64_t>(a[k]) != std::bit_cast<uint64_t>(b[k])) return false;
  return true;
}

}  // namespace

TEST_CASE("row arithmetic gives the plain loops' bits, at every length") {
  std::mt19937_64 random(5);
  for (size_t n : {0, 1, 3, 4, 5, 8, 11, 500}) {
    INFO("length " << n);
    const std::vector<double> x = random_row(random, n), y = random_row(random, n);
    const double a = 1.0 / 3, b = 4.0 / 3;  // not powers of two: their products round
    std::vector<double> scaled(n), expected(n);
    tinymlkit::scaled_difference(scaled, a, x, b, y);
    for (size_t k = 0; k < n; ++k) expected[k] = a * x[k] - b * y[k];
    CHECK(same_bits(scaled, expected));

    std::vector<double> sum = random_row(random, n);
    expected = sum;
    tinymlkit::add_difference(sum, x, y);
    for (size_t k = 0; k < n; ++k) expected[k] += x[k] - y[k];
    CHECK(same_bits(sum, expected));
  }
}
