#include "tinymlkit/portable_math.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace tinymlkit::math {
namespace {

// ln 2 split so that k * kLn2High is exact for the |k| < 2048 that range reduction produces.
constexpr double kLn2High = 6.93147180369123816490e-01;
constexpr double kLn2Low = 1.90821492927058770002e-10;
constexpr double kLn2 = 0.693147180559945309417232121458;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 0.707106781186547524400844362105;

// softplus's tables. Each value is a pair: the double nearest it, and the double nearest what
// that leaves (both computed to 80 digits with Python's decimal module), so that a result can be
// rounded once, at the end.
struct Split {
  double high, low;
};
// 2^(-j/32):
constexpr Split kTwoToMinusJOver32[32] = {
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
// log(c_i) for the centers c_0 = 1 and c_i = 1 + (i + 1/2)/64 of [1, 2] cut in 64:
constexpr Split kLogOfCenters[64] = {
    {0.0, 0.0},
    {0.02316705928153438, -1.1769544932063305e-18},
    {0.0383188643021366, -2.357996157351286e-18},
    {0.053244514518812285, -1.665575816973663e-18},
    {0.06795066190850775, -1.2802141240611733e-18},
    {0.08244366921107459, 5.700437773813987e-18},
    {0.09672962645855111, -5.597397486289965e-19},
    {0.11081436634029011, 1.183748342825649e-18},
    {0.12470347850095724, -4.6522609636496624e-18},
    {0.13840232285911913, 4.447777301357527e-18},
    {0.15191604202584197, 6.4838631244022194e-18},
    {0.16524957289530717, -1.0094935622322628e-17},
    {0.1784076574728183, -1.2432553788701131e-17},
    {0.19139485299962947, -1.2129496905792884e-17},
    {0.2042155414286909, 2.7338281018722773e-18},
    {0.21687393830061436, 4.551026193234283e-18},
    {0.22937410106484582, 9.927671823978025e-18},
    {0.24171993688714516, 8.900990022166643e-18},
    {0.25391520998096345, -8.048097394424201e-18},
    {0.26596354849713794, 5.3393802761314314e-18},
    {0.2778684510034563, -9.16018294909263e-19},
    {0.28963329258304266, 2.0535953219858174e-17},
    {0.3012613305781618, -9.048511144048564e-18},
    {0.3127557100038969, -1.451808353098951e-17},
    {0.324119468654212, -7.958214381893813e-18},
    {0.3353555419211378, 1.834564437059473e-17},
    {0.34646676734620857, 1.028583585496265e-17},
    {0.3574558889218038, -2.5136910072413547e-17},
    {0.3683255611587076, 2.690672380132659e-17},
    {0.37907835293496944, 1.587939415338447e-17},
    {0.3897167511400252, 2.734172667856699e-17},
    {0.4002431641270127, -1.1349239205188711e-17},
    {0.4106599249852684, 9.53814259997222e-18},
    {0.42096929464412963, 3.729923775655343e-18},
    {0.4311734648183713, 1.9420511053537492e-17},
    {0.4412745608048752, 2.5088908423700173e-17},
    {0.45127464413945856, 2.6777397456140527e-17},
    {0.46117571512217015, 1.741614762798376e-17},
    {0.470979715218791, 6.232095439601591e-18},
    {0.4806885293457519, 5.0660455855585734e-18},
    {0.4903039880451938, 2.1092325546314864e-17},
    {0.4998278695564493, 1.8560027823355852e-17},
    {0.5092619017898079, 4.4229949554747315e-17},
    {0.5186077642080457, -3.07373792013847e-17},
    {0.5278670896208424, -3.938876121973919e-18},
    {0.5370414658968836, 3.599743846939586e-17},
    {0.5461324375981357, -2.785373590779381e-17},
    {0.5551415075405016, -2.9237930089834585e-17},
    {0.564070138284803, -4.713528538503788e-17},
    {0.5729197535617855, 2.6028017871307396e-17},
    {0.5816917396346225, -2.4128853204003212e-17},
    {0.5903874466021763, 2.789809900502368e-17},
    {0.5990081896460834, 2.169308759646737e-17},
    {0.6075552502245418, -2.5212767604971525e-17},
    {0.616029877215514, -3.488611895632145e-17},
    {0.6244332880118935, 3.9598137234402294e-17},
    {0.6327666695710378, 5.3103007491432875e-17},
    {0.6410311794209312, 5.023567605577645e-17},
    {0.6492279466251099, -3.408303836279946e-17},
    {0.65735807270836, 3.287034671639441e-17},
    {0.6654226325450905, -3.769421986743112e-17},
    {0.6734226752121667, 2.1065619172826132e-17},
    {0.6813592248079031, -4.9888733319242566e-17},
    {0.689233281238809, -2.3207793837229205e-17},
};
constexpr double kThirtyTwoOverLn2 = 46.16624130844683;
// ln 2 / 32 in two parts, the first with 37 significant bits, so k times it is exact for k < 2^16.
constexpr double kLn2Over32High = 0x1.62e42fefa0000p-6;
constexpr double kLn2Over32Low = 5.145609244655338e-14;
// x + 1.5 * 2^52 - 1.5 * 2^52 is x rounded to an integer, ties to even, for |x| < 2^51; the
// library's nearbyint is a call on baseline x86-64.
constexpr double kRoundingShift = 0x1.8p52;

// e^-a for 0 <= a <= 700, unrounded as a pair whose sum is it: e^-a = 2^(-k/32) e^s with
// k = round(32 a / ln 2), |s| <= ln 2 / 64, so one table entry T and e^s - 1 by Taylor to s^6
// (remainder below s^7 / 7! < 4e-18). T (e^s - 1) is small beside T, so T + T (e^s - 1), rounded
// with what its rounding lost, holds e^-a to a small fraction of an ulp; 2^(-k/32) is T times a
// power of two built from k's bits, which scales both parts exactly.
Split exp_of_negative(double a) {
  const double k = (a * kThirtyTwoOverLn2 + kRoundingShift) - kRoundingShift;
  const double s = k * kLn2Over32Low - (a - k * kLn2Over32High);
  const double s2 = s * s;  // Estrin's scheme: shorter chains than Horner's, which the CPU overlaps
  const double series =
      (1.0 + s * 0.5) + s2 * ((1.0 / 6 + s * (1.0 / 24)) + s2 * (1.0 / 120 + s * (1.0 / 720)));
  const auto steps = static_cast<uint64_t>(static_cast<int64_t>(k));
  const Split& entry = kTwoToMinusJOver32[steps & 31];
  const double power_of_two = std::bit_cast<double>((1023 - (steps >> 5)) << 52);
  const double correction = entry.low + entry.high * (s * series);
  const double sum = entry.high + correction;
  const double sum_lost = correction - (sum - entry.high);  // exact: |entry.high| > |correction|
  return {sum * power_of_two, sum_lost * power_of_two};
}

// log(1 + t) for t = t.high + t.low in [0, 1]: with u = 1 + t.high rounded and c the center of
// u's 64th of [1, 2], log(1 + t) = log(c) + log(1 + r), r = (1 + t - c) / c, |r| <= 1/64, and
// log(1 + r) = r + r^2 q(r) by its series to r^9 (remainder below |r|^10 / 10 < 2e-19 |r|).
// 1 + t - c is u - c, exact (Sterbenz), plus what rounding 1 + t.high lost, also exact, plus
// t.low. In the first 64th, c = 1 and r is t itself, kept as its pair: there log(1 + t) is about
// t, and rounding r would cost up to an ulp where t crosses a power of two.
double log_one_plus(Split t) {
  const double u = 1.0 + t.high;
  const double rest = (t.high - (u - 1.0)) + t.low;
  const int i = std::min(static_cast<int>((u - 1.0) * 64), 63);
  const double center = i == 0 ? 1.0 : 1.0 + (i + 0.5) / 64;
  const double r = i == 0 ? t.high : ((u - center) + rest) / center;
  const double r_rest = i == 0 ? t.low : 0.0;
  const double r2 = r * r, r4 = r2 * r2;
  const double q = ((-0.5 + r * (1.0 / 3)) + r2 * (-0.25 + r * (1.0 / 5))) +
                   r4 * ((-1.0 / 6 + r * (1.0 / 7)) + r2 * (-1.0 / 8 + r * (1.0 / 9)));
  const Split& log_center = kLogOfCenters[i];
  return log_center.high + (r + (r_rest + log_center.low + r * (r * q)));
}

}  // namespace

// exp(x) = 2^k exp(r), x = k ln 2 + r, |r| <= ln 2 / 2; exp(r) by its Taylor series to r^13,
// whose remainder (|r|^14 / 14! < 5e-18) is below double precision.
double exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.1332191019412) return 0.0;
  const double k = std::nearbyint(x * kInvLn2);
  const double r = (x - k * kLn2High) - k * kLn2Low;
  double sum = 1.0 / 6227020800.0;  // 1/13!
  const double inverse_factorials[] = {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0,
                                       1.0 / 40320.0,     1.0 / 5040.0,     1.0 / 720.0,     1.0 / 120.0,
                                       1.0 / 24.0,        1.0 / 6.0,        0.5,             1.0,
                                       1.0};
  for (double c : inverse_factorials) sum = sum * r + c;
  // ldexp in two steps: 2^k alone would underflow for k < -1022 even when the result does not.
  const int exponent = static_cast<int>(k);
  return exponent < -1000 ? std::ldexp(std::ldexp(sum, exponent + 1000), -1000) : std::ldexp(sum, exponent);
}

