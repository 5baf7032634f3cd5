# CMake 3.25 has no platform file for WASI; this one says what a WASI module is.
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")
set(UNIX 1)
