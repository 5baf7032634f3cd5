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
  # memcpy, memmove and memset as WebAssembly's bulk memory instructions (memory.copy and
  # memory.fill), which the engine runs as one native copy, in place of wasi-libc's loops over
  # 4-byte words: Nelder-Mead's simplex moves its vertices by memmove (README, "Measured figures").
  # Every runtime the modules are made for has them: node, the browsers, wasmtime, WAMR, and wasm3
  # since 0.5.0 (2021). At link time too, for the code that link-time optimization compiles.
  add_compile_options(-mbulk-memory)
  add_link_options(-mbulk-memory)
  # The per-example code is also optimized across files at link time (LTO: the -flto=full beside
  # its -O2 in runtime/CMakeLists.txt). A call costs V8 and the other wasm engines more than it
  # costs native code; inlined across files, the modules ran 1.07x (nm) to 1.16x (the tree)
  # faster under node and came out 2 to 5 KB smaller (README, "Measured figures"). The once-a-run
  # code stays out of it: with all of the runtime in LTO, nm's module grew by 32 KB, past its
  # budget (with ThinLTO, every module grew by 12 to 41 KB). The native build has no LTO; both
  # builds still compute the same IEEE operations in the same order, only inlined differently.
  # The archives then hold LLVM 19 bitcode, which Debian's default llvm-ar (14) cannot index.
  execute_process(COMMAND ${CMAKE_AR} --version OUTPUT_VARIABLE tmk_ar_version ERROR_QUIET)
  if(NOT tmk_ar_version MATCHES "LLVM version (19|[2-9][0-9])\\.")
    message(FATAL_ERROR "The wasm build archives LLVM 19 bitcode, which ${CMAKE_AR} cannot index: "
                        "run scripts/setup (it installs llvm-19), then configure a new build folder.")
  endif()
  # A function-signature mismatch is only a warning to wasm-ld, and the call then traps at run
  # time. ThinLTO met one (LLVM issue 91700: a vtable entry whose types clang could not complete
  # there kept the type () -> void), in export_c, export_onnx and aggregate; full LTO does not.
  add_link_options(-Wl,--fatal-warnings)
endif()
