#include "tinymlkit/model_file.hpp"

#define XXH_INLINE_ALL
#include "xxhash.h"

#include "tinymlkit/byte_io.hpp"

namespace tinymlkit {
namespace {

constexpr std::string_view kMagic("\x89TMK\r\n\x1a\n", 8);
constexpr size_t kLengthEnd = 8 + 4 + 8;  // magic, version, length
constexpr size_t kChecksumBytes = 8;

std::unexpected<Error> refuse(std::string_view path, std::string_view why) {
  return fail(ExitCode::kBadInput, std::string(path) + ": " + std::string(why));
}

}  // namespace

std::string encode_model_file(const ModelEnvelope& model) {
  const size_t total = kLengthEnd + 4 + model.kind.size() + 4 + model.writer.size() + 8 +
                       model.body.size() + kChecksumBytes;
  ByteWriter out;
  out.reserve(total);  // the body is copied once, and not again as the file grows
  out.raw(kMagic);
  out.u32(model.version);
  out.u64(total);
  out.str(model.kind);
  out.str(model.writer);
  out.u64(model.body.size());
  out.raw(model.body);
  out.u64(XXH3_64bits(out.bytes().data(), out.bytes().size()));
  return out.take();
}

Result<ModelEnvelope> decode_model_file(std::string_view bytes, std::string_view path,
                                        std::string_view expected_kind, std::string_view program) {
  if (!bytes.starts_with(kMagic)) return refuse(path, "not a TinyMLKit model file (no .tmk magic)");
  if (bytes.size() < kLengthEnd + kChecksumBytes) return refuse(path, "truncated model file");
  ByteReader header(bytes.substr(0, kLengthEnd), std::string(path));
  (void)header.raw(kMagic.size());
  const uint32_t version = *header.u32();
  const uint64_t length = *header.u64();
  if (version > kModelFormatVersion)
    return refuse(path, "written in model format version " + std::to_string(version) +
                            "; this build reads versions up to " + std::to_string(kModelFormatVersion) +
                            " (upgrade TinyMLKit)");
  if (version == 0) return refuse(path, "corrupt model file (format version 0)");
  if (version < kOldestModelFormatVersion)
    return refuse(path, "written in model format version " + std::to_string(version) + " by an older TinyMLKit; " +
                            "this build reads versions " + std::to_string(kOldestModelFormatVersion) + " to " +
                            std::to_string(kModelFormatVersion) + " (train the model again)");
  if (length < kLengthEnd + kChecksumBytes) return refuse(path, "corrupt model file (impossible length)");
  if (bytes.size() < length)
    return refuse(path, "truncated model file (" + std::to_string(bytes.size()) + " of " +
                            std::to_string(length) + " bytes)");
  if (bytes.size() > length)
    return refuse(path, "corrupt model file (" + std::to_string(bytes.size() - length) +
                            " unexpected bytes after its end)");
  const size_t covered_size = static_cast<size_t>(length) - kChecksumBytes;  // length <= bytes.size()
  const std::string_view covered = bytes.substr(0, covered_size);
  ByteReader trailer(bytes.substr(covered_size), std::string(path));
  if (*trailer.u64() != XXH3_64bits(covered.data(), covered.size()))
    return refuse(path, "corrupt model file (checksum mismatch)");

  ByteReader in(covered, std::string(path));
  (void)in.raw(kLengthEnd);
  ModelEnvelope model;
  TMK_ASSIGN_OR_RETURN(model.kind, in.str());
  TMK_ASSIGN_OR_RETURN(model.writer, in.str());
  if (model.kind != expected_kind)
    return refuse(path, "was written by " + model.writer + " (a '" + model.kind + "' model); " +
                            std::string(program) + " reads '" + std::string(expected_kind) + "' models");
  TMK_ASSIGN_OR_RETURN(uint64_t body_size, in.u64());
  TMK_ASSIGN_OR_RETURN(std::string_view body, in.raw(body_size));
  if (in.remaining() != 0) return in.malformed("bytes after the model body");
  model.body = body;
  model.version = version;
  return model;
}

}  // namespace tinymlkit
