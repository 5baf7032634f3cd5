// The numeric features one class has met at a tree leaf, each with its Gaussian, found through an
// IndexMap (by a scan while they are few). A vector sorted by index moved everything past each new
// feature, and on 10^5-dimensional sparse rows that copying was most of a run; here a new feature
// is appended, and once the features appended out of order outnumber the sorted ones they are
// merged in, if something visits them in index order (a dense stream meets its features in order
// and never merges). Naive Bayes, the model file and the exports visit them in index order: the
// sorted ones in place, the rest merged in.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "tinymlkit/gaussian_estimator.hpp"
#include "tinymlkit/index_map.hpp"

namespace tinymlkit {

class ClassGaussians {
 public:
  // The Gaussian of `feature`, added empty when it is new.
  GaussianEstimator& at(uint32_t feature) {
    uint32_t after = 0;
    return at(feature, after);
  }
  // The same, trying slot `hint` first and leaving it at the slot after the one found: a row's
  // features, in index order, are then found without a search where the class met them in order.
  // Where the slot found lies far past the hint, the class met them out of order, as it does on
  // sparse rows, and the hint is dropped for the rest of the row: reading the slot after one met
  // at random was a cache miss a feature, about 7% of a sparse run, where the map's lookup is one
  // the row asked memory for ahead (prefetch()).
  GaussianEstimator& at(uint32_t feature, uint32_t& hint) {
    if (hint < features_.size() && features_[hint] == feature) return gaussian(hint++);
    const uint32_t slot = slot_added(feature);
    hint = slot - hint < kNearHint ? slot + 1 : kNoHint;
    return gaussian(slot);
  }
  const GaussianEstimator* find(uint32_t feature) const {
    const uint32_t slot = slot_of(feature);
    return slot == IndexMap::kAbsent ? nullptr : &gaussian(slot);
  }
  // IndexMap::prefetch: where find(feature) or at(feature) will look.
  void prefetch(uint32_t feature) const { slots_.prefetch(feature); }
  // Then asks for the Gaussian itself, where `feature` has one: naive Bayes over a sparse row
  // looks up features met far apart, and each Gaussian is a miss of its own behind the map's.
  void prefetch_gaussian(uint32_t feature) const {
    if constexpr (!kPrefetches) return;
    const uint32_t slot = slot_of(feature);
    if (slot != IndexMap::kAbsent) __builtin_prefetch(&gaussian(slot));
  }
  size_t size() const { return features_.size(); }
  // The features met in index order, one step at a time: the sorted slots in place, the
  // appended ones merged in.
  class InIndexOrder {
   public:
    explicit InIndexOrder(const ClassGaussians& gaussians)
        : of_(gaussians), appended_(gaussians.appended_by_index()) {
      settle();
    }
    bool done() const { return slot_ == kDone; }
    uint32_t feature() const { return of_.features_[slot_]; }
    const GaussianEstimator& gaussian() const { return of_.gaussian(slot_); }
    void next() {
      (from_sorted_ ? sorted_next_ : appended_next_) += 1;
      settle();
    }

   private:
    static constexpr size_t kDone = SIZE_MAX;
    void settle() {
      const bool sorted_left = sorted_next_ < of_.sorted_,
                 appended_left = appended_next_ < appended_.size();
      if (appended_left && (!sorted_left || of_.features_[appended_[appended_next_]] <
                                                of_.features_[sorted_next_])) {
        slot_ = appended_[appended_next_];
        from_sorted_ = false;
      } else {
        slot_ = sorted_left ? sorted_next_ : kDone;
        from_sorted_ = true;
      }
    }
    const ClassGaussians& of_;
    const std::vector<uint32_t>& appended_;
    size_t sorted_next_ = 0, appended_next_ = 0, slot_ = kDone;
    bool from_sorted_ = true;
  };
  // Calls visit(feature, gaussian) for every feature met, in index order.
  template <class Visit>
  void for_each_by_index(Visit&& visit) const {
    for (InIndexOrder at(*this); !at.done(); at.next()) visit(at.feature(), at.gaussian());
  }
  // Fixed widths, as TreeStructure::bytes: a Gaussian is six doubles, plus its feature index and
  // the map's two words per place.
  size_t bytes() const { return 48 + 52 * features_.size() + 8 * slots_.capacity(); }

 private:
  // Up to this many features a scan finds them faster than the map, which is built past it.
  static constexpr size_t kScanned = 16;
  // A slot this close past the hint follows it in the cache (a 64-byte line of indexes).
  static constexpr uint32_t kNearHint = 16;
  static constexpr uint32_t kNoHint = UINT32_MAX;
  // Gaussians are kept in pages of this many, so that a new one never moves those before it: a
  // leaf of a 10^5-dimensional stream meets tens of thousands, and one vector of them, copied
  // at each doubling, was a fifth of a sparse run's learning. A page grows as a vector, so a leaf
  // holds no more than it would in one. Pages of 256 (12 KB, from the heap rather than fresh
  // mappings) kept the forest's freed pages resident: 175 MB of peak RSS where one vector took
  // 155 and these pages (192 KB) 160 (bench/sparse_benchmark.py, 200,000 rows, measured while
  // saving the model still copied it and set the peak).
  static constexpr uint32_t kPage = 4096;
  GaussianEstimator& gaussian(size_t slot) { return pages_[slot / kPage][slot % kPage]; }
  const GaussianEstimator& gaussian(size_t slot) const {
    return pages_[slot / kPage][slot % kPage];
  }
  static void append(std::vector<std::vector<GaussianEstimator>>& pages,
                     const GaussianEstimator& gaussian);
  uint32_t slot_of(uint32_t feature) const {
    if (slots_.size() > 0) return slots_.find(feature);
    const auto found = std::find(features_.begin(), features_.end(), feature);
    return found == features_.end() ? IndexMap::kAbsent
                                    : static_cast<uint32_t>(found - features_.begin());
  }
  uint32_t slot_added(uint32_t feature);  // found, or added empty
  void merge_appended();
  const std::vector<uint32_t>& appended_by_index() const {
    order_wanted_ = true;
    return sorted_ + appended_by_index_.size() == features_.size() ? appended_by_index_
                                                                   : sort_appended();
  }
  const std::vector<uint32_t>& sort_appended() const;

  std::vector<uint32_t> features_;  // slot k holds gaussian(k)
  std::vector<std::vector<GaussianEstimator>> pages_;
  IndexMap slots_;     // empty while there are at most kScanned features
  size_t sorted_ = 0;  // slots below it are in index order, those past it in the order met
  // The slots past sorted_ in index order: a cache.
  mutable std::vector<uint32_t> appended_by_index_;
  // Whether the features were visited in index order since the last merge: only then is merging
  // worth its copying (naive Bayes over every feature met visits them every prediction; over the
  // features present, or majority-class leaves, only a model file or a rebuilt list does).
  mutable bool order_wanted_ = false;
};

}  // namespace tinymlkit
