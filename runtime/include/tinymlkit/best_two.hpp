// The two best split suggestions of a leaf, found in one pass: a split attempt needs only the
// best and the runner-up, and sorting every suggestion (each with its branch statistics) cost
// time and, as std::stable_sort's instantiations, 5 KB of each tree's .wasm module.
#pragma once

#include <cstddef>
#include <span>

namespace tinymlkit {

struct BestTwo {
  size_t best;
  size_t second;  // equal to best when there is only one item
};

// The positions a stable ascending sort by merit would leave last and second to last: the
// highest merits, the later item first among equal ones. `items` must not be empty.
template <class T>
BestTwo best_two(std::span<const T> items) {
  BestTwo found{0, 0};
  for (size_t i = 1; i < items.size(); ++i)
    if (!(items[i].merit < items[found.best].merit)) found.best = i;
  found.second = found.best == 0 ? (items.size() > 1 ? 1 : 0) : 0;
  for (size_t i = found.second + 1; i < items.size(); ++i)
    if (i != found.best && !(items[i].merit < items[found.second].merit)) found.second = i;
  return found;
}

}  // namespace tinymlkit
