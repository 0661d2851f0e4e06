#pragma once
// One IKE daemon per host, started by labrun inside that host's namespace,
// with its own configuration, keys, state, control socket and log; it
// carries every connection of its host. Made by its IkeImplementation
// (implementation.h): lab/ike/libreswan (pluto + whack/addconn),
// lab/ike/strongswan (charon over VICI). Registry: registry.h.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lab/ike/conn_spec.h"

namespace lab::netns {
class NetNs;
}

namespace lab::ike {

// Directories one daemon owns. `state` is private and short (unix sockets
// are limited to 108 bytes) and on a local filesystem: sockets, pid file,
// NSS database, private keys (0600). Under UML it is the guest's tmpfs
// (/run/labrun/<lab>/<host>). `config` holds what a user should see after the
// run: rendered configs (secrets redacted copies only) and the daemon's log.
struct DaemonDirs {
  std::filesystem::path state;
  std::filesystem::path config;
  // This host's key entry made ahead (lab/ike/host_keys.h), copied into
  // `state` when used; empty: the daemon makes its own keys.
  std::filesystem::path keys;
  // A release root (lab/release/release_root.h) the daemon and its helper
  // tools run from, each process in a private mount namespace with it as
  // its root (sys::RunOptions::root); empty: the machine's own userland.
  std::filesystem::path root;
};

// What the daemon's control interface says about the connection.
struct SaStatus {
  bool ikeUp = false;    // IKE SA established (IKEv1 ISAKMP SA / IKEv2 IKE_SA)
  bool childUp = false;  // IPsec SA (CHILD_SA) installed in the kernel
  std::string detail;    // one line summary of what the control interface said
};

// One connection this host carries, with its credentials.
struct ConnConfig {
  ConnSpec conn;
  Credentials creds;
  bool operator==(const ConnConfig&) const = default;
};

class IkeImplementation;

class IkeDaemon {
 public:
  virtual ~IkeDaemon() = default;
  virtual const IkeImplementation& implementation() const = 0;
  virtual std::string version() const = 0;    // e.g. "4.10", "5.9.8"

  // This host's RSA key pair for this run: from dirs.keys, or generated now
  // when that is empty. The private part is copied under dirs.state (0600);
  // returns the public part. Before start() or after; implementations
  // document which.
  virtual PublicKey hostKey() = 0;
  // Renders and writes this host's configuration: every connection it
  // carries (called again between stages; a connection's new settings take
  // effect on its next up()).
  virtual void configure(const std::vector<ConnConfig>& conns) = 0;
  // Launches the daemon in the host's namespace; returns once its control
  // interface answers. Throws sys::Error with the log's last lines if it dies.
  virtual void start() = 0;
  // Loads connection `conn` as configured; initiates it if it initiates.
  // Returns without waiting for the negotiation. Other connections keep
  // their SAs.
  virtual void up(const std::string& conn) = 0;
  // Deletes `conn`'s SAs and unloads it (between stages); others stay.
  virtual void down(const std::string& conn) = 0;
  virtual SaStatus status(const std::string& conn) = 0;
  // True when status() changes only together with new lines in the
  // daemon's log (it logs every SA transition), so a poller may skip a
  // costly status() while the log stays quiet. The default: ask every time.
  virtual bool statusFollowsLog() const { return false; }
  // Log lines appended since `offset` (a byte offset the caller keeps).
  virtual std::vector<std::string> newLogLines(std::size_t& offset) = 0;
  virtual bool alive() = 0;
  // Stops the daemon (TERM, then KILL); idempotent.
  virtual void stop() noexcept = 0;
  // A kept lab (`--keep`): the daemon goes on running after this object is
  // gone (nothing stops it; `labrun clean` does).
  virtual void leaveRunning() noexcept = 0;
  // Command lines of the daemon's own tools that talk to this daemon's
  // control socket (e.g. "ipsec whack --ctlsocket /x/pluto.ctl
  // --trafficstatus"), to run in its host's namespace on a kept lab.
  virtual std::vector<std::string> toolCommands() const = 0;
  virtual std::filesystem::path logFile() const = 0;
};

}  // namespace lab::ike
