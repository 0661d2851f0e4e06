// A kept lab's record in its run directory and the UML spool's requests.
#include <gtest/gtest.h>
#include <unistd.h>

#include "lab/kernel/kept.h"
#include "lab/kernel/uml/spool.h"

namespace fs = std::filesystem;

TEST(KeptLab, WrittenAndReadBack) {
  const fs::path base = fs::temp_directory_path() / ("kept-test-" + std::to_string(::getpid()));
  fs::create_directories(base / "nat-c");
  fs::create_directories(base / "other");  // a run directory of a lab not kept
  lab::kernel::KeptLab k;
  k.lab = "nat-c";
  k.runDir = base / "nat-c";
  k.backend = "uml";
  k.nodes = {{"sw", "lr-nat-c-sw"}, {"A", "lr-nat-c-A"}, {"C", "lr-nat-c-C"}};
  lab::kernel::writeKeptLab(k);
  auto all = lab::kernel::keptLabs(base);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].lab, "nat-c");
  EXPECT_EQ(all[0].backend, "uml");
  EXPECT_EQ(all[0].nodes, k.nodes);
  EXPECT_EQ(all[0].netnsOf("A"), "lr-nat-c-A");
  EXPECT_EQ(all[0].netnsOf("B"), "");
  EXPECT_EQ(all[0].nodeList(), "sw, A, C");
  EXPECT_LT(std::chrono::system_clock::now() - all[0].since, std::chrono::minutes(1));
  EXPECT_FALSE(lab::kernel::readKeptLab(base / "other"));
  fs::remove_all(base);
}

TEST(Spool, RequestRoundTrip) {
  lab::kernel::uml::SpoolRequest r;
  r.kind = "exec";
  r.netns = "lr-nat-c-A";
  r.rows = 40;
  r.cols = 132;
  r.term = "xterm-256color";
  r.argv = {"sh", "-c", "echo 'a b'\nexit 3", ""};
  auto d = lab::kernel::uml::decodeRequest(lab::kernel::uml::encodeRequest(r));
  EXPECT_EQ(d.kind, r.kind);
  EXPECT_EQ(d.netns, r.netns);
  EXPECT_EQ(d.rows, 40);
  EXPECT_EQ(d.cols, 132);
  EXPECT_EQ(d.term, r.term);
  EXPECT_EQ(d.argv, r.argv);
  EXPECT_THROW(lab::kernel::uml::decodeRequest(std::string("exec\0ns", 7)), std::exception);
}

TEST(Spool, SequenceNamesSortInOrder) {
  using lab::kernel::uml::seqName;
  EXPECT_EQ(seqName("r1-0", "in", 7), "r1-0.in.00000007");
  EXPECT_LT(seqName("r1-0", "in", 9), seqName("r1-0", "in", 10));
}
