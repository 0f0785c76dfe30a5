// Byte-for-byte comparison with `bgpdump -m` over the MRT corpus of tests/data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "libbgp/mrt/bgpdump.hpp"
#include "tests/mrt/golden_support.hpp"

namespace bgp::mrt {
namespace {

namespace fs = std::filesystem;
const std::string kMrtDir = BGPD_TEST_DATA "/mrt";

std::vector<std::string> files_with_golden_output() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kMrtDir + "/expect")) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = ".bgp.gz";
    if (name.size() > suffix.size() && name.ends_with(suffix)) names.push_back(name.substr(0, name.size() - suffix.size()));
  }
  std::sort(names.begin(), names.end());
  return names;
}

class BgpdumpGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(BgpdumpGolden, OutputEqualsBgpdumpByteForByte) {
  const std::string name = GetParam();
  const auto expected = test::read_all(kMrtDir + "/expect/" + name + ".bgp.gz");
  ASSERT_TRUE(expected) << "cannot read golden output for " << name;
  std::ostringstream out;
  std::ostringstream err;
  const int status = print_bgpdump(kMrtDir + "/" + name, out, err);
  EXPECT_EQ(status, 0) << err.str();
  const std::string diff = test::first_difference(*expected, out.str());
  EXPECT_TRUE(diff.empty()) << name << ": " << diff;
  EXPECT_EQ(out.str().size(), expected->size());
}

std::string param_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s = info.param;
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return s;
}

INSTANTIATE_TEST_SUITE_P(TestData, BgpdumpGolden, ::testing::ValuesIn(files_with_golden_output()), param_name);

TEST(BgpdumpGoldenCorpus, EveryShippedMrtFileHasAGoldenOutput) {
  std::size_t mrt_files = 0;
  for (const auto& entry : fs::directory_iterator(kMrtDir)) {
    if (entry.is_regular_file()) ++mrt_files;
  }
  EXPECT_EQ(files_with_golden_output().size(), mrt_files);
  EXPECT_GE(mrt_files, 9u);
}

// The mrtparse files (BIRD, OpenBGPD, Quagga) have no golden output; every
// record in them must decode: exit status 0 and no error on stderr.
class MrtparseCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(MrtparseCorpus, ParsesWithoutError) {
  std::ostringstream out;
  std::ostringstream err;
  const int status = print_bgpdump(kMrtDir + "/mrtparse/" + GetParam(), out, err);
  EXPECT_EQ(status, 0) << err.str();
  EXPECT_EQ(err.str().find("error:"), std::string::npos) << err.str();
  EXPECT_EQ(err.str().find("warning:"), std::string::npos) << err.str();
}

std::vector<std::string> mrtparse_files() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kMrtDir + "/mrtparse")) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".conf")) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Files, MrtparseCorpus, ::testing::ValuesIn(mrtparse_files()), param_name);

TEST(MrtparseCorpusFiles, AllTwelveDumpsAreCovered) { EXPECT_EQ(mrtparse_files().size(), 12u); }

}  // namespace
}  // namespace bgp::mrt
