// The command line with a model that is only a Learner: what a spec without `federation: true`
// gives. Federation is then a capability the model lacks, refused as a usage error, and
// everything else works.
#include "tinymlkit/command_line.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include "temp_folder.hpp"

namespace {

// A running mean of the labels: the least a regression model can be.
class MeanLearner final : public tinymlkit::Learner {
 public:
  tinymlkit::Task task() const override { return tinymlkit::Task::kRegression; }
  std::expected<double, std::string> target_of(std::string_view label) override {
    return tinymlkit::regression_target(label);
  }
  std::string_view class_name(uint32_t) const override { return {}; }
  size_t class_count() const override { return 0; }
  void predict(const tinymlkit::Example&, tinymlkit::Prediction& out) override { out.value = mean_; }
  std::expected<void, tinymlkit::LineError> check_learnable(const tinymlkit::Example&) const override { return {}; }
  void learn(const tinymlkit::Example& example, double target) override {
    weight_ += example.weight;
    mean_ += example.weight * (target - mean_) / weight_;
  }
  double loss(const tinymlkit::Prediction& prediction, double target) const override {
    return (prediction.value - target) * (prediction.value - target);
  }
  void save(tinymlkit::ByteWriter& out) const override {
    out.f64(mean_);
    out.f64(weight_);
  }
  tinymlkit::Status load(tinymlkit::ByteReader& in) override {
    TMK_ASSIGN_OR_RETURN(mean_, in.f64());
    TMK_ASSIGN_OR_RETURN(weight_, in.f64());
    return {};
  }
  void describe(tinymlkit::JsonWriter& out) const override { out.field("mean", mean_); }
  tinymlkit::Result<std::string> export_c(std::string_view, std::string_view) const override {
    return tinymlkit::fail(tinymlkit::ExitCode::kUsage, "--export-c: the mean cannot be written as C");
  }
  tinymlkit::Result<std::string> export_onnx(std::string_view, std::string_view) const override {
    return tinymlkit::fail(tinymlkit::ExitCode::kUsage, "--export-onnx: the mean cannot be written as ONNX");
  }

 private:
  double mean_ = 0, weight_ = 0;
};

// The program's exit code; what it wrote to stderr goes to `errors`.
int run(const TempFolder& folder, std::vector<std::string> args, std::string& errors) {
  args.insert(args.begin(), "tinymlkit-mean");
  args.emplace_back("--quiet");
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  const tinymlkit::ModelDescription model{.kind = "mean", .program = "tinymlkit-mean", .about = "a running mean\n"};
  auto make_learner = [](uint64_t) -> std::unique_ptr<tinymlkit::Learner> { return std::make_unique<MeanLearner>(); };
  const std::string log = folder.file("stderr.txt");
  std::fflush(stderr);
  const int saved = dup(fileno(stderr));
  std::FILE* capture = std::fopen(log.c_str(), "w+b");
  dup2(fileno(capture), fileno(stderr));
  const int code = tinymlkit::run_command_line(static_cast<int>(argv.size()), argv.data(), model, {}, make_learner);
  std::fflush(stderr);
  dup2(saved, fileno(stderr));
  close(saved);
  errors.assign(4096, '\0');
  std::rewind(capture);
  errors.resize(std::fread(errors.data(), 1, errors.size(), capture));
  std::fclose(capture);
  return code;
}

bool exists(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file != nullptr) std::fclose(file);
  return file != nullptr;
}

}  // namespace

TEST_CASE("a model without federation trains and predicts, and refuses federated rounds as a usage error") {
  const TempFolder folder;
  std::string errors;
  const std::string data = folder.file("data.txt", "1 | 0:1\n3 | 0:2\n");
  std::vector<std::string> clients;
  for (const char* name : {"a.tmk", "b.tmk", "c.tmk"}) {
    clients.push_back(folder.file(name));
    REQUIRE(run(folder, {"-d", data, "-f", clients.back()}, errors) == 0);
    CHECK(exists(clients.back()));
  }
  CHECK(run(folder, {"-d", data, "-i", clients[0], "-t"}, errors) == 0);

  const std::string summary = folder.file("s.tmk"), global = folder.file("g.tmk");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"-d", data, "--export-summary", summary},
        std::vector<std::string>{"-i", clients[0], "--export-summary", summary},
        std::vector<std::string>{"-m", clients[0], "-m", clients[1], "-m", clients[2], "-f", global}}) {
    CHECK(run(folder, args, errors) == 1);  // a usage error
    CHECK(errors.find("tinymlkit-mean does not take part in federated learning") != std::string::npos);
  }
  CHECK_FALSE(exists(summary));
  CHECK_FALSE(exists(global));
}
