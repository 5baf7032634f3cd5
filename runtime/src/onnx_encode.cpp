// An OnnxGraph as ONNX's protobuf, through nanopb's encoder and onnx.proto's generated messages.
// Every repeated or text field is a nanopb callback that writes the graph's own vectors, so no
// copy of the model is made; nanopb calls each callback twice (once to size a submessage).
#include <bit>
#include <cstring>
#include <string>
#include <string_view>

#include "onnx.pb.h"
#include "pb_encode.h"
#include "tinymlkit/onnx_graph.hpp"

namespace tinymlkit {
namespace {

constexpr int64_t kIrVersion = 8;
constexpr int64_t kOnnxOpset = 17;
constexpr int64_t kMlOpset = 3;

template <class T>
pb_callback_t callback(bool (*encode)(pb_ostream_t*, const pb_field_iter_t*, void* const*), const T& value) {
  pb_callback_t field{};
  field.funcs.encode = encode;
  field.arg = const_cast<T*>(&value);  // nanopb's arg is not const; the encoders only read it
  return field;
}

const pb_byte_t* bytes_of(std::string_view text) { return reinterpret_cast<const pb_byte_t*>(text.data()); }

bool encode_text(pb_ostream_t* stream, const pb_field_iter_t* field, void* const* arg) {
  const auto& text = *static_cast<const std::string_view*>(*arg);
  return pb_encode_tag_for_field(stream, field) && pb_encode_string(stream, bytes_of(text), text.size());
}

// `value` must outlive the encoding: a member of the graph, or a local of the caller's callback.
pb_callback_t text(const std::string_view& value) {
  return value.empty() ? pb_callback_t{} : callback(encode_text, value);
}

bool encode_string(pb_ostream_t* stream, const pb_field_iter_t* field, void* const* arg) {
  const auto& text = *static_cast<const std::string*>(*arg);
  return pb_encode_tag_for_field(stream, field) && pb_encode_string(stream, bytes_of(text), text.size());
}

pb_callback_t text(const std::string& value) {
  return value.empty() ? pb_callback_t{} : callback(encode_string, value);
}

bool encode_texts(pb_ostream_t* stream, const pb_field_iter_t* field, void* const* arg) {
  for (const std::string& text : *static_cast<const std::vector<std::string>*>(*arg))
    if (!pb_encode_tag_for_field(stream, field) || !pb_encode_string(stream, bytes_of(text), text.size()))
      return false;
  return true;
}

struct ValueNames {
  const OnnxGraph* graph;
  const std::vector<OnnxValue>* values;
};

bool encode_value_names(pb_ostream_t* stream, const pb_field_iter_t* field, void* const* arg) {
  const auto& names = *static_cast<const ValueNames*>(*arg);
  for (const OnnxValue value : *names.values) {
    const std::string name = names.graph->name(value);
    if (!pb_encode_tag_for_field(stream, field) || !pb_encode_string(stream, bytes_of(name), name.size()))
      return false;
  }
  return true;
}

bool encode_integers(pb_ostream_t* stream, const pb_field_iter_t* field, void* const* arg) {
  for (const int64_t value : *static_cast<const std::vector<int64_t>*>(*arg))
    if (!pb_encode_tag_for_field(stream, field) || !pb_encode_varint(stream, static_cast<uint64_t>(value)))
      return false;
  return true;
}

// A tensor's numbers as raw_data: 8 little-endian bytes each, as ONNX requires.
// Sized once: appended a byte at a time, it took a third of the sanitized fuzz targets' time.
std::string raw_data(const OnnxTensor& tensor) {
  std::string bytes(8 * (tensor.doubles.size() + tensor.integers.size()), '\0');
  char* out = bytes.data();
  const auto put = [&out](uint64_t bits) {
    for (int shift = 0; shift < 64; shift += 8) *out++ = static_cast<char>((bits >> shift) & 0xff);
  };
  for (const double value : tensor.doubles) put(std::bit_cast<uint64_t>(value));
  for (const int64_t value : tensor.integers) put(static_cast<uint64_t>(value));
  return bytes;
}

// Encodes each item of a vector as the field's submessage, filled by `fill`.
template <class Item, class Message>
bool encode_each(pb_ostream_t* stream, const pb_field_iter_t* field, const std::vector<Item>& items,
                 const pb_msgdesc_t* fields, void (*fill)(const Item&, Message&)) {
  for (const Item& item : items) {
    Message message{};
    fill(item, message);
    if (!pb_encode_tag_for_field(stream, field) || !pb_encode_submessage(stream, fields, &message)) return false;
  }
  return true;
}

struct NamedTensor {
  std::string_view name;
  const OnnxTensor* tensor;
  std::string bytes;  // raw_data
  std::string_view raw;
};

void fill_tensor(NamedTensor& item, onnx_TensorProto& message) {
  message.dims = callback(encode_integers, item.tensor->dims);
  message.has_data_type = true;
  message.data_type = static_cast<int32_t>(item.tensor->type);
  message.name = text(item.name);
  item.raw = item.bytes;
  if (item.tensor->type == OnnxType::kString)
    message.string_data = callback(encode_texts, item.tensor->strings);
  else
    message.raw_data = callback(encode_text, item.raw);
}

bool write_tensor(pb_ostream_t* stream, const pb_field_iter_t* field, NamedTensor& item) {
  onnx_TensorProto message{};
  fill_tensor(item, message);
  return pb_encode_tag_for_field(stream, field) && pb_encode_submessage(stream, onnx_TensorProto_fields, &message);
}

bool encode_tensor(pb_ostream_t* stream, const pb_field_iter_t* field, void* const* arg) {
  return write_tensor(stream, field, *static_cast<NamedTensor*>(*arg));
}

bool encode_initializers(pb_ostream_t* stream, const pb_field_iter_t* field, void* const* arg) {
  const auto& graph = *static_cast<const OnnxGraph*>(*arg);
  for (const auto& [value, tensor] : graph.initializers()) {
    const std::string name = graph.name(value);
    NamedTensor item{name, &tensor, raw_data(tensor), {}};
    if (!write_tensor(stream, field, item)) return false;
  }
  return true;
}

// A graph's nodes, constants, inputs and outputs (defined below, as nodes hold graphs: a Loop's body).
void fill_graph(const OnnxGraph& graph, onnx_GraphProto& message);

bool encode_body(pb_ostream_t* stream, const pb_field_iter_t* field, void* const* arg) {
  onnx_GraphProto message{};
  fill_graph(*static_cast<const OnnxGraph*>(*arg), message);
  return pb_encode_tag_for_field(stream, field) && pb_encode_submessage(stream, onnx_GraphProto_fields, &message);
}

void fill_attribute(const OnnxAttribute& attribute, onnx_AttributeProto& message) {
  message.name = text(attribute.name);
  message.has_type = true;
  switch (attribute.kind) {
    case OnnxAttribute::Kind::kInteger:
      message.type = onnx_AttributeProto_AttributeType_INT;
      message.has_i = true;
      message.i = attribute.integer;
      break;
    case OnnxAttribute::Kind::kIntegers:
      message.type = onnx_AttributeProto_AttributeType_INTS;
      message.ints = callback(encode_integers, attribute.integers);
      break;
    case OnnxAttribute::Kind::kText:
      message.type = onnx_AttributeProto_AttributeType_STRING;
      break;
    case OnnxAttribute::Kind::kTexts:
      message.type = onnx_AttributeProto_AttributeType_STRINGS;
      message.strings = callback(encode_texts, attribute.texts);
      break;
    case OnnxAttribute::Kind::kTensor:
      message.type = onnx_AttributeProto_AttributeType_TENSOR;
      break;
    case OnnxAttribute::Kind::kGraph:
      message.type = onnx_AttributeProto_AttributeType_GRAPH;
      message.g = callback(encode_body, *attribute.graph);
      break;
  }
}

bool encode_attributes(pb_ostream_t* stream, const pb_field_iter_t* field, void* const* arg) {
  for (const OnnxAttribute& attribute : *static_cast<const std::vector<OnnxAttribute>*>(*arg)) {
    onnx_AttributeProto message{};
    fill_attribute(attribute, message);
    const std::string_view value = attribute.text;
    if (attribute.kind == OnnxAttribute::Kind::kText) message.s = callback(encode_text, value);
    NamedTensor tensor{{}, &attribute.tensor, raw_data(attribute.tensor), {}};
    if (attribute.kind == OnnxAttribute::Kind::kTensor) message.t = callback(encode_tensor, tensor);
    if (!pb_encode_tag_for_field(stream, field) || !pb_encode_submessage(stream, onnx_AttributeProto_fields, &message))
      return false;
  }
  return true;
}

bool encode_nodes(pb_ostream_t* stream, const pb_field_iter_t* field, void* const* arg) {
  const auto& graph = *static_cast<const OnnxGraph*>(*arg);
  for (const OnnxNode& node : graph.nodes()) {
    const ValueNames inputs{&graph, &node.inputs}, outputs{&graph, &node.outputs};
    const std::string_view domain = node.machine_learning ? OnnxGraph::kMlDomain : std::string_view();
    onnx_NodeProto message{};
    message.input = callback(encode_value_names, inputs);
    message.output = callback(encode_value_names, outputs);
    message.op_type = text(node.op_type);
    message.domain = text(domain);
    message.attribute = callback(encode_attributes, node.attributes);
    if (!pb_encode_tag_for_field(stream, field) || !pb_encode_submessage(stream, onnx_NodeProto_fields, &message))
      return false;
  }
  return true;
}

constexpr std::string_view kRowsName = "N";

void fill_dimension(const int64_t& size, onnx_TensorShapeProto_Dimension& message) {
  if (size < 0) {
    message.which_value = onnx_TensorShapeProto_Dimension_dim_param_tag;
    message.value.dim_param = text(kRowsName);
  } else {
    message.which_value = onnx_TensorShapeProto_Dimension_dim_value_tag;
    message.value.dim_value = size;
  }
}

bool encode_dimensions(pb_ostream_t* stream, const pb_field_iter_t* field, void* const* arg) {
  return encode_each(stream, field, *static_cast<const std::vector<int64_t>*>(*arg),
                     onnx_TensorShapeProto_Dimension_fields, fill_dimension);
}

void fill_value_info(const OnnxValueInfo& value, onnx_ValueInfoProto& message) {
  message.name = text(value.name);
  message.has_type = true;
  message.type.which_value = onnx_TypeProto_tensor_type_tag;
  auto& tensor = message.type.value.tensor_type;
  tensor.has_elem_type = true;
  tensor.elem_type = static_cast<int32_t>(value.type);
  tensor.has_shape = true;
  tensor.shape.dim = callback(encode_dimensions, value.dims);
}

bool encode_value_infos(pb_ostream_t* stream, const pb_field_iter_t* field, void* const* arg) {
  return encode_each(stream, field, *static_cast<const std::vector<OnnxValueInfo>*>(*arg),
                     onnx_ValueInfoProto_fields, fill_value_info);
}

constexpr std::string_view kBodyName = "body";

void fill_graph(const OnnxGraph& graph, onnx_GraphProto& message) {
  message.name = text(kBodyName);
  message.node = callback(encode_nodes, graph);
  message.initializer = callback(encode_initializers, graph);
  message.input = callback(encode_value_infos, graph.inputs());
  message.output = callback(encode_value_infos, graph.outputs());
}

struct Opset {
  std::string_view domain;
  int64_t version;
};

void fill_opset(const Opset& opset, onnx_OperatorSetIdProto& message) {
  message.domain = text(opset.domain);
  message.has_version = true;
  message.version = opset.version;
}

bool encode_opsets(pb_ostream_t* stream, const pb_field_iter_t* field, void* const* arg) {
  return encode_each(stream, field, *static_cast<const std::vector<Opset>*>(*arg), onnx_OperatorSetIdProto_fields,
                     fill_opset);
}

bool append_to_string(pb_ostream_t* stream, const pb_byte_t* buffer, size_t count) {
  static_cast<std::string*>(stream->state)->append(reinterpret_cast<const char*>(buffer), count);
  return true;
}

}  // namespace

Result<std::string> encode_onnx(const OnnxGraph& graph, std::string_view producer, std::string_view version,
                                std::string_view description) {
  // ONNX's default domain is written as "", the ML operators' as theirs (opset 3 of ai.onnx.ml).
  const std::vector<Opset> opsets{{"", kOnnxOpset}, {OnnxGraph::kMlDomain, kMlOpset}};
  onnx_ModelProto model = onnx_ModelProto_init_zero;
  model.has_ir_version = true;
  model.ir_version = kIrVersion;
  model.producer_name = text(producer);
  model.producer_version = text(version);
  model.doc_string = text(description);
  model.opset_import = callback(encode_opsets, opsets);
  model.has_graph = true;
  const OnnxGraph canonical(graph, OnnxGraph::InCanonicalOrder{});
  fill_graph(canonical, model.graph);
  model.graph.name = text(producer);
  std::string file;
  pb_ostream_t stream{};
  stream.callback = append_to_string;
  stream.state = &file;
  stream.max_size = SIZE_MAX;
  if (!pb_encode(&stream, onnx_ModelProto_fields, &model))
    return fail(ExitCode::kUsage, "--export-onnx: the model could not be encoded as ONNX");
  return file;
}

}  // namespace tinymlkit
