#include "lab/ike/strongswan/host_key.h"

#include <fstream>
#include <sstream>

#include "lab/core/run_dir.h"
#include "lab/ike/pubkey.h"
#include "lab/ike/strongswan/charon_userland.h"
#include "lab/ike/strongswan/swanctl_conf.h"
#include "lab/sys/error.h"
#include "lab/sys/process.h"

namespace lab::ike::strongswan {
namespace fs = std::filesystem;

void makeKeyEntry(const fs::path& dir, const release::Userland& userland) {
  core::writeSecret(dir / "strongswan.conf", renderToolConf("pki", versionIn(userland)));
  if (userland.own()) sys::findProgram("pki", "strongswan-pki");
  requireInRoot(userland, "/usr/bin/pki", "strongswan-pki");
  sys::RunOptions o;
  userland.apply(o);
  o.timeout = std::chrono::seconds(60);
  o.package = "strongswan-pki";
  // pki writes the key to stdout; the shell sends it straight to the 0600
  // file (run() would mix stdout with pki's stderr).
  const std::string script =
      "export STRONGSWAN_CONF=\"$1/strongswan.conf\" && umask 077 && "
      "pki --gen --type rsa --size 2048 --outform pem > \"$1/private.pem\" && "
      "pki --pub --in \"$1/private.pem\" --outform pem > \"$1/pubkey.pem\"";
  auto r = sys::run({"sh", "-c", script, "sh", dir.string()}, o);
  if (!r.ok()) throw sys::Error("pki --gen failed (exit " + std::to_string(r.exitCode) + "): " + r.out);
}

PublicKey adoptKeyEntry(const fs::path& entry, const fs::path& privateKey) {
  fs::create_directories(privateKey.parent_path());
  fs::copy_file(entry / "private.pem", privateKey, fs::copy_options::overwrite_existing);
  fs::permissions(privateKey, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  std::ifstream in(entry / "pubkey.pem");
  std::stringstream pem;
  pem << in.rdbuf();
  if (!in) throw sys::Error("no public key in " + (entry / "pubkey.pem").string());
  return publicKeyFromPem(pem.str());
}

}  // namespace lab::ike::strongswan
