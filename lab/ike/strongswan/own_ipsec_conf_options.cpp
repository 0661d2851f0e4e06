// From strongSwan 5.9.8's src/starter/keywords.txt (checked against the
// strings of Debian bookworm's /usr/lib/ipsec/starter, which adds
// replay_window and sha256_96 beside them).
#include "lab/ike/strongswan/own_ipsec_conf_options.h"

#include <algorithm>

namespace lab::ike::strongswan {

const std::vector<std::string>& ipsecConnKeywords() {
  static const std::vector<std::string> v = {
      "keyexchange", "type", "compress", "installpolicy", "aggressive", "authby", "eap_identity", "aaa_identity",
      "mobike", "forceencaps", "fragmentation", "ikedscp", "ikelifetime", "lifetime", "keylife", "rekeymargin",
      "margintime", "lifebytes", "marginbytes", "lifepackets", "marginpackets", "keyingtries", "rekeyfuzz", "rekey",
      "reauth", "ike", "esp", "ah", "dpddelay", "dpdtimeout", "dpdaction", "closeaction", "inactivity", "modeconfig",
      "xauth", "xauth_identity", "mediation", "mediated_by", "me_peerid", "reqid", "mark", "mark_in", "mark_out",
      "tfc", "replay_window", "sha256_96", "cacert", "crluri", "crluri1", "crluri2", "ocspuri", "ocspuri1",
      "ocspuri2", "certuribase", "also", "auto",
      "left", "leftikeport", "leftsubnet", "leftsubnetwithin", "leftprotoport", "leftsourceip", "leftdns",
      "leftfirewall", "lefthostaccess", "leftallowany", "leftupdown", "leftauth", "leftauth2", "leftid", "leftid2",
      "leftsigkey", "leftrsasigkey", "leftcert", "leftcert2", "leftcertpolicy", "leftsendcert", "leftca", "leftca2",
      "leftgroups", "leftgroups2",
      "right", "rightikeport", "rightsubnet", "rightsubnetwithin", "rightprotoport", "rightsourceip", "rightdns",
      "rightfirewall", "righthostaccess", "rightallowany", "rightupdown", "rightauth", "rightauth2", "rightid",
      "rightid2", "rightsigkey", "rightrsasigkey", "rightcert", "rightcert2", "rightcertpolicy", "rightsendcert",
      "rightca", "rightca2", "rightgroups", "rightgroups2"};
  return v;
}

const std::vector<std::string>& ipsecSetupKeywords() {
  static const std::vector<std::string> v = {"charondebug", "uniqueids", "cachecrls", "strictcrlpolicy"};
  return v;
}

const std::vector<std::string>& ipsecDeprecatedKeywords() {
  static const std::vector<std::string> v = {
      "interfaces", "dumpdir", "charonstart", "plutostart", "klipsdebug", "plutodebug", "prepluto", "postpluto",
      "plutostderrlog", "fragicmp", "packetdefault", "hidetos", "overridemtu", "crlcheckinterval", "nocrsend",
      "nat_traversal", "keep_alive", "force_keepalive", "virtual_private", "pkcs11module", "pkcs11initargs",
      "pkcs11keepstate", "pkcs11proxy", "ldaphost", "ldapbase", "pfs", "pfsgroup", "eap", "leftnexthop",
      "rightnexthop"};
  return v;
}

bool strongswanOnlyKeyword(const std::string& key) {
  // libreswan's pluto reads none of these (its ipsec.conf(5), 4.x-5.x).
  static const std::vector<std::string> v = {
      "leftauth", "rightauth", "leftauth2", "rightauth2", "leftid2", "rightid2", "leftcert2", "rightcert2",
      "leftca2", "rightca2", "leftgroups", "rightgroups", "leftgroups2", "rightgroups2", "leftsigkey",
      "rightsigkey", "leftallowany", "rightallowany", "leftfirewall", "rightfirewall", "leftdns", "rightdns",
      "leftsubnetwithin", "rightsubnetwithin", "leftikeport", "rightikeport", "leftcertpolicy", "rightcertpolicy",
      "aaa_identity", "eap_identity", "xauth_identity", "closeaction", "reauth", "installpolicy", "mark_in",
      "mark_out", "tfc", "ikedscp", "sha256_96", "me_peerid", "mediated_by", "mediation", "charondebug",
      "cachecrls", "strictcrlpolicy"};
  return std::find(v.begin(), v.end(), key) != v.end();
}

}  // namespace lab::ike::strongswan
