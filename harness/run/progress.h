#pragma once
// Progress lines for the person watching. Inside a UML guest they carry the
// console marker so the host can tell them from kernel messages.
#include <functional>
#include <string>

namespace harness::run {

void setGuestMode(bool inGuest);
bool guestMode();
// Prints one line to stdout (with the guest marker in guest mode), flushed.
void progress(const std::string& line);

// While one lives, progress() hands its lines to `sink` instead (a live
// status line prints them above itself: report/progress_line.h).
class ProgressSink {
 public:
  explicit ProgressSink(std::function<void(const std::string&)> sink);
  ~ProgressSink();
  ProgressSink(const ProgressSink&) = delete;
  ProgressSink& operator=(const ProgressSink&) = delete;

 private:
  std::function<void(const std::string&)> previous_;
};

}  // namespace harness::run
