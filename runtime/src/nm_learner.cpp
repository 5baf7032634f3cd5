#include "tinymlkit/nm_learner.hpp"
#include "tinymlkit/portable_math.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "tinymlkit/cpu_features.hpp"
#include "tinymlkit/four_sums.hpp"
#include "tinymlkit/number_format.hpp"
#include "tinymlkit/softplus_table.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace tinymlkit {
namespace {

double sigmoid(double margin) { return 1.0 / (1.0 + math::exp(-margin)); }

// Every choice of --loss; a choice added to the spec does not compile until it is handled here.
LossKind loss_kind(NmConfig::Loss loss) {
  switch (loss) {
    case NmConfig::Loss::kSquared: return LossKind::kSquared;
    case NmConfig::Loss::kAbsolute: return LossKind::kAbsolute;
    case NmConfig::Loss::kHuber: return LossKind::kHuber;
    case NmConfig::Loss::kQuantile: return LossKind::kQuantile;
    case NmConfig::Loss::kLogistic: return LossKind::kLogistic;
    case NmConfig::Loss::kHinge: return LossKind::kHinge;
  }
  return LossKind::kSquared;
}

}  // namespace

NelderMeadCoefficients NmLearner::coefficients_for(const NmConfig& config, size_t dimension) {
  return config.adaptive ? NelderMeadCoefficients::adaptive(dimension) : NelderMeadCoefficients::standard();
}

NmLearner::NmLearner(const NmConfig& config, uint64_t seed)
    : config_(config),
      loss_{loss_kind(config.loss), config.huber_delta, config.quantile_tau},
      method_(coefficients_for(config, 1)),
      random_(seed),
      simplex_(Simplex::around(std::vector<double>{0.0}, std::vector<double>{config.initial_step})),
      window_(static_cast<size_t>(config.window)),
      gram_(static_cast<size_t>(config.window)) {}

Task NmLearner::task() const { return loss_.classification() ? Task::kClassification : Task::kRegression; }

std::expected<double, std::string> NmLearner::target_of(std::string_view label) {
  if (task() == Task::kRegression) return regression_target(label);
  if (auto known = classes_.find(label)) return static_cast<double>(*known);
  if (classes_.size() == 2)
    return std::unexpected("--loss " + std::string(name_of(config_.loss)) + " is a binary classifier: the label " + quoted(label) +
                           " would be a third class after " + quoted(classes_.name(0)) + " and " +
                           quoted(classes_.name(1)));
  if (auto problem = class_label_problem(label)) return std::unexpected(*problem);
  return static_cast<double>(classes_.add(label));
}

std::string_view NmLearner::class_name(uint32_t class_index) const { return classes_.name(class_index); }

double NmLearner::label_mean() const {
  return config_.standardize && task() == Task::kRegression ? labels_.mean(labels_.present) : 0.0;
}

double NmLearner::label_scale() const {
  const double scale = labels_.scale(labels_.present);
  return config_.standardize && task() == Task::kRegression && scale > 0 ? scale : 1.0;
}

void NmLearner::unstandardize(std::span<const double> theta, std::vector<double>& weights,
                              double& bias) const {
  weights.resize(dimension());
  bias = theta[0];
  for (size_t j = 0; j < dimension(); ++j) {
    if (config_.standardize) {
      // Scale 0: the feature has not varied yet, so it is not used yet.
      const auto [mean, scale] = features_.mean_and_scale(coordinates_.index(j));
      weights[j] = scale > 0 ? theta[j + 1] / scale : 0.0;
      bias -= weights[j] * mean;
    } else {
      weights[j] = theta[j + 1];
    }
  }
}

double NmLearner::margin(std::span<const double> weights, double bias, const Example& example) const {
  double sum = bias;
  for (const Feature& f : example.features) {
    const uint32_t c = coordinates_.coordinate(f.index);
    if (c != FeatureCoordinates::kAbsent) sum += weights[c] * f.value;
  }
  return sum;
}

