#include "lab/ike/libreswan/whack.h"

#include "lab/sys/error.h"

namespace lab::ike::libreswan {

std::filesystem::path libexecDir(const release::Userland& userland) {
  for (const char* dir : {"/usr/libexec/ipsec", "/usr/local/libexec/ipsec"}) {
    std::error_code ec;
    if (std::filesystem::exists(userland.file(std::filesystem::path(dir) / "pluto"), ec)) return dir;
  }
  if (!userland.own())
    throw sys::EnvironmentError("no pluto in release root " + userland.root.string(),
                                "labrun release rm, then labrun release build, for this root");
  throw sys::EnvironmentError("libreswan is not installed (no pluto in /usr/libexec/ipsec)",
                              "apt-get install libreswan");
}

sys::RunResult Whack::runTool(const std::string& tool, std::vector<std::string> args,
                              std::chrono::milliseconds timeout) const {
  args.insert(args.begin(), {(libexecDir(userland_) / tool).string(), "--ctlsocket", ctlSocket_.string()});
  sys::RunOptions options;
  userland_.apply(options);
  options.ns = ns_;
  options.timeout = timeout;
  options.package = "libreswan";
  return sys::run(args, options);
}

sys::RunResult Whack::whack(const std::vector<std::string>& args, std::chrono::milliseconds timeout) const {
  return runTool("whack", args, timeout);
}

sys::RunResult Whack::addconn(const std::filesystem::path& config, const std::string& name) const {
  return runTool("addconn", {"--config", config.string(), name}, std::chrono::seconds(10));
}

}  // namespace lab::ike::libreswan
