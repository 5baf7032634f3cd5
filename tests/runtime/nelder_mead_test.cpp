#include "tinymlkit/nelder_mead.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using tinymlkit::minimize;
using tinymlkit::MinimizeOptions;
using tinymlkit::Simplex;

namespace {

double rosenbrock(std::span<const double> x) {
  double sum = 0;
  for (size_t i = 0; i + 1 < x.size(); ++i)
    sum += 100.0 * std::pow(x[i + 1] - x[i] * x[i], 2) + std::pow(1 - x[i], 2);
  return sum;
}

double sphere(std::span<const double> x) {
  double sum = 0;
  for (double v : x) sum += v * v;
  return sum;
}

// McKinnon (1998), (tau, theta, phi) = (2, 6, 60).
double mckinnon(std::span<const double> x) {
  const double base = x[0] <= 0 ? 6.0 * 60.0 * x[0] * x[0] : 6.0 * x[0] * x[0];
  return base + x[1] + x[1] * x[1];
}

}  // namespace

// The figures are scipy 1.10's, from shared/reference/nelder_mead_scipy.md.
TEST_CASE("Nelder-Mead reproduces scipy's evaluation counts") {
  auto objective = rosenbrock;
  SECTION("Rosenbrock 2-D from (-1.2, 1)") {
    const std::vector<double> x0{-1.2, 1.0};
    for (bool adaptive : {false, true}) {  // identical in 2-D
      const auto result = minimize(objective, Simplex::scipy_initial(x0), {.adaptive = adaptive});
      CHECK(result.evaluations == 159);
      CHECK(result.iterations == 85);
      CHECK(result.value == Approx(8.18e-10).epsilon(0.01));
    }
  }
  SECTION("Rosenbrock 5-D, scipy's tutorial example with xatol 1e-8") {
    const std::vector<double> x0{1.3, 0.7, 0.8, 1.9, 1.2};
    const auto standard = minimize(objective, Simplex::scipy_initial(x0), {.xatol = 1e-8});
    CHECK(standard.evaluations == 571);
    CHECK(standard.iterations == 339);
    CHECK(standard.value < 1e-16);
    const auto adaptive =
        minimize(objective, Simplex::scipy_initial(x0), {.xatol = 1e-8, .adaptive = true});
    CHECK(adaptive.evaluations == 838);
    CHECK(adaptive.iterations == 487);
  }
  SECTION("Rosenbrock 5-D from all -1 stops in scipy's local minimum") {
    const std::vector<double> x0(5, -1.0);
    const auto result = minimize(objective, Simplex::scipy_initial(x0), {});
    CHECK(result.evaluations == 572);
    CHECK(result.value == Approx(3.93084).epsilon(1e-5));
  }
}

TEST_CASE("Gao-Han adaptive coefficients beat the standard ones in 10-D") {
  auto objective = sphere;
  const std::vector<double> x0(10, 1.0);
  const MinimizeOptions unlimited{.max_iterations = 1000000, .max_evaluations = 1000000};
  MinimizeOptions adaptive = unlimited;
  adaptive.adaptive = true;
  const auto standard_result = minimize(objective, Simplex::scipy_initial(x0), unlimited);
  const auto adaptive_result = minimize(objective, Simplex::scipy_initial(x0), adaptive);
  CHECK(standard_result.evaluations == 1228);
  CHECK(adaptive_result.evaluations == 898);
}

TEST_CASE("Nelder-Mead converges to McKinnon's non-stationary point from his simplex") {
  auto objective = mckinnon;
  const double root33 = std::sqrt(33.0);
  const std::vector<double> points{0, 0, 1, 1, (1 + root33) / 8, (1 - root33) / 8};
  Simplex simplex = Simplex::from_parts(2, points, std::vector<double>(3, 0.0));
  const auto result = minimize(objective, simplex, {});
  CHECK(result.evaluations == 111);
  CHECK(std::fabs(result.x[0]) < 1e-4);
  CHECK(std::fabs(result.x[1]) < 1e-4);
  CHECK(result.value > -0.25 + 0.1);  // the true minimum, at (0, -0.5), is never reached
}

