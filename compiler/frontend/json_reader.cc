#include "compiler/frontend/json_reader.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"

namespace seccompc {
namespace {

// Objects with more keys than this check duplicates with a hash set.
constexpr size_t kLinearKeys = 16;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The character a one-letter escape (\n, \", ...) stands for; '\0' for
// \u and for anything JSON does not allow after a backslash.
char OneLetterEscape(char letter) {
  switch (letter) {
    case '"':
    case '\\':
    case '/':
      return letter;
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
  }
  return '\0';
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// Length of the valid UTF-8 sequence of 2..4 bytes at s[0..n), 0 if none.
size_t Utf8Length(const unsigned char* s, size_t n) {
  const unsigned char c = s[0];
  size_t len = 0;
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
  } else {
    return 0;
  }
  if (len > n) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((s[k] & 0xc0) != 0x80) return 0;
  }
  // Overlong forms, surrogates and values past U+10FFFF.
  if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0) ||
      (c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90)) {
    return 0;
  }
  return len;
}

std::string Describe(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return absl::StrCat("'", std::string(1, c), "'");
  return absl::StrCat("byte 0x", absl::Hex(u, absl::kZeroPad2));
}

}  // namespace

JsonReader::JsonReader(std::string_view text, int max_depth)
    : text_(text), max_depth_(max_depth) {}

JsonPosition JsonReader::Here() const {
  JsonPosition p;
  p.offset = pos_;
  p.line = line_;
  p.column = static_cast<int>(pos_ - line_start_ + 1);
  return p;
}

void JsonReader::SkipWhitespace() {
  const char* const data = text_.data();
  const size_t n = text_.size();
  size_t p = pos_;
  while (p < n) {
    const char c = data[p];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++p;
    } else if (c == '\n') {
      ++p;
      ++line_;
      line_start_ = p;
    } else {
      break;
    }
  }
  pos_ = p;
}

bool JsonReader::Fail(size_t offset, std::string message) {
  if (failed_) return false;
  failed_ = true;
  error_ = std::move(message);
  // No newline can lie between the current line start and `offset` (both
  // are on the token being read).
  error_at_.offset = offset;
  error_at_.line = line_;
  error_at_.column = static_cast<int>(offset - line_start_ + 1);
  return false;
}

bool JsonReader::Syntax(size_t offset, std::string_view what) {
  return Fail(offset,
              absl::StrCat("invalid JSON: ",
                           absl::string_view(what.data(), what.size())));
}

bool JsonReader::ReadLiteral(std::string_view word) {
  if (text_.substr(pos_, word.size()) != word) {
    return Syntax(pos_, absl::StrCat("invalid literal; expected a value, got ",
                                     Describe(text_[pos_])));
  }
  pos_ += word.size();
  return true;
}

