#pragma once
// strongSwan as an IkeDaemon: one charon-systemd per host, started inside the
// host's namespace, driven with swanctl over its own VICI socket.
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
#include "lab/sys/process.h"

namespace lab::ike {

// <prefix> of the private strongSwan pieces.
std::filesystem::path strongswanPrefix();
// "5.9.8", or "" when swanctl or the private charon-systemd is missing.
std::string strongswanVersion();

// What `swanctl --list-sas --raw` says about connection `conn`.
SaStatus parseListSasRaw(const std::string& raw, const std::string& conn);

class StrongswanDaemon : public IkeDaemon {
 public:
  StrongswanDaemon(const netns::NetNs& ns, const DaemonDirs& dirs);
  ~StrongswanDaemon() override;

  std::string_view kind() const override { return "strongswan"; }
  std::string version() const override { return strongswanVersion(); }
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
  // Runs swanctl against this instance (arguments without --uri).
  sys::RunResult swanctl(const std::vector<std::string>& args,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

 private:
  void makeDirs() const;
  std::string lastLogLines(std::size_t n) const;
  std::string resolveDefaultRoute(const std::string& towards) const;

  const netns::NetNs& ns_;
  StrongswanPaths paths_;
  std::filesystem::path keys_;  // this host's key entry (made here when none was given)
  std::optional<ConnSpec> conn_;
  std::unique_ptr<sys::Process> charon_;
};

std::unique_ptr<IkeDaemon> makeStrongswan(const netns::NetNs& ns, const DaemonDirs& dirs);

}  // namespace lab::ike
