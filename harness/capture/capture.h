#pragma once
// Packet capture on one (namespace, interface), written to a pcap file and
// decoded in memory at the same time.
//
//   Capture c({.netns = "lr-x-A", .iface = "eth0", .file = dir / "s1-A-eth0.pcap"});
//   c.start();            // returns once the handle is active and polled
//   ... traffic ...
//   c.stop();             // drains what the kernel queued, flushes, closes
//   evaluateWire(check, c.packets(), c.file());
//
// The pcap handle is opened inside the namespace (on a short-lived thread, see
// lab::netns::runIn); its socket stays there, so the capture thread itself
// runs in whatever namespace. stop() uses no sleeps: an eventfd wakes the
// capture thread, which then reads with non-blocking pcap_dispatch until the
// ring is empty and flushes the dumper. Filename convention (chosen by the
// caller): <stage>-<node>-<iface>.pcap.
#include <pcap/pcap.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "harness/capture/decoder.h"
#include "lab/sys/c_free.h"
#include "lab/sys/fd.h"

namespace harness::capture {

struct CaptureSpec {
  std::string netns;            // named namespace (/run/netns/<name>); empty: the caller's
  std::string iface;            // e.g. "eth0", "gre1", "any"
  std::filesystem::path file;   // pcap written here (parent directory must exist)
  // 0: whole packets, sized by the interface's MTU (+ link header): a user
  // opening the pcap reads every IKE payload, and ESP can be decrypted (256
  // cut IKE messages short). Not a fixed 262144: in immediate mode libpcap
  // uses TPACKET_V2, whose ring holds fixed frames of the snaplen, and the
  // default 2 MB ring would keep only 8 of them in a burst.
  int snaplen = 0;
  std::string filter;           // optional BPF filter, e.g. "not arp"
};

class Capture {
 public:
  explicit Capture(CaptureSpec spec);
  ~Capture();  // stop()
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;

  // Opens and activates the handle inside the namespace, opens the file and
  // starts the capture thread. Throws lab::sys::Error (no such namespace or
  // device, permission, bad filter, unwritable file). Not restartable.
  void start();
  // Idempotent; safe after a failed start.
  void stop() noexcept;

  bool running() const { return thread_.joinable(); }
  const CaptureSpec& spec() const { return spec_; }
  const std::filesystem::path& file() const { return spec_.file; }
  std::string describe() const;  // "lr-x-A:eth0"
  int linktype() const { return linktype_; }

  // Decoded so far (complete after stop()).
  std::vector<DecodedPacket> packets() const;
  std::size_t count() const;
  // After stop(): decodes the pcap file again, decrypting its ESP with keys
  // (the SAs are read once the stage's traffic is over). Throws
  // lab::sys::Error when the file cannot be read.
  void decryptWith(const EspKeyring& keys);
  // Kernel drop counter at stop() (pcap_stats), 0 if unknown.
  unsigned droppedByKernel() const { return dropped_; }
  // Why the capture thread ended early ("interface went away"), empty if it
  // did not. Read after stop().
  const std::string& error() const { return error_; }

 private:
  void loop();
  std::size_t dispatch();  // one non-blocking pcap_dispatch; returns packets read
  static void onPacket(u_char* self, const pcap_pkthdr* h, const u_char* bytes);

  using PcapHandle = std::unique_ptr<pcap_t, lab::sys::CFree<pcap_close>>;
  using PcapDumper = std::unique_ptr<pcap_dumper_t, lab::sys::CFree<pcap_dump_close>>;

  CaptureSpec spec_;
  PcapHandle handle_;
  PcapDumper dumper_;
  lab::sys::Fd stopFd_;  // eventfd
  int linktype_ = -1;
  std::thread thread_;
  std::atomic<bool> failed_{false};
  std::string error_;  // capture thread error, read after join
  unsigned dropped_ = 0;

  mutable std::mutex mu_;
  std::vector<DecodedPacket> packets_;
};

// Several captures started and stopped together; the destructor stops all.
class CaptureSet {
 public:
  CaptureSet() = default;
  ~CaptureSet() { stopAll(); }
  CaptureSet(const CaptureSet&) = delete;
  CaptureSet& operator=(const CaptureSet&) = delete;

  Capture& add(CaptureSpec spec);
  // Starts every capture not yet started; on a failure stops those already
  // started and rethrows.
  void startAll();
  void stopAll() noexcept;

  // The capture on node's namespace and iface, or nullptr.
  Capture* find(const std::string& netns, const std::string& iface);
  const std::vector<std::unique_ptr<Capture>>& captures() const { return captures_; }

 private:
  std::vector<std::unique_ptr<Capture>> captures_;
};

// Reads a whole pcap file with libpcap and decodes every packet.
// Throws lab::sys::Error when the file cannot be opened.
// keys: ESP is decrypted with them.
std::vector<DecodedPacket> decodeFile(const std::filesystem::path& file, int* linktype = nullptr,
                                      const EspKeyring* keys = nullptr);

}  // namespace harness::capture
