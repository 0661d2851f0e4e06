#include "lab/ike/strongswan/strongswan_daemon.h"
#include "lab/ike/log_lines.h"
#include "lab/ike/version_probe.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "lab/core/run_dir.h"
#include "lab/ike/strongswan/charon_userland.h"
#include "lab/ike/strongswan/own_swanctl.h"
#include "lab/ike/strongswan/sa_status.h"
#include "lab/ike/strongswan/strongswan.h"
#include "lab/ike/strongswan/swanctl_vici.h"
#include "lab/ike/pubkey.h"
#include "lab/ike/strongswan/host_key.h"
#include "lab/link/source_address.h"
#include "lab/netns/netns.h"
#include "lab/sys/error.h"
#include "lab/sys/file.h"
#include "lab/sys/interrupt.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace lab::ike {
namespace {

using sys::readFile;
using sys::writeFile;

constexpr auto kReadyTimeout = 15s;

}  // namespace

StrongswanDaemon::StrongswanDaemon(const netns::NetNs& ns, const DaemonDirs& dirs)
    : ns_(ns), paths_{dirs.state, dirs.config}, userland_{dirs.root, {dirs.state, dirs.config}}, keys_(dirs.keys) {}

StrongswanDaemon::~StrongswanDaemon() { stop(); }

const IkeImplementation& StrongswanDaemon::implementation() const { return strongswan::implementation(); }

std::string StrongswanDaemon::version() const {
  return daemonVersion_.empty() ? strongswan::versionIn(userland_) : daemonVersion_;
}

void StrongswanDaemon::makeDirs() const {
  fs::create_directories(paths_.state);
  fs::permissions(paths_.state, fs::perms::owner_all, fs::perm_options::replace);
  fs::create_directories(paths_.config);
  for (const auto& d : swanctlCredentialDirs()) fs::create_directories(paths_.swanctlDir() / d);
  fs::permissions(paths_.swanctlDir() / "private", fs::perms::owner_all, fs::perm_options::replace);
}

PublicKey StrongswanDaemon::hostKey() {
  makeDirs();
  if (keys_.empty()) {  // made here, as an entry of the daemon's own
    keys_ = paths_.state / "hostkey";
    if (!fs::exists(keys_)) {
      fs::create_directories(keys_);
      fs::permissions(keys_, fs::perms::owner_all, fs::perm_options::replace);
      strongswan::makeKeyEntry(keys_, userland_);
    }
  }
  auto key = strongswan::adoptKeyEntry(keys_, paths_.privateKey());
  writeFile(paths_.selfPubkey(), key.pem);
  return key;
}

std::string StrongswanDaemon::resolveDefaultRoute(const std::string& towards) const {
  // libreswan resolves %defaultroute to the source address of the default
  // route; the kernel's source address towards a routed peer is the same.
  return link::sourceAddressTowards(ns_, towards.empty() ? "1.1.1.1" : towards).value_or("");
}

void StrongswanDaemon::configure(const std::vector<ConnConfig>& conns) {
  makeDirs();
  vici::Section conf;
  configureStarter(conns, conf);
  if (!starterLiterals_.empty() && starterLiterals_.size() == conns.size()) {  // ipsec.conf only
    std::vector<std::string> names;
    for (const auto& c : conns) names.push_back(c.conn.name);
    conns_ = std::move(names);
    conf_ = std::move(conf);
    return;
  }
  std::vector<std::string> names;
  bool own = false;
  for (const auto& [conn, creds] : conns) {
    if (starterConn(conn.name)) throw sys::Error("strongSwan: " + conn.name + " is an ipsec.conf conn beside swanctl.conf "
                                                 "ones: one host runs one or the other");
    own = own || !conn.literal.empty();
    std::string defaultRoute;
    if (isWildcardLeft(conn.left) && conn.leftid.empty()) defaultRoute = resolveDefaultRoute(conn.right);
    if (conn.auth == Auth::Rsa) {
      if (!creds.self.pem.empty()) writeFile(paths_.selfPubkey(), creds.self.pem);
      if (creds.peer.pem.empty()) throw sys::Error("strongSwan RSA auth needs the peer's PEM public key");
      writeFile(paths_.peerPubkey(conn.name), creds.peer.pem);
      if (!fs::exists(paths_.privateKey()))
        throw sys::Error("strongSwan RSA auth: no host key yet (call hostKey())");
    }
    if (conn.literal.empty()) {
      addConnection(conf, conn, creds, defaultRoute);
    } else {  // a user's own swanctl.conf: this run's PSK and keys in place of theirs
      vici::Section own = strongswan::ownSwanctlTree(conn.literal, creds.psk, paths_.selfPubkey().filename().string(),
                                                     StrongswanPaths::peerPubkeyFile(conn.name));
      for (auto& top : own.entries())
        for (auto& e : top.section.entries()) conf.child(top.name).entries().push_back(e);
    }
    names.push_back(conn.name);
  }
  std::string text = renderSwanctlText(
      conf, swanctlConfHeader(names) + (own ? "; the user's own connection as run, with this run's PSK and keys" : ""));
  core::writeSecret(paths_.swanctlConf(), text);
  writeFile(paths_.redactedSwanctlConf(), redactSwanctlConf(text));
  conns_ = std::move(names);
  conf_ = std::move(conf);
}

