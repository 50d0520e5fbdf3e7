# Finds every third-party dependency. All of them come from Debian 12 packages; tools/setup.sh
# installs them. Nothing is downloaded at build time.
find_package(pegtl 3.2 REQUIRED CONFIG)
find_package(nlohmann_json 3 REQUIRED CONFIG)
find_package(CLI11 REQUIRED CONFIG)
find_package(spdlog REQUIRED CONFIG)
find_package(TBB REQUIRED CONFIG)
find_package(CURL REQUIRED)
# CivetWeb's header only: the library is loaded with dlopen when a server starts.
find_path(CIVETWEB_INCLUDE_DIR civetweb.h REQUIRED)
find_package(SQLite3 REQUIRED)
# libpq's header only (libpq-dev): the run store loads libpq.so.5 with dlopen when needed.
find_path(PLUMB_LIBPQ_INCLUDE_DIR libpq-fe.h PATH_SUFFIXES postgresql REQUIRED)
# xxhash.h (libxxhash-dev), compiled inline: content hashes of the run store.
find_path(PLUMB_XXHASH_INCLUDE_DIR xxhash.h REQUIRED)
# toml++ (libtomlplusplus-dev), used header-only in the one file that reads plumb.toml: no
# shared library for every start of plumb to load.
find_path(PLUMB_TOMLPP_INCLUDE_DIR toml++/toml.h REQUIRED)
find_package(Threads REQUIRED)
# Debian's python3, which python3-dev and python3-pytest belong to, unless -DPython3_EXECUTABLE
# names another: a pyenv or virtualenv python3 earlier on PATH would otherwise be found first
# and the module built for headers that are not its own.
if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH
      "the Python interpreter the module is built for and the tests run with")
endif()
if(PLUMB_BUILD_PYTHON)
  find_package(Python3 REQUIRED COMPONENTS Interpreter Development.Module)
  find_package(pybind11 2.10 REQUIRED CONFIG)
else()
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
endif()
find_package(LLVM 16 REQUIRED CONFIG)
# RE2 (text.regex_*, quality.check): Debian's libre2-dev has a pkg-config file, no CMake package.
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET GLOBAL re2)
# OTLP: gRPC for the module loaded on first use (runtime/telemetry/grpc/); protoc and
# grpc_cpp_plugin compile the OTLP .proto files for the tests (runtime/telemetry/proto/).
find_package(gRPC REQUIRED CONFIG)
find_package(Protobuf REQUIRED)
find_program(PLUMB_GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)
if(PLUMB_BUILD_TESTS)
  find_package(GTest REQUIRED CONFIG)
endif()
if(PLUMB_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED CONFIG)
endif()
