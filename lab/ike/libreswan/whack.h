#pragma once
// libreswan's control clients for one private pluto: whack and addconn, run
// inside the host's namespace (addconn resolves %defaultroute itself) and
// always with an explicit --ctlsocket.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "lab/sys/process.h"

namespace lab::netns {
class NetNs;
}

namespace lab::ike::libreswan {

// Directory holding pluto, whack, addconn (/usr/libexec/ipsec on Debian).
// Throws sys::EnvironmentError naming the package if libreswan is missing.
std::filesystem::path libexecDir();

class Whack {
 public:
  Whack(const netns::NetNs* ns, std::filesystem::path ctlSocket)
      : ns_(ns), ctlSocket_(std::move(ctlSocket)) {}

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
};

}  // namespace lab::ike::libreswan
