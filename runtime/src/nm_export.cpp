// tinymlkit-nm's --export-c: the linear model with its standardization folded into the weights,
// through runtime/export/linear_model.h.
#include <algorithm>
#include <cmath>

#include "tinymlkit/c_export.hpp"
#include "tinymlkit/export_templates.hpp"
#include "tinymlkit/nm_learner.hpp"

namespace tinymlkit {

Result<std::vector<double>> NmLearner::export_weights(std::string_view option, double& bias) const {
  std::vector<double> met;
  unstandardize(simplex_.vertex(0), met, bias);  // what predict() uses
  const auto finite = [](double value) { return std::isfinite(value); };
  if (!std::all_of(met.begin(), met.end(), finite) || !std::isfinite(bias) ||
      !std::isfinite(label_mean()) || !std::isfinite(label_scale()))
    return fail(ExitCode::kBadInput, std::string(option) + ": the model's weights are not all finite numbers");
  std::vector<double> weights(coordinates_.index_bound(),
                              0.0);  // the exports take rows by feature index
  for (size_t c = 0; c < met.size(); ++c) weights[coordinates_.index(c)] = met[c];
  return weights;
}

Result<std::string> NmLearner::export_c(std::string_view program, std::string_view writer) const {
  double bias = 0;
  TMK_ASSIGN_OR_RETURN(std::vector<double> weights, export_weights("--export-c", bias));
  const size_t features = weights.size();
  weights.push_back(0.0);  // C has no empty arrays
  CTemplateValues values{{{"PROGRAM", std::string(program)},
                          {"WRITER", std::string(writer)},
                          {"FEATURES", std::to_string(features)},
                          {"WEIGHTS", c_doubles(weights)},
                          {"BIAS", c_double(bias)},
                          {"WHAT", "the trained linear model"}},
                         {}};
  values.fields.emplace_back("PREAMBLE", render_c_template(export_templates::kPreamble, values));
  if (task() == Task::kRegression) {
    values.sections = {"regression"};
    values.fields.emplace_back("LABEL_MEAN", c_double(label_mean()));
    values.fields.emplace_back("LABEL_SCALE", c_double(label_scale()));
  } else {
    values.sections = {"classification", loss_.kind == LossKind::kLogistic ? "logistic" : "hinge"};
    if (loss_.kind == LossKind::kLogistic)
      values.fields.emplace_back("MATH", render_c_template(export_templates::kPortableMath, {{}, {"exp"}}));
    std::string names;
    for (uint32_t c = 0; c < class_count(); ++c) names += (c > 0 ? ", " : "") + c_string(class_name(c));
    values.fields.emplace_back("CLASS_COUNT", std::to_string(class_count()));
    values.fields.emplace_back("CLASS_NAMES_SIZE", std::to_string(std::max<size_t>(class_count(), 1)));
    values.fields.emplace_back("CLASS_NAMES", class_count() > 0 ? names : "\"\"");
  }
  return render_c_template(export_templates::kLinearModel, values);
}

}  // namespace tinymlkit
