#include "tinymlkit/progress.hpp"
#include "tinymlkit/portable_math.hpp"

#include <cmath>

#include "tinymlkit/json_writer.hpp"
#include "tinymlkit/number_format.hpp"

namespace tinymlkit {

double RunMetrics::accuracy() const { return labeled > 0 ? static_cast<double>(correct) / static_cast<double>(labeled) : 0.0; }
double RunMetrics::accuracy_bound() const {
  if (labeled == 0) return 1.0;
  return std::sqrt(math::log(2.0 / (1.0 - confidence)) / (2.0 * static_cast<double>(labeled)));
}

double RunMetrics::mae() const { return labeled > 0 ? absolute_error_sum / static_cast<double>(labeled) : 0.0; }
double RunMetrics::rmse() const {
  return labeled > 0 ? std::sqrt(squared_error_sum / static_cast<double>(labeled)) : 0.0;
}

void ProgressTable::print_row(const RunMetrics& metrics, std::string_view label,
                              std::string_view prediction, size_t feature_count) {
  if (next_row_ == 1)
    std::fprintf(out_,
                 "average    since         example        example    current    current  current\n"
                 "loss       last          counter         weight      label    predict features\n");
  next_row_ *= 2;
  const double since_weight = metrics.weight_sum - last_weight_sum_;
  const double since_loss = since_weight > 0 ? (metrics.loss_sum - last_loss_sum_) / since_weight : 0.0;
  std::fprintf(out_, "%-10s %-10s %10llu %14s %10.10s %10.10s %8zu\n",
               format_rounded(metrics.average_loss(), 6).c_str(), format_rounded(since_loss, 6).c_str(),
               static_cast<unsigned long long>(metrics.examples),
               format_rounded(metrics.weight_sum, 8).c_str(),
               label.empty() ? "unknown" : std::string(label).c_str(), std::string(prediction).c_str(),
               feature_count);
  last_loss_sum_ = metrics.loss_sum;
  last_weight_sum_ = metrics.weight_sum;
}

std::string format_summary(const RunMetrics& m) {
  std::string text = "\nfinished run\n";
  const auto line = [&](std::string_view key, const std::string& value) {
    text += std::string(key) + " = " + value + "\n";
  };
  line("examples", std::to_string(m.examples));
  line("labeled", std::to_string(m.labeled));
  line("learned", std::to_string(m.learned));
  line("skipped", std::to_string(m.skipped));
  line("average loss", format_rounded(m.average_loss(), 6));
  if (m.task == Task::kClassification) {
    line("progressive accuracy", format_rounded(m.accuracy(), 6) + " ± " + format_rounded(m.accuracy_bound(), 3) +
                                     " at " + format_rounded(100 * m.confidence, 4) + "% (Hoeffding)");
  } else {
    line("progressive mae", format_rounded(m.mae(), 6));
    line("progressive rmse", format_rounded(m.rmse(), 6));
  }
  for (const SummaryFigure& figure : m.model_figures) line(figure.key, format_rounded(figure.value, 12));
  line("seconds", format_rounded(m.seconds, 4));
  line("examples per second",
       format_rounded(m.seconds > 0 ? static_cast<double>(m.examples) / m.seconds : 0.0, 6));
  return text;
}

std::string format_summary_json(const RunMetrics& m, std::string_view program) {
  JsonWriter json;
  json.begin_object();
  json.field("program", program);
  json.field("task", m.task == Task::kClassification ? "classification" : "regression");
  json.field("examples", m.examples);
  json.field("labeled", m.labeled);
  json.field("learned", m.learned);
  json.field("skipped", m.skipped);
  json.field("average_loss", m.average_loss());
  if (m.task == Task::kClassification) {
    json.field("accuracy", m.accuracy());
    json.field("accuracy_bound", m.accuracy_bound());
    json.field("confidence", m.confidence);
  } else {
    json.field("mae", m.mae());
    json.field("rmse", m.rmse());
  }
  for (const SummaryFigure& figure : m.model_figures) json.field(figure.key, figure.value);
  json.field("seconds", m.seconds);
  json.field("examples_per_second", m.seconds > 0 ? static_cast<double>(m.examples) / m.seconds : 0.0);
  json.end_object();
  return json.finish();
}

}  // namespace tinymlkit
