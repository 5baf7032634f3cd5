#include "tinymlkit/model_session.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/files.hpp"

// The unit tests link the hoeffding model's generated library binding (tests/runtime/CMakeLists.txt).
using tinymlkit::kLibraryModel;
using tinymlkit::ModelSession;

namespace {

std::vector<std::string> pima_lines() {
  auto text = tinymlkit::read_whole_file(TMK_SHIPPED_DATA "/pima.txt");
  REQUIRE(text);
  std::vector<std::string> lines;
  for (size_t begin = 0; begin < text->size();) {
    const size_t end = text->find('\n', begin);
    lines.push_back(text->substr(begin, end - begin));
    begin = end == std::string::npos ? text->size() : end + 1;
  }
  return lines;
}

std::unique_ptr<ModelSession> session(std::string_view settings) {
  auto made = ModelSession::create(kLibraryModel, settings);
  REQUIRE(made);
  return std::move(*made);
}

std::string saved(ModelSession& model) {
  REQUIRE(model.save(false));
  return model.output();
}

}  // namespace

TEST_CASE("a session learns the same model line by line, from a block of text, and from arrays") {
  const std::vector<std::string> lines = pima_lines();
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  auto by_line = session("grace-period=50\nseed=3");
  for (const std::string& line : lines) REQUIRE(by_line->take_line(line, true, false));
  auto by_text = session("grace-period=50\nseed=3");
  REQUIRE(by_text->learn_text(text));
  CHECK(by_text->output() == std::to_string(lines.size()));
  auto by_arrays = session("grace-period=50\nseed=3");
  for (const std::string& line : lines) {  // "label | i:v i:v ...", values written in reverse order
    std::vector<uint32_t> indexes;
    std::vector<double> values;
    const size_t bar = line.find('|');
    for (size_t at = bar + 2; at < line.size();) {
      const size_t colon = line.find(':', at), space = line.find(' ', colon);
      indexes.insert(indexes.begin(), static_cast<uint32_t>(std::stoul(line.substr(at, colon - at))));
      values.insert(values.begin(), std::stod(line.substr(colon + 1, space - colon - 1)));
      at = space == std::string::npos ? line.size() : space + 1;
    }
    REQUIRE(by_arrays->take_features(indexes, values, line.substr(0, bar - 1), 1.0, true, false));
  }
  const std::string model = saved(*by_line);
  CHECK(saved(*by_text) == model);
  CHECK(saved(*by_arrays) == model);
  by_line->summary_json();
  CHECK(by_line->output().find("\"learned\": 768") != std::string::npos);
}

TEST_CASE("a saved session loads and goes on as one run") {
  const std::vector<std::string> lines = pima_lines();
  auto whole = session("grace-period=40");
  auto first = session("grace-period=40");
  for (size_t i = 0; i < lines.size(); ++i) {
    REQUIRE(whole->take_line(lines[i], true, false));
    if (i < 300) REQUIRE(first->take_line(lines[i], true, false));
  }
  auto resumed = ModelSession::load(kLibraryModel, saved(*first));
  REQUIRE(resumed);
  for (size_t i = 300; i < lines.size(); ++i) REQUIRE((*resumed)->take_line(lines[i], true, false));
  CHECK(saved(**resumed) == saved(*whole));
  REQUIRE(whole->save(true));  // a client summary loads too
  CHECK(ModelSession::load(kLibraryModel, whole->output()));
}

TEST_CASE("bad settings are usage errors that name the hyperparameter") {
  const auto error_of = [](std::string_view settings) {
    auto made = ModelSession::create(kLibraryModel, settings);
    REQUIRE_FALSE(made);
    CHECK(made.error().code == tinymlkit::ExitCode::kUsage);
    return made.error().message;
  };
  CHECK_THAT(error_of("grace-period=0"), Catch::Contains("--grace-period: 0 is outside"));
  CHECK_THAT(error_of("graceperiod=10"), Catch::Contains("no hyperparameter 'graceperiod'"));
  CHECK_THAT(error_of("grace-period"), Catch::Contains("expected name=value"));
  CHECK_THAT(error_of("seed=1\nseed=2"), Catch::Contains("seed is given twice"));
  CHECK_THAT(error_of("preset=vw"), Catch::Contains("--preset"));
}

TEST_CASE("a preset sets what is not given, and what is given wins") {
  auto preset = session("preset=moa\ngrace-period=50");
  auto spelled_out = session(
      "grace-period=50\nsplit-confidence=1e-07\nsplit-test=vfdt\ntie-threshold=0.05\nsplit-"
      "criterion=info-gain\n"
      "leaf-prediction=nba\nnb-threshold=0\nchance-corrected-gain=false\ninherit-naive-bayes="
      "false\nglobal-naive-bayes=false\n"
      "split-points=10\nvariance-smoothing=0\ndrift-detection=none\nmax-depth=200\nmax-bytes="
      "33554432");
  for (const std::string& line : pima_lines()) {
    REQUIRE(preset->take_line(line, true, false));
    REQUIRE(spelled_out->take_line(line, true, false));
  }
  CHECK(saved(*preset) == saved(*spelled_out));
  CHECK(saved(*preset) != saved(*session("grace-period=50")));
}

TEST_CASE("a bad example is refused with where it is, and changes nothing") {
  auto model = session("");
  REQUIRE(model->take_line("pos | 0:1 1:2", true, false));
  const std::string before = saved(*model);
  const auto refused = [&](const auto& status, std::string_view message) {
    REQUIRE_FALSE(status);
    CHECK_THAT(status.error().message, Catch::Contains(std::string(message)));
    CHECK(saved(*model) == before);
  };
  const std::vector<uint32_t> twice{4, 4};
  const std::vector<double> values{1, 2};
  refused(model->take_line("pos | 0:1 1:", true, false), "column 13: expected a number after ':'");
  refused(model->take_features(twice, values, "pos", 1, true, false), "feature 2: feature index 4 appears twice");
  refused(model->take_features({}, {}, "two words", 1, true, false), "a label is one token");
  refused(model->take_features({}, {}, "pos", -1, true, false), "the weight must be between 0 and 1e6");
  refused(model->learn_text("\nneg | 9999999:1\n"), "line 2, column 7: feature index 9999999 is not below");
}

TEST_CASE("a round over client files in memory excludes a corrupt one by name") {
  const std::vector<std::string> lines = pima_lines();
  tinymlkit::ByteWriter models;
  for (int c = 0; c < 3; ++c) {
    auto client = session("grace-period=50");
    for (size_t i = static_cast<size_t>(c); i < lines.size(); i += 3) REQUIRE(client->take_line(lines[i], true, false));
    REQUIRE(client->save(true));
    models.str(client->output());
  }
  models.str("not a model");
  auto global = ModelSession::aggregate(kLibraryModel, "aggregate=median\nbyzantine=1", models.bytes(), false);
  REQUIRE(global);
  (*global)->describe();
  CHECK_THAT((*global)->output(), Catch::Contains("\"accepted\": 3"));
  CHECK_THAT((*global)->output(), Catch::Contains("client 4: not a TinyMLKit model file"));
  auto denied = ModelSession::aggregate(kLibraryModel, "byzantine=0", models.bytes(), false);
  REQUIRE_FALSE(denied);
  CHECK_THAT(denied.error().message, Catch::Contains("more than F = 0"));
  CHECK_FALSE(ModelSession::aggregate(kLibraryModel, "strict=maybe", models.bytes(), false));
}
