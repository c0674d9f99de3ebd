// Every seed and every saved crasher (fuzz/corpus/*, fuzz/crashers/) goes
// through the same invariant checks the libFuzzer targets run, so the
// corpus keeps guarding the pipeline in every `bazel test`, with gcc and
// under --config=asan, without clang or a fuzzing run.
#include <dirent.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_invariants.h"
#include "gtest/gtest.h"
#include "tests/profile_files.h"

namespace seccompc {
namespace {

std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    const std::string path = dir + "/" + e->d_name;
    struct stat st;
    if (stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      out.push_back(path);
    }
  }
  closedir(d);
  return out;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A folder's files followed by the project's profiles: the seed folders
// hold no copies of profiles/ (a copy would drift), so the tests add them.
std::vector<std::string> SeedsAndProfiles(const std::string& dir) {
  std::vector<std::string> files = FilesIn(dir);
  const std::vector<std::string> profiles = JsonFiles("profiles");
  files.insert(files.end(), profiles.begin(), profiles.end());
  return files;
}

// The caps of the seed folders. The parser folder holds fuzzer outputs,
// which pile up run after run unless minimized; the compile folder is
// hand-written. Raise a cap only after minimizing.
struct CorpusCap {
  const char* name;  // fuzz/corpus/NAME, and minimize_corpus.sh's argument
  size_t max_files;
  size_t max_bytes;
};
constexpr CorpusCap kCorpusCaps[] = {
    {"parser", 300, 192 << 10},
    {"compile", 40, 64 << 10},
};

TEST(CorpusRegressionTest, CorpusStaysSmall) {
  for (const CorpusCap& cap : kCorpusCaps) {
    const std::string dir = std::string("fuzz/corpus/") + cap.name;
    const std::vector<std::string> files = FilesIn(dir);
    ASSERT_FALSE(files.empty()) << dir << " missing from runfiles";
    size_t bytes = 0;
    for (const std::string& f : files) bytes += Slurp(f).size();
    const std::string fix = std::string(
                                "; minimize it (fuzz/README.md, \"Keeping the "
                                "corpus small\"): fuzz/minimize_corpus.sh ") +
                            cap.name;
    EXPECT_LE(files.size(), cap.max_files)
        << dir << " has " << files.size() << " files" << fix;
    EXPECT_LE(bytes, cap.max_bytes)
        << dir << " has " << bytes << " bytes" << fix;
  }
}

TEST(CorpusRegressionTest, ParserCorpus) {
  const std::vector<std::string> files = SeedsAndProfiles("fuzz/corpus/parser");
  ASSERT_GE(files.size(), 8u)
      << "seed corpus or profiles missing from runfiles";
  for (const std::string& f : files) {
    EXPECT_TRUE(CheckParserInvariant(Slurp(f)).ok())
        << f << ": " << CheckParserInvariant(Slurp(f));
  }
}

TEST(CorpusRegressionTest, CompileCorpus) {
  const std::vector<std::string> files =
      SeedsAndProfiles("fuzz/corpus/compile");
  ASSERT_GE(files.size(), 8u)
      << "seed corpus or profiles missing from runfiles";
  int compiled = 0;
  for (const std::string& f : files) {
    const std::string text = Slurp(f);
    absl::Status s = CheckCompileInvariant(text);
    EXPECT_TRUE(s.ok()) << f << ": " << s;
    // The checks only mean something if seeds reach the back end.
    if (CompileProfileText(text, "seed", CompileTargets()[0].options).ok()) {
      ++compiled;
    }
  }
  EXPECT_GE(compiled, 3) << "too few seeds compile; the corpus is stale";
}

TEST(CorpusRegressionTest, Crashers) {
  // Inputs a fuzzer once failed on; both checks must hold now.
  for (const std::string& f : FilesIn("fuzz/crashers")) {
    const std::string text = Slurp(f);
    absl::Status parser = CheckParserInvariant(text);
    EXPECT_TRUE(parser.ok()) << f << ": " << parser;
    absl::Status compile = CheckCompileInvariant(text);
    EXPECT_TRUE(compile.ok()) << f << ": " << compile;
  }
}

// The proof invariant on the compile seeds, the project's profiles and the
// real-world profiles:
// every program proved, every flipped argument comparison refuted.
TEST(CorpusRegressionTest, ProofCorpus) {
  std::vector<std::string> files = SeedsAndProfiles("fuzz/corpus/compile");
  ASSERT_GE(files.size(), 8u)
      << "seed corpus or profiles missing from runfiles";
  const std::vector<std::string> real = RealWorldProfiles();
  files.insert(files.end(), real.begin(), real.end());
  int with_fault = 0;
  for (const std::string& f : files) {
    const std::string text = Slurp(f);
    absl::Status s = CheckProofInvariant(text);
    EXPECT_TRUE(s.ok()) << f << ": " << s;
    CompileOptions options = CompileTargets()[0].options;
    options.prove = false;
    absl::StatusOr<CompiledFilter> c =
        CompileProfileText(text, "seed", options);
    if (c.ok() && FlipFirstArgumentComparison(c->program)) ++with_fault;
  }
  // The fault half only means something if seeds compare arguments.
  EXPECT_GE(with_fault, 3);
  std::printf("proof invariant: %zu inputs, %d with a flipped comparison\n",
              files.size(), with_fault);
}

// The real-world profiles other projects publish (tests/profile_files.h
// finds them beside the clone), when present; they are seeds of fuzzing
// runs but not the project's to commit.
TEST(CorpusRegressionTest, RealWorldProfilesWhenPresent) {
  const std::vector<std::string> files = RealWorldProfiles();
  if (files.empty()) GTEST_SKIP() << "no real-world profiles beside the clone";
  for (const std::string& f : files) {
    EXPECT_TRUE(CheckParserInvariant(Slurp(f)).ok()) << f;
    absl::Status s = CheckCompileInvariant(Slurp(f));
    EXPECT_TRUE(s.ok()) << f << ": " << s;
  }
  std::printf("%zu real-world profiles checked\n", files.size());
}

}  // namespace
}  // namespace seccompc
