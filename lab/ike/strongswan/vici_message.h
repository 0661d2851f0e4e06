#pragma once
// strongSwan's VICI wire format, pure (no I/O): messages (a tree of sections,
// key/values and lists) and the packets that carry them.
// Source: src/libcharon/plugins/vici/README.md in strongSwan.
//
// Transport: each packet travels as a 32-bit big-endian length, then that
// many bytes (at most 512 KiB).
// Packet: 8-bit type; named types (CMD_REQUEST, EVENT_REGISTER,
// EVENT_UNREGISTER, EVENT) then an 8-bit name length and the name; then the
// message (CMD_REQUEST, CMD_RESPONSE, EVENT).
// Message: a sequence of elements, each an 8-bit type:
//   1 SECTION_START name   2 SECTION_END
//   3 KEY_VALUE name value 4 LIST_START name   5 LIST_ITEM value   6 LIST_END
// names: 8-bit length + ASCII; values: 16-bit big-endian length + raw bytes.
// Sections nest and balance; lists do not nest and hold only items.
//
//   vici::Section m;
//   m.set("name", "gre1");
//   std::string wire = vici::frame(vici::encodePacket({PacketType::CmdRequest, "unload-conn", m}));
//
// Decoders throw vici::Error naming what is wrong and at which byte.
#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <vector>

#include "lab/sys/error.h"

namespace lab::ike::vici {

class Error : public sys::Error {
 public:
  using sys::Error::Error;
};

struct Entry;

// One section of a message (the message itself is the unnamed root section).
// Entries keep their order; references returned by add() stay valid while
// more entries are added.
class Section {
 public:
  // Appends `key = value`.
  Section& set(std::string_view key, std::string value);
  // Appends the list `key = [items...]`.
  Section& setList(std::string_view key, std::vector<std::string> items);
  // Appends an empty sub-section and returns it.
  Section& add(std::string_view name);
  // Appends a copy of `sub` as sub-section `name`; returns *this.
  Section& add(std::string_view name, Section sub);
  // The first sub-section `name`, appended empty if there is none.
  Section& child(std::string_view name);

  // First entry of that name and kind, or nullptr.
  const std::string* value(std::string_view key) const;
  const std::vector<std::string>* list(std::string_view key) const;
  const Section* section(std::string_view name) const;
  // value(key), or `fallback` when absent.
  std::string get(std::string_view key, std::string_view fallback = {}) const;

  const std::list<Entry>& entries() const { return entries_; }
  std::list<Entry>& entries() { return entries_; }
  bool empty() const;
  bool operator==(const Section& other) const;

 private:
  std::list<Entry> entries_;
};

struct Entry {
  enum class Kind : std::uint8_t { Value, List, Section };
  Kind kind = Kind::Value;
  std::string name;
  std::string value;               // Kind::Value
  std::vector<std::string> items;  // Kind::List
  Section section;                 // Kind::Section
  bool operator==(const Entry& other) const = default;
};

inline bool Section::empty() const { return entries_.empty(); }

// Message elements (the byte values on the wire).
enum class Element : std::uint8_t {
  SectionStart = 1,
  SectionEnd = 2,
  KeyValue = 3,
  ListStart = 4,
  ListItem = 5,
  ListEnd = 6,
};

// Encodes a message. Throws vici::Error if a name exceeds 255 bytes or a
// value 65535 bytes.
std::string encodeMessage(const Section& message);
// Decodes a message (the whole of `bytes`).
Section decodeMessage(std::string_view bytes);

enum class PacketType : std::uint8_t {
  CmdRequest = 0,       // named, with message
  CmdResponse = 1,      // message
  CmdUnknown = 2,       // nothing
  EventRegister = 3,    // named
  EventUnregister = 4,  // named
  EventConfirm = 5,     // nothing
  EventUnknown = 6,     // nothing
  Event = 7,            // named, with message
};
std::string_view packetTypeName(PacketType type);  // "CMD_REQUEST", ...

struct Packet {
  PacketType type = PacketType::CmdRequest;
  std::string name;  // for named types
  Section message;   // for types with a message
};

inline constexpr std::size_t kMaxSegment = 512 * 1024;

// A packet without the transport length (see frame()).
std::string encodePacket(const Packet& packet);
// One transport segment (without its length) as a packet.
Packet decodePacket(std::string_view segment);
// The 32-bit big-endian length, then `segment`. Throws above kMaxSegment.
std::string frame(std::string_view segment);

// A one-line rendering in swanctl's --raw style, for errors and logs:
// `{success=no errmsg=unknown child}`, `list=[a b]`, `sec {k=v}`.
// Never used on messages that carry secrets.
std::string toText(const Section& message);

}  // namespace lab::ike::vici
