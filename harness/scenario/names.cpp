#include "harness/scenario/names.h"

#include <cctype>

#include "lab/core/topology.h"

namespace harness::scenario {
namespace {

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string tooLong(std::string_view name, std::size_t max, std::string_view what) {
  return "'" + std::string(name) + "' is too long (" + std::to_string(name.size()) +
         " characters; " + std::string(what) + " have at most " + std::to_string(max) + ")";
}

}  // namespace

std::string labNameProblem(std::string_view name) {
  if (name.empty()) return "the name is empty";
  bool ok = (std::islower(static_cast<unsigned char>(name[0])) || std::isdigit(static_cast<unsigned char>(name[0])));
  for (char c : name)
    ok = ok && (std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-');
  if (!ok)
    return "invalid name '" + std::string(name) +
           "': use lower-case letters, digits and '-', starting with a letter or digit";
  if (name.size() > kMaxLabName) return tooLong(name, kMaxLabName, "lab names");
  return "";
}

std::string nodeNameProblem(std::string_view name) {
  if (name.empty()) return "the name is empty";
  bool ok = alnum(name[0]);
  for (char c : name) ok = ok && (alnum(c) || c == '_' || c == '-');
  if (!ok)
    return "invalid name '" + std::string(name) +
           "': use letters, digits, '_' and '-', starting with a letter or digit";
  if (name.size() > kMaxNodeName) return tooLong(name, kMaxNodeName, "node names");
  if (name == lab::kRouterNode) return "'router' is reserved for the lab's router node";
  if (name == lab::kSwitchNode) return "'sw' is reserved for the lab's switch node";
  return "";
}

std::string ifNameProblem(std::string_view name) {
  if (name.empty()) return "the name is empty";
  bool ok = alnum(name[0]) || name[0] == '_';
  for (char c : name) ok = ok && (alnum(c) || c == '_' || c == '-' || c == '.');
  if (!ok)
    return "invalid interface name '" + std::string(name) +
           "': use letters, digits, '_', '.' and '-', starting with a letter, digit or '_'";
  if (name.size() > kMaxIfName) return tooLong(name, kMaxIfName, "interface names");
  if (name == "lo") return "'lo' is reserved for the loopback interface";
  return "";
}

std::string releaseNameProblem(std::string_view name) {
  if (name.empty()) return "the release name is empty";
  for (char c : name)
    if (c < 'a' || c > 'z')
      return "invalid Debian release name '" + std::string(name) +
             "': a codename or suite in lower-case letters (bullseye, bookworm, trixie, sid)";
  if (name.size() > 20) return tooLong(name, 20, "release names");
  return "";
}

}  // namespace harness::scenario
