#pragma once
// Host key material made ahead of a lab, where it is cheap: on the machine's
// own kernel rather than inside a UML guest, where one 3072-bit key and an
// NSS database cost 2-3 s of emulated CPU instead of a quarter of a second.
//
//   <dir>/<host>-<daemon>/   0700, made under a temporary name and renamed
//                            once complete; files 0600
//     libreswan:  cert9.db key4.db pkcs11.txt (NSS, with an RSA host key),
//                 pubkey (RFC 3110)
//     strongswan: private.pem, pubkey.pem
//   <dir>/<host>-<daemon>.error   why making it failed
//
// A daemon copies its entry into its own state directory (DaemonDirs::keys),
// so runs never share state. The directory lives in the run directory and
// goes with it. A `labrun scenario` run makes its entries while the UML guest
// boots; `labrun matrix` makes one set per run for all of its cases.
//
//   HostKeys keys(runDir / "keys");
//   keys.make({{"A", "libreswan"}, {"B", "strongswan"}});
//   fs::path a = keys.await("A", "libreswan", 60s);   // in the guest
#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <vector>

namespace lab::ike {

struct KeyEntryRequest {
  std::string host;
  std::string daemon;
  // A host on a Debian release: its entry is made with that release root's
  // own tools (key making belongs to the daemon's userland) and named
  // <host>-<daemon>@<release>.
  std::string release;
  std::filesystem::path root;
  bool operator==(const KeyEntryRequest&) const = default;
};

class HostKeys {
 public:
  explicit HostKeys(std::filesystem::path dir) : dir_(std::move(dir)) {}

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path entry(const std::string& host, const std::string& daemon, const std::string& release = {}) const;
  // Makes the entries not made yet, all at once. A failure is written beside
  // the entry (for whoever awaits it) and the first one is rethrown.
  void make(const std::vector<KeyEntryRequest>& requests) const;
  // make() on a thread of its own, for while the lab is built or the guest
  // boots. Never throws: failures wait in the entries' .error files for
  // await(). The future joins when destroyed.
  std::future<void> makeInBackground(std::vector<KeyEntryRequest> requests) const;
  // The entry once complete. Throws sys::Error with the maker's message, or
  // after `timeout`; sys::Interrupted on Ctrl-C.
  std::filesystem::path await(const std::string& host, const std::string& daemon,
                              std::chrono::milliseconds timeout, const std::string& release = {}) const;

 private:
  std::filesystem::path dir_;
};

// Requests without duplicates, in first-seen order.
void addRequest(std::vector<KeyEntryRequest>& to, const KeyEntryRequest& r);

}  // namespace lab::ike
