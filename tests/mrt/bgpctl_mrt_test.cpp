// `bgpctl show mrt file FILE --format bgpdump` over the corpus of tests/data: the
// user-facing command must print exactly what bgpdump -m prints.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/mrt/golden_support.hpp"

namespace bgp::mrt {
namespace {

namespace fs = std::filesystem;
const std::string kMrtDir = BGPD_TEST_DATA "/mrt";

struct CommandResult {
  int status = -1;
  std::string out;
};

// Runs a shell command, returns its exit status and stdout.
CommandResult run(const std::string& command) {
  CommandResult r;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 1 << 16> chunk{};
  std::size_t n = 0;
  while ((n = fread(chunk.data(), 1, chunk.size(), pipe)) > 0) r.out.append(chunk.data(), n);
  const int raw = pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

std::vector<std::string> golden_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kMrtDir + "/expect")) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".bgp.gz")) names.push_back(name.substr(0, name.size() - 7));
  }
  std::sort(names.begin(), names.end());
  return names;
}

class BgpctlShowMrt : public ::testing::TestWithParam<std::string> {};

TEST_P(BgpctlShowMrt, PrintsExactlyWhatBgpdumpPrints) {
  const auto expected = test::read_all(kMrtDir + "/expect/" + GetParam() + ".bgp.gz");
  ASSERT_TRUE(expected);
  const CommandResult r = run(std::string(BGPCTL_PATH) + " show mrt file '" + kMrtDir + "/" + GetParam() + "' --format bgpdump");
  EXPECT_EQ(r.status, 0);
  const std::string diff = test::first_difference(*expected, r.out);
  EXPECT_TRUE(diff.empty()) << GetParam() << ": " << diff;
}

std::string param_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s = info.param;
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return s;
}

INSTANTIATE_TEST_SUITE_P(TestData, BgpctlShowMrt, ::testing::ValuesIn(golden_names()), param_name);

TEST(BgpctlShowMrtErrors, MissingFileExitsNonZeroWithTheReasonOnStderr) {
  const CommandResult r = run(std::string(BGPCTL_PATH) + " show mrt file /nonexistent/bgpd-test.gz 2>&1");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("/nonexistent/bgpd-test.gz"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace bgp::mrt