void NmLearner::predict(const Example& example, Prediction& out) {
  double bias = 0;
  unstandardize(simplex_.vertex(0), weights_, bias);
  const double m = margin(weights_, bias, example);
  if (task() == Task::kRegression) {
    out.value = label_mean() + label_scale() * m;
    return;
  }
  out.value = m;
  const double p1 = loss_.kind == LossKind::kLogistic ? sigmoid(m) : std::clamp((m + 1.0) / 2.0, 0.0, 1.0);
  if (classes_.size() < 2) {  // no second class to predict yet
    out.class_index = 0;
    out.probabilities.assign(classes_.size(), 1.0);
    return;
  }
  out.probabilities.assign({1.0 - p1, p1});
  out.class_index = m >= 0 ? 1 : 0;
}

double NmLearner::loss(const Prediction& prediction, double target) const {
  if (task() == Task::kClassification) return loss_(target == 1.0 ? 1.0 : -1.0, prediction.value);
  Loss in_label_units = loss_;
  in_label_units.huber_delta *= label_scale();
  return in_label_units(target, prediction.value);
}

void NmLearner::meet(const Example& example, std::vector<Feature>& out) {
  const size_t before = dimension();
  out.assign(example.features.begin(), example.features.end());
  for (Feature& f : out) f.index = coordinates_.meet(f.index);
  // In increasing order, as the window's sums and the model file take a row: the order met is
  // the index order wherever the features first came together.
  bool increasing = true;
  for (size_t k = 1; k < out.size() && increasing; ++k)
    increasing = out[k - 1].index < out[k].index;
  if (!increasing) sort_by_index(out);  // the coordinates are the indexes now
  if (dimension() == before) return;
  simplex_.grow(dimension() + 1, config_.initial_step);
  gram_.invalidate();
  method_ = NelderMead(coefficients_for(config_, simplex_.dimension()));
}

std::expected<void, LineError> NmLearner::check_learnable(const Example& example) const {
  // Per feature: its moments and a coordinate of each past vertex kept; squared: the simplex, and
  // under the squared loss the window's sums: 21 triangles of (d + 1)² / 2 doubles at most (18
  // blocks, the open one, the window's, the quadratic form).
  DimensionCost cost{32.0 + 8.0 * static_cast<double>(config_.history), 8, config_.max_bytes};
  if (loss_.kind == LossKind::kSquared) {
    cost.capped_squared = 84;
    cost.squared_cap = kGramMaxFeatures;
  }
  // Every feature new is the most the example can add: where that fits, which is nearly always,
  // no feature is looked up here (learn() looks each up anyway). Otherwise the exact count decides.
  if (auto fits = check_feature_limit(example, config_.max_features, cost,
                                      dimension() + example.features.size()))
    return fits;
  size_t unmet = 0;
  for (const Feature& f : example.features)
    unmet += coordinates_.coordinate(f.index) == FeatureCoordinates::kAbsent;
  return check_feature_limit(example, config_.max_features, cost, dimension() + unmet);
}

void NmLearner::learn(const Example& example, double target) {
  features_.add(example.features);
  if (task() == Task::kRegression) labels_.add(target);

  WindowExample& slot = window_[(window_start_ + window_size_) % window_.size()];
  if (window_size_ < window_.size()) {
    ++window_size_;
  } else {
    window_start_ = (window_start_ + 1) % window_.size();
  }
  slot.target = task() == Task::kRegression ? target : (target == 1.0 ? 1.0 : -1.0);
  slot.weight = example.weight;
  meet(example, slot.features);

  ++learned_;
  if (uses_gram()) gram_.add(learned_, slot);
  if (++pending_ >= current_batch()) update_simplex();
}

// While the window fills, the simplex is updated more often: the model changes most at the start.
size_t NmLearner::current_batch() const {
  return std::clamp<size_t>(window_size_ / 8, 1, static_cast<size_t>(config_.batch));
}

// Where the vertices' margins are not kept: one model, one chain of additions an example.
void NmLearner::window_margins(std::span<const double> theta, std::span<double> margins) {
  double bias = 0;
  unstandardize(theta, weights_, bias);
  double* const row = margins.data();
  block_margins<1>(weights_.data(), 1, &bias, &row, 1);
}

