// LSP positions (UTF-16 code units) and byte offsets, and file URIs (position.hpp, uri.hpp).
#include <gtest/gtest.h>

#include "compiler/lsp/position.hpp"
#include "compiler/lsp/uri.hpp"

namespace plumb::lsp {
namespace {

TEST(Position, Utf16CodeUnits) {
  // `é` is 2 bytes and 1 unit; `😀` is 4 bytes and 2 units.
  const std::string text = "ab\né😀x\n";
  LineIndex index(text);
  EXPECT_EQ(index.offset(text, {1, 0}), 3u);
  EXPECT_EQ(index.offset(text, {1, 1}), 5u);
  EXPECT_EQ(index.offset(text, {1, 3}), 9u);
  EXPECT_EQ(index.position(text, 9).character, 3u);
  EXPECT_EQ(index.position(text, 5).character, 1u);
  EXPECT_EQ(index.position(text, 9).line, 1u);
}

TEST(Position, ClampsPastTheEnd) {
  const std::string text = "ab\ncd";
  LineIndex index(text);
  EXPECT_EQ(index.offset(text, {0, 99}), 2u);  // the line's end
  EXPECT_EQ(index.offset(text, {9, 0}), 5u);   // the text's end
  EXPECT_EQ(index.position(text, 99).line, 1u);
  EXPECT_EQ(index.position(text, 99).character, 2u);
}

TEST(Uri, PercentEncodingBothWays) {
  EXPECT_EQ(path_from_uri("file:///tmp/a%20b/c.pipe"), "/tmp/a b/c.pipe");
  EXPECT_EQ(path_from_uri("file://host/x.pipe"), "/x.pipe");
  EXPECT_EQ(path_from_uri("file:///bad%2"), "/bad%2");
  EXPECT_EQ(uri_from_path("/tmp/a b/é.pipe"), "file:///tmp/a%20b/%C3%A9.pipe");
  EXPECT_EQ(uri_from_path(""), "file://");  // no path: no exception either
}

}  // namespace
}  // namespace plumb::lsp
