#include "tinymlkit/onnx_graph.hpp"

#include <bit>
#include <catch2/catch.hpp>
#include <cstring>
#include <string>
#include <vector>

using tinymlkit::OnnxGraph;
using tinymlkit::OnnxType;
using tinymlkit::OnnxValue;

TEST_CASE("a graph numbers its values, and its input and outputs keep their names") {
  OnnxGraph graph(3);
  const OnnxValue half = graph.scalar(0.5);
  const OnnxValue product = graph.add("Mul", {graph.input(), half});
  graph.output(product, "variable", OnnxType::kDouble, {-1, 3});
  CHECK(graph.name(graph.input()) == "X");
  CHECK(graph.name(half) == "t1");
  CHECK(graph.name(product) == "t2");
  CHECK(graph.name(graph.nodes().back().outputs[0]) == "variable");
  CHECK(graph.inputs()[0].dims == std::vector<int64_t>{-1, 3});
}

TEST_CASE("a sum in order adds the slices one after the other, after the start") {
  OnnxGraph graph(4);
  const OnnxValue start = graph.scalar(1.0);
  const OnnxValue sum = graph.sum_in_order(graph.input(), 1, 4, start);
  std::vector<std::string> ops;
  for (const auto& node : graph.nodes()) ops.emplace_back(node.op_type);
  CHECK(ops == std::vector<std::string>{"Split", "Add", "Add", "Add", "Add"});
  const std::vector<OnnxValue> slices = graph.nodes()[0].outputs;
  REQUIRE(slices.size() == 4);
  CHECK(graph.nodes()[1].inputs == std::vector<OnnxValue>{start, slices[0]});
  CHECK(graph.nodes()[4].inputs == std::vector<OnnxValue>{graph.nodes()[3].outputs[0], slices[3]});
  CHECK(sum == graph.nodes()[4].outputs[0]);
  CHECK(graph.sum_in_order(graph.input(), 1, 0, start) == start);  // nothing to add
}

TEST_CASE("an encoded model starts with its IR version and holds its opsets, names and numbers") {
  OnnxGraph graph(1);
  graph.output(graph.add("Mul", {graph.input(), graph.scalar(0.1)}), "variable", OnnxType::kDouble, {-1, 1});
  const auto file = tinymlkit::encode_onnx(graph, "tinymlkit-test", "0.1.0", "a test");
  REQUIRE(file.has_value());
  CHECK(file->substr(0, 2) == std::string("\x08\x08", 2));  // field 1 (ir_version), varint 8
  for (const char* text : {"tinymlkit-test", "0.1.0", "a test", "ai.onnx.ml", "Mul", "variable", "X"})
    CHECK(file->find(text) != std::string::npos);
  char bits[8];  // 0.1's bits, little-endian, as raw_data holds them
  const auto value = std::bit_cast<uint64_t>(0.1);
  for (int i = 0; i < 8; ++i) bits[i] = static_cast<char>((value >> (8 * i)) & 0xff);
  CHECK(file->find(std::string(bits, 8)) != std::string::npos);
}

TEST_CASE("a chain of 200,000 additions encodes in canonical order without a deep recursion") {
  // A linear model over every column of a wide input sums one product after the other; the walk
  // that orders the file keeps its own stack (a recursive one overflowed on a chain of 44,158).
  OnnxGraph graph(200000);
  const OnnxValue sum = graph.sum_in_order(graph.input(), 1, 200000, graph.scalar(0.0));
  graph.output(sum, "variable", OnnxType::kDouble, {-1, 1});
  const auto file = tinymlkit::encode_onnx(graph, "tinymlkit-test", "0.1.0", "a long chain");
  REQUIRE(file.has_value());
  CHECK(file->size() > 200000 * 8);  // every Add node is in it
}

TEST_CASE("a loop's body numbers its values after its graph's, and sees the graph's by their names") {
  OnnxGraph graph(2);
  const OnnxValue half = graph.scalar(0.5);
  OnnxGraph body = graph.body();
  body.body_input("step", OnnxType::kInt64, {});
  const OnnxValue running = body.body_input("running", OnnxType::kBool, {});
  const OnnxValue carried = body.body_input("z", OnnxType::kDouble, {-1, 2});
  const OnnxValue next = body.add("Mul", {carried, half});
  CHECK(next > half);
  CHECK(body.name(graph.input()) == "X");  // the enclosing graph's input
  CHECK(body.name(half) == graph.name(half));
  CHECK(body.name(carried) == "z");
  body.output(running, "running_next", OnnxType::kBool, {});
  body.output(next, "z_next", OnnxType::kDouble, {-1, 2});
  const OnnxValue body_last = body.nodes().back().outputs[0];
  const std::vector<OnnxValue> last = graph.loop(std::move(body), 10, half, {graph.input()});
  REQUIRE(last.size() == 1);
  CHECK(last[0] > body_last);  // no value of the body's shares its number with the graph's
  CHECK(graph.nodes().back().op_type == "Loop");
  CHECK(graph.nodes().back().attributes[0].graph->outputs().size() == 2);
}
