// Classification trees as an ONNX graph (tree_onnx.hpp): each leaf's fixed probabilities or naive
// Bayes' voters, per leaf and class, gathered by the leaf numbers that the routing gives;
// then the vote of the tree, of a forest, or of a federated round's trees, and the label with the
// program's tie rule.
#include <algorithm>
#include <limits>
#include <vector>

#include "tinymlkit/class_leaf.hpp"
#include "tinymlkit/portable_math.hpp"
#include "tinymlkit/tree_onnx.hpp"

namespace tinymlkit {
namespace {

// Naive Bayes' parameters: per leaf and class ([leaves, classes]), per feature, and per leaf and
// class for the features that class met there. A Gaussian's term is log(ratio) + (x - mean)^2 /
// spread (ClassLeaf::naive_bayes). A feature a class did not meet counts only when x is not 0, as
// a Gaussian at 0 whose spread is the smoothing: x^2 / s, the same at every leaf (s = 0 makes any
// x but 0 impossible). So the graph sums that default term over all features once a row, and each
// voter replaces it at the features it met: its Gaussians are met_count[leaf, class] entries of
// the flat met_* tables from met_start[leaf, class], read as `most_met` entries, those past its
// own pointing at the last, a padding entry. The graph pads x with a column of 0 (feature
// `features`), whose default term is 0; the padding entry points at it and holds a term of 0 too.
// (Tables padded per voter to `most_met` were eight times the model on sparse rows.)
// A feature every voter met has no default term: subtracting a large one (glass's refractive
// index, x^2 / s near 10^7) from the row's sum would cost the probabilities 9 digits.
// The tables grow with the model and the input, not with leaves times classes times features: a
// forest's file was 664 MB once pima gained a row that holds feature 44156.
struct LeafTables {
  size_t leaves, classes, features, most_met = 0, nominals, most_categories = 1;
  bool over_present;  // --nb-features present: a met feature counts only where x is not 0
  std::vector<double> fixed, distribution, voter, prior;  // [leaves, classes] (fixed: [leaves])
  std::vector<double> default_weight, default_spread, default_impossible;  // [features + 1]
  std::vector<int64_t> met_start, met_count;                               // [leaves, classes]
  std::vector<int64_t> met_feature;  // [Gaussians + 1], as the tables below
  std::vector<double> met_mean, met_spread, met_log_ratio, met_zero_spread;
  // The --nominal features' terms, [leaves, classes, nominals]: for 0, for a category never met;
  // and per category met, [..., most_categories], padded with NaN categories that no x equals.
  std::vector<double> zero_term, other_term, category, category_term;

  LeafTables(const ClassTreeTables& tables, size_t class_count, size_t nominal_count)
      : leaves(tables.leaf_first.size()),
        classes(class_count),
        features(tables.splits.features),
        nominals(nominal_count),
        over_present(tables.naive_bayes_over_present) {
    for (const uint32_t count : tables.entry_count) most_categories = std::max<size_t>(most_categories, count);
    for (size_t v = 0; v < tables.voter_class.size(); ++v)
      most_met = std::max<size_t>(most_met, tables.voter_first[v + 1] - tables.voter_first[v]);
    fixed.assign(leaves, 0.0);
    for (auto* table : {&distribution, &voter, &prior}) table->assign(leaves * classes, 0.0);
    met_start.assign(leaves * classes, 0);
    met_count.assign(leaves * classes, 0);
    for (auto* table : {&zero_term, &other_term}) table->assign(leaves * classes * nominals, 0.0);
    category.assign(leaves * classes * nominals * most_categories, std::numeric_limits<double>::quiet_NaN());
    category_term.assign(category.size(), 0.0);
  }

  // `voters_met`: how many voters met each feature.
  void add_defaults(std::span<const double> smoothing, std::span<const uint32_t> nominal_flag,
                    std::span<const size_t> voters_met, size_t voters) {
    for (size_t i = 0; i < features; ++i) {
      // Numeric, and some voter takes the default term.
      const bool defaulted = nominal_flag[i] == 0 && voters_met[i] < voters;
      const bool spread = smoothing[i] > 0;
      default_weight.push_back(defaulted && spread ? 1.0 : 0.0);
      default_spread.push_back(spread ? smoothing[i] : 1.0);
      default_impossible.push_back(defaulted && !spread ? 1.0 : 0.0);
    }
    default_weight.push_back(0.0);  // the padding column
    default_spread.push_back(1.0);
    default_impossible.push_back(0.0);
  }

