#include "lab/ike/libreswan/libreswan_daemon.h"
#include "lab/ike/log_lines.h"
#include "lab/ike/version_probe.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>
#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "lab/core/run_dir.h"
#include "lab/ike/libreswan/libreswan.h"
#include "lab/ike/libreswan/nss_keys.h"
#include "lab/ike/libreswan/pluto_status.h"
#include "lab/ike/libreswan/version_traits.h"
#include "lab/release/release_root.h"
#include "lab/netns/netns.h"
#include "lab/sys/error.h"
#include "lab/sys/file.h"
#include "lab/sys/fd.h"

namespace lab::ike::libreswan {
namespace {

using sys::readFile;
using sys::writeFile;

using namespace std::chrono_literals;

constexpr auto kReadyTimeout = 10s;
constexpr auto kPollInterval = 20ms;
// What pluto logs once `whack --listen` made it serve IKE (libreswan 3.x-5.x).
constexpr std::string_view kListening = "listening for IKE messages";
// How long start() waits for that line before sending `whack --listen` itself.
constexpr auto kListenGrace = 3s;




// True once something listens on the unix socket (connect() succeeds).
bool acceptsConnections(const std::filesystem::path& socket) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string path = socket.string();
  if (path.size() >= sizeof addr.sun_path) return false;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  sys::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  return fd && ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
}

}  // namespace

LibreswanDaemon::LibreswanDaemon(const netns::NetNs& ns, DaemonDirs dirs)
    : ns_(&ns),
      dirs_(std::move(dirs)),
      userland_{dirs_.root, {dirs_.state, dirs_.config}},
      version_(libreswanVersion(dirs_.root)),
      whack_(&ns, dirs_.state / "run" / "pluto.ctl", userland_) {
  paths_.nssDir = dirs_.state / "nss";
  paths_.ipsecDir = dirs_.state / "ipsec.d";
  paths_.secretsFile = dirs_.state / "ipsec.secrets";
  paths_.logFile = dirs_.config / "pluto.log";
  paths_.dumpDir = dirs_.state / "run";
}

LibreswanDaemon::~LibreswanDaemon() { stop(); }

const IkeImplementation& LibreswanDaemon::implementation() const { return libreswan::implementation(); }

std::string LibreswanDaemon::version() const { return version_; }

PublicKey LibreswanDaemon::hostKey() {
  std::filesystem::create_directories(dirs_.state);
  if (!dirs_.keys.empty()) return adoptKeyEntry(dirs_.keys, paths_.nssDir);
  return newHostKey(paths_.nssDir, userland_);
}

void LibreswanDaemon::configure(const std::vector<ConnConfig>& conns) {
  std::string conf = renderIpsecConf(conns, paths_, traitsOf(version_));  // validates first
  std::string secrets = renderSecrets(conns);
  std::filesystem::create_directories(dirs_.config);
  std::filesystem::create_directories(dirs_.state);
  writeFile(confFile(), conf);
  core::writeSecret(paths_.secretsFile, secrets);
  writeFile(dirs_.config / "ipsec.secrets", redactSecrets(conns));
  conns_ = conns;
}

const ConnConfig& LibreswanDaemon::configured(const std::string& conn) const {
  for (const auto& c : conns_)
    if (c.conn.name == conn) return c;
  throw sys::Error("libreswan in " + ns_->name() + ": connection " + conn + " is not configured");
}

