// Credentials out of URLs (user information, secret query and fragment parameters), URLs in
// free text, and secret values scrubbed from text and values.
#include <gtest/gtest.h>

#include <plumb/json.hpp>

#include "base/value/redaction.hpp"

namespace plumb {
namespace {

TEST(UrlRedaction, UserInformation) {
  EXPECT_EQ(redacted_url("http://user:pw@collector:4318"),
            "http://REDACTED:REDACTED@collector:4318");
  EXPECT_EQ(redacted_url("https://ghp_abc123@github.com/x"), "https://REDACTED@github.com/x");
  EXPECT_EQ(redacted_url("https://a:b@c@host/p@q"), "https://REDACTED:REDACTED@host/p@q");
  EXPECT_EQ(redacted_url("http://host:9091/metrics"), "http://host:9091/metrics");
}

TEST(UrlRedaction, SecretParameters) {
  EXPECT_EQ(redacted_url("http://h/v1/traces?token=abc&x=1&Signature=s&sig=2&key=k"),
            "http://h/v1/traces?token=REDACTED&x=1&Signature=REDACTED&sig=REDACTED&key=REDACTED");
  EXPECT_EQ(redacted_url("https://s3/b?X-Amz-Credential=c&X-Amz-Security-Token=t&AWSAccessKeyId=i"),
            "https://s3/b?X-Amz-Credential=REDACTED&X-Amz-Security-Token=REDACTED&"
            "AWSAccessKeyId=REDACTED");
  EXPECT_EQ(redacted_url("http://h/?api%5Fkey=1;access_token=2&max_tokens=3&flag&=4"),
            "http://h/?api%5Fkey=REDACTED;access_token=REDACTED&max_tokens=3&flag&=4");
  // OAuth's implicit flow puts the token in the fragment.
  EXPECT_EQ(redacted_url("https://app/cb#access_token=t&state=s"),
            "https://app/cb#access_token=REDACTED&state=s");
  EXPECT_EQ(redacted_url("http://influx:8086/write?db=x&u=me&p=pw"),
            "http://influx:8086/write?db=x&u=me&p=REDACTED");
  EXPECT_EQ(redacted_url("https://example.com/a?b"), "https://example.com/a?b");
  EXPECT_EQ(redacted_url("collector:4318/v1?token=x"), "collector:4318/v1?token=REDACTED");
  EXPECT_EQ(redacted_url(""), "");
}

TEST(UrlRedaction, UrlsInText) {
  EXPECT_FALSE(mentions_url("no links here: a=b?token=1"));
  EXPECT_EQ(redact_urls("push to http://u:p@gw:9091/x?token=t failed (see https://doc/a?b=1)."),
            "push to http://REDACTED:REDACTED@gw:9091/x?token=REDACTED failed (see "
            "https://doc/a?b=1).");
  EXPECT_EQ(redact_urls(R"({"u":"https://h/?key=k","v":"s3://b:s@x"})"),
            R"({"u":"https://h/?key=REDACTED","v":"s3://REDACTED:REDACTED@x"})");
  EXPECT_EQ(redact_urls("odd ://?token=1 and x://"), "odd ://?token=1 and x://");
}

TEST(SecretValues, ScrubbedFromTextAndValues) {
  const std::vector<std::string> secrets = {"hunter22", "abc"};
  std::string text = "pw=hunter22, again hunter22hunter22; abc stays";
  EXPECT_TRUE(scrub_secrets(text, secrets));
  EXPECT_EQ(text, "pw=[REDACTED], again [REDACTED][REDACTED]; abc stays");
  std::string clean = "nothing";
  EXPECT_FALSE(scrub_secrets(clean, secrets));

  const Value value = parse_json(R"({"h":["Bearer hunter22",1],"k":"x"})");
  EXPECT_EQ(scrub_secrets(value, secrets), parse_json(R"({"h":["Bearer [REDACTED]",1],"k":"x"})"));
  const Value untouched = parse_json(R"({"k":"x"})");
  EXPECT_EQ(scrub_secrets(untouched, secrets).object(), untouched.object());
}

}  // namespace
}  // namespace plumb
