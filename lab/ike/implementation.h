#pragma once
// An IKE implementation as a plugin: everything labrun knows about one
// daemon family lives behind this interface, in lab/ike/<impl>/ (in the
// spirit of strongSwan's plugins: the core owns the interface, the plugin
// supplies the knowledge). The harness asks the implementation; it never
// compares a daemon's name with a string.
//
//   const IkeImplementation& impl = implementation("libreswan");
//   auto daemon = impl.makeDaemon(lab.node("A"), dirs);      // one per host
//   for (auto& e : matchOutcomes(impl, "A", version, lines)) ...
//   impl.fixLocalId(conn, "C", "1.2.3.4");  // "leftid=1.2.3.4 in conn gre1 on C"
//
// Knowledge that differs by version (an outcome's log line, a keyword, a
// default) is stated with the versions it holds for: OutcomeRule::versions,
// and each implementation's version_traits.{h,cpp}.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/ike/conn_spec.h"
#include "lab/ike/ike_daemon.h"
#include "lab/ike/log_reading.h"
#include "lab/ike/outcomes.h"
#include "lab/ike/own_config.h"

namespace lab::netns {
class NetNs;
}

namespace lab::ike {

class IkeImplementation {
 public:
  virtual ~IkeImplementation() = default;

  // --- identity ---------------------------------------------------------
  virtual std::string_view name() const = 0;         // "libreswan": CLI, scenarios, case ids
  virtual std::string_view displayName() const = 0;  // "libreswan", "strongSwan"
  virtual std::string_view shortName() const = 0;    // "lsw": matrix columns
  // What to run to install it ("apt-get install libreswan").
  virtual std::string installHint() const = 0;
  // The installed version ("4.10"), "" when not installed.
  virtual std::string installedVersion() const = 0;

  // --- running it -------------------------------------------------------
  // Throws sys::EnvironmentError (with installHint()) when not installed.
  virtual std::unique_ptr<IkeDaemon> makeDaemon(const netns::NetNs& ns, const DaemonDirs& dirs) const = 0;
  // Host keys made ahead (lab/ike/host_keys.h): whether this implementation
  // uses an entry with `auth`, and how to make one in `dir`.
  virtual bool needsKeyEntry(Auth auth) const = 0;
  // `root`: the release root whose tools make it (empty: the machine's own).
  virtual void makeKeyEntry(const std::filesystem::path& dir, const std::filesystem::path& root = {}) const = 0;

  // Debian packages a release root of `release` for it installs
  // (lab/release); empty: it cannot run from a release root.
  virtual std::vector<std::string> releasePackages(const std::string& release) const { (void)release; return {}; }
  // Throws sys::EnvironmentError (naming `labrun release build <name>`)
  // when a complete root lacks what this implementation runs from it, so
  // that a broken root fails before a lab or a guest is made.
  virtual void checkReleaseRoot(const std::filesystem::path&) const {}
  // --- reading what it logs --------------------------------------------
  virtual const OutcomeTable& outcomeTable() const = 0;
  // How long ago a log line was written, from its own time stamp; nullopt
  // when the line has none precise enough.
  virtual std::optional<double> logLineAge(const std::string& line) const = 0;
  // The connection a log line is about ("gre1"), "" when it names none.
  virtual std::string connOfLogLine(const std::string& line) const = 0;

  // --- reading a log without a lab (labrun explain) ----------------------
  // nullopt when `lines` are not recognisably this implementation's log;
  // else the version the log names ("" when it names none).
  virtual std::optional<std::string> versionOfLog(const std::vector<std::string>&) const { return std::nullopt; }
  // What `line` says about the IDs (lab/ike/log_reading.h), if anything.
  virtual std::optional<IdClaim> idClaim(const std::string&) const { return std::nullopt; }

  // --- advice in its own syntax ------------------------------------------
  // How to make this end declare `id` ("leftid=1.2.3.4 in conn gre1 on C").
  virtual std::string fixLocalId(const ConnSpec& conn, const std::string& host, const std::string& id) const = 0;
  // How to make an end whose local address is not on its NIC use its NIC
  // (and declare `publicId` if it is behind a NAT).
  virtual std::string fixLocalAddress(const ConnSpec& conn, const std::string& host,
                                      const std::optional<std::string>& publicId) const = 0;
  // Why this version refuses IKEv1 by policy, and the fix; "" if it never does.
  virtual std::string explainIkev1Refused(const std::string& version) const = 0;
  // The fix for an outcome in its own syntax (auth-mismatch,
  // notify:NO_PROPOSAL_CHOSEN, notify:TS_UNACCEPTABLE, no-response); "" for
  // one it has no advice for.
  virtual std::string fixFor(const std::string& /*outcome*/, const ConnSpec& /*conn*/) const { return ""; }

  // --- bring your own config ---------------------------------------------
  // The formats of a user's own config it runs ("ipsec.conf"); empty: none.
  virtual std::vector<std::string> ownConfigFormats() const { return {}; }
  // Non-empty when `own` runs only from a release root (what of it needs
  // one, for the console: "strongSwan's starter, ..."): a host given such a
  // config and no release runs the machine's release's root.
  virtual std::string ownConfigRelease(const OwnConfig&) const { return ""; }
  // Throws sys::EnvironmentError (naming `labrun release rm/build`) when
  // the release root at `root` lacks what `own` runs with.
  virtual void checkOwnConfigRoot(const OwnConfig&, const std::filesystem::path& /*root*/) const {}
  // nullopt when `text` is not in a format it reads; throws OwnConfigError
  // (with the line) when it is, but is not valid. `format` (one of its
  // ownConfigFormats): the user said it is that format (--format), so read
  // it as such even without the signs that tell it from a look-alike.
  virtual std::optional<OwnConfig> recogniseOwnConfig(const std::string& text, const std::string& format = {}) const;
  // Throws OwnConfigError (with the line) when a file `own` names (a
  // certificate) is not in `dir`, the directory of the user's file.
  virtual void checkOwnConfigFiles(const OwnConfig&, const std::filesystem::path&) const {}
  // The same config with its connection named `name` (the lab's name for
  // the connection it stands for); nullopt when it cannot rename.
  virtual std::optional<OwnConfig> renameOwnConfig(const OwnConfig&, const std::string&) const { return std::nullopt; }
  // The connection a user's own config describes, on `version`: what it
  // means (left/right/ids/version/auth/mode/initiator, for the peer's
  // defaults and for explanations), the text the daemon gets, and notes on
  // where this version reads it differently from what its author likely
  // meant. `base` holds labrun's defaults for the host; `statedVersion` is
  // the IKE version the scenario states (0: none). Throws OwnConfigError.
  virtual OwnConn readOwnConfig(const OwnConfig& own, ConnSpec base, int statedVersion,
                                const std::string& version) const;
};

// Outcomes in new log lines of a daemon of `impl` on `version`.
std::vector<OutcomeEvent> matchOutcomes(const IkeImplementation& impl, const std::string& host,
                                        const std::string& version, const std::vector<std::string>& lines);

}  // namespace lab::ike
