#pragma once
// The keywords strongSwan's starter (5.9.8, Debian bookworm's
// strongswan-starter) reads in ipsec.conf: src/starter/keywords.txt, and the
// ones it reports as deprecated and ignores.
#include <string>
#include <vector>

namespace lab::ike::strongswan {

const std::vector<std::string>& ipsecConnKeywords();        // conn sections (and ca's also=, auto=)
const std::vector<std::string>& ipsecSetupKeywords();       // config setup
const std::vector<std::string>& ipsecDeprecatedKeywords();  // starter warns and ignores them
// Keywords only strongSwan's starter reads (libreswan's pluto does not):
// one of them in a conn says the file is strongSwan's.
bool strongswanOnlyKeyword(const std::string& key);

}  // namespace lab::ike::strongswan
