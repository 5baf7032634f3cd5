// The graph that --export-onnx builds (onnx_graph.hpp).
#include "tinymlkit/onnx_graph.hpp"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace tinymlkit {

OnnxGraph::OnnxGraph(uint32_t features) : features_(features) {
  inputs_.push_back({input(), "X", OnnxType::kDouble, {-1, static_cast<int64_t>(features)}});
}

OnnxGraph::OnnxGraph(uint32_t features, const OnnxGraph* outer, OnnxValue first_value)
    : features_(features), outer_(outer), values_(first_value) {}

// Copies graphs in canonical order: every value gets the next number when the walk first needs it.
struct OnnxGraph::Renumbering {
  static constexpr OnnxValue kNone = UINT32_MAX;

  // A graph being copied: where each of its values comes from, and the copy; `outer` is the graph
  // around it (a Loop's body uses values of its caller).
  struct Level {
    const OnnxGraph& from;
    OnnxGraph& to;
    Level* outer;
    std::vector<uint32_t> producer, initializer;  // by value: the node or the constant, or kNone
  };

  std::vector<OnnxValue> number;  // by value in `from`: its number in the copy
  OnnxValue next = 0;

  explicit Renumbering(OnnxValue values) : number(values, kNone) {}

  void copy(const OnnxGraph& from, OnnxGraph& to, Level* outer) {
    Level level{from, to, outer, std::vector<uint32_t>(number.size(), kNone),
                std::vector<uint32_t>(number.size(), kNone)};
    for (uint32_t n = 0; n < from.nodes_.size(); ++n)
      for (const OnnxValue output : from.nodes_[n].outputs) level.producer[output] = n;
    for (uint32_t i = 0; i < from.initializers_.size(); ++i)
      level.initializer[from.initializers_[i].first] = i;
    for (const OnnxValueInfo& input : from.inputs_) {
      number[input.value] = next++;
      to.inputs_.push_back({number[input.value], input.name, input.type, input.dims});
    }
    for (const OnnxValueInfo& output : from.outputs_) {
      visit(level, output.value);
      to.outputs_.push_back({number[output.value], output.name, output.type, output.dims});
    }
    to.values_ = next;
  }

  // Numbers `value` and copies what it needs first. A walk with its own stack: a chain of nodes
  // is as long as a linear leaf has weights (tens of thousands), too deep for calls.
  void visit(Level& level, OnnxValue value) {
    struct Step {
      Level* level;
      OnnxValue value;
      size_t inputs_done;
    };
    std::vector<Step> steps{{&level, value, 0}};
    while (!steps.empty()) {
      Step& step = steps.back();
      Level& at = *step.level;
      if (number[step.value] != kNone) {
        steps.pop_back();
      } else if (at.producer[step.value] != kNone) {
        const OnnxNode& node = at.from.nodes_[at.producer[step.value]];
        if (step.inputs_done < node.inputs.size()) {
          const OnnxValue input = node.inputs[step.inputs_done++];
          steps.push_back({&at, input, 0});
        } else {
          copy_node(at, node);
          steps.pop_back();
        }
      } else if (at.initializer[step.value] != kNone) {
        number[step.value] = next++;
        at.to.initializers_.emplace_back(number[step.value],
                                         at.from.initializers_[at.initializer[step.value]].second);
        steps.pop_back();
      } else {
        step.level = at.outer;  // a body's use of its caller's value
      }
    }
  }

  // Copies `node`, whose inputs have their numbers, and numbers its outputs.
  void copy_node(Level& level, const OnnxNode& node) {
    OnnxNode copied{node.op_type, node.machine_learning, {}, {}, node.attributes};
    for (OnnxAttribute& attribute : copied.attributes) {
      if (attribute.kind != OnnxAttribute::Kind::kGraph) continue;
      std::shared_ptr<OnnxGraph> body(
          new OnnxGraph(level.from.features_, &level.to, 0));  // a private constructor
      copy(*attribute.graph, *body, &level);
      attribute.graph = std::move(body);
    }
    for (const OnnxValue input : node.inputs) copied.inputs.push_back(number[input]);
    for (const OnnxValue output : node.outputs) {
      number[output] = next++;
      copied.outputs.push_back(number[output]);
    }
    level.to.nodes_.push_back(std::move(copied));
  }
};

