// What a federated round of classifiers that vote (the tree's and the forest's ensembles) agrees
// on before it takes the clients' members: the classes more than F clients name, and the robust
// aggregate of the clients' feature statistics (for the naive Bayes variance smoothing).
#pragma once

#include <cstdint>
#include <span>

#include "tinymlkit/aggregate.hpp"
#include "tinymlkit/feature_statistics.hpp"
#include "tinymlkit/label_dictionary.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

struct ClassifierRound {
  LabelDictionary classes;
  FeatureStatistics features;
};

// An error (bad input) when the classes together are more than `max_classes`.
Result<ClassifierRound> classifier_round(std::span<const LabelDictionary* const> dictionaries,
                                         std::span<const FeatureStatistics* const> statistics, AggregationRule rule,
                                         size_t byzantine, int64_t max_classes);

}  // namespace tinymlkit
