#include "harness/capture/capture.h"

#include <net/if.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <future>

#include "lab/netns/netns.h"
#include "lab/sys/error.h"
#include "lab/sys/fd.h"

namespace harness::capture {
namespace {

using lab::sys::Error;

// The largest packet `iface` (in the caller's namespace) carries, with room
// for its link-layer header; 65535 + that when the MTU cannot be read ("any").
int wholePacketSnaplen(const std::string& iface) {
  constexpr int kLinkHeader = 128;
  int mtu = 65535;
  lab::sys::Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  ifreq req{};
  if (s && iface.size() < IFNAMSIZ) {
    iface.copy(req.ifr_name, IFNAMSIZ - 1);
    if (::ioctl(s.get(), SIOCGIFMTU, &req) == 0 && req.ifr_mtu > 0) mtu = req.ifr_mtu;
  }
  return mtu + kLinkHeader;
}

std::string pcapFailure(pcap_t* p, int status) {
  std::string msg = pcap_statustostr(status);
  const char* detail = pcap_geterr(p);
  if (detail && *detail) msg += std::string(": ") + detail;
  return msg;
}

}  // namespace

Capture::Capture(CaptureSpec spec) : spec_(std::move(spec)) {}

Capture::~Capture() { stop(); }

std::string Capture::describe() const {
  return (spec_.netns.empty() ? std::string("(current)") : spec_.netns) + ":" + spec_.iface;
}

void Capture::start() {
  if (handle_) throw Error("capture " + describe() + ": already started");

  // The packet socket is created here, inside the namespace, and stays there.
  auto open = [this] {
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    PcapHandle h(pcap_create(spec_.iface.c_str(), errbuf));
    if (!h) throw Error("capture " + describe() + ": pcap_create: " + errbuf);
    pcap_set_snaplen(h.get(), spec_.snaplen > 0 ? spec_.snaplen : wholePacketSnaplen(spec_.iface));
    pcap_set_promisc(h.get(), 0);
    pcap_set_immediate_mode(h.get(), 1);
    pcap_set_timeout(h.get(), 10);
    int rc = pcap_activate(h.get());
    if (rc < 0) throw Error("capture " + describe() + ": " + pcapFailure(h.get(), rc));
    return h;
  };
  handle_ = spec_.netns.empty() ? open() : lab::netns::runIn(lab::netns::NetNs::open(spec_.netns), open);
  linktype_ = pcap_datalink(handle_.get());

  if (!spec_.filter.empty()) {
    bpf_program prog{};
    if (pcap_compile(handle_.get(), &prog, spec_.filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      throw Error("capture " + describe() + ": bad filter '" + spec_.filter + "': " + pcap_geterr(handle_.get()));
    }
    int rc = pcap_setfilter(handle_.get(), &prog);
    pcap_freecode(&prog);
    if (rc != 0) throw Error("capture " + describe() + ": pcap_setfilter: " + pcap_geterr(handle_.get()));
  }
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  if (pcap_setnonblock(handle_.get(), 1, errbuf) != 0) {
    throw Error("capture " + describe() + ": pcap_setnonblock: " + errbuf);
  }
  if (pcap_get_selectable_fd(handle_.get()) < 0) {
    throw Error("capture " + describe() + ": no selectable fd");
  }
  dumper_.reset(pcap_dump_open(handle_.get(), spec_.file.c_str()));
  if (!dumper_) throw Error("capture " + describe() + ": " + pcap_geterr(handle_.get()));

  stopFd_ = lab::sys::Fd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!stopFd_) lab::sys::throwErrno("capture " + describe() + ": eventfd");

  // Live once activated: the kernel queues from here on. The thread signals
  // when it is about to poll, so start() returns with both true.
  std::promise<void> polling;
  auto ready = polling.get_future();
  thread_ = std::thread([this, &polling] {
    polling.set_value();
    loop();
  });
  ready.wait();
}

std::size_t Capture::dispatch() {
  int n = pcap_dispatch(handle_.get(), -1, &Capture::onPacket, reinterpret_cast<u_char*>(this));
  if (n == PCAP_ERROR) {
    error_ = pcap_geterr(handle_.get());
    failed_ = true;
    return 0;
  }
  if (n > 0) pcap_dump_flush(dumper_.get());
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

void Capture::loop() {
  pollfd fds[2] = {{pcap_get_selectable_fd(handle_.get()), POLLIN, 0}, {stopFd_.get(), POLLIN, 0}};
  for (;;) {
    int rc = ::poll(fds, 2, -1);
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) {
      error_ = "poll failed";
      failed_ = true;
      break;
    }
    if (fds[1].revents) break;
    if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
      // Interface gone (e.g. namespace torn down): keep what was read.
      dispatch();
      error_ = "interface went away";
      failed_ = true;
      return;
    }
    if (fds[0].revents) dispatch();
    if (failed_) return;
  }
  // Stop requested: read what the kernel already queued, then return.
  while (!failed_ && dispatch() > 0) {
  }
}

