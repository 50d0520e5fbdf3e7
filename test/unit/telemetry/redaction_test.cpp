// Which keys count as secret, and that configured patterns replace the defaults.
#include <gtest/gtest.h>

#include "runtime/telemetry/redaction.hpp"

namespace plumb::telemetry {
namespace {

TEST(Redaction, DefaultPatterns) {
  Redactor r;
  for (const char* key : {"password", "DB_PASSWORD", "client_secret", "access-token", "api_key",
                          "X-Api-Key", "apikey", "Authorization", "passwd"}) {
    EXPECT_TRUE(r.secret(key)) << key;
  }
  for (const char* key : {"user", "model", "tokens_in_total_count_x"}) {
    EXPECT_EQ(r.secret(key), std::string(key).find("token") != std::string::npos) << key;
  }
}

TEST(Redaction, ConfiguredPatternsReplaceDefaults) {
  Redactor r({"ssn"});
  EXPECT_TRUE(r.secret("customer_SSN"));
  EXPECT_FALSE(r.secret("password"));
  EXPECT_FALSE(Redactor(std::vector<std::string>{}).secret("password"));
}

TEST(Redaction, PatternsMatchAnywhereAfterPartialMatches) {
  Redactor r;
  EXPECT_TRUE(r.secret("pass_passWD"));
  EXPECT_TRUE(r.secret("apiapi-KEY"));
  EXPECT_TRUE(r.secret("my_token"));
  EXPECT_FALSE(r.secret("passwor"));
  EXPECT_FALSE(r.secret("tok"));
  EXPECT_FALSE(r.secret(""));
  EXPECT_FALSE(r.secret("plumb.node"));
  EXPECT_FALSE(r.secret("code.file.path"));
}

TEST(Redaction, LongKeysAreCheckedWhole) {
  Redactor r;
  const std::string padding(300, 'x');
  EXPECT_TRUE(r.secret(padding + "-Api-Key"));
  EXPECT_TRUE(r.secret("PASSWORD" + padding));
  EXPECT_FALSE(r.secret(padding + "-model"));
}

}  // namespace
}  // namespace plumb::telemetry
