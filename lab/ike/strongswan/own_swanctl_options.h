#pragma once
// The options swanctl.conf(5) documents (strongSwan 5.9, which 6.0 keeps),
// per section, to tell a typo from an option.
#include <string>
#include <vector>

namespace lab::ike::strongswan {

const std::vector<std::string>& connOptions();       // connections.<conn>
const std::vector<std::string>& authRoundOptions();  // connections.<conn>.local<suffix>, remote<suffix>
const std::vector<std::string>& childOptions();      // connections.<conn>.children.<child>
const std::vector<std::string>& secretTypes();       // secrets.<type><suffix>
const std::vector<std::string>& secretOptions();     // secrets.<secret> (besides id<suffix>)

// ": did you mean 'x'?" for the closest of `known` to `word`, "" if none is close.
std::string closestHint(const std::string& word, const std::vector<std::string>& known);

}  // namespace lab::ike::strongswan
