// What runs when a class meets a new feature at a leaf or its features are wanted in index order:
// at most once a feature, amortized, so built for size in the .wasm modules
// (runtime/CMakeLists.txt).
#include "tinymlkit/class_gaussians.hpp"

#include <algorithm>

namespace tinymlkit {

uint32_t ClassGaussians::slot_added(uint32_t feature) {
  uint32_t slot = slot_of(feature);
  if (slot != IndexMap::kAbsent) return slot;
  slot = static_cast<uint32_t>(features_.size());
  const bool in_order = sorted_ == features_.size() && (sorted_ == 0 || features_.back() < feature);
  features_.push_back(feature);
  append(pages_, GaussianEstimator());
  if (slots_.size() > 0) {
    slots_.insert(feature);
  } else if (features_.size() > kScanned) {
    for (const uint32_t met : features_) slots_.insert(met);
  }
  if (in_order) {
    ++sorted_;
  } else if (order_wanted_ && features_.size() - sorted_ > sorted_) {
    merge_appended();
    slot = slot_of(feature);
  }
  return slot;
}

// The features appended since the last call are sorted by index (plain uint32_t: the
// instantiation split candidates use already), mapped back to their slots and merged with those
// sorted before: naive Bayes over every feature met calls this once a prediction.
const std::vector<uint32_t>& ClassGaussians::sort_appended() const {
  const size_t known = appended_by_index_.size();
  std::vector<uint32_t> arrived(features_.begin() + static_cast<std::ptrdiff_t>(sorted_ + known),
                                features_.end());
  std::sort(arrived.begin(), arrived.end());
  std::vector<uint32_t> merged;
  merged.reserve(known + arrived.size());
  size_t k = 0;
  for (const uint32_t feature : arrived) {
    for (; k < known && features_[appended_by_index_[k]] < feature; ++k)
      merged.push_back(appended_by_index_[k]);
    merged.push_back(slot_of(feature));
  }
  merged.insert(merged.end(), appended_by_index_.begin() + static_cast<std::ptrdiff_t>(k),
                appended_by_index_.end());
  appended_by_index_.swap(merged);
  return appended_by_index_;
}

void ClassGaussians::append(std::vector<std::vector<GaussianEstimator>>& pages,
                            const GaussianEstimator& gaussian) {
  if (pages.empty() || pages.back().size() == kPage) pages.emplace_back();
  pages.back().push_back(gaussian);
}

void ClassGaussians::merge_appended() {
  std::vector<uint32_t> features;
  std::vector<std::vector<GaussianEstimator>> pages;
  features.reserve(features_.size());
  for_each_by_index([&](uint32_t feature, const GaussianEstimator& gaussian) {
    if (slots_.size() > 0) slots_.renumber(feature, static_cast<uint32_t>(features.size()));
    features.push_back(feature);
    append(pages, gaussian);
  });
  features_.swap(features);
  pages_.swap(pages);
  sorted_ = features_.size();
  appended_by_index_.clear();
  order_wanted_ = false;
}

}  // namespace tinymlkit
