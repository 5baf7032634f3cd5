#include "tinymlkit/nelder_mead.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "tinymlkit/row_arithmetic.hpp"

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
  if (image_size_ == 0) return;
  row_scratch_.assign(image_rows_.begin(),
                      image_rows_.begin() + static_cast<std::ptrdiff_t>(order_.size()));
  for (size_t i = 0; i < order_.size(); ++i) image_rows_[i] = row_scratch_[order_[i]];
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
  if (image_size_ > 0)
    std::rotate(image_rows_.begin() + place, image_rows_.begin() + last,
                image_rows_.begin() + last + 1);
}

void Simplex::set_image_size(size_t image_size) {
  image_size_ = image_size;
  image_rows_.resize(dimension_ + 3);
  std::iota(image_rows_.begin(), image_rows_.end(), size_t{0});
  images_.resize(image_rows_.size() * image_size);
  image_sum_.resize(image_size);
}

// In vertex order, so the sum's rounding depends on the vertices alone.
void Simplex::sum_images() {
  std::fill(image_sum_.begin(), image_sum_.end(), 0.0);
  for (size_t i = 0; i <= dimension_; ++i) {
    const auto row = image(i);
    for (size_t k = 0; k < image_size_; ++k) image_sum_[k] += row[k];
  }
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
  set_image_size(0);  // the images were of the old dimension's vertices
  values_.resize(new_dimension + 1, values_.empty() ? 0.0 : values_.back());
}

namespace {

// Trial points valued by the objective of the point itself.
class PointTrials {
 public:
  explicit PointTrials(Objective objective) : objective_(objective) {}
  // The point (1 + a) * centroid - a * worst, already in `point`; `slot` names its buffer.
  double value(std::span<const double> point, size_t /*slot*/, double /*a*/) {
    return objective_(point);
  }
  void accept(Simplex& /*simplex*/, size_t /*slot*/) {}
  double shrunk(Simplex& simplex, size_t j, double /*sigma*/) {
    return objective_(simplex.vertex(j));
  }
  void after_shrink(Simplex& /*simplex*/) {}

 private:
  Objective objective_;
};

// Trial points valued through their images: each the same affine combination of the vertices'
// images as the point is of the vertices, written into a spare image (slot 0 or 1). The centroid's
// image is (sum - worst) / n from the images' running sum, folded into the combination.
class ImageTrials {
 public:
  ImageTrials(const AffineObjective& objective, Simplex& simplex)
      : objective_(objective), simplex_(simplex) {}

  // (1 + a) * (sum - worst) / n - a * worst.
  double value(std::span<const double> /*point*/, size_t slot, double a) {
    const size_t n = simplex_.dimension();
    const auto sum = simplex_.image_sum();
    const auto worst = simplex_.image(n);
    const auto image = spare(slot);
    const double of_sum = (1 + a) / static_cast<double>(n), of_worst = of_sum + a;
    scaled_difference(image, of_sum, sum, of_worst, worst);
    return objective_.value(image);
  }
  void accept(Simplex& simplex, size_t slot) {
    const size_t n = simplex.dimension();
    const auto image = spare(slot);
    const auto worst = simplex.image(n);
    const auto sum = simplex.image_sum();
    add_difference(sum, image, worst);
    simplex.swap_images(n, n + 1 + slot);
  }
  double shrunk(Simplex& simplex, size_t j, double sigma) {
    const auto best = simplex.image(0);
    const auto image = simplex.image(j);
    for (size_t k = 0; k < image.size(); ++k) image[k] = best[k] + sigma * (image[k] - best[k]);
    return objective_.value(image);
  }
  void after_shrink(Simplex& simplex) { simplex.sum_images(); }

 private:
  std::span<double> spare(size_t slot) { return simplex_.image(simplex_.dimension() + 1 + slot); }

  const AffineObjective& objective_;
  Simplex& simplex_;
};

}  // namespace

size_t NelderMead::evaluate(Simplex& simplex, Objective objective) {
  for (size_t i = 0; i <= simplex.dimension(); ++i) simplex.set_value(i, objective(simplex.vertex(i)));
  simplex.sort();
  return simplex.dimension() + 1;
}

size_t NelderMead::evaluate(Simplex& simplex, const AffineObjective& objective) {
  simplex.set_image_size(objective.image_size);
  objective.images(simplex);
  for (size_t i = 0; i <= simplex.dimension(); ++i)
    simplex.set_value(i, objective.value(simplex.image(i)));
  simplex.sort();
  simplex.sum_images();
  return simplex.dimension() + 1;
}

size_t NelderMead::iterate(Simplex& simplex, Objective objective) {
  PointTrials trials(objective);
  return iterate_with(simplex, trials);
}

size_t NelderMead::iterate(Simplex& simplex, const AffineObjective& objective) {
  ImageTrials trials(objective, simplex);
  return iterate_with(simplex, trials);
}

template <class Trials>
size_t NelderMead::iterate_with(Simplex& simplex, Trials& trials) {
  const size_t n = simplex.dimension();
  const double rho = c_.reflect, chi = c_.expand, psi = c_.contract, sigma = c_.shrink;
  centroid_.assign(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    const auto v = simplex.vertex(i);
    for (size_t k = 0; k < n; ++k) centroid_[k] += v[k];
  }
  for (double& x : centroid_) x /= static_cast<double>(n);

  const auto worst = simplex.vertex(n);
  // The point (1 + a) * centroid - a * worst, and its value: a = rho reflects, a = rho * chi
  // expands, a = psi * rho contracts outside and a = -psi inside. Slot 0 is the reflected point.
  const auto try_along = [&](size_t slot, double a) {
    std::vector<double>& out = slot == 0 ? reflected_ : trial_;
    out.resize(n);
    for (size_t k = 0; k < n; ++k) out[k] = (1 + a) * centroid_[k] - a * worst[k];
    return trials.value(out, slot, a);
  };
  const auto replace_worst = [&](size_t slot, double value) {
    const std::vector<double>& x = slot == 0 ? reflected_ : trial_;
    std::copy(x.begin(), x.end(), worst.begin());
    simplex.set_value(n, value);
    trials.accept(simplex, slot);
  };

  const double f_reflected = try_along(0, rho);
  size_t evaluations = 1;
  bool shrink = false;
  if (f_reflected < simplex.value(0)) {
    const double f_expanded = try_along(1, rho * chi);
    ++evaluations;
    if (f_expanded < f_reflected) {
      replace_worst(1, f_expanded);
    } else {
      replace_worst(0, f_reflected);
    }
  } else if (f_reflected < simplex.value(n - 1)) {
    replace_worst(0, f_reflected);
  } else if (f_reflected < simplex.value(n)) {
    const double f_contracted = try_along(1, psi * rho);  // outside contraction
    ++evaluations;
    if (f_contracted <= f_reflected) {
      replace_worst(1, f_contracted);
    } else {
      shrink = true;
    }
  } else {
    // Inside contraction: scipy's (1 - psi) * centroid + psi * worst, the same bits.
    const double f_contracted = try_along(1, -psi);
    ++evaluations;
    if (f_contracted < simplex.value(n)) {
      replace_worst(1, f_contracted);
    } else {
      shrink = true;
    }
  }
  if (shrink) {
    const auto best = simplex.vertex(0);
    for (size_t j = 1; j <= n; ++j) {
      auto v = simplex.vertex(j);
      for (size_t k = 0; k < n; ++k) v[k] = best[k] + sigma * (v[k] - best[k]);
      simplex.set_value(j, trials.shrunk(simplex, j, sigma));
    }
    trials.after_shrink(simplex);
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
