#include "tinymlkit/model_file.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "temp_folder.hpp"
#include "tinymlkit/files.hpp"

using tinymlkit::decode_model_file;
using tinymlkit::encode_model_file;
using tinymlkit::ModelEnvelope;

namespace {

const ModelEnvelope kModel{"nm", "tinymlkit-nm 0.1.0", std::string_view("state \0 with a NUL", 18)};

}  // namespace

TEST_CASE("a model file round-trips its kind, writer and body") {
  const std::string bytes = encode_model_file(kModel);
  auto decoded = decode_model_file(bytes, "m.tmk", "nm", "tinymlkit-nm");
  REQUIRE(decoded);
  CHECK(decoded->kind == kModel.kind);
  CHECK(decoded->writer == kModel.writer);
  CHECK(decoded->body == kModel.body);
  CHECK(decoded->version == tinymlkit::kModelFormatVersion);
}

TEST_CASE("a model file of the oldest format still read tells its learner its version") {
  ModelEnvelope oldest = kModel;
  oldest.version = tinymlkit::kOldestModelFormatVersion;
  auto decoded = decode_model_file(encode_model_file(oldest), "m.tmk", "nm", "tinymlkit-nm");
  REQUIRE(decoded);
  CHECK(decoded->version == tinymlkit::kOldestModelFormatVersion);
}

TEST_CASE("a model file is refused whichever byte is flipped or however it is cut") {
  const std::string bytes = encode_model_file(kModel);
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (unsigned char bit : {0x01, 0x80}) {
      std::string corrupt = bytes;
      corrupt[i] = static_cast<char>(corrupt[i] ^ bit);
      auto decoded = decode_model_file(corrupt, "m.tmk", "nm", "tinymlkit-nm");
      INFO("byte " << i);
      REQUIRE_FALSE(decoded);
      CHECK(decoded.error().code == tinymlkit::ExitCode::kBadInput);
    }
  }
  for (size_t size = 0; size < bytes.size(); ++size) {
    auto decoded = decode_model_file(bytes.substr(0, size), "m.tmk", "nm", "tinymlkit-nm");
    INFO("size " << size);
    REQUIRE_FALSE(decoded);
  }
}

TEST_CASE("refusals say why") {
  const std::string bytes = encode_model_file(kModel);
  SECTION("a model of another kind names its writer") {
    auto decoded = decode_model_file(encode_model_file({"hoeffding", "tinymlkit-hoeffding 0.1.0", "x"}),
                                     "model.tmk", "nm", "tinymlkit-nm");
    REQUIRE_FALSE(decoded);
    CHECK(decoded.error().message ==
          "model.tmk: was written by tinymlkit-hoeffding 0.1.0 (a 'hoeffding' model); tinymlkit-nm "
          "reads 'nm' models");
  }
  SECTION("a newer format version") {
    std::string newer = bytes;
    newer[8] = static_cast<char>(tinymlkit::kModelFormatVersion + 1);
    auto decoded = decode_model_file(newer, "m.tmk", "nm", "tinymlkit-nm");
    REQUIRE_FALSE(decoded);
    CHECK_THAT(
        decoded.error().message,
        Catch::Contains("format version " + std::to_string(tinymlkit::kModelFormatVersion + 1) +
                        "; this build reads versions up to " +
                        std::to_string(tinymlkit::kModelFormatVersion)));
  }
  SECTION("an older format version whose trees this build no longer reads") {
    for (char older_version : {1, 2, 3}) {
      std::string older = bytes;
      older[8] = older_version;
      auto decoded = decode_model_file(older, "m.tmk", "nm", "tinymlkit-nm");
      REQUIRE_FALSE(decoded);
      CHECK_THAT(decoded.error().message, Catch::Contains("by an older TinyMLKit"));
    }
  }
  SECTION("truncation and corruption are told apart") {
    auto truncated = decode_model_file(bytes.substr(0, bytes.size() - 3), "m.tmk", "nm", "tinymlkit-nm");
    CHECK_THAT(truncated.error().message, Catch::Contains("truncated model file"));
    std::string flipped = bytes;
    flipped[30] ^= 1;
    auto corrupt = decode_model_file(flipped, "m.tmk", "nm", "tinymlkit-nm");
    CHECK_THAT(corrupt.error().message, Catch::Contains("checksum mismatch"));
  }
}

TEST_CASE("writing a model replaces the old file only when complete") {
  const TempFolder folder;
  const std::string path = folder.file("m.tmk");
  const auto read_model = [&path] {
    auto bytes = tinymlkit::read_whole_file(path);
    REQUIRE(bytes);
    auto decoded = decode_model_file(*bytes, path, "nm", "tinymlkit-nm");
    REQUIRE(decoded);
    return std::string(decoded->body);
  };
  REQUIRE(tinymlkit::write_file_atomically(path, encode_model_file(kModel)));
  CHECK(read_model() == kModel.body);
  {
    auto output = tinymlkit::AtomicOutput::create(path);
    REQUIRE(output);
    REQUIRE(output->write("half a model"));
  }  // never committed: removed, the old file intact
  CHECK(read_model() == kModel.body);
  CHECK(folder.entries() == std::vector<std::string>{"m.tmk"});  // no temporary left beside the model
}

TEST_CASE("an output in a missing folder is an I/O error") {
  const TempFolder folder;
  auto status = tinymlkit::write_file_atomically(folder.file("no-such-folder/m.tmk"), encode_model_file(kModel));
  REQUIRE_FALSE(status);
  CHECK(status.error().code == tinymlkit::ExitCode::kIoError);
}
