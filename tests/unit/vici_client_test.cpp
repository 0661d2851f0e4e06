// vici::Client against a fake charon (tests/unit/fake_vici.h): request and
// response, streamed events, unknown commands, and the ways a daemon can
// misbehave — no socket, silence, a closed or garbled stream, Ctrl-C.
#include "lab/ike/strongswan/vici_client.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "fake_vici.h"
#include "lab/sys/interrupt.h"

namespace {

namespace vici = lab::ike::vici;
using vici::PacketType;
using namespace std::chrono_literals;

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const vici::Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(ViciClient, ConnectNamesTheSocketAndTheReason) {
  const std::string e = errorOf([] { vici::Client::connect("/tmp/lr-no-such-dir-t9v/charon.vici", 50ms); });
  EXPECT_NE(e.find("unix:///tmp/lr-no-such-dir-t9v/charon.vici"), std::string::npos) << e;
  EXPECT_NE(e.find("No such file or directory"), std::string::npos) << e;
  const std::string tooLong = errorOf([] { vici::Client::connect("/tmp/" + std::string(120, 'x')); });
  EXPECT_NE(tooLong.find("longer than 107 bytes"), std::string::npos) << tooLong;
}

TEST(ViciClient, CallSendsTheRequestAndReturnsTheResponse) {
  fakevici::Server server([](int fd) {
    while (auto p = fakevici::readPacket(fd)) {
      ASSERT_EQ(p->type, PacketType::CmdRequest);
      vici::Section reply;
      if (p->name == "version") reply.set("daemon", "charon-systemd").set("version", "5.9.8");
      else reply.set("echo", p->message.get("name"));
      fakevici::writePacket(fd, {PacketType::CmdResponse, "", reply});
    }
  });
  auto c = vici::Client::connect(server.socket());
  EXPECT_EQ(c.call("version").get("version"), "5.9.8");
  EXPECT_EQ(c.call("unload-conn", vici::Section().set("name", "gre1")).get("echo"), "gre1");
  EXPECT_FALSE(c.broken());
}

TEST(ViciClient, StreamCollectsEventsUntilTheResponse) {
  std::mutex mutex;
  std::vector<std::string> seen;
  fakevici::Server server([&](int fd) {
    while (auto p = fakevici::readPacket(fd)) {
      std::lock_guard<std::mutex> lock(mutex);
      seen.push_back(std::string(vici::packetTypeName(p->type)) + " " + p->name);
      if (p->type == PacketType::EventRegister || p->type == PacketType::EventUnregister) {
        fakevici::writePacket(fd, {PacketType::EventConfirm, "", {}});
      } else if (p->name == "list-sas") {
        vici::Section a, b;
        a.add("gre1").set("uniqueid", "1");
        b.add("other").set("uniqueid", "2");
        fakevici::writePacket(fd, {PacketType::Event, "list-sa", a});
        fakevici::writePacket(fd, {PacketType::Event, "list-sa", b});
        fakevici::writePacket(fd, {PacketType::CmdResponse, "", {}});
      }
    }
  });
  {
    auto c = vici::Client::connect(server.socket());
    std::vector<vici::Section> events;
    c.stream("list-sas", {}, "list-sa", events);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].section("gre1")->get("uniqueid"), "1");
    EXPECT_EQ(events[1].section("other")->get("uniqueid"), "2");
    EXPECT_FALSE(c.broken());
  }
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(seen, (std::vector<std::string>{"EVENT_REGISTER list-sa", "CMD_REQUEST list-sas",
                                            "EVENT_UNREGISTER list-sa"}));
}

TEST(ViciClient, UnknownCommandOrEventIsAnErrorButTheConnectionStaysUsable) {
  fakevici::Server server([](int fd) {
    while (auto p = fakevici::readPacket(fd)) {
      if (p->type == PacketType::EventRegister) fakevici::writePacket(fd, {PacketType::EventUnknown, "", {}});
      else if (p->name == "nonsense") fakevici::writePacket(fd, {PacketType::CmdUnknown, "", {}});
      else fakevici::writePacket(fd, {PacketType::CmdResponse, "", fakevici::success()});
    }
  });
  auto c = vici::Client::connect(server.socket());
  EXPECT_NE(errorOf([&] { c.call("nonsense"); }).find("charon does not know this command"), std::string::npos);
  std::vector<vici::Section> events;
  EXPECT_NE(errorOf([&] { c.stream("list-sas", {}, "no-such-event", events); }).find("charon has no event 'no-such-event'"),
            std::string::npos);
  EXPECT_FALSE(c.broken());
  EXPECT_EQ(c.call("version").get("success"), "yes");
}

TEST(ViciClient, SilentDaemonTimesOutAndBreaksTheConnection) {
  fakevici::Server server([](int fd) {
    while (fakevici::readPacket(fd)) {
    }  // never answers
  });
  auto c = vici::Client::connect(server.socket());
  const auto start = std::chrono::steady_clock::now();
  const std::string e = errorOf([&] { c.call("list-sas", {}, 200ms); });
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_NE(e.find("VICI list-sas on unix://" + server.socket().string() + ": charon did not answer in time"),
            std::string::npos)
      << e;
  EXPECT_TRUE(c.broken());
  EXPECT_NE(errorOf([&] { c.call("version"); }).find("unusable after an earlier error"), std::string::npos);
}

TEST(ViciClient, ClosedOrGarbledStreamIsAnError) {
  fakevici::Server server([](int fd) {
    auto p = fakevici::readPacket(fd);
    if (!p) return;
    // Each answer is followed by closing the connection.
    if (p->name == "half") fakevici::writeRaw(fd, std::string("\0\0\0\x10\x01\x03", 6));
    if (p->name == "garbage") fakevici::writeRaw(fd, vici::frame(std::string("\x01\x09", 2)));
    if (p->name == "huge") fakevici::writeRaw(fd, std::string("\x7f\0\0\0", 4));
  });
  {
    auto c = vici::Client::connect(server.socket());
    const std::string e = errorOf([&] { c.call("half"); });
    EXPECT_NE(e.find("charon closed the connection in the middle of a packet"), std::string::npos) << e;
    EXPECT_TRUE(c.broken());
  }
  {
    auto c = vici::Client::connect(server.socket());
    const std::string e = errorOf([&] { c.call("garbage"); });
    EXPECT_NE(e.find("malformed VICI message at byte 0: unknown element type 9"), std::string::npos) << e;
    EXPECT_TRUE(c.broken());
  }
  {
    auto c = vici::Client::connect(server.socket());
    const std::string e = errorOf([&] { c.call("huge"); });
    EXPECT_NE(e.find("bad packet length 2130706432"), std::string::npos) << e;
  }
}

TEST(ViciClient, InterruptStopsTheWait) {
  fakevici::Server server([](int fd) {
    while (fakevici::readPacket(fd)) {
    }
  });
  auto c = vici::Client::connect(server.socket());
  std::thread ctrlC([] {
    std::this_thread::sleep_for(100ms);
    lab::sys::requestInterrupt(SIGINT);
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(c.call("list-sas", {}, 10s), lab::sys::Interrupted);
  ctrlC.join();
  lab::sys::requestInterrupt(0);  // clear the flag for the other tests
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_TRUE(c.broken());
}

}  // namespace
