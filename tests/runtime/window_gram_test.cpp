#include "tinymlkit/window_gram.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "tinymlkit/data_reader.hpp"

using tinymlkit::GramSums;
using tinymlkit::SquaredWindowLoss;
using tinymlkit::Standardization;
using tinymlkit::WindowExample;
using tinymlkit::WindowGram;

namespace {

// The Boston housing rows the repository ships: 13 features, some far from 0 (a tax rate near
// 400, a proportion near 390) next to others near 0.1, the case where sums lose precision.
std::vector<WindowExample> boston() {
  std::vector<WindowExample> rows;
  std::FILE* file = std::fopen(TMK_SHIPPED_DATA "/boston.txt", "r");
  REQUIRE(file != nullptr);
  char line[4096];
  tinymlkit::Example example;
  while (std::fgets(line, sizeof line, file) != nullptr) {
    std::string text(line);
    if (!text.empty() && text.back() == '\n') text.pop_back();
    REQUIRE(tinymlkit::parse_line(text, example).has_value());
    rows.push_back(
        {std::strtod(std::string(example.label).c_str(), nullptr), 1.0, example.features});
  }
  std::fclose(file);
  REQUIRE(rows.size() == 506);
  return rows;
}

struct Moments {
  std::vector<double> means, scales;
  double label_mean = 0, label_scale = 1;
};

Moments moments_of(const std::vector<WindowExample>& rows, size_t dimension) {
  Moments m;
  m.means.assign(dimension, 0.0);
  std::vector<double> squares(dimension, 0.0);
  double labels = 0, label_squares = 0;
  for (const WindowExample& row : rows) {
    for (const auto& f : row.features) {
      m.means[f.index] += f.value;
      squares[f.index] += f.value * f.value;
    }
    labels += row.target;
    label_squares += row.target * row.target;
  }
  const double n = static_cast<double>(rows.size());
  for (size_t j = 0; j < dimension; ++j) {
    m.means[j] /= n;
    m.scales.push_back(std::sqrt(squares[j] / n - m.means[j] * m.means[j]));
  }
  m.label_mean = labels / n;
  m.label_scale = std::sqrt(label_squares / n - m.label_mean * m.label_mean);
  return m;
}

// The definition: the weighted mean over the examples of (t - θ·z')², z' standardized.
double loss_over_examples(std::span<const WindowExample> rows, const Moments& m,
                          std::span<const double> theta) {
  double total = 0, weight = 0;
  for (const WindowExample& row : rows) {
    std::vector<double> x(m.means.size(), 0.0);
    for (const auto& f : row.features) x[f.index] = f.value;
    double margin = theta[0];
    for (size_t j = 0; j < x.size(); ++j)
      margin += theta[j + 1] * (x[j] - m.means[j]) / m.scales[j];
    const double residual = (row.target - m.label_mean) / m.label_scale - margin;
    total += row.weight * residual * residual;
    weight += row.weight;
  }
  return total / weight;
}

bool same_bits(const GramSums& a, const GramSums& b) {
  if (a.size() != b.size() || a.yy() != b.yy()) return false;
  for (size_t j = 0; j < a.size(); ++j) {
    if (a.yz(j) != b.yz(j)) return false;
    for (size_t k = j; k < a.size(); ++k)
      if (a.zz(j, k) != b.zz(j, k)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("the squared loss from a window's sums is the loss over its examples, on Boston's rows") {
  std::vector<WindowExample> rows = boston();
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> weight(0.5, 2.0);
  for (WindowExample& row : rows) row.weight = weight(random);
  const size_t dimension = 13;
  const Moments m = moments_of(rows, dimension);

  GramSums sums;
  sums.reset(dimension + 1);
  for (const WindowExample& row : rows) sums.add(row);
  SquaredWindowLoss loss;
  loss.assign(sums, {m.means, m.scales, m.label_mean, m.label_scale});

  std::normal_distribution<double> normal(0.0, 0.5);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> theta(dimension + 1);
    for (double& t : theta) t = normal(random);
    const double expected = loss_over_examples(rows, m, theta);
    CHECK(loss(theta) == Approx(expected).epsilon(1e-11));
  }
  // At the mean label and no slope, the loss is the weighted variance of the label, about 1.
  const double flat = loss(std::vector<double>(dimension + 1, 0.0));
  CHECK(
      flat ==
      Approx(loss_over_examples(rows, m, std::vector<double>(dimension + 1, 0.0))).epsilon(1e-12));
  CHECK(flat == Approx(1.0).epsilon(0.05));
}

TEST_CASE(
    "a feature without spread is left out of the squared loss, as the learner leaves it out") {
  const std::vector<WindowExample> rows = {{1.0, 1.0, {{0, 1, 2.0}, {1, 1, 5.0}}},
                                           {3.0, 1.0, {{0, 1, 4.0}, {1, 1, 5.0}}}};
  GramSums sums;
  sums.reset(3);
  for (const WindowExample& row : rows) sums.add(row);
  const std::vector<double> means = {3.0, 5.0}, scales = {1.0, 0.0};
  SquaredWindowLoss loss;
  loss.assign(sums, {means, scales, 2.0, 1.0});
  // t = ∓1 and z'_0 = ∓1: θ = (0, 1, anything) fits exactly.
  CHECK(loss(std::vector<double>{0.0, 1.0, 123.0}) == 0.0);
  CHECK(loss(std::vector<double>{0.0, 0.0, 123.0}) == Approx(1.0));
}

TEST_CASE("a window's sums depend only on its examples: rebuilt ones equal kept ones bit for bit") {
  const std::vector<WindowExample> rows = boston();
  const size_t capacity = 100;
  WindowGram kept(capacity);
  auto at_in = [&](uint64_t last, size_t count) {
    return
        [&rows, last, count](size_t i) -> const WindowExample& { return rows[last - count + i]; };
  };
  // Kept: sums valid from the empty window on, then updated example by example; rebuilt: a model
  // loaded from a file at that point, which sees only the window.
  auto empty = at_in(0, 0);
  (void)kept.window_sums(empty, 0, 0, 14);
  uint64_t checked = 0;
  for (uint64_t number = 1; number <= rows.size(); ++number) {
    const size_t count = std::min<size_t>(number, capacity);
    kept.add(number, rows[number - 1]);
    if (number % 37 != 0) continue;
    auto at = at_in(number, count);
    const GramSums& kept_sums = kept.window_sums(at, count, number, 14);
    WindowGram loaded(capacity);
    const GramSums& rebuilt = loaded.window_sums(at, count, number, 14);
    CHECK(same_bits(kept_sums, rebuilt));
    GramSums direct;
    direct.reset(14);
    for (size_t i = 0; i < count; ++i) direct.add(at(i));
    CHECK(kept_sums.zz(9, 12) == Approx(direct.zz(9, 12)).epsilon(1e-13));
    CHECK(kept_sums.yz(10) == Approx(direct.yz(10)).epsilon(1e-13));
    ++checked;
  }
  CHECK(checked == 13);
}
