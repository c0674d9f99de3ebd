#include "compiler/compile.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "compiler/bpf/verifier.h"
#include "compiler/frontend/json_document.h"
#include "compiler/frontend/profile_parser.h"
#include "compiler/prove/prove.h"
#include "compiler/util/status_macros.h"

namespace seccompc {

absl::StatusOr<Policy> ResolveMeaning(const Profile& profile,
                                      const CompileOptions& options) {
  ResolveOptions lenient = options.resolve;
  lenient.strict = false;
  SECCOMPC_ASSIGN_OR_RETURN(Resolution resolved,
                            Resolve(profile, options.target, lenient));
  AddEnosysRule(options.enosys, &resolved.policy);
  return std::move(resolved.policy);
}

absl::StatusOr<CompiledFilter> CompileParsedProfile(
    ParsedProfile parsed, const CompileOptions& options) {
  CompiledFilter out;
  out.warnings = std::move(parsed.warnings);
  // Strict mode reports every warning at once, so resolve leniently first.
  ResolveOptions lenient = options.resolve;
  lenient.strict = false;
  SECCOMPC_ASSIGN_OR_RETURN(Resolution resolved,
                            Resolve(parsed.profile, options.target, lenient));
  for (Diagnostic& d : resolved.warnings) out.warnings.push_back(std::move(d));
  AddEnosysRule(options.enosys, &resolved.policy);
  if (options.resolve.strict) {
    SECCOMPC_RETURN_IF_ERROR(
        StrictError(parsed.profile.source_name, out.warnings));
  }
  absl::StatusOr<GeneratedProgram> generated =
      GenerateProgram(resolved.policy, options.codegen);
  if (!generated.ok()) {
    return absl::Status(generated.status().code(),
                        parsed.profile.source_name + ": " +
                            std::string(generated.status().message()));
  }
  // GenerateProgram verifies already; checking again here keeps the
  // guarantee local to this function: nothing unverified leaves it. With
  // proofs on, Prove() runs the same VerifyProgram on the same bytes first
  // and proves nothing it refuses, so a second pass here would be the
  // third over one program in this process (each ~38k instructions).
  if (!options.prove) {
    if (absl::Status s = VerifyProgram(generated->program); !s.ok()) {
      return absl::InternalError(parsed.profile.source_name +
                                 ": generated program failed verification: " +
                                 std::string(s.message()));
    }
  } else {
    const ProofResult proof = Prove(resolved.policy, generated->program);
    if (proof.outcome != ProofOutcome::kProved) {
      return absl::InternalError(absl::StrCat(parsed.profile.source_name, ": ",
                                              ProofStatus(proof).message()));
    }
    out.proved = true;
  }
  out.profile = std::move(parsed.profile);
  out.policy = std::move(resolved.policy);
  out.program = std::move(generated->program);
  out.stats = std::move(generated->stats);
  return out;
}

absl::StatusOr<CompiledFilter> CompileProfileText(
    std::string_view text, std::string_view source_name,
    const CompileOptions& options) {
  SECCOMPC_ASSIGN_OR_RETURN(ParsedProfile parsed,
                            ParseProfile(text, source_name, options.limits));
  return CompileParsedProfile(std::move(parsed), options);
}

absl::StatusOr<CompiledFilter> CompileProfileFile(
    const std::string& path, const CompileOptions& options) {
  SECCOMPC_ASSIGN_OR_RETURN(ParsedProfile parsed,
                            ParseProfileFile(path, options.limits));
  return CompileParsedProfile(std::move(parsed), options);
}

absl::Status StrictError(std::string_view source_name,
                         const Diagnostics& warnings) {
  if (warnings.empty()) return absl::OkStatus();
  // Hostile profiles warn 100k times: keep the message short.
  constexpr size_t kMaxBytes = 1500;
  std::vector<std::string> lines;
  size_t bytes = 0;
  for (const Diagnostic& d : warnings) {
    if (bytes > kMaxBytes) {
      lines.push_back(
          absl::StrCat("... and ", warnings.size() - lines.size(), " more"));
      break;
    }
    absl::string_view message = d.message;
    absl::ConsumeSuffix(&message, "; skipped");  // nothing is, it is an error
    lines.push_back(FormatAt(source_name, d.location,
                             absl::StrCat("error (strict): ", message)));
    bytes += lines.back().size() + 1;
  }
  return absl::InvalidArgumentError(absl::StrJoin(lines, "\n"));
}

std::string CompileOptionsFingerprint(const CompileOptions& options) {
  // A binding that names fewer or more fields than the struct has is a
  // compile error: that is the check that no field is left out.
  const auto& [target, resolve, enosys, codegen, limits, prove] = options;
  const auto& [native, arches, caps, kernel] = target;
  const auto& [kernel_major, kernel_minor] = kernel;
  const auto& [strict, notify_listener, lint_order] = resolve;
  const auto& [optimize, weighting, syscall_frequency, cache_aware, search] =
      codegen;
  const auto& [depth_slack, max_chain, per_comparison_cost,
               max_optimal_ranges] = search;
  const auto& [max_bytes, max_depth] = limits;

  std::vector<std::string> arch_ids;
  for (ArchId a : arches) arch_ids.push_back(absl::StrCat(static_cast<int>(a)));
  // The map's order is unspecified: sorted, so equal maps print alike. %a
  // prints a double exactly.
  std::vector<std::string> frequency;
  for (const auto& [name, weight] : syscall_frequency) {
    frequency.push_back(absl::StrFormat("%s=%a", name, weight));
  }
  std::sort(frequency.begin(), frequency.end());
  return absl::StrCat(
      "native=", static_cast<int>(native),
      " arches=", absl::StrJoin(arch_ids, ","), " caps=", absl::Hex(caps),
      " kernel=", kernel_major, ".", kernel_minor, " strict=", strict,
      " notify_listener=", notify_listener, " lint_order=", lint_order,
      " enosys=", static_cast<int>(enosys), " optimize=", optimize,
      " weighting=", static_cast<int>(weighting), " frequency={",
      absl::StrJoin(frequency, ","), "} cache_aware=", cache_aware,
      " depth_slack=", depth_slack, " max_chain=", max_chain,
      absl::StrFormat(" per_comparison_cost=%a", per_comparison_cost),
      " max_optimal_ranges=", max_optimal_ranges, " max_bytes=", max_bytes,
      " max_depth=", max_depth, " prove=", prove);
}

}  // namespace seccompc
