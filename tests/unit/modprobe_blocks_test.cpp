// modprobe.d lines that stop a module loading on demand, read from fixture
// directories the way modprobe reads them (lab/kernel/host/modprobe_blocks.h).
#include "lab/kernel/host/modprobe_blocks.h"

#include <gtest/gtest.h>

namespace fs = std::filesystem;
using lab::kernel::host::findModuleBlock;

namespace {
const fs::path kDir = fs::path(LABRUN_FIXTURES) / "modprobe";
const std::vector<fs::path> kDirs = {kDir / "etc", kDir / "lib"};
}  // namespace

TEST(ModprobeBlocks, InstallFalseNamesFileAndLine) {
  auto b = findModuleBlock("esp4", kDirs, "");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->file, kDir / "etc/10-no-esp.conf");
  EXPECT_EQ(b->line, 4);
  EXPECT_EQ(b->directive, "install esp4 /bin/false");
  EXPECT_EQ(b->where(), (kDir / "etc/10-no-esp.conf").string() + ":4");
}

TEST(ModprobeBlocks, InstallThatRunsModprobeAndAliasesDoNotBlock) {
  EXPECT_FALSE(findModuleBlock("xfrm_user", kDirs, ""));
}

TEST(ModprobeBlocks, AFileInAnEarlierDirectoryHidesTheSameName) {
  EXPECT_FALSE(findModuleBlock("ip_gre", kDirs, ""));
  auto b = findModuleBlock("ip_gre", {kDir / "lib"}, "");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->directive, "blacklist ip_gre");
}

TEST(ModprobeBlocks, ContinuedLinesCommentsAndDashes) {
  auto b = findModuleBlock("ip_gre", {kDir / "blacklist"}, "");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->line, 2);  // where the directive starts
  EXPECT_EQ(b->directive.rfind("blacklist", 0), 0u) << b->directive;
}

TEST(ModprobeBlocks, KernelCommandLine) {
  auto b = findModuleBlock("iptable_nat", kDirs, kDir / "cmdline");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->line, 0);
  EXPECT_EQ(b->where(), (kDir / "cmdline").string());
  EXPECT_EQ(b->directive, "modprobe.blacklist=nft_chain_nat,iptable-nat");
  EXPECT_FALSE(findModuleBlock("veth", kDirs, kDir / "cmdline"));
}

TEST(ModprobeBlocks, MissingDirectoriesBlockNothing) {
  EXPECT_FALSE(findModuleBlock("esp4", {kDir / "nonexistent"}, ""));
}
