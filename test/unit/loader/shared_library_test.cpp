// The shared loader: soname candidates tried in order, errors naming the library, its purpose
// and the missing function, and a table loaded once with its first error remembered.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "base/loader/shared_library.hpp"

namespace plumb::loader {
namespace {

std::string load_error(std::initializer_list<const char*> sonames) {
  try {
    SharedLibrary library(sonames, "testing");
  } catch (const LoadError& error) {
    return error.what();
  }
  return "(loaded)";
}

TEST(SharedLibrary, ResolvesFunctionsOfTheFirstCandidateThatLoads) {
  SharedLibrary library({"libplumb-missing.so.1", "libc.so.6"}, "testing");
  EXPECT_EQ(library.soname(), "libc.so.6");
  decltype(&::strlen) length = nullptr;
  library.resolve("strlen", length);
  ASSERT_NE(length, nullptr);
  EXPECT_EQ(length("plumb"), 5u);
}

TEST(SharedLibrary, AMissingLibraryIsNamedWithItsPurpose) {
  const std::string error = load_error({"libplumb-missing.so.1"});
  EXPECT_TRUE(error.starts_with("cannot load libplumb-missing.so.1 (needed for testing): "))
      << error;
  EXPECT_NE(error.find("libplumb-missing.so.1: cannot open shared object file"), std::string::npos)
      << error;
}

TEST(SharedLibrary, EveryCandidateTriedIsNamed) {
  const std::string error = load_error({"libplumb-missing.so.1", "libplumb-missing.so"});
  EXPECT_TRUE(error.starts_with(
      "cannot load libplumb-missing.so.1 or libplumb-missing.so (needed for testing): "))
      << error;
}

TEST(SharedLibrary, AMissingFunctionIsNamedWithTheLibrary) {
  SharedLibrary library({"libc.so.6"}, "testing");
  void (*function)() = nullptr;
  try {
    library.resolve("plumb_no_such_function", function);
    FAIL() << "resolved a function that does not exist";
  } catch (const LoadError& error) {
    EXPECT_STREQ(error.what(), "cannot find plumb_no_such_function in libc.so.6");
  }
  EXPECT_EQ(function, nullptr);
}

int loads = 0;

int load_failing() {
  ++loads;
  SharedLibrary library({"libplumb-missing.so.1"}, "testing");
  return 1;
}

TEST(LoadedOnce, RemembersTheFirstErrorWithoutLoadingAgain) {
  const LoadedOnce<int> loaded(&load_failing);
  for (int i = 0; i < 2; ++i) {
    try {
      loaded.get();
      FAIL() << "got a table that could not be loaded";
    } catch (const LoadError& error) {
      EXPECT_TRUE(std::string(error.what()).starts_with("cannot load libplumb-missing.so.1"));
    }
  }
  EXPECT_EQ(loads, 1);
}

int load_value() {
  return 42;
}

TEST(LoadedOnce, ReturnsTheSameTable) {
  const LoadedOnce<int> loaded(&load_value);
  EXPECT_EQ(loaded.get(), 42);
  EXPECT_EQ(&loaded.get(), &loaded.get());
}

}  // namespace
}  // namespace plumb::loader
