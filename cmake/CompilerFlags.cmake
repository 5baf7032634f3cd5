# The runtime and every generated main build without exceptions (Debian's wasm32 libc++ has
# none) and without floating-point contraction, so native and wasm round the same way.
add_library(tmk_flags INTERFACE)
target_compile_options(tmk_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -fno-exceptions -ffp-contract=off)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # g++ 12 warns falsely on std::string concatenation (GCC bug 105329).
  target_compile_options(tmk_flags INTERFACE -Wno-restrict)
endif()
if(TMK_WASM)
  target_compile_options(tmk_flags INTERFACE -Oz)
endif()
