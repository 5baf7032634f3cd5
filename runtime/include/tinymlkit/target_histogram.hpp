// A regression tree leaf's view of one numeric feature: the target's moments in a fixed number
// of equal-width bins over the feature's values. The bins cover the range seen so far; a value
// outside it doubles the bin width (merging bins in pairs, which is exact) until it fits, so
// memory is constant and no value is ever dropped. Split candidates are the bin boundaries. As
// everywhere, an absent feature is a zero: the caller passes the leaf's totals and the zeros'
// share is what the present values leave of them.
#pragma once

#include <cstddef>
#include <vector>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/split_criterion.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

class TargetHistogram {
 public:
  void add(double x, double y, double weight, size_t bins);

  struct Split {
    double merit;
    double threshold;  // x <= threshold goes left
    TargetMoments left, right;
  };
  // The boundary with the largest variance reduction (merit -inf if none qualifies).
  Split best_split(const TargetMoments& leaf_total, double min_branch_weight) const;

  void shift_targets(double offset);
  // Whether the feature was present (not an absent zero) in any example the histogram saw.
  bool met() const { return present_.weight > 0; }
  size_t bytes() const { return 96 + 24 * bins_.size(); }  // fixed widths: see TreeStructure
  void save(ByteWriter& out) const;
  Status load(ByteReader& in, size_t bins);

 private:
  size_t bin_of(double x) const;
  void cover(double x);  // doubles the bin width until x falls inside
  double boundary(size_t k) const { return origin_ + static_cast<double>(k) * width_; }

  double first_ = 0;   // the first value: all values while width_ is 0
  double origin_ = 0;  // bin k covers [origin_ + k width_, origin_ + (k + 1) width_)
  double width_ = 0;
  std::vector<TargetMoments> bins_;
  TargetMoments present_;
};

}  // namespace tinymlkit
