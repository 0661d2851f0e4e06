#include "harness/capture/stack_pattern.h"

#include <algorithm>
#include <cstddef>

#include "lab/core/suggest.h"

namespace harness::capture {
namespace {

// The closest token or alias name to `word`.
std::string nearest(std::string_view word) {
  std::string best;
  std::size_t bestDist = static_cast<std::size_t>(-1);
  auto consider = [&](const std::string& cand) {
    const auto d = static_cast<std::size_t>(lab::core::editDistance(word, cand));
    if (d < bestDist) {
      bestDist = d;
      best = cand;
    }
  };
  for (const auto& t : StackPattern::knownTokens()) consider(t);
  for (const auto& [name, path] : StackPattern::aliases()) consider(name);
  return best;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool isKnown(std::string_view tok) {
  const auto& known = StackPattern::knownTokens();
  return std::find(known.begin(), known.end(), tok) != known.end();
}

std::vector<std::string> split(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t slash = s.find('/', start);
    out.emplace_back(s.substr(start, slash == std::string_view::npos ? s.npos : slash - start));
    if (slash == std::string_view::npos) return out;
    start = slash + 1;
  }
}

}  // namespace

const std::vector<std::string>& StackPattern::knownTokens() {
  static const std::vector<std::string> tokens = {
      "ip",  "icmp", "gre",    "esp",       "udp500", "udp4500",   "udp",
      "tcp", "isakmp", "keepalive", "arp", "ipv6", "fragment", "other", "malformed",
      "icv-failed", "no-sa", "unsupported", "undecryptable"};
  return tokens;
}

const std::vector<std::pair<std::string, std::string>>& StackPattern::aliases() {
  static const std::vector<std::pair<std::string, std::string>> table = {
      {"udp4500-esp", "ip/udp4500/esp"},
      {"nat-t-esp", "ip/udp4500/esp"},
      {"udp4500-isakmp", "ip/udp4500/isakmp"},
      {"udp4500-keepalive", "ip/udp4500/keepalive"},
      {"udp500-isakmp", "ip/udp500/isakmp"},
      {"ike", "ip/udp500/isakmp"},
      {"gre-esp", "ip/gre/ip/esp"},
      {"gre-icmp", "ip/gre/ip/icmp"},
      {"esp-only", "ip/esp"},
      {"plain-icmp", "ip/icmp"},
  };
  return table;
}

std::optional<StackPattern> StackPattern::parse(std::string_view s, std::string* error) {
  auto fail = [&](std::string msg) -> std::optional<StackPattern> {
    if (error) *error = std::move(msg);
    return std::nullopt;
  };
  std::string_view text = trim(s);
  if (text.empty()) return fail("empty header-stack pattern");

  StackPattern p;
  p.text_ = std::string(text);
  std::string_view path = text;
  if (auto open = text.find('['); open != std::string_view::npos || text.find(']') != std::string_view::npos) {
    if (open == std::string_view::npos || text.back() != ']' || text.find(']') != text.size() - 1 ||
        text.find('[', open + 1) != std::string_view::npos)
      return fail("pattern '" + std::string(text) + "': brackets go at its end, once: ip/esp[gre/ip/icmp]");
    path = trim(text.substr(0, open));
    std::string_view in = trim(text.substr(open + 1, text.size() - open - 2));
    if (in.empty()) return fail("pattern '" + std::string(text) + "': nothing inside the brackets");
    std::vector<std::string> inner;
    for (std::string& tok : split(in)) {
      std::string_view t = trim(tok);
      if (t.empty()) return fail("empty token in pattern '" + std::string(text) + "'");
      if (!isKnown(t))
        return fail("unknown token '" + std::string(t) + "' in pattern '" + std::string(text) +
                    "' (did you mean '" + nearest(t) + "'?)");
      inner.emplace_back(t);
    }
    p.inner_ = std::move(inner);
  }
  for (const auto& [name, target] : aliases()) {
    if (path == name) {
      path = target;
      break;
    }
  }

  for (std::string& tok : split(path)) {
    std::string_view t = trim(tok);
    if (t.empty()) return fail("empty token in pattern '" + std::string(text) + "'");
    if (!isKnown(t)) {
      return fail("unknown token '" + std::string(t) + "' in pattern '" + std::string(text) +
                  "' (did you mean '" + nearest(t) + "'?)");
    }
    p.tokens_.emplace_back(t);
  }
  if (p.inner_ && p.tokens_.back() != "esp")
    return fail("pattern '" + std::string(text) + "': brackets follow esp (what ESP carried), not '" +
                p.tokens_.back() + "'");
  p.anywhere_ = p.tokens_.size() == 1;
  return p;
}

bool StackPattern::matches(const std::vector<std::string>& stack, const std::vector<std::string>& inner) const {
  if (inner_ && inner != *inner_) return false;
  if (anywhere_) return std::find(stack.begin(), stack.end(), tokens_.front()) != stack.end();
  return stack == tokens_;
}

}  // namespace harness::capture