// Eight vertices at a time, vertices past the last one with weights and bias 0: the block's weights
// take 8 d doubles, where all vertices' would take as many as the simplex. A last block of four or
// fewer takes four lanes (10 features: 11 vertices in 12 lanes, not 16).
void NmLearner::vertex_margins(Simplex& simplex) {
  const size_t vertices = simplex.dimension() + 1;
  margin_rows_.resize(vertices);
  for (size_t v = 0; v < vertices; ++v) margin_rows_[v] = simplex.image(v).data();
  for (size_t block = 0; block < vertices;) {
    const size_t count = std::min<size_t>(8, vertices - block);
    const size_t lanes = count <= 4 ? 4 : 8;
    // Feature j's weights of the block side by side.
    block_weights_.assign(dimension() * lanes, 0.0);
    double biases[8] = {};
    for (size_t u = 0; u < count; ++u) {
      unstandardize(simplex.vertex(block + u), weights_, biases[u]);
      for (size_t j = 0; j < dimension(); ++j) block_weights_[j * lanes + u] = weights_[j];
    }
    double* const* rows = margin_rows_.data() + block;
    if (lanes == 4) {
      block_margins<4>(block_weights_.data(), lanes, biases, rows, count);
    } else {
      block_margins<8>(block_weights_.data(), lanes, biases, rows, count);
    }
    block += count;
  }
}

#if defined(__x86_64__)
namespace {

// block_margins four lanes to an instruction (kBlock a multiple of 4): each lane's additions in
// the same order, so the same bits (hinge 1.11 times as fast at 10 features).
template <size_t kBlock, class ExampleAt>
[[gnu::target("avx2")]] void block_margins_avx2(ExampleAt example_at, size_t window_size,
                                                const double* weights, size_t stride,
                                                const double* biases, double* const* rows,
                                                size_t count) {
  constexpr size_t kQuads = kBlock / 4;
  __m256d bias[kQuads];
  for (size_t q = 0; q < kQuads; ++q) bias[q] = _mm256_loadu_pd(biases + 4 * q);
  for (size_t i = 0; i < window_size; ++i) {
    __m256d m[kQuads];
    for (size_t q = 0; q < kQuads; ++q) m[q] = bias[q];
    for (const Feature& f : example_at(i).features) {
      const double* const w = weights + size_t{f.index} * stride;
      const __m256d value = _mm256_set1_pd(f.value);
      for (size_t q = 0; q < kQuads; ++q)
        m[q] = _mm256_add_pd(m[q], _mm256_mul_pd(_mm256_loadu_pd(w + 4 * q), value));
    }
    alignas(32) double lanes[kBlock];
    for (size_t q = 0; q < kQuads; ++q) _mm256_store_pd(lanes + 4 * q, m[q]);
    for (size_t u = 0; u < count; ++u) rows[u][i] = lanes[u];
  }
}

}  // namespace
#endif

template <size_t kBlock>
void NmLearner::block_margins(const double* weights, size_t stride, const double* biases,
                              double* const* rows, size_t count) const {
#if defined(__x86_64__)
  if constexpr (kBlock % 4 == 0) {
    if (vector_loops() >= VectorLoops::kAvx2)
      return block_margins_avx2<kBlock>(
          [this](size_t i) -> const WindowExample& { return window_example(i); }, window_size_,
          weights, stride, biases, rows, count);
  }
#endif
  for (size_t i = 0; i < window_size_; ++i) {
    double m[kBlock];
    std::copy_n(biases, kBlock, m);
    for (const Feature& f : window_example(i).features) {
      const double* const w = weights + size_t{f.index} * stride;
      for (size_t u = 0; u < kBlock; ++u) m[u] += w[u] * f.value;
    }
    for (size_t u = 0; u < count; ++u) rows[u][i] = m[u];
  }
}

double NmLearner::window_loss_of_margins(std::span<const double> margins) const {
  double sums[4] = {0, 0, 0, 0};
  const double* const weights = window_weights_.data();
  const double* const targets = window_targets_.data();
  const double* const m = margins.data();
  const size_t n = window_size_;
  if (loss_.kind == LossKind::kLogistic) {
    SoftplusTable::shared().add_logistic_losses(weights, targets, m, n, sums);
  } else {
    loss_.dispatch([&](auto loss) { add_to_four_sums(weights, targets, m, 0, n, sums, loss); });
  }
  const double total = (sums[0] + sums[1]) + (sums[2] + sums[3]);
  const double loss = window_weight_ > 0 ? total / window_weight_ : 0.0;
  return std::isnan(loss) ? std::numeric_limits<double>::infinity() : loss;  // never NaN in a sort
}

