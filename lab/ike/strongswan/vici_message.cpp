#include "lab/ike/strongswan/vici_message.h"

namespace lab::ike::vici {
namespace {

// --- encoding --------------------------------------------------------------

void putName(std::string& out, std::string_view name) {
  if (name.size() > 255)
    throw Error("VICI: name '" + std::string(name.substr(0, 32)) + "...' is longer than 255 bytes");
  out += static_cast<char>(name.size());
  out += name;
}

void putValue(std::string& out, std::string_view name, std::string_view value) {
  if (value.size() > 0xffff)
    throw Error("VICI: value of '" + std::string(name) + "' is longer than 65535 bytes");
  out += static_cast<char>(value.size() >> 8);
  out += static_cast<char>(value.size() & 0xff);
  out += value;
}

void putElement(std::string& out, Element e) { out += static_cast<char>(e); }

void encodeSection(std::string& out, const Section& s) {
  for (const auto& e : s.entries()) {
    switch (e.kind) {
      case Entry::Kind::Value:
        putElement(out, Element::KeyValue);
        putName(out, e.name);
        putValue(out, e.name, e.value);
        break;
      case Entry::Kind::List:
        putElement(out, Element::ListStart);
        putName(out, e.name);
        for (const auto& item : e.items) {
          putElement(out, Element::ListItem);
          putValue(out, e.name, item);
        }
        putElement(out, Element::ListEnd);
        break;
      case Entry::Kind::Section:
        putElement(out, Element::SectionStart);
        putName(out, e.name);
        encodeSection(out, e.section);
        putElement(out, Element::SectionEnd);
        break;
    }
  }
}

// --- decoding --------------------------------------------------------------

class Reader {
 public:
  Reader(std::string_view bytes, std::string what) : b_(bytes), what_(std::move(what)) {}

  bool done() const { return pos_ >= b_.size(); }
  std::size_t pos() const { return pos_; }

  std::uint8_t byte(const char* field) {
    need(1, field);
    return static_cast<std::uint8_t>(b_[pos_++]);
  }
  std::string name(const char* field) {
    std::size_t len = byte(field);
    need(len, field);
    std::string s(b_.substr(pos_, len));
    pos_ += len;
    return s;
  }
  std::string value(const std::string& field) {
    need(2, field.c_str());
    std::size_t len = (static_cast<std::uint8_t>(b_[pos_]) << 8) | static_cast<std::uint8_t>(b_[pos_ + 1]);
    pos_ += 2;
    need(len, field.c_str());
    std::string s(b_.substr(pos_, len));
    pos_ += len;
    return s;
  }
  std::string_view rest() {
    auto r = b_.substr(pos_);
    pos_ = b_.size();
    return r;
  }
  [[noreturn]] void fail(const std::string& why, std::size_t at) const {
    throw Error("malformed VICI " + what_ + " at byte " + std::to_string(at) + ": " + why);
  }

