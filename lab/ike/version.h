#pragma once
// Daemon versions as numbers ("4.10" > "4.3"), and ranges of them: where an
// implementation's knowledge differs by version (an outcome's log line, a
// config keyword, a default), the rule says which versions it holds for.
#include <compare>
#include <string>
#include <vector>

namespace lab::ike {

class Version {
 public:
  Version() = default;
  // "4.10", "5.9.8", "6.0.1", "5.2rc1" (text after the numbers is ignored
  // for ordering). An empty or non-numeric text is the unknown version.
  explicit Version(const std::string& text);

  bool known() const { return !parts_.empty(); }
  const std::string& str() const { return text_; }
  // Numeric, part by part; a missing part is 0 ("4.10" == "4.10.0").
  std::strong_ordering operator<=>(const Version& o) const;
  bool operator==(const Version& o) const { return (*this <=> o) == 0; }

 private:
  std::string text_;
  std::vector<int> parts_;
};

// [since, until]: both inclusive, either open when empty ("" = any).
struct VersionRange {
  std::string since;
  std::string until;
  bool contains(const Version& v) const;
  bool any() const { return since.empty() && until.empty(); }
  std::string str() const;  // "any", ">= 4.5", "<= 4.4", "4.5..5.2"
};

}  // namespace lab::ike
