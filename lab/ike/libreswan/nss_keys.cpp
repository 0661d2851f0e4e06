#include "lab/ike/libreswan/nss_keys.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "lab/core/run_dir.h"
#include "lab/ike/pubkey.h"
#include "lab/sys/error.h"
#include "lab/sys/process.h"

namespace lab::ike::libreswan {
namespace {

sys::RunResult ipsec(std::vector<std::string> args, std::chrono::milliseconds timeout,
                     const release::Userland& userland) {
  args.insert(args.begin(), userland.own() ? "ipsec" : "/usr/sbin/ipsec");
  sys::RunOptions options;
  userland.apply(options);
  options.timeout = timeout;
  options.package = "libreswan";
  auto r = sys::run(args, options);
  if (!r.ok())
    throw sys::Error(sys::quoteArgv(args) + " failed (exit " + std::to_string(r.exitCode) +
                     (r.timedOut ? ", timed out" : "") + "): " + r.out);
  return r;
}

std::string tokenAfter(std::string_view text, std::string_view marker) {
  auto at = text.find(marker);
  if (at == std::string_view::npos) return {};
  at += marker.size();
  auto end = at;
  while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
  return std::string(text.substr(at, end - at));
}

}  // namespace

void initNss(const std::filesystem::path& nssDir, const release::Userland& userland) {
  std::filesystem::create_directories(nssDir);
  if (std::filesystem::exists(nssDir / "cert9.db")) return;
  ipsec({"initnss", "--nssdir", nssDir.string()}, std::chrono::seconds(30), userland);
}

PublicKey newHostKey(const std::filesystem::path& nssDir, const release::Userland& userland) {
  initNss(nssDir, userland);
  // 3072 bits: the usual size (libreswan refuses less than 2192; its default
  // picks 3072 plus a random extra that only makes generation slower).
  auto generated = ipsec({"newhostkey", "--bits", "3072", "--nssdir", nssDir.string()}, std::chrono::seconds(120),
                         userland);
  std::string ckaid = parseCkaid(generated.out);
  if (ckaid.empty()) throw sys::Error("ipsec newhostkey printed no CKAID: " + generated.out);
  auto shown = ipsec({"showhostkey", "--nssdir", nssDir.string(), "--left", "--ckaid", ckaid},
                     std::chrono::seconds(30), userland);
  std::string key = parseRsaSigKey(shown.out);
  if (key.empty()) throw sys::Error("ipsec showhostkey printed no leftrsasigkey: " + shown.out);
  return publicKeyFromRfc3110(key);
}

void makeKeyEntry(const std::filesystem::path& dir, const std::filesystem::path& root) {
  PublicKey key = newHostKey(dir, release::Userland{root, {dir}});
  core::writeSecret(dir / "pubkey", key.rfc3110 + "\n");
}

PublicKey adoptKeyEntry(const std::filesystem::path& entry, const std::filesystem::path& nssDir) {
  namespace fs = std::filesystem;
  fs::create_directories(nssDir);
  if (!fs::exists(nssDir / "cert9.db"))
    for (const char* f : {"cert9.db", "key4.db", "pkcs11.txt"}) {
      fs::copy_file(entry / f, nssDir / f, fs::copy_options::overwrite_existing);
      fs::permissions(nssDir / f, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    }
  std::ifstream in(entry / "pubkey");
  std::string key;
  if (!(in >> key)) throw sys::Error("no public key in " + (entry / "pubkey").string());
  return publicKeyFromRfc3110(key);
}

std::string parseCkaid(std::string_view out) { return tokenAfter(out, "with CKAID "); }

std::string parseRsaSigKey(std::string_view out) { return tokenAfter(out, "rsasigkey="); }

}  // namespace lab::ike::libreswan
