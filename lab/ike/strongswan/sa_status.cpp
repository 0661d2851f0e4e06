#include "lab/ike/strongswan/sa_status.h"

#include <algorithm>

namespace lab::ike {

SaStatus saStatusFromListSa(const std::vector<vici::Section>& events, const std::string& conn) {
  SaStatus st;
  std::string ikeState, childState, peers;
  for (const auto& event : events) {
    for (const auto& e : event.entries()) {
      if (e.kind != vici::Entry::Kind::Section || e.name != conn) continue;
      const vici::Section& ike = e.section;
      const std::string state = ike.get("state");
      if (ikeState.empty() || state == "ESTABLISHED") {
        ikeState = state;
        peers = "IKEv" + ike.get("version") + " " + ike.get("local-host") + "[" + ike.get("local-id") +
                "]..." + ike.get("remote-host") + "[" + ike.get("remote-id") + "]";
      }
      if (state == "ESTABLISHED") st.ikeUp = true;
      const vici::Section* children = ike.section("child-sas");
      if (!children) continue;
      for (const auto& c : children->entries()) {
        if (c.kind != vici::Entry::Kind::Section) continue;
        const std::string cs = c.section.get("state");
        if (childState.empty() || cs == "INSTALLED") childState = cs;
        if (cs == "INSTALLED") st.childUp = true;
      }
    }
  }
  if (ikeState.empty()) {
    st.detail = "no IKE_SA for '" + conn + "'";
  } else {
    st.detail = "IKE_SA " + conn + " " + ikeState + " (" + peers + "), CHILD_SA " +
                (childState.empty() ? std::string("none") : childState);
  }
  return st;
}

std::vector<std::string> ikeSaIdsExcept(const std::vector<vici::Section>& events,
                                        const std::vector<std::string>& keep) {
  std::vector<std::string> ids;
  for (const auto& event : events)
    for (const auto& e : event.entries())
      if (e.kind == vici::Entry::Kind::Section && std::find(keep.begin(), keep.end(), e.name) == keep.end())
        if (const std::string* id = e.section.value("uniqueid")) ids.push_back(*id);
  return ids;
}

}  // namespace lab::ike
