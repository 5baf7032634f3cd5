// Class labels are tokens (`1`, `-1`, `spam`); a model keeps them in the order it met them, so
// a class index means the same thing in every run that continues from the model file.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tinymlkit/byte_io.hpp"
#include "tinymlkit/status.hpp"

namespace tinymlkit {

// A class label's most bytes. A model keeps every label it met, in memory, in its file and in its
// exports: 1,000 rows of two features, each with its own 100 KB label, made a tree's model 100 MB
// (and its run 494 MB), past any --max-bytes.
inline constexpr size_t kMaxClassLabelBytes = 1024;
// Why `label` cannot be a class (too long), or nothing.
std::optional<std::string> class_label_problem(std::string_view label);

class LabelDictionary {
 public:
  std::optional<uint32_t> find(std::string_view token) const;
  uint32_t add(std::string_view token);
  std::string_view name(uint32_t index) const { return names_[index]; }
  size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }
  // Each class's place when the labels are sorted, numerically if every label is a number and
  // by their bytes otherwise: the order in which MOA-style learners index classes, so that ties
  // between classes go the same way whatever order the stream met them in.
  std::vector<uint32_t> sorted_ranks() const;

  void save(ByteWriter& out) const;
  Status load(ByteReader& in);

 private:
  std::vector<std::string> names_;
};

// A classifier's class for a label token: a known one, or a new one joining `classes`, unless
// the classes were fixed up front (--classes) or it would be one more than `max_classes`. On
// failure, what was expected.
std::expected<uint32_t, std::string> class_of_label(LabelDictionary& classes, std::string_view label,
                                                    bool classes_fixed, int64_t max_classes);

// A federated round's classes: those more than `byzantine` of the clients' dictionaries name (what
// F or fewer claim could be made up, and a made-up class would cost memory and could win votes),
// in the order they were first met.
LabelDictionary classes_named_by_more_than(std::span<const LabelDictionary* const> clients, size_t byzantine);
// In a renumbering of classes (a tree's remap_classes), a class that the new dictionary drops.
inline constexpr uint32_t kDroppedClass = UINT32_MAX;

// For each class of `from`, its index in `to`, or kDroppedClass if `to` lacks it.
std::vector<uint32_t> class_map(const LabelDictionary& from, const LabelDictionary& to);

}  // namespace tinymlkit
