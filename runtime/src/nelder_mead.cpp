#include "tinymlkit/nelder_mead.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace tinymlkit {

NelderMeadCoefficients NelderMeadCoefficients::adaptive(size_t dimension) {
  const double n = static_cast<double>(dimension);
  return {1.0, 1.0 + 2.0 / n, 0.75 - 1.0 / (2.0 * n), 1.0 - 1.0 / n};
}

Simplex::Simplex(size_t dimension)
    : dimension_(dimension), points_((dimension + 1) * dimension), values_(dimension + 1) {}

Simplex Simplex::around(std::span<const double> x0, std::span<const double> steps) {
  Simplex simplex(x0.size());
  for (size_t i = 0; i <= x0.size(); ++i) std::copy(x0.begin(), x0.end(), simplex.vertex(i).begin());
  for (size_t k = 0; k < x0.size(); ++k) simplex.vertex(k + 1)[k] += steps[k];
  return simplex;
}

Simplex Simplex::scipy_initial(std::span<const double> x0) {
  Simplex simplex = around(x0, std::vector<double>(x0.size(), 0.0));
  for (size_t k = 0; k < x0.size(); ++k) {
    double& coordinate = simplex.vertex(k + 1)[k];
    coordinate = coordinate != 0.0 ? (1.0 + 0.05) * coordinate : 0.00025;
  }
  return simplex;
}

Simplex Simplex::from_parts(size_t dimension, std::vector<double> points, std::vector<double> values) {
  Simplex simplex;
  simplex.dimension_ = dimension;
  simplex.points_ = std::move(points);
  simplex.values_ = std::move(values);
  return simplex;
}

void Simplex::sort() {
  order_.resize(values_.size());
  std::iota(order_.begin(), order_.end(), size_t{0});
  std::stable_sort(order_.begin(), order_.end(),
                   [this](size_t a, size_t b) { return values_[a] < values_[b]; });
  scratch_.resize(points_.size());
  for (size_t i = 0; i < order_.size(); ++i) {
    const auto from = vertex(order_[i]);
    std::copy(from.begin(), from.end(), scratch_.begin() + i * dimension_);
  }
  points_.swap(scratch_);
  scratch_.assign(values_.begin(), values_.end());
  for (size_t i = 0; i < order_.size(); ++i) values_[i] = scratch_[order_[i]];
}

void Simplex::sort_last() {
  const size_t last = dimension_;
  const double value = values_[last];
  // The stable sort puts the last vertex after every vertex that is not worse.
  const size_t place = static_cast<size_t>(
      std::upper_bound(values_.begin(), values_.begin() + last, value) - values_.begin());
  if (place == last) return;
  scratch_.assign(points_.begin() + last * dimension_, points_.end());
  std::copy_backward(points_.begin() + place * dimension_, points_.begin() + last * dimension_,
                     points_.end());
  std::copy(scratch_.begin(), scratch_.end(), points_.begin() + place * dimension_);
  std::copy_backward(values_.begin() + place, values_.begin() + last, values_.end());
  values_[place] = value;
}

double Simplex::extent() const {
  double largest = 0.0;
  for (size_t i = 1; i <= dimension_; ++i)
    for (size_t k = 0; k < dimension_; ++k)
      largest = std::max(largest, std::fabs(vertex(i)[k] - vertex(0)[k]));
  return largest;
}

double Simplex::narrowest_spread() const {
  double narrowest = std::numeric_limits<double>::infinity();
  for (size_t k = 0; k < dimension_; ++k) {
    double low = vertex(0)[k], high = low;
    for (size_t i = 1; i <= dimension_; ++i) {
      low = std::min(low, vertex(i)[k]);
      high = std::max(high, vertex(i)[k]);
    }
    narrowest = std::min(narrowest, high - low);
  }
  return narrowest;
}

double Simplex::value_spread() const {
  double largest = 0.0;
  for (size_t i = 1; i <= dimension_; ++i) largest = std::max(largest, std::fabs(values_[0] - values_[i]));
  return largest;
}

