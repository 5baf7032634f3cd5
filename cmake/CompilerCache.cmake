# Compiles through ccache when the machine has it (scripts/setup installs it), so that a build
# folder made anew, a second clone or CI's run after a session's own compile only what changed.
# The settings make a clone's objects serve another clone of the same sources:
# - CCACHE_BASEDIR: ccache hashes the paths under the source folder as relative ones;
# - CCACHE_NOHASHDIR: the sanitized build's line tables name the build folder, which would
#   otherwise keep each clone's objects apart (a cached object's tables may name the clone that
#   compiled it first, which only a stack trace's file names show);
# - CCACHE_SLOPPINESS: the test files share a precompiled header, which ccache caches only so.
# clang's precompiled headers (the sanitized build's) hold the clone's absolute paths, so every file
# that used one missed the cache in another clone (116 of 118 compiles): with ccache they are off
# there. From nothing, that build then took 168 s against 129-153 s; from the cache, 17 s against
# 124 s.
# -DTMK_CCACHE=OFF compiles without it.
option(TMK_CCACHE "Compile through ccache when it is installed" ON)
find_program(TMK_CCACHE_PROGRAM ccache)
if(TMK_CCACHE AND TMK_CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(tmk_compiler_launcher
      ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=1
      CCACHE_SLOPPINESS=pch_defines,time_macros ${TMK_CCACHE_PROGRAM})
  set(CMAKE_C_COMPILER_LAUNCHER ${tmk_compiler_launcher})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${tmk_compiler_launcher})
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    set(CMAKE_DISABLE_PRECOMPILE_HEADERS ON)
  endif()
endif()
