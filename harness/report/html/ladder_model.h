#pragma once
// A stage's IKE ladder (RunResult::ikeLadders, one text line per message as
// harness/capture/ike_ladder.h writes them) read back into messages the
// sequence diagram draws. A line that is not a message (a daemon's outcome,
// a note) is kept as a note, in order.
#include <optional>
#include <string>
#include <vector>

namespace harness::report::html {

struct LadderMessage {
  std::string time;                 // "+0.925s"
  std::string src, dst;             // addresses, no port
  std::string srcPort, dstPort;     // "500", "4500" ("" if none)
  std::string version;              // "IKEv1"
  std::string exchange;             // "Main Mode #5", "IKE_AUTH"
  std::string kind;                 // "request" | "response"
  std::string id;                   // message id
  std::vector<std::string> payloads;  // "SA", "VID", "N(INVALID_ID_INFORMATION)", "encrypted"
  bool retransmission = false;
  std::vector<std::string> notes;   // added by the page: what a daemon said this message carried

  std::vector<std::string> notifies() const;  // "INVALID_ID_INFORMATION" for each N(...)
};

struct LadderEntry {
  std::optional<LadderMessage> message;  // else a note
  std::string text;                      // the line as written
};

std::optional<LadderMessage> parseLadderLine(const std::string& line);
std::vector<LadderEntry> parseLadder(const std::vector<std::string>& lines);

// An IKE notify that reports an error (INVALID_ID_INFORMATION,
// AUTHENTICATION_FAILED, NO_PROPOSAL_CHOSEN, ...), not a status
// (NAT_DETECTION_*, INITIAL_CONTACT).
bool isErrorNotify(const std::string& name);

}  // namespace harness::report::html
