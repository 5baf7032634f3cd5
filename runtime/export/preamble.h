/* @PROGRAM@ model exported by @WRITER@ (--export-c): @WHAT@ as constants and
 * one prediction function, in C99 with no heap, no stdio and no libm, for microcontrollers.
 *
 *   x: TINYMLKIT_FEATURES doubles, x[i] the value of feature index i (0 where absent).
 *
 * Predictions equal the program's bit for bit when doubles follow IEEE 754 with
 * round-to-nearest and the compiler does not fuse a multiply and an add (gcc -std=c99 does not;
 * otherwise give -ffp-contract=off).
 */
#ifndef TINYMLKIT_MODEL_H
#define TINYMLKIT_MODEL_H
