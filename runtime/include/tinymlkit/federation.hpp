// What a model file remembers of federated learning: which aggregation round made it, and for
// each recent round the rule, F, and which clients were accepted or rejected and why.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/json_writer.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

struct RejectedClient {
  std::string file;
  std::string reason;
};

struct FederationRound {
  uint64_t round = 0;
  std::string rule;
  uint64_t byzantine = 0;
  uint64_t accepted = 0;
  std::vector<RejectedClient> rejected;
  uint64_t iterations = 0;  // the geometric median's Weiszfeld iterations
};

struct FederationRecord {
  static constexpr size_t kRoundsKept = 32;

  uint64_t round = 0;  // 0: never aggregated
  std::vector<FederationRound> history;  // the last kRoundsKept rounds, oldest first

  void add(FederationRound entry);
  void save(ByteWriter& out) const;
  Status load(ByteReader& in);
  void describe(JsonWriter& out) const;
};

}  // namespace tinymlkit
