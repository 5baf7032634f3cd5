// What an Adaptive Random Forest (Gomes et al. 2017) does with its trees, whatever they predict:
// the classifier (random_forest.hpp) and the regressor (forest_regressor.hpp) are this plus their
// trees' predictions and votes.
// - Online bagging: each tree learns each example with a Poisson(lambda) weight (Oza & Russell).
// - Per tree, two HDDM-A detectors on its errors (our detector with a bound, where ARF has
//   ADWIN): the warning level starts a background tree, the drift level swaps it in, or starts
//   the tree afresh when no warning came first.
// - Each tree's record since it was made: its errors, for its vote's weight.
// - The whole forest's --max-bytes, shared equally by the trees.
// One seeded generator draws the Poisson weights and the trees' seeds; its state is in the model,
// so resuming from a file is one long run, native and wasm alike. `Tree` is a Vfdt or a
// RegressionTree: made from a subspace seed, it has bytes(), enforce_memory_limit() and save().
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/drift_detector.hpp"
#include "tinymlkit/leaf_budget.hpp"
#include "tinymlkit/learner.hpp"
#include "tinymlkit/portable_math.hpp"
#include "tinymlkit/random.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

template <class Tree>
struct ForestMember {
  Tree tree;
  uint64_t seed = 0;  // the tree's random subspaces'
  std::optional<Tree> background;
  uint64_t background_seed = 0;
  DriftDetector warning;
  DriftDetector drift;
  double errors = 0;  // since the tree was made, each in [0, 1] and times its example's weight
  double seen = 0;    // the weight of the examples it predicted since it was made

  // The share of what it predicted that it got right (or 1 less its mean scaled error).
  double accuracy() const { return seen > 0 ? (seen - errors) / seen : 0.0; }
};

struct ForestSettings {
  size_t trees;  // per forest
  double lambda;
  double warning_confidence;
  double drift_confidence;
  bool detect_drift;
};

template <class Tree>
class AdaptiveForest {
 public:
  using Member = ForestMember<Tree>;

  AdaptiveForest(const ForestSettings& settings, uint64_t seed)
      : settings_(settings), exp_minus_lambda_(math::exp(-settings.lambda)), random_(seed) {
    for (size_t t = 0; t < settings_.trees; ++t) members.push_back(blank_member(random_.next()));
  }

  // The weight with which the next member learns the next example (0: it skips it). As River
  // and MOA, a tree that draws weight 0 neither learns the example nor tells its detectors.
  uint32_t draw_weight() { return random_.poisson(exp_minus_lambda_); }

  // A member's record of an example it predicted, with error in [0, 1].
  static void record(Member& member, double error, double weight) {
    member.seen += weight;
    member.errors += weight * error;
  }

  // After a member learned an example: its detectors, which may start a background tree, swap it
  // in, or start the tree afresh.
  void follow_drift(Member& member, double error) {
    if (!settings_.detect_drift) return;
    if (member.warning.add(error)) {
      ++warnings_;
      member.background_seed = random_.next();
      member.background.emplace(member.background_seed);
    }
    if (!member.drift.add(error)) return;
    ++drifts_;
    if (member.background) {
      ++swaps_;
      member.tree = std::move(*member.background);
      member.seed = member.background_seed;
      member.background.reset();
    } else {
      ++resets_;
      member.seed = random_.next();
      member.tree = Tree(member.seed);
    }
    member.warning = DriftDetector(settings_.warning_confidence);
    member.drift = DriftDetector(settings_.drift_confidence);
    member.errors = 0;
    member.seen = 0;
  }

  // Each member's share of `budget` bytes: what its tree and background tree may use.
  size_t tree_budget(size_t budget) const { return budget / members.size(); }

  // Within each member's share, its tree first and its background tree the rest.
  void enforce_memory_limit(size_t share) {
    const auto left = [&](size_t used) { return share > used ? share - used : 0; };
    for (Member& member : members) {
      member.tree.enforce_memory_limit(left(member.background ? member.background->bytes() : 0), BringBack::kYes);
      if (member.background) member.background->enforce_memory_limit(left(member.tree.bytes()), BringBack::kYes);
    }
  }

  size_t trees_bytes() const {
    size_t total = 0;
    for (const Member& member : members) total += member.tree.bytes() + (member.background ? member.background->bytes() : 0);
    return total;
  }

  // Forest f's accuracy (an aggregate holds several forests), over all its trees since each was made.
  double forest_accuracy(size_t f) const {
    double errors = 0, seen = 0;
    for (size_t m = f * settings_.trees; m < (f + 1) * settings_.trees; ++m) {
      errors += members[m].errors;
      seen += members[m].seen;
    }
    return seen > 0 ? (seen - errors) / seen : 0.0;
  }

  // The forest of a federated round: of each client's forests, the one that did best on its data.
  // `adapt(c, member)` re-expresses client c's member in the round's terms (classes, label shift).
  template <class Adapt>
  void gather(std::span<const AdaptiveForest* const> clients, Adapt adapt) {
    members.clear();
    for (size_t c = 0; c < clients.size(); ++c) {
      const AdaptiveForest& theirs = *clients[c];
      size_t best = 0;
      for (size_t f = 1; f < theirs.forests; ++f)
        if (theirs.forest_accuracy(f) > theirs.forest_accuracy(best)) best = f;
      for (size_t m = best * settings_.trees; m < (best + 1) * settings_.trees; ++m) {
        Member member = theirs.members[m];
        adapt(c, member);
        members.push_back(std::move(member));
      }
    }
    forests = clients.size();
    warnings_ = drifts_ = swaps_ = resets_ = 0;
  }

