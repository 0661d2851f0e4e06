#include "lab/ike/strongswan/strongswan_daemon.h"
#include "lab/ike/log_lines.h"
#include "lab/ike/version_probe.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "lab/core/run_dir.h"
#include "lab/ike/pubkey.h"
#include "lab/ike/strongswan/host_key.h"
#include "lab/netns/netns.h"
#include "lab/sys/error.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace lab::ike {
namespace {

constexpr const char* kRemedy = "run ci/strongswan-install (as root)";
constexpr auto kReadyTimeout = 15s;

// The child's environment goes through env(1) on its command line, never
// through RunOptions::env: that one is applied to labrun's own environment
// (Boost.Process's this_process::environment() is live), so LD_PRELOAD and
// one instance's STRONGSWAN_CONF would leak into every later child.
std::vector<std::string> withEnv(const std::vector<std::pair<std::string, std::string>>& vars,
                                 const std::string& program) {
  std::vector<std::string> argv{sys::findProgram("env", "coreutils").string()};
  for (const auto& [k, v] : vars) argv.push_back(k + "=" + v);
  argv.push_back(program);
  return argv;
}

fs::path charonBinary() { return strongswanPrefix() / "usr/sbin/charon-systemd"; }
fs::path privateLibDir() { return strongswanPrefix() / "usr/lib/ipsec"; }
fs::path socketPlugin() { return privateLibDir() / "plugins/libstrongswan-socket-default.so"; }

void writeFile(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::trunc);
  out << text;
  if (!out) throw sys::Error("cannot write " + file.string());
}

std::string readFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A node of swanctl's --raw output: `key=value`, `key {...}`, `key [a b]`.
struct RawNode {
  std::map<std::string, std::string> values;
  std::vector<std::pair<std::string, RawNode>> sections;
};

// Parses the inside of one section starting at `pos` up to its `}`.
void parseRaw(const std::string& s, std::size_t& pos, RawNode& node) {
  auto skipSpace = [&] {
    while (pos < s.size() && std::isspace(static_cast<unsigned char>(s[pos]))) ++pos;
  };
  while (true) {
    skipSpace();
    if (pos >= s.size()) return;
    if (s[pos] == '}') {
      ++pos;
      return;
    }
    std::size_t start = pos;
    while (pos < s.size() && !std::isspace(static_cast<unsigned char>(s[pos])) && s[pos] != '=' &&
           s[pos] != '{' && s[pos] != '}')
      ++pos;
    std::string key = s.substr(start, pos - start);
    skipSpace();
    if (pos < s.size() && s[pos] == '=') {
      ++pos;
      std::size_t v = pos;
      if (pos < s.size() && s[pos] == '[') {  // list: up to ']'
        auto end = s.find(']', pos);
        pos = end == std::string::npos ? s.size() : end + 1;
      } else {
        while (pos < s.size() && !std::isspace(static_cast<unsigned char>(s[pos])) && s[pos] != '}')
          ++pos;
      }
      node.values[key] = s.substr(v, pos - v);
    } else if (pos < s.size() && s[pos] == '{') {
      ++pos;
      RawNode child;
      parseRaw(s, pos, child);
      node.sections.emplace_back(std::move(key), std::move(child));
    } else if (key.empty()) {
      ++pos;  // stray character
    }
  }
}

std::string value(const RawNode& n, const std::string& key) {
  auto it = n.values.find(key);
  return it == n.values.end() ? std::string() : it->second;
}

}  // namespace

fs::path strongswanPrefix() {
  const char* env = std::getenv("LABRUN_STRONGSWAN_PREFIX");
  return env && *env ? fs::path(env) : fs::path("/opt/labrun/strongswan");
}

std::string strongswanVersion() {
  static std::once_flag once;
  static std::string version;
  std::call_once(once, [] {
    std::error_code ec;
    if (!fs::exists(charonBinary(), ec) || !fs::exists(privateLibDir() / "libcharon.so.0", ec) ||
        !fs::exists(socketPlugin(), ec))
      return;
    // `swanctl --version` asks the daemon; the usage text names the version.
    version = probeVersion({"swanctl", "--help"}, R"(strongSwan (\d+\.\d+\.\d+) swanctl)");
  });
  return version;
}

