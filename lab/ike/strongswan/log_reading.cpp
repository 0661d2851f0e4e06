// What charon's log (a file log, or journalctl's lines of charon or
// charon-systemd) says without a lab: that it is charon's, its version, the
// IDs and proposals it compared, the addresses and which side is behind a
// NAT.
#include <regex>

#include "lab/ike/log_reading.h"

#include "lab/ike/strongswan/strongswan.h"

namespace lab::ike::strongswan {

std::optional<std::string> charonLogVersion(const std::vector<std::string>& lines) {
  // "Starting IKE charon daemon (strongSwan 5.9.8, Linux ...)", or
  // charon-systemd's "Starting charon-systemd IKE daemon (strongSwan 6.0.1, ...)".
  // (charon-systemd prints it before it opens a filelog: only its journal
  // has it.)
  static const std::regex banner(R"(Starting .*IKE.* daemon \(strongSwan (\d+(?:\.\d+)+))");
  // Its thread/subsystem tags ("12[IKE] "), journald's tag.
  static const std::regex own(R"(\b\d\d\[(IKE|CFG|NET|ENC|KNL|LIB|JOB|CHD|MGR|DMN|ASN)\] |\bcharon(-systemd)?\[\d+\]: )");
  return versionByBanner(lines, banner, own);
}

std::optional<IdClaim> charonIdClaim(const std::string& line) {
  // The initiator: the responder's IDr is not the remote id it expects.
  static const std::regex idr(R"(IDir '([^']*)' does not match to '([^']*)')");
  // The responder: which IDs it looked for a config with, "me[IDr]...other[IDi]"
  // (IKEv1: "me...other[ID]"); IDr is the ID the initiator asked this side
  // to have, %any when it asked for none.
  static const std::regex looking(
      R"(looking for (?:[\w-]+ )*peer configs matching ([^\[ .]+(?:\.[^\[ .]+)*)(?:\[([^\]]*)\])?\.\.\.([^\[ ]+)\[([^\]]*)\])");
  static const std::regex initiating(R"(initiating (?:Main Mode |Aggressive Mode )?IKE_SA \S+ to (\S+))");
  static const std::regex incoming(R"(\] (?:<[^>]*> )?(\S+) is initiating an? (?:Main Mode )?IKE_SA)");
  static const std::regex nat(R"((remote|local) host is behind NAT)");
  // The IKEv2 initiator: whom the responder authenticated as, and the ID
  // its config requires instead.
  static const std::regex authenticated(R"(authentication of '([^']*)' with .* successful)");
  static const std::regex required(R"(constraint check failed: identity '([^']*)' required)");
  static const std::regex offered(R"(received proposals: (.*\S))");
  static const std::regex configured(R"(configured proposals: (.*\S))");
  std::smatch m;
  if (std::regex_search(line, m, idr)) return IdClaim{m[1].str(), m[2].str()};
  if (std::regex_search(line, m, authenticated)) return IdClaim{m[1].str(), ""};
  if (std::regex_search(line, m, required)) return IdClaim{"", m[1].str()};
  if (std::regex_search(line, m, looking)) {
    IdClaim c{m[4].str(), ""};
    c.ourAddress = m[1].str();
    if (m[2].matched && m[2].str() != "%any") c.wantedOfUs = m[2].str();
    c.peerAddress = m[3].str();
    return c;
  }
  IdClaim c;
  if (std::regex_search(line, m, initiating) || std::regex_search(line, m, incoming)) {
    c.peerAddress = m[1].str();
    return c;
  }
  if (std::regex_search(line, m, nat)) {
    c.natSide = m[1].str() == "remote" ? 1 : -1;
    return c;
  }
  if (std::regex_search(line, m, offered)) {
    c.proposalsOffered = m[1].str();
    return c;
  }
  if (std::regex_search(line, m, configured)) {
    c.proposalsConfigured = m[1].str();
    return c;
  }
  return std::nullopt;
}

}  // namespace lab::ike::strongswan
