// vici::Section: building and reading a message tree, and its one-line text
// (vici_message.h). The wire format is in vici_message.cpp.
#include "lab/ike/strongswan/vici_message.h"

namespace lab::ike::vici {
namespace {

// --- building --------------------------------------------------------------

Entry& append(std::list<Entry>& entries, Entry::Kind kind, std::string_view name) {
  Entry& e = entries.emplace_back();
  e.kind = kind;
  e.name = std::string(name);
  return e;
}

template <Entry::Kind K>
const Entry* findEntry(const std::list<Entry>& entries, std::string_view name) {
  for (const auto& e : entries)
    if (e.kind == K && e.name == name) return &e;
  return nullptr;
}

void appendText(std::string& out, const Section& s) {
  bool first = true;
  for (const auto& e : s.entries()) {
    if (!first) out += ' ';
    first = false;
    switch (e.kind) {
      case Entry::Kind::Value:
        out += e.name + "=" + e.value;
        break;
      case Entry::Kind::List: {
        out += e.name + "=[";
        for (std::size_t i = 0; i < e.items.size(); ++i) out += (i ? " " : "") + e.items[i];
        out += "]";
        break;
      }
      case Entry::Kind::Section:
        out += e.name + " {";
        appendText(out, e.section);
        out += "}";
        break;
    }
  }
}

}  // namespace

// --- Section ---------------------------------------------------------------

Section& Section::set(std::string_view key, std::string value) {
  append(entries_, Entry::Kind::Value, key).value = std::move(value);
  return *this;
}

Section& Section::setList(std::string_view key, std::vector<std::string> items) {
  append(entries_, Entry::Kind::List, key).items = std::move(items);
  return *this;
}

Section& Section::add(std::string_view name) { return append(entries_, Entry::Kind::Section, name).section; }

Section& Section::add(std::string_view name, Section sub) {
  append(entries_, Entry::Kind::Section, name).section = std::move(sub);
  return *this;
}

Section& Section::child(std::string_view name) {
  for (auto& e : entries_)
    if (e.kind == Entry::Kind::Section && e.name == name) return e.section;
  return add(name);
}

const std::string* Section::value(std::string_view key) const {
  const Entry* e = findEntry<Entry::Kind::Value>(entries_, key);
  return e ? &e->value : nullptr;
}

const std::vector<std::string>* Section::list(std::string_view key) const {
  const Entry* e = findEntry<Entry::Kind::List>(entries_, key);
  return e ? &e->items : nullptr;
}

const Section* Section::section(std::string_view name) const {
  const Entry* e = findEntry<Entry::Kind::Section>(entries_, name);
  return e ? &e->section : nullptr;
}

std::string Section::get(std::string_view key, std::string_view fallback) const {
  const std::string* v = value(key);
  return v ? *v : std::string(fallback);
}

bool Section::operator==(const Section& other) const { return entries_ == other.entries_; }

std::string toText(const Section& message) {
  std::string out = "{";
  appendText(out, message);
  return out + "}";
}

}  // namespace lab::ike::vici
