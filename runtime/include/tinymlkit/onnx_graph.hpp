// A model as an ONNX graph (--export-onnx): its nodes, constants, input and outputs, built by each
// model's exporter and written as ONNX's protobuf by encode_onnx (onnx_encode.cpp, through nanopb).
// A value is a number; it is named t<number> in the file, or as the graph output it is. The
// graph's input X is a batch of rows of `features` doubles. Building calls are out of line and
// take plain numbers, so an exporter's code stays small in the .wasm modules.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tinymlkit/status.hpp"

namespace tinymlkit {

// ONNX's element types (TensorProto.DataType) that the exports use.
enum class OnnxType : int32_t { kFloat = 1, kInt64 = 7, kString = 8, kBool = 9, kDouble = 11 };

using OnnxValue = uint32_t;

struct OnnxTensor {
  OnnxType type = OnnxType::kDouble;
  std::vector<int64_t> dims;
  std::vector<double> doubles;       // kDouble
  std::vector<int64_t> integers;     // kInt64
  std::vector<std::string> strings;  // kString
};

class OnnxGraph;

struct OnnxAttribute {
  enum class Kind { kInteger, kIntegers, kText, kTexts, kTensor, kGraph };
  std::string_view name;  // a literal
  Kind kind = Kind::kInteger;
  int64_t integer = 0;
  std::vector<int64_t> integers;
  std::string text;
  std::vector<std::string> texts;
  OnnxTensor tensor;
  std::shared_ptr<const OnnxGraph> graph;  // a Loop's body
};

struct OnnxNode {
  std::string_view op_type;  // a literal
  bool machine_learning;     // ai.onnx.ml's operator, else ONNX's own
  std::vector<OnnxValue> inputs, outputs;
  std::vector<OnnxAttribute> attributes;
};

// A graph input's or output's value, name and type; a dimension of -1 is the batch's rows ("N").
struct OnnxValueInfo {
  OnnxValue value;
  std::string name;
  OnnxType type;
  std::vector<int64_t> dims;
};

class OnnxGraph {
 public:
  static constexpr std::string_view kMlDomain = "ai.onnx.ml";

  // The input X: rows of `features` doubles, the feature with index i at column i.
  explicit OnnxGraph(uint32_t features);
  // `from` with its nodes in the order a walk back from its outputs meets them (a node's inputs
  // first, in their order) and its values numbered in that order; a node no output needs is left
  // out. encode_onnx writes this, so that a file does not depend on the order the exporter's calls
  // ran in: C++ leaves the order of a call's arguments open, and g++ and clang differ.
  struct InCanonicalOrder {};
  OnnxGraph(const OnnxGraph& from, InCanonicalOrder);

  // A Loop's body: a graph with the inputs its caller declares (body_input) that may use this
  // graph's values; its values are numbered after this graph's. Give it to loop() when built, and
  // add nothing to this graph in between: those values would share the body's numbers.
  OnnxGraph body() const;
  OnnxValue body_input(std::string name, OnnxType type, std::vector<int64_t> dims);
  // A Loop node running `body` at most `trips` times while its condition holds, from `carried`:
  // the carried values' last states, in order.
  std::vector<OnnxValue> loop(OnnxGraph body, int64_t trips, OnnxValue condition,
                              std::initializer_list<OnnxValue> carried);

  uint32_t features() const { return features_; }
  OnnxValue input() const { return 0; }

  // Constants (initializers), of shape `dims`. The building calls take lists and spans, which
  // cost a call site nothing to make.
  OnnxValue constant(OnnxTensor tensor);
  OnnxValue doubles(std::initializer_list<int64_t> dims, std::span<const double> values);
  OnnxValue doubles(std::initializer_list<int64_t> dims, std::initializer_list<double> values);
  OnnxValue integers(std::initializer_list<int64_t> dims, std::span<const int64_t> values);
  OnnxValue integers(std::initializer_list<int64_t> dims, std::initializer_list<int64_t> values);
  OnnxValue texts(std::initializer_list<int64_t> dims, std::vector<std::string> values);
  OnnxValue scalar(double value);
  OnnxValue integer(int64_t value);  // a 1-long int64 tensor

