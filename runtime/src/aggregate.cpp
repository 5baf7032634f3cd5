#include "tinymlkit/aggregate.hpp"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <numeric>
#include <utility>
#include <string>

namespace tinymlkit {
namespace {


std::vector<double> column(std::span<const std::vector<double>> rows, size_t k) {
  std::vector<double> values(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) values[i] = rows[i][k];
  return values;
}

double squared_distance(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0;
  for (size_t k = 0; k < a.size(); ++k) sum += (a[k] - b[k]) * (a[k] - b[k]);
  return sum;
}

}  // namespace

double median_of(std::vector<double>& values) {
  const size_t n = values.size(), middle = n / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  const double upper = values[middle];
  if (n % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
  return lower + (upper - lower) / 2;
}

std::optional<AggregationRule> parse_aggregation_rule(std::string_view name) {
  for (AggregationRule rule : {AggregationRule::kMedian, AggregationRule::kGeometricMedian,
                               AggregationRule::kMeanAroundMedian, AggregationRule::kTrimmedMean,
                               AggregationRule::kKrum, AggregationRule::kCenteredClip, AggregationRule::kMean})
    if (aggregation_rule_name(rule) == name) return rule;
  return std::nullopt;
}

std::string_view aggregation_rule_name(AggregationRule rule) {
  switch (rule) {
    case AggregationRule::kMedian: return "median";
    case AggregationRule::kGeometricMedian: return "geomedian";
    case AggregationRule::kMeanAroundMedian: return "mean-around-median";
    case AggregationRule::kTrimmedMean: return "trimmed-mean";
    case AggregationRule::kKrum: return "krum";
    case AggregationRule::kCenteredClip: return "centered-clip";
    case AggregationRule::kMean: return "mean";
  }
  return "median";
}

size_t default_byzantine(AggregationRule rule, size_t n) {
  if (rule == AggregationRule::kKrum) return n >= 3 ? (n - 3) / 2 : 0;  // n >= 2F + 3
  return n >= 1 ? (n - 1) / 2 : 0;                                     // fewer than half
}

Status check_aggregation(AggregationRule rule, size_t n, size_t f) {
  const std::string name(aggregation_rule_name(rule));
  if (n == 0) return fail(ExitCode::kUsage, "no client model to aggregate");
  if (rule == AggregationRule::kKrum && n < 2 * f + 3)
    return fail(ExitCode::kUsage, "krum needs n >= 2F + 3 clients: " + std::to_string(n) + " clients cannot outvote F = " +
                                      std::to_string(f) + " (give fewer --byzantine or more clients)");
  if (rule != AggregationRule::kMean && 2 * f >= n)
    return fail(ExitCode::kUsage, name + " tolerates fewer than half the clients being Byzantine: F = " +
                                      std::to_string(f) + " of " + std::to_string(n) + " is too many");
  return {};
}

std::vector<double> coordinate_median(std::span<const std::vector<double>> rows) {
  std::vector<double> out(rows.empty() ? 0 : rows[0].size());
  for (size_t k = 0; k < out.size(); ++k) {
    std::vector<double> values = column(rows, k);
    out[k] = median_of(values);
  }
  return out;
}

std::vector<double> trimmed_mean(std::span<const std::vector<double>> rows, size_t trim) {
  std::vector<double> out(rows.empty() ? 0 : rows[0].size());
  for (size_t k = 0; k < out.size(); ++k) {
    std::vector<double> values = column(rows, k);
    std::sort(values.begin(), values.end());
    const double kept = static_cast<double>(values.size() - 2 * trim);
    double mean = 0;  // sums of v / kept cannot overflow where sums of v could
    for (size_t i = trim; i < values.size() - trim; ++i) mean += values[i] / kept;
    out[k] = mean;
  }
  return out;
}

// Per coordinate, the mean of the n - f values closest to the median; ties go to the lower index.
std::vector<double> mean_around_median(std::span<const std::vector<double>> rows, size_t f) {
  const size_t n = rows.size(), keep = n - f;
  std::vector<double> out(n == 0 ? 0 : rows[0].size());
  // (distance to the median, client): ties between equal distances go to the lower client, so
  // which clients are kept is well defined; they are summed in client order.
  std::vector<std::pair<double, size_t>> nearest(n);
  std::vector<uint8_t> kept_client(n);
  for (size_t k = 0; k < out.size(); ++k) {
    std::vector<double> values = column(rows, k);
    std::vector<double> scratch = values;
    const double median = median_of(scratch);
    for (size_t i = 0; i < n; ++i) nearest[i] = {std::fabs(values[i] - median), i};
    const auto kept = nearest.begin() + static_cast<std::ptrdiff_t>(keep);
    std::nth_element(nearest.begin(), kept, nearest.end());
    std::fill(kept_client.begin(), kept_client.end(), 0);
    for (auto it = nearest.begin(); it != kept; ++it) kept_client[it->second] = 1;
    double mean = 0;  // sums of v / keep cannot overflow where sums of v could
    for (size_t i = 0; i < n; ++i)
      if (kept_client[i] != 0) mean += values[i] / static_cast<double>(keep);
    out[k] = mean;
  }
  return out;
}

// The client whose summed squared distance to its n - f - 2 nearest others (at least one) is
// smallest; ties go to the lower index. Each pair's distance is computed once, O(n^2 d), and kept
// in a triangle of n(n - 1)/2 doubles (8 MB at 1,500 clients).
std::vector<double> krum(std::span<const std::vector<double>> rows, size_t f) {
  const size_t n = rows.size();
  const size_t neighbours = std::max<size_t>(1, n >= f + 2 ? n - f - 2 : 1);
  std::vector<double> pair_distances(n * (n - 1) / 2);  // (i, j), i > j, at i(i - 1)/2 + j
  for (size_t i = 1; i < n; ++i)
    for (size_t j = 0; j < i; ++j) pair_distances[i * (i - 1) / 2 + j] = squared_distance(rows[i], rows[j]);
  size_t best = 0;
  double best_score = 0;
  std::vector<double> distances;
  for (size_t i = 0; i < n; ++i) {
    distances.clear();
    for (size_t j = 0; j < n; ++j)
      if (j != i) distances.push_back(pair_distances[i > j ? i * (i - 1) / 2 + j : j * (j - 1) / 2 + i]);
    const size_t count = std::min(neighbours, distances.size());
    std::partial_sort(distances.begin(), distances.begin() + static_cast<std::ptrdiff_t>(count), distances.end());
    const double score = std::accumulate(distances.begin(), distances.begin() + static_cast<std::ptrdiff_t>(count), 0.0);
    if (i == 0 || score < best_score) {
      best = i;
      best_score = score;
    }
  }
  return rows[best];
}

std::vector<double> plain_mean(std::span<const std::vector<double>> rows) {
  std::vector<double> out(rows.empty() ? 0 : rows[0].size(), 0.0);
  const double n = static_cast<double>(rows.size());
  for (const std::vector<double>& row : rows)
    for (size_t k = 0; k < out.size(); ++k) out[k] += row[k] / n;  // cannot overflow where sums could
  return out;
}

std::vector<double> centered_clipping(std::span<const std::vector<double>> rows, std::span<const double> center) {
  std::vector<double> v(center.begin(), center.end()), step(v.size()), distances(rows.size());
  const double n = static_cast<double>(rows.size());
  for (size_t iteration = 0; iteration < kClippingSteps; ++iteration) {
    for (size_t i = 0; i < rows.size(); ++i) distances[i] = std::sqrt(squared_distance(rows[i], v));
    std::vector<double> scratch = distances;
    const double tau = median_of(scratch);
    if (!(tau > 0)) break;  // half the clients or more are on v already
    std::fill(step.begin(), step.end(), 0.0);
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!(distances[i] > 0)) continue;
      const double weight = std::min(1.0, tau / distances[i]) / n;  // divided first: sums stay finite
      for (size_t k = 0; k < v.size(); ++k) step[k] += (rows[i][k] - v[k]) * weight;
    }
    for (size_t k = 0; k < v.size(); ++k) v[k] += step[k];
  }
  return v;
}