void LibreswanDaemon::start() {
  if (alive()) return;
  pluto_.reset();
  for (const auto& dir : {dirs_.state, dirs_.config, runDir(), paths_.ipsecDir})
    std::filesystem::create_directories(dir);
  if (!dirs_.keys.empty()) adoptKeyEntry(dirs_.keys, paths_.nssDir);  // NSS for PSK runs too
  else initNss(paths_.nssDir, userland_);
  if (!std::filesystem::exists(paths_.secretsFile))
    core::writeSecret(paths_.secretsFile, "# labrun: nothing configured yet\n");
  std::string setup = renderSetup(paths_, setupIkeVersion(conns_), traitsOf(version_));
  writeFile(setupFile(), setup);
  // A pluto killed earlier leaves its pid file, and a new one refuses to start.
  std::error_code ec;
  std::filesystem::remove(runDir() / "pluto.pid", ec);
  std::filesystem::remove(runDir() / "pluto.ctl", ec);
  std::size_t logOffset = std::filesystem::file_size(paths_.logFile, ec);  // this start's lines follow
  if (ec) logOffset = 0;

  sys::RunOptions options;
  options.ns = ns_;
  options.timeout = 0ms;
  options.logFile = dirs_.config / "pluto.stderr";
  options.package = "libreswan";
  userland_.apply(options);
  pluto_.emplace(sys::Process::start(
      {(libexecDir(userland_) / "pluto").string(), "--nofork", "--config", setupFile().string(), "--ipsecdir",
       paths_.ipsecDir.string(), "--nssdir", paths_.nssDir.string(), "--rundir", runDir().string(),
       "--secretsfile", paths_.secretsFile.string(), "--logfile", paths_.logFile.string()},
      options));
  runningSetup_ = setup;
  loadedSecrets_ = readFile(paths_.secretsFile);  // what the start's `whack --listen` loads
  waitReady(logOffset);
}

