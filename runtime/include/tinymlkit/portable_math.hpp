// exp, log and erfc that give the same bits on every build. glibc's and wasi-libc's versions
// differ in the last bit on some inputs (measured: all of exp, log, log2, log1p, erfc and pow
// over a million random arguments), and one such bit can flip a split or a simplex step, so the
// native and wasm builds would learn different models. These use only operations IEEE 754
// rounds exactly (+, -, *, /, sqrt, frexp, ldexp), in a fixed order, compiled without
// floating-point contraction. exp and log are within 2 ulp of the C library; erfc, which only
// weighs split candidates, is within 1.2e-7 relative.
#pragma once

namespace tinymlkit::math {

double exp(double x);
double log(double x);
double log2(double x);
double log1p(double x);
double erfc(double x);
// log(1 + e^x) without overflow, for the logistic loss, within 1 ulp (unit test: a million
// arguments against long double): a table step for e^-|x| kept to more than double precision,
// then one for log(1 + t), about 2.5 times faster than log1p(exp(.)) from the functions above.
double softplus(double x);

}  // namespace tinymlkit::math
