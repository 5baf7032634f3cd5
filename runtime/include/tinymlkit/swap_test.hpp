// Whether a background learner, started when a drift was suspected, has proved better than the
// learner it would replace (the Hoeffding Adaptive Tree's rule, Bifet & Gavaldà 2009, as a sign
// test): on the examples where exactly one of the two erred, the background one must be right
// more often than half by Hoeffding's bound. The bound is taken at confidence delta / (k (k+1))
// after k such examples, so that over the whole contest a wrong swap has probability at most
// delta. A background learner shown worse, or not shown better within its patience, is dropped.
#pragma once

#include <cstdint>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

class SwapTest {
 public:
  enum class Verdict : uint8_t { kUndecided, kSwap, kAbandon };

  SwapTest(double confidence, uint64_t patience) : confidence_(confidence), patience_(patience) {}

  // Both learners' progressive outcome on one example.
  Verdict add(bool current_wrong, bool background_wrong);

  void save(ByteWriter& out) const;
  Status load(ByteReader& in);

 private:
  double confidence_;
  uint64_t patience_;  // examples the background learner gets to prove itself
  uint64_t examples_ = 0;
  uint64_t discordant_ = 0;        // exactly one of the two erred
  uint64_t background_right_ = 0;  // of those, the background learner was right
};

}  // namespace tinymlkit