OnnxGraph::OnnxGraph(const OnnxGraph& from, InCanonicalOrder) : features_(from.features_) {
  Renumbering(from.values_).copy(from, *this, nullptr);
}

OnnxGraph OnnxGraph::body() const { return OnnxGraph(features_, this, values_); }

OnnxValue OnnxGraph::body_input(std::string name, OnnxType type, std::vector<int64_t> dims) {
  inputs_.push_back({values_, std::move(name), type, std::move(dims)});
  return values_++;
}

std::vector<OnnxValue> OnnxGraph::loop(OnnxGraph body, int64_t trips, OnnxValue condition,
                                       std::initializer_list<OnnxValue> carried) {
  values_ = body.values_;  // the body's values keep their numbers, and names, apart from ours
  const OnnxValue trip_count = integers({}, {trips});
  OnnxNode& node = nodes_.emplace_back(OnnxNode{"Loop", false, {trip_count, condition}, {}, {}});
  node.inputs.insert(node.inputs.end(), carried.begin(), carried.end());
  for (size_t i = 0; i < carried.size(); ++i) node.outputs.push_back(values_++);
  OnnxAttribute& attribute = new_attribute("body", OnnxAttribute::Kind::kGraph);
  attribute.graph = std::make_shared<const OnnxGraph>(std::move(body));
  return nodes_.back().outputs;
}

std::string OnnxGraph::name(OnnxValue value) const {
  for (const OnnxValueInfo& info : inputs_)
    if (info.value == value) return info.name;
  for (const OnnxValueInfo& info : outputs_)
    if (info.value == value) return info.name;
  return outer_ != nullptr ? outer_->name(value) : "t" + std::to_string(value);
}

OnnxValue OnnxGraph::constant(OnnxTensor tensor) {
  initializers_.emplace_back(values_, std::move(tensor));
  return values_++;
}

OnnxValue OnnxGraph::doubles(std::initializer_list<int64_t> dims, std::span<const double> values) {
  OnnxTensor tensor;
  tensor.dims = dims;
  tensor.doubles.assign(values.begin(), values.end());
  return constant(std::move(tensor));
}

OnnxValue OnnxGraph::doubles(std::initializer_list<int64_t> dims, std::initializer_list<double> values) {
  return doubles(dims, std::span<const double>(values.begin(), values.size()));
}

OnnxValue OnnxGraph::integers(std::initializer_list<int64_t> dims, std::span<const int64_t> values) {
  OnnxTensor tensor;
  tensor.type = OnnxType::kInt64;
  tensor.dims = dims;
  tensor.integers.assign(values.begin(), values.end());
  return constant(std::move(tensor));
}

OnnxValue OnnxGraph::integers(std::initializer_list<int64_t> dims, std::initializer_list<int64_t> values) {
  return integers(dims, std::span<const int64_t>(values.begin(), values.size()));
}

OnnxValue OnnxGraph::texts(std::initializer_list<int64_t> dims, std::vector<std::string> values) {
  OnnxTensor tensor;
  tensor.type = OnnxType::kString;
  tensor.dims = dims;
  tensor.strings = std::move(values);
  return constant(std::move(tensor));
}

OnnxValue OnnxGraph::scalar(double value) { return doubles({}, {value}); }

OnnxValue OnnxGraph::integer(int64_t value) { return integers({1}, {value}); }

OnnxValue OnnxGraph::add_node(std::string_view op_type, bool machine_learning,
                              std::initializer_list<OnnxValue> inputs, size_t outputs) {
  OnnxNode& node = nodes_.emplace_back(OnnxNode{op_type, machine_learning, inputs, {}, {}});
  for (size_t i = 0; i < outputs; ++i) node.outputs.push_back(values_++);
  return node.outputs[0];
}

OnnxValue OnnxGraph::add(std::string_view op_type, std::initializer_list<OnnxValue> inputs) {
  return add_node(op_type, false, inputs, 1);
}

OnnxValue OnnxGraph::add(std::string_view op_type, OnnxValue input) {
  return add_node(op_type, false, {input}, 1);
}

