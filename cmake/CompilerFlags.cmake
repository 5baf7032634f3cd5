# The runtime and every generated main build without exceptions (Debian's wasm32 libc++ has
# none) and without floating-point contraction, so native and wasm round the same way.
add_library(tmk_flags INTERFACE)
target_compile_options(tmk_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Werror
  -fno-exceptions -ffp-contract=off)

# The sanitizer preset: AddressSanitizer and UndefinedBehaviorSanitizer on everything, any
# finding fatal.
option(TMK_SANITIZE "build with ASan and UBSan" OFF)
if(TMK_SANITIZE)
  set(tmk_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${tmk_sanitizers})
  add_link_options(${tmk_sanitizers})
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # g++ 12 warns falsely on std::string concatenation (GCC bug 105329).
  target_compile_options(tmk_flags INTERFACE -Wno-restrict)
endif()
if(TMK_WASM)
  target_compile_options(tmk_flags INTERFACE -Oz)
endif()