// Ready once pluto serves IKE: it has processed `whack --listen` (found its
// interfaces, loaded the secrets file), which the `addconn --autoall` it
// forks at startup sends, and it logs kListening. No exec (35-300 ms each
// under UML). A plain connect() is not enough: pluto listens on its control
// socket long before that, and logs an error for every connection that
// closes without a message. If the line does not come (another wording),
// one `whack --listen` of ours confirms instead, once the socket accepts.
void LibreswanDaemon::waitReady(std::size_t logOffset) {
  const auto begin = std::chrono::steady_clock::now();
  const auto deadline = begin + kReadyTimeout;
  bool askedToListen = false;
  std::string last;
  while (true) {
    if (!pluto_->running()) {
      int code = pluto_->exitCode();
      pluto_.reset();
      throw sys::Error("pluto in " + ns_->name() + " exited (code " + std::to_string(code) +
                       ") before it was ready:\n" + tail(15));
    }
    for (const auto& line : newLines(paths_.logFile, logOffset))
      if (line.find(kListening) != std::string::npos) return;
    const auto now = std::chrono::steady_clock::now();
    if (!askedToListen && now - begin > kListenGrace && acceptsConnections(ctlSocket())) {
      askedToListen = true;
      auto r = whack_.whack({"--listen"}, 5s);
      if (r.ok()) return;
      last = " (whack --listen: " + r.out + ")";
    }
    if (now > deadline) {
      stop();
      throw sys::Error("pluto in " + ns_->name() + " was not listening for IKE within 10 s" + last + ":\n" +
                       tail(15));
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

void LibreswanDaemon::up(const std::string& name) {
  const ConnConfig& c = configured(name);
  if (!alive()) throw sys::Error("libreswan: up() but pluto is not running in " + ns_->name());
  if (renderSetup(paths_, setupIkeVersion(conns_), traitsOf(version_)) != runningSetup_) {  // ikev1-policy changed
    const auto wasUp = up_;
    stop();
    start();
    for (const auto& other : wasUp)  // a restart drops every conn: load the others again
      if (other != name)
        for (const auto& oc : conns_)
          if (oc.conn.name == other) load(oc);
  }
  load(c);
}

void LibreswanDaemon::load(const ConnConfig& c) {
  const std::string& name = c.conn.name;
  upOffset_[name] = std::filesystem::exists(paths_.logFile) ? std::filesystem::file_size(paths_.logFile) : 0;
  // pluto has the secrets it loaded at start (or at the last reread): ask
  // again only if the file changed since.
  if (std::string secrets = readFile(paths_.secretsFile); secrets != loadedSecrets_) {
    auto r = whack_.whack({"--rereadsecrets"});
    if (r.ok()) loadedSecrets_ = std::move(secrets);
  }
  auto added = whack_.addconn(confFile(), name);
  // addconn exits 0 on some refusals and only prints them, e.g. "while loading
  // 'gre1': The vnet: and vhost: keywords are only valid for IKEv1 connections".
  if (!added.ok() || added.out.find("while loading '") != std::string::npos) {
    throw sys::Error("addconn " + name + " in " + ns_->name() + " failed (exit " + std::to_string(added.exitCode) +
                     "): " + added.out + "\n" + readFrom(paths_.logFile, upOffset_[name]));
  }
  if (std::find(up_.begin(), up_.end(), name) == up_.end()) up_.push_back(name);
  lastInitiate_.clear();
  if (c.conn.initiator) lastInitiate_ = whack_.whack({"--initiate", "--name", name, "--asynchronous"}).out;
}

void LibreswanDaemon::down(const std::string& name) {
  up_.erase(std::remove(up_.begin(), up_.end(), name), up_.end());
  if (!alive()) return;
  whack_.whack({"--delete", "--name", name});  // "no such connection" is fine
}

SaStatus LibreswanDaemon::status(const std::string& name) {
  if (!alive()) return {false, false, "pluto is not running"};
  if (std::find(up_.begin(), up_.end(), name) == up_.end()) return {false, false, name + " is not loaded"};
  auto r = whack_.whack({"--showstates"});
  if (!r.ok()) return {false, false, "whack --showstates failed: " + r.out};
  if (r.out != lastShowStates_) {  // kept with the log: what each version prints (fixtures, reading a failure)
    writeFile(dirs_.config / "showstates.txt", r.out);
    lastShowStates_ = r.out;
  }
  SaStatus s = statusFromShowStates(r.out, name);
  std::istringstream since(readFrom(paths_.logFile, upOffset_[name]));
  for (std::string line; std::getline(since, line);) {
    if (line.find("netlink response for Add SA") == std::string::npos) continue;
    if (const auto conn = plutoLineConn(line); !conn.empty() && conn != name) continue;
    s.detail += "; kernel refused the IPsec SA: " + line;
    break;
  }
  return s;
}

std::vector<std::string> LibreswanDaemon::newLogLines(std::size_t& offset) {
  return newLines(paths_.logFile, offset);
}

bool LibreswanDaemon::alive() { return pluto_ && pluto_->running(); }

void LibreswanDaemon::stop() noexcept {
  if (pluto_) pluto_->stop();
  pluto_.reset();
  runningSetup_.clear();
  loadedSecrets_.clear();
  up_.clear();
}

std::filesystem::path LibreswanDaemon::logFile() const { return paths_.logFile; }

std::string LibreswanDaemon::tail(std::size_t count) const {
  std::string out;
  for (const auto& l : sys::lastLines({paths_.logFile, dirs_.config / "pluto.stderr"}, count, true)) out += l + '\n';
  return out;
}

std::string libreswanVersion() {
  static const std::string version = probeVersion({"ipsec", "--version"}, R"(Libreswan\s+([0-9][^\s]*))");
  return version;
}

std::string libreswanVersion(const std::filesystem::path& root) {
  if (root.empty()) return libreswanVersion();
  auto manifest = release::readManifest(root);
  return manifest ? release::upstreamVersion(manifest->packageVersion("libreswan")) : std::string();
}

void LibreswanDaemon::leaveRunning() noexcept {
  if (pluto_) pluto_->detach();
  pluto_.reset();
}

std::vector<std::string> LibreswanDaemon::toolCommands() const {
  const std::string whack = "ipsec whack --ctlsocket " + ctlSocket().string();
  std::vector<std::string> out = {whack + " --trafficstatus", whack + " --showstates"};
  if (!userland_.own())  // whack must speak this pluto's version: the root's own
    for (auto& c : out) c += "   # pluto runs from " + userland_.root.string() + ": use its whack";
  return out;
}

}  // namespace lab::ike::libreswan