std::string StrongswanDaemon::lastLogLines(std::size_t n) const {
  std::string out;
  for (const auto& l : sys::lastLines({paths_.logFile(), paths_.stderrFile()}, n)) out += "\n  " + l;
  return out;
}

void StrongswanDaemon::start() {
  if (alive()) return;
  if (!starterLiterals_.empty()) return startStarter();
  strongswan::requireCharon(userland_);
  makeDirs();
  const std::string version = strongswan::versionIn(userland_);
  writeFile(paths_.strongswanConf(),
            userland_.own() ? renderStrongswanConf(paths_)
                            : renderStrongswanConf(paths_, strongswan::charonPlugins(version, strongswan::pluginsIn(userland_)),
                                                   version));
  std::error_code ec;
  fs::remove(paths_.viciSocket(), ec);  // a stale socket from a killed run

  sys::RunOptions o;
  o.ns = &ns_;
  o.timeout = 0ms;
  o.logFile = paths_.stderrFile();
  o.package = strongswan::kCharonPackage;
  auto argv = strongswan::charonCommand(userland_, paths_.strongswanConf(), o);
  charon_ = std::make_unique<sys::Process>(sys::Process::start(argv, o));
  awaitVici("charon-systemd");
}

void StrongswanDaemon::awaitVici(const std::string& what) {
  const auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
  std::string lastAnswer;
  while (true) {
    if (!charon_->running()) {
      int code = charon_->exitCode();
      charon_.reset();
      throw sys::Error(what + " exited (status " + std::to_string(code) +
                       ") before its VICI socket answered; last log lines:" + lastLogLines(15));
    }
    // Ready when the socket accepts and `version` answers.
    try {
      vici::Client c = vici::Client::connect(paths_.viciSocket(), 500ms);
      daemonVersion_ = c.call("version", {}, 2s).get("version");
      vici_.emplace(std::move(c));
      return;
    } catch (const vici::Error& e) {
      lastAnswer = e.what();
    }
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      throw sys::Error(what + " did not answer on " + paths_.viciUri() + " within " +
                       std::to_string(kReadyTimeout.count()) + " s (" + lastAnswer +
                       "); last log lines:" + lastLogLines(15));
    }
    sys::throwIfInterrupted("waiting for " + what + "'s VICI socket");
    std::this_thread::sleep_for(20ms);
  }
}

vici::Client& StrongswanDaemon::vici() {
  if (!vici_ || vici_->broken()) {
    vici_.reset();
    vici_.emplace(vici::Client::connect(paths_.viciSocket()));
  }
  return *vici_;
}

void StrongswanDaemon::expectSuccess(const vici::Section& reply, const std::string& what) const {
  if (reply.get("success") == "yes") return;
  const std::string why = reply.get("errmsg");
  throw sys::Error("strongSwan: VICI " + what + " on " + paths_.viciUri() + " failed" +
                   (why.empty() ? std::string() : ": " + why) + "; last log lines:" + lastLogLines(10));
}

