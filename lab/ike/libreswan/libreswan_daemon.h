#pragma once
// pluto, one private instance per host, in the host's namespace:
//
//   auto d = libreswan::implementation().makeDaemon(lab.node("A"), {state, config});
//   PublicKey key = d->hostKey();   // before or after start()
//   d->configure({{conn, creds}, ...});     // writes ipsec.conf/.secrets: every conn of the host
//   d->start();                             // pluto --nofork; returns once it listens for IKE
//   d->up("gre1");                          // [whack --rereadsecrets if changed]; addconn gre1;
//                                           // whack --initiate (initiator)
//   d->status("gre1");                      // whack --showstates
//   d->down("gre1");                        // whack --delete --name gre1
//   d->stop();
//
// With dirs.root (a release root), pluto, whack, addconn and ipsec run from
// that root, each in a private mount namespace (sys::RunOptions::root).
//
// Files: dirs.state/{nss/, run/pluto.ctl, run/pluto.pid, ipsec.d/, ipsec.secrets (0600)};
// dirs.config/{ipsec.conf, ipsec.secrets (PSK redacted), pluto-setup.conf,
// pluto.log, pluto.stderr, showstates.txt (the last whack --showstates)}. pluto gets only the `config setup` section
// (pluto-setup.conf): 4.x loads a --config file's conns at startup itself.
// IKEv1 needs `ikev1-policy=accept` at pluto's start: up() restarts pluto when
// the configured connections need a different policy than it was started
// with (and then loads every other connection it had up again).
#include <filesystem>
#include <map>
#include <memory>
#include <vector>
#include <optional>
#include <string>

#include "lab/ike/ike_daemon.h"
#include "lab/ike/libreswan/libreswan_conf.h"
#include "lab/ike/libreswan/whack.h"
#include "lab/sys/process.h"

namespace lab::ike::libreswan {

class LibreswanDaemon : public IkeDaemon {
 public:
  LibreswanDaemon(const netns::NetNs& ns, DaemonDirs dirs);
  ~LibreswanDaemon() override;

  const IkeImplementation& implementation() const override;
  std::string version() const override;
  // Works before or after start() (NSS db in dirs.state/nss).
  PublicKey hostKey() override;
  void configure(const std::vector<ConnConfig>& conns) override;
  void start() override;
  // Throws sys::Error if `conn` is not configured, pluto is not running, or
  // addconn refuses the conn. An initiate that pluto refuses (e.g. "we cannot
  // identify ourselves") is not an error: it is in the log.
  void up(const std::string& conn) override;
  void down(const std::string& conn) override;
  // ikeUp/childUp from --showstates; detail adds the kernel's refusal of the
  // IPsec SA ("netlink response for Add SA ...") when pluto logged one since
  // the connection's last up().
  SaStatus status(const std::string& conn) override;
  // pluto logs every state transition that --showstates would show.
  bool statusFollowsLog() const override { return true; }
  std::vector<std::string> newLogLines(std::size_t& offset) override;
  bool alive() override;
  void stop() noexcept override;
  void leaveRunning() noexcept override;
  std::vector<std::string> toolCommands() const override;
  std::filesystem::path logFile() const override;

  const LibreswanPaths& paths() const { return paths_; }
  std::filesystem::path ctlSocket() const { return runDir() / "pluto.ctl"; }
  // Output of the last whack --initiate (e.g. "022 ... we cannot identify ourselves ...").
  const std::string& lastInitiateOutput() const { return lastInitiate_; }

  // The connections that are up (loaded by up(), not taken down since).
  const std::vector<std::string>& upConns() const { return up_; }

 private:
  std::filesystem::path runDir() const { return dirs_.state / "run"; }
  std::filesystem::path setupFile() const { return dirs_.config / "pluto-setup.conf"; }
  std::filesystem::path confFile() const { return dirs_.config / "ipsec.conf"; }
  void waitReady(std::size_t logOffset);
  std::string tail(std::size_t lines) const;
  const ConnConfig& configured(const std::string& conn) const;
  void load(const ConnConfig& c);

  const netns::NetNs* ns_;
  DaemonDirs dirs_;
  release::Userland userland_;  // the machine's own, or dirs.root's
  std::string version_;
  LibreswanPaths paths_;
  Whack whack_;
  std::optional<sys::Process> pluto_;
  std::vector<ConnConfig> conns_;  // as last configured
  std::vector<std::string> up_;   // loaded by up(), in order
  std::string runningSetup_;  // setup text the running pluto was started with
  std::string loadedSecrets_;  // the secrets file as the running pluto last read it
  std::map<std::string, std::size_t> upOffset_;  // log size at each connection's last up()
  std::string lastInitiate_;
  std::string lastShowStates_;  // the last `whack --showstates`, also in dirs.config/showstates.txt
};

// "4.10" from `ipsec --version`; "" when libreswan is not installed.
std::string libreswanVersion();
// The version of libreswan in a release root ("4.3", from its manifest);
// the installed one when `root` is empty.
std::string libreswanVersion(const std::filesystem::path& root);

}  // namespace lab::ike::libreswan
