// tinymlkit-nm: an online linear model (bias and weights) trained without derivatives by
// Nelder–Mead, so any loss works, smooth or not. The model keeps its simplex between examples:
// every `batch` examples the vertices are re-evaluated on a sliding window of recent examples
// (their old values are stale once the window moved) and a few iterations follow. Weights live
// in standardized feature space (running mean and deviation, kept in the model), so one step
// size fits every feature. A collapsed simplex is re-inflated around its best vertex. Under the
// squared loss, and up to kGramMaxFeatures features, the window's loss comes from its sufficient
// statistics (window_gram.hpp) rather than a pass over its examples: the same loss, rounded
// differently, and O(d²) per evaluation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tinymlkit/config/nm.hpp"
#include "tinymlkit/feature_coordinates.hpp"
#include "tinymlkit/feature_statistics.hpp"
#include "tinymlkit/federated_learner.hpp"
#include "tinymlkit/label_dictionary.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/loss.hpp"
#include "tinymlkit/nelder_mead.hpp"
#include "tinymlkit/random.hpp"
#include "tinymlkit/window_gram.hpp"

namespace tinymlkit {

class NmLearner final : public Learner, public FederatedLearner {
 public:
  // Past this, the window's sums (about 10 (d + 1)² doubles, 1.4 MB at 128) would cost more
  // memory than a small device has, and more time than passes over a sparse window.
  static constexpr size_t kGramMaxFeatures = 128;

  NmLearner(const NmConfig& config, uint64_t seed);

  Task task() const override;
  std::expected<double, std::string> target_of(std::string_view label) override;
  std::string_view class_name(uint32_t class_index) const override;
  size_t class_count() const override { return classes_.size(); }
  bool knows_label(std::string_view label) const override {
    return task() == Task::kRegression || classes_.find(label).has_value();
  }
  void predict(const Example& example, Prediction& out) override;
  std::expected<void, LineError> check_learnable(const Example& example) const override;
  void learn(const Example& example, double target) override;
  double loss(const Prediction& prediction, double target) const override;
  void save(ByteWriter& out) const override;
  Status load(ByteReader& in) override;
  void describe(JsonWriter& out) const override;
  Result<std::string> export_c(std::string_view program, std::string_view writer) const override;
  Result<std::string> export_onnx(std::string_view program, std::string_view writer) const override;
  void save_summary(ByteWriter& out) const override { save_state(out, false); }
  const FederatedLearner* federated() const override { return this; }
  FederatedLearner* federated() override { return this; }
  std::optional<std::string> incompatibility(const Learner& other) const override;
  std::optional<std::string> unfit_client() const override;
  Result<size_t> aggregate(std::span<const Learner* const> clients, AggregationRule rule, size_t byzantine,
                           const Learner* previous) override;

  // The model in the units of the data: bias first, then one weight per feature index below the
  // highest met (0 for an index not met).
  std::vector<double> raw_weights() const;
  // The inverse: the simplex rebuilt around `raw` (data units, as raw_weights gives them) with
  // edges `steps` in standardized units (bias first, then one per feature met, in the order met),
  // and the window, history and counters cleared. What a round's global model starts from; the
  // federated benchmarks put attackers' vectors in with it.
  void restart_at(std::span<const double> raw, std::span<const double> steps);
  // `raw` in standardized coordinates under this model's statistics: bias first, then one per
  // feature met, in the order met (a weight of a feature not met is left out).
  std::vector<double> standardized(std::span<const double> raw) const;

 private:
  struct HistoryEntry {
    uint64_t learned;
    double window_loss;
    std::vector<double> vertex;
  };

