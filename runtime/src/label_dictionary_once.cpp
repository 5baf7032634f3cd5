// What a label dictionary does once a run or once a class, so built for size with the other
// once-a-run code (runtime/CMakeLists.txt): the checks a label passes to become a class, the
// classes' sorted order, the file form, and a federated round's dictionaries. (class_of_label()
// runs for every example, but its one hot step is find(), in label_dictionary.cpp.)
#include <algorithm>
#include <numeric>

#include "tinymlkit/data_reader.hpp"
#include "tinymlkit/label_dictionary.hpp"
#include "tinymlkit/number_format.hpp"

namespace tinymlkit {

std::optional<std::string> class_label_problem(std::string_view label) {
  if (label.size() <= kMaxClassLabelBytes) return std::nullopt;
  return "label " + quoted(label) + " is " + std::to_string(label.size()) +
         " bytes long; a class label has at most " + std::to_string(kMaxClassLabelBytes);
}

std::expected<uint32_t, std::string> class_of_label(LabelDictionary& classes,
                                                    std::string_view label, bool classes_fixed,
                                                    int64_t max_classes) {
  if (auto known = classes.find(label)) return *known;
  if (classes_fixed) return std::unexpected("label " + quoted(label) + " is not one of --classes");
  if (auto problem = class_label_problem(label)) return std::unexpected(*problem);
  if (classes.size() >= static_cast<size_t>(max_classes)) {
    return std::unexpected(
        "label " + quoted(label) + " would be class " + std::to_string(classes.size() + 1) +
        ", past --max-classes " + std::to_string(max_classes) +
        (parses_as_number(label) ? " (numeric labels: tinymlkit-hoeffding-regressor learns those)"
                                 : ""));
  }
  return classes.add(label);
}

void LabelDictionary::save(ByteWriter& out) const {
  out.u64(names_.size());
  for (const std::string& name : names_) out.str(name);
}

Status LabelDictionary::load(ByteReader& in) {
  TMK_ASSIGN_OR_RETURN(uint64_t count, in.count(4));
  names_.clear();
  for (uint64_t i = 0; i < count; ++i) {
    TMK_ASSIGN_OR_RETURN(std::string name, in.str());
    if (name.empty() || find(name)) return in.malformed("an empty or repeated class label");
    // As the data reader makes them: a label with a blank or '|' would add lines or fields to
    // a predictions file.
    if (name.find_first_of(" \t\r\n|") != std::string::npos || class_label_problem(name))
      return in.malformed("a class label that is not a token, or longer than a class label may be");
    names_.push_back(std::move(name));
  }
  return {};
}

std::vector<uint32_t> LabelDictionary::sorted_ranks() const {
  std::vector<double> numbers(names_.size(), 0.0);
  bool numeric = true;
  for (size_t c = 0; c < names_.size() && numeric; ++c)
    numeric = parse_finite_number(names_[c], numbers[c]);
  std::vector<uint32_t> order(names_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return numeric ? numbers[a] < numbers[b] : names_[a] < names_[b];
  });
  std::vector<uint32_t> rank(names_.size());
  for (uint32_t place = 0; place < order.size(); ++place) rank[order[place]] = place;
  return rank;
}

LabelDictionary classes_named_by_more_than(std::span<const LabelDictionary* const> clients,
                                           size_t byzantine) {
  LabelDictionary named;
  std::vector<size_t> namers;
  for (const LabelDictionary* client : clients)
    for (const std::string& name : client->names()) {
      if (auto known = named.find(name)) {
        ++namers[*known];
      } else {
        named.add(name);
        namers.push_back(1);
      }
    }
  LabelDictionary kept;
  for (uint32_t c = 0; c < named.size(); ++c)
    if (namers[c] > byzantine) kept.add(named.name(c));
  return kept;
}

std::vector<uint32_t> class_map(const LabelDictionary& from, const LabelDictionary& to) {
  std::vector<uint32_t> map;
  for (const std::string& name : from.names()) map.push_back(to.find(name).value_or(kDroppedClass));
  return map;
}

}  // namespace tinymlkit