void Simplex::grow(size_t new_dimension, double step) {
  const size_t old_dimension = dimension_;
  if (new_dimension <= old_dimension) return;
  std::vector<double> grown((new_dimension + 1) * new_dimension, 0.0);
  for (size_t i = 0; i <= old_dimension; ++i)
    std::copy_n(points_.begin() + i * old_dimension, old_dimension, grown.begin() + i * new_dimension);
  for (size_t k = old_dimension; k < new_dimension; ++k) {
    const auto added = grown.begin() + (k + 1) * new_dimension;
    std::copy_n(points_.begin(), old_dimension, added);
    added[k] = step;
  }
  dimension_ = new_dimension;
  points_.swap(grown);
  values_.resize(new_dimension + 1, values_.empty() ? 0.0 : values_.back());
}

size_t NelderMead::evaluate(Simplex& simplex, Objective objective) {
  for (size_t i = 0; i <= simplex.dimension(); ++i) simplex.set_value(i, objective(simplex.vertex(i)));
  simplex.sort();
  return simplex.dimension() + 1;
}

size_t NelderMead::iterate(Simplex& simplex, Objective objective) {
  const size_t n = simplex.dimension();
  const double rho = c_.reflect, chi = c_.expand, psi = c_.contract, sigma = c_.shrink;
  centroid_.assign(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    const auto v = simplex.vertex(i);
    for (size_t k = 0; k < n; ++k) centroid_[k] += v[k];
  }
  for (double& x : centroid_) x /= static_cast<double>(n);

  const auto worst = simplex.vertex(n);
  // The point (1 + a) * centroid - a * worst; a = rho reflects, a = rho * chi expands, ...
  const auto along = [&](std::vector<double>& out, double a) {
    out.resize(n);
    for (size_t k = 0; k < n; ++k) out[k] = (1 + a) * centroid_[k] - a * worst[k];
  };
  const auto replace_worst = [&](const std::vector<double>& x, double value) {
    std::copy(x.begin(), x.end(), worst.begin());
    simplex.set_value(n, value);
  };

  along(reflected_, rho);
  const double f_reflected = objective(reflected_);
  size_t evaluations = 1;
  bool shrink = false;
  if (f_reflected < simplex.value(0)) {
    along(trial_, rho * chi);
    const double f_expanded = objective(trial_);
    ++evaluations;
    if (f_expanded < f_reflected) {
      replace_worst(trial_, f_expanded);
    } else {
      replace_worst(reflected_, f_reflected);
    }
  } else if (f_reflected < simplex.value(n - 1)) {
    replace_worst(reflected_, f_reflected);
  } else if (f_reflected < simplex.value(n)) {
    along(trial_, psi * rho);  // outside contraction
    const double f_contracted = objective(trial_);
    ++evaluations;
    if (f_contracted <= f_reflected) {
      replace_worst(trial_, f_contracted);
    } else {
      shrink = true;
    }
  } else {
    trial_.resize(n);  // inside contraction
    for (size_t k = 0; k < n; ++k) trial_[k] = (1 - psi) * centroid_[k] + psi * worst[k];
    const double f_contracted = objective(trial_);
    ++evaluations;
    if (f_contracted < simplex.value(n)) {
      replace_worst(trial_, f_contracted);
    } else {
      shrink = true;
    }
  }
  if (shrink) {
    const auto best = simplex.vertex(0);
    for (size_t j = 1; j <= n; ++j) {
      auto v = simplex.vertex(j);
      for (size_t k = 0; k < n; ++k) v[k] = best[k] + sigma * (v[k] - best[k]);
      simplex.set_value(j, objective(v));
    }
    evaluations += n;
    simplex.sort();
  } else {
    simplex.sort_last();  // only the worst vertex moved
  }
  return evaluations;
}

MinimizeResult minimize(Objective objective, Simplex simplex, const MinimizeOptions& options) {
  const size_t n = simplex.dimension();
  const size_t max_iterations = options.max_iterations > 0 ? options.max_iterations : 200 * n;
  const size_t max_evaluations = options.max_evaluations > 0 ? options.max_evaluations : 200 * n;
  NelderMead method(options.adaptive ? NelderMeadCoefficients::adaptive(n)
                                     : NelderMeadCoefficients::standard());
  size_t evaluations = method.evaluate(simplex, objective);
  size_t iterations = 1;  // scipy counts from 1
  while (evaluations < max_evaluations && iterations < max_iterations) {
    if (simplex.extent() <= options.xatol && simplex.value_spread() <= options.fatol) break;
    evaluations += method.iterate(simplex, objective);
    ++iterations;
  }
  const auto best = simplex.vertex(0);
  return {std::vector<double>(best.begin(), best.end()), simplex.value(0), iterations, evaluations};
}

}  // namespace tinymlkit
