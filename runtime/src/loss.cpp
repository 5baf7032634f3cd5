#include "tinymlkit/loss.hpp"

namespace tinymlkit {

double Loss::operator()(double target, double margin) const {
  return dispatch([&](auto loss) { return loss(target, margin); });
}

}  // namespace tinymlkit
