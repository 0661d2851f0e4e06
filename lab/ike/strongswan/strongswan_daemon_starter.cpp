// StrongswanDaemon's ipsec.conf way: Debian's starter and charon with the
// stroke plugin, from the release root (see strongswan_daemon.h).
#include <signal.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "lab/core/run_dir.h"
#include "lab/ike/log_lines.h"
#include "lab/ike/strongswan/charon_userland.h"
#include "lab/ike/strongswan/strongswan_daemon.h"
#include "lab/sys/error.h"
#include "lab/sys/file.h"
#include "lab/sys/interrupt.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace lab::ike {
namespace {

constexpr const char* kStarter = "/usr/lib/ipsec/starter";  // requireStarter checks it is there
constexpr const char* kStarterPackage = "strongswan-starter";
constexpr auto kUpdateTimeout = 8s;

// charon's pid as starter's charon wrote it in the host's private /run.
pid_t pidIn(const fs::path& file) {
  std::ifstream f(file);
  long pid = 0;
  return (f >> pid) && pid > 1 ? static_cast<pid_t>(pid) : 0;
}

}  // namespace

void StrongswanDaemon::configureStarter(const std::vector<ConnConfig>& conns, vici::Section& conf) {
  starterLiterals_.clear();
  std::vector<std::string> literals, psks, redacted;
  for (const auto& [conn, creds] : conns) {
    if (!strongswan::isIpsecConfLiteral(conn.literal)) continue;
    std::string literal = conn.literal;
    if (conn.auth == Auth::Rsa) {  // the lab's raw keys in place of the user's (as for swanctl.conf)
      if (creds.peer.pem.empty()) throw sys::Error("strongSwan RSA auth needs the peer's PEM public key");
      if (!creds.self.pem.empty()) sys::writeFile(paths_.selfPubkey(), creds.self.pem);
      sys::writeFile(paths_.peerPubkey(conn.name), creds.peer.pem);
      literal = strongswan::withLabKeys(literal, paths_.selfPubkey().string(), paths_.peerPubkey(conn.name).string());
    }
    starterLiterals_[conn.name] = literal;
    literals.push_back(literal);
    psks.push_back(creds.psk);
    redacted.push_back("<redacted>");
    // The same secrets over VICI (load-shared on up()): charon's credential
    // manager serves them to stroke's conns too, and a later stage's need no
    // rereadsecrets.
    int i = 0;
    for (const auto& owners : strongswan::starterSecretOwners(conn.literal)) {
      auto& s = conf.child("secrets").add("ike-" + conn.name + "-" + std::to_string(i++));
      int n = 0;
      for (const auto& id : owners) s.set("id-" + std::to_string(n++), id);
      s.set("secret", creds.psk);
    }
  }
  if (literals.empty()) return;
  const auto p = starterPaths();
  core::writeSecret(p.ipsecSecrets(), strongswan::starterIpsecSecrets(literals, psks));
  sys::writeFile(p.redactedIpsecConf(), strongswan::starterIpsecConf(literals));
  sys::writeFile(p.redactedIpsecSecrets(), strongswan::starterIpsecSecrets(literals, redacted));
}

void StrongswanDaemon::startStarter() {
  strongswan::requireStarter(userland_);
  makeDirs();
  const auto p = starterPaths();
  const std::string version = strongswan::versionIn(userland_);
  auto plugins = strongswan::pluginsIn(userland_);
  std::string load = strongswan::charonPlugins(version, plugins) + " stroke";
  sys::writeFile(paths_.strongswanConf(), strongswan::renderStarterStrongswanConf(p, load, version));
  sys::writeFile(p.ipsecConf(), strongswan::starterIpsecConf({}));  // conns come with up()
  std::error_code ec;
  fs::remove_all(p.run(), ec);  // a killed run's pid files would keep starter from starting charon
  fs::create_directories(p.run());
  fs::remove(paths_.viciSocket(), ec);

  sys::RunOptions o;
  o.ns = &ns_;
  o.timeout = 0ms;
  o.logFile = paths_.stderrFile();
  o.package = kStarterPackage;
  userland_.apply(o);
  o.rootRun = p.run();
  o.env["STRONGSWAN_CONF"] = paths_.strongswanConf().string();  // starter's, and the charon it starts
  charon_ = std::make_unique<sys::Process>(
      sys::Process::start({kStarter, "--nofork", "--conf", p.ipsecConf().string()}, o));
  starter_ = true;
  awaitVici("strongSwan's starter (with charon)");
}

bool StrongswanDaemon::updateStarter(const std::string& logLine) {
  std::vector<std::string> literals;
  for (const auto& name : loaded_)
    if (auto it = starterLiterals_.find(name); it != starterLiterals_.end()) literals.push_back(it->second);
  const auto p = starterPaths();
  sys::writeFile(p.ipsecConf(), strongswan::starterIpsecConf(literals));
  std::error_code ec;
  std::size_t offset = fs::exists(paths_.logFile(), ec) ? fs::file_size(paths_.logFile(), ec) : 0;
  if (!charon_ || ::kill(charon_->pid(), SIGHUP) != 0) return false;  // `ipsec update`
  const auto deadline = std::chrono::steady_clock::now() + kUpdateTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    for (const auto& l : newLines(paths_.logFile(), offset))
      if (l.find(logLine) != std::string::npos) return true;
    sys::throwIfInterrupted("waiting for strongSwan's starter to update");
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

void StrongswanDaemon::stopStarterCharon() noexcept {
  // starter stops its charon on SIGTERM; one left behind (starter killed
  // first) is ended here by its pid file.
  starter_ = false;
  const pid_t pid = pidIn(starterPaths().run() / "charon.pid");
  if (pid > 0 && ::kill(pid, 0) == 0) {
    ::kill(pid, SIGTERM);
    for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(20ms);
    if (::kill(pid, 0) == 0) ::kill(pid, SIGKILL);
  }
}

}  // namespace lab::ike
