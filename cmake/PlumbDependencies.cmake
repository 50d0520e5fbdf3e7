# Finds every third-party dependency. All of them come from Debian 12 packages; tools/setup.sh
# installs them. Nothing is downloaded at build time.
find_package(pegtl 3.2 REQUIRED CONFIG)
find_package(nlohmann_json 3 REQUIRED CONFIG)
find_package(CLI11 REQUIRED CONFIG)
find_package(spdlog REQUIRED CONFIG)
find_package(TBB REQUIRED CONFIG)
find_package(CURL REQUIRED)
find_package(SQLite3 REQUIRED)
# libpq's header only (libpq-dev): the run store loads libpq.so.5 with dlopen when needed.
find_path(PLUMB_LIBPQ_INCLUDE_DIR libpq-fe.h PATH_SUFFIXES postgresql REQUIRED)
# xxhash.h (libxxhash-dev), compiled inline: content hashes of the run store.
find_path(PLUMB_XXHASH_INCLUDE_DIR xxhash.h REQUIRED)
find_package(Threads REQUIRED)
find_package(Python3 REQUIRED COMPONENTS Interpreter)
find_package(LLVM 16 REQUIRED CONFIG)
if(PLUMB_BUILD_TESTS)
  find_package(GTest REQUIRED CONFIG)
endif()
if(PLUMB_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED CONFIG)
endif()
