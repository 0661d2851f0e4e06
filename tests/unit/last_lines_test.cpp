// sys::lastLines: the tail that daemons' and tools' error messages quote.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "lab/sys/file.h"

namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("labrun-lastlines-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

}  // namespace

TEST(LastLines, TakesTheTailAcrossFilesInOrderAndSkipsMissingOnes) {
  const auto log = scratch("pluto.log"), err = scratch("pluto.stderr");
  lab::sys::writeFile(log, "one\ntwo\nthree\n");
  lab::sys::writeFile(err, "four\n");
  EXPECT_EQ(lab::sys::lastLines({log, scratch("absent"), err}, 2),
            (std::vector<std::string>{"three", "four"}));
  EXPECT_EQ(lab::sys::lastLines({log, err}, 2, true),
            (std::vector<std::string>{"pluto.log: three", "pluto.stderr: four"}));
  EXPECT_EQ(lab::sys::lastLines({log}, 10).size(), 3u);
  EXPECT_TRUE(lab::sys::lastLines({scratch("absent")}, 5).empty());
  fs::remove_all(log.parent_path());
}
