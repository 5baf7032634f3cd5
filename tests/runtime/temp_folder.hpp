// A private folder for a test's files (mkdtemp), removed with everything in it: tests never
// write to a shared path, so two runs at once cannot meet.
#pragma once

#include <dirent.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

class TempFolder {
 public:
  TempFolder() {
    char pattern[] = "/tmp/tmk-test-XXXXXX";
    const char* made = mkdtemp(pattern);
    path_ = made != nullptr ? made : "";
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  ~TempFolder() {
    for (const std::string& name : entries()) std::remove((path_ + "/" + name).c_str());
    rmdir(path_.c_str());
  }

  const std::string& path() const { return path_; }
  // The path of `name` in the folder, written with `content` unless that is empty.
  std::string file(const std::string& name, const std::string& content = "") const {
    const std::string path = path_ + "/" + name;
    if (!content.empty()) {
      std::FILE* out = std::fopen(path.c_str(), "wb");
      std::fwrite(content.data(), 1, content.size(), out);
      std::fclose(out);
    }
    return path;
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    DIR* folder = opendir(path_.c_str());
    if (folder == nullptr) return names;
    while (const dirent* entry = readdir(folder)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    closedir(folder);
    return names;
  }

 private:
  std::string path_;
};
