#pragma once
// Header-stack patterns used by wire checks (`shows:` / `never:`).
//
// A decoded packet's stack is a list of tokens, outermost first, e.g.
//   ip/esp  ip/udp4500/esp  ip/udp4500/isakmp  ip/udp4500/keepalive
//   ip/gre/ip/icmp  ip/gre/ip/esp  ip/icmp  ip/udp500/isakmp  arp
// Tokens: ip, icmp, gre, esp, udp500, udp4500, udp, tcp, isakmp,
//   keepalive (NAT-T keepalive), arp, ipv6, fragment, other, malformed.
//
// Pattern forms:
//   "esp"             one token: the packet's stack contains it anywhere
//   "ip/gre/ip/icmp"  a path: the whole stack, outermost first, exactly
//   "udp4500-esp"     named alias (see aliases()) for a path: ip/udp4500/esp
// Inside ESP (decrypted with the run's keys, decoder.h): a pattern ending in
// esp may say what it carried, exactly, in brackets:
//   "ip/esp[gre/ip/icmp]"  "udp4500-esp[gre/ip/icmp]"  "esp[ip/icmp]" (anywhere form)
// and a packet that could not be decrypted says why there:
//   esp[icv-failed]  esp[no-sa]  esp[unsupported]  esp[undecryptable]
// Without brackets a pattern looks at the wire only: `never: gre` is about
// GRE on the wire, not GRE inside ESP.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace harness::capture {

class StackPattern {
 public:
  // nullopt and *error set ("unknown token 'espp' (did you mean 'esp'?)")
  // when s is not a valid pattern.
  static std::optional<StackPattern> parse(std::string_view s, std::string* error = nullptr);
  // stack: the wire's tokens; inner: the tokens inside its ESP ({} if none).
  bool matches(const std::vector<std::string>& stack, const std::vector<std::string>& inner = {}) const;
  const std::string& str() const { return text_; }

  static const std::vector<std::string>& knownTokens();
  static const std::vector<std::pair<std::string, std::string>>& aliases();  // name -> path

 private:
  std::string text_;
  std::vector<std::string> tokens_;
  std::optional<std::vector<std::string>> inner_;  // [..]: what ESP carried, exactly
  bool anywhere_ = false;  // single token
};

}  // namespace harness::capture