  void add_met(uint32_t feature, double mean, double variance, double smoothing) {
    const double total = variance + smoothing;
    met_feature.push_back(feature);
    met_mean.push_back(mean);
    met_zero_spread.push_back(total > 0 ? 0.0 : 1.0);
    met_spread.push_back(total > 0 ? total : 1.0);
    met_log_ratio.push_back(total > 0 ? math::log(density_ratio(total, smoothing)) : 0.0);
  }
};

LeafTables leaf_tables(const ClassTreeTables& tables, size_t classes,
                       std::span<const uint32_t> nominal) {
  LeafTables d(tables, classes, nominal.size());
  std::vector<size_t> voters_met(d.features, 0);
  for (const uint32_t feature : tables.gaussian_feature) ++voters_met[feature];
  d.add_defaults(tables.smoothing, tables.nominal_flag, voters_met, tables.voter_class.size());
  for (size_t leaf = 0; leaf < d.leaves; ++leaf) {
    const uint32_t first = tables.leaf_first[leaf];
    if (tables.leaf_voters[leaf] == 0) {
      d.fixed[leaf] = 1.0;
      std::copy_n(tables.distribution.begin() + first, classes, d.distribution.begin() + leaf * classes);
      continue;
    }
    for (uint32_t v = first; v < first + tables.leaf_voters[leaf]; ++v) {
      const size_t row = leaf * classes + tables.voter_class[v];
      d.voter[row] = 1.0;
      d.prior[row] = tables.voter_prior[v];
      d.met_start[row] = static_cast<int64_t>(d.met_feature.size());
      d.met_count[row] = tables.voter_first[v + 1] - tables.voter_first[v];
      for (uint32_t g = tables.voter_first[v]; g < tables.voter_first[v + 1]; ++g) {
        const uint32_t feature = tables.gaussian_feature[g];
        d.add_met(feature, tables.gaussian_mean[g], tables.gaussian_variance[g],
                  tables.smoothing[feature]);
      }
      for (uint32_t e = tables.voter_entry_first[v]; e < tables.voter_entry_first[v + 1]; ++e) {
        const size_t j = static_cast<size_t>(std::find(nominal.begin(), nominal.end(), tables.entry_feature[e]) -
                                             nominal.begin());
        const size_t slot = row * d.nominals + j;
        d.zero_term[slot] = tables.entry_zero[e];
        d.other_term[slot] = tables.entry_other[e];
        for (uint32_t k = 0; k < tables.entry_count[e]; ++k) {
          d.category[slot * d.most_categories + k] = tables.entry_category[tables.entry_first[e] + k];
          d.category_term[slot * d.most_categories + k] = tables.entry_term[tables.entry_first[e] + k];
        }
      }
    }
  }
  d.add_met(static_cast<uint32_t>(d.features), 0.0, 0.0, 1.0);  // the padding entry: x is 0 there
  return d;
}

OnnxValue as_double(OnnxGraph& graph, OnnxValue value) { return graph.cast(value, OnnxType::kDouble); }

// A table of the leaves ([leaves, ...] of `dims`) at the leaves in `leaves`.
OnnxValue gathered(OnnxGraph& graph, const std::vector<double>& table,
                   std::initializer_list<int64_t> dims, OnnxValue leaves) {
  return graph.add("Gather", graph.doubles(dims, table), leaves);
}

OnnxValue not_zero(OnnxGraph& graph, OnnxValue value) {
  return as_double(graph, graph.add("Not", graph.add("Equal", value, graph.scalar(0.0))));
}

// Naive Bayes' score and whether some feature makes the class impossible, for the leaves in
// `leaves`: [rows, trees, classes] each.
struct Evidence {
  OnnxValue score, impossible;
};

// The numeric features' evidence: the default terms of the whole row, replaced at the features
// each voter met.
Evidence numeric_evidence(OnnxGraph& graph, const LeafTables& d, OnnxValue leaves) {
  const auto L = static_cast<int64_t>(d.leaves), C = static_cast<int64_t>(d.classes),
             F = static_cast<int64_t>(d.features), M = static_cast<int64_t>(d.most_met);
  const OnnxValue x =
      graph.add("Pad", graph.input(), graph.integers({4}, {0, 0, 0, 1}));  // [rows, F + 1]
  const OnnxValue present = not_zero(graph, x);
  const OnnxValue weight = graph.doubles({F + 1}, d.default_weight),
                  spread = graph.doubles({F + 1}, d.default_spread),
                  impossible = graph.doubles({F + 1}, d.default_impossible);
  const auto per_row = [&](OnnxValue terms) {  // [rows, F + 1] summed to [rows, 1, 1]
    return graph.add("Unsqueeze", graph.reduce("ReduceSum", terms, 1, true), graph.integer(2));
  };
  const auto squares = [&](OnnxValue value, OnnxValue over) {
    return graph.add("Div", graph.add("Mul", value, value), over);
  };
  OnnxValue sum = per_row(graph.add("Mul", graph.add("Mul", present, weight), squares(x, spread)));
  OnnxValue impossible_count = per_row(graph.add("Mul", present, impossible));
  if (M == 0) return {sum, graph.add("Greater", impossible_count, graph.scalar(0.0))};
  // Each voter's entries in the flat tables, [rows, trees, classes, M]: from its start, and past
  // its count the padding entry.
  const std::vector<int64_t> steps = [&] {
    std::vector<int64_t> all(d.most_met);
    for (size_t m = 0; m < d.most_met; ++m) all[m] = static_cast<int64_t>(m);
    return all;
  }();
  const auto per_voter = [&](const std::vector<int64_t>& table) {
    return graph.add("Unsqueeze", graph.add("Gather", graph.integers({L, C}, table), leaves),
                     graph.integer(-1));
  };
  const OnnxValue step = graph.integers({M}, steps);
  const OnnxValue entry = graph.add("Where", graph.add("Less", step, per_voter(d.met_count)),
                                    graph.add("Add", per_voter(d.met_start), step),
                                    graph.integer(static_cast<int64_t>(d.met_feature.size()) - 1));
  const auto met = [&](const std::vector<double>& table) {
    return graph.add("Gather", graph.doubles({static_cast<int64_t>(table.size())}, table), entry);
  };
  // x at those entries' features
  const OnnxValue feature = graph.add(
      "Gather", graph.integers({static_cast<int64_t>(d.met_feature.size())}, d.met_feature), entry);
  const OnnxValue flat = graph.add("Reshape", feature, graph.integers({3}, {0, -1, 1}));
  const OnnxValue gathered_x = graph.add("GatherND", x, flat);
  graph.attribute("batch_dims", int64_t{1});
  const OnnxValue xm = graph.add("Reshape", gathered_x, graph.add("Shape", feature));
  const OnnxValue mean = met(d.met_mean), zero_spread = met(d.met_zero_spread);
  const OnnxValue distance = graph.add("Sub", xm, mean);
  const OnnxValue replaced = not_zero(graph, xm);  // where a default term was summed
  OnnxValue met_term = graph.add(
      "Mul", {graph.add("Sub", graph.scalar(1.0), zero_spread),
              graph.add("Add", met(d.met_log_ratio), squares(distance, met(d.met_spread)))});
  if (d.over_present) met_term = graph.add("Mul", met_term, replaced);
  const OnnxValue default_term =
      graph.add("Mul", graph.add("Mul", replaced, graph.add("Gather", weight, feature)),
                squares(xm, graph.add("Gather", spread, feature)));
  sum = graph.add("Add", sum,
                  graph.reduce("ReduceSum", graph.add("Sub", met_term, default_term), 3, false));
  const OnnxValue replaced_impossible =
      graph.add("Mul", replaced, graph.add("Gather", impossible, feature));
  impossible_count = graph.add(
      "Sub", {impossible_count, graph.reduce("ReduceSum", replaced_impossible, 3, false)});
  OnnxValue moved =
      graph.add("Mul", zero_spread, not_zero(graph, distance));  // off a spreadless Gaussian
  if (d.over_present) moved = graph.add("Mul", moved, replaced);
  const OnnxValue met_impossible = graph.reduce("ReduceMax", moved, 3, false);
  return {sum, graph.add("Greater",
                         {graph.add("Add", impossible_count, met_impossible), graph.scalar(0.0)})};
}

// The leaves' naive Bayes probabilities or fixed ones, for the leaves in `leaves`: [rows, trees, classes].
OnnxValue leaf_probabilities(OnnxGraph& graph, const LeafTables& d,
                             std::span<const uint32_t> nominal, OnnxValue leaves) {
  const auto L = static_cast<int64_t>(d.leaves), C = static_cast<int64_t>(d.classes),
             J = static_cast<int64_t>(d.nominals), K = static_cast<int64_t>(d.most_categories);
  const auto leaf = [&](const std::vector<double>& table, std::initializer_list<int64_t> dims) {
    return gathered(graph, table, dims, leaves);
  };
  const OnnxValue zero = graph.scalar(0.0);
  const Evidence numeric = numeric_evidence(graph, d, leaves);
  OnnxValue score = graph.add(
      "Add", {leaf(d.prior, {L, C}), graph.add("Mul", graph.scalar(-0.5), numeric.score)});
  if (J > 0) {  // each nominal feature's term: for 0, for a category met, or for any other
    std::vector<int64_t> columns(nominal.begin(), nominal.end());
    const OnnxValue values = graph.add("Gather", graph.input(), graph.integers({J}, columns));
    graph.attribute("axis", int64_t{1});
    const OnnxValue v =
        graph.add("Unsqueeze", values, graph.integers({2}, {1, 2}));   // [rows, 1, 1, J]
    const OnnxValue v5 = graph.add("Unsqueeze", v, graph.integer(4));  // [rows, 1, 1, J, 1]
    const OnnxValue equal = graph.add("Equal", leaf(d.category, {L, C, J, K}), v5);
    const OnnxValue met_term = graph.reduce(
        "ReduceSum", graph.add("Where", equal, leaf(d.category_term, {L, C, J, K}), zero), 4,
        false);
    const OnnxValue met =
        graph.add("Greater", graph.reduce("ReduceMax", as_double(graph, equal), 4, false), zero);
    const OnnxValue nominal_term =
        graph.add("Where", graph.add("Equal", v, zero), leaf(d.zero_term, {L, C, J}),
                  graph.add("Where", met, met_term, leaf(d.other_term, {L, C, J})));
    score = graph.add("Add", score, graph.reduce("ReduceSum", nominal_term, 3, false));
  }
  const OnnxValue votes = graph.add("And", graph.add("Greater", leaf(d.voter, {L, C}), zero),
                                    graph.add("Not", numeric.impossible));
  score = graph.add("Where", votes, score, graph.scalar(-std::numeric_limits<double>::infinity()));
  // Normalized from the top score, or all alike when no class has a chance.
  const OnnxValue top = graph.reduce("ReduceMax", score, 2, true);
  const OnnxValue exponentials = graph.add("Exp", graph.add("Sub", score, top));
  const OnnxValue normalized =
      graph.add("Div", exponentials, graph.reduce("ReduceSum", exponentials, 2, true));
  const OnnxValue finite =
      graph.add("And", graph.add("Not", graph.add("IsInf", top)), graph.add("Equal", top, top));
  const OnnxValue naive_bayes =
      graph.add("Where", finite, normalized, graph.scalar(1.0 / static_cast<double>(C)));
  const OnnxValue fixed = graph.add("Greater", leaf(d.fixed, {L, 1}), zero);
  return graph.add("Where", fixed, leaf(d.distribution, {L, C}), naive_bayes);
}

// The best class along the last axis (of `classes`), ties to the lower rank: ArgMax takes the
// first of equals, so it looks at the classes in rank order.
OnnxValue best_class(OnnxGraph& graph, OnnxValue probabilities, std::span<const uint32_t> class_rank) {
  std::vector<int64_t> by_rank(class_rank.size());
  for (size_t c = 0; c < class_rank.size(); ++c) by_rank[class_rank[c]] = static_cast<int64_t>(c);
  const auto classes = static_cast<int64_t>(by_rank.size());
  const OnnxValue order = graph.integers({classes}, by_rank);
  const OnnxValue ranked = graph.along("Gather", {probabilities, order}, -1);
  const OnnxValue first = graph.along("ArgMax", {ranked}, -1);
  graph.attribute("keepdims", int64_t{0});
  return graph.add("Gather", order, first);
}

// [..., classes] doubles: 1 at `best`'s class, 0 elsewhere.
OnnxValue one_hot(OnnxGraph& graph, OnnxValue best, size_t classes) {
  std::vector<int64_t> all(classes);
  for (size_t c = 0; c < classes; ++c) all[c] = static_cast<int64_t>(c);
  const OnnxValue column = graph.add("Unsqueeze", best, graph.integer(-1));
  return as_double(
      graph, graph.add("Equal", column, graph.integers({static_cast<int64_t>(classes)}, all)));
}

// The model's probabilities from the trees' [rows, trees, classes], as the vote_*.h templates combine them.
OnnxValue vote(OnnxGraph& graph, const ClassTreeTables& tables, ClassVote kind, OnnxValue trees, size_t classes,
               std::span<const uint32_t> class_rank) {
  const auto C = static_cast<int64_t>(classes), T = static_cast<int64_t>(tables.splits.roots.size());
  if (kind == ClassVote::kTree) return graph.add("Reshape", trees, graph.integers({2}, {-1, C}));
  if (kind == ClassVote::kMembers) {  // a tree that finds all classes alike abstains
    const OnnxValue first = graph.add("Gather", trees, graph.integer(0));
    graph.attribute("axis", int64_t{2});
    const OnnxValue alike =
        graph.reduce("ReduceMin", as_double(graph, graph.add("Equal", trees, first)), 2, true);
    const OnnxValue counted = graph.add("Sub", graph.scalar(1.0), alike);
    const OnnxValue ballots = tables.average ? trees : one_hot(graph, best_class(graph, trees, class_rank), classes);
    const OnnxValue sum = graph.reduce("ReduceSum", graph.add("Mul", ballots, counted), 1, false);
    return graph.add("Div", sum, graph.scalar(static_cast<double>(T)));
  }
  const auto forests = static_cast<int64_t>(tables.forests);
  const OnnxValue weighted = graph.add("Mul", trees, graph.doubles({T, 1}, tables.tree_weight));
  const OnnxValue by_forest =
      graph.add("Reshape", weighted, graph.integers({4}, {-1, forests, T / forests, C}));
  const OnnxValue sums = graph.reduce("ReduceSum", by_forest, 2, false);  // [rows, forests, classes]
  const OnnxValue total = graph.reduce("ReduceSum", sums, 2, true);
  const OnnxValue positive = graph.add("Greater", total, graph.scalar(0.0));
  const OnnxValue uniform = graph.scalar(1.0 / static_cast<double>(classes));
  const OnnxValue forest = graph.add("Where", positive, graph.add("Div", sums, total), uniform);
  const OnnxValue ballots = forests == 1 || tables.average ? forest
                                                            : one_hot(graph, best_class(graph, forest, class_rank), classes);
  return graph.add("Div", graph.reduce("ReduceSum", ballots, 1, false),
                   graph.scalar(static_cast<double>(forests)));
}

}  // namespace

Result<std::string> class_tree_onnx(const ClassTreeTables& tables, ClassVote kind, const LabelDictionary& classes,
                                    std::span<const uint32_t> class_rank, std::string_view program,
                                    std::string_view writer) {
  TMK_TRY(check_finite({&tables.splits.threshold, &tables.splits.branch_category, &tables.distribution,
                        &tables.voter_prior, &tables.gaussian_mean, &tables.gaussian_variance, &tables.smoothing,
                        &tables.tree_weight, &tables.entry_zero, &tables.entry_other, &tables.entry_term},
                       "--export-onnx"));
  std::vector<uint32_t> nominal;
  for (uint32_t i = 0; i < tables.nominal_flag.size(); ++i)
    if (tables.nominal_flag[i] != 0) nominal.push_back(i);
  OnnxGraph graph(tables.splits.features);
  TMK_ASSIGN_OR_RETURN(const OnnxValue leaves, onnx_tree_leaves(graph, tables.splits));
  const LeafTables leaf = leaf_tables(tables, classes.size(), nominal);
  const OnnxValue trees = leaf_probabilities(graph, leaf, nominal, leaves);
  const OnnxValue probabilities = vote(graph, tables, kind, trees, classes.size(), class_rank);
  const auto count = static_cast<int64_t>(classes.size());
  const OnnxValue class_names = graph.texts({count}, classes.names());
  graph.output(graph.add("Gather", class_names, best_class(graph, probabilities, class_rank)),
               "label", OnnxType::kString, {-1});
  graph.output(probabilities, "probabilities", OnnxType::kDouble, {-1, count});
  return encode_onnx(graph, program, writer,
                     tables.splits.roots.size() == 1 ? "the trained Hoeffding tree" : "the trained Hoeffding trees");
}

}  // namespace tinymlkit
