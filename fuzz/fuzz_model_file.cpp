// libFuzzer target: whole .tmk files. Anything but a well-formed envelope of the right kind with
// a matching checksum must be refused with a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tinymlkit/model_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto model = tinymlkit::decode_model_file(bytes, "fuzz.tmk", "nm", "tinymlkit-nm");
  if (!model && model.error().message.empty()) std::abort();
  if (model && tinymlkit::encode_model_file(*model) != bytes) std::abort();  // accepted means exact
  return 0;
}
