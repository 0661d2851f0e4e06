#include "lab/ike/libreswan/pluto_status.h"

#include <algorithm>
#include <array>
#include <sstream>

namespace lab::ike::libreswan {
namespace {

constexpr std::array<std::string_view, 5> kIkeEstablished = {
    "STATE_V2_ESTABLISHED_IKE_SA", "STATE_MAIN_I4", "STATE_MAIN_R3", "STATE_AGGR_I2", "STATE_AGGR_R2"};
constexpr std::array<std::string_view, 3> kChildEstablished = {"STATE_V2_ESTABLISHED_CHILD_SA",
                                                               "STATE_QUICK_I2", "STATE_QUICK_R2"};

// IKE (parent) states, established or not: everything but Quick Mode and
// IKEv2 child states.
bool isChildState(std::string_view state) {
  return state.starts_with("STATE_QUICK_") || state.starts_with("STATE_V2_NEW_CHILD") ||
         state.starts_with("STATE_V2_REKEY_CHILD") || state.starts_with("STATE_V2_IKE_AUTH_CHILD") ||
         state == "STATE_V2_ESTABLISHED_CHILD_SA" || state == "STATE_V2_CHILD_SA_DELETE" ||
         state == "STATE_CHILDSA_DEL";
}

std::string describe(const PlutoState* s, const char* kind) {
  if (!s) return std::string("no ") + kind;
  return std::string(kind) + " #" + std::to_string(s->serial) + " " + s->state;
}

}  // namespace

std::string canonicalState(const std::string& state) {
  if (state.starts_with("STATE_")) return state;
  return "STATE_V2_" + state;
}

std::vector<PlutoState> parseShowStates(std::string_view text) {
  std::vector<PlutoState> out;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);

    auto hash = line.find('#');
    if (hash == std::string_view::npos) continue;
    auto colon = line.find(": \"", hash);
    if (colon == std::string_view::npos) continue;
    int serial = 0;
    bool digits = colon > hash + 1;
    for (auto i = hash + 1; i < colon; ++i) {
      if (line[i] < '0' || line[i] > '9') digits = false;
      else serial = serial * 10 + (line[i] - '0');
    }
    if (!digits) continue;
    auto nameBegin = colon + 3;
    auto nameEnd = line.find('"', nameBegin);
    if (nameEnd == std::string_view::npos) continue;
    // The state is the word before the first " (story)": after `"gre1":500`
    // or `"gre1"[2] 1.0.0.4:500`.
    auto story = line.find(" (", nameEnd);
    if (story == std::string_view::npos) continue;
    auto st = line.rfind(' ', story - 1);
    if (st == std::string_view::npos || st < nameEnd) continue;
    std::string state(line.substr(st + 1, story - st - 1));
    if (state.empty() || state.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != std::string::npos)
      continue;
    out.push_back({serial, std::string(line.substr(nameBegin, nameEnd - nameBegin)), canonicalState(state)});
  }
  return out;
}

bool isIkeEstablished(std::string_view state) {
  return std::find(kIkeEstablished.begin(), kIkeEstablished.end(), state) != kIkeEstablished.end();
}

bool isChildEstablished(std::string_view state) {
  return std::find(kChildEstablished.begin(), kChildEstablished.end(), state) != kChildEstablished.end();
}

SaStatus statusFromShowStates(std::string_view showStates, std::string_view conn) {
  SaStatus status;
  const PlutoState* ike = nullptr;    // newest IKE state, preferring established ones
  const PlutoState* child = nullptr;  // newest child state, preferring established ones
  auto states = parseShowStates(showStates);
  auto better = [](const PlutoState* have, const PlutoState& s, bool (*up)(std::string_view)) {
    if (!have) return true;
    if (up(s.state) != up(have->state)) return up(s.state);
    return s.serial > have->serial;
  };
  for (const auto& s : states) {
    if (s.conn != conn) continue;
    if (isChildState(s.state)) {
      if (better(child, s, isChildEstablished)) child = &s;
    } else if (better(ike, s, isIkeEstablished)) {
      ike = &s;
    }
  }
  status.ikeUp = ike && isIkeEstablished(ike->state);
  status.childUp = child && isChildEstablished(child->state);
  if (!ike && !child) {
    status.detail = "no state for \"" + std::string(conn) + "\"";
  } else {
    status.detail = describe(ike, "IKE SA") + "; " + describe(child, "IPsec SA");
  }
  return status;
}

}  // namespace lab::ike::libreswan
