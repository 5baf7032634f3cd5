# Toolchain for one self-contained WASI preview-1 module per model.
# Debian: clang-19, lld-19, wasi-libc and the libc++/compiler-rt wasm32 packages.
# A wasi-sdk install is used instead when WASI_SDK_PREFIX is set (environment or -D).
set(CMAKE_SYSTEM_NAME WASI)
list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}")  # Platform/WASI.cmake
set(CMAKE_SYSTEM_PROCESSOR wasm32)

if(NOT WASI_SDK_PREFIX AND DEFINED ENV{WASI_SDK_PREFIX})
  set(WASI_SDK_PREFIX "$ENV{WASI_SDK_PREFIX}")
endif()

if(WASI_SDK_PREFIX)
  set(CMAKE_C_COMPILER "${WASI_SDK_PREFIX}/bin/clang")
  set(CMAKE_CXX_COMPILER "${WASI_SDK_PREFIX}/bin/clang++")
  set(CMAKE_SYSROOT "${WASI_SDK_PREFIX}/share/wasi-sysroot")
  set(tmk_wasi_target wasm32-wasip1)
else()
  # Debian's clang finds the WASI headers only under this target name.
  set(CMAKE_C_COMPILER clang-19)
  set(CMAKE_CXX_COMPILER clang++-19)
  set(tmk_wasi_target wasm32-wasi)
endif()

set(CMAKE_C_COMPILER_TARGET ${tmk_wasi_target})
set(CMAKE_CXX_COMPILER_TARGET ${tmk_wasi_target})
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# A deeper stack than wasm-ld's 64 KiB, placed first so an overflow traps instead of
# silently overwriting static data; strip the DWARF the Debian archives carry.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,-z,stack-size=1048576 -Wl,--stack-first -Wl,--strip-all")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
