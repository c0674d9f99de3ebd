// A streaming (pull) JSON reader with positions: the events of a SAX parser,
// asked for one at a time, so that a recursive-descent reader can build its
// model straight from the text with no DOM in between.
//
// Strict RFC 8259: UTF-8 only (invalid sequences, lone surrogates and raw
// control characters in strings are errors), no comments, no NaN/Infinity,
// no leading zeros or '+'. Duplicate keys in an object and nesting deeper
// than `max_depth` are errors too. Every value comes with its byte offset,
// line and column (1-based; lines only break in whitespace, so both are
// tracked while skipping it, at no extra pass).
//
//   JsonReader json(text, 64);
//   JsonValue v;
//   if (!json.ReadValue(&v)) ... json.error(), json.error_at() ...
//   if (v.kind == JsonKind::kObject) {
//     std::string_view key;
//     JsonPosition at;
//     while (json.NextMember(&key, &at)) { ReadValue / SkipValue ... }
//     if (json.failed()) ...
//   }
//   json.Finish();  // nothing but whitespace after the root value
//
// After a caller-side error in the middle of the document, Drain() reads
// the rest so that a syntax error anywhere still wins (as with a parser
// that reads everything first).
#ifndef SECCOMPC_COMPILER_FRONTEND_JSON_READER_H_
#define SECCOMPC_COMPILER_FRONTEND_JSON_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"

namespace seccompc {

// The bounds on an input that every JSON reader here enforces (this one;
// json_document.h's for task definitions). CompileOptions carries them.
struct JsonLimits {
  size_t max_bytes = 64u << 20;  // larger files are refused before parsing
  int max_depth = 64;            // profiles nest 4 deep
};

struct JsonPosition {
  size_t offset = 0;
  int line = 1;
  int column = 1;
};

enum class JsonKind : uint8_t {
  kNull,
  kFalse,
  kTrue,
  kNumber,
  kString,
  kObject,  // only its '{' has been read
  kArray,   // only its '[' has been read
};

struct JsonValue {
  JsonKind kind = JsonKind::kNull;
  JsonPosition at;
  // kString: the decoded text (a view into the input when it has no
  // escapes, else into the reader's buffer: valid until the next call).
  // kNumber: the token as written.
  std::string_view text;
  // kNumber: an integer without fraction or exponent that fits u64
  // (non-negative) or i64 (negative); anything else is kFloat.
  enum class NumberForm : uint8_t { kUnsigned, kNegative, kFloat };
  NumberForm number_form = NumberForm::kFloat;
  uint64_t unsigned_value = 0;  // kUnsigned only
};

class JsonReader {
 public:
  JsonReader(std::string_view text, int max_depth);

  // The next value: a scalar whole, an object or array by its opening
  // bracket (then NextMember / NextElement until they return false).
  bool ReadValue(JsonValue* value);
  // In the innermost open object: true with the next key (and the ':'
  // read), false at its '}' (consumed) or on an error (failed()).
  bool NextMember(std::string_view* key, JsonPosition* at);
  // In the innermost open array: true when another element follows, false
  // at its ']' (consumed) or on an error.
  bool NextElement();
  // Reads (and checks) a whole value, or the rest of one ReadValue opened.
  bool SkipValue();
  bool SkipRest(const JsonValue& value);
  // After the root value: only whitespace may follow.
  bool Finish();
  // Reads the rest of the document wherever the caller stopped; false on
  // the first syntax error.
  bool Drain();

  // The byte after the last token read: where a value just read (a
  // scalar, or a container whose end NextMember/NextElement reached) ends.
  size_t offset() const { return pos_; }

  bool failed() const { return failed_; }
  // "invalid JSON: ..." or "duplicate key ..." / "nesting deeper ...".
  const std::string& error() const { return error_; }
  const JsonPosition& error_at() const { return error_at_; }
  // For a duplicate key: true, so that the caller can say where.
  bool error_is_duplicate_key() const { return duplicate_key_; }

 private:
  struct Frame {
    bool is_object = false;
    size_t count = 0;  // members or elements so far
    // Views into the input, or into `escaped_keys` for keys written with
    // escapes (their decoded text lives nowhere else): no copy per key.
    // Each escaped key is a heap string of its own, so its address holds
    // however frames_ moves or grows (a string, or a std::deque, would be
    // copied when frames_ grows: its move may throw).
    std::vector<std::string_view> keys;  // small objects: scanned linearly
    absl::flat_hash_set<std::string_view> many_keys;  // the rest
    std::vector<std::unique_ptr<std::string>> escaped_keys;
  };

  JsonPosition Here() const;
  void SkipWhitespace();
  bool Fail(size_t offset, std::string message);
  bool Syntax(size_t offset, std::string_view what);
  bool ReadString(std::string_view* out, std::string* buffer);
  bool ReadNumber(JsonValue* value);
  bool ReadLiteral(std::string_view word);
  bool OpenContainer(bool is_object, const JsonPosition& at);
  bool AddKey(std::string_view key, const JsonPosition& at);
  bool SkipUntilDepth(size_t depth);

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
  int max_depth_;
  std::vector<Frame> frames_;  // reused; the first depth_ are open
  size_t depth_ = 0;
  bool expect_value_ = true;
  std::string buffer_;      // decoded strings with escapes
  std::string key_buffer_;  // decoded keys with escapes
  bool failed_ = false;
  bool duplicate_key_ = false;
  std::string error_;
  JsonPosition error_at_;
};

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_FRONTEND_JSON_READER_H_
