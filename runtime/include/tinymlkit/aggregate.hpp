// Byzantine-robust aggregation of n client vectors (model parameters) of one dimension d, with
// up to f of them possibly malicious. The rules and their known answers are those of
// shared/reference/robust_aggregation.md. Inputs must be finite: a client holding NaN or an
// infinity is rejected before it gets here (NaN inside a sort is undefined behaviour).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "tinymlkit/status.hpp"

namespace tinymlkit {

enum class AggregationRule { kMedian, kGeometricMedian, kMeanAroundMedian, kTrimmedMean, kKrum, kCenteredClip, kMean };

std::optional<AggregationRule> parse_aggregation_rule(std::string_view name);
std::string_view aggregation_rule_name(AggregationRule rule);

// Weiszfeld's floor on distances and its tolerance are fractions of the clients' spread around
// the start (geometric_median), so that the rule is scale equivariant: clients in micro-units
// aggregate as the same clients in units. The exports (round_rules.h, round_rule_onnx.cpp) use
// the same figures.
constexpr double kWeiszfeldNu = 1e-6;
constexpr double kWeiszfeldTolerance = 1e-10;
constexpr size_t kWeiszfeldMaxIterations = 1000;
constexpr size_t kClippingSteps = 3;  // the paper's L, from 1 to 3 in its experiments

struct Aggregate {
  std::vector<double> value;
  size_t iterations = 0;  // Weiszfeld's, for the geometric median
};

// Whether `rule` may run with n clients of which f may be Byzantine; the error says why not.
Status check_aggregation(AggregationRule rule, size_t n, size_t f);
// F when --byzantine is not given: the most the rule tolerates among n (Krum: n >= 2F + 3;
// the others: fewer than half).
size_t default_byzantine(AggregationRule rule, size_t n);

// rows: the n client vectors, all of one dimension and finite. `center` is where centered
// clipping starts: the last global model's vector if there is one (empty: the coordinate median).
Result<Aggregate> aggregate(AggregationRule rule, std::span<const std::vector<double>> rows, size_t f,
                            std::span<const double> center = {});

// The rules one by one, for tests and for callers that know their preconditions hold.
// The median of `values` (which it reorders): the midpoint of the two middle ones for an even count.
double median_of(std::vector<double>& values);
std::vector<double> coordinate_median(std::span<const std::vector<double>> rows);
std::vector<double> trimmed_mean(std::span<const std::vector<double>> rows, size_t trim);
std::vector<double> mean_around_median(std::span<const std::vector<double>> rows, size_t f);
std::vector<double> krum(std::span<const std::vector<double>> rows, size_t f);
std::vector<double> plain_mean(std::span<const std::vector<double>> rows);
// Centered clipping (Karimireddy, He and Jaggi, ICML 2021): from `center`, three steps of
// v <- v + mean_i((x_i - v) min(1, tau / |x_i - v|)), tau the clients' median distance to v (so
// scale equivariant; fewer than half are clipped). A client moves v by at most tau / n a step,
// however far it is; around the last global model this holds where the clients disagree
// (non-iid) and attackers hide inside their spread, which distance-based rules cannot.
std::vector<double> centered_clipping(std::span<const std::vector<double>> rows, std::span<const double> center);
// Smoothed Weiszfeld from the coordinate median, with nu and the tolerance in units of the
// clients' median distance to that start (scale and translation equivariant).
Aggregate geometric_median(std::span<const std::vector<double>> rows);
// Smoothed Weiszfeld from `start`: z <- sum(b_i x_i) / sum(b_i), b_i = 1 / max(nu, |z - x_i|),
// until a step is at most `tolerance` or after max_iterations.
Aggregate weiszfeld(std::span<const std::vector<double>> rows, std::vector<double> start, double nu,
                    double tolerance, size_t max_iterations);

}  // namespace tinymlkit
