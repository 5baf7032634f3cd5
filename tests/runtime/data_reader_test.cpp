#include "tinymlkit/data_reader.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "temp_folder.hpp"

using tinymlkit::DataReader;
using tinymlkit::Example;
using tinymlkit::LineKind;
using tinymlkit::parse_line;

TEST_CASE("a line parses into label, weight and sorted features") {
  Example example;
  auto kind = parse_line("spam 0.5 | 7:2.5 3 1:-4e2\r", example);
  REQUIRE(kind);
  CHECK(*kind == LineKind::kExample);
  CHECK(example.label == "spam");
  CHECK(example.weight == 0.5);
  REQUIRE(example.features.size() == 3);
  CHECK(example.features[0].index == 1);
  CHECK(example.features[0].value == -400.0);
  CHECK(example.features[0].column == 20);
  CHECK(example.features[1].index == 3);
  CHECK(example.features[1].value == 1.0);
  CHECK(example.features[2].index == 7);
}

TEST_CASE("blank lines and comments are not examples; a bare | is an unlabeled one") {
  Example example;
  for (const char* line : {"", "   \t", "# note | 0:1", "\r"}) {
    auto kind = parse_line(line, example);
    REQUIRE(kind);
    CHECK(*kind == LineKind::kBlank);
  }
  auto kind = parse_line("| 0:1", example);
  REQUIRE(kind);
  CHECK_FALSE(example.labeled());
  CHECK(example.features.size() == 1);
}

TEST_CASE("explicit zeros are dropped like omitted features") {
  Example example;
  REQUIRE(parse_line("1 | 0:0 1:2 2:0.0", example));
  REQUIRE(example.features.size() == 1);
  CHECK(example.features[0].index == 1);
}

TEST_CASE("the reader reports the column of each kind of bad line") {
  const auto [line, column, phrase] = GENERATE(table<const char*, uint32_t, const char*>({
      {"1 0:1", 3, "expected '|'"},
      {"1 | :3", 5, "feature index before ':'"},
      {"1 | -2:3", 5, "non-negative"},
      {"1 | 2.5:1", 5, "integer feature index"},
      {"1 | 4294967296:1", 5, "not below 2^32"},
      {"1 | 4294967295:1 0:", 20, "expected a number after ':'"},
      {"1 | 0:1e999", 7, "finite"},
      {"1 | 0:-inf", 7, "finite"},
      {"1 | 3:1 2:1 3:2", 13, "appears twice"},
      {"1 | 2:1 2:5", 9, "appears twice"},  // in order but for the repeat
      {"1 nan | 0:1", 3, "importance weight"},
      {"1 2 abc | 1:1", 5, "expected '|' after the label and weight"},  // was 8 natively, 5 in wasm
      {"1 1e7 | 0:1", 3, "importance weight of at most 1000000"},  // sums of weights stay finite
  }));
  Example example;
  auto kind = parse_line(line, example);
  INFO(line);
  REQUIRE_FALSE(kind);
  CHECK(kind.error().column == column);
  CHECK_THAT(kind.error().what, Catch::Contains(phrase));
}

TEST_CASE("the largest index below 2^32 is accepted") {
  Example example;
  REQUIRE(parse_line("1 | 4294967295:1", example));
  CHECK(example.features[0].index == 4294967295u);
}

TEST_CASE("the reader streams lines across its buffer and names file and line in errors") {
  std::string content;
  const std::string long_features = [] {
    std::string text;
    for (int i = 0; i < 20000; ++i) text.append(" ").append(std::to_string(i)).append(":1");
    return text;
  }();
  for (int i = 0; i < 60; ++i) content += "1 |" + long_features + "\n";  // ~8 MB: many buffers
  content += "# comment\r\n\r\n2 | 0:1\r\n3 | 0:x\n4 | 1:2";      // no final newline
  const TempFolder folder;
  const std::string path = folder.file("stream.txt", content);
  auto reader = DataReader::open(path);
  REQUIRE(reader);
  Example example;
  for (int i = 0; i < 60; ++i) {
    auto more = reader->next(example);
    REQUIRE(more);
    REQUIRE(*more);
    REQUIRE(example.features.size() == 20000);
  }
  auto more = reader->next(example);
  REQUIRE(more);
  CHECK(example.label == "2");
  more = reader->next(example);
  REQUIRE_FALSE(more);
  CHECK(more.error().message == path + ":64:7: expected a number after ':', got 'x'");
  more = reader->next(example);  // reading goes on after a bad line
  REQUIRE(more);
  REQUIRE(*more);
  CHECK(example.label == "4");
  CHECK(reader->line_number() == 65);
  more = reader->next(example);
  REQUIRE(more);
  CHECK_FALSE(*more);
}

TEST_CASE("a UTF-8 byte order mark before the first line is not part of its label") {
  const TempFolder folder;
  const std::string path = folder.file("bom.txt", "\xEF\xBB\xBF" "yes | 0:1\n\xEF\xBB\xBF" "no | 0:1\n");
  auto reader = DataReader::open(path);
  REQUIRE(reader);
  Example example;
  REQUIRE(*reader->next(example));
  CHECK(example.label == "yes");
  CHECK(example.label_column == 1);
  REQUIRE(*reader->next(example));
  CHECK(example.label == "\xEF\xBB\xBF" "no");  // only the file's first bytes can be a mark
}

TEST_CASE("a missing file is an I/O error naming it") {
  const TempFolder folder;
  auto reader = DataReader::open(folder.file("no-such-file.txt"));
  REQUIRE_FALSE(reader);
  CHECK(reader.error().code == tinymlkit::ExitCode::kIoError);
  CHECK_THAT(reader.error().message, Catch::Contains(folder.file("no-such-file.txt")));
}
