# `cmake --install build/native --prefix PREFIX`: the programs in PREFIX/bin, a man page per model
# in PREFIX/share/man/man1 (codegen/manpage.py, from the spec and the program's --help), and the
# wasm build's command and library modules, when build/wasm has them, in PREFIX/share/tinymlkit.
set(TMK_WASM_BUILD_DIR ${PROJECT_SOURCE_DIR}/build/wasm CACHE PATH "the wasm build whose modules are installed")
set(man_pages "")
foreach(program IN LISTS TMK_MODEL_PROGRAMS)
  string(REPLACE "tinymlkit-" "" model ${program})
  set(page ${CMAKE_BINARY_DIR}/man/${program}.1)
  add_custom_command(
    OUTPUT ${page}
    COMMAND ${TMK_PYTHON} ${PROJECT_SOURCE_DIR}/codegen/manpage.py ${PROJECT_SOURCE_DIR}/models/${model}.yaml
            --program $<TARGET_FILE:${program}> -o ${page}
    DEPENDS ${program} ${PROJECT_SOURCE_DIR}/models/${model}.yaml ${PROJECT_SOURCE_DIR}/codegen/manpage.py
            ${PROJECT_SOURCE_DIR}/templates/man.1.j2
    COMMENT "Generating the man page ${program}.1"
    VERBATIM)
  list(APPEND man_pages ${page})
endforeach()
add_custom_target(tinymlkit_man_pages ALL DEPENDS ${man_pages})

install(TARGETS ${TMK_MODEL_PROGRAMS} tinymlkit RUNTIME DESTINATION bin)
install(FILES ${man_pages} DESTINATION share/man/man1)
foreach(folder IN ITEMS bin lib)
  install(DIRECTORY ${TMK_WASM_BUILD_DIR}/${folder}/ DESTINATION share/tinymlkit OPTIONAL
          FILES_MATCHING PATTERN "*.wasm")
endforeach()
