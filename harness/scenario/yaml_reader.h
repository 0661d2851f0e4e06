#pragma once
// Internal to harness/scenario: typed reads from a yaml-cpp tree that record
// every problem (with file, line, column and YAML path) instead of stopping.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario/scenario_error.h"
#include "harness/scenario/scenario_spec.h"
#include "lab/core/ip.h"

namespace harness::scenario {

// One entry of a YAML map: its key node (for "unknown key" positions), its
// value and the value's YAML path.
struct Field {
  std::string name;
  YAML::Node key;
  YAML::Node value;
  std::string path;
};

// The entries of one YAML map, in file order.
class Fields {
 public:
  const Field* get(std::string_view name) const;
  const std::vector<Field>& all() const { return entries_; }
  std::vector<Field>& all() { return entries_; }

 private:
  std::vector<Field> entries_;
};

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  void error(const YAML::Node& at, const std::string& path, std::string message, std::string hint = "");
  void errorAt(const YAML::Mark& at, const std::string& path, std::string message, std::string hint = "");
  bool hasErrors() const { return !errors_.empty(); }
  // All errors, ordered by position in the file (file-level errors first).
  std::vector<ScenarioError> takeErrors();

  static SourcePos pos(const YAML::Node& n);

  // Shape checks: record "expected <what>, got <kind>" and return false.
  bool expectMap(const YAML::Node& n, const std::string& path, std::string_view what = "a map");
  bool expectList(const YAML::Node& n, const std::string& path, std::string_view what = "a list");

  // A map's entries; reports duplicate keys, non-scalar keys, keys not in
  // `allowed` (with the nearest allowed one) and missing `required` keys.
  std::optional<Fields> fields(const YAML::Node& map, const std::string& path,
                               const std::vector<std::string>& allowed,
                               const std::vector<std::string>& required,
                               std::string_view what = "a map");
  // A map whose keys are names (segments, hosts, ...): duplicates reported.
  std::optional<Fields> namedEntries(const YAML::Node& map, const std::string& path,
                                     std::string_view what);

  std::optional<std::string> text(const YAML::Node& n, const std::string& path,
                                  std::string_view what = "a string");
  std::optional<lab::Ip4> ip(const YAML::Node& n, const std::string& path);
  // requireLen: "a.b.c.d/n" only; otherwise "a.b.c.d" is accepted and
  // returned with len = -1.
  std::optional<lab::Prefix> prefix(const YAML::Node& n, const std::string& path, bool requireLen);
  std::optional<std::int64_t> integer(const YAML::Node& n, const std::string& path,
                                      std::int64_t min, std::int64_t max);
  std::optional<double> number(const YAML::Node& n, const std::string& path, double min, double max);
  // A string or a list of strings.
  std::optional<std::vector<std::string>> textList(const YAML::Node& n, const std::string& path,
                                                   std::string_view what);
  // A list of exactly n scalars (each with its node, for positions).
  std::optional<std::vector<YAML::Node>> pair(const YAML::Node& n, const std::string& path,
                                              std::string_view what);

 private:
  std::string file_;
  std::vector<ScenarioError> errors_;
};

// "a map", "a list", "a string", "nothing" — for "expected X, got Y".
std::string kindOf(const YAML::Node& n);

}  // namespace harness::scenario
