#include "compiler/frontend/json_reader.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

using ::testing::HasSubstr;

// Reads a whole document, returning the error ("" when valid).
std::string Check(const std::string& text, int max_depth = 64) {
  JsonReader json(text, max_depth);
  if (json.SkipValue() && json.Finish()) return "";
  return json.error();
}

TEST(JsonReaderTest, StringsDecodeEscapesAndSurrogates) {
  const std::string text =
      R"(["plain", "a\"b\\c\/d\n\t", "\u0041\u00e9\u20ac", "\ud83d\ude00x",)"
      "\"caf\xc3\xa9\"]";
  JsonReader json(text, 8);
  JsonValue v;
  ASSERT_TRUE(json.ReadValue(&v));
  ASSERT_EQ(v.kind, JsonKind::kArray);
  std::vector<std::string> got;
  while (json.NextElement()) {
    ASSERT_TRUE(json.ReadValue(&v));
    ASSERT_EQ(v.kind, JsonKind::kString);
    got.emplace_back(v.text);
  }
  ASSERT_FALSE(json.failed()) << json.error();
  EXPECT_TRUE(json.Finish());
  EXPECT_EQ(got, (std::vector<std::string>{
                     "plain", "a\"b\\c/d\n\t", "A\xc3\xa9\xe2\x82\xac",
                     "\xf0\x9f\x98\x80x", "caf\xc3\xa9"}));
}

TEST(JsonReaderTest, NumbersKeepTheirForm) {
  JsonReader json("[0, 18446744073709551615, -5, 18446744073709551616, 1.5]",
                  8);
  JsonValue v;
  ASSERT_TRUE(json.ReadValue(&v));
  std::vector<JsonValue> n;
  while (json.NextElement()) {
    ASSERT_TRUE(json.ReadValue(&v));
    n.push_back(v);
  }
  ASSERT_EQ(n.size(), 5u);
  EXPECT_EQ(n[0].number_form, JsonValue::NumberForm::kUnsigned);
  EXPECT_EQ(n[1].unsigned_value, UINT64_MAX);
  EXPECT_EQ(n[2].number_form, JsonValue::NumberForm::kNegative);
  EXPECT_EQ(n[3].number_form, JsonValue::NumberForm::kFloat);
  EXPECT_EQ(n[4].text, "1.5");
}

TEST(JsonReaderTest, PositionsCountLinesAndColumns) {
  JsonReader json("{\n  \"a\": [1,\n    true]}", 8);
  JsonValue v;
  std::string_view key;
  JsonPosition at;
  ASSERT_TRUE(json.ReadValue(&v));
  ASSERT_TRUE(json.NextMember(&key, &at));
  EXPECT_EQ(key, "a");
  EXPECT_EQ(at.line, 2);
  EXPECT_EQ(at.column, 3);
  ASSERT_TRUE(json.ReadValue(&v));
  ASSERT_TRUE(json.NextElement());
  ASSERT_TRUE(json.ReadValue(&v));
  ASSERT_TRUE(json.NextElement());
  ASSERT_TRUE(json.ReadValue(&v));
  EXPECT_EQ(v.kind, JsonKind::kTrue);
  EXPECT_EQ(v.at.line, 3);
  EXPECT_EQ(v.at.column, 5);
}

TEST(JsonReaderTest, RefusesWhatIsNotStrictJson) {
  for (const char* bad : {"",
                          "[1,]",
                          "{\"a\":1,}",
                          "[01]",
                          "[+1]",
                          "[.5]",
                          "[1.]",
                          "[1e]",
                          "[NaN]",
                          "[Infinity]",
                          "[\"a\nb\"]",
                          "[\"\\x\"]",
                          "[\"\\ud800\"]",
                          "[\"\\udc00\"]",
                          "[\"\xff\"]",
                          "[\"\xc0\xaf\"]",
                          "[1] 2",
                          "{1:2}",
                          "[1e400]",
                          "{\"a\" 1}",
                          "[\"unterminated"}) {
    EXPECT_THAT(Check(bad), HasSubstr("invalid JSON")) << bad;
  }
}

TEST(JsonReaderTest, DuplicateKeysEvenThroughEscapesAndManyKeys) {
  EXPECT_THAT(Check(R"({"ab":1,"\u0061b":2})"),
              HasSubstr("duplicate key \"ab\""));
  std::string many = "{";
  for (int i = 0; i < 100; ++i) many += "\"k" + std::to_string(i) + "\":0,";
  EXPECT_EQ(Check(many + "\"x\":1}"), "");
  EXPECT_THAT(Check(many + "\"k50\":1}"), HasSubstr("duplicate key \"k50\""));
}

// Keys are kept as views: a key decoded from escapes must outlive the
// buffer it was decoded into (the next escaped key reuses it).
TEST(JsonReaderTest, EscapedKeysStayKnownAfterLaterEscapedKeys) {
  EXPECT_THAT(Check(R"({"\u0061b":1,"\u0063d":2,"ab":3})"),
              HasSubstr("duplicate key \"ab\""));
  std::string many = "{";
  for (int i = 0; i < 40; ++i) {
    many += "\"\\u006b" + std::to_string(i) + "\":0,";
  }
  EXPECT_EQ(Check(many + "\"x\":1}"), "");
  EXPECT_THAT(Check(many + "\"k3\":1}"), HasSubstr("duplicate key \"k3\""));
  EXPECT_THAT(Check(many + "\"k39\":1}"), HasSubstr("duplicate key \"k39\""));
}

// The reader's frames grow when a value first nests deeper; the escaped
// keys of the outer objects must survive that (found by the parser
// fuzzer: a view into a frame's moved storage).
TEST(JsonReaderTest, EscapedKeysSurviveDeeperNesting) {
  EXPECT_THAT(
      Check(R"({"\u0061b":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]],"ab":2})"),
      HasSubstr("duplicate key \"ab\""));
}

TEST(JsonReaderTest, DepthLimitAndDrain) {
  EXPECT_THAT(Check("[[[[1]]]]", 3), HasSubstr("nesting deeper than 3"));
  EXPECT_EQ(Check("[[[1]]]", 3), "");
  // A caller that stops early still gets the syntax error further on.
  JsonReader json("{\"a\": [1, 2], \"b\": [3,, 4]}", 8);
  JsonValue v;
  std::string_view key;
  JsonPosition at;
  ASSERT_TRUE(json.ReadValue(&v));
  ASSERT_TRUE(json.NextMember(&key, &at));
  EXPECT_FALSE(json.Drain());
  EXPECT_THAT(json.error(), HasSubstr("invalid JSON"));
  EXPECT_EQ(json.error_at().column, 23);  // the second comma
}

}  // namespace
}  // namespace seccompc
