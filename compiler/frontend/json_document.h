// A JSON document parsed by nlohmann-json, remembering where every value
// stands (line:column), so that later stages can point at the exact spot of
// a bad value. Used for the launcher's Marathon/Mesos task definitions
// (runtime/launch/task_definition.h); profiles are read by the streaming
// json_reader.h instead (whose JsonLimits this shares), which uses the path
// helpers, PrintableExcerpt and FormatAt from here.
//
// Why two readers: the profile reader checks every value as it streams
// past and builds the Profile with no DOM (and no nlohmann in compile.h's
// users); a task definition is a large document of which the launcher
// looks up a few labels by path, some of them JSON inside JSON strings,
// which a DOM with positions answers directly. Both refuse duplicate keys
// and depth beyond JsonLimits, and both report "FILE:LINE:COL: PATH:".
//
// nlohmann's DOM keeps no positions, so the document is built through its
// SAX interface while a counting input iterator tells how far the lexer has
// read; a value starts at the first byte after the previous token that is
// not whitespace, ',' or ':'. Duplicate keys and excessive nesting are
// refused here, as the DOM would silently keep one of the duplicates.
//
//   absl::StatusOr<JsonDocument> doc = JsonDocument::Parse(text, "a.json");
//   doc->root()["syscalls"][0];
//   doc->Locate("syscalls[0].names");  // {path, line, column}
#ifndef SECCOMPC_COMPILER_FRONTEND_JSON_DOCUMENT_H_
#define SECCOMPC_COMPILER_FRONTEND_JSON_DOCUMENT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "compiler/frontend/json_reader.h"
#include "compiler/model/profile.h"

namespace seccompc {

class JsonDocument {
 public:
  // Errors are InvalidArgument "FILE:LINE:COL: PATH: message".
  static absl::StatusOr<JsonDocument> Parse(std::string_view text,
                                            std::string_view source_name,
                                            const JsonLimits& limits = {});

  const nlohmann::json& root() const { return root_; }
  const std::string& source_name() const { return source_name_; }
  // Location of the value at `json_path` ("" is the root; member paths are
  // "a.b[3].c"); line/column 0 if the path was never seen.
  SourceLocation Locate(std::string_view json_path) const;

  // Path of a member / an element below `parent`.
  static std::string MemberPath(std::string_view parent, std::string_view key);
  static std::string ElementPath(std::string_view parent, size_t index);

 private:
  JsonDocument() = default;
  std::string source_name_;
  nlohmann::json root_;
  absl::flat_hash_map<std::string, uint32_t> offsets_;  // path -> byte offset
  // Array path -> byte offsets of its scalar elements, in order.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> element_offsets_;
  std::vector<uint32_t> line_starts_;
};

// `text` made safe to print: valid UTF-8 kept, control characters and
// invalid bytes written as \xNN, and cut (at a character boundary, marked
// "...") after `max_bytes`. Messages quote user input through this, so a
// 1 MiB value or raw invalid bytes never end up in a terminal or a log.
std::string PrintableExcerpt(std::string_view text, size_t max_bytes);

// "FILE:LINE:COL: PATH: message" (parts that are unknown are left out);
// path and message pass through PrintableExcerpt.
std::string FormatAt(std::string_view source_name, const SourceLocation& loc,
                     std::string_view message);

}  // namespace seccompc

#endif  // SECCOMPC_COMPILER_FRONTEND_JSON_DOCUMENT_H_
