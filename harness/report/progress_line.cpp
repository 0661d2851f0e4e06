#include "harness/report/progress_line.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>

namespace harness::report {
namespace {

void put(std::FILE* out, const std::string& s) { std::fwrite(s.data(), 1, s.size(), out); }

}  // namespace

bool liveProgressAllowed() { return std::getenv("LABRUN_NO_PROGRESS") == nullptr; }

ProgressLine::ProgressLine(std::FILE* out, ProgressCounts start)
    : ProgressLine(out, std::move(start), liveProgressAllowed() ? terminalCaps(::fileno(out)) : std::nullopt, true) {}

ProgressLine::ProgressLine(std::FILE* out, ProgressCounts start, std::optional<TerminalCaps> caps, bool tick)
    : out_(out),
      caps_(std::move(caps)),
      counts_(std::move(start)),
      start_(std::chrono::steady_clock::now()),
      lastDone_(start_) {
  if (!live()) return;
  {
    std::lock_guard lock(m_);
    drawLocked();
  }
  if (tick) ticker_ = std::thread([this] { tickLoop(); });
}

ProgressLine::~ProgressLine() { stop(); }

void ProgressLine::stop() {
  {
    std::lock_guard lock(m_);
    stop_ = true;
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  std::lock_guard lock(m_);
  if (!live()) return;
  clearLocked();
  std::fflush(out_);
  caps_.reset();
}

void ProgressLine::print(const std::string& line) {
  std::lock_guard lock(m_);
  if (live()) clearLocked();
  put(out_, line + "\n");
  if (live()) drawLocked();
  std::fflush(out_);
}

void ProgressLine::update(const std::function<void(ProgressCounts&)>& change) {
  std::lock_guard lock(m_);
  const int doneBefore = counts_.done;
  change(counts_);
  if (counts_.done != doneBefore) lastDone_ = std::chrono::steady_clock::now();
  if (!live()) return;
  drawLocked();
  std::fflush(out_);
}

ProgressCounts ProgressLine::counts() const {
  std::lock_guard lock(m_);
  return counts_;
}

// The status line over whatever the line holds, cut to the window's width
// so that it never wraps (a wrapped line could not be redrawn in place).
void ProgressLine::drawLocked() {
  const auto now = std::chrono::steady_clock::now();
  counts_.elapsedSeconds = std::chrono::duration<double>(now - start_).count();
  counts_.sinceLastDoneSeconds = std::chrono::duration<double>(now - lastDone_).count();
  std::string text = formatProgress(counts_);
  const int width = terminalWidth(::fileno(out_), caps_->cols);
  if (width > 1 && static_cast<int>(text.size()) > width - 1) text.resize(static_cast<std::size_t>(width - 1));
  put(out_, caps_->cr + text + caps_->el);
  std::fflush(out_);
}

void ProgressLine::clearLocked() { put(out_, caps_->cr + caps_->el); }

void ProgressLine::tickLoop() {
  std::unique_lock lock(m_);
  while (!wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) drawLocked();
}

}  // namespace harness::report