void StrongswanDaemon::up(const std::string& name) {
  if (!conf_ || std::find(conns_.begin(), conns_.end(), name) == conns_.end())
    throw sys::Error("strongSwan: up(" + name + ") but it is not configured");
  if (!alive()) throw sys::Error("strongSwan: up() while charon is not running");
  // What `swanctl --load-all` sends for the rendered swanctl.conf, for this
  // connection: the key and every connection's shared secrets, then the
  // connection (its raw public keys travel in load-conn). Credentials of an
  // earlier stage are dropped only while no other connection is loaded:
  // clear-creds also drops the public keys a loaded connection came with,
  // and its peer could then no longer authenticate (seen: A's second conn
  // failing with "no trusted RSA public key found"). A connection loaded
  // with start_action=start is initiated by charon right away.
  try {
    vici::Client& v = vici();
    if (loaded_.empty()) expectSuccess(v.call("clear-creds"), "clear-creds");
    if (fs::exists(paths_.privateKey()))
      expectSuccess(v.call("load-key", loadKeyMessage(readFile(paths_.privateKey()))),
                    "load-key " + paths_.privateKey().string());
    for (const auto& shared : loadSharedMessages(*conf_))
      expectSuccess(v.call("load-shared", shared), "load-shared '" + shared.get("id") + "'");
    auto readConfFile = [](const fs::path& file) {
      if (!fs::exists(file)) throw sys::Error("no such file");
      return readFile(file);
    };
    for (const auto& conn : loadConnMessages(*conf_, paths_.swanctlDir(), readConfFile))
      if (conn.entries().front().name == name)
        expectSuccess(v.call("load-conn", conn), "load-conn '" + name + "'");
  } catch (const vici::Error& e) {
    throw sys::Error("strongSwan: loading " + name + " from " + paths_.swanctlConf().string() + " failed: " +
                     e.what() + "; last log lines:" + lastLogLines(10));
  }
  if (std::find(loaded_.begin(), loaded_.end(), name) == loaded_.end()) loaded_.push_back(name);
  if (starterConn(name) && !starter_)
    throw sys::Error("strongSwan: " + name + " is an ipsec.conf conn, but this host's charon-systemd started with a "
                     "swanctl.conf: give the host the same format in every stage");
  if (starterConn(name) && !updateStarter("added configuration '" + name + "'"))
    throw sys::Error("strongSwan: starter did not add " + name + " from " + starterPaths().ipsecConf().string() +
                     " within a few seconds; last log lines:" + lastLogLines(10));
}

void StrongswanDaemon::terminate(const vici::Section& which) {
  // "no matching SAs" and a charon too busy to answer in time are fine: the
  // next call reconnects, and what is left is terminated by id.
  try {
    vici().call("terminate", which);
  } catch (const vici::Error&) {
  }
}

void StrongswanDaemon::down(const std::string& name) {
  loaded_.erase(std::remove(loaded_.begin(), loaded_.end(), name), loaded_.end());
  if (!alive()) return;
  if (starterConn(name) && starter_) updateStarter("deleted connection '" + name + "'");  // its SAs are terminated below
  terminate(vici::Section().set("ike", name).set("force", "yes"));
  try {
    vici::Client& v = vici();
    const vici::Section loaded = v.call("get-conns");
    if (const auto* names = loaded.list("conns"))
      if (std::find(names->begin(), names->end(), name) != names->end())
        expectSuccess(v.call("unload-conn", vici::Section().set("name", name)), "unload-conn '" + name + "'");
    // Whatever is left that no other loaded connection owns (a half-open
    // responder IKE_SA not yet named after its connection) is closed by
    // unique id: the connection's next up() starts from nothing.
    std::vector<vici::Section> sas;
    v.stream("list-sas", {}, "list-sa", sas);
    for (const auto& id : ikeSaIdsExcept(sas, loaded_))
      terminate(vici::Section().set("ike-id", id).set("force", "yes"));
  } catch (const vici::Error& e) {
    throw sys::Error("strongSwan: unloading " + name + " failed: " + std::string(e.what()) +
                     "; last log lines:" + lastLogLines(10));
  }
}

SaStatus StrongswanDaemon::status(const std::string& name) {
  if (std::find(loaded_.begin(), loaded_.end(), name) == loaded_.end()) return {false, false, name + " is not loaded"};
  if (!alive()) return {false, false, "charon is not running"};
  try {
    std::vector<vici::Section> sas;
    vici().stream("list-sas", {}, "list-sa", sas);
    return saStatusFromListSa(sas, name);
  } catch (const vici::Error& e) {
    return {false, false, e.what()};
  }
}

std::vector<std::string> StrongswanDaemon::newLogLines(std::size_t& offset) {
  return newLines(paths_.logFile(), offset);
}

bool StrongswanDaemon::alive() { return charon_ && charon_->running(); }

void StrongswanDaemon::stop() noexcept {
  if (leftRunning_) return;  // a kept lab's charon still serves on its socket
  vici_.reset();
  loaded_.clear();
  if (charon_) {
    charon_->stop();
    charon_.reset();
  }
  if (starter_) stopStarterCharon();
  std::error_code ec;
  fs::remove(paths_.viciSocket(), ec);
}



void StrongswanDaemon::leaveRunning() noexcept {
  leftRunning_ = true;
  vici_.reset();
  if (charon_) charon_->detach();
  charon_.reset();
}

std::vector<std::string> StrongswanDaemon::toolCommands() const {
  // swanctl takes its options after the command.
  const std::string uri = " --uri " + paths_.viciUri();
  std::vector<std::string> out = {"swanctl --list-sas" + uri, "swanctl --list-conns" + uri};
  if (!userland_.own())
    for (auto& c : out) c += "   # charon runs from " + userland_.root.string() + ": use its swanctl";
  return out;
}

}  // namespace lab::ike
