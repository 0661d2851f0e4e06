// swanctl.conf's syntax (strongswan.conf(5): sections `name {` … `}`,
// `key = value` to the end of the line, a value in double quotes, `#`
// comments) read into a tree whose entries remember where they were written,
// for errors with line:col.
#include "lab/ike/strongswan/own_swanctl_syntax.h"

namespace lab::ike::strongswan {
namespace {

bool nameChar(char c) { return !(c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '{' || c == '}' || c == '=' || c == '#' || c == '"'); }

class Reader {
 public:
  explicit Reader(const std::string& t) : t_(t) {}

  Node document() {
    Node root;
    root.line = 1;
    root.col = 1;
    body(root, true);
    return root;
  }

 private:
  const std::string& t_;
  std::size_t i_ = 0;
  int line_ = 1, col_ = 1;

  bool end() const { return i_ >= t_.size(); }
  char peek() const { return t_[i_]; }
  void next() {
    if (t_[i_] == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    ++i_;
  }
  // Spaces, newlines and comments.
  void skipBlank() {
    while (!end()) {
      if (peek() == '#') {
        while (!end() && peek() != '\n') next();
      } else if (peek() == ' ' || peek() == '\t' || peek() == '\r' || peek() == '\n') {
        next();
      } else {
        return;
      }
    }
  }
  void skipSpaces() {
    while (!end() && (peek() == ' ' || peek() == '\t' || peek() == '\r')) next();
  }

  void body(Node& sec, bool top) {
    while (true) {
      skipBlank();
      if (end()) {
        if (!top)
          throw OwnConfigError(sec.line, "section '" + sec.name + "' opened here is never closed: add a '}' for it",
                               sec.col);
        return;
      }
      if (peek() == '}') {
        if (top) throw OwnConfigError(line_, "'}' closes no section: remove it (or the section it meant is misnamed)", col_);
        next();
        return;
      }
      const int l = line_, c = col_;
      std::string name;
      while (!end() && nameChar(peek())) {
        name += peek();
        next();
      }
      if (name.empty())
        throw OwnConfigError(l, std::string("expected 'name {' or 'key = value', found '") + peek() + "'", c);
      skipSpaces();
      Node n;
      n.name = name;
      n.line = l;
      n.col = c;
      if (name == "include")
        throw OwnConfigError(l, "include is not followed: paste the included file's sections into this file", c);
      if (!end() && peek() == '{') {
        next();
        n.section = true;
        body(n, false);
      } else if (!end() && peek() == '=') {
        next();
        skipSpaces();
        n.valueCol = col_;
        n.value = value(n);
      } else if (!end() && peek() == ':') {
        throw OwnConfigError(l, "section references ('" + name + " : other') are not followed: write the section out", c);
      } else {
        throw OwnConfigError(l, "'" + name + "' is neither a section ('" + name + " {') nor a setting ('" + name +
                                    " = value')", c);
      }
      sec.children.push_back(std::move(n));
    }
  }

  std::string value(const Node& n) {
    if (!end() && peek() == '"') {
      const int l = line_, c = col_;
      next();
      std::string v;
      while (true) {
        if (end()) throw OwnConfigError(l, "the quoted value of '" + n.name + "' is never closed: add a '\"'", c);
        char ch = peek();
        next();
        if (ch == '"') break;
        if (ch == '\\' && !end()) {
          ch = peek();
          next();
        }
        v += ch;
      }
      return v;
    }
    std::string v;
    while (!end() && peek() != '\n' && peek() != '#' && peek() != '}') {
      v += peek();
      next();
    }
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.pop_back();
    return v;
  }
};

}  // namespace

Node readSettings(const std::string& text) { return Reader(text).document(); }

vici::Section toSection(const Node& sec) {
  vici::Section s;
  for (const auto& c : sec.children) {
    if (c.section) s.add(c.name, toSection(c));
    else s.set(c.name, c.value);
  }
  return s;
}

}  // namespace lab::ike::strongswan