// log(x) = e ln 2 + log(m), x = m 2^e, m in [sqrt(1/2), sqrt(2)); log(m) = 2 atanh(s) with
// s = (m - 1) / (m + 1), |s| < 0.172, by its series to s^23 (remainder < 1e-19).
double log(double x) {
  if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (std::isinf(x)) return x;
  int e = 0;
  double m = std::frexp(x, &e);  // [0.5, 1)
  if (m < kSqrtHalf) {
    m *= 2;
    --e;
  }
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double series = 1.0 / 23;
  for (int odd = 21; odd >= 1; odd -= 2) series = series * s2 + 1.0 / odd;
  const double log_m = 2.0 * s * series;
  const double exponent = static_cast<double>(e);
  return exponent * kLn2High + (log_m + exponent * kLn2Low);
}

double log2(double x) { return log(x) * (1.0 / kLn2); }

// For small x, log(1 + x) loses x's low bits in 1 + x; the correction restores them.
double log1p(double x) {
  if (std::isnan(x) || x < -1) return std::numeric_limits<double>::quiet_NaN();
  const double u = 1.0 + x;
  if (u == 1.0) return x;
  if (std::isinf(u)) return u;
  return log(u) - ((u - 1.0) - x) / u;
}

// Chebyshev fit of Press, Teukolsky, Vetterling & Flannery (Numerical Recipes, 6.2): fractional
// error below 1.2e-7 everywhere.
double erfc(double x) {
  if (std::isnan(x)) return x;
  const double z = std::fabs(x);
  const double t = 1.0 / (1.0 + 0.5 * z);
  const double coefficients[] = {0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807,
                                 -0.18628806, 0.09678418,  0.37409196, 1.00002368};
  double poly = 0;
  for (double c : coefficients) poly = poly * t + c;
  const double answer = t * exp(-z * z - 1.26551223 + t * poly);
  return x >= 0 ? answer : 2.0 - answer;
}

// log(1 + e^x) = max(x, 0) + log(1 + e^-|x|). Past |x| = 37, e^-|x| < 1e-16 and log(1 + t)
// rounds to t; past 700 the general exp takes the subnormal range.
double softplus(double x) {
  if (std::isnan(x)) return x;
  const double a = std::fabs(x);
  double tail = 0;
  if (a > 700) {
    tail = exp(-a);
  } else if (const Split t = exp_of_negative(a); a > 37) {
    tail = t.high + t.low;
  } else {
    tail = log_one_plus(t);
  }
  return std::max(x, 0.0) + tail;  // a select, not a branch: signs are random
}

}  // namespace tinymlkit::math