double NmLearner::window_loss(std::span<const double> theta) {
  margins_.resize(window_size_);
  window_margins(theta, margins_);
  return window_loss_of_margins(margins_);
}

// The squared loss as a quadratic form in the vertex, from the window's sums under this update's
// standardization.
void NmLearner::prepare_squared_loss() {
  means_.assign(dimension(), 0.0);
  scales_.assign(dimension(), 1.0);
  if (config_.standardize) {
    for (size_t j = 0; j < dimension(); ++j)
      std::tie(means_[j], scales_[j]) = features_.mean_and_scale(coordinates_.index(j));
  }
  auto example_at = [this](size_t i) -> const WindowExample& { return window_example(i); };
  squared_loss_.assign(gram_.window_sums(example_at, window_size_, learned_, dimension() + 1),
                       {means_, scales_, label_mean(), label_scale()});
}

void NmLearner::update_simplex() {
  const uint64_t batch = pending_;
  pending_ = 0;
  // While the window holds no more examples than the model has parameters, the loss is flat along
  // some directions and Nelder–Mead's moves are decided by exact ties, which a pass over the
  // examples keeps and sums converted to standardized units break at rounding level. The window
  // is that small only for the stream's first few examples.
  const bool gram = uses_gram() && window_size_ > dimension() + 1;
  if (gram) {
    prepare_squared_loss();
  } else {
    const double mean = label_mean(), scale = label_scale();
    window_targets_.resize(window_size_);
    window_weights_.resize(window_size_);
    window_weight_ = 0;
    for (size_t i = 0; i < window_size_; ++i) {
      const WindowExample& slot = window_example(i);
      window_targets_[i] = (slot.target - mean) / scale;
      window_weights_[i] = slot.weight;
      window_weight_ += slot.weight;
    }
  }
  auto objective = [this, gram](std::span<const double> theta) {
    return gram ? squared_loss_(theta) : window_loss(theta);
  };
  auto margins_of = [this](Simplex& simplex) { vertex_margins(simplex); };
  auto loss_of_margins = [this](std::span<const double> margins) {
    return window_loss_of_margins(margins);
  };
  const AffineObjective through_margins{window_size_, margins_of, loss_of_margins};
  const bool affine = !gram && keeps_margins();
  const auto evaluate = [&] {
    return affine ? method_.evaluate(simplex_, through_margins)
                  : method_.evaluate(simplex_, objective);
  };
  evaluations_ += evaluate();
  if (simplex_.narrowest_spread() < config_.min_step) {
    const auto best = simplex_.vertex(0);
    std::vector<double> steps(best.size());
    for (double& step : steps) step = random_.coin() ? config_.restart_step : -config_.restart_step;
    simplex_ = Simplex::around(std::vector<double>(best.begin(), best.end()), steps);
    evaluations_ += evaluate();
    ++restarts_;
  }
  for (int64_t i = 0; i < config_.iterations; ++i)
    evaluations_ +=
        affine ? method_.iterate(simplex_, through_margins) : method_.iterate(simplex_, objective);
  ++updates_;
  record_history(batch);
}

// One entry per window's worth of examples: the history spans distinct stretches of the stream.
void NmLearner::record_history(uint64_t batch) {
  const uint64_t every = static_cast<uint64_t>(config_.window);
  if (config_.history == 0 || learned_ / every == (learned_ - batch) / every) return;
  const auto best = simplex_.vertex(0);
  HistoryEntry entry{learned_, simplex_.value(0), std::vector<double>(best.begin(), best.end())};
  if (history_.size() < static_cast<size_t>(config_.history)) {
    history_.push_back(std::move(entry));
  } else {
    history_[history_start_] = std::move(entry);
    history_start_ = (history_start_ + 1) % history_.size();
  }
}

std::vector<double> NmLearner::raw_weights() const { return raw_vertex(simplex_.vertex(0)); }

std::vector<double> NmLearner::raw_vertex(std::span<const double> theta) const {
  std::vector<double> weights;
  double bias = 0;
  unstandardize(theta, weights, bias);
  const double scale = label_scale();
  std::vector<double> raw(coordinates_.index_bound() + 1, 0.0);
  raw[0] = label_mean() + scale * bias;
  for (size_t c = 0; c < weights.size(); ++c)
    raw[size_t{coordinates_.index(c)} + 1] = scale * weights[c];
  return raw;
}

