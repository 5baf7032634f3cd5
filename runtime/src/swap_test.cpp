#include "tinymlkit/swap_test.hpp"
#include "tinymlkit/portable_math.hpp"

#include <cmath>

namespace tinymlkit {

SwapTest::Verdict SwapTest::add(bool current_wrong, bool background_wrong) {
  ++examples_;
  if (current_wrong != background_wrong) {
    ++discordant_;
    background_right_ += current_wrong ? 1 : 0;
    const double k = static_cast<double>(discordant_);
    const double epsilon = std::sqrt(math::log(k * (k + 1.0) / confidence_) / (2.0 * k));
    const double lead = static_cast<double>(background_right_) / k - 0.5;
    if (lead > epsilon) return Verdict::kSwap;
    if (lead < -epsilon) return Verdict::kAbandon;
  }
  return examples_ >= patience_ ? Verdict::kAbandon : Verdict::kUndecided;
}

void SwapTest::save(ByteWriter& out) const {
  out.u64(patience_);
  out.u64(examples_);
  out.u64(discordant_);
  out.u64(background_right_);
}

Status SwapTest::load(ByteReader& in) {
  TMK_ASSIGN_OR_RETURN(patience_, in.u64());
  TMK_ASSIGN_OR_RETURN(examples_, in.u64());
  TMK_ASSIGN_OR_RETURN(discordant_, in.u64());
  TMK_ASSIGN_OR_RETURN(background_right_, in.u64());
  if (discordant_ > examples_ || background_right_ > discordant_)
    return in.malformed("a swap test with impossible counts");
  return {};
}

}  // namespace tinymlkit
