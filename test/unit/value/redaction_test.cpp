// Which keys count as secret (words, joined patterns, measure words, plurals), configured
// patterns, and redacted copies of values at any depth.
#include <gtest/gtest.h>

#include <plumb/json.hpp>

#include "base/value/redaction.hpp"

namespace plumb {
namespace {

TEST(Redaction, SecretLikeKeys) {
  const Redactor& r = Redactor::standard();
  for (const char* key : {"token",
                          "password",
                          "DB_PASSWORD",
                          "passwd",
                          "passphrase",
                          "secret",
                          "client_secret",
                          "clientSecret",
                          "access_token",
                          "access-token",
                          "accessToken",
                          "AccessToken",
                          "accesstoken",
                          "refresh_token",
                          "id_token",
                          "session_token",
                          "csrf-token",
                          "api_key",
                          "api-key",
                          "apiKey",
                          "APIKey",
                          "API_KEY",
                          "APIKEY",
                          "apikey",
                          "x-api-key",
                          "X-Api-Key",
                          "api_keys",
                          "authorization",
                          "Authorization",
                          "proxy-authorization",
                          "auth",
                          "cookie",
                          "Set-Cookie",
                          "cookies",
                          "private_key",
                          "privateKey",
                          "aws_secret_access_key",
                          "AWSAccessKeyId",
                          "credentials",
                          "bearer",
                          "jwt",
                          "password2",
                          "token_1",
                          "my.token",
                          "oauth2Token",
                          "secrets",
                          "passwords",
                          "db.password",
                          "user_password_hash"}) {
    EXPECT_TRUE(r.secret(key)) << key;
  }
}

// Issue 17, item 2: GenAI token counts were exported as "[REDACTED]".
TEST(Redaction, UsageCountersAreNotSecrets) {
  const Redactor& r = Redactor::standard();
  for (const char* key : {"gen_ai.usage.input_tokens",
                          "gen_ai.usage.output_tokens",
                          "gen_ai.request.max_tokens",
                          "gen_ai.token.type",
                          "gen_ai.client.token.usage",
                          "max_tokens",
                          "maxTokens",
                          "tokens",
                          "token_count",
                          "tokenCount",
                          "TOKEN_COUNT",
                          "token.count",
                          "num_tokens",
                          "total_tokens",
                          "prompt_tokens",
                          "completion_tokens",
                          "plumb_llm_tokens_total",
                          "token_limit",
                          "token_usage",
                          "token_type",
                          "password_length",
                          "secret_count",
                          "tokenizer",
                          "tokenize",
                          "secretary",
                          "passwordless",
                          "keyboard",
                          "key",
                          "cache_key",
                          "monkey",
                          "author",
                          "authority",
                          "oauth",
                          "user",
                          "model",
                          "plumb.node",
                          "code.file.path",
                          ""}) {
    EXPECT_FALSE(r.secret(key)) << key;
  }
}

TEST(Redaction, MeasureWordsOnlyExcuseTheMatchBeforeThem) {
  const Redactor& r = Redactor::standard();
  EXPECT_FALSE(r.secret("token_count"));
  EXPECT_TRUE(r.secret("token_count_password"));  // the second match stands
  EXPECT_TRUE(r.secret("count_token"));           // a measure word before does not count
  EXPECT_TRUE(r.secret("token__"));               // separators after the last word
  EXPECT_TRUE(r.secret("api_key_id"));
}

TEST(Redaction, ConfiguredPatternsReplaceOrExtendDefaults) {
  Redactor only({"ssn"});
  EXPECT_TRUE(only.secret("customer_SSN"));
  EXPECT_TRUE(only.secret("ssnValue"));
  EXPECT_FALSE(only.secret("password"));
  EXPECT_FALSE(Redactor(std::vector<std::string>{}).secret("password"));

  Redactor replaced = Redactor::from_list("ssn,iban");
  EXPECT_TRUE(replaced.secret("iban"));
  EXPECT_FALSE(replaced.secret("password"));
  Redactor extended = Redactor::from_list("+ssn,,iban");
  EXPECT_TRUE(extended.secret("iban"));
  EXPECT_TRUE(extended.secret("ssn"));
  EXPECT_TRUE(extended.secret("password"));
  EXPECT_TRUE(Redactor::from_list("Bank-Account").secret("bankAccount"));
}

TEST(Redaction, LongKeysAreCheckedWhole) {
  const Redactor& r = Redactor::standard();
  const std::string padding(300, 'x');
  EXPECT_TRUE(r.secret(padding + "-Api-Key"));
  EXPECT_TRUE(r.secret("PASSWORD_" + padding));
  EXPECT_FALSE(r.secret("PASSWORD" + padding));  // one word that is not `password`
  EXPECT_FALSE(r.secret(padding + "-model"));
  EXPECT_TRUE(r.secret("pass_passWD"));  // words `pass`, `pass`, `wd`: the last two spell passwd
}

TEST(Redaction, FieldsOfAnyDepth) {
  const Redactor& r = Redactor::standard();
  const Value value =
      parse_json(R"({"user":"ann","auth":{"api_key":"k1","nested":[{"password":"p"},{"ok":1}]},)"
                 R"("list":[[{"refresh_token":"t"}]],"url":"https://u:pw@h/x?token=abc&a=1"})");
  EXPECT_EQ(
      r.redacted(value),
      parse_json(R"({"user":"ann","auth":"[REDACTED]","list":[[{"refresh_token":"[REDACTED]"}]],)"
                 R"("url":"https://REDACTED:REDACTED@h/x?token=REDACTED&a=1"})"));
  EXPECT_EQ(r.field("config", parse_json(R"({"nested":{"secret":1}})")),
            parse_json(R"({"nested":{"secret":"[REDACTED]"}})"));
  EXPECT_EQ(to_json(r.field("client_secret", Value::integer(3))), R"("[REDACTED]")");
}

TEST(Redaction, UnchangedValuesAreShared) {
  const Redactor& r = Redactor::standard();
  const Value value = parse_json(R"({"a":[1,2,{"b":"c"}],"d":"e"})");
  EXPECT_EQ(r.redacted(value).object(), value.object());
  const Value text = Value::string("plain");
  EXPECT_EQ(r.redacted(text).object(), text.object());
}

TEST(Redaction, DeepValuesNeedNoStack) {
  Value value = Value::record(
      std::vector<std::pair<std::string_view, Value>>{{"password", Value::string("p")}});
  for (int i = 0; i < 200000; ++i) {
    Value wrapped[] = {value};
    value = Value::list(std::span<const Value>(wrapped));
  }
  Value redacted = Redactor::standard().redacted(value);
  const Value* inner = &redacted;
  while (inner->is_list())
    inner = &inner->as_list()[0];
  EXPECT_EQ(*inner->find_field("password"), Value::string("[REDACTED]"));
}

}  // namespace
}  // namespace plumb
