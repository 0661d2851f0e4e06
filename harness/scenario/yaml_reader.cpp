#include "harness/scenario/yaml_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "harness/scenario/suggest.h"

namespace harness::scenario {

const Field* Fields::get(std::string_view name) const {
  for (const auto& f : entries_)
    if (f.name == name) return &f;
  return nullptr;
}

std::string kindOf(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "'" + n.Scalar() + "'";
    default: return "nothing";
  }
}

SourcePos YamlReader::pos(const YAML::Node& n) {
  if (!n.IsDefined()) return {};
  auto m = n.Mark();
  if (m.line < 0) return {};
  return {m.line + 1, m.column + 1};
}

void YamlReader::error(const YAML::Node& at, const std::string& path, std::string message,
                       std::string hint) {
  auto p = pos(at);
  errors_.push_back({file_, p.line, p.col, path, std::move(message), std::move(hint)});
}

void YamlReader::errorAt(const YAML::Mark& at, const std::string& path, std::string message,
                         std::string hint) {
  int line = at.line < 0 ? 0 : at.line + 1;
  int col = at.line < 0 ? 0 : at.column + 1;
  errors_.push_back({file_, line, col, path, std::move(message), std::move(hint)});
}

std::vector<ScenarioError> YamlReader::takeErrors() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const auto& a, const auto& b) {
    return std::pair(a.line, a.col) < std::pair(b.line, b.col);
  });
  return std::move(errors_);
}

bool YamlReader::expectMap(const YAML::Node& n, const std::string& path, std::string_view what) {
  if (n.IsMap()) return true;
  error(n, path, "expected " + std::string(what) + ", got " + kindOf(n));
  return false;
}

bool YamlReader::expectList(const YAML::Node& n, const std::string& path, std::string_view what) {
  if (n.IsSequence()) return true;
  error(n, path, "expected " + std::string(what) + ", got " + kindOf(n));
  return false;
}

static std::string childPath(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::optional<Fields> YamlReader::namedEntries(const YAML::Node& map, const std::string& path,
                                               std::string_view what) {
  if (!expectMap(map, path, what)) return std::nullopt;
  Fields out;
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      error(key, path, "expected a name as key, got " + kindOf(key));
      continue;
    }
    std::string name = key.Scalar();
    if (!seen.insert(name).second) {
      error(key, childPath(path, name), "duplicate key '" + name + "'");
      continue;
    }
    out.all().push_back({name, key, it->second, childPath(path, name)});
  }
  return out;
}

std::optional<Fields> YamlReader::fields(const YAML::Node& map, const std::string& path,
                                         const std::vector<std::string>& allowed,
                                         const std::vector<std::string>& required,
                                         std::string_view what) {
  auto entries = namedEntries(map, path, what);
  if (!entries) return std::nullopt;
  Fields out;
  for (auto& f : entries->all()) {
    if (std::find(allowed.begin(), allowed.end(), f.name) == allowed.end()) {
      auto near = nearest(f.name, allowed);
      error(f.key, f.path, "unknown key '" + f.name + "'",
            near ? "did you mean '" + *near + "'?" : "expected one of: " + joinNames(allowed));
      continue;
    }
    out.all().push_back(std::move(f));
  }
  for (const auto& r : required)
    if (!entries->get(r) && !out.get(r)) {
      // A misspelt required key is already reported as unknown with a suggestion.
      bool misspelt = false;
      for (const auto& f : entries->all())
        if (nearest(f.name, allowed) == r) misspelt = true;
      if (!misspelt) error(map, path, "missing required key '" + r + "'");
    }
  return out;
}

std::optional<std::string> YamlReader::text(const YAML::Node& n, const std::string& path,
                                            std::string_view what) {
  if (n.IsScalar()) return n.Scalar();
  error(n, path, "expected " + std::string(what) + ", got " + kindOf(n));
  return std::nullopt;
}

std::optional<lab::Ip4> YamlReader::ip(const YAML::Node& n, const std::string& path) {
  auto s = text(n, path, "an IPv4 address");
  if (!s) return std::nullopt;
  if (auto a = lab::Ip4::parse(*s)) return a;
  std::string hint = s->find('/') != std::string::npos ? "no /length here" : "expected a.b.c.d";
  error(n, path, "'" + *s + "' is not an IPv4 address", hint);
  return std::nullopt;
}

std::optional<lab::Prefix> YamlReader::prefix(const YAML::Node& n, const std::string& path,
                                              bool requireLen) {
  auto s = text(n, path, requireLen ? "an IPv4 prefix" : "an IPv4 address");
  if (!s) return std::nullopt;
  if (s->find('/') == std::string::npos) {
    if (requireLen) {
      error(n, path, "'" + *s + "' has no prefix length", "expected a.b.c.d/n");
      return std::nullopt;
    }
    if (auto a = lab::Ip4::parse(*s)) return lab::Prefix{*a, -1};
    error(n, path, "'" + *s + "' is not an IPv4 address", "expected a.b.c.d or a.b.c.d/n");
    return std::nullopt;
  }
  if (auto p = lab::Prefix::parse(*s)) return p;
  error(n, path, "'" + *s + "' is not an IPv4 prefix", "expected a.b.c.d/n with n in 0..32");
  return std::nullopt;
}

std::optional<std::int64_t> YamlReader::integer(const YAML::Node& n, const std::string& path,
                                                std::int64_t min, std::int64_t max) {
  const std::string what = "an integer in " + std::to_string(min) + ".." + std::to_string(max);
  auto s = text(n, path, what);
  if (!s) return std::nullopt;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || end != s->data() + s->size() || v < min || v > max) {
    error(n, path, "expected " + what + ", got '" + *s + "'");
    return std::nullopt;
  }
  return v;
}

std::optional<double> YamlReader::number(const YAML::Node& n, const std::string& path, double min,
                                         double max) {
  auto fmt = [](double d) {
    std::string s = std::to_string(d);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s;
  };
  const std::string what = "a number greater than " + fmt(min) + " and at most " + fmt(max);
  auto s = text(n, path, what);
  if (!s) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || end != s->data() + s->size() || !std::isfinite(v) || v <= min || v > max) {
    error(n, path, "expected " + what + ", got '" + *s + "'");
    return std::nullopt;
  }
  return v;
}

std::optional<std::vector<std::string>> YamlReader::textList(const YAML::Node& n,
                                                             const std::string& path,
                                                             std::string_view what) {
  if (n.IsScalar()) return std::vector<std::string>{n.Scalar()};
  if (!n.IsSequence() || n.size() == 0) {
    error(n, path,
          "expected " + std::string(what) + " or a non-empty list of them, got " +
              (n.IsSequence() ? std::string("an empty list") : kindOf(n)));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < n.size(); ++i) {
    auto s = text(n[i], path + "[" + std::to_string(i) + "]", what);
    if (s) out.push_back(*s);
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<YAML::Node>> YamlReader::pair(const YAML::Node& n, const std::string& path,
                                                        std::string_view what) {
  if (!n.IsSequence() || n.size() != 2) {
    std::string got = n.IsSequence() ? "a list of " + std::to_string(n.size()) : kindOf(n);
    error(n, path, "expected a list of two " + std::string(what) + ", got " + got);
    return std::nullopt;
  }
  std::vector<YAML::Node> out;
  bool ok = true;
  for (std::size_t i = 0; i < 2; ++i) {
    YAML::Node item = n[i];
    if (!item.IsScalar()) {
      error(item, path + "[" + std::to_string(i) + "]", "expected a scalar, got " + kindOf(item));
      ok = false;
    }
    out.push_back(item);
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace harness::scenario
