// VICI wire format: the encoding example of strongSwan's VICI README as a
// byte fixture, packets captured from swanctl 5.9.8, round trips, and
// malformed or truncated input.
#include "lab/ike/strongswan/vici_message.h"

#include <gtest/gtest.h>

#include <string>

namespace {

namespace vici = lab::ike::vici;
using vici::PacketType;

std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s += static_cast<char>(c);
  return s;
}

// The README's example:
//   key1 = value1
//   section1 = { sub-section = { key2 = value2 }  list1 = [ item1, item2 ] }
const std::string kReadmeExample = bytes({
    3, 4, 'k', 'e', 'y', '1', 0, 6, 'v', 'a', 'l', 'u', 'e', '1',          // key1 = value1
    1, 8, 's', 'e', 'c', 't', 'i', 'o', 'n', '1',                          // section1 {
    1, 11, 's', 'u', 'b', '-', 's', 'e', 'c', 't', 'i', 'o', 'n',          //   sub-section {
    3, 4, 'k', 'e', 'y', '2', 0, 6, 'v', 'a', 'l', 'u', 'e', '2',          //     key2 = value2
    2,                                                                     //   }
    4, 5, 'l', 'i', 's', 't', '1',                                         //   list1 = [
    5, 0, 5, 'i', 't', 'e', 'm', '1',                                      //     item1
    5, 0, 5, 'i', 't', 'e', 'm', '2',                                      //     item2
    6,                                                                     //   ]
    2,                                                                     // }
});

vici::Section readmeTree() {
  vici::Section m;
  m.set("key1", "value1");
  vici::Section& s1 = m.add("section1");
  s1.add("sub-section").set("key2", "value2");
  s1.setList("list1", {"item1", "item2"});
  return m;
}

TEST(ViciMessage, DecodesTheReadmeExample) {
  vici::Section m = vici::decodeMessage(kReadmeExample);
  EXPECT_EQ(m, readmeTree());
  ASSERT_NE(m.value("key1"), nullptr);
  EXPECT_EQ(*m.value("key1"), "value1");
  const vici::Section* s1 = m.section("section1");
  ASSERT_NE(s1, nullptr);
  ASSERT_NE(s1->section("sub-section"), nullptr);
  EXPECT_EQ(s1->section("sub-section")->get("key2"), "value2");
  ASSERT_NE(s1->list("list1"), nullptr);
  EXPECT_EQ(*s1->list("list1"), (std::vector<std::string>{"item1", "item2"}));
  EXPECT_EQ(m.section("key1"), nullptr);  // lookups respect the kind
  EXPECT_EQ(m.get("missing", "dflt"), "dflt");
}

TEST(ViciMessage, EncodesTheReadmeExample) {
  EXPECT_EQ(vici::encodeMessage(readmeTree()), kReadmeExample);
}

TEST(ViciMessage, RoundTripsBinaryValuesAndEdgeSizes) {
  vici::Section m;
  m.set("nul", std::string("a\0b\xff", 4));
  m.set("empty", "");
  m.set(std::string(255, 'n'), std::string(65535, 'v'));
  m.setList("none", {});
  m.setList("blobs", {std::string(1, '\0'), "", "x"});
  m.add("empty-section");
  m.add("a").add("b").add("c").set("deep", "yes");
  m.set("after", "sections");  // order is kept, kinds interleave
  const std::string wire = vici::encodeMessage(m);
  EXPECT_EQ(vici::decodeMessage(wire), m);
  EXPECT_EQ(vici::encodeMessage(vici::decodeMessage(wire)), wire);
  EXPECT_EQ(vici::decodeMessage(""), vici::Section());
}

TEST(ViciMessage, RefusesWhatTheFormatCannotCarry) {
  vici::Section longName;
  longName.set(std::string(256, 'n'), "v");
  EXPECT_THROW(vici::encodeMessage(longName), vici::Error);
  vici::Section longValue;
  longValue.setList("l", {std::string(65536, 'v')});
  EXPECT_THROW(vici::encodeMessage(longValue), vici::Error);
  EXPECT_THROW(vici::frame(std::string(vici::kMaxSegment + 1, 'x')), vici::Error);
}

TEST(ViciMessage, ReferencesFromAddStayValid) {
  vici::Section m;
  vici::Section& first = m.add("first");
  for (int i = 0; i < 100; ++i) m.add("more" + std::to_string(i));
  first.set("k", "v");  // still the first sub-section
  EXPECT_EQ(m.section("first")->get("k"), "v");
}

