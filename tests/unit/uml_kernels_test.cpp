// Which UML kernel guests boot: the machine's package and release roots
// holding one, newest first, and --uml-kernel. Roots are fake (a manifest, a
// module tree's modules.dep and a small ELF program as the kernel); patchelf
// really runs on it when it is installed (ci/setup installs it).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "lab/kernel/uml/uml_kernels.h"
#include "lab/sys/error.h"

namespace fs = std::filesystem;
using namespace lab::kernel::uml;

namespace {

class UmlKernels : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() / ("labrun-umlk-" + std::to_string(::getpid()));

  void SetUp() override {
    fs::create_directories(dir);
    ::setenv("LABRUN_ROOTS", dir.c_str(), 1);
    ::unsetenv("LABRUN_UML_KERNEL");
  }
  void TearDown() override {
    ::unsetenv("LABRUN_ROOTS");
    ::unsetenv("LABRUN_UML_KERNEL");
    fs::remove_all(dir);
  }
  // A root "<release>-uml" whose kernel has `release`'s modules.
  void root(const std::string& rel, const std::string& kernelRelease, const std::vector<std::string>& modules) {
    const fs::path r = dir / (rel + "-uml");
    fs::create_directories(r / "usr/bin");
    fs::copy_file("/bin/true", r / "usr/bin/linux.uml");
    const fs::path tree = r / "usr/lib/uml/modules" / kernelRelease;
    fs::create_directories(tree);
    std::ofstream dep(tree / "modules.dep");
    for (const auto& m : modules) dep << "kernel/net/" << m << ".ko:\n";
    std::ofstream(r / "labrun-manifest") << "release " << rel << "\nimpl uml\nseconds 1\npackage user-mode-linux "
                                         << kernelRelease << "um1\n";
  }
  static bool havePatchelf() { return std::system("command -v patchelf >/dev/null 2>&1") == 0; }
};

const std::vector<std::string> kAll = {"ip_gre", "esp4", "xfrm_user", "iptable_nat"};

TEST_F(UmlKernels, NewestFirstAndWhatEachLacks) {
  root("trixie", "6.12.113", kAll);
  root("sid", "7.2.1", {"ip_gre", "esp4", "xfrm_user"});
  const auto all = umlKernels();
  std::vector<std::string> names;
  for (const auto& k : all) names.push_back(k.name);
  ASSERT_GE(all.size(), 2u);
  EXPECT_EQ(all[0].name, "7.2");
  EXPECT_EQ(all[1].name, "6.12");
  EXPECT_EQ(all[0].lacks, std::vector<std::string>{"iptable_nat"});
  EXPECT_TRUE(all[1].lacks.empty());
  EXPECT_NE(all[1].source.find("release root trixie-uml"), std::string::npos) << all[1].source;
}

TEST_F(UmlKernels, AutoSkipsAKernelWithoutNatAndPatchesTheRootsKernel) {
  if (!havePatchelf()) GTEST_FAIL() << "patchelf is not installed (ci/setup installs it)";
  root("trixie", "6.12.113", kAll);
  root("sid", "7.2.1", {"ip_gre", "esp4", "xfrm_user"});
  const auto k = locateUml();
  EXPECT_EQ(k.name, "6.12");
  EXPECT_EQ(k.kernel, dir / "trixie-uml/labrun-linux.uml");
  EXPECT_TRUE(fs::exists(k.kernel));
}

TEST_F(UmlKernels, RequestedByNameEvenIfItLacksAModule) {
  if (!havePatchelf()) GTEST_FAIL() << "patchelf is not installed (ci/setup installs it)";
  root("sid", "7.2.1", {"ip_gre"});
  ::setenv("LABRUN_UML_KERNEL", "7.2", 1);
  EXPECT_EQ(locateUml().name, "7.2");
  EXPECT_EQ(umlChoiceWhy(), "--uml-kernel 7.2");
}

TEST_F(UmlKernels, UnknownNameNamesTheKernelsThereAre) {
  root("trixie", "6.12.113", kAll);
  ::setenv("LABRUN_UML_KERNEL", "5.10", 1);
  try {
    locateUml();
    FAIL() << "no error";
  } catch (const lab::sys::EnvironmentError& e) {
    EXPECT_NE(std::string(e.what()).find("no UML kernel 5.10"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("6.12"), std::string::npos) << e.what();
  }
}

}  // namespace
