// A Vfdt as a model file and a readable model, and its classes renumbered for a federated round:
// what a run does once, so built for size in the .wasm modules (runtime/CMakeLists.txt).
#include "tinymlkit/vfdt.hpp"

namespace tinymlkit {

Vfdt::Vfdt(const Vfdt& other) = default;
Vfdt::Vfdt(Vfdt&& other) noexcept = default;
Vfdt& Vfdt::operator=(const Vfdt& other) = default;
Vfdt& Vfdt::operator=(Vfdt&& other) noexcept = default;
Vfdt::~Vfdt() = default;

void Vfdt::remap_classes(std::span<const uint32_t> to, size_t classes) {
  for (ClassLeaf& leaf : leaves_) leaf.remap_classes(to, classes);
  for (ClassLeaf& statistics : inherited_) statistics.remap_classes(to, classes);
  global_.remap_classes(to, classes);
  for (std::vector<double>& weights : split_weights_) {
    std::vector<double> remapped(weights.empty() ? 0 : classes, 0.0);
    for (size_t c = 0; c < weights.size(); ++c)
      if (to[c] != kDroppedClass) remapped[to[c]] = weights[c];
    weights = std::move(remapped);
  }
}

void Vfdt::save(ByteWriter& out) const {
  out.u64(deactivated_);
  out.u64(leaves_.size());
  for (const ClassLeaf& leaf : leaves_) leaf.save(out);
  tree_.save(out);
  out.u64(split_weights_.size());
  for (const std::vector<double>& weights : split_weights_) out.f64s(weights);
  out.u64(inherited_.size());
  for (const ClassLeaf& statistics : inherited_) statistics.save(out);
  global_.save(out);
}

Status Vfdt::load(ByteReader& in, size_t classes, size_t nominal_features, size_t dimension, uint32_t max_depth) {
  TMK_ASSIGN_OR_RETURN(deactivated_, in.u64());
  TMK_ASSIGN_OR_RETURN(size_t leaves, in.count(50));
  leaves_.assign(leaves, ClassLeaf());
  for (ClassLeaf& leaf : leaves_) TMK_TRY(leaf.load(in, classes, nominal_features, dimension));
  TMK_TRY(tree_.load(in, leaves_.size(), dimension, max_depth));
  TMK_ASSIGN_OR_RETURN(size_t split_nodes, in.count(8));
  if (split_nodes > tree_.node_count()) return in.malformed("split weights for more nodes than the tree has");
  split_weights_.assign(split_nodes, {});
  for (std::vector<double>& weights : split_weights_) {
    TMK_ASSIGN_OR_RETURN(weights, in.f64s());
    if (weights.size() > classes) return in.malformed("split weights with more classes than the model");
  }
  for (size_t node = 0; node < tree_.node_count(); ++node) {
    const TreeStructure::Node& split = tree_.node(static_cast<uint32_t>(node));
    if (!split.is_leaf() && split.test.nominal && (node >= split_weights_.size() || split_weights_[node].empty()))
      return in.malformed("a nominal split without its class weights");
  }
  inherited_.clear();
  heirs_.clear();
  global_ = ClassLeaf();
  if (in.format_version() < 7) return {};
  TMK_ASSIGN_OR_RETURN(size_t inherited, in.count(50));
  inherited_.assign(inherited, ClassLeaf());
  heirs_.assign(inherited, 0);
  for (ClassLeaf& statistics : inherited_) {
    TMK_TRY(statistics.load(in, classes, nominal_features, dimension));
    if (statistics.inherited != ClassLeaf::kNotInherited)
      return in.malformed("inherited statistics that inherit statistics themselves");
  }
  for (const ClassLeaf& leaf : leaves_) {
    if (leaf.inherited == ClassLeaf::kNotInherited) continue;
    if (leaf.inherited >= inherited_.size())
      return in.malformed("a leaf inheriting statistics the tree does not hold");
    ++heirs_[leaf.inherited];
  }
  if (in.format_version() < 8) return {};
  // Its own inherited slot and global count are never read: it is no leaf.
  return global_.load(in, classes, nominal_features, dimension);
}

void Vfdt::describe(JsonWriter& out, const LabelDictionary& classes, const VfdtSettings& settings) const {
  tree_.describe(out, [&](JsonWriter& json, uint32_t payload) {
    const ClassLeaf& leaf = leaves_[payload];
    json.begin_object("class_weights");
    for (size_t c = 0; c < leaf.class_weights.size(); ++c)
      json.field(classes.name(static_cast<uint32_t>(c)), leaf.class_weights[c]);
    json.end_object();
    json.field("active", leaf.active);
    static constexpr const char* kVoiceNames[] = {"majority_class", "naive_bayes",
                                                  "inherited_naive_bayes", "global_naive_bayes"};
    json.field("predicts_with", kVoiceNames[static_cast<size_t>(voice(leaf, settings))]);
  });
}

}  // namespace tinymlkit
