// Federated tinymlkit-nm: the global model from client models. Clients standardize with their
// own statistics, so their parameters are compared in the units of the data: each client's best
// vertex becomes a linear function of the raw features (a feature it never saw has weight 0),
// those are aggregated coordinate by coordinate with the chosen rule, and so are the feature
// and label statistics; the global simplex is rebuilt around the aggregate best vertex with a
// robust spread of the clients' best vertices as its edges. (Aggregating vertex j of every
// client instead needs equal vertex counts, which clients of different feature dimensions lack,
// and a client's j-th vertex means nothing in particular to another's.)
#include <algorithm>
#include <cmath>

#include "tinymlkit/nm_learner.hpp"

namespace tinymlkit {
namespace {

constexpr double kMadToDeviation = 1.4826;  // median absolute deviation of a normal, in deviations

double median(const std::vector<double>& values) {
  return coordinate_median(std::vector<std::vector<double>>{values})[0];
}

}  // namespace

std::optional<std::string> NmLearner::incompatibility(const Learner& other) const {
  if (task() == Task::kRegression) return std::nullopt;
  std::vector<std::string> names = classes_.names();
  for (uint32_t c = 0; c < other.class_count(); ++c)
    if (std::find(names.begin(), names.end(), other.class_name(c)) == names.end()) names.emplace_back(other.class_name(c));
  if (names.size() <= 2) return std::nullopt;
  return "its class labels (" + std::string(other.class_count() > 0 ? other.class_name(0) : "") + ", ...) are not "
         "those of the other clients";
}

std::optional<std::string> NmLearner::unfit_client() const {
  // Bounded as data values are, so that the rules' sums of squares and distances stay finite.
  const std::vector<double> best = raw_vertex(simplex_.vertex(0));
  if (!std::all_of(best.begin(), best.end(), [](double v) { return std::fabs(v) < kMaxMagnitude; }))
    return "its best vertex in the data's units is not finite or past 1e100 (its feature statistics blow it up)";
  return std::nullopt;
}

Result<size_t> NmLearner::aggregate(std::span<const Learner* const> clients, AggregationRule rule, size_t byzantine,
                                    const Learner* previous) {
  std::vector<const NmLearner*> models;
  for (const Learner* client : clients) models.push_back(static_cast<const NmLearner*>(client));
  // One class order for all: the first client's, then classes others add.
  classes_ = LabelDictionary();
  for (const NmLearner* model : models)
    for (const std::string& name : model->classes_.names())
      if (!classes_.find(name)) classes_.add(name);
  size_t dimension = 0;  // in feature indexes: the aggregation is in the data's units
  for (const NmLearner* model : models)
    dimension = std::max(dimension, model->coordinates_.index_bound());

  // A model's best vertex in the data's units and in the global class order: a binary model
  // that met its classes in the other order has the margin's sign flipped.
  const auto best_of = [&](const NmLearner& model) {
    std::vector<double> best = model.raw_vertex(model.simplex_.vertex(0));
    best.resize(dimension + 1, 0.0);
    const bool flipped = model.classes_.size() > 0 && classes_.find(model.classes_.name(0)) != 0u;
    if (task() == Task::kClassification && flipped)
      for (double& w : best) w = -w;
    return best;
  };
  std::vector<std::vector<double>> bests, labels;
  std::vector<const FeatureStatistics*> statistics;
  for (const NmLearner* model : models) {
    bests.push_back(best_of(*model));
    statistics.push_back(&model->features_);
    labels.push_back({model->labels_.mean(model->labels_.present),
                      model->labels_.variance(model->labels_.present), model->labels_.present});
  }
  // Centered clipping starts from the last global model (same kind and settings as the clients).
  const std::vector<double> last_global =
      previous != nullptr ? best_of(*static_cast<const NmLearner*>(previous)) : std::vector<double>();
  TMK_ASSIGN_OR_RETURN(Aggregate best, tinymlkit::aggregate(rule, bests, byzantine, last_global));
  TMK_ASSIGN_OR_RETURN(features_, aggregate_statistics(statistics, rule, byzantine));
  TMK_ASSIGN_OR_RETURN(Aggregate label, tinymlkit::aggregate(rule, labels, byzantine));
  labels_ = ShiftedMoments{label.value[0], label.value[2], 0.0, std::max(0.0, label.value[1]) * label.value[2]};
  learned_ = features_.count();  // the median count: unweighted, a count buys no influence

  // The global model's features: those any client met, and any the aggregate weighs (centered
  // clipping starts from the last global model), in index order.
  std::vector<bool> met(dimension, false);
  for (const NmLearner* model : models)
    for (const uint32_t index : model->coordinates_.indexes()) met[index] = true;
  coordinates_ = FeatureCoordinates();
  for (size_t j = 0; j < dimension; ++j)
    if (met[j] || best.value[j + 1] != 0.0) coordinates_.meet(static_cast<uint32_t>(j));

  // The simplex's edges: the clients' robust spread around the aggregate, in standardized units.
  const std::vector<double> center = standardized(best.value);
  std::vector<double> steps(center.size());
  for (size_t k = 0; k < steps.size(); ++k) {
    std::vector<double> deviations;
    deviations.reserve(bests.size());
    for (const std::vector<double>& raw : bests) deviations.push_back(std::fabs(standardized(raw)[k] - center[k]));
    steps[k] = std::clamp(kMadToDeviation * median(deviations), config_.restart_step, config_.initial_step);
  }
  restart_at(best.value, steps);
  return std::max(best.iterations, label.iterations);
}

std::vector<double> NmLearner::standardized(std::span<const double> raw) const {
  std::vector<double> theta(dimension() + 1, 0.0);
  if (raw.empty()) return theta;
  theta[0] = (raw[0] - label_mean()) / label_scale();
  for (size_t c = 0; c < dimension(); ++c) {
    const uint32_t j = coordinates_.index(c);
    const double weight = size_t{j} + 1 < raw.size() ? raw[size_t{j} + 1] : 0.0;
    const double scale = config_.standardize ? features_.scale(j) : 1.0;
    theta[c + 1] = weight * scale / label_scale();
    theta[0] += config_.standardize ? weight * features_.mean(j) / label_scale() : 0.0;
  }
  return theta;
}

void NmLearner::restart_at(std::span<const double> raw, std::span<const double> steps) {
  simplex_ = Simplex::around(standardized(raw), steps);
  method_ = NelderMead(coefficients_for(config_, simplex_.dimension()));
  window_start_ = window_size_ = 0;
  gram_.invalidate();
  pending_ = updates_ = evaluations_ = restarts_ = 0;
  history_.clear();
  history_start_ = 0;
}

}  // namespace tinymlkit
