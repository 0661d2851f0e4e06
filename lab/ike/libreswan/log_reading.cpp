// What pluto's own log (its logfile, or journalctl's lines of it) says
// without a lab: that it is pluto's, its version, the IDs it compared and
// where its peer is.
#include <regex>

#include "lab/ike/log_reading.h"

#include "lab/ike/libreswan/libreswan.h"

namespace lab::ike::libreswan {

std::optional<std::string> plutoLogVersion(const std::vector<std::string>& lines) {
  // "Starting Pluto (Libreswan Version 4.10 IKEv2 IKEv1 ...": at every start.
  static const std::regex banner(R"(Starting Pluto \(Libreswan Version v?(\d+(?:\.\d+)+))");
  // Its own time stamps ("Dec  4 16:40:22.626961: "), journald's tag, or
  // a line about a connection and state ('"gre1" #1: ').
  static const std::regex own(R"(^\w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{6}: |\bpluto\[\d+\]: |: "[^"]+"(\[\d+\])? #\d+: )");
  return versionByBanner(lines, banner, own);
}

std::optional<IdClaim> plutoIdClaim(const std::string& line) {
  // IKEv1 Main Mode initiator, 3.x-4.5: the article's line.
  static const std::regex require(R"(we require IKEv1 peer to have ID '([^']*)', but peer declares '([^']*)')");
  // The responder (and 4.6+ initiators): the peer's ID matched no connection.
  static const std::regex mismatched(R"(Peer ID '([^']*)' mismatched)");
  // Where the peer is: what pluto sent to it ("sent IKE_SA_INIT request to
  // 1.2.3.4:500", "sending encrypted notification ... to 1.2.3.4:4500"), or
  // the instance a responder made for it ('"gre1"[1] 1.0.0.4 #1: ').
  static const std::regex sentTo(R"(\bsen(?:t|ding) .* to (\d+\.\d+\.\d+\.\d+):\d+)");
  static const std::regex instance(R"("[^"]+"\[\d+\] (\d+\.\d+\.\d+\.\d+) #\d+: )");
  std::smatch m;
  if (std::regex_search(line, m, require)) return IdClaim{m[2].str(), m[1].str()};
  if (std::regex_search(line, m, mismatched)) return IdClaim{m[1].str(), ""};
  if (std::regex_search(line, m, sentTo) || std::regex_search(line, m, instance)) {
    IdClaim c;
    c.peerAddress = m[1].str();
    return c;
  }
  return std::nullopt;
}

}  // namespace lab::ike::libreswan
