// lab/ike/log_lines: reading a growing daemon log line by line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "lab/ike/log_lines.h"

namespace fs = std::filesystem;

TEST(LogLines, CompleteLinesOnlyThenTheRestThenAReplacedFile) {
  const fs::path f = fs::temp_directory_path() / ("labrun-log-" + std::to_string(::getpid()));
  std::ofstream(f) << "one\n\ntwo\npart";
  std::size_t off = 0;
  EXPECT_EQ(lab::ike::newLines(f, off), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(off, 9u);  // the partial line waits
  std::ofstream(f, std::ios::app) << "ial\n";
  EXPECT_EQ(lab::ike::newLines(f, off), (std::vector<std::string>{"partial"}));
  EXPECT_TRUE(lab::ike::newLines(f, off).empty());
  std::ofstream(f) << "new\n";  // replaced: shorter than the offset
  EXPECT_EQ(lab::ike::newLines(f, off), (std::vector<std::string>{"new"}));
  fs::remove(f);
  EXPECT_TRUE(lab::ike::newLines(f, off).empty());
}
