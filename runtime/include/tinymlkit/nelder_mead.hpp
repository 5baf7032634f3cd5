// The Nelder–Mead simplex method, with exactly scipy's rules (scipy.optimize, method
// "Nelder-Mead"): the same acceptance tests, the same arithmetic, vertices kept sorted by a
// stable sort, so that configured like scipy it makes the same evaluations. The simplex is a
// value of its own so an online learner can keep it between examples and iterate on it.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "tinymlkit/function_ref.hpp"

namespace tinymlkit {

using Objective = FunctionRef<double(std::span<const double>)>;

struct NelderMeadCoefficients {
  double reflect = 1.0;
  double expand = 2.0;
  double contract = 0.5;
  double shrink = 0.5;

  static NelderMeadCoefficients standard() { return {}; }
  // Gao & Han (2012): better than the standard ones above a handful of dimensions.
  static NelderMeadCoefficients adaptive(size_t dimension);
};

// dimension + 1 vertices with their objective values, best first.
class Simplex {
 public:
  Simplex() = default;
  explicit Simplex(size_t dimension);
  // x0 and, for each coordinate k, x0 with x0[k] moved by step[k].
  static Simplex around(std::span<const double> x0, std::span<const double> steps);
  // scipy's: x0[k] scaled by 1.05, or set to 0.00025 where it is 0.
  static Simplex scipy_initial(std::span<const double> x0);

  size_t dimension() const { return dimension_; }
  std::span<double> vertex(size_t i) { return {points_.data() + i * dimension_, dimension_}; }
  std::span<const double> vertex(size_t i) const { return {points_.data() + i * dimension_, dimension_}; }
  double value(size_t i) const { return values_[i]; }
  void set_value(size_t i, double value) { values_[i] = value; }
  std::span<const double> points() const { return points_; }
  std::span<const double> values() const { return values_; }

  // Stable sort of the vertices by value.
  void sort();
  // The same, when only the last vertex is out of place: it moves to where sort() would put it.
  void sort_last();
  // Largest coordinate distance of any vertex from the best one (scipy's x tolerance test).
  double extent() const;
  // The spread of the vertices along the coordinate where it is smallest: near 0, the simplex
  // has collapsed onto a hyperplane it cannot leave (stagnation, common on non-smooth losses).
  double narrowest_spread() const;
  // Largest distance of any vertex's value from the best one's (scipy's f tolerance test).
  double value_spread() const;
  // More coordinates, 0 at every vertex, and one more vertex for each: the best vertex moved by
  // `step` along the new coordinate.
  void grow(size_t new_dimension, double step);
  // Restores a simplex from its points and values (as saved in a model file).
  static Simplex from_parts(size_t dimension, std::vector<double> points, std::vector<double> values);

 private:
  size_t dimension_ = 0;
  std::vector<double> points_;  // vertex i at [i * dimension_, (i + 1) * dimension_)
  std::vector<double> values_;
  std::vector<double> scratch_;
  std::vector<size_t> order_;
};

class NelderMead {
 public:
  explicit NelderMead(const NelderMeadCoefficients& coefficients) : c_(coefficients) {}

  // Evaluates every vertex (after the objective changed) and sorts. Returns the evaluations.
  size_t evaluate(Simplex& simplex, Objective objective);
  // One iteration: reflect, expand, contract or shrink, then sort. Returns the evaluations.
  size_t iterate(Simplex& simplex, Objective objective);

 private:
  NelderMeadCoefficients c_;
  std::vector<double> centroid_, reflected_, trial_;
};

struct MinimizeOptions {
  double xatol = 1e-4;
  double fatol = 1e-4;
  size_t max_iterations = 0;   // 0: 200 per dimension, as scipy
  size_t max_evaluations = 0;  // 0: 200 per dimension, as scipy
  bool adaptive = false;
};

struct MinimizeResult {
  std::vector<double> x;
  double value;
  size_t iterations;
  size_t evaluations;
};

// scipy.optimize.minimize(method="Nelder-Mead") from the given initial simplex.
MinimizeResult minimize(Objective objective, Simplex simplex, const MinimizeOptions& options);

}  // namespace tinymlkit