Aggregate weiszfeld(std::span<const std::vector<double>> rows, std::vector<double> start, double nu,
                    double tolerance, size_t max_iterations) {
  Aggregate result{std::move(start), 0};
  std::vector<double>& z = result.value;
  std::vector<double> next(z.size()), betas(rows.size());
  while (result.iterations < max_iterations) {
    std::fill(next.begin(), next.end(), 0.0);
    for (size_t i = 0; i < rows.size(); ++i) betas[i] = 1.0 / std::max(nu, std::sqrt(squared_distance(z, rows[i])));
    // Only the weights' ratios matter: scaled to a largest of 1, tiny weights times tiny
    // coordinates do not underflow to 0.
    const double largest = *std::max_element(betas.begin(), betas.end());
    double total = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      const double beta = largest > 0 ? betas[i] / largest : 0.0;
      total += beta;
      for (size_t k = 0; k < z.size(); ++k) next[k] += beta * rows[i][k];
    }
    // Distances past the double range make every weight 0 (or a weighted sum overflow): z is
    // then as good as the iteration can make it.
    if (!(total > 0) || !std::all_of(next.begin(), next.end(), [](double v) { return std::isfinite(v); })) break;
    for (double& v : next) v /= total;
    ++result.iterations;
    const double step = std::sqrt(squared_distance(z, next));
    z.swap(next);
    if (step <= tolerance) break;
  }
  return result;
}