SaStatus parseListSasRaw(const std::string& raw, const std::string& conn) {
  SaStatus st;
  std::string ikeState, childState, peers;
  std::istringstream lines(raw);
  std::string line;
  while (std::getline(lines, line)) {
    static const std::string kEvent = "list-sa event {";
    auto at = line.find(kEvent);
    if (at == std::string::npos) continue;
    std::size_t pos = at + kEvent.size();
    RawNode event;
    parseRaw(line, pos, event);
    for (const auto& [name, ike] : event.sections) {
      if (name != conn) continue;
      std::string state = value(ike, "state");
      if (ikeState.empty() || state == "ESTABLISHED") {
        ikeState = state;
        peers = "IKEv" + value(ike, "version") + " " + value(ike, "local-host") + "[" +
                value(ike, "local-id") + "]..." + value(ike, "remote-host") + "[" +
                value(ike, "remote-id") + "]";
      }
      if (state == "ESTABLISHED") st.ikeUp = true;
      for (const auto& [sec, children] : ike.sections) {
        if (sec != "child-sas") continue;
        for (const auto& [childName, child] : children.sections) {
          std::string cs = value(child, "state");
          if (childState.empty() || cs == "INSTALLED") childState = cs;
          if (cs == "INSTALLED") st.childUp = true;
        }
      }
    }
  }
  if (ikeState.empty()) {
    st.detail = "no IKE_SA for '" + conn + "'";
  } else {
    st.detail = "IKE_SA " + conn + " " + ikeState + " (" + peers + "), CHILD_SA " +
                (childState.empty() ? std::string("none") : childState);
  }
  return st;
}

StrongswanDaemon::StrongswanDaemon(const netns::NetNs& ns, const DaemonDirs& dirs)
    : ns_(ns), paths_{dirs.state, dirs.config}, keys_(dirs.keys) {}

StrongswanDaemon::~StrongswanDaemon() { stop(); }

void StrongswanDaemon::makeDirs() const {
  fs::create_directories(paths_.state);
  fs::permissions(paths_.state, fs::perms::owner_all, fs::perm_options::replace);
  fs::create_directories(paths_.config);
  for (const auto& d : swanctlCredentialDirs()) fs::create_directories(paths_.swanctlDir() / d);
  fs::permissions(paths_.swanctlDir() / "private", fs::perms::owner_all, fs::perm_options::replace);
}

sys::RunResult StrongswanDaemon::swanctl(const std::vector<std::string>& args,
                                         std::chrono::milliseconds timeout) const {
  std::vector<std::string> argv = withEnv({{"STRONGSWAN_CONF", paths_.strongswanConf().string()},
                                           {"SWANCTL_DIR", paths_.swanctlDir().string()}},
                                          sys::findProgram("swanctl", "strongswan-swanctl").string());
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--uri");
  argv.push_back(paths_.viciUri());
  sys::RunOptions o;
  o.ns = &ns_;
  o.timeout = timeout;
  return sys::run(argv, o);
}

PublicKey StrongswanDaemon::hostKey() {
  makeDirs();
  if (keys_.empty()) {  // made here, as an entry of the daemon's own
    keys_ = paths_.state / "hostkey";
    if (!fs::exists(keys_)) {
      fs::create_directories(keys_);
      fs::permissions(keys_, fs::perms::owner_all, fs::perm_options::replace);
      strongswan::makeKeyEntry(keys_);
    }
  }
  auto key = strongswan::adoptKeyEntry(keys_, paths_.privateKey());
  writeFile(paths_.selfPubkey(), key.pem);
  return key;
}

std::string StrongswanDaemon::resolveDefaultRoute(const std::string& towards) const {
  // libreswan resolves %defaultroute to the source address of the default
  // route; `ip route get <peer>` gives the same answer for a routed peer.
  sys::RunOptions o;
  o.ns = &ns_;
  o.timeout = 5s;
  o.package = "iproute2";
  auto r = sys::run({"ip", "-4", "route", "get", towards.empty() ? "1.1.1.1" : towards}, o);
  if (!r.ok()) return {};
  std::smatch m;
  static const std::regex src(R"(\bsrc (\d+\.\d+\.\d+\.\d+))");
  return std::regex_search(r.out, m, src) ? std::string(m[1]) : std::string();
}

void StrongswanDaemon::configure(const ConnSpec& conn, const Credentials& creds) {
  makeDirs();
  std::string defaultRoute;
  if (isWildcardLeft(conn.left) && conn.leftid.empty()) defaultRoute = resolveDefaultRoute(conn.right);
  if (conn.auth == Auth::Rsa) {
    if (!creds.self.pem.empty()) writeFile(paths_.selfPubkey(), creds.self.pem);
    if (creds.peer.pem.empty()) throw sys::Error("strongSwan RSA auth needs the peer's PEM public key");
    writeFile(paths_.peerPubkey(), creds.peer.pem);
    if (!fs::exists(paths_.privateKey()))
      throw sys::Error("strongSwan RSA auth: no host key yet (call hostKey())");
  }
  std::string text = renderSwanctlConf(conn, creds, paths_, defaultRoute);
  core::writeSecret(paths_.swanctlConf(), text);
  writeFile(paths_.redactedSwanctlConf(), redactSwanctlConf(text));
  conn_ = conn;
}

