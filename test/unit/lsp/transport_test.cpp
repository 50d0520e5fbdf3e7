// The transport's framing (transport.hpp) over a pipe: messages split across writes, several
// in one write, malformed headers and bodies skipped with a report, time-outs and the end.
#include <gtest/gtest.h>
#include <unistd.h>

#include "compiler/lsp/transport.hpp"

namespace plumb::lsp {
namespace {

class TransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(pipe(in_), 0);
    ASSERT_EQ(pipe(out_), 0);
  }
  void TearDown() override {
    for (int fd : {in_[0], in_[1], out_[0], out_[1]})
      if (fd >= 0) close(fd);
  }
  void feed(const std::string& bytes) {
    ASSERT_EQ(write(in_[1], bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }
  static std::string framed(const std::string& body) {
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }
  int in_[2] = {-1, -1};
  int out_[2] = {-1, -1};
};

constexpr std::chrono::milliseconds kShort{20};

TEST_F(TransportTest, SplitAndJoinedMessages) {
  Transport transport(in_[0], out_[1]);
  std::string two = framed(R"({"a":1})") + framed(R"({"b":2})");
  feed(two.substr(0, 10));
  EXPECT_EQ(transport.next(kShort).status, Transport::Status::Timeout);
  feed(two.substr(10));
  auto first = transport.next(kShort);
  ASSERT_EQ(first.status, Transport::Status::Message);
  EXPECT_EQ(first.message["a"], 1);
  auto second = transport.next(kShort);
  ASSERT_EQ(second.status, Transport::Status::Message);
  EXPECT_EQ(second.message["b"], 2);
}

TEST_F(TransportTest, MalformedThenGood) {
  Transport transport(in_[0], out_[1]);
  feed("Content-Length: x\r\n\r\n" + framed("{oops") + "content-length:  7 \r\n\r\n{\"c\":3}");
  auto bad_header = transport.next(kShort);
  EXPECT_EQ(bad_header.status, Transport::Status::Malformed);
  EXPECT_EQ(bad_header.problem, "a message without a valid Content-Length header");
  auto bad_json = transport.next(kShort);
  EXPECT_EQ(bad_json.status, Transport::Status::Malformed);
  EXPECT_EQ(bad_json.problem, "the message is not valid JSON");
  auto good = transport.next(kShort);
  ASSERT_EQ(good.status, Transport::Status::Message);
  EXPECT_EQ(good.message["c"], 3);
}

TEST_F(TransportTest, OverLongBodyIsSkipped) {
  Transport transport(in_[0], out_[1]);
  feed("Content-Length: 99999999999\r\n\r\nxyz");
  auto incoming = transport.next(kShort);
  EXPECT_EQ(incoming.status, Transport::Status::Malformed);
  EXPECT_EQ(incoming.problem, "a message of 99999999999 bytes, over the 64 MiB limit");
}

TEST_F(TransportTest, HeaderWithoutEnd) {
  Transport transport(in_[0], out_[1]);
  feed(std::string(kMaxHeaderBytes + 1, 'h'));
  EXPECT_EQ(transport.next(kShort).status, Transport::Status::Malformed);
}

TEST_F(TransportTest, EndOfInput) {
  Transport transport(in_[0], out_[1]);
  feed(framed("{}") + "Content-Le");
  close(in_[1]);
  in_[1] = -1;
  EXPECT_EQ(transport.next(kShort).status, Transport::Status::Message);
  EXPECT_EQ(transport.next(kShort).status, Transport::Status::Closed);
  EXPECT_EQ(transport.next(std::nullopt).status, Transport::Status::Closed);
}

TEST_F(TransportTest, SendFrames) {
  Transport transport(in_[0], out_[1]);
  ASSERT_TRUE(transport.send({{"x", "é"}}));
  char buffer[64] = {};
  ssize_t n = read(out_[0], buffer, sizeof buffer);
  EXPECT_EQ(std::string(buffer, static_cast<std::size_t>(n)),
            "Content-Length: 10\r\n\r\n{\"x\":\"é\"}");
}

}  // namespace
}  // namespace plumb::lsp
