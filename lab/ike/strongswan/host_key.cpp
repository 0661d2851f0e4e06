#include "lab/ike/strongswan/host_key.h"

#include <fstream>
#include <sstream>

#include "lab/core/run_dir.h"
#include "lab/ike/pubkey.h"
#include "lab/ike/strongswan/charon_userland.h"
#include "lab/ike/strongswan/swanctl_conf.h"
#include "lab/sys/error.h"
#include "lab/sys/file.h"
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
  // One exec, no shell and no `pki --pub`: under UML each exec (into a
  // release root, loading every plugin) costs hundreds of milliseconds,
  // and the public half is in the private key. pki writes the key to
  // stdout; its warnings (stderr, interleaved) fall outside the PEM block.
  o.env["STRONGSWAN_CONF"] = (dir / "strongswan.conf").string();  // the child's copy only (sys::run)
  auto r = sys::run({"pki", "--gen", "--type", "rsa", "--size", "2048", "--outform", "pem"}, o);
  const std::string begin = "-----BEGIN RSA PRIVATE KEY-----", end = "-----END RSA PRIVATE KEY-----";
  const auto b = r.out.find(begin), e = r.out.find(end);
  if (!r.ok() || b == std::string::npos || e == std::string::npos)
    throw sys::Error("pki --gen failed (exit " + std::to_string(r.exitCode) + "): " +
                     (b == std::string::npos ? r.out : r.out.substr(0, b)));
  const std::string pem = r.out.substr(b, e + end.size() - b) + "\n";
  core::writeSecret(dir / "private.pem", pem);
  sys::writeFile(dir / "pubkey.pem", toPem(publicOfRsaPrivateKeyPem(pem)));
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