Aggregate geometric_median(std::span<const std::vector<double>> rows) {
  // Started at the coordinate median: from the mean, a few huge clients drag it for many steps.
  std::vector<double> start = coordinate_median(rows);
  std::vector<double> distances(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) distances[i] = std::sqrt(squared_distance(rows[i], start));
  const double spread = median_of(distances);
  // Half the clients or more on the start itself: no point is closer to all of them in sum.
  if (!(spread > 0)) return Aggregate{std::move(start), 0};
  return weiszfeld(rows, std::move(start), kWeiszfeldNu * spread, kWeiszfeldTolerance * spread,
                   kWeiszfeldMaxIterations);
}

Result<Aggregate> aggregate(AggregationRule rule, std::span<const std::vector<double>> rows, size_t f,
                            std::span<const double> center) {
  TMK_TRY(check_aggregation(rule, rows.size(), f));
  for (const std::vector<double>& row : rows) {
    if (row.size() != rows[0].size()) return fail(ExitCode::kBadInput, "client vectors of different dimensions");
    if (!std::all_of(row.begin(), row.end(), [](double v) { return std::isfinite(v); }))
      return fail(ExitCode::kBadInput, "a client vector holds NaN or an infinity");
  }
  switch (rule) {
    case AggregationRule::kMedian: return Aggregate{coordinate_median(rows), 0};
    case AggregationRule::kTrimmedMean: return Aggregate{trimmed_mean(rows, f), 0};
    case AggregationRule::kMeanAroundMedian: return Aggregate{mean_around_median(rows, f), 0};
    case AggregationRule::kKrum: return Aggregate{krum(rows, f), 0};
    case AggregationRule::kMean: return Aggregate{plain_mean(rows), 0};
    case AggregationRule::kGeometricMedian: return geometric_median(rows);
    case AggregationRule::kCenteredClip:
      if (center.size() == rows[0].size() && std::all_of(center.begin(), center.end(), [](double v) { return std::isfinite(v); }))
        return Aggregate{centered_clipping(rows, center), 0};
      return Aggregate{centered_clipping(rows, coordinate_median(rows)), 0};
  }
  return Aggregate{coordinate_median(rows), 0};
}

}  // namespace tinymlkit