std::string StrongswanDaemon::lastLogLines(std::size_t n) const {
  std::vector<std::string> lines;
  for (const auto& file : {paths_.logFile(), paths_.stderrFile()}) {
    std::istringstream in(readFile(file));
    std::string l;
    while (std::getline(in, l)) lines.push_back(l);
  }
  std::string out;
  for (std::size_t i = lines.size() > n ? lines.size() - n : 0; i < lines.size(); ++i)
    out += "\n  " + lines[i];
  return out;
}

void StrongswanDaemon::start() {
  if (alive()) return;
  if (strongswanVersion().empty())
    throw sys::EnvironmentError("strongSwan is not installed (swanctl, or charon-systemd under " +
                                    strongswanPrefix().string() + ")",
                                kRemedy);
  makeDirs();
  writeFile(paths_.strongswanConf(), renderStrongswanConf(paths_));
  std::error_code ec;
  fs::remove(paths_.viciSocket(), ec);  // a stale socket from a killed run

  sys::RunOptions o;
  o.ns = &ns_;
  o.timeout = 0ms;
  o.logFile = paths_.stderrFile();
  auto argv = withEnv({{"STRONGSWAN_CONF", paths_.strongswanConf().string()},
                       {"LD_LIBRARY_PATH", privateLibDir().string()},
                       {"LD_PRELOAD", socketPlugin().string()}},
                      charonBinary().string());
  charon_ = std::make_unique<sys::Process>(sys::Process::start(argv, o));

  const auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
  std::string lastAnswer;
  while (true) {
    if (!charon_->running()) {
      int code = charon_->exitCode();
      charon_.reset();
      throw sys::Error("charon-systemd exited (status " + std::to_string(code) +
                       ") before its VICI socket answered; last log lines:" + lastLogLines(15));
    }
    if (fs::exists(paths_.viciSocket())) {
      auto r = swanctl({"--stats"}, 2s);
      if (r.ok()) return;
      lastAnswer = r.out;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      throw sys::Error("charon-systemd did not answer on " + paths_.viciUri() + " within " +
                       std::to_string(kReadyTimeout.count()) + " s (swanctl --stats: " + lastAnswer +
                       "); last log lines:" + lastLogLines(15));
    }
    std::this_thread::sleep_for(20ms);
  }
}

void StrongswanDaemon::up() {
  if (!conn_) throw sys::Error("strongSwan: up() before configure()");
  if (!alive()) throw sys::Error("strongSwan: up() while charon is not running");
  // --clear drops credentials of an earlier stage; connections absent from
  // the file are unloaded. A connection loaded with start_action=start is
  // initiated by charon right away (no blocking swanctl --initiate).
  auto r = swanctl({"--load-all", "--clear", "--noprompt"});
  if (!r.ok()) throw sys::Error("swanctl --load-all failed: " + r.out);
}

void StrongswanDaemon::down() {
  if (!alive()) return;
  if (conn_) swanctl({"--terminate", "--ike", conn_->name, "--force"});  // "no matching SAs" is fine
  fs::path empty = paths_.state / "empty.conf";
  writeFile(empty, renderEmptySwanctlConf());
  auto r = swanctl({"--load-conns", "--file", empty.string()});
  if (!r.ok()) throw sys::Error("swanctl --load-conns (unload) failed: " + r.out);
  // Whatever is left (a half-open responder IKE_SA not yet named after the
  // connection) is closed by unique id: the next stage starts from nothing.
  // Child ids match no IKE_SA or one that is going anyway.
  auto left = swanctl({"--list-sas", "--raw"});
  static const std::regex uid(R"(uniqueid=(\d+))");
  for (std::sregex_iterator it(left.out.begin(), left.out.end(), uid), end; it != end; ++it)
    swanctl({"--terminate", "--ike-id", (*it)[1].str(), "--force"});
}

SaStatus StrongswanDaemon::status() {
  if (!conn_) return {false, false, "not configured"};
  if (!alive()) return {false, false, "charon is not running"};
  auto r = swanctl({"--list-sas", "--raw"});
  if (!r.ok()) return {false, false, "swanctl --list-sas failed: " + r.out};
  return parseListSasRaw(r.out, conn_->name);
}

std::vector<std::string> StrongswanDaemon::newLogLines(std::size_t& offset) {
  return newLines(paths_.logFile(), offset);
}

bool StrongswanDaemon::alive() { return charon_ && charon_->running(); }

void StrongswanDaemon::stop() noexcept {
  if (charon_) {
    charon_->stop();
    charon_.reset();
  }
  std::error_code ec;
  fs::remove(paths_.viciSocket(), ec);
}

std::unique_ptr<IkeDaemon> makeStrongswan(const netns::NetNs& ns, const DaemonDirs& dirs) {
  return std::make_unique<StrongswanDaemon>(ns, dirs);
}

}  // namespace lab::ike
