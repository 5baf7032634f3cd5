// The random feature subspace of a random forest's leaf (Breiman 2001; Gomes et al. 2017): of the
// features a leaf could split on, its split attempts consider only a few, drawn for that leaf,
// as MOA's and River's ARF leaves draw theirs when they are made. (Drawing afresh at every attempt
// was measured too: 0.9 points worse on average over the shared streams, and on agrawal's
// 20-category feature it let the tie rule split a leaf on whichever noise feature one attempt
// happened to draw; README, "tinymlkit-forest".) The draw is a hash of the tree's seed and the
// leaf's node, not a generator's next numbers, so it needs no state of its own: a resumed run
// draws what one long run draws, native and wasm alike.
#pragma once

#include <cstdint>
#include <vector>

#include "tinymlkit/feature_count.hpp"

namespace tinymlkit {

struct RandomSubspace {
  FeatureCount size;
  uint64_t seed;  // the tree's

  // Keeps size.of(features.size()) of the sorted `features`, in their order, for the leaf at `node`.
  void keep(std::vector<uint32_t>& features, uint32_t node) const;
};

}  // namespace tinymlkit