  // The summary's figures: the trees' shapes added up (tree_figures), `bytes` for the whole
  // model, then the counts of trees, forests and drift events.
  std::vector<SummaryFigure> figures(size_t bytes) const {
    std::vector<SummaryFigure> all = members[0].tree.figures();
    for (size_t m = 1; m < members.size(); ++m) add_member_figures(all, members[m].tree.figures());
    all.back().value = static_cast<double>(bytes);
    size_t backgrounds = 0;
    for (const Member& member : members) backgrounds += member.background ? 1 : 0;
    all.push_back({"trees", static_cast<double>(members.size())});
    all.push_back({"members", static_cast<double>(forests > 1 ? forests : 0)});  // the client forests of an aggregate
    all.push_back({"background_trees", static_cast<double>(backgrounds)});
    all.push_back({"warnings", static_cast<double>(warnings_)});
    all.push_back({"drifts", static_cast<double>(drifts_)});
    all.push_back({"swaps", static_cast<double>(swaps_)});
    all.push_back({"resets", static_cast<double>(resets_)});
    return all;
  }

  void save(ByteWriter& out) const {
    out.u64(random_.state());
    out.u64(warnings_);
    out.u64(drifts_);
    out.u64(swaps_);
    out.u64(resets_);
    out.u64(forests);
    out.u64(members.size());
    for (const Member& member : members) {
      out.u64(member.seed);
      member.tree.save(out);
      out.u8(member.background ? 1 : 0);
      if (member.background) {
        out.u64(member.background_seed);
        member.background->save(out);
      }
      member.warning.save(out);
      member.drift.save(out);
      out.f64(member.errors);
      out.f64(member.seen);
    }
  }

  // `load_tree(Tree&)` reads one tree (made from its seed) with the model's limits.
  template <class LoadTree>
  Status load(ByteReader& in, LoadTree load_tree) {
    TMK_ASSIGN_OR_RETURN(uint64_t state, in.u64());
    random_ = SplitMix64(state);
    TMK_ASSIGN_OR_RETURN(warnings_, in.u64());
    TMK_ASSIGN_OR_RETURN(drifts_, in.u64());
    TMK_ASSIGN_OR_RETURN(swaps_, in.u64());
    TMK_ASSIGN_OR_RETURN(resets_, in.u64());
    if (swaps_ + resets_ != drifts_) return in.malformed("drift counts that do not add up");
    TMK_ASSIGN_OR_RETURN(uint64_t loaded_forests, in.u64());
    TMK_ASSIGN_OR_RETURN(size_t count, in.count(40));
    if (loaded_forests == 0 || loaded_forests > count || count % loaded_forests != 0 ||
        count / loaded_forests != settings_.trees)
      return in.malformed("a forest with another number of trees than --trees");
    forests = static_cast<size_t>(loaded_forests);
    members.resize(std::min(members.size(), count));
    while (members.size() < count) members.push_back(blank_member(0));  // seeds are loaded next
    for (Member& member : members) {
      TMK_ASSIGN_OR_RETURN(member.seed, in.u64());
      member.tree = Tree(member.seed);
      TMK_TRY(load_tree(member.tree));
      TMK_ASSIGN_OR_RETURN(uint8_t has_background, in.u8());
      member.background.reset();
      if (has_background != 0) {
        TMK_ASSIGN_OR_RETURN(member.background_seed, in.u64());
        TMK_TRY(load_tree(member.background.emplace(member.background_seed)));
      }
      TMK_TRY(member.warning.load(in));
      TMK_TRY(member.drift.load(in));
      TMK_ASSIGN_OR_RETURN(member.errors, in.f64());
      TMK_ASSIGN_OR_RETURN(member.seen, in.f64());
      if (!(member.errors >= 0 && member.errors <= member.seen && std::isfinite(member.seen)))
        return in.malformed("a tree's record with impossible counts");
    }
    return {};
  }

  std::vector<Member> members;  // settings.trees of them for each forest, forest by forest
  size_t forests = 1;           // more than 1 for the aggregate of a federated round

 private:
  Member blank_member(uint64_t seed) const {
    return {.tree = Tree(seed),
            .seed = seed,
            .background = std::nullopt,
            .background_seed = 0,
            .warning = DriftDetector(settings_.warning_confidence),
            .drift = DriftDetector(settings_.drift_confidence),
            .errors = 0,
            .seen = 0};
  }

  ForestSettings settings_;
  double exp_minus_lambda_;
  SplitMix64 random_;
  uint64_t warnings_ = 0;  // background trees started
  uint64_t drifts_ = 0;    // drifts detected
  uint64_t swaps_ = 0;     // drifts that swapped a background tree in
  uint64_t resets_ = 0;    // drifts that started a tree afresh (no background tree)
};

// An ARF config's forest settings (the classifier's and the regressor's specs share these names).
template <class Config, class DetectsDrift>
ForestSettings forest_settings_of(const Config& config, DetectsDrift detects_drift) {
  return {static_cast<size_t>(config.trees), config.lambda, config.warning_confidence, config.drift_confidence,
          detects_drift(config.drift_detection)};
}

}  // namespace tinymlkit
