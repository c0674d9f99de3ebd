#include "compiler/frontend/json_document.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace seccompc {
namespace {

using json = nlohmann::json;

// An input iterator over the text that publishes how far it has been
// advanced, so SAX callbacks know the lexer's position.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* base, const char* p, size_t* consumed)
      : base_(base), p_(p), consumed_(consumed) {}
  reference operator*() const { return *p_; }
  CountingIterator& operator++() {
    ++p_;
    *consumed_ = static_cast<size_t>(p_ - base_);
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const CountingIterator& a, const CountingIterator& b) {
    return a.p_ == b.p_;
  }
  friend bool operator!=(const CountingIterator& a, const CountingIterator& b) {
    return a.p_ != b.p_;
  }

 private:
  const char* base_;
  const char* p_;
  size_t* consumed_;
};

bool IsIdentifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return false;
    }
  }
  return true;
}

// Builds the DOM and the path -> offset map from SAX events.
class PositionedBuilder : public json::json_sax_t {
 public:
  PositionedBuilder(
      std::string_view text, const size_t* consumed, const JsonLimits& limits,
      absl::flat_hash_map<std::string, uint32_t>* offsets,
      absl::flat_hash_map<std::string, std::vector<uint32_t>>* element_offsets)
      : text_(text),
        consumed_(consumed),
        limits_(limits),
        offsets_(offsets),
        element_offsets_(element_offsets) {}

  bool null() override { return AddScalar(nullptr); }
  bool boolean(bool v) override { return AddScalar(v); }
  bool number_integer(number_integer_t v) override { return AddScalar(v); }
  bool number_unsigned(number_unsigned_t v) override { return AddScalar(v); }
  bool number_float(number_float_t v, const string_t&) override {
    return AddScalar(v);
  }
  bool string(string_t& v) override { return AddScalar(std::move(v)); }
  bool binary(binary_t&) override {
    return Fail(TokenStart(), "binary values are not JSON");
  }

  bool start_object(std::size_t) override {
    return StartContainer(json::object());
  }
  bool key(string_t& k) override {
    const size_t start = TokenStart();
    Frame& f = stack_.back();
    if (!f.keys.insert(k).second) {
      return Fail(start, absl::StrCat(
                             "duplicate key \"", k, "\" in ",
                             f.path.empty() ? "the top level object" : f.path));
    }
    pending_key_ = k;
    return true;
  }
  bool end_object() override { return EndContainer(); }
  bool start_array(std::size_t) override {
    return StartContainer(json::array());
  }
  bool end_array() override { return EndContainer(); }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const json::exception& ex) override {
    if (error_.empty()) {
      // nlohmann's message already says what was expected; keep its reason.
      std::string what = ex.what();
      const size_t colon = what.rfind(": ");
      if (colon != std::string::npos) what = what.substr(colon + 2);
      error_offset_ = position > 0 ? position - 1 : 0;
      error_ = absl::StrCat("invalid JSON: ", what);
      error_path_ = stack_.empty() ? "" : stack_.back().path;
      (void)last_token;
    }
    return false;
  }

  json TakeRoot() { return std::move(root_); }
  const std::string& error() const { return error_; }
  size_t error_offset() const { return error_offset_; }
  const std::string& error_path() const { return error_path_; }

 private:
  struct Frame {
    json* value;
    std::string path;
    size_t next_index = 0;
    std::set<std::string> keys;  // only for objects
  };

  // Start of the token the current event is about.
  size_t TokenStart() {
    size_t p = std::min(scan_from_, text_.size());
    while (p < text_.size()) {
      const char c = text_[p];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' ||
          c == ':') {
        ++p;
      } else {
        break;
      }
    }
    scan_from_ = *consumed_;
    return p;
  }

  std::string ChildPath() {
    if (stack_.empty()) return "";
    Frame& f = stack_.back();
    if (f.value->is_array()) {
      return JsonDocument::ElementPath(f.path, f.next_index++);
    }
    return JsonDocument::MemberPath(f.path, pending_key_);
  }

  json* Place(json&& v, const std::string& path) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Frame& f = stack_.back();
    if (f.value->is_array()) {
      f.value->push_back(std::move(v));
      return &f.value->back();
    }
    json& slot = (*f.value)[pending_key_];
    slot = std::move(v);
    (void)path;
    return &slot;
  }

  template <typename T>
  bool AddScalar(T&& v) {
    const size_t start = TokenStart();
    if (!stack_.empty() && stack_.back().value->is_array()) {
      // Array elements (100k names) get no path string of their own: their
      // offsets are kept per array, in order.
      Frame& f = stack_.back();
      f.value->push_back(json(std::forward<T>(v)));
      ++f.next_index;
      (*element_offsets_)[f.path].push_back(static_cast<uint32_t>(start));
      return true;
    }
    std::string path = ChildPath();
    Place(json(std::forward<T>(v)), path);
    offsets_->insert_or_assign(std::move(path), static_cast<uint32_t>(start));
    return true;
  }

  bool StartContainer(json&& empty) {
    const size_t start = TokenStart();
    std::string path = ChildPath();
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      return Fail(start, absl::StrCat("nesting deeper than ", limits_.max_depth,
                                      " levels"));
    }
    json* slot = Place(std::move(empty), path);
    offsets_->insert_or_assign(path, static_cast<uint32_t>(start));
    stack_.push_back(Frame{slot, std::move(path), 0, {}});
    return true;
  }

  bool EndContainer() {
    TokenStart();
    stack_.pop_back();
    return true;
  }

  bool Fail(size_t offset, std::string message) {
    error_offset_ = offset;
    error_ = std::move(message);
    error_path_ = stack_.empty() ? "" : stack_.back().path;
    return false;
  }

  std::string_view text_;
  const size_t* consumed_;
  JsonLimits limits_;
  absl::flat_hash_map<std::string, uint32_t>* offsets_;
  absl::flat_hash_map<std::string, std::vector<uint32_t>>* element_offsets_;
  size_t scan_from_ = 0;
  std::vector<Frame> stack_;
  std::string pending_key_;
  json root_;
  std::string error_;
  std::string error_path_;
  size_t error_offset_ = 0;
};

