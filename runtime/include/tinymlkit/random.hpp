// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator whose whole state is one word,
// so a model file can carry it and a resumed run draws exactly what one long run would.
#pragma once

#include <cstdint>

namespace tinymlkit {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t state) : state_(state) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  bool coin() { return (next() >> 63) != 0; }
  // Uniform in [0, 1), from the top 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }
  // A Poisson draw with mean lambda, given exp(-lambda) (Knuth's multiplication method: about
  // lambda + 1 draws, exact in IEEE arithmetic, so native and wasm agree).
  uint32_t poisson(double exp_minus_lambda) {
    uint32_t k = 0;
    double product = uniform();
    while (product > exp_minus_lambda) {
      product *= uniform();
      ++k;
    }
    return k;
  }
  uint64_t state() const { return state_; }

 private:
  uint64_t state_;
};

}  // namespace tinymlkit
