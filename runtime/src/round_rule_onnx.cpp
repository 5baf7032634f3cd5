// A federated round's rule over its clients' predictions as ONNX nodes (tree_onnx.hpp): what
// aggregate() computes for one coordinate, for every row, summed in the program's orders and
// with its ties, and the median where a prediction is not finite (aggregate() refuses those).
#include <algorithm>
#include <limits>
#include <vector>

#include "tinymlkit/tree_onnx.hpp"

namespace tinymlkit {
namespace {

// The values sorted along `axis`, ascending (TopK puts the lower index first among equals), and
// where each came from.
std::vector<OnnxValue> ascending(OnnxGraph& graph, OnnxValue values, int64_t axis, size_t count) {
  const std::vector<OnnxValue> top = graph.add_many("TopK", {values, graph.integer(static_cast<int64_t>(count))}, 2);
  graph.attribute("axis", axis);
  graph.attribute("largest", int64_t{0});
  return top;
}

OnnxValue at(OnnxGraph& graph, OnnxValue values, int64_t axis, size_t k) {
  return graph.along("Gather", {values, graph.integer(static_cast<int64_t>(k))}, axis);
}

OnnxValue client_numbers(OnnxGraph& graph, size_t clients) {
  std::vector<int64_t> all(clients);
  for (size_t i = 0; i < clients; ++i) all[i] = static_cast<int64_t>(i);
  return graph.integers({static_cast<int64_t>(clients)}, all);
}

// sqrt((a - b)^2), the program's distance: [rows, clients].
OnnxValue distance(OnnxGraph& graph, OnnxValue a, OnnxValue b) {
  const OnnxValue d = graph.add("Sub", a, b);
  return graph.add("Sqrt", graph.add("Mul", d, d));
}

OnnxValue mean(OnnxGraph& graph, OnnxValue values, size_t clients) {
  return graph.sum_in_order(graph.add("Div", values, graph.scalar(static_cast<double>(clients))), 1,
                            clients);
}

// The mean of the values left once the F lowest and the F highest are dropped.
OnnxValue trimmed_mean(OnnxGraph& graph, OnnxValue values, size_t clients, size_t byzantine) {
  const size_t kept = clients - 2 * byzantine;
  const OnnxValue middle = graph.add("Slice", {ascending(graph, values, 1, clients)[0],
                                               graph.integer(static_cast<int64_t>(byzantine)),
                                               graph.integer(static_cast<int64_t>(clients - byzantine)),
                                               graph.integer(1)});
  return graph.sum_in_order(graph.add("Div", middle, graph.scalar(static_cast<double>(kept))), 1,
                            kept);
}

// The mean of the n - F values closest to the median (ties to the lower client), summed in
// client order.
OnnxValue mean_around_median(OnnxGraph& graph, OnnxValue values, size_t clients, size_t byzantine) {
  const size_t keep = clients - byzantine;
  const OnnxValue gap =
      graph.add("Abs", graph.add("Sub", values, onnx_median(graph, values, 1, clients)));
  const std::vector<OnnxValue> nearest = graph.add_many("TopK", {gap, graph.integer(static_cast<int64_t>(keep))}, 2);
  graph.attribute("axis", int64_t{1});
  graph.attribute("largest", int64_t{0});
  const OnnxValue chosen = graph.add("Equal", graph.add("Unsqueeze", nearest[1], graph.integer(2)),
                                     client_numbers(graph, clients));  // [rows, keep, clients]
  const OnnxValue kept = graph.add(
      "Greater", {graph.reduce("ReduceMax", graph.cast(chosen, OnnxType::kDouble), 1, false),
                  graph.scalar(0.0)});
  const OnnxValue share = graph.add("Div", values, graph.scalar(static_cast<double>(keep)));
  return graph.sum_in_order(graph.add("Where", kept, share, graph.scalar(0.0)), 1, clients);
}

// The client whose summed squared distance to its n - F - 2 nearest others (at least one) is
// smallest; ties to the lower client (ArgMin takes the first).
OnnxValue krum(OnnxGraph& graph, OnnxValue values, size_t clients, size_t byzantine) {
  const size_t neighbours = clients >= byzantine + 2 && clients - byzantine - 2 > 1 ? clients - byzantine - 2 : 1;
  const size_t count = std::min(neighbours, clients - 1);
  const OnnxValue d = graph.add("Sub", graph.add("Unsqueeze", values, graph.integer(2)),
                                graph.add("Unsqueeze", values, graph.integer(1)));
  std::vector<double> self(clients * clients, 0.0);  // a client is not its own neighbour
  for (size_t i = 0; i < clients; ++i) self[i * clients + i] = std::numeric_limits<double>::infinity();
  const auto n = static_cast<int64_t>(clients);
  const OnnxValue squares = graph.add("Add", graph.add("Mul", d, d), graph.doubles({n, n}, self));
  const OnnxValue nearest = ascending(graph, squares, 2, count)[0];
  const OnnxValue scores =
      graph.add("Squeeze", graph.sum_in_order(nearest, 2, count), graph.integer(2));
  const OnnxValue best = graph.along("ArgMin", {scores}, 1);
  return graph.along("GatherElements", {values, best}, 1);
}

// Centered clipping from the median: each step clips every client's pull to the median distance,
// and stops for good once half the clients or more are on v.
OnnxValue centered_clip(OnnxGraph& graph, OnnxValue values, size_t clients) {
  OnnxValue v = onnx_median(graph, values, 1, clients);
  OnnxValue stopped = 0;  // none before the first step
  const OnnxValue zero = graph.scalar(0.0);
  for (size_t step = 0; step < kClippingSteps; ++step) {
    const OnnxValue apart = distance(graph, values, v);
    const OnnxValue tau = onnx_median(graph, apart, 1, clients);
    const OnnxValue on_v = graph.add("Not", graph.add("Greater", tau, zero));
    stopped = stopped == 0 ? on_v : graph.add("Or", stopped, on_v);
    const OnnxValue clipped = graph.add("Min", graph.add("Div", tau, apart), graph.scalar(1.0));
    const OnnxValue weight = graph.add("Div", clipped, graph.scalar(static_cast<double>(clients)));
    const OnnxValue pull = graph.add("Mul", graph.add("Sub", values, v), weight);
    const OnnxValue counted = graph.add("Where", graph.add("Greater", apart, zero), pull, zero);
    const OnnxValue moved = graph.add("Add", v, graph.sum_in_order(counted, 1, clients));
    v = graph.add("Where", stopped, v, moved);
  }
  return v;
}

// Whether some row has not stopped: a bool scalar, a Loop's condition.
OnnxValue some_running(OnnxGraph& graph, OnnxValue stopped) {
  const OnnxValue all_stopped = graph.add("ReduceMin", graph.cast(stopped, OnnxType::kDouble));
  graph.attribute("keepdims", int64_t{0});
  return graph.add("Less", all_stopped, graph.scalar(0.5));
}

// The geometric median by Weiszfeld's iteration from the median, in a Loop: each row stops at
// the step where the program's loop stops for it, and the loop ends when every row has.
OnnxValue geometric_median(OnnxGraph& graph, OnnxValue values, size_t clients) {
  const OnnxValue zero = graph.scalar(0.0), one = graph.scalar(1.0);
  const OnnxValue start = onnx_median(graph, values, 1, clients);
  const OnnxValue spread = onnx_median(graph, distance(graph, values, start), 1, clients);
  const OnnxValue nu = graph.add("Mul", graph.scalar(kWeiszfeldNu), spread);
  const OnnxValue tolerance = graph.add("Mul", graph.scalar(kWeiszfeldTolerance), spread);
  // Half the clients or more on the median: no point is closer to all of them in sum.
  const OnnxValue stopped_at_start = graph.add("Not", graph.add("Greater", spread, zero));
  const OnnxValue running_at_start =
      some_running(graph, stopped_at_start);  // before the body takes its numbers

  OnnxGraph step = graph.body();
  step.body_input("step", OnnxType::kInt64, {});
  step.body_input("running", OnnxType::kBool, {});
  const OnnxValue z = step.body_input("z", OnnxType::kDouble, {-1, 1});
  OnnxValue stopped = step.body_input("stopped", OnnxType::kBool, {-1, 1});
  const OnnxValue beta = step.add("Div", one, step.add("Max", nu, distance(step, z, values)));
  const OnnxValue largest = step.reduce("ReduceMax", beta, 1, true);
  const OnnxValue weight =
      step.add("Where", step.add("Greater", largest, zero), step.add("Div", beta, largest), zero);
  const OnnxValue total = step.sum_in_order(weight, 1, clients);
  const OnnxValue weighted = step.sum_in_order(step.add("Mul", weight, values), 1, clients);
  const OnnxValue finite = step.add("Equal", step.add("Sub", weighted, weighted), zero);
  stopped = step.add("Or", stopped,
                     step.add("Not", step.add("And", step.add("Greater", total, zero), finite)));
  const OnnxValue next = step.add("Div", weighted, total);
  const OnnxValue moved = distance(step, z, next);
  const OnnxValue z_next = step.add("Where", stopped, z, next);
  stopped = step.add("Or", stopped, step.add("LessOrEqual", moved, tolerance));
  step.output(some_running(step, stopped), "running_next", OnnxType::kBool, {});
  step.output(z_next, "z_next", OnnxType::kDouble, {-1, 1});
  step.output(stopped, "stopped_next", OnnxType::kBool, {-1, 1});
  return graph.loop(std::move(step), kWeiszfeldMaxIterations, running_at_start,
                    {start, stopped_at_start})[0];
}

}  // namespace

OnnxValue onnx_median(OnnxGraph& graph, OnnxValue values, int64_t axis, size_t count) {
  const OnnxValue ordered = ascending(graph, values, axis, count)[0];
  if (count % 2 == 1) return at(graph, ordered, axis, count / 2);
  const OnnxValue low = at(graph, ordered, axis, count / 2 - 1), high = at(graph, ordered, axis, count / 2);
  return graph.add("Add", low, graph.add("Div", graph.add("Sub", high, low), graph.scalar(2.0)));
}

OnnxValue onnx_round_rule(OnnxGraph& graph, AggregationRule rule, size_t byzantine, OnnxValue values,
                          size_t clients) {
  const OnnxValue median = onnx_median(graph, values, 1, clients);
  const auto by_rule = [&]() {
    switch (rule) {
      case AggregationRule::kMedian: break;
      case AggregationRule::kMean: return mean(graph, values, clients);
      case AggregationRule::kTrimmedMean: return trimmed_mean(graph, values, clients, byzantine);
      case AggregationRule::kMeanAroundMedian: return mean_around_median(graph, values, clients, byzantine);
      case AggregationRule::kKrum: return krum(graph, values, clients, byzantine);
      case AggregationRule::kCenteredClip: return centered_clip(graph, values, clients);
      case AggregationRule::kGeometricMedian: return geometric_median(graph, values, clients);
    }
    return median;
  };
  if (rule == AggregationRule::kMedian) return median;
  const OnnxValue combined = by_rule();
  // x - x is 0 for every finite x, NaN for infinities and NaN.
  const OnnxValue finite = graph.add("Equal", graph.add("Sub", values, values), graph.scalar(0.0));
  const OnnxValue all_finite = graph.add(
      "Greater", {graph.reduce("ReduceMin", graph.cast(finite, OnnxType::kDouble), 1, true),
                  graph.scalar(0.0)});
  return graph.add("Where", all_finite, combined, median);
}

}  // namespace tinymlkit
