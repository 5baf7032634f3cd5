#include "tinymlkit/feature_statistics.hpp"
#include "tinymlkit/variance_smoothing.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using tinymlkit::Feature;
using tinymlkit::FeatureStatistics;
using tinymlkit::ShiftedMoments;

TEST_CASE("moments match the closed-form mean and population deviation, zeros included") {
  const std::vector<double> column{3, 0, 5, 0, 0, 11, -2, 0};  // zeros are absent features
  FeatureStatistics stats;
  for (double x : column) {
    std::vector<Feature> features;
    if (x != 0) features.push_back({2, 1, x});
    stats.add(features);
  }
  double mean = 0, variance = 0;
  for (double x : column) mean += x / column.size();
  for (double x : column) variance += (x - mean) * (x - mean) / column.size();
  REQUIRE(stats.dimension() == 3);
  CHECK(stats.count() == column.size());
  CHECK(stats.mean(2) == Approx(mean).epsilon(1e-14));
  CHECK(stats.scale(2) == Approx(std::sqrt(variance)).epsilon(1e-14));
  CHECK(stats.scale(0) == 0.0);  // never varied: not usable yet
}

TEST_CASE("weighted moments equal repeated observations") {
  ShiftedMoments weighted, repeated;
  weighted.add(2.0, 3.0);
  weighted.add(5.0, 1.0);
  for (double x : {2.0, 2.0, 2.0, 5.0}) repeated.add(x);
  CHECK(weighted.mean(6) == Approx(repeated.mean(6)));
  CHECK(weighted.variance(6) == Approx(repeated.variance(6)));
}

TEST_CASE("a large offset costs no precision") {
  ShiftedMoments moments;
  for (double x : {1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4}) moments.add(x);
  CHECK(moments.mean(4) == 1e9 + 2.5);
  CHECK(moments.scale(4) == Approx(std::sqrt(1.25)).epsilon(1e-12));
}

TEST_CASE("a variable that has not varied has scale 0") {
  ShiftedMoments moments;
  moments.add(7);
  CHECK(moments.scale(1) == 0.0);
  moments.add(7);
  CHECK(moments.scale(2) == 0.0);
  CHECK(moments.mean(2) == 7.0);
}

TEST_CASE("feature statistics round-trip through a model file's bytes") {
  FeatureStatistics stats;
  stats.add(std::vector<Feature>{{0, 1, 1.5}, {4, 1, -2}});
  stats.add(std::vector<Feature>{{1, 1, 3}, {44156, 1, 0.5}});
  stats.add(std::vector<Feature>{{5000, 1, 2}, {44156, 1, -1}});
  tinymlkit::ByteWriter out;
  stats.save(out);
  FeatureStatistics loaded;
  tinymlkit::ByteReader in(out.bytes(), "m.tmk");
  REQUIRE(loaded.load(in, 100000));
  REQUIRE(loaded.dimension() == 44157);
  for (size_t j : {0, 1, 2, 3, 4, 4095, 4096, 5000, 44155, 44156}) {
    CHECK(loaded.mean(j) == stats.mean(j));
    CHECK(loaded.scale(j) == stats.scale(j));
  }
  CHECK(stats.mean(44156) == Approx(-1.0 / 6));
  tinymlkit::ByteWriter again;
  loaded.save(again);
  CHECK(again.bytes() == out.bytes());
}

TEST_CASE("feature statistics hold the features met, not a slot per index up to the highest") {
  FeatureStatistics stats;
  stats.add(std::vector<Feature>{{0, 1, 1.5}, {3, 1, 2}});
  const size_t small = stats.bytes();
  stats.add(std::vector<Feature>{{44156, 1, 1}});
  CHECK(stats.dimension() == 44157);
  CHECK(stats.bytes() - small <
        32 * FeatureStatistics::kDenseIndexes + 100);  // the dense part filled, one mapped
  tinymlkit::ByteWriter out;
  stats.save(out);
  CHECK(out.bytes().size() < 200);  // three features met: 36 bytes each, and the counts
}

