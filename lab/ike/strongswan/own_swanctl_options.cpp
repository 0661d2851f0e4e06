// Lists from swanctl.conf(5) (strongSwan 5.9.8, as Debian bookworm ships it).
#include "lab/ike/strongswan/own_swanctl_options.h"

#include <algorithm>

#include "lab/core/suggest.h"

namespace lab::ike::strongswan {

const std::vector<std::string>& connOptions() {
  static const std::vector<std::string> v = {
      "version", "local_addrs", "remote_addrs", "local_port", "remote_port", "proposals", "vips", "aggressive",
      "pull", "dscp", "encap", "mobike", "dpd_delay", "dpd_timeout", "fragmentation", "childless", "send_certreq",
      "send_cert", "ocsp", "ppk_id", "ppk_required", "keyingtries", "unique", "reauth_time", "rekey_time",
      "over_time", "rand_time", "pools", "if_id_in", "if_id_out", "mediation", "mediated_by", "mediation_peer",
      "close_action"};
  return v;
}

const std::vector<std::string>& authRoundOptions() {
  static const std::vector<std::string> v = {"round", "certs", "pubkeys", "auth", "id", "ca_id", "eap_id", "aaa_id",
                                             "xauth_id", "revocation", "groups", "cert_policy", "cacerts"};
  return v;
}

const std::vector<std::string>& childOptions() {
  static const std::vector<std::string> v = {
      "ah_proposals", "esp_proposals", "sha256_96", "local_ts", "remote_ts", "rekey_time", "life_time",
      "rand_time", "rekey_bytes", "life_bytes", "rand_bytes", "rekey_packets", "life_packets", "rand_packets",
      "updown", "hostaccess", "mode", "policies", "policies_fwd_out", "dpd_action", "ipcomp", "inactivity",
      "reqid", "priority", "interface", "mark_in", "mark_in_sa", "mark_out", "set_mark_in", "set_mark_out",
      "if_id_in", "if_id_out", "label", "label_mode", "tfc_padding", "replay_window", "hw_offload", "copy_df",
      "copy_ecn", "copy_dscp", "start_action", "close_action"};
  return v;
}

const std::vector<std::string>& secretTypes() {
  static const std::vector<std::string> v = {"ike", "eap", "xauth", "ntlm", "ppk", "private", "rsa",
                                             "ecdsa", "pkcs8", "pkcs12", "token"};
  return v;
}

const std::vector<std::string>& secretOptions() {
  static const std::vector<std::string> v = {"secret", "file", "handle", "slot", "module", "pin"};
  return v;
}

std::string closestHint(const std::string& word, const std::vector<std::string>& known) {
  std::string best;
  std::size_t bestD = 3;  // at most two edits away
  for (const auto& k : known)
    if (auto d = static_cast<std::size_t>(lab::core::editDistance(word, k)); d < bestD) bestD = d, best = k;
  return best.empty() ? "" : ": did you mean '" + best + "'?";
}

}  // namespace lab::ike::strongswan