OnnxValue OnnxGraph::add(std::string_view op_type, OnnxValue first, OnnxValue second) {
  return add_node(op_type, false, {first, second}, 1);
}

OnnxValue OnnxGraph::add(std::string_view op_type, OnnxValue first, OnnxValue second,
                         OnnxValue third) {
  return add_node(op_type, false, {first, second, third}, 1);
}

OnnxValue OnnxGraph::add_ml(std::string_view op_type, std::initializer_list<OnnxValue> inputs) {
  return add_node(op_type, true, inputs, 1);
}

std::vector<OnnxValue> OnnxGraph::add_many(std::string_view op_type, std::initializer_list<OnnxValue> inputs,
                                           size_t outputs) {
  add_node(op_type, false, inputs, outputs);
  return nodes_.back().outputs;
}

OnnxAttribute& OnnxGraph::new_attribute(std::string_view name, OnnxAttribute::Kind kind) {
  OnnxAttribute& attribute = nodes_.back().attributes.emplace_back();
  attribute.name = name;
  attribute.kind = kind;
  return attribute;
}

void OnnxGraph::attribute(std::string_view name, int64_t value) {
  new_attribute(name, OnnxAttribute::Kind::kInteger).integer = value;
}

void OnnxGraph::attribute(std::string_view name, std::vector<int64_t> values) {
  new_attribute(name, OnnxAttribute::Kind::kIntegers).integers = std::move(values);
}

void OnnxGraph::attribute(std::string_view name, std::initializer_list<int64_t> values) {
  new_attribute(name, OnnxAttribute::Kind::kIntegers).integers = values;
}

void OnnxGraph::attribute(std::string_view name, std::vector<std::string> values) {
  new_attribute(name, OnnxAttribute::Kind::kTexts).texts = std::move(values);
}

void OnnxGraph::attribute(std::string_view name, std::string value) {
  new_attribute(name, OnnxAttribute::Kind::kText).text = std::move(value);
}

void OnnxGraph::attribute(std::string_view name, OnnxTensor value) {
  new_attribute(name, OnnxAttribute::Kind::kTensor).tensor = std::move(value);
}

void OnnxGraph::output(OnnxValue value, std::string name, OnnxType type, std::vector<int64_t> dims) {
  outputs_.push_back({add("Identity", value), std::move(name), type, std::move(dims)});
}

OnnxValue OnnxGraph::rows() {
  if (rows_ == 0) rows_ = add("Slice", add("Shape", input()), integer(0), integer(1));
  return rows_;
}

OnnxValue OnnxGraph::per_row(OnnxValue value, std::initializer_list<int64_t> dims) {
  const auto rank = static_cast<int64_t>(dims.size());
  return add("Expand", value, along("Concat", {rows(), integers({rank}, dims)}, 0));
}

OnnxValue OnnxGraph::along(std::string_view op_type, std::initializer_list<OnnxValue> inputs, int64_t axis) {
  const OnnxValue out = add(op_type, inputs);
  attribute("axis", axis);
  return out;
}

OnnxValue OnnxGraph::cast(OnnxValue value, OnnxType type) {
  const OnnxValue out = add("Cast", value);
  attribute("to", static_cast<int64_t>(type));
  return out;
}

OnnxValue OnnxGraph::reduce(std::string_view op_type, OnnxValue value, int64_t axis, bool keep) {
  const bool axes_input = op_type == "ReduceSum";
  const OnnxValue out = axes_input ? add(op_type, {value, integer(axis)}) : add(op_type, {value});
  if (!axes_input) attribute("axes", {axis});
  attribute("keepdims", int64_t{keep ? 1 : 0});
  return out;
}

OnnxValue OnnxGraph::sum_in_order(OnnxValue value, int64_t axis, size_t count, OnnxValue start) {
  if (count == 0) return start;
  const std::vector<int64_t> ones(count, 1);
  const OnnxValue sizes = integers({static_cast<int64_t>(count)}, ones);
  add_node("Split", false, {value, sizes}, count);
  attribute("axis", axis);
  const std::vector<OnnxValue> slices = nodes_.back().outputs;
  OnnxValue sum = start;
  for (const OnnxValue slice : slices) sum = sum == 0 ? slice : add("Add", sum, slice);
  return sum;
}

}  // namespace tinymlkit
