# Header-only libraries from Debian (libfast-float-dev, libxxhash-dev, libfmt-dev) live in
# /usr/include beside glibc's headers. Adding /usr/include to the wasm build would let glibc's
# headers shadow wasi-libc's, so both builds see only these, through links in the build tree.
set(TMK_THIRD_PARTY_INCLUDE ${CMAKE_BINARY_DIR}/third_party/include)
file(MAKE_DIRECTORY ${TMK_THIRD_PARTY_INCLUDE})

function(tmk_expose_header name)
  set(candidates ${TMK_SYSTEM_INCLUDE_DIR}/${name} /usr/include/${name})
  foreach(candidate IN LISTS candidates)
    if(EXISTS ${candidate})
      file(CREATE_LINK ${candidate} ${TMK_THIRD_PARTY_INCLUDE}/${name} SYMBOLIC)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "${name} not found: install ${ARGN} (scripts/setup does)")
endfunction()

tmk_expose_header(fast_float libfast-float-dev)
tmk_expose_header(xxhash.h libxxhash-dev)
tmk_expose_header(fmt libfmt-dev)

# The generator runs on Debian's python3, which has python3-jinja2, -yaml and -jsonschema.
find_program(TMK_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT TMK_PYTHON)
  find_program(TMK_PYTHON NAMES python3 REQUIRED)
endif()

# binaryen's wasm-opt is optional: it trims the modules a little when present.
if(TMK_WASM)
  find_program(TMK_WASM_OPT wasm-opt)
endif()

# --export-onnx encodes onnx.proto (Debian's libonnx-dev) with nanopb: its generator (Debian's
# nanopb) writes onnx.pb.c at build time, and its runtime sources come from Debian's source
# package (scripts/setup), so that the wasm build compiles them as the native build does.
set(TMK_ONNX_PROTO /usr/include/onnx/onnx.proto)
set(TMK_NANOPB_DIR ${PROJECT_SOURCE_DIR}/build/third_party/nanopb-0.4.7)
find_program(TMK_NANOPB_GENERATOR nanopb_generator.py REQUIRED)
if(NOT EXISTS ${TMK_ONNX_PROTO} OR NOT EXISTS ${TMK_NANOPB_DIR}/pb_encode.c)
  message(FATAL_ERROR "onnx.proto or nanopb's sources are missing: run scripts/setup")
endif()