TEST_CASE("a simplex grows new coordinates without moving its vertices") {
  const std::vector<double> x0{1.0, 2.0};
  Simplex simplex = Simplex::around(x0, std::vector<double>{0.5, 0.5});
  simplex.grow(4, 0.25);
  REQUIRE(simplex.dimension() == 4);
  REQUIRE(simplex.values().size() == 5);
  CHECK(simplex.vertex(1)[0] == 1.5);
  CHECK(simplex.vertex(1)[2] == 0.0);
  CHECK(simplex.vertex(3)[0] == 1.0);
  CHECK(simplex.vertex(3)[2] == 0.25);
  CHECK(simplex.vertex(4)[3] == 0.25);
  CHECK(simplex.vertex(4)[2] == 0.0);
}

TEST_CASE(
    "through affine images, Nelder-Mead takes the plain objective's steps, shrinks included") {
  // g(A x + b) on 40 rows and 5 coordinates, with g a bumpy sum (a sine per row on a bowl), whose
  // ridges make the method shrink now and then: combined, swapped and shrunk images all occur.
  constexpr size_t kRows = 40, kDimension = 5;
  std::vector<double> a(kRows * kDimension), b(kRows), y(kRows);
  uint64_t state = 7;
  const auto uniform = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0 - 0.5;
  };
  for (double& v : a) v = uniform();
  for (size_t r = 0; r < kRows; ++r) b[r] = uniform(), y[r] = uniform();
  const auto image_of = [&](std::span<const double> x, std::span<double> out) {
    for (size_t r = 0; r < kRows; ++r) {
      out[r] = b[r];
      for (size_t k = 0; k < kDimension; ++k) out[r] += a[r * kDimension + k] * x[k];
    }
  };
  const auto loss_of = [&](std::span<const double> image) {
    double sum = 0;
    for (size_t r = 0; r < kRows; ++r)
      sum += std::sin(20 * image[r]) + (image[r] - y[r]) * (image[r] - y[r]);
    return sum;
  };
  auto plain = [&](std::span<const double> x) {
    std::vector<double> image(kRows);
    image_of(x, image);
    return loss_of(image);
  };
  auto images = [&](Simplex& simplex) {
    for (size_t i = 0; i <= simplex.dimension(); ++i) image_of(simplex.vertex(i), simplex.image(i));
  };
  auto value = [&](std::span<const double> image) { return loss_of(image); };
  const tinymlkit::AffineObjective affine{kRows, images, value};

  const std::vector<double> x0(kDimension, 0.0), steps(kDimension, 0.5);
  Simplex direct = Simplex::around(x0, steps), through_images = direct;
  tinymlkit::NelderMead one(tinymlkit::NelderMeadCoefficients::standard()), other = one;
  size_t direct_evaluations = one.evaluate(direct, plain);
  size_t image_evaluations = other.evaluate(through_images, affine);
  int shrinks = 0;
  for (int i = 0; i < 200; ++i) {
    const size_t evaluations = one.iterate(direct, plain);
    shrinks += evaluations > 2 ? 1 : 0;  // a shrink re-evaluates every vertex but the best
    direct_evaluations += evaluations;
    image_evaluations += other.iterate(through_images, affine);
  }
  CHECK(direct_evaluations == image_evaluations);
  CHECK(shrinks > 0);
  for (size_t i = 0; i <= kDimension; ++i) {
    const auto p = direct.vertex(i), q = through_images.vertex(i);
    CHECK(std::equal(p.begin(), p.end(), q.begin()));
    CHECK(through_images.value(i) == Approx(direct.value(i)).epsilon(1e-12));
    // Each vertex keeps its own image: the image's value is the vertex's.
    CHECK(loss_of(through_images.image(i)) == through_images.value(i));
  }
}