  static NelderMeadCoefficients coefficients_for(const NmConfig& config, size_t dimension);
  // The weights in data units (one per feature index below the highest met), and the bias, as
  // predict() uses them, for the exports; fails where they or the label's scale are not finite
  // (`option` names the export).
  Result<std::vector<double>> export_weights(std::string_view option, double& bias) const;
  // The features met: the simplex has a coordinate for each, after the bias.
  size_t dimension() const { return coordinates_.size(); }
  // `example`'s features as coordinates, in increasing order, into `out`; features not met before
  // get the next coordinates, and the simplex grows one coordinate and one vertex for each.
  void meet(const Example& example, std::vector<Feature>& out);
  size_t current_batch() const;
  void update_simplex();
  // theta's margins on the window's examples, oldest first, in standardized label units.
  void window_margins(std::span<const double> theta, std::span<double> margins);
  // Every vertex's margins, written to its Simplex::image.
  void vertex_margins(Simplex& simplex);
  // The margins of `count` (at most kBlock) linear models on the window: model u's weight of
  // feature j at weights[j * stride + u], its bias at biases[u] (kBlock of each, those past
  // `count` 0), its margin on example i to rows[u][i]. Each margin is its bias plus the products
  // in the example's feature order, in the model's own accumulator, so the bits are those of one
  // model at a time, while the CPU overlaps the models' additions, four models to an instruction
  // where it has AVX2. (Two examples side by side as well gained nothing natively, and node's
  // wasm ran 1.4 times as long with their 16 sums.)
  template <size_t kBlock>
  void block_margins(const double* weights, size_t stride, const double* biases,
                     double* const* rows, size_t count) const;
  double window_loss_of_margins(std::span<const double> margins) const;
  double window_loss(std::span<const double> theta);
  // Whether Nelder–Mead values its trial points through the vertices' margins (AffineObjective):
  // d + 5 rows of window doubles (d + 2 vertices, two trial points, the vertices' sum), while they
  // take at most an eighth of --max-bytes.
  bool keeps_margins() const {
    return static_cast<double>(dimension() + 5) * static_cast<double>(window_.size()) * sizeof(double) <=
           static_cast<double>(config_.max_bytes) / 8;
  }
  bool uses_gram() const {
    return loss_.kind == LossKind::kSquared && dimension() <= kGramMaxFeatures;
  }
  const WindowExample& window_example(size_t i) const {
    return window_[(window_start_ + i) % window_.size()];
  }
  void prepare_squared_loss();
  // The standardized model as a plain linear function of the raw features.
  void unstandardize(std::span<const double> theta, std::vector<double>& weights, double& bias) const;
  double margin(std::span<const double> weights, double bias, const Example& example) const;
  double label_mean() const;
  double label_scale() const;
  void record_history(uint64_t batch);
  void save_state(ByteWriter& out, bool with_window) const;
  // A vertex as a linear function of the raw features (bias first), in label units.
  std::vector<double> raw_vertex(std::span<const double> theta) const;

  NmConfig config_;
  Loss loss_;
  NelderMead method_;
  SplitMix64 random_;
  LabelDictionary classes_;
  FeatureStatistics features_;  // by feature index
  FeatureCoordinates coordinates_;
  ShiftedMoments labels_;
  Simplex simplex_;
  std::vector<WindowExample> window_;  // a ring: the oldest at window_start_
  size_t window_start_ = 0;
  size_t window_size_ = 0;
  std::vector<HistoryEntry> history_;  // a ring of at most config_.history entries, oldest first
  size_t history_start_ = 0;
  uint64_t pending_ = 0;  // examples learned since the last simplex update
  uint64_t learned_ = 0;
  uint64_t updates_ = 0;
  uint64_t evaluations_ = 0;
  uint64_t restarts_ = 0;

  // Reused on every call, so learning does not allocate.
  std::vector<double> weights_, window_targets_, window_weights_, margins_, means_, scales_;
  std::vector<double> block_weights_;
  std::vector<double*> margin_rows_;
  double window_weight_ = 0;
  WindowGram gram_;
  SquaredWindowLoss squared_loss_;
};

}  // namespace tinymlkit
