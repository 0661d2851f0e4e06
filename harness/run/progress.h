#pragma once
// Progress lines for the person watching. Inside a UML guest they carry the
// console marker so the host can tell them from kernel messages.
#include <string>

namespace harness::run {

void setGuestMode(bool inGuest);
bool guestMode();
// Prints one line to stdout (with the guest marker in guest mode), flushed.
void progress(const std::string& line);

}  // namespace harness::run
