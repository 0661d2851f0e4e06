#pragma once
// Bringing a link up, deleting it.
#include <string>

namespace lab::link {

class NlSocket;

void setLinkUp(const NlSocket& sock, const std::string& name);
// Deletes the link if present (a veth takes its peer along). Never throws.
void deleteLink(const NlSocket& sock, const std::string& name) noexcept;

}  // namespace lab::link
