// libcurl loaded on demand: one table for the process, every function resolved and callable,
// and errors that name the library and the missing function.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/curl/library.hpp"

namespace plumb::curl {
namespace {

TEST(CurlLibrary, LoadsOnceForAllThreads) {
  std::vector<const Library*> seen(4);
  std::vector<std::thread> threads;
  for (auto& slot : seen)
    threads.emplace_back([&slot] { slot = &library(); });
  for (auto& thread : threads)
    thread.join();
  for (const Library* each : seen)
    EXPECT_EQ(each, &library());
}

TEST(CurlLibrary, ResolvesCallableFunctions) {
  const Library& lib = library();
  char* escaped = lib.easy_escape(nullptr, "a b/c", 5);
  ASSERT_NE(escaped, nullptr);
  EXPECT_EQ(std::string(escaped), "a%20b%2Fc");
  lib.free(escaped);

  std::unique_ptr<CURLU, decltype(lib.url_cleanup)> url(lib.url(), lib.url_cleanup);
  ASSERT_EQ(lib.url_set(url.get(), CURLUPART_URL, "https://example.org:8443/x?y=1", 0), CURLUE_OK);
  char* port = nullptr;
  ASSERT_EQ(lib.url_get(url.get(), CURLUPART_PORT, &port, 0), CURLUE_OK);
  EXPECT_EQ(std::string(port), "8443");
  lib.free(port);
  EXPECT_STREQ(lib.url_strerror(CURLUE_OK), "No error");

  CURL* handle = lib.easy_init();
  ASSERT_NE(handle, nullptr);
  EXPECT_EQ(lib.easy_setopt(handle, CURLOPT_URL, "http://127.0.0.1:1/"), CURLE_OK);
  lib.easy_cleanup(handle);
  EXPECT_EQ(lib.getdate("Sun, 06 Nov 1994 08:49:37 GMT", nullptr), 784111777);
}

TEST(CurlLibrary, AMissingLibraryIsNamedInTheError) {
  try {
    load_library("libcurl-missing.so.4");
    FAIL() << "loaded a library that does not exist";
  } catch (const LoadError& error) {
    EXPECT_TRUE(std::string(error.what())
                    .starts_with("cannot load libcurl-missing.so.4 (needed for http): "))
        << error.what();
  }
}

TEST(CurlLibrary, ALibraryWithoutCurlNamesTheMissingFunction) {
  try {
    load_library("libz.so.1");
    FAIL() << "libz has no curl functions";
  } catch (const LoadError& error) {
    EXPECT_STREQ(error.what(), "cannot find curl_global_init in libz.so.1");
  }
}

}  // namespace
}  // namespace plumb::curl
