#include "tinymlkit/loss.hpp"
#include "tinymlkit/portable_math.hpp"

#include <cmath>

namespace tinymlkit {

double squared_loss(double target, double margin) {
  const double r = target - margin;
  return r * r;
}

double absolute_loss(double target, double margin) { return std::fabs(target - margin); }

double huber_loss(double target, double margin, double delta) {
  const double r = std::fabs(target - margin);
  return r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta);
}

double quantile_loss(double target, double margin, double tau) {
  const double r = target - margin;
  return r >= 0 ? tau * r : (tau - 1.0) * r;
}

// log(1 + exp(-y m)) without overflow for large |m|.
double logistic_loss(double target, double margin) {
  const double z = -target * margin;
  return z > 0 ? z + math::log1p(math::exp(-z)) : math::log1p(math::exp(z));
}

double hinge_loss(double target, double margin) {
  const double slack = 1.0 - target * margin;
  return slack > 0 ? slack : 0.0;
}

double Loss::operator()(double target, double margin) const {
  return dispatch([&](auto loss) { return loss(target, margin); });
}

}  // namespace tinymlkit
