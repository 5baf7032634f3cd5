#include "dispatch.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

namespace tinymlkit {
namespace {

void print_models(std::span<const ModelEntry> models) {
  for (const ModelEntry& model : models)
    std::printf("%-24s %s\n", model.name.data(), model.summary.data());
}

// The folder this program was started from: its models sit beside it.
std::string own_folder(const char* argv0) {
  char path[4096];
  const ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
  std::string self = length > 0 ? std::string(path, static_cast<size_t>(length)) : std::string(argv0);
  const size_t slash = self.rfind('/');
  return slash == std::string::npos ? "." : self.substr(0, slash);
}

}  // namespace

int dispatch(int argc, char** argv, std::span<const ModelEntry> models) {
  const std::string_view first = argc > 1 ? argv[1] : "";
  if (first.empty() || first == "--help" || first == "-h") {
    std::printf("usage: tinymlkit MODEL [options]   (tinymlkit MODEL --help for a model's options)\n"
                "       tinymlkit --list\n\nmodels:\n");
    print_models(models);
    return first.empty() ? 1 : 0;
  }
  if (first == "--list") {
    print_models(models);
    return 0;
  }
  for (const ModelEntry& model : models) {
    if (model.name != first) continue;
    const std::string program = own_folder(argv[0]) + "/tinymlkit-" + std::string(model.name);
    argv[1] = const_cast<char*>(program.c_str());
    execv(program.c_str(), argv + 1);
    std::fprintf(stderr, "tinymlkit: cannot run %s: %s\n", program.c_str(), std::strerror(errno));
    return 3;
  }
  std::fprintf(stderr, "tinymlkit: no model '%s' (tinymlkit --list shows them)\n", argv[1]);
  return 1;
}

}  // namespace tinymlkit
