// What a model needs to take part in federated rounds, beside being a Learner. A spec declares
// the capability (`federation: true`); its generated main then checks at compile time that the
// runtime class implements this, and the command line accepts -m and --export-summary. A model
// without it is a Learner only and refuses them.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include "tinymlkit/aggregate.hpp"
#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

class FederatedLearner {
 public:
  virtual ~FederatedLearner() = default;

  // A client summary: the model without any raw example, what a client may send.
  virtual void save_summary(ByteWriter& out) const = 0;
  // Why this model, though it loaded, cannot take part in a round (say, parameters that overflow
  // once put in the data's units); the round excludes it by name and counts it among F.
  virtual std::optional<std::string> unfit_client() const { return std::nullopt; }
  // Why `other` (same kind and hyperparameters) cannot be aggregated with this model, if so.
  virtual std::optional<std::string> incompatibility(const Learner& other) const = 0;
  // Becomes the robust aggregate of `clients` (compatible with each other, at least one, all of
  // this model's kind) under `rule` with F = byzantine. `previous` is the last round's global
  // model (null in the first round), where a rule starts from it. Returns the Weiszfeld
  // iterations where there are any.
  virtual Result<size_t> aggregate(std::span<const Learner* const> clients, AggregationRule rule, size_t byzantine,
                                   const Learner* previous) = 0;
};

}  // namespace tinymlkit