TEST_CASE(
    "feature statistics past the model's --max-features are refused before anything is allocated") {
  FeatureStatistics stats;
  stats.add(std::vector<Feature>{{44156, 1, 1}});
  tinymlkit::ByteWriter out;
  stats.save(out);
  FeatureStatistics loaded;
  tinymlkit::ByteReader in(out.bytes(), "m.tmk");
  const tinymlkit::Status status = loaded.load(in, 1000);
  REQUIRE_FALSE(status);
  CHECK(status.error().message.find("more features than --max-features") != std::string::npos);
}

TEST_CASE(
    "features that fill their index range end up in dense slots, and a model file keeps the "
    "layout") {
  FeatureStatistics stats;
  for (uint32_t j = 0; j < 20000; j += 2) stats.add(std::vector<Feature>{{j, 1, 1.0 + j % 7}});
  // 10,000 features met in 19,999 indexes: dense slots where they fill the range, whose memory
  // stays within 16 slots a feature met (here nearer 2)
  const size_t before = stats.bytes();
  CHECK(before <= 32 * 4096 + 64 * 10000);
  CHECK(before >= 32 * 16384);
  stats.add(std::vector<Feature>{{90000, 1, 1}});  // one stray index stays mapped
  CHECK(stats.bytes() == before + 56);
  tinymlkit::ByteWriter out;
  stats.save(out);
  FeatureStatistics loaded;
  tinymlkit::ByteReader in(out.bytes(), "m.tmk");
  REQUIRE(loaded.load(in, 100000));
  CHECK(loaded.bytes() == stats.bytes());
  for (size_t j : {0, 2, 3, 19998, 89999, 90000}) CHECK(loaded.mean(j) == stats.mean(j));
}

TEST_CASE("naive Bayes' smoothing follows the statistics into their dense slots and their map") {
  FeatureStatistics stats;
  tinymlkit::VarianceSmoothing smoothing;
  smoothing.bind(stats, 0.5);
  // Features fill 0..20,000 (dense slots grow past 4,096 as they do) and one sits at 90,000;
  // the smoothing is asked for between examples, so its cache is filled before the slots move.
  for (uint32_t j = 0; j < 20000; j += 2) {
    stats.add(std::vector<Feature>{{j, 1, 1.0 + j % 7}, {90000, 1, 0.5 * (j % 3)}});
    for (uint32_t k : {j, j / 2, 5000u, 90000u})
      REQUIRE(smoothing(k) == 0.5 * stats.scale(k) * stats.scale(k));
  }
  for (uint32_t k : {0u, 4095u, 4096u, 12000u, 19998u, 90000u, 95000u})
    CHECK(smoothing(k) == 0.5 * stats.scale(k) * stats.scale(k));
}

TEST_CASE("a row's smoothing is each feature's, dense, mapped, unmet or past the dimension") {
  FeatureStatistics stats;
  tinymlkit::VarianceSmoothing smoothing;
  const std::vector<Feature> row = {{0, 1, 1},     {4095, 1, 1},  {12000, 1, 1},
                                    {50001, 1, 1}, {90000, 1, 1}, {95000, 1, 1}};
  CHECK(smoothing.of_row(row).size() == row.size());  // unbound: no smoothing
  for (const double s : smoothing.of_row(row)) CHECK(s == 0.0);
  smoothing.bind(stats, 0.5);
  for (uint32_t j = 0; j < 20000; j += 2)
    stats.add(std::vector<Feature>{{j, 1, 1.0 + j % 7}, {90000, 1, 0.5 * (j % 3)}});
  REQUIRE(stats.dense_slots() > 12000);
  REQUIRE(stats.dense_slots() < 50001);  // 50,001 is never met, and 90,000 stays mapped
  const std::span<const double> values = smoothing.of_row(row);
  REQUIRE(values.size() == row.size());
  for (size_t i = 0; i < row.size(); ++i) {
    INFO("feature " << row[i].index);
    CHECK(values[i] == smoothing(row[i].index));
  }
  CHECK(values[4] > 0.0);   // 90,000 varies
  CHECK(values[3] == 0.0);  // unmet
  CHECK(values[5] == 0.0);  // past the dimension
}
