// tinymlkit-nm's --export-onnx: the linear model with its standardization folded into the weights,
// as --export-c writes it, summed in the program's order (a chain of additions, so the margin has
// the program's bits), then the label's scale or the classifier's link.
#include "tinymlkit/nm_learner.hpp"
#include "tinymlkit/onnx_graph.hpp"

namespace tinymlkit {
namespace {

// bias + the products w[i] * x[i] in index order: [rows, 1]. A product of an absent feature (0)
// is 0 and leaves the sum as the program's skipping it leaves it.
OnnxValue weighted_sum(OnnxGraph& graph, const std::vector<double>& weights, double bias) {
  const auto features = static_cast<int64_t>(weights.size());
  const OnnxValue start = graph.per_row(graph.scalar(bias), {1});
  if (features == 0) return start;
  const OnnxValue products = graph.add("Mul", graph.input(), graph.doubles({1, features}, weights));
  return graph.sum_in_order(products, 1, weights.size(), start);
}

}  // namespace

Result<std::string> NmLearner::export_onnx(std::string_view program, std::string_view writer) const {
  double bias = 0;
  TMK_ASSIGN_OR_RETURN(const std::vector<double> weights, export_weights("--export-onnx", bias));
  if (task() == Task::kClassification && class_count() == 0)
    return fail(ExitCode::kUsage, "--export-onnx: the model has not learned a class yet");
  OnnxGraph graph(static_cast<uint32_t>(weights.size()));
  const OnnxValue m = weighted_sum(graph, weights, bias);
  if (task() == Task::kRegression) {
    const OnnxValue scaled = graph.add("Mul", graph.scalar(label_scale()), m);
    graph.output(graph.add("Add", graph.scalar(label_mean()), scaled), "variable",
                 OnnxType::kDouble, {-1, 1});
    return encode_onnx(graph, program, writer, "the trained linear model");
  }
  const auto classes = static_cast<int64_t>(classes_.size());
  const OnnxValue class_names = graph.texts({classes}, classes_.names());
  OnnxValue probabilities = 0, label_index = 0;
  if (classes < 2) {  // no second class was seen: the one class, surely
    probabilities = graph.per_row(graph.doubles({1}, {1.0}), {1});
    label_index = graph.per_row(graph.integers({}, {0}), {});
  } else {
    const OnnxValue one = graph.scalar(1.0);
    OnnxValue p1 = 0;
    if (loss_.kind == LossKind::kLogistic) {  // 1 / (1 + exp(-m)), as the program computes it
      p1 = graph.add("Div", one, graph.add("Add", one, graph.add("Exp", graph.add("Neg", m))));
    } else {  // the hinge margin mapped from [-1, 1] onto [0, 1]
      const OnnxValue p = graph.add("Div", graph.add("Add", m, one), graph.scalar(2.0));
      p1 = graph.add("Min", graph.add("Max", p, graph.scalar(0.0)), one);
    }
    probabilities = graph.along("Concat", {graph.add("Sub", one, p1), p1}, 1);
    const OnnxValue positive = graph.add("GreaterOrEqual", m, graph.scalar(0.0));
    label_index = graph.add("Reshape", graph.cast(positive, OnnxType::kInt64), graph.integer(-1));
  }
  graph.output(graph.add("Gather", class_names, label_index), "label", OnnxType::kString, {-1});
  graph.output(probabilities, "probabilities", OnnxType::kDouble, {-1, classes});
  return encode_onnx(graph, program, writer, "the trained linear model");
}

}  // namespace tinymlkit
