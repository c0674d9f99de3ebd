#include "compiler/model/suggest.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "compiler/arch/arch.h"

namespace seccompc {

int EditDistance(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  const size_t m = b.size();
  // Three rows: two back for transpositions.
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  auto same = [](char x, char y) {
    return absl::ascii_tolower(static_cast<unsigned char>(x)) ==
           absl::ascii_tolower(static_cast<unsigned char>(y));
  };
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= m; ++j) {
      const int cost = same(a[i - 1], b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) &&
          same(a[i - 2], b[j - 1])) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::string Nearest(std::string_view word,
                    absl::Span<const std::string_view> candidates) {
  const int limit = std::clamp(static_cast<int>(word.size()) / 3, 1, 3);
  int best = limit + 1;
  std::string_view found;
  for (std::string_view c : candidates) {
    if (c == word) continue;
    // Lengths alone bound the distance from below: skip cheaply.
    const int gap = static_cast<int>(c.size()) - static_cast<int>(word.size());
    if (std::abs(gap) >= best) continue;
    const int d = EditDistance(word, c);
    if (d < best) {
      best = d;
      found = c;
    }
  }
  return std::string(found);
}

std::string Nearest(std::string_view word,
                    std::initializer_list<std::string_view> candidates) {
  return Nearest(word,
                 absl::MakeConstSpan(candidates.begin(), candidates.size()));
}

std::string NearestSyscallName(std::string_view name) {
  std::vector<std::string_view> names;
  for (const ArchSpec& a : AllArches()) {
    for (const SyscallDef& d : a.syscalls) names.push_back(d.name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return Nearest(name, names);
}

namespace {
std::string Phrase(const std::string& nearest) {
  return nearest.empty() ? ""
                         : absl::StrCat(" (did you mean \"", nearest, "\"?)");
}
}  // namespace

std::string DidYouMean(std::string_view word,
                       std::initializer_list<std::string_view> candidates) {
  return Phrase(Nearest(word, candidates));
}

std::string DidYouMeanSyscall(std::string_view name) {
  return Phrase(NearestSyscallName(name));
}

}  // namespace seccompc
