# What the wasm build makes for JavaScript: the npm package (js/ with the library modules in its
# lib/, staged as build/wasm/js: what `npm pack build/wasm/js` packs and the node tests import)
# and the page (web/ with the shipped data, staged as build/wasm/web beside it, which imports the
# package as ../js/src/index.js: serve build/wasm and open /web/).
file(GLOB TMK_JS_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/js/src/*)
file(GLOB TMK_WEB_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/web/*)
file(GLOB TMK_SHIPPED_DATA CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/data/*.txt)
set(TMK_JS_PACKAGE ${CMAKE_BINARY_DIR}/js)
set(TMK_WEB_PAGE ${CMAKE_BINARY_DIR}/web)
set(stamp ${CMAKE_BINARY_DIR}/js.stamp)
set(modules "")
foreach(library IN LISTS TMK_LIBRARY_MODULES)
  list(APPEND modules $<TARGET_FILE:${library}>)
endforeach()
add_custom_command(
  OUTPUT ${stamp}
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${TMK_JS_PACKAGE} ${TMK_WEB_PAGE}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${TMK_JS_PACKAGE}/src ${TMK_JS_PACKAGE}/lib ${TMK_WEB_PAGE}/data
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/js/package.json ${PROJECT_SOURCE_DIR}/js/README.md ${TMK_JS_PACKAGE}
  COMMAND ${CMAKE_COMMAND} -E copy ${TMK_JS_SOURCES} ${TMK_JS_PACKAGE}/src
  COMMAND ${CMAKE_COMMAND} -E copy ${modules} ${TMK_JS_PACKAGE}/lib
  COMMAND ${CMAKE_COMMAND} -E copy ${TMK_WEB_SOURCES} ${TMK_WEB_PAGE}
  COMMAND ${CMAKE_COMMAND} -E copy ${TMK_SHIPPED_DATA} ${TMK_WEB_PAGE}/data
  COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
  DEPENDS ${TMK_JS_SOURCES} ${TMK_WEB_SOURCES} ${TMK_SHIPPED_DATA} ${PROJECT_SOURCE_DIR}/js/package.json
          ${PROJECT_SOURCE_DIR}/js/README.md ${TMK_LIBRARY_MODULES}
  COMMENT "Staging the npm package in ${TMK_JS_PACKAGE} and the page in ${TMK_WEB_PAGE}"
  VERBATIM)
add_custom_target(tinymlkit_js_package ALL DEPENDS ${stamp})
