#include "streams.hpp"

#include <cstdio>
#include <random>

namespace tinymlkit::bench {

namespace {

std::string decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", value);
  return text;
}

}  // namespace

std::vector<LabeledExample> linear_stream(size_t rows, size_t features, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal(0, 1);
  std::vector<double> weights(features);
  for (double& w : weights) w = normal(random);
  std::vector<LabeledExample> stream(rows);
  for (LabeledExample& row : stream) {
    double y = 0.5 * normal(random);
    for (uint32_t i = 0; i < features; ++i) {
      const double x = normal(random);
      row.example.features.push_back({i, 0, x});
      y += weights[i] * x;
    }
    row.label = decimal(y);
  }
  return stream;
}

std::vector<LabeledExample> sea_stream(size_t rows, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0, 10);
  std::bernoulli_distribution noise(0.1);
  std::vector<LabeledExample> stream(rows);
  for (LabeledExample& row : stream) {
    double x[3];
    for (uint32_t i = 0; i < 3; ++i) {
      x[i] = uniform(random);
      row.example.features.push_back({i, 0, x[i]});
    }
    row.label = (x[0] + x[1] > 8) != noise(random) ? "1" : "0";
  }
  return stream;
}

std::vector<std::string> as_lines(const std::vector<LabeledExample>& stream) {
  std::vector<std::string> lines;
  for (const LabeledExample& row : stream) {
    std::string line = row.label + " |";
    for (const Feature& f : row.example.features)
      line += " " + std::to_string(f.index) + ":" + decimal(f.value);
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace tinymlkit::bench
