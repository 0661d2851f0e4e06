#pragma once
// Bring your own config: a user's own connection text (a libreswan `conn`
// block pasted from an ipsec.conf, ...), kept as written. Which
// implementation reads it, and what it means there, is that
// implementation's knowledge (IkeImplementation::readOwnConfig).
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "lab/ike/conn_spec.h"

namespace lab::ike {

struct OwnConfig {
  std::string text;    // as written
  std::string format;  // "ipsec.conf"; which implementations read it: ownConfigFormats()
  std::string name;    // the connection's name in the text ("gre1")
  bool operator==(const OwnConfig&) const = default;
};

// What an implementation makes of it.
struct OwnConn {
  ConnSpec conn;                   // conn.literal: the text the daemon gets
  std::vector<std::string> notes;  // where the installed version reads it differently
};

// A config that is not valid in its format; `line` and `col` are 1-based
// within the text (0: not tied to a line, or to a column).
class OwnConfigError : public std::runtime_error {
 public:
  OwnConfigError(int line, const std::string& what, int col = 0) : std::runtime_error(what), line_(line), col_(col) {}
  int line() const { return line_; }
  int col() const { return col_; }
  // ":LINE:COL", ":LINE" or "" (to follow a file name).
  std::string where() const {
    if (!line_) return "";
    return ":" + std::to_string(line_) + (col_ ? ":" + std::to_string(col_) : "");
  }

 private:
  int line_, col_;
};

// The format and connection name of a user's text, as the first registered
// implementation that reads it recognises them. Throws OwnConfigError when
// one recognises the format but finds it invalid, or when none reads it.
// `format` (non-empty): only an implementation that reads that format is
// asked, and a text it does not recognise is an error. `dir`: the file's
// directory, where files the config names (certificates) are looked for.
OwnConfig recogniseOwnConfig(const std::string& text, const std::string& format = {},
                             const std::filesystem::path& dir = {});
// Every format some registered implementation reads ("ipsec.conf", "swanctl.conf").
std::vector<std::string> ownConfigFormats();

}  // namespace lab::ike
