#include "tinymlkit/loss.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using tinymlkit::Loss;
using tinymlkit::LossKind;

TEST_CASE("losses have their textbook values") {
  CHECK(tinymlkit::squared_loss(3, 1) == 4);
  CHECK(tinymlkit::absolute_loss(3, 1) == 2);
  CHECK(tinymlkit::huber_loss(3, 2.5, 1) == 0.125);
  CHECK(tinymlkit::huber_loss(3, 0, 1) == 2.5);
  CHECK(tinymlkit::quantile_loss(3, 1, 0.9) == Approx(1.8));
  CHECK(tinymlkit::quantile_loss(1, 3, 0.9) == Approx(0.2));
  CHECK(tinymlkit::logistic_loss(1, 0) == Approx(std::log(2.0)));
  CHECK(tinymlkit::hinge_loss(1, 0.25) == 0.75);
  CHECK(tinymlkit::hinge_loss(-1, -2) == 0);
}

TEST_CASE("the logistic loss stays finite and exact for huge margins") {
  CHECK(tinymlkit::logistic_loss(1, 1000) == Approx(0).margin(1e-300));
  CHECK(tinymlkit::logistic_loss(-1, 1000) == Approx(1000));
  CHECK(std::isfinite(tinymlkit::logistic_loss(1, -1e308)));
}

TEST_CASE("a Loss dispatches to the named loss with its parameters") {
  const Loss quantile{LossKind::kQuantile, 1.0, 0.25};
  CHECK(quantile(2, 0) == 0.5);
  const Loss huber{LossKind::kHuber, 0.5, 0.5};
  CHECK(huber(2, 0) == Approx(0.875));
  CHECK(Loss{LossKind::kLogistic}.classification());
  CHECK_FALSE(Loss{LossKind::kAbsolute}.classification());
}
