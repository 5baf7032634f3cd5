// The squared loss of a linear model over a window of examples, from sufficient statistics. Over
// z = (1, x), the sums of w·z·zᵀ, w·y·z and w·y² decide the squared loss of every linear model;
// once per simplex update they become a quadratic form in the standardized vertex, and each of
// Nelder–Mead's evaluations then costs O(d²) instead of a pass over the whole window.
//
// The window's sums are not kept by adding the entering example and subtracting the leaving one:
// that drifts with rounding and depends on the stream's whole past, so a resumed run would not
// equal one run bit for bit. The stream is cut into blocks of consecutive examples (by their
// number since the start); each block's sums are added up from zero, in order; the window's sums
// are its partial oldest block's examples plus its whole blocks, added in one fixed order. They
// depend only on the window's examples and their numbers, which a model file holds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "tinymlkit/example.hpp"
#include "tinymlkit/function_ref.hpp"

namespace tinymlkit {

struct WindowExample {
  double target;  // the label, or -1/+1 for a class
  double weight;
  std::vector<Feature> features;
};

// Σ w·z·zᵀ (its upper triangle, row after row), Σ w·y·z and Σ w·y² over z = (1, x).
class GramSums {
 public:
  void reset(size_t size);  // size: that of z, 1 + the features
  void add(const WindowExample& example);
  void add(const GramSums& other);
  size_t size() const { return size_; }
  // Row j of the triangle: entries (j, j), (j, j + 1), ..., (j, size - 1).
  size_t row_start(size_t j) const { return j * size_ - j * (j - 1) / 2; }
  double zz(size_t j, size_t k) const { return zz_[row_start(j) + (k - j)]; }  // j <= k
  double yz(size_t j) const { return yz_[j]; }
  double yy() const { return yy_; }

 private:
  void add_dense(double w, double y, std::span<const Feature> features);

  size_t size_ = 0;
  std::vector<double> zz_, yz_;
  double yy_ = 0;
  std::vector<double> dense_;  // reused: the dense example's values, at their places in z
};

// How the learner standardizes: z'_j = (x_j - mean_j) / scale_j, a feature with scale 0 unused,
// and the target t = (y - label_mean) / label_scale.
struct Standardization {
  std::span<const double> means;
  std::span<const double> scales;
  double label_mean = 0;
  double label_scale = 1;
};

// The mean squared loss over the summed examples, (q - 2 gᵀθ + θᵀGθ) / total weight, of a vertex
// θ (bias first) in standardized units.
class SquaredWindowLoss {
 public:
  void assign(const GramSums& sums, const Standardization& standardization);
  double operator()(std::span<const double> theta) const;

 private:
  size_t size_ = 0;
  std::vector<double> quadratic_;  // G's upper triangle, entries off the diagonal doubled
  std::vector<double> linear_;     // -2 g
  double constant_ = 0;            // q
  double weight_ = 0;
};

// The window's sums, block by block (see the top of this file).
class WindowGram {
 public:
  using ExampleAt = FunctionRef<const WindowExample&(size_t)>;

  // A window of at most `capacity` examples, in about sixteen blocks: adding a block's sums costs
  // a fraction of adding an example's products, and the partial oldest block holds at most a
  // sixteenth of the window.
  explicit WindowGram(size_t capacity);
  // The model grew, or its window was replaced: sums are rebuilt at the next window_sums.
  void invalidate() { valid_ = false; }
  // The example just learned, the stream's `number`-th (from 1), if the sums are kept up to date.
  void add(uint64_t number, const WindowExample& example);
  // The sums over `count` examples numbered last - count + 1 .. last, oldest first.
  const GramSums& window_sums(ExampleAt example_at, size_t count, uint64_t last, size_t size);

 private:
  struct Block {
    uint64_t id;
    GramSums sums;
  };
  uint64_t block_of(uint64_t number) const { return (number - 1) / block_size_; }
  const GramSums* closed_block(uint64_t id) const;

  size_t block_size_;  // at least 1, from the constructor
  bool valid_ = false;
  size_t size_ = 0;
  uint64_t open_id_ = 0;
  GramSums open_;
  std::vector<Block> closed_;  // a ring: block id modulo its length
  GramSums window_;
};

}  // namespace tinymlkit
