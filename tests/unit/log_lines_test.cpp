// lab/ike/log_lines: reading a growing daemon log line by line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <ctime>
#include <fstream>

#include "lab/ike/log_lines.h"
#include "lab/ike/log_reading.h"

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

// Both daemons' log lines carry the time of day with a fraction: pluto's
// after the month and day, charon's (time_add_ms) at the start.
TEST(LogLines, TimeOfDayAgeOfPlutoAndCharonLines) {
  const std::time_t now = std::time(nullptr) - 2;
  std::tm local{};
  ::localtime_r(&now, &local);
  char hms[16];
  std::strftime(hms, sizeof hms, "%H:%M:%S", &local);
  const std::string pluto = std::string("Dec 05 ") + hms + ".250000: \"gre1\" #1: STATE_MAIN_I4";
  const std::string charon = std::string(hms) + ".250 09[IKE] <gre1|1> received AUTHENTICATION_FAILED";
  for (const auto& [line, at] : {std::pair{pluto, std::size_t{7}}, std::pair{charon, std::size_t{0}}}) {
    auto age = lab::ike::timeOfDayAge(line, at);
    ASSERT_TRUE(age) << line;
    EXPECT_GT(*age, 0.5) << line;
    EXPECT_LT(*age, 3.5) << line;
  }
  EXPECT_FALSE(lab::ike::timeOfDayAge(std::string(hms) + " 09[IKE] whole seconds only", 0));
  EXPECT_FALSE(lab::ike::timeOfDayAge("short", 0));
}