std::string decodeError(const std::string& wire) {
  try {
    vici::decodeMessage(wire);
  } catch (const vici::Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(ViciMessage, MalformedInputGivesAClearError) {
  EXPECT_EQ(decodeError(bytes({3, 4, 'k', 'e', 'y', '1', 0, 6, 'v', 'a'})),
            "malformed VICI message at byte 8: truncated value of 'key1' (6 bytes needed, 2 left)");
  EXPECT_EQ(decodeError(bytes({3, 4, 'k', 'e'})),
            "malformed VICI message at byte 2: truncated key name (4 bytes needed, 2 left)");
  EXPECT_EQ(decodeError(bytes({3, 1, 'k', 0})),
            "malformed VICI message at byte 3: truncated value of 'k' (2 bytes needed, 1 left)");
  EXPECT_EQ(decodeError(bytes({9})), "malformed VICI message at byte 0: unknown element type 9");
  EXPECT_EQ(decodeError(bytes({0})), "malformed VICI message at byte 0: unknown element type 0");
  EXPECT_EQ(decodeError(bytes({2})), "malformed VICI message at byte 0: section end without a section");
  EXPECT_EQ(decodeError(bytes({5, 0, 0})), "malformed VICI message at byte 0: list item outside a list");
  EXPECT_EQ(decodeError(bytes({6})), "malformed VICI message at byte 0: list end without a list");
  EXPECT_EQ(decodeError(bytes({4, 1, 'l', 4, 1, 'm'})),
            "malformed VICI message at byte 3: list inside list 'l'");
  EXPECT_EQ(decodeError(bytes({4, 1, 'l', 3, 1, 'k', 0, 0})),
            "malformed VICI message at byte 3: key/value inside list 'l'");
  EXPECT_EQ(decodeError(bytes({4, 1, 'l', 1, 1, 's'})),
            "malformed VICI message at byte 3: section start inside list 'l'");
  EXPECT_EQ(decodeError(bytes({4, 1, 'l', 5, 0, 0})),
            "malformed VICI message at byte 6: list 'l' not closed");
  EXPECT_EQ(decodeError(bytes({1, 1, 'a', 1, 1, 'b'})),
            "malformed VICI message at byte 6: section 'a.b' not closed");
}

TEST(ViciMessage, EveryTruncationOfTheFixtureIsRefusedOrAValidPrefix) {
  // Cut anywhere: a clear error, never a crash; the only valid prefixes end
  // after the first element (key1 = value1) or are empty.
  for (std::size_t n = 0; n < kReadmeExample.size(); ++n) {
    const std::string cut = kReadmeExample.substr(0, n);
    if (n == 0 || n == 14) {
      EXPECT_NO_THROW(vici::decodeMessage(cut)) << n;
    } else {
      EXPECT_THROW(vici::decodeMessage(cut), vici::Error) << n;
    }
  }
}

// Captured from swanctl 5.9.8 (`swanctl --load-conns` unloading a
// connection named "old"), with the transport length.
TEST(ViciPacket, MatchesSwanctlsUnloadConn) {
  const std::string wire = bytes({0, 0, 0, 24, 0, 11, 'u', 'n', 'l', 'o', 'a', 'd', '-', 'c', 'o', 'n', 'n',
                                  3, 4, 'n', 'a', 'm', 'e', 0, 3, 'o', 'l', 'd'});
  vici::Packet p{PacketType::CmdRequest, "unload-conn", vici::Section().set("name", "old")};
  EXPECT_EQ(vici::frame(vici::encodePacket(p)), wire);
  vici::Packet back = vici::decodePacket(std::string_view(wire).substr(4));
  EXPECT_EQ(back.type, PacketType::CmdRequest);
  EXPECT_EQ(back.name, "unload-conn");
  EXPECT_EQ(back.message, p.message);
}

TEST(ViciPacket, TypesWithAndWithoutNameAndMessage) {
  EXPECT_EQ(vici::encodePacket({PacketType::EventRegister, "list-sa", {}}),
            bytes({3, 7, 'l', 'i', 's', 't', '-', 's', 'a'}));
  EXPECT_EQ(vici::encodePacket({PacketType::EventConfirm, "", {}}), bytes({5}));
  vici::Packet r = vici::decodePacket(bytes({1, 3, 7, 's', 'u', 'c', 'c', 'e', 's', 's', 0, 3, 'y', 'e', 's'}));
  EXPECT_EQ(r.type, PacketType::CmdResponse);
  EXPECT_EQ(r.name, "");
  EXPECT_EQ(r.message.get("success"), "yes");
  vici::Packet e = vici::decodePacket(bytes({7, 2, 'e', 'v', 3, 1, 'k', 0, 1, 'v'}));
  EXPECT_EQ(e.type, PacketType::Event);
  EXPECT_EQ(e.name, "ev");
  EXPECT_EQ(e.message.get("k"), "v");
  EXPECT_EQ(vici::decodePacket(bytes({2})).type, PacketType::CmdUnknown);
}

TEST(ViciPacket, MalformedPacketsGiveAClearError) {
  auto error = [](const std::string& wire) -> std::string {
    try {
      vici::decodePacket(wire);
    } catch (const vici::Error& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(error(""), "malformed VICI packet at byte 0: truncated packet type (1 bytes needed, 0 left)");
  EXPECT_EQ(error(bytes({8})), "malformed VICI packet at byte 0: unknown packet type 8");
  EXPECT_EQ(error(bytes({0, 5, 'a'})),
            "malformed VICI packet at byte 2: truncated packet name (5 bytes needed, 1 left)");
  EXPECT_EQ(error(bytes({5, 1})), "malformed VICI packet at byte 1: 1 unexpected bytes after EVENT_CONFIRM");
  EXPECT_EQ(error(bytes({1, 3, 1, 'k', 0, 9, 'v'})),
            "malformed VICI message at byte 5: truncated value of 'k' (9 bytes needed, 1 left) "
            "(in CMD_RESPONSE, message from byte 1)");
}

TEST(ViciMessage, ToTextLooksLikeSwanctlRaw) {
  EXPECT_EQ(vici::toText(readmeTree()),
            "{key1=value1 section1 {sub-section {key2=value2} list1=[item1 item2]}}");
}

}  // namespace
