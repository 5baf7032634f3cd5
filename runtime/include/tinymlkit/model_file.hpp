// The .tmk envelope shared by every model kind:
//   magic "\x89TMK\r\n\x1a\n" | u32 format version | u64 file length | kind | writer | body |
//   u64 XXH3-64 of everything before it
// little-endian, fixed widths. The length tells truncation apart from corruption; the checksum
// catches a flipped byte anywhere. The body (hyperparameters and learner state) is the model's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tinymlkit/format_version.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

struct ModelEnvelope {
  std::string kind;    // "nm"
  std::string writer;  // "tinymlkit-nm 0.1.0"
  // Not a copy: the caller's body, or decoded, the body within the bytes decoded (a model of
  // tens of megabytes, held once).
  std::string_view body;
  uint32_t version = kModelFormatVersion;  // the format the body is in (tests write older ones)
};

std::string encode_model_file(const ModelEnvelope& model);
// `program` names the reading program in the message about a model of another kind.
Result<ModelEnvelope> decode_model_file(std::string_view bytes, std::string_view path,
                                        std::string_view expected_kind, std::string_view program);

}  // namespace tinymlkit
