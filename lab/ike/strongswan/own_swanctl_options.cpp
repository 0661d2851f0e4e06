// Lists from swanctl.conf(5) (strongSwan 5.9.8, as Debian bookworm ships it).
#include "lab/ike/strongswan/own_swanctl_options.h"

#include <algorithm>

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

namespace {

std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string closestHint(const std::string& word, const std::vector<std::string>& known) {
  std::string best;
  std::size_t bestD = 3;  // at most two edits away
  for (const auto& k : known)
    if (auto d = distance(word, k); d < bestD) bestD = d, best = k;
  return best.empty() ? "" : ": did you mean '" + best + "'?";
}

}  // namespace lab::ike::strongswan
