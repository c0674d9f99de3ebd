// compile.h's usage example, compiled and run, so the header cannot drift
// from the API.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "compiler/compile.h"
#include "compiler/model/capabilities.h"
#include "gtest/gtest.h"

namespace seccompc {
namespace {

// The example from compile.h, as a function a launcher would write.
absl::Status CompileForThisHost(const std::string& path,
                                std::vector<std::string>* warnings,
                                Program* program) {
  CompileOptions options;
  absl::StatusOr<Target> target = HostTarget(DockerDefaultCapabilities());
  if (!target.ok()) return target.status();
  options.target = *target;  // or set native/arches/caps/kernel yourself
  absl::StatusOr<CompiledFilter> f = CompileProfileFile(path, options);
  if (!f.ok()) return f.status();  // "FILE:LINE:COL: path: message"
  for (const Diagnostic& w : f->warnings) warnings->push_back(w.message);
  *program = f->program;
  return absl::OkStatus();
}

std::string WriteTemp(const std::string& text) {
  std::string path = ::testing::TempDir() + "/example.json";
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs(text.c_str(), f);
  std::fclose(f);
  return path;
}

TEST(CompileExampleTest, CompilesAndWarns) {
  std::vector<std::string> warnings;
  Program program;
  ASSERT_TRUE(
      CompileForThisHost(WriteTemp(R"({"defaultAction": "SCMP_ACT_ERRNO",
                    "syscalls": [{"names": ["read", "no_such_call"],
                                  "action": "SCMP_ACT_ALLOW"}]})"),
                         &warnings, &program)
          .ok());
  EXPECT_FALSE(program.empty());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("no_such_call"), std::string::npos);
}

TEST(CompileExampleTest, ErrorsNamePosition) {
  std::vector<std::string> warnings;
  Program program;
  const std::string path = WriteTemp(R"({"defaultAction": "SCMP_ACT_NOPE"})");
  absl::Status status = CompileForThisHost(path, &warnings, &program);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(path + ":1:"), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("defaultAction"), std::string::npos);
}

}  // namespace
}  // namespace seccompc
