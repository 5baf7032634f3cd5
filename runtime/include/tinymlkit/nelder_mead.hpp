// The Nelder–Mead simplex method, with exactly scipy's rules (scipy.optimize, method
// "Nelder-Mead"): the same acceptance tests, the same arithmetic, vertices kept sorted by a
// stable sort, so that configured like scipy it makes the same evaluations. The simplex is a
// value of its own so an online learner can keep it between examples and iterate on it.
#pragma once

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "tinymlkit/function_ref.hpp"

namespace tinymlkit {

using Objective = FunctionRef<double(std::span<const double>)>;

// An objective of the form g(image(x)), with `image` affine in x: a linear model's loss on a window
// of examples is a function of the model's margins there. Every point Nelder–Mead tries is an
// affine combination of vertices, so its image is the same combination of theirs, and a trial
// costs g alone where image(x) costs a pass over the window. The images combined carry rounding
// that image(x) would not, so the values are those of image(x) to within a few ulps.
class Simplex;
struct AffineObjective {
  size_t image_size;
  // Writes every vertex's image (Simplex::image(i) of Simplex::vertex(i)): one pass over the
  // window for all vertices.
  FunctionRef<void(Simplex& simplex)> images;
  FunctionRef<double(std::span<const double> image)> value;
};

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
  // The vertices' images under an AffineObjective, in the vertices' order, then two spare images
  // for trial points (dimension() + 1 and + 2), and the vertices' images' sum. Only NelderMead's
  // affine evaluate() sets them; grow() drops them. Sorting and swapping move no image, only
  // which row holds it.
  size_t image_size() const { return image_size_; }
  std::span<double> image(size_t i) {
    return {images_.data() + image_rows_[i] * image_size_, image_size_};
  }
  std::span<double> image_sum() { return image_sum_; }
  void set_image_size(size_t image_size);
  void swap_images(size_t i, size_t j) { std::swap(image_rows_[i], image_rows_[j]); }
  void sum_images();

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
  size_t image_size_ = 0;
  std::vector<double> images_;      // row r at [r * image_size_, (r + 1) * image_size_)
  std::vector<size_t> image_rows_;  // the row of vertex i's image (or spare image i)
  std::vector<size_t> row_scratch_;
  std::vector<double> image_sum_;
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
  // The same for an objective of an affine image: evaluate() computes each vertex's image, and
  // iterate() combines them, on the same simplex.
  size_t evaluate(Simplex& simplex, const AffineObjective& objective);
  size_t iterate(Simplex& simplex, const AffineObjective& objective);

 private:
  // iterate()'s moves, with the trial points valued by `Trials` (nelder_mead.cpp).
  template <class Trials>
  size_t iterate_with(Simplex& simplex, Trials& trials);

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
