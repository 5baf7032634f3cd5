// The losses a linear model can be trained on. Derivative-free training needs only their values,
// so the non-smooth ones (absolute, quantile, hinge) work as well as the smooth ones. Margins and
// targets are on the learner's scale; classification targets are -1 and +1.
#pragma once

#include <cmath>
#include <optional>
#include <string_view>

#include "tinymlkit/portable_math.hpp"

namespace tinymlkit {

enum class LossKind { kSquared, kAbsolute, kHuber, kQuantile, kLogistic, kHinge };

struct Loss {
  LossKind kind = LossKind::kSquared;
  double huber_delta = 1.0;
  double quantile_tau = 0.5;

  bool classification() const { return kind == LossKind::kLogistic || kind == LossKind::kHinge; }
  double operator()(double target, double margin) const;
  // Calls `body` with a callable computing this loss, chosen once for a whole loop.
  template <class Body>
  decltype(auto) dispatch(Body&& body) const;
};

// Inline: the learner evaluates them hundreds of times per example, and a call per value cost
// nm's hinge loss a fifth of its time.
inline double squared_loss(double target, double margin) {
  const double r = target - margin;
  return r * r;
}

inline double absolute_loss(double target, double margin) { return std::fabs(target - margin); }

inline double huber_loss(double target, double margin, double delta) {
  const double r = std::fabs(target - margin);
  return r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta);
}

inline double quantile_loss(double target, double margin, double tau) {
  const double r = target - margin;
  return r >= 0 ? tau * r : (tau - 1.0) * r;
}

// log(1 + exp(-y m)), without overflow for large |m|.
inline double logistic_loss(double target, double margin) {
  return math::softplus(-target * margin);
}

inline double hinge_loss(double target, double margin) {
  const double slack = 1.0 - target * margin;
  return slack > 0 ? slack : 0.0;
}

template <class Body>
decltype(auto) Loss::dispatch(Body&& body) const {
  switch (kind) {
    case LossKind::kAbsolute: return body([](double y, double m) { return absolute_loss(y, m); });
    case LossKind::kHuber: return body([d = huber_delta](double y, double m) { return huber_loss(y, m, d); });
    case LossKind::kQuantile: return body([t = quantile_tau](double y, double m) { return quantile_loss(y, m, t); });
    case LossKind::kLogistic: return body([](double y, double m) { return logistic_loss(y, m); });
    case LossKind::kHinge: return body([](double y, double m) { return hinge_loss(y, m); });
    case LossKind::kSquared: break;
  }
  return body([](double y, double m) { return squared_loss(y, m); });
}

}  // namespace tinymlkit
