# The runtime and every generated main build without exceptions (Debian's wasm32 libc++ has
# none) and without floating-point contraction, so native and wasm round the same way.
add_library(tmk_flags INTERFACE)
target_compile_options(tmk_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Werror
  -fno-exceptions -ffp-contract=off)

# The sanitizer preset (clang): AddressSanitizer and UndefinedBehaviorSanitizer on everything,
# any finding fatal, and libFuzzer's coverage instrumentation too, so that one build runs the
# tests under the sanitizers and the libFuzzer targets in fuzz/ (a build for each took CI two
# builds' time).
option(TMK_SANITIZE "build with ASan and UBSan, and the libFuzzer targets (clang)" OFF)
if(TMK_SANITIZE)
  set(tmk_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${tmk_sanitizers} -fsanitize=fuzzer-no-link)
  add_link_options(${tmk_sanitizers})
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # g++ 12 warns falsely on std::string concatenation (GCC bug 105329).
  target_compile_options(tmk_flags INTERFACE -Wno-restrict)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND NOT TMK_WASM)
  # clang with g++ 12's libstdc++ in C++23 flags std::stable_sort's own use of the deprecated
  # get_temporary_buffer.
  target_compile_options(tmk_flags INTERFACE -Wno-deprecated-declarations)
endif()
if(TMK_WASM)
  # No RTTI: nothing asks a type its name (no dynamic_cast, no typeid), and each polymorphic
  # class's type_info would cost its bytes in every module.
  target_compile_options(tmk_flags INTERFACE -Oz -fno-rtti)
endif()