 private:
  void need(std::size_t n, const char* field) const {
    if (b_.size() - pos_ < n)
      fail(std::string("truncated ") + field + " (" + std::to_string(n) + " bytes needed, " +
               std::to_string(b_.size() - pos_) + " left)",
           pos_);
  }
  std::string_view b_;
  std::size_t pos_ = 0;
  std::string what_;
};

std::string describePath(const std::vector<std::string>& path) {
  std::string s;
  for (const auto& p : path) s += (s.empty() ? "" : ".") + p;
  return s.empty() ? "the message" : "section '" + s + "'";
}

Section decodeElements(Reader& r) {
  Section root;
  std::vector<Section*> open{&root};
  std::vector<std::string> path;
  Entry* list = nullptr;  // the open list, if any
  while (!r.done()) {
    const std::size_t at = r.pos();
    const auto type = r.byte("element type");
    switch (static_cast<Element>(type)) {
      case Element::SectionStart: {
        if (list) r.fail("section start inside list '" + list->name + "'", at);
        std::string name = r.name("section name");
        Section& s = open.back()->add(name);
        open.push_back(&s);
        path.push_back(std::move(name));
        break;
      }
      case Element::SectionEnd:
        if (list) r.fail("section end inside list '" + list->name + "'", at);
        if (open.size() == 1) r.fail("section end without a section", at);
        open.pop_back();
        path.pop_back();
        break;
      case Element::KeyValue: {
        if (list) r.fail("key/value inside list '" + list->name + "'", at);
        std::string name = r.name("key name");
        open.back()->set(name, r.value("value of '" + name + "'"));
        break;
      }
      case Element::ListStart: {
        if (list) r.fail("list inside list '" + list->name + "'", at);
        std::string name = r.name("list name");
        open.back()->setList(name, {});
        list = &open.back()->entries().back();
        break;
      }
      case Element::ListItem:
        if (!list) r.fail("list item outside a list", at);
        list->items.push_back(r.value("item of list '" + list->name + "'"));
        break;
      case Element::ListEnd:
        if (!list) r.fail("list end without a list", at);
        list = nullptr;
        break;
      default:
        r.fail("unknown element type " + std::to_string(type), at);
    }
  }
  if (list) r.fail("list '" + list->name + "' not closed", r.pos());
  if (open.size() > 1) r.fail(describePath(path) + " not closed", r.pos());
  return root;
}

bool isNamed(PacketType t) {
  return t == PacketType::CmdRequest || t == PacketType::EventRegister ||
         t == PacketType::EventUnregister || t == PacketType::Event;
}

bool hasMessage(PacketType t) {
  return t == PacketType::CmdRequest || t == PacketType::CmdResponse || t == PacketType::Event;
}

}  // namespace

// --- messages and packets --------------------------------------------------

std::string encodeMessage(const Section& message) {
  std::string out;
  encodeSection(out, message);
  return out;
}

Section decodeMessage(std::string_view bytes) {
  Reader r(bytes, "message");
  return decodeElements(r);
}

std::string_view packetTypeName(PacketType type) {
  switch (type) {
    case PacketType::CmdRequest: return "CMD_REQUEST";
    case PacketType::CmdResponse: return "CMD_RESPONSE";
    case PacketType::CmdUnknown: return "CMD_UNKNOWN";
    case PacketType::EventRegister: return "EVENT_REGISTER";
    case PacketType::EventUnregister: return "EVENT_UNREGISTER";
    case PacketType::EventConfirm: return "EVENT_CONFIRM";
    case PacketType::EventUnknown: return "EVENT_UNKNOWN";
    case PacketType::Event: return "EVENT";
  }
  return "UNKNOWN";
}

std::string encodePacket(const Packet& packet) {
  std::string out(1, static_cast<char>(packet.type));
  if (isNamed(packet.type)) putName(out, packet.name);
  if (hasMessage(packet.type)) out += encodeMessage(packet.message);
  return out;
}

Packet decodePacket(std::string_view segment) {
  Reader r(segment, "packet");
  Packet p;
  const auto type = r.byte("packet type");
  if (type > static_cast<std::uint8_t>(PacketType::Event))
    r.fail("unknown packet type " + std::to_string(type), 0);
  p.type = static_cast<PacketType>(type);
  if (isNamed(p.type)) p.name = r.name("packet name");
  const std::size_t at = r.pos();
  std::string_view rest = r.rest();
  if (hasMessage(p.type)) {
    try {
      p.message = decodeMessage(rest);
    } catch (const Error& e) {
      throw Error(std::string(e.what()) + " (in " + std::string(packetTypeName(p.type)) +
                  (p.name.empty() ? "" : " '" + p.name + "'") + ", message from byte " + std::to_string(at) + ")");
    }
  } else if (!rest.empty()) {
    r.fail(std::to_string(rest.size()) + " unexpected bytes after " + std::string(packetTypeName(p.type)), at);
  }
  return p;
}

std::string frame(std::string_view segment) {
  if (segment.size() > kMaxSegment)
    throw Error("VICI: packet of " + std::to_string(segment.size()) + " bytes exceeds the 512 KiB limit");
  std::string out(4, '\0');
  const auto n = static_cast<std::uint32_t>(segment.size());
  out[0] = static_cast<char>(n >> 24);
  out[1] = static_cast<char>((n >> 16) & 0xff);
  out[2] = static_cast<char>((n >> 8) & 0xff);
  out[3] = static_cast<char>(n & 0xff);
  out += segment;
  return out;
}

}  // namespace lab::ike::vici
