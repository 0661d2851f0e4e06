#pragma once
// Strict reading of labrun's result JSON (json_report.h): every failure
// names the JSON path that was wrong.
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>

#include "harness/report/json_report.h"

namespace harness::report::json {

using Json = nlohmann::json;

// A value quoted in an error message, cut short.
inline std::string shown(const Json& v) {
  std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

// Strict field access: every failure names the JSON path that was wrong.
class Reader {
 public:
  Reader(const Json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j_.is_object()) fail(path_, "expected an object, got " + typeName(j_));
  }

  // Rejects keys the format does not have (typos, another program's JSON).
  void onlyKeys(std::initializer_list<std::string_view> keys) const {
    for (const auto& [key, value] : j_.items()) {
      bool known = false;
      for (auto k : keys) known = known || k == key;
      if (!known) fail(path_ + "." + key, "unknown field");
    }
  }

  const Json& field(const std::string& key) const {
    auto it = j_.find(key);
    if (it == j_.end()) fail(path_ + "." + key, "missing field");
    return *it;
  }

  std::string string(const std::string& key) const {
    const Json& v = field(key);
    if (!v.is_string()) fail(path_ + "." + key, "expected a string, got " + typeName(v));
    return v.get<std::string>();
  }

  double seconds(const std::string& key) const {
    const Json& v = field(key);
    if (!v.is_number()) fail(path_ + "." + key, "expected a number of seconds, got " + typeName(v));
    double s = v.get<double>();
    if (!std::isfinite(s) || s < 0) fail(path_ + "." + key, "expected seconds >= 0, got " + shown(v));
    return s;
  }

  int integer(const std::string& key) const {
    const Json& v = field(key);
    if (!v.is_number_integer()) fail(path_ + "." + key, "expected an integer, got " + typeName(v));
    auto n = v.get<std::int64_t>();
    if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max())
      fail(path_ + "." + key, "integer out of range: " + shown(v));
    return static_cast<int>(n);
  }

  const std::string& path() const { return path_; }

  [[noreturn]] static void fail(const std::string& where, const std::string& what) {
    throw JsonReportError("labrun result JSON: " + where + ": " + what);
  }

 private:
  static std::string typeName(const Json& v) {
    return v.is_null() ? "null" : std::string(v.type_name()) + " " + shown(v);
  }

  const Json& j_;
  std::string path_;
};

}  // namespace harness::report::json
