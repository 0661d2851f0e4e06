#pragma once
// libreswan's control clients for one private pluto: whack and addconn, run
// inside the host's namespace (addconn resolves %defaultroute itself) and
// always with an explicit --ctlsocket.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "lab/release/userland.h"
#include "lab/sys/process.h"

namespace lab::netns {
class NetNs;
}

namespace lab::ike::libreswan {

// Directory holding pluto, whack, addconn (/usr/libexec/ipsec on Debian),
// as the programs of `userland` see it. Throws sys::EnvironmentError naming
// the package if libreswan is missing there.
std::filesystem::path libexecDir(const release::Userland& userland = {});

class Whack {
 public:
  Whack(const netns::NetNs* ns, std::filesystem::path ctlSocket, release::Userland userland = {})
      : ns_(ns), ctlSocket_(std::move(ctlSocket)), userland_(std::move(userland)) {}

  // whack --ctlsocket <socket> args...
  sys::RunResult whack(const std::vector<std::string>& args,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  // addconn --ctlsocket <socket> --config <config> <name>
  sys::RunResult addconn(const std::filesystem::path& config, const std::string& name) const;

  const std::filesystem::path& ctlSocket() const { return ctlSocket_; }

 private:
  sys::RunResult runTool(const std::string& tool, std::vector<std::string> args,
                         std::chrono::milliseconds timeout) const;
  const netns::NetNs* ns_;
  std::filesystem::path ctlSocket_;
  release::Userland userland_;
};

}  // namespace lab::ike::libreswan
