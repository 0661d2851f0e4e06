#pragma once
// strongSwan as an IkeDaemon: one charon-systemd per host, started inside the
// host's namespace, driven in-process over its own VICI socket (vici_client.h;
// no swanctl exec: under UML every exec costs hundreds of milliseconds).
//   start()  → connect + `version` answers (readiness, no sleeps)
//   up()     → what `swanctl --load-all --clear` would send for the rendered
//              swanctl.conf (swanctl_vici.h): clear-creds, load-key,
//              load-shared, load-conn, unload-conn of stale connections; a
//              connection with start_action=start is initiated by charon
//              itself (up() does not wait for the negotiation)
//   down()   → terminate, unload every connection, terminate what is left
//   status() → list-sas (sa_status.h)
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
// hostKey() works before or after start(): the key is loaded on up().
#include <memory>
#include <optional>
#include <string>

#include "lab/ike/ike_daemon.h"
#include "lab/ike/strongswan/swanctl_conf.h"
#include "lab/ike/strongswan/vici_client.h"
#include "lab/sys/process.h"

namespace lab::ike {

// <prefix> of the private strongSwan pieces.
std::filesystem::path strongswanPrefix();
// "5.9.8", or "" when the private charon-systemd or the vici plugin is
// missing. Read from the stamp ci/strongswan-install leaves in the prefix
// (no exec); `swanctl --help` only for a prefix without one.
std::string strongswanVersion();
// The upstream version in that stamp ("5.9.8-5+deb12u6 ..." → "5.9.8"), "" if none.
std::string strongswanVersionFromStamp(const std::string& stamp);

class StrongswanDaemon : public IkeDaemon {
 public:
  StrongswanDaemon(const netns::NetNs& ns, const DaemonDirs& dirs);
  ~StrongswanDaemon() override;

  std::string_view kind() const override { return "strongswan"; }
  // What the running charon answered to VICI `version`, else the installed one.
  std::string version() const override {
    return daemonVersion_.empty() ? strongswanVersion() : daemonVersion_;
  }
  PublicKey hostKey() override;
  void configure(const ConnSpec& conn, const Credentials& creds) override;
  void start() override;
  void up() override;
  void down() override;
  SaStatus status() override;
  std::vector<std::string> newLogLines(std::size_t& offset) override;
  bool alive() override;
  void stop() noexcept override;
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
  // Throws unless a command's reply says success=yes.
  void expectSuccess(const vici::Section& reply, const std::string& what) const;

  const netns::NetNs& ns_;
  StrongswanPaths paths_;
  std::filesystem::path keys_;  // this host's key entry (made here when none was given)
  std::optional<ConnSpec> conn_;
  std::optional<vici::Section> conf_;  // swanctl.conf as a tree (holds the PSK: never log it)
  std::unique_ptr<sys::Process> charon_;
  std::optional<vici::Client> vici_;
  std::string daemonVersion_;  // from VICI `version` at start()
};

std::unique_ptr<IkeDaemon> makeStrongswan(const netns::NetNs& ns, const DaemonDirs& dirs);

}  // namespace lab::ike
