#include "tinymlkit/random_subspace.hpp"

#include <algorithm>
#include <utility>

#include "tinymlkit/random.hpp"

namespace tinymlkit {

void RandomSubspace::keep(std::vector<uint32_t>& features, uint32_t node) const {
  const size_t kept = size.of(features.size());
  if (kept >= features.size()) return;
  SplitMix64 draw(seed ^ SplitMix64(node).next());
  // The first `kept` steps of a Fisher-Yates shuffle: each subset of that size is as likely.
  for (size_t i = 0; i < kept; ++i) std::swap(features[i], features[i + draw.next() % (features.size() - i)]);
  features.resize(kept);
  std::sort(features.begin(), features.end());
}

}  // namespace tinymlkit
