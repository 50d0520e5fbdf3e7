# Helpers that give every target of the project the same flags: C++20, warnings as errors in
# the project's own code (third-party headers are included as system headers), and the
# sanitizers selected with -DPLUMB_SANITIZE=address,undefined or =thread (which also turn on the
# PLUMB_DCHECK invariant checks).
set(PLUMB_WARNINGS -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wcast-align
    -Wunused -Woverloaded-virtual -Wimplicit-fallthrough -Wno-missing-field-initializers -Werror)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports false positives in standard headers at -O2 (GCC bugs 105651, 106199).
  list(APPEND PLUMB_WARNINGS -Wno-restrict -Wno-maybe-uninitialized -Wno-array-bounds
       -Wno-stringop-overflow -Wno-dangling-reference)
endif()
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  # Clang spells GCC's -Wshadow=local differently.
  list(TRANSFORM PLUMB_WARNINGS REPLACE "^-Wshadow=local$" "-Wshadow-uncaptured-local")
endif()

function(plumb_apply_flags target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:${PLUMB_WARNINGS}>)
  if(PLUMB_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${PLUMB_SANITIZE} -fno-omit-frame-pointer
                           -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${PLUMB_SANITIZE})
    # PLUMB_DCHECK is on in sanitizer builds whatever the build type (base/invariant/check.hpp).
    target_compile_definitions(${target} PRIVATE PLUMB_SANITIZED_BUILD)
  endif()
  if(PLUMB_FUZZ)
    # Coverage instrumentation for libFuzzer; the fuzz targets themselves link -fsanitize=fuzzer.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()

# plumb_library(NAME folder-name SOURCES ... DEPS ...) defines plumb_<name> with alias
# plumb::<name>; headers are included from the repository root ("compiler/parse/parser.hpp").
# Public headers: <plumb/value.hpp> and the rest of the base layer's (base/include) for every
# library; the embedding API's (runtime/include: <plumb/plumb.hpp>, <plumb/observer.hpp>) only
# for the runtime's own libraries, so the layers below it cannot include them.
function(plumb_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(plumb_${name} STATIC ${ARG_SOURCES})
  add_library(plumb::${name} ALIAS plumb_${name})
  target_include_directories(plumb_${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/base/include>
    $<INSTALL_INTERFACE:include>)
  file(RELATIVE_PATH folder ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  if(folder MATCHES "^runtime/")
    target_include_directories(plumb_${name} PUBLIC
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/runtime/include>)
  endif()
  target_link_libraries(plumb_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  set_target_properties(plumb_${name} PROPERTIES EXPORT_NAME ${name})
  plumb_apply_flags(plumb_${name})
  install(TARGETS plumb_${name} EXPORT plumbTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
endfunction()

# Programs link only the shared libraries they call: LLVM's imported targets name libz3, which
# OrcJIT never calls, and loading it would cost every start-up.
function(plumb_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  target_link_options(${name} PRIVATE LINKER:--as-needed)
  plumb_apply_flags(${name})
endfunction()