void NmLearner::save(ByteWriter& out) const { save_state(out, true); }

void NmLearner::save_state(ByteWriter& out, bool with_window) const {
  classes_.save(out);
  features_.save(out);
  save_moments(out, labels_);
  out.u64(coordinates_.size());
  for (const uint32_t index : coordinates_.indexes()) out.u32(index);
  out.u64(simplex_.dimension());
  out.f64s(simplex_.points());
  out.f64s(simplex_.values());
  const size_t saved_window = with_window ? window_size_ : 0;  // a summary holds no example
  out.u64(saved_window);
  for (size_t i = 0; i < saved_window; ++i) {
    const WindowExample& slot = window_example(i);
    out.f64(slot.target);
    out.f64(slot.weight);
    out.u64(slot.features.size());
    for (const Feature& f : slot.features) {
      out.u32(f.index);
      out.f64(f.value);
    }
  }
  out.u64(history_.size());
  for (size_t i = 0; i < history_.size(); ++i) {
    const HistoryEntry& entry = history_[(history_start_ + i) % history_.size()];
    out.u64(entry.learned);
    out.f64(entry.window_loss);
    out.f64s(entry.vertex);
  }
  out.u64(pending_);
  out.u64(learned_);
  out.u64(updates_);
  out.u64(evaluations_);
  out.u64(restarts_);
  out.u64(random_.state());
}

Status NmLearner::load(ByteReader& in) {
  TMK_TRY(classes_.load(in));
  if (classes_.size() > (task() == Task::kClassification ? 2u : 0u))
    return in.malformed("class labels that do not fit the model's loss");
  TMK_TRY(features_.load(in, static_cast<size_t>(config_.max_features)));
  TMK_ASSIGN_OR_RETURN(labels_, load_moments(in));
  coordinates_ = FeatureCoordinates();
  if (in.format_version() < 5) {  // a coordinate per index below the highest
    for (size_t j = 0; j < features_.dimension(); ++j) coordinates_.meet(static_cast<uint32_t>(j));
  } else {
    TMK_ASSIGN_OR_RETURN(size_t met, in.count(4));
    for (size_t c = 0; c < met; ++c) {
      TMK_ASSIGN_OR_RETURN(uint32_t index, in.u32());
      if (index >= config_.max_features ||
          coordinates_.coordinate(index) != FeatureCoordinates::kAbsent)
        return in.malformed("a feature index met twice, or past --max-features");
      coordinates_.meet(index);
    }
  }
  TMK_ASSIGN_OR_RETURN(size_t simplex_dimension, in.count(0));
  TMK_ASSIGN_OR_RETURN(std::vector<double> points, in.f64s());
  TMK_ASSIGN_OR_RETURN(std::vector<double> values, in.f64s());
  if (simplex_dimension != dimension() + 1 || points.size() != (simplex_dimension + 1) * simplex_dimension ||
      values.size() != simplex_dimension + 1)
    return in.malformed("a simplex that does not match the feature dimension");
  if (!std::all_of(points.begin(), points.end(), [](double v) { return std::fabs(v) < kMaxMagnitude; }))
    return in.malformed("a simplex vertex holds NaN, an infinity or a runaway value");
  simplex_ = Simplex::from_parts(simplex_dimension, std::move(points), std::move(values));
  method_ = NelderMead(coefficients_for(config_, simplex_dimension));

  TMK_ASSIGN_OR_RETURN(size_t window_size, in.count(0));
  if (window_size > window_.size()) return in.malformed("a window larger than --window");
  window_start_ = 0;
  window_size_ = window_size;
  gram_.invalidate();
  for (size_t i = 0; i < window_size_; ++i) {
    WindowExample& slot = window_[i];
    TMK_ASSIGN_OR_RETURN(slot.target, in.f64());
    TMK_ASSIGN_OR_RETURN(slot.weight, in.f64());
    TMK_ASSIGN_OR_RETURN(size_t count, in.count(12));
    slot.features.resize(count);
    for (size_t k = 0; k < count; ++k) {
      Feature& f = slot.features[k];
      TMK_ASSIGN_OR_RETURN(f.index, in.u32());
      TMK_ASSIGN_OR_RETURN(f.value, in.f64());
      f.column = 0;
      // Increasing indexes, as the reader gives them: the window's sums count each pair once.
      if (f.index >= dimension() || !(std::fabs(f.value) < kMaxMagnitude) ||
          (k > 0 && f.index <= slot.features[k - 1].index))
        return in.malformed("a window example with a bad feature");
    }
    if (!(std::fabs(slot.target) < kMaxMagnitude) || !(slot.weight >= 0 && slot.weight < kMaxMagnitude))
      return in.malformed("a window example with a bad label or weight");
  }
  TMK_ASSIGN_OR_RETURN(size_t history_size, in.count(24));
  if (history_size > static_cast<uint64_t>(config_.history)) return in.malformed("a history longer than --history");
  history_.resize(history_size);
  history_start_ = 0;
  for (HistoryEntry& entry : history_) {
    TMK_ASSIGN_OR_RETURN(entry.learned, in.u64());
    TMK_ASSIGN_OR_RETURN(entry.window_loss, in.f64());
    TMK_ASSIGN_OR_RETURN(entry.vertex, in.f64s());
  }
  TMK_ASSIGN_OR_RETURN(pending_, in.u64());
  TMK_ASSIGN_OR_RETURN(learned_, in.u64());
  TMK_ASSIGN_OR_RETURN(updates_, in.u64());
  TMK_ASSIGN_OR_RETURN(evaluations_, in.u64());
  TMK_ASSIGN_OR_RETURN(restarts_, in.u64());
  TMK_ASSIGN_OR_RETURN(uint64_t random_state, in.u64());
  random_ = SplitMix64(random_state);
  if (in.remaining() != 0) return in.malformed("bytes after the model state");
  return {};
}

