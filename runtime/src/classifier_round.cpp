#include "tinymlkit/classifier_round.hpp"

#include <string>

namespace tinymlkit {

Result<ClassifierRound> classifier_round(std::span<const LabelDictionary* const> dictionaries,
                                         std::span<const FeatureStatistics* const> statistics, AggregationRule rule,
                                         size_t byzantine, int64_t max_classes) {
  ClassifierRound round;
  round.classes = classes_named_by_more_than(dictionaries, byzantine);
  if (round.classes.size() > static_cast<size_t>(max_classes)) {
    return fail(ExitCode::kBadInput, "the client models name " + std::to_string(round.classes.size()) +
                                         " classes together, more than --max-classes " + std::to_string(max_classes));
  }
  TMK_ASSIGN_OR_RETURN(round.features, aggregate_statistics(statistics, rule, byzantine));
  return round;
}

}  // namespace tinymlkit
