// The losses a linear model can be trained on. Derivative-free training needs only their values,
// so the non-smooth ones (absolute, quantile, hinge) work as well as the smooth ones. Margins and
// targets are on the learner's scale; classification targets are -1 and +1.
#pragma once

#include <optional>
#include <string_view>

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

double squared_loss(double target, double margin);
double absolute_loss(double target, double margin);
double huber_loss(double target, double margin, double delta);
double quantile_loss(double target, double margin, double tau);
double logistic_loss(double target, double margin);
double hinge_loss(double target, double margin);

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