void NmLearner::describe(JsonWriter& out) const {
  out.field("task", task() == Task::kRegression ? "regression" : "classification");
  out.field("loss", name_of(config_.loss));
  if (task() == Task::kClassification) {
    out.strings("classes", classes_.names());
    if (classes_.size() == 2) out.field("positive_class", classes_.name(1));
  }
  out.field("examples_learned", learned_);
  out.field("features", static_cast<uint64_t>(dimension()));  // met
  std::vector<double> indexes(coordinates_.indexes().begin(), coordinates_.indexes().end());
  out.numbers("feature_indexes", indexes);
  const std::vector<double> raw = raw_weights();
  out.field("bias", raw[0]);
  out.numbers("weights", std::span(raw).subspan(1));
  out.begin_object("standardization");
  out.field("enabled", config_.standardize);
  std::vector<double> means(coordinates_.index_bound()), scales(coordinates_.index_bound());
  for (size_t j = 0; j < means.size(); ++j) {
    means[j] = features_.mean(j);
    scales[j] = features_.scale(j);
  }
  out.numbers("feature_means", means);
  out.numbers("feature_scales", scales);
  if (task() == Task::kRegression) {
    out.field("label_mean", label_mean());
    out.field("label_scale", label_scale());
  }
  out.end_object();
  out.begin_object("simplex");
  out.field("note",
            "vertices in standardized space: bias first, then one weight per feature met, in the "
            "order of "
            "feature_indexes");
  out.field("updates", updates_);
  out.field("loss_evaluations", evaluations_);
  out.field("restarts", restarts_);
  out.begin_array("vertices");
  for (size_t i = 0; i <= simplex_.dimension(); ++i) {
    out.begin_object();
    out.field("window_loss", simplex_.value(i));
    out.numbers("point", simplex_.vertex(i));
    out.end_object();
  }
  out.end_array();
  out.end_object();
  out.begin_array("history");
  for (size_t i = 0; i < history_.size(); ++i) {
    const HistoryEntry& entry = history_[(history_start_ + i) % history_.size()];
    out.begin_object();
    out.field("examples_learned", entry.learned);
    out.field("window_loss", entry.window_loss);
    out.numbers("best_vertex", entry.vertex);
    out.end_object();
  }
  out.end_array();
  out.field("window_examples", static_cast<uint64_t>(window_size_));
}

}  // namespace tinymlkit
