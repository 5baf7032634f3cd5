// e^-a as an unrounded pair, written once for any number type with +, - and * (a double, or a
// vector of doubles): math::softplus takes it one argument at a time, and the logistic loss's
// table four at a time for the arguments past its end (softplus_table.cpp). Each lane does the
// same operations in the same order as one double, so both give the same bits.
#pragma once

#include <bit>
#include <cstdint>

namespace tinymlkit::math {

// A value as a pair: the double nearest it, and the double nearest what that leaves (tables
// computed to 80 digits with Python's decimal module), so that a result can be rounded once, at
// the end. Real is a double, or a vector of them.
template <class Real>
struct SplitOf {
  Real high, low;
};
using Split = SplitOf<double>;

// 2^(-j/32):
inline constexpr Split kTwoToMinusJOver32[32] = {
    {1.0, 0.0},
    {0.9785720620877001, 4.480383895518334e-17},
    {0.9576032806985737, -5.3099730280979813e-17},
    {0.93708381705515, -3.061381706502071e-17},
    {0.9170040432046712, 1.6415536121228136e-17},
    {0.8973545375015536, 9.113729213956043e-18},
    {0.8781260801866497, 1.4800703477244367e-17},
    {0.859309649061239, -9.256902091315555e-18},
    {0.8408964152537145, 4.099505010290748e-17},
    {0.8228777390769825, -5.062839956837386e-17},
    {0.8052451659746271, 1.2353596284898944e-17},
    {0.7879904225539432, -5.068458235639152e-18},
    {0.7711054127039704, 3.9749174048488104e-17},
    {0.7545822137967114, -5.082276638771475e-17},
    {0.7384130729697497, -1.741997278446398e-17},
    {0.7225904034885233, -1.5118790674969937e-17},
    {0.7071067811865476, -4.833646656726457e-17},
    {0.691954940981916, -3.385255829397393e-17},
    {0.6771277734684463, 3.850474189901495e-17},
    {0.6626183215798707, -1.4293656050194307e-17},
    {0.6484197773255048, 1.2691251397444157e-17},
    {0.6345254785958666, 1.333966065671093e-18},
    {0.620928906036742, 2.3290137959184684e-17},
    {0.6076236799902345, -3.856315346340744e-17},
    {0.5946035575013605, 1.991007615732823e-17},
    {0.5818624293887887, 1.9146024184620467e-17},
    {0.5693943173783458, 4.456406338012704e-17},
    {0.5571933712979462, 5.2051392284227855e-17},
    {0.5452538663326288, -1.5233910399062356e-17},
    {0.5335702003384118, -3.949926983420791e-17},
    {0.5221368912137069, 4.2759448527689824e-17},
    {0.5109485743270583, 2.554612514486722e-17},
};
inline constexpr double kThirtyTwoOverLn2 = 46.16624130844683;
// ln 2 / 32 in two parts, the first with 37 significant bits, so k times it is exact for k < 2^16.
inline constexpr double kLn2Over32High = 0x1.62e42fefa0000p-6;
inline constexpr double kLn2Over32Low = 5.145609244655338e-14;
// x + 1.5 * 2^52 - 1.5 * 2^52 is x rounded to an integer, ties to even, for |x| < 2^51; the
// library's nearbyint is a call on baseline x86-64.
inline constexpr double kRoundingShift = 0x1.8p52;

// e^-a for 0 <= a <= 700, unrounded as a pair whose sum is it: e^-a = 2^(-k/32) e^s with
// k = round(32 a / ln 2), |s| <= ln 2 / 64, so one table entry T and e^s - 1 by Taylor to s^6
// (remainder below s^7 / 7! < 4e-18). T (e^s - 1) is small beside T, so T + T (e^s - 1), rounded
// with what its rounding lost, holds e^-a to a small fraction of an ulp; 2^(-k/32) is T times a
// power of two built from k's bits, which scales both parts exactly.
//
// In two halves around the table lookup and the bit operations, which differ between a double
// and a vector; arguments by reference, so that no function passes a vector by value (whose ABI
// depends on the instruction set).
template <class Real>
struct ExpOfNegative {
  Real k;       // round(32 a / ln 2), an integer
  Real s;       // a - k ln 2 / 32, negated
  Real series;  // (e^s - 1) / s
};

template <class Real>
[[gnu::always_inline]] inline void reduce_exp_of_negative(const Real& a, ExpOfNegative<Real>& out) {
  out.k = (a * kThirtyTwoOverLn2 + kRoundingShift) - kRoundingShift;
  out.s = out.k * kLn2Over32Low - (a - out.k * kLn2Over32High);
  const Real s = out.s, s2 = s * s;  // Estrin's scheme: shorter chains than Horner's
  out.series =
      (1.0 + s * 0.5) + s2 * ((1.0 / 6 + s * (1.0 / 24)) + s2 * (1.0 / 120 + s * (1.0 / 720)));
}

// `entry` is kTwoToMinusJOver32[k mod 32], `power_of_two` 2^-(k div 32).
template <class Real>
[[gnu::always_inline]] inline void finish_exp_of_negative(const ExpOfNegative<Real>& reduced,
                                                          const SplitOf<Real>& entry,
                                                          const Real& power_of_two,
                                                          SplitOf<Real>& out) {
  const Real correction = entry.low + entry.high * (reduced.s * reduced.series);
  const Real sum = entry.high + correction;
  const Real sum_lost = correction - (sum - entry.high);  // exact: |entry.high| > |correction|
  out.high = sum * power_of_two;
  out.low = sum_lost * power_of_two;
}

inline Split exp_of_negative(double a) {
  ExpOfNegative<double> reduced;
  reduce_exp_of_negative(a, reduced);
  const auto steps = static_cast<uint64_t>(static_cast<int64_t>(reduced.k));
  Split out;
  finish_exp_of_negative(reduced, kTwoToMinusJOver32[steps & 31],
                         std::bit_cast<double>((1023 - (steps >> 5)) << 52), out);
  return out;
}

}  // namespace tinymlkit::math