  // A node of ONNX's own operators with one output, returned; an ai.onnx.ml operator's; a node
  // with `outputs` outputs, returned in order. One to three inputs may come as arguments, which
  // cost a module about half the code of a list (3 KB of the forest's module); their order of
  // evaluation, which C++ leaves open, does not reach the file (InCanonicalOrder).
  OnnxValue add(std::string_view op_type, std::initializer_list<OnnxValue> inputs);
  OnnxValue add(std::string_view op_type, OnnxValue input);
  OnnxValue add(std::string_view op_type, OnnxValue first, OnnxValue second);
  OnnxValue add(std::string_view op_type, OnnxValue first, OnnxValue second, OnnxValue third);
  OnnxValue add_ml(std::string_view op_type, std::initializer_list<OnnxValue> inputs);
  std::vector<OnnxValue> add_many(std::string_view op_type, std::initializer_list<OnnxValue> inputs, size_t outputs);
  // Attributes of the node added last.
  void attribute(std::string_view name, int64_t value);
  void attribute(std::string_view name, std::vector<int64_t> values);
  void attribute(std::string_view name, std::initializer_list<int64_t> values);
  void attribute(std::string_view name, std::vector<std::string> values);
  void attribute(std::string_view name, std::string value);
  void attribute(std::string_view name, OnnxTensor value);

  // Makes `value` a graph output named `name`.
  void output(OnnxValue value, std::string name, OnnxType type, std::vector<int64_t> dims);

  // Helpers built of nodes: the rows' count as a 1-long int64 tensor; `value` (a tensor of shape
  // `dims`) repeated for every row, as [rows, dims...]; a node with an "axis" attribute; a Cast;
  // and a sum in a fixed order.
  OnnxValue rows();
  OnnxValue per_row(OnnxValue value, std::initializer_list<int64_t> dims);
  OnnxValue along(std::string_view op_type, std::initializer_list<OnnxValue> inputs, int64_t axis);
  OnnxValue cast(OnnxValue value, OnnxType type);
  // A ReduceSum, ReduceMax or ReduceMin over one axis (at opset 17 ReduceSum takes its axes as an
  // input, the others as an attribute).
  OnnxValue reduce(std::string_view op_type, OnnxValue value, int64_t axis, bool keep);
  // `start` (0: none) plus the `count` slices of `value` along `axis`, added one after the other
  // as the program's loops add them, so the sum has their bits; the axis stays, of size 1.
  OnnxValue sum_in_order(OnnxValue value, int64_t axis, size_t count, OnnxValue start = 0);

  // The value's name in the file.
  std::string name(OnnxValue value) const;

  const std::vector<OnnxNode>& nodes() const { return nodes_; }
  const std::vector<std::pair<OnnxValue, OnnxTensor>>& initializers() const { return initializers_; }
  const std::vector<OnnxValueInfo>& inputs() const { return inputs_; }
  const std::vector<OnnxValueInfo>& outputs() const { return outputs_; }

 private:
  struct Renumbering;

  OnnxGraph(uint32_t features, const OnnxGraph* outer, OnnxValue first_value);
  OnnxValue add_node(std::string_view op_type, bool machine_learning, std::initializer_list<OnnxValue> inputs,
                     size_t outputs);
  OnnxAttribute& new_attribute(std::string_view name, OnnxAttribute::Kind kind);

  uint32_t features_;
  const OnnxGraph* outer_ = nullptr;  // a body's enclosing graph, whose values it may use
  OnnxValue values_ = 1;        // X is 0
  OnnxValue rows_ = 0;          // made once, on first use (0: not yet)
  std::vector<OnnxNode> nodes_;
  std::vector<std::pair<OnnxValue, OnnxTensor>> initializers_;
  std::vector<OnnxValueInfo> inputs_, outputs_;
};

// The graph as an ONNX model file (IR version 8; ONNX's operators at opset 17, the ML ones at 3),
// its producer `producer` at `version`, and `description` as its doc string.
Result<std::string> encode_onnx(const OnnxGraph& graph, std::string_view producer, std::string_view version,
                                std::string_view description);

}  // namespace tinymlkit
