// strongSwan SA status from list-sa events (VICI list-sas). The events are
// the ones swanctl 5.9.8 printed with --raw for: IKE up with the child SA
// install failed on a kernel without ESP; an installed child; a connecting
// IKE_SA; nothing.
#include "lab/ike/strongswan/sa_status.h"

#include <gtest/gtest.h>

namespace {

namespace vici = lab::ike::vici;

// list-sa event {gre1 {uniqueid=1 version=2 state=ESTABLISHED local-host=1.0.0.4 local-port=4500
//   local-id=1.0.0.4 remote-host=1.0.0.5 remote-port=4500 remote-id=1.0.0.5 initiator=yes ...
//   child-sas {}}}
vici::Section ikeOnly() {
  vici::Section e;
  e.add("gre1")
      .set("uniqueid", "1")
      .set("version", "2")
      .set("state", "ESTABLISHED")
      .set("local-host", "1.0.0.4")
      .set("local-port", "4500")
      .set("local-id", "1.0.0.4")
      .set("remote-host", "1.0.0.5")
      .set("remote-port", "4500")
      .set("remote-id", "1.0.0.5")
      .set("initiator", "yes")
      .set("encr-alg", "AES_CBC")
      .set("dh-group", "CURVE_25519")
      .setList("tasks-queued", {})
      .add("child-sas", {});
  return e;
}

// list-sa event {gre1 {uniqueid=3 version=1 state=ESTABLISHED local-host=1.0.0.5 local-id=1.0.0.5
//   remote-host=1.0.0.4 remote-id=1.0.0.4 child-sas {gre1-2 {name=gre1 uniqueid=2 reqid=1
//   state=INSTALLED mode=TRANSPORT protocol=ESP spi-in=c1a2b3c4 local-ts=[1.0.0.5/32[gre]]
//   remote-ts=[1.0.0.4/32[gre]]}}}}
vici::Section withChild() {
  vici::Section e;
  vici::Section& ike = e.add("gre1");
  ike.set("uniqueid", "3")
      .set("version", "1")
      .set("state", "ESTABLISHED")
      .set("local-host", "1.0.0.5")
      .set("local-id", "1.0.0.5")
      .set("remote-host", "1.0.0.4")
      .set("remote-id", "1.0.0.4");
  ike.add("child-sas")
      .add("gre1-2")
      .set("name", "gre1")
      .set("uniqueid", "2")
      .set("reqid", "1")
      .set("state", "INSTALLED")
      .set("mode", "TRANSPORT")
      .set("protocol", "ESP")
      .setList("local-ts", {"1.0.0.5/32[gre]"})
      .setList("remote-ts", {"1.0.0.4/32[gre]"});
  return e;
}

TEST(StrongswanSaStatus, FromListSaEvents) {
  auto s = lab::ike::saStatusFromListSa({ikeOnly()}, "gre1");
  EXPECT_TRUE(s.ikeUp);
  EXPECT_FALSE(s.childUp);
  EXPECT_EQ(s.detail, "IKE_SA gre1 ESTABLISHED (IKEv2 1.0.0.4[1.0.0.4]...1.0.0.5[1.0.0.5]), CHILD_SA none");

  s = lab::ike::saStatusFromListSa({withChild()}, "gre1");
  EXPECT_TRUE(s.ikeUp);
  EXPECT_TRUE(s.childUp);
  EXPECT_EQ(s.detail, "IKE_SA gre1 ESTABLISHED (IKEv1 1.0.0.5[1.0.0.5]...1.0.0.4[1.0.0.4]), CHILD_SA INSTALLED");

  vici::Section connecting;
  connecting.add("gre1")
      .set("uniqueid", "7")
      .set("version", "2")
      .set("state", "CONNECTING")
      .set("local-host", "1.2.3.9")
      .set("remote-host", "1.0.0.5")
      .add("child-sas", {});
  s = lab::ike::saStatusFromListSa({connecting}, "gre1");
  EXPECT_FALSE(s.ikeUp);
  EXPECT_NE(s.detail.find("CONNECTING"), std::string::npos);

  // An established SA wins over a connecting one, in either order.
  s = lab::ike::saStatusFromListSa({connecting, withChild()}, "gre1");
  EXPECT_TRUE(s.ikeUp);
  EXPECT_NE(s.detail.find("ESTABLISHED"), std::string::npos);

  s = lab::ike::saStatusFromListSa({}, "gre1");
  EXPECT_FALSE(s.ikeUp);
  EXPECT_EQ(s.detail, "no IKE_SA for 'gre1'");
  EXPECT_FALSE(lab::ike::saStatusFromListSa({withChild()}, "other").ikeUp);
}

TEST(StrongswanSaStatus, SurvivesTheWireFormat) {
  // What charon sends is what the status reads: encode, decode, same answer.
  auto wire = vici::encodeMessage(withChild());
  auto s = lab::ike::saStatusFromListSa({vici::decodeMessage(wire)}, "gre1");
  EXPECT_TRUE(s.childUp);
}

TEST(StrongswanSaStatus, IkeSaIdsOfEveryConnectionButTheKeptOnes) {
  vici::Section halfOpen;
  halfOpen.add("%any").set("uniqueid", "9").set("state", "CONNECTING");
  EXPECT_EQ(lab::ike::ikeSaIdsExcept({ikeOnly(), withChild(), halfOpen}, {}),
            (std::vector<std::string>{"1", "3", "9"}));  // child uniqueids are not IKE_SAs
  // Another loaded connection's SAs stay (a host with two connections).
  vici::Section other;
  other.add("a-c").set("uniqueid", "7").set("state", "ESTABLISHED");
  EXPECT_EQ(lab::ike::ikeSaIdsExcept({other, halfOpen}, {"a-c"}), (std::vector<std::string>{"9"}));
}

}  // namespace
