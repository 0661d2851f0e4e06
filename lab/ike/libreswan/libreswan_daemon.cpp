#include "lab/ike/libreswan/libreswan_daemon.h"
#include "lab/ike/log_lines.h"
#include "lab/ike/version_probe.h"

#include <deque>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "lab/core/run_dir.h"
#include "lab/ike/libreswan/nss_keys.h"
#include "lab/ike/libreswan/pluto_status.h"
#include "lab/netns/netns.h"
#include "lab/sys/error.h"

namespace lab::ike::libreswan {
namespace {

using namespace std::chrono_literals;

constexpr auto kReadyTimeout = 10s;
constexpr auto kPollInterval = 20ms;

void writeFile(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::trunc);
  out << text;
  if (!out.flush()) throw sys::Error("cannot write " + file.string());
}


std::string firstLineWith(const std::string& text, std::string_view needle) {
  auto at = text.find(needle);
  if (at == std::string::npos) return {};
  auto begin = text.rfind('\n', at);
  begin = begin == std::string::npos ? 0 : begin + 1;
  auto end = text.find('\n', at);
  return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

}  // namespace

LibreswanDaemon::LibreswanDaemon(const netns::NetNs& ns, DaemonDirs dirs)
    : ns_(&ns), dirs_(std::move(dirs)), whack_(&ns, dirs_.state / "run" / "pluto.ctl") {
  paths_.nssDir = dirs_.state / "nss";
  paths_.ipsecDir = dirs_.state / "ipsec.d";
  paths_.secretsFile = dirs_.state / "ipsec.secrets";
  paths_.logFile = dirs_.config / "pluto.log";
  paths_.dumpDir = dirs_.state / "run";
}

LibreswanDaemon::~LibreswanDaemon() { stop(); }

std::string LibreswanDaemon::version() const { return libreswanVersion(); }

PublicKey LibreswanDaemon::hostKey() {
  std::filesystem::create_directories(dirs_.state);
  if (!dirs_.keys.empty()) return adoptKeyEntry(dirs_.keys, paths_.nssDir);
  return newHostKey(paths_.nssDir);
}

void LibreswanDaemon::configure(const ConnSpec& conn, const Credentials& creds) {
  std::string conf = renderIpsecConf(conn, creds, paths_);  // validates first
  std::string secrets = renderSecrets(conn, creds);
  std::filesystem::create_directories(dirs_.config);
  std::filesystem::create_directories(dirs_.state);
  writeFile(confFile(), conf);
  core::writeSecret(paths_.secretsFile, secrets);
  writeFile(dirs_.config / "ipsec.secrets", redactSecrets(conn, creds));
  conn_ = conn;
}

void LibreswanDaemon::start() {
  if (alive()) return;
  pluto_.reset();
  for (const auto& dir : {dirs_.state, dirs_.config, runDir(), paths_.ipsecDir})
    std::filesystem::create_directories(dir);
  if (!dirs_.keys.empty()) adoptKeyEntry(dirs_.keys, paths_.nssDir);  // NSS for PSK runs too
  else initNss(paths_.nssDir);
  if (!std::filesystem::exists(paths_.secretsFile))
    core::writeSecret(paths_.secretsFile, "# labrun: nothing configured yet\n");
  std::string setup = renderSetup(paths_, conn_ ? setupIkeVersion(*conn_) : 2);
  writeFile(setupFile(), setup);
  // A pluto killed earlier leaves its pid file, and a new one refuses to start.
  std::error_code ec;
  std::filesystem::remove(runDir() / "pluto.pid", ec);
  std::filesystem::remove(runDir() / "pluto.ctl", ec);

  sys::RunOptions options;
  options.ns = ns_;
  options.timeout = 0ms;
  options.logFile = dirs_.config / "pluto.stderr";
  options.package = "libreswan";
  pluto_.emplace(sys::Process::start(
      {(libexecDir() / "pluto").string(), "--nofork", "--config", setupFile().string(), "--ipsecdir",
       paths_.ipsecDir.string(), "--nssdir", paths_.nssDir.string(), "--rundir", runDir().string(),
       "--secretsfile", paths_.secretsFile.string(), "--logfile", paths_.logFile.string()},
      options));
  runningSetup_ = setup;
  waitReady();
}

void LibreswanDaemon::waitReady() {
  auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
  std::string last;
  while (true) {
    if (!pluto_->running()) {
      int code = pluto_->exitCode();
      pluto_.reset();
      throw sys::Error("pluto in " + ns_->name() + " exited (code " + std::to_string(code) +
                       ") before its control socket answered:\n" + tail(15));
    }
    if (std::filesystem::exists(ctlSocket())) {
      auto r = whack_.whack({"--briefstatus"}, 2s);
      if (r.ok()) return;
      last = r.out;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      throw sys::Error("pluto in " + ns_->name() + " did not answer on " + ctlSocket().string() +
                       " within 10 s (" + last + "):\n" + tail(15));
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

void LibreswanDaemon::up() {
  if (!conn_) throw sys::Error("libreswan: up() before configure()");
  if (!alive()) throw sys::Error("libreswan: up() but pluto is not running in " + ns_->name());
  if (renderSetup(paths_, setupIkeVersion(*conn_)) != runningSetup_) {  // ikev1-policy changed
    stop();
    start();
  }
  upOffset_ = std::filesystem::exists(paths_.logFile) ? std::filesystem::file_size(paths_.logFile) : 0;
  whack_.whack({"--rereadsecrets"});
  auto added = whack_.addconn(confFile(), conn_->name);
  // addconn exits 0 on some refusals and only prints them, e.g. "while loading
  // 'gre1': The vnet: and vhost: keywords are only valid for IKEv1 connections".
  if (!added.ok() || added.out.find("while loading '") != std::string::npos) {
    throw sys::Error("addconn " + conn_->name + " in " + ns_->name() + " failed (exit " +
                     std::to_string(added.exitCode) + "): " + added.out + "\n" +
                     readFrom(paths_.logFile, upOffset_));
  }
  lastInitiate_.clear();
  if (conn_->initiator)
    lastInitiate_ = whack_.whack({"--initiate", "--name", conn_->name, "--asynchronous"}).out;
}

void LibreswanDaemon::down() {
  if (!conn_ || !alive()) return;
  whack_.whack({"--delete", "--name", conn_->name});  // "no such connection" is fine
}

SaStatus LibreswanDaemon::status() {
  if (!alive()) return {false, false, "pluto is not running"};
  if (!conn_) return {false, false, "nothing configured"};
  auto r = whack_.whack({"--showstates"});
  if (!r.ok()) return {false, false, "whack --showstates failed: " + r.out};
  SaStatus s = statusFromShowStates(r.out, conn_->name);
  std::string refused = firstLineWith(readFrom(paths_.logFile, upOffset_), "netlink response for Add SA");
  if (!refused.empty()) s.detail += "; kernel refused the IPsec SA: " + refused;
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
}

std::filesystem::path LibreswanDaemon::logFile() const { return paths_.logFile; }

std::string LibreswanDaemon::tail(std::size_t count) const {
  std::deque<std::string> lines;
  for (const auto& file : {paths_.logFile, dirs_.config / "pluto.stderr"}) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      lines.push_back(file.filename().string() + ": " + line);
      if (lines.size() > count) lines.pop_front();
    }
  }
  std::string out;
  for (const auto& l : lines) out += l + '\n';
  return out;
}

std::unique_ptr<IkeDaemon> makeLibreswan(const netns::NetNs& ns, const DaemonDirs& dirs) {
  libexecDir();  // throws EnvironmentError when libreswan is not installed
  return std::make_unique<LibreswanDaemon>(ns, dirs);
}

std::string libreswanVersion() {
  static const std::string version = probeVersion({"ipsec", "--version"}, R"(Libreswan\s+([0-9][^\s]*))");
  return version;
}

}  // namespace lab::ike::libreswan