void Capture::onPacket(u_char* self, const pcap_pkthdr* h, const u_char* bytes) {
  auto* c = reinterpret_cast<Capture*>(self);
  pcap_dump(reinterpret_cast<u_char*>(c->dumper_.get()), h, bytes);
  DecodedPacket p = decode(c->linktype_, bytes, h->caplen, h->len);
  p.time = static_cast<double>(h->ts.tv_sec) + static_cast<double>(h->ts.tv_usec) / 1e6;
  std::lock_guard lock(c->mu_);
  c->packets_.push_back(std::move(p));
}

void Capture::stop() noexcept {
  if (thread_.joinable()) {
    std::uint64_t one = 1;
    if (::write(stopFd_.get(), &one, sizeof one) < 0) {
      // eventfd write cannot fail short of overflow; the join below still ends
      // once the loop sees the counter.
    }
    thread_.join();
  }
  if (handle_) {
    pcap_stat st{};
    if (pcap_stats(handle_.get(), &st) == 0) dropped_ = st.ps_drop;
  }
  if (dumper_) pcap_dump_flush(dumper_.get());
  dumper_.reset();  // closes the file: complete and valid
  handle_.reset();
  stopFd_.reset();
}

std::vector<DecodedPacket> Capture::packets() const {
  std::lock_guard lock(mu_);
  return packets_;
}

std::size_t Capture::count() const {
  std::lock_guard lock(mu_);
  return packets_.size();
}

Capture& CaptureSet::add(CaptureSpec spec) {
  captures_.push_back(std::make_unique<Capture>(std::move(spec)));
  return *captures_.back();
}

void CaptureSet::startAll() {
  try {
    for (auto& c : captures_) {
      if (!c->running()) c->start();
    }
  } catch (...) {
    stopAll();
    throw;
  }
}

void CaptureSet::stopAll() noexcept {
  for (auto& c : captures_) c->stop();
}

Capture* CaptureSet::find(const std::string& netns, const std::string& iface) {
  for (auto& c : captures_) {
    if (c->spec().netns == netns && c->spec().iface == iface) return c.get();
  }
  return nullptr;
}

void Capture::decryptWith(const EspKeyring& keys) {
  auto again = decodeFile(spec_.file, nullptr, &keys);
  std::lock_guard lock(mu_);
  packets_ = std::move(again);
}

std::vector<DecodedPacket> decodeFile(const std::filesystem::path& file, int* linktype, const EspKeyring* keys) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  std::unique_ptr<pcap_t, lab::sys::CFree<pcap_close>> p(pcap_open_offline(file.c_str(), errbuf));
  if (!p) throw Error("cannot read " + file.string() + ": " + errbuf);
  int dlt = pcap_datalink(p.get());
  if (linktype) *linktype = dlt;
  std::vector<DecodedPacket> out;
  pcap_pkthdr* h = nullptr;
  const u_char* bytes = nullptr;
  int rc;
  while ((rc = pcap_next_ex(p.get(), &h, &bytes)) == 1) {
    out.push_back(decode(dlt, bytes, h->caplen, h->len, keys));
    out.back().time = static_cast<double>(h->ts.tv_sec) + static_cast<double>(h->ts.tv_usec) / 1e6;
  }
  if (rc == PCAP_ERROR) throw Error("cannot read " + file.string() + ": " + pcap_geterr(p.get()));
  return out;
}

}  // namespace harness::capture
