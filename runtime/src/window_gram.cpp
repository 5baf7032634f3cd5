#include "tinymlkit/window_gram.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tinymlkit {

void GramSums::reset(size_t size) {
  size_ = size;
  zz_.assign(size * (size + 1) / 2, 0.0);
  yz_.assign(size, 0.0);
  yy_ = 0;
}

// Only the pairs of features present are touched: a sparse example costs its features squared.
// Each entry gets one addition per example, so the dense loop gives the same bits as the sparse.
void GramSums::add(const WindowExample& example) {
  const double w = example.weight, y = example.target;
  const std::span<const Feature> features = example.features;
  yy_ += w * y * y;
  yz_[0] += w * y;
  zz_[0] += w;
  if (!features.empty() && features.back().index + 1 == features.size()) {
    add_dense(w, y, features);
    return;
  }
  for (size_t a = 0; a < features.size(); ++a) {
    const size_t j = size_t{features[a].index} + 1;
    const double wx = w * features[a].value;
    yz_[j] += wx * y;
    zz_[j] += wx;  // the pair (0, j)
    double* row = zz_.data() + row_start(j) - j;
    for (size_t b = a; b < features.size(); ++b)
      row[size_t{features[b].index} + 1] += wx * features[b].value;
  }
}

// Features 0 .. m - 1 all present (most tables): contiguous rows, no index to follow.
void GramSums::add_dense(double w, double y, std::span<const Feature> features) {
  const size_t m = features.size();
  dense_.resize(m + 1);
  for (size_t a = 0; a < m; ++a) dense_[a + 1] = features[a].value;
  for (size_t j = 1; j <= m; ++j) {
    const double wx = w * dense_[j];
    yz_[j] += wx * y;
    zz_[j] += wx;
    double* row = zz_.data() + row_start(j) - j;
    for (size_t k = j; k <= m; ++k) row[k] += wx * dense_[k];
  }
}

void GramSums::add(const GramSums& other) {
  for (size_t i = 0; i < zz_.size(); ++i) zz_[i] += other.zz_[i];
  for (size_t j = 0; j < size_; ++j) yz_[j] += other.yz_[j];
  yy_ += other.yy_;
}

// With c = Σ w·y·z and S = Σ w·z·zᵀ in raw units, mean m and scale s per feature, label mean M and
// scale L: G_jk = (S_jk - m_j S_0k - m_k S_0j + m_j m_k S_00) / (s_j s_k),
// g_j = (c_j - M S_0j - m_j c_0 + M m_j S_00) / (L s_j), q = (Σ w y² - 2 M c_0 + M² S_00) / L².
void SquaredWindowLoss::assign(const GramSums& sums, const Standardization& standardization) {
  size_ = sums.size();
  quadratic_.resize(size_ * (size_ + 1) / 2);
  linear_.resize(size_);
  weight_ = sums.zz(0, 0);
  const double label_mean = standardization.label_mean, label_scale = standardization.label_scale;
  // Feature j of z (j >= 1) is the data's feature j - 1; z_0 = 1 has mean 1 and no scale to undo.
  const auto mean = [&](size_t j) { return j == 0 ? 0.0 : standardization.means[j - 1]; };
  const auto scale = [&](size_t j) { return j == 0 ? 1.0 : standardization.scales[j - 1]; };
  size_t at = 0;
  for (size_t j = 0; j < size_; ++j) {
    const double mean_j = mean(j), scale_j = scale(j);
    const bool used_j = scale_j > 0;
    const double centered_yz = sums.yz(j) - label_mean * sums.zz(0, j) - mean_j * sums.yz(0) +
                               label_mean * mean_j * weight_;
    linear_[j] = used_j ? -2.0 * centered_yz / (label_scale * scale_j) : 0.0;
    for (size_t k = j; k < size_; ++k, ++at) {
      const double mean_k = mean(k), scale_k = scale(k);
      const double centered = sums.zz(j, k) - mean_j * sums.zz(0, k) - mean_k * sums.zz(0, j) +
                              mean_j * mean_k * weight_;
      const double entry = used_j && scale_k > 0 ? centered / (scale_j * scale_k) : 0.0;
      quadratic_[at] = k == j ? entry : 2.0 * entry;
    }
  }
  constant_ = (sums.yy() - 2.0 * label_mean * sums.yz(0) + label_mean * label_mean * weight_) /
              (label_scale * label_scale);
}

double SquaredWindowLoss::operator()(std::span<const double> theta) const {
  if (!(weight_ > 0)) return 0.0;
  double total = constant_;
  const double* row = quadratic_.data();
  for (size_t j = 0; j < size_; ++j) {
    // Two running sums, in a fixed order: the same bits in every build, half the dependent adds.
    double even = linear_[j], odd = 0.0;
    size_t k = j;
    for (; k + 1 < size_; k += 2) {
      even += row[k - j] * theta[k];
      odd += row[k + 1 - j] * theta[k + 1];
    }
    if (k < size_) even += row[k - j] * theta[k];
    total += theta[j] * (even + odd);
    row += size_ - j;
  }
  // Rounding can take a perfect fit a hair below zero; a NaN must never reach the simplex's sort.
  const double loss = std::max(total / weight_, 0.0);
  return std::isnan(total) ? std::numeric_limits<double>::infinity() : loss;
}

WindowGram::WindowGram(size_t capacity)
    : block_size_(std::max<size_t>(1, (capacity + 15) / 16)), closed_(capacity / block_size_ + 2) {}

void WindowGram::add(uint64_t number, const WindowExample& example) {
  if (!valid_) return;
  if ((number - 1) % block_size_ == 0) {
    open_id_ = block_of(number);
    open_.reset(size_);
  }
  open_.add(example);
  if (number % block_size_ == 0) {
    Block& closed = closed_[open_id_ % closed_.size()];
    closed.id = open_id_;
    closed.sums = open_;  // a copy into the slot's storage, no allocation once the ring is warm
  }
}

const GramSums* WindowGram::closed_block(uint64_t id) const {
  const Block& block = closed_[id % closed_.size()];
  return block.id == id && block.sums.size() == size_ ? &block.sums : nullptr;
}

const GramSums& WindowGram::window_sums(ExampleAt example_at, size_t count, uint64_t last,
                                        size_t size) {
  const uint64_t first = last - count + 1;
  if (!valid_ || size != size_) {
    valid_ = true;
    size_ = size;
    for (Block& block : closed_) block.id = std::numeric_limits<uint64_t>::max();
    open_id_ = block_of(first);
    open_.reset(size);
    for (size_t i = 0; i < count; ++i) add(first + i, example_at(i));
  }
  window_.reset(size);
  for (size_t i = 0; i < count;) {
    const uint64_t number = first + i;
    // NOLINTNEXTLINE(clang-analyzer-core.DivideZero): the constructor makes block_size_ at least 1
    if ((number - 1) % block_size_ == 0) {
      const uint64_t id = block_of(number);
      if (number + block_size_ - 1 > last) {  // the open block, wholly inside the window
        window_.add(open_);
        break;
      }
      if (const GramSums* block = closed_block(id)) {
        window_.add(*block);
        i += block_size_;
        continue;
      }
    }
    window_.add(example_at(i));
    ++i;
  }
  return window_;
}

}  // namespace tinymlkit