SourceLocation LocationAt(const std::vector<uint32_t>& line_starts,
                          std::string path, size_t offset) {
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  const size_t line = static_cast<size_t>(it - line_starts.begin());
  SourceLocation loc;
  loc.json_path = std::move(path);
  loc.line = static_cast<int>(line);
  loc.column = static_cast<int>(offset - line_starts[line - 1] + 1);
  return loc;
}

}  // namespace

std::string JsonDocument::MemberPath(std::string_view parent,
                                     std::string_view key) {
  // absl::string_view views: no temporary copies on this hot path.
  const absl::string_view p(parent.data(), parent.size());
  const absl::string_view k(key.data(), key.size());
  if (IsIdentifier(key)) {
    return parent.empty() ? std::string(key) : absl::StrCat(p, ".", k);
  }
  return absl::StrCat(p, "[", json(std::string(key)).dump(), "]");
}

std::string JsonDocument::ElementPath(std::string_view parent, size_t index) {
  return absl::StrCat(absl::string_view(parent.data(), parent.size()), "[",
                      index, "]");
}

absl::StatusOr<JsonDocument> JsonDocument::Parse(std::string_view text,
                                                 std::string_view source_name,
                                                 const JsonLimits& limits) {
  JsonDocument doc;
  doc.source_name_ = std::string(source_name);
  if (text.size() > limits.max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(source_name), ": file is ", text.size(),
                     " bytes; profiles are limited to ", limits.max_bytes));
  }
  doc.line_starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') doc.line_starts_.push_back(i + 1);
  }

  size_t consumed = 0;
  PositionedBuilder builder(text, &consumed, limits, &doc.offsets_,
                            &doc.element_offsets_);
  CountingIterator first(text.data(), text.data(), &consumed);
  CountingIterator last(text.data(), text.data() + text.size(), &consumed);
  bool ok = false;
  try {
    ok = json::sax_parse(first, last, &builder, json::input_format_t::json,
                         /*strict=*/true, /*ignore_comments=*/false);
  } catch (const json::exception& e) {
    // Not expected from SAX parsing; never let it escape the module.
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(source_name), ": invalid JSON: ", e.what()));
  }
  if (!ok) {
    const std::string message =
        builder.error().empty() ? "invalid JSON" : builder.error();
    SourceLocation loc = LocationAt(doc.line_starts_, builder.error_path(),
                                    builder.error_offset());
    return absl::InvalidArgumentError(FormatAt(source_name, loc, message));
  }
  doc.root_ = builder.TakeRoot();
  return doc;
}

SourceLocation JsonDocument::Locate(std::string_view json_path) const {
  // "a.b[12]": a scalar element's offset is kept with its array.
  if (!json_path.empty() && json_path.back() == ']') {
    const size_t open = json_path.rfind('[');
    size_t index = 0;
    if (open != std::string_view::npos &&
        absl::SimpleAtoi(absl::string_view(json_path.data() + open + 1,
                                           json_path.size() - open - 2),
                         &index)) {
      auto arr =
          element_offsets_.find(absl::string_view(json_path.data(), open));
      if (arr != element_offsets_.end() && index < arr->second.size()) {
        return LocationAt(line_starts_, std::string(json_path),
                          arr->second[index]);
      }
    }
  }
  auto it =
      offsets_.find(absl::string_view(json_path.data(), json_path.size()));
  if (it == offsets_.end()) {
    SourceLocation loc;
    loc.json_path = std::string(json_path);
    return loc;
  }
  return LocationAt(line_starts_, std::string(json_path), it->second);
}

std::string PrintableExcerpt(std::string_view text, size_t max_bytes) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (out.size() >= max_bytes) {
      out += "...";
      break;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    // Length of a valid UTF-8 sequence starting here, 0 if invalid.
    size_t len = 0;
    if (c >= 0x20 && c < 0x7f) {
      len = 1;
    } else if (c >= 0xc2 && c <= 0xf4) {
      len = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
      if (i + len > text.size()) len = 0;
      for (size_t k = 1; k < len; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) len = 0;
      }
      // Overlong forms, surrogates and values past U+10FFFF.
      if (len > 0) {
        const unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
        if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0) ||
            (c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 >= 0x90)) {
          len = 0;
        }
      }
    }
    if (len == 0) {
      absl::StrAppend(&out, "\\x", absl::Hex(c, absl::kZeroPad2));
      ++i;
    } else {
      out.append(text.data() + i, len);
      i += len;
    }
  }
  return out;
}

std::string FormatAt(std::string_view source_name, const SourceLocation& loc,
                     std::string_view raw_message) {
  const std::string message = PrintableExcerpt(raw_message, 1000);
  std::string out = PrintableExcerpt(source_name, 1000);
  if (loc.line > 0) absl::StrAppend(&out, ":", loc.line, ":", loc.column);
  absl::StrAppend(&out, ": ");
  if (!loc.json_path.empty()) {
    absl::StrAppend(&out, PrintableExcerpt(loc.json_path, 200), ": ");
  }
  out.append(message.data(), message.size());
  return out;
}

}  // namespace seccompc
