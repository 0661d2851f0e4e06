#pragma once
// strongSwan as an IkeDaemon: one charon-systemd per host, started inside the
// host's namespace, driven in-process over its own VICI socket (vici_client.h;
// no swanctl exec: under UML every exec costs hundreds of milliseconds).
//   start()  → connect + `version` answers (readiness, no sleeps)
//   up(c)    → what `swanctl --load-all` would send for the rendered
//              swanctl.conf (swanctl_vici.h): clear-creds, load-key,
//              load-shared (every connection's), load-conn of `c`; a
//              connection with start_action=start is initiated by charon
//              itself (up() does not wait for the negotiation)
//   down(c)  → terminate c's IKE_SA, unload it, terminate half-open SAs
//              that belong to no other loaded connection
//   status(c)→ list-sas (sa_status.h)
// The rendered swanctl.conf stays in <state>/swanctl (redacted copy in the
// config directory): `swanctl --load-all --uri <viciUri>` with
// SWANCTL_DIR=<state>/swanctl loads the same thing by hand.
//
// Installed by ci/strongswan-install: swanctl, pki and libstrongswan from apt,
// charon-systemd and libcharon extracted into a private prefix
// ($LABRUN_STRONGSWAN_PREFIX, default /opt/labrun/strongswan) because
// Debian's libreswan conflicts with strongswan-libcharon. charon runs with
//   STRONGSWAN_CONF=<config>/strongswan.conf
//   LD_LIBRARY_PATH=<prefix>/usr/lib/ipsec      (libcharon.so.0)
//   LD_PRELOAD=<prefix>/usr/lib/ipsec/plugins/libstrongswan-socket-default.so
// (5.9.8 has no plugin-directory option; the loader finds a preloaded
// plugin's constructor through dlsym(RTLD_DEFAULT)). charon-systemd writes no
// pid file and takes its VICI socket from strongswan.conf, so instances run
// side by side without private mount namespaces.
//
// With dirs.root (a release root), charon-systemd and pki run from that
// root as Debian installed them there (charon_userland.h), each in a
// private mount namespace with dirs.state and dirs.config bound in at
// their own paths: STRONGSWAN_CONF, the VICI socket and the log mean the
// same paths inside as outside. version() is the root's.
//
// A user's own strongSwan ipsec.conf (a literal isIpsecConfLiteral) runs
// with Debian's starter and the charon it starts, with the stroke plugin,
// from the release root (strongswan_daemon_starter.cpp, starter_conf.h):
//   start()  → starter --nofork --conf <state>/ipsec.conf, no conns yet, in a
//              /run of its own (pid files, stroke socket); ready when
//              charon's VICI socket answers (charon loads vici as well)
//   up(c)    → the PSKs over VICI (load-shared), c added to the ipsec.conf,
//              starter told (SIGHUP, `ipsec update`): it adds c over stroke
//              and initiates it if auto=start; waits for charon's "added
//              configuration 'c'"
//   down(c)  → c dropped from the ipsec.conf, SIGHUP, then as above (VICI
//              terminate); status() and the log as for charon-systemd.
// With RSA the conn's sigkeys/certs are the lab's raw public keys
// (withLabKeys) and the private key is loaded over VICI (load-key).
//
// hostKey() works before or after start(): the key is loaded on up().
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "lab/ike/ike_daemon.h"
#include "lab/ike/strongswan/starter_conf.h"
#include "lab/ike/strongswan/strongswan_install.h"
#include "lab/ike/strongswan/swanctl_conf.h"
#include "lab/ike/strongswan/vici_client.h"
#include "lab/release/userland.h"
#include "lab/sys/process.h"

namespace lab::ike {

class StrongswanDaemon : public IkeDaemon {
 public:
  StrongswanDaemon(const netns::NetNs& ns, const DaemonDirs& dirs);
  ~StrongswanDaemon() override;

  const IkeImplementation& implementation() const override;
  // What the running charon answered to VICI `version`, else its
  // userland's (the root's manifest, or the installed one).
  std::string version() const override;
  PublicKey hostKey() override;
  void configure(const std::vector<ConnConfig>& conns) override;
  void start() override;
  void up(const std::string& conn) override;
  void down(const std::string& conn) override;
  SaStatus status(const std::string& conn) override;
  std::vector<std::string> newLogLines(std::size_t& offset) override;
  bool alive() override;
  void stop() noexcept override;
  void leaveRunning() noexcept override;
  std::vector<std::string> toolCommands() const override;
  std::filesystem::path logFile() const override { return paths_.logFile(); }

  const StrongswanPaths& paths() const { return paths_; }

 private:
  void makeDirs() const;
  std::string lastLogLines(std::size_t n) const;
  std::string resolveDefaultRoute(const std::string& towards) const;
  // The VICI connection, (re)connected if there is none or it broke.
  vici::Client& vici();
  // VICI terminate, best effort (errors ignored).
  void terminate(const vici::Section& which);
  // The ipsec.conf way (strongswan_daemon_starter.cpp).
  bool starterConn(const std::string& conn) const { return starterLiterals_.count(conn) > 0; }
  strongswan::StarterPaths starterPaths() const { return {paths_}; }
  void configureStarter(const std::vector<ConnConfig>& conns, vici::Section& conf);
  void startStarter();
  // Writes the ipsec.conf of the loaded conns, signals starter, and waits
  // (up to a few seconds) for `logLine` in charon's log; false if it did
  // not come.
  bool updateStarter(const std::string& logLine);
  void stopStarterCharon() noexcept;
  // Until charon's VICI socket answers `version` (`what` started it).
  void awaitVici(const std::string& what);
  // Throws unless a command's reply says success=yes.
  void expectSuccess(const vici::Section& reply, const std::string& what) const;

  const netns::NetNs& ns_;
  StrongswanPaths paths_;
  release::Userland userland_;  // the machine's own, or dirs.root's
  std::filesystem::path keys_;  // this host's key entry (made here when none was given)
  std::vector<std::string> conns_;     // configured connection names
  std::vector<std::string> loaded_;    // loaded by up(), not unloaded since
  std::optional<vici::Section> conf_;  // swanctl.conf as a tree (holds the PSKs: never log it)
  std::unique_ptr<sys::Process> charon_;
  bool leftRunning_ = false;  // leaveRunning(): stop() leaves its socket alone too
  std::optional<vici::Client> vici_;
  std::string daemonVersion_;  // from VICI `version` at start()
  std::map<std::string, std::string> starterLiterals_;  // conn → its own ipsec.conf (kept text)
  bool starter_ = false;  // the running daemon is starter (and its charon), not charon-systemd
};

}  // namespace lab::ike