bool JsonReader::ReadString(std::string_view* out, std::string* buffer) {
  // At the opening quote.
  const char* const data = text_.data();
  const size_t n = text_.size();
  size_t p = pos_ + 1;
  const size_t start = p;
  bool escaped = false;
  for (;;) {
    // The common case: printable ASCII without quotes or escapes.
    const size_t run = p;
    while (p < n) {
      const unsigned char c = static_cast<unsigned char>(data[p]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
      ++p;
    }
    if (escaped) buffer->append(data + run, p - run);
    if (p >= n) return Syntax(n, "unterminated string");
    const unsigned char c = static_cast<unsigned char>(data[p]);
    if (c == '"') break;
    if (c < 0x20) {
      return Syntax(p, "control character in a string (escape it)");
    }
    if (c >= 0x80) {
      const size_t len =
          Utf8Length(reinterpret_cast<const unsigned char*>(data) + p, n - p);
      if (len == 0) return Syntax(p, "invalid UTF-8 in a string");
      if (escaped) buffer->append(data + p, len);
      p += len;
      continue;
    }
    // A backslash: from here on the string is decoded into `buffer`.
    if (!escaped) {
      escaped = true;
      buffer->assign(data + start, p - start);
    }
    if (p + 1 >= n) return Syntax(n, "unterminated string");
    const char e = data[p + 1];
    if (const char decoded = OneLetterEscape(e); decoded != '\0') {
      buffer->push_back(decoded);
      p += 2;
      continue;
    }
    if (e != 'u') return Syntax(p, "invalid escape in a string");
    auto hex4 = [&](size_t at, uint32_t* cp) {
      if (at + 4 > n) return false;
      uint32_t v = 0;
      for (size_t k = 0; k < 4; ++k) {
        const int h = HexValue(data[at + k]);
        if (h < 0) return false;
        v = v * 16 + static_cast<uint32_t>(h);
      }
      *cp = v;
      return true;
    };
    uint32_t cp = 0;
    if (!hex4(p + 2, &cp))
      return Syntax(p, "\\u must be followed by 4 hex digits");
    p += 6;
    if (cp >= 0xdc00 && cp <= 0xdfff) {
      return Syntax(p - 6, "lone low surrogate in a \\u escape");
    }
    if (cp >= 0xd800 && cp <= 0xdbff) {
      uint32_t low = 0;
      if (p + 1 >= n || data[p] != '\\' || data[p + 1] != 'u' ||
          !hex4(p + 2, &low) || low < 0xdc00 || low > 0xdfff) {
        return Syntax(p - 6, "high surrogate not followed by a low one");
      }
      cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
      p += 6;
    }
    AppendUtf8(cp, buffer);
  }
  if (escaped) {
    *out = *buffer;
  } else {
    *out = std::string_view(data + start, p - start);
  }
  pos_ = p + 1;
  return true;
}

bool JsonReader::ReadNumber(JsonValue* value) {
  const char* const data = text_.data();
  const size_t n = text_.size();
  const size_t start = pos_;
  size_t p = pos_;
  const bool negative = data[p] == '-';
  if (negative) ++p;
  if (p >= n || !IsDigit(data[p])) {
    return Syntax(p, "invalid number: a digit must follow '-'");
  }
  uint64_t magnitude = 0;
  bool overflow = false;
  if (data[p] == '0') {
    ++p;
  } else {
    while (p < n && IsDigit(data[p])) {
      const uint64_t d = static_cast<uint64_t>(data[p] - '0');
      if (magnitude > (UINT64_MAX - d) / 10) overflow = true;
      magnitude = magnitude * 10 + d;
      ++p;
    }
  }
  bool integer = true;
  if (p < n && data[p] == '.') {
    integer = false;
    ++p;
    if (p >= n || !IsDigit(data[p])) {
      return Syntax(p, "invalid number: a digit must follow '.'");
    }
    while (p < n && IsDigit(data[p])) ++p;
  }
  if (p < n && (data[p] == 'e' || data[p] == 'E')) {
    integer = false;
    ++p;
    if (p < n && (data[p] == '+' || data[p] == '-')) ++p;
    if (p >= n || !IsDigit(data[p])) {
      return Syntax(p, "invalid number: the exponent needs a digit");
    }
    while (p < n && IsDigit(data[p])) ++p;
  }
  value->kind = JsonKind::kNumber;
  value->text = std::string_view(data + start, p - start);
  pos_ = p;
  if (integer && !overflow && (!negative || magnitude <= (uint64_t{1} << 63))) {
    value->number_form = negative ? JsonValue::NumberForm::kNegative
                                  : JsonValue::NumberForm::kUnsigned;
    value->unsigned_value = negative ? 0 : magnitude;
    return true;
  }
  // Not an integer of 64 bits: a double, which must not overflow.
  value->number_form = JsonValue::NumberForm::kFloat;
  const std::string token(value->text);
  errno = 0;
  const double d = std::strtod(token.c_str(), nullptr);
  if (std::isinf(d)) {
    const std::string shown =
        token.size() > 60 ? token.substr(0, 60) + "..." : token;
    return Syntax(start, absl::StrCat("number overflow parsing '", shown, "'"));
  }
  return true;
}

bool JsonReader::OpenContainer(bool is_object, const JsonPosition& at) {
  if (depth_ >= static_cast<size_t>(max_depth_)) {
    return Fail(at.offset,
                absl::StrCat("nesting deeper than ", max_depth_, " levels"));
  }
  if (frames_.size() <= depth_) frames_.emplace_back();
  Frame& f = frames_[depth_++];
  f.is_object = is_object;
  f.count = 0;
  // Only what the last object at this depth used: clearing an empty
  // container is not free, and a deep array opens millions of frames.
  if (!f.keys.empty()) f.keys.clear();
  if (!f.many_keys.empty()) f.many_keys.clear();
  if (!f.escaped_keys.empty()) f.escaped_keys.clear();
  ++pos_;
  return true;
}

bool JsonReader::ReadValue(JsonValue* value) {
  if (failed_) return false;
  SkipWhitespace();
  expect_value_ = false;
  value->at = Here();
  if (pos_ >= text_.size()) return Syntax(pos_, "unexpected end of input");
  const char c = text_[pos_];
  switch (c) {
    case '{':
      value->kind = JsonKind::kObject;
      return OpenContainer(true, value->at);
    case '[':
      value->kind = JsonKind::kArray;
      return OpenContainer(false, value->at);
    case '"':
      value->kind = JsonKind::kString;
      return ReadString(&value->text, &buffer_);
    case 't':
      value->kind = JsonKind::kTrue;
      return ReadLiteral("true");
    case 'f':
      value->kind = JsonKind::kFalse;
      return ReadLiteral("false");
    case 'n':
      value->kind = JsonKind::kNull;
      return ReadLiteral("null");
    default:
      if (c == '-' || IsDigit(c)) return ReadNumber(value);
      return Syntax(pos_, absl::StrCat("expected a value, got ", Describe(c)));
  }
}

bool JsonReader::AddKey(std::string_view key, const JsonPosition& at) {
  Frame& f = frames_[depth_ - 1];
  bool duplicate = false;
  if (f.many_keys.empty()) {
    for (std::string_view k : f.keys) duplicate = duplicate || k == key;
  } else {
    duplicate = f.many_keys.contains(key);
  }
  if (!duplicate) {
    // A decoded key lives in key_buffer_ only until the next key.
    const auto address = reinterpret_cast<uintptr_t>(key.data());
    const auto input = reinterpret_cast<uintptr_t>(text_.data());
    const bool in_input = address >= input && address <= input + text_.size();
    if (!in_input) {
      f.escaped_keys.push_back(std::make_unique<std::string>(key));
      key = *f.escaped_keys.back();
    }
    if (f.many_keys.empty()) {
      f.keys.push_back(key);
      if (f.keys.size() > kLinearKeys) {
        f.many_keys.insert(f.keys.begin(), f.keys.end());
        f.keys.clear();
      }
    } else {
      f.many_keys.insert(key);
    }
  }
  if (duplicate) {
    Fail(at.offset, absl::StrCat("duplicate key \"", std::string(key), "\""));
    duplicate_key_ = true;
    return false;
  }
  return true;
}

bool JsonReader::NextMember(std::string_view* key, JsonPosition* at) {
  if (failed_) return false;
  Frame& f = frames_[depth_ - 1];
  SkipWhitespace();
  if (pos_ >= text_.size()) return Syntax(pos_, "unexpected end of input");
  if (text_[pos_] == '}' && f.count == 0) {
    ++pos_;
    --depth_;
    return false;
  }
  if (f.count > 0) {
    if (text_[pos_] == '}') {
      ++pos_;
      --depth_;
      return false;
    }
    if (text_[pos_] != ',') {
      return Syntax(pos_, absl::StrCat("expected ',' or '}', got ",
                                       Describe(text_[pos_])));
    }
    ++pos_;
    SkipWhitespace();
    if (pos_ >= text_.size()) return Syntax(pos_, "unexpected end of input");
  }
  if (text_[pos_] != '"') {
    return Syntax(pos_, absl::StrCat("expected a key string, got ",
                                     Describe(text_[pos_])));
  }
  *at = Here();
  if (!ReadString(key, &key_buffer_)) return false;
  if (!AddKey(*key, *at)) return false;
  SkipWhitespace();
  if (pos_ >= text_.size()) return Syntax(pos_, "unexpected end of input");
  if (text_[pos_] != ':') {
    return Syntax(pos_,
                  absl::StrCat("expected ':', got ", Describe(text_[pos_])));
  }
  ++pos_;
  ++frames_[depth_ - 1].count;
  expect_value_ = true;
  return true;
}

bool JsonReader::NextElement() {
  if (failed_) return false;
  Frame& f = frames_[depth_ - 1];
  SkipWhitespace();
  if (pos_ >= text_.size()) return Syntax(pos_, "unexpected end of input");
  if (text_[pos_] == ']') {
    ++pos_;
    --depth_;
    return false;
  }
  if (f.count > 0) {
    if (text_[pos_] != ',') {
      return Syntax(pos_, absl::StrCat("expected ',' or ']', got ",
                                       Describe(text_[pos_])));
    }
    ++pos_;
  }
  ++f.count;
  expect_value_ = true;
  return true;
}

bool JsonReader::SkipUntilDepth(size_t depth) {
  JsonValue v;
  std::string_view key;
  JsonPosition at;
  while (depth_ > depth) {
    const bool more =
        frames_[depth_ - 1].is_object ? NextMember(&key, &at) : NextElement();
    if (failed_) return false;
    if (more && !ReadValue(&v)) return false;
  }
  return true;
}

bool JsonReader::SkipRest(const JsonValue& value) {
  if (failed_) return false;
  if (value.kind != JsonKind::kObject && value.kind != JsonKind::kArray) {
    return true;
  }
  return SkipUntilDepth(depth_ - 1);
}

bool JsonReader::SkipValue() {
  JsonValue v;
  return ReadValue(&v) && SkipRest(v);
}

bool JsonReader::Finish() {
  if (failed_) return false;
  SkipWhitespace();
  if (pos_ < text_.size()) {
    return Syntax(pos_, absl::StrCat("unexpected ", Describe(text_[pos_]),
                                     " after the document"));
  }
  return true;
}

bool JsonReader::Drain() {
  if (failed_) return false;
  if (expect_value_) {
    JsonValue v;
    if (!ReadValue(&v)) return false;
  }
  return SkipUntilDepth(0) && Finish();
}

}  // namespace seccompc
