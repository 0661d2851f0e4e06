#include "harness/report/html/ladder_model.h"

#include <regex>

namespace harness::report::html {
namespace {

void splitEndpoint(const std::string& e, std::string& addr, std::string& port) {
  const auto colon = e.rfind(':');
  addr = colon == std::string::npos ? e : e.substr(0, colon);
  port = colon == std::string::npos ? "" : e.substr(colon + 1);
}

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t comma = s.find(", ", start);
    out.push_back(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 2;
  }
  return out;
}

}  // namespace

std::vector<std::string> LadderMessage::notifies() const {
  std::vector<std::string> out;
  for (const auto& p : payloads)
    if (p.size() > 3 && p.rfind("N(", 0) == 0 && p.back() == ')') out.push_back(p.substr(2, p.size() - 3));
  return out;
}

std::optional<LadderMessage> parseLadderLine(const std::string& line) {
  static const std::regex re(
      R"(^\s*(\+[0-9.]+s)\s+(\S+) -> (\S+)\s+(IKEv[12]) (.+?) (request|response) id (\d+) \[([^\]]*)\]( \(retransmission\))?\s*$)");
  std::smatch m;
  if (!std::regex_match(line, m, re)) return std::nullopt;
  LadderMessage msg;
  msg.time = m[1];
  splitEndpoint(m[2], msg.src, msg.srcPort);
  splitEndpoint(m[3], msg.dst, msg.dstPort);
  msg.version = m[4];
  msg.exchange = m[5];
  msg.kind = m[6];
  msg.id = m[7];
  msg.payloads = splitList(m[8]);
  msg.retransmission = m[9].matched;
  return msg;
}

std::vector<LadderEntry> parseLadder(const std::vector<std::string>& lines) {
  std::vector<LadderEntry> out;
  for (const auto& l : lines) out.push_back({parseLadderLine(l), l});
  return out;
}

bool isErrorNotify(const std::string& name) {
  static const std::regex re(R"(INVALID_.*|.*_FAILED|.*FAILURE|NO_PROPOSAL_CHOSEN|TS_UNACCEPTABLE|.*_REQUIRED|)"
                             R"(NO_ADDITIONAL_SAS|UNSUPPORTED_CRITICAL_PAYLOAD|TEMPORARY_FAILURE|CHILD_SA_NOT_FOUND|)"
                             R"(PAYLOAD_MALFORMED|UNEQUAL_PAYLOAD_LENGTHS|BAD_PROPOSAL_SYNTAX|.*NOT_SUPPORTED|)"
                             R"(ATTRIBUTES_NOT_SUPPORTED|NO_SA_CHOSEN|.*_REJECTED|ERROR.*)");
  return std::regex_match(name, re);
}

}  // namespace harness::report::html
