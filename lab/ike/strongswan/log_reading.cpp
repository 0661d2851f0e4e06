// What charon's log (a file log, or journalctl's lines of charon or
// charon-systemd) says without a lab: that it is charon's, its version, the
// IDs it compared.
#include <regex>

#include "lab/ike/log_reading.h"

#include "lab/ike/strongswan/strongswan.h"

namespace lab::ike::strongswan {

std::optional<std::string> charonLogVersion(const std::vector<std::string>& lines) {
  // "Starting IKE charon daemon (strongSwan 5.9.8, Linux ...)", or
  // charon-systemd's "Starting charon-systemd IKE daemon (strongSwan 6.0.1, ...)".
  static const std::regex banner(R"(Starting .*IKE.* daemon \(strongSwan (\d+(?:\.\d+)+))");
  // Its thread/subsystem tags ("12[IKE] "), journald's tag.
  static const std::regex own(R"(\b\d\d\[(IKE|CFG|NET|ENC|KNL|LIB|JOB|CHD|MGR|DMN|ASN)\] |\bcharon(-systemd)?\[\d+\]: )");
  return versionByBanner(lines, banner, own);
}

std::optional<IdClaim> charonIdClaim(const std::string& line) {
  // The initiator: the responder's IDr is not the remote id it expects.
  static const std::regex idr(R"(IDir '([^']*)' does not match to '([^']*)')");
  // The responder: which peer IDs it looked for a config with.
  static const std::regex looking(R"(looking for peer configs matching [^\[]*\[[^\]]*\]\.\.\.[^\[]*\[([^\]]*)\])");
  std::smatch m;
  if (std::regex_search(line, m, idr)) return IdClaim{m[1].str(), m[2].str()};
  if (std::regex_search(line, m, looking)) return IdClaim{m[1].str(), ""};
  return std::nullopt;
}

}  // namespace lab::ike::strongswan
