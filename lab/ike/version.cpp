#include "lab/ike/version.h"

#include <cctype>

namespace lab::ike {

Version::Version(const std::string& text) : text_(text) {
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    int n = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) n = n * 10 + (text[i++] - '0');
    parts_.push_back(n);
    if (i + 1 < text.size() && text[i] == '.' && std::isdigit(static_cast<unsigned char>(text[i + 1]))) ++i;
    else break;
  }
}

std::strong_ordering Version::operator<=>(const Version& o) const {
  const std::size_t n = std::max(parts_.size(), o.parts_.size());
  for (std::size_t i = 0; i < n; ++i) {
    const int a = i < parts_.size() ? parts_[i] : 0, b = i < o.parts_.size() ? o.parts_[i] : 0;
    if (a != b) return a <=> b;
  }
  return std::strong_ordering::equal;
}

bool VersionRange::contains(const Version& v) const {
  if (any()) return true;
  if (!v.known()) return false;  // a bounded rule says nothing about an unknown version
  if (!since.empty() && v < Version(since)) return false;
  if (!until.empty() && v > Version(until)) return false;
  return true;
}

std::string VersionRange::str() const {
  if (any()) return "any";
  if (until.empty()) return ">= " + since;
  if (since.empty()) return "<= " + until;
  return since + ".." + until;
}

}  // namespace lab::ike
