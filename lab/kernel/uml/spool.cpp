#include "lab/kernel/uml/spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "lab/sys/error.h"
#include "lab/sys/fd.h"

namespace lab::kernel::uml {
namespace fs = std::filesystem;

std::string encodeRequest(const SpoolRequest& r) {
  std::string out;
  for (const auto& f : {r.kind, r.netns, std::to_string(r.rows), std::to_string(r.cols), r.term}) {
    out += f;
    out += '\0';
  }
  for (const auto& a : r.argv) {
    out += a;
    out += '\0';
  }
  return out;
}

SpoolRequest decodeRequest(const std::string& text) {
  std::vector<std::string> f;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto end = text.find('\0', pos);
    if (end == std::string::npos) throw sys::Error("spool request: unterminated field");
    f.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  if (f.size() < 5) throw sys::Error("spool request: " + std::to_string(f.size()) + " fields");
  SpoolRequest r;
  r.kind = f[0];
  r.netns = f[1];
  try {
    r.rows = std::stoi(f[2]);
    r.cols = std::stoi(f[3]);
  } catch (const std::exception&) {
    throw sys::Error("spool request: bad window size");
  }
  r.term = f[4];
  r.argv.assign(f.begin() + 5, f.end());
  return r;
}

void writeWhole(const fs::path& dir, const std::string& name, const std::string& text) {
  // The temporary name never starts like a spool name (no id is ".tmp").
  const fs::path tmp = dir / (".tmp-" + name);
  {
    sys::Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!fd) sys::throwErrno("create " + tmp.string());
    std::size_t off = 0;
    while (off < text.size()) {
      const ssize_t n = ::write(fd.get(), text.data() + off, text.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) sys::throwErrno("write " + tmp.string());
      off += static_cast<std::size_t>(n);
    }
  }
  if (::rename(tmp.c_str(), (dir / name).c_str()) != 0) sys::throwErrno("rename " + tmp.string());
}

std::string readWhole(const fs::path& file) {
  std::ifstream f(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

std::vector<std::string> namesWithPrefix(const fs::path& dir, const std::string& prefix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string n = e.path().filename().string();
    if (n.rfind(prefix, 0) == 0) out.push_back(std::move(n));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string seqName(const std::string& id, const char* what, unsigned seq) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08u", seq);
  return id + "." + what + "." + buf;
}

}  // namespace lab::kernel::uml
