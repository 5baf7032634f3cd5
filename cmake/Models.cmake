# One standalone program per spec in models/: codegen renders its main into the build tree at
# build time, and it links the runtime. Adding a model is adding a spec (and its runtime class).
file(GLOB TMK_MODEL_SPECS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/models/*.yaml)
file(GLOB TMK_CODEGEN_INPUTS CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/codegen/*.py ${PROJECT_SOURCE_DIR}/codegen/*.json
  ${PROJECT_SOURCE_DIR}/templates/*.j2 ${PROJECT_SOURCE_DIR}/.clang-format)
set(TMK_GENERATOR ${PROJECT_SOURCE_DIR}/codegen/generate.py)
set(TMK_GENERATED_DIR ${CMAKE_BINARY_DIR}/generated)

# Renders `output` with `codegen/generate.py WHAT SPECS... -o output` whenever a spec, the
# generator or a template changes.
function(tmk_generate output what)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${TMK_PYTHON} ${TMK_GENERATOR} ${what} ${ARGN} -o ${output}
    DEPENDS ${ARGN} ${TMK_CODEGEN_INPUTS}
    COMMENT "Generating ${output}"
    VERBATIM)
endfunction()

# One header per spec, `generate.py WHAT SPEC`, as generated/WHAT/tinymlkit/WHAT/MODEL.hpp,
# behind the target tinymlkit_WHAT_headers.
function(tmk_generate_headers what)
  set(headers "")
  foreach(spec IN LISTS TMK_MODEL_SPECS)
    get_filename_component(model ${spec} NAME_WE)
    set(header ${TMK_GENERATED_DIR}/${what}/tinymlkit/${what}/${model}.hpp)
    tmk_generate(${header} ${what} ${spec})
    list(APPEND headers ${header})
  endforeach()
  add_custom_target(tinymlkit_${what}_headers DEPENDS ${headers})
endfunction()

# Each model's config struct and choice enums (tinymlkit/config/MODEL.hpp), which its runtime
# class includes: the runtime builds after them, and a choice it does not handle fails to compile.
tmk_generate_headers(config)
target_include_directories(tinymlkit_runtime PUBLIC ${TMK_GENERATED_DIR}/config)
add_dependencies(tinymlkit_runtime tinymlkit_config_headers)

# binaryen shaves a little more off a .wasm; it must run before stripping (see
# cmake/wasm32-wasi.cmake). --low-memory-unused folds pointer + constant (below 1024) into load
# and store offsets (7 KB of the forest's module): it differs from the addition only where that
# addition wraps past 2^32 into the lowest 1 KB, which no valid pointer does. That kilobyte is the
# bottom of the 1 MiB stack (--stack-first), used only by a run about to overflow it.
# --converge repeats the passes while they still shrink the module: 385 bytes of the forest's, for
# two seconds of build.
function(tmk_shrink_module target)
  if(TMK_WASM AND TMK_WASM_OPT)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${TMK_WASM_OPT} -Oz --converge --low-memory-unused --enable-bulk-memory --enable-sign-ext
              --enable-mutable-globals --enable-nontrapping-float-to-int
              $<TARGET_FILE:${target}> -o $<TARGET_FILE:${target}>
      VERBATIM)
  endif()
endfunction()

set(TMK_MODEL_PROGRAMS "")
foreach(spec IN LISTS TMK_MODEL_SPECS)
  get_filename_component(model ${spec} NAME_WE)
  set(program tinymlkit-${model})
  set(main ${TMK_GENERATED_DIR}/${program}.cpp)
  tmk_generate(${main} main ${spec})
  add_executable(${program} ${main})
  target_link_libraries(${program} PRIVATE tinymlkit_runtime tmk_flags)
  tmk_shrink_module(${program})
  list(APPEND TMK_MODEL_PROGRAMS ${program})
endforeach()

# The library module of each model (wasm only): a reactor with no _start, exporting the C ABI of
# runtime/library/exports.cpp over the model's generated binding, as lib/tinymlkit-MODEL.lib.wasm.
# The bindings are generated in every build: the native unit tests link one (hoeffding's).
set(TMK_LIBRARY_MODULES "")
set(bindings "")
if(TMK_WASM)
  # The C ABI is the same for every model: built once, linked into each module.
  add_library(tinymlkit_library_exports OBJECT ${PROJECT_SOURCE_DIR}/runtime/library/exports.cpp)
  target_link_libraries(tinymlkit_library_exports PRIVATE tinymlkit_runtime tmk_flags)
endif()
foreach(spec IN LISTS TMK_MODEL_SPECS)
  get_filename_component(model ${spec} NAME_WE)
  set(binding ${TMK_GENERATED_DIR}/tinymlkit-${model}-library.cpp)
  tmk_generate(${binding} library ${spec})
  list(APPEND bindings ${binding})
  if(TMK_WASM)
    set(library tinymlkit-${model}-library)
    add_executable(${library} ${binding} $<TARGET_OBJECTS:tinymlkit_library_exports>)
    target_link_libraries(${library} PRIVATE tinymlkit_runtime tmk_flags)
    target_link_options(${library} PRIVATE -mexec-model=reactor)
    set_target_properties(${library} PROPERTIES OUTPUT_NAME tinymlkit-${model}.lib
                          RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)
    tmk_shrink_module(${library})
    list(APPEND TMK_LIBRARY_MODULES ${library})
  endif()
endforeach()
add_custom_target(tinymlkit_library_bindings DEPENDS ${bindings})

# set_defaults() for each model's config (tinymlkit/defaults/MODEL.hpp), set through the same
# generated option table as its main: what unit tests and benchmarks build learners with.
tmk_generate_headers(defaults)
add_library(tinymlkit_defaults INTERFACE)
target_include_directories(tinymlkit_defaults INTERFACE ${TMK_GENERATED_DIR}/defaults)
target_link_libraries(tinymlkit_defaults INTERFACE tinymlkit_runtime)
add_dependencies(tinymlkit_defaults tinymlkit_defaults_headers)  # followed by every consumer

if(NOT TMK_WASM)
  set(dispatcher_main ${TMK_GENERATED_DIR}/tinymlkit.cpp)
  tmk_generate(${dispatcher_main} dispatcher ${TMK_MODEL_SPECS})
  add_executable(tinymlkit ${dispatcher_main} ${PROJECT_SOURCE_DIR}/runtime/dispatch/dispatch.cpp)
  target_include_directories(tinymlkit PRIVATE ${PROJECT_SOURCE_DIR}/runtime/dispatch)
  target_link_libraries(tinymlkit PRIVATE tmk_flags)
  add_dependencies(tinymlkit ${TMK_MODEL_PROGRAMS})
endif()

