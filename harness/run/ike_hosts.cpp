#include "harness/run/ike_hosts.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <set>
#include <thread>

#include "harness/run/progress.h"
#include "harness/run/releases.h"
#include "lab/core/clean.h"
#include "lab/ike/registry.h"
#include "lab/ike/secrets.h"
#include "lab/netns/netns.h"
#include "lab/sys/error.h"

namespace harness::run {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

long msSince(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

bool anyRsa(const ScenarioSpec& spec, const std::string& host) {
  for (const auto* c : spec.ipsec->connsOf(host))
    if (c->auth == lab::ike::Auth::Rsa) return true;
  return false;
}

// An error as one line: its first line and, when the tool's output or log
// follows, the last of those (the refusal itself; what came before is the
// daemon's own start-up, e.g. "adding UDP interface ...").
std::string oneLine(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at <= text.size()) {
    const auto nl = text.find('\n', at);
    std::string l = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    if (l.find_first_not_of(" \t") != std::string::npos) lines.push_back(std::move(l));
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  if (lines.empty()) return "";
  return lines.size() == 1 ? lines[0] : lines.front() + " ... " + lines.back();
}

const char* modeName(lab::ike::Mode m) {
  return m == lab::ike::Mode::GreOverIpsec ? "GRE over IPsec" : "IPsec over GRE";
}

}  // namespace

std::vector<lab::ike::KeyEntryRequest> keyRequests(const ScenarioSpec& spec) {
  std::vector<lab::ike::KeyEntryRequest> out;
  if (!spec.ipsec) return out;
  for (const auto& host : spec.ipsec->hosts()) {
    const std::string& impl = spec.ipsec->daemons.at(host);
    const auto auth = anyRsa(spec, host) ? lab::ike::Auth::Rsa : lab::ike::Auth::Psk;
    // A host on a release gets its entry made with that release's own tools.
    const std::string release = releaseOf(spec, host);
    if (lab::ike::implementation(impl).needsKeyEntry(auth))
      lab::ike::addRequest(out, {host, impl, release, rootOf(spec, host, release)});
  }
  return out;
}

IkeHosts::IkeHosts(const ScenarioSpec& spec, const lab::core::Lab& lab, fs::path runDir, fs::path artifactsDir,
                   lab::ike::HostKeys keys)
    : spec_(spec),
      lab_(lab),
      runDir_(std::move(runDir)),
      artifactsDir_(std::move(artifactsDir)),
      keys_(std::move(keys)),
      hosts_(spec.ipsec->hosts()) {}

IkeHosts::~IkeHosts() { stop(); }

std::unique_ptr<lab::ike::IkeDaemon> IkeHosts::makeDaemon(const std::string& host, const std::string& release,
                                                         const std::string& stage) {
  const auto& impl = lab::ike::implementation(spec_.ipsec->daemons.at(host));
  // A host that moves to another release starts over in directories of its
  // own: its first daemon's configs stay in the artifacts beside the new ones.
  const std::string suffix = release == releaseOf(spec_, host) ? "" : "@" + release;
  lab::ike::DaemonDirs dirs;
  dirs.state = runDir_ / "state" / (host + suffix);  // sockets, NSS, keys: 0700, local fs
  dirs.config = artifactsDir_ / (host + "-" + std::string(impl.name()) + suffix);
  dirs.root = rootOf(spec_, host, release);
  // The entry made ahead (keyRequests) is for the host's first release; one
  // that a stage moved elsewhere makes its key with the new release's tools.
  if (release == releaseOf(spec_, host) &&
      impl.needsKeyEntry(anyRsa(spec_, host) ? lab::ike::Auth::Rsa : lab::ike::Auth::Psk))
    dirs.keys = keys_.await(host, std::string(impl.name()), std::chrono::seconds(120), release);
  fs::create_directories(dirs.state);
  fs::permissions(dirs.state, fs::perms::owner_all, fs::perm_options::replace);
  fs::create_directories(dirs.config);
  auto d = impl.makeDaemon(lab_.node(host), dirs);
  DaemonInfo info;
  info.host = host;
  info.implementation = std::string(impl.displayName());
  info.version = d->version();
  info.package = debianVersionOf(std::string(impl.name()), release);
  info.release = release;
  if (release.empty()) info.machineRelease = machineRelease();
  info.stage = stage;
  started_.push_back(std::move(info));
  release_[host] = release;
  return d;
}

void IkeHosts::start(const StageSpec& first) {
  const auto t0 = Clock::now();
  bool entries = false;
  std::map<std::string, const lab::ike::IkeImplementation*> impls;
  std::map<std::string, std::string> versions;
  for (const auto& host : hosts_) {
    const auto& impl = lab::ike::implementation(spec_.ipsec->daemons.at(host));
    const std::string release = first.release.count(host) ? first.release.at(host) : releaseOf(spec_, host);
    entries = entries || (release == releaseOf(spec_, host) &&
                          impl.needsKeyEntry(anyRsa(spec_, host) ? lab::ike::Auth::Rsa : lab::ike::Auth::Psk));
    daemons_[host] = makeDaemon(host, release, first.name);
    impls[host] = &impl;
    versions[host] = daemons_[host]->version();
  }
  plan_ = std::make_unique<ConnPlan>(spec_, impls, versions);
  std::map<std::string, std::string> psk;
  for (const auto& c : spec_.ipsec->conns) psk[c.name] = lab::ike::randomPsk();
  plan_->setSecrets(std::move(psk), lab::ike::randomPsk());
  for (const auto& host : hosts_)
    if (anyRsa(spec_, host)) plan_->setPublicKey(host, daemons_[host]->hostKey());
  if (entries)
    progress("    host keys in place (" + std::to_string(msSince(t0)) + " ms)" +
             (std::any_of(hosts_.begin(), hosts_.end(), [&](const auto& h) { return anyRsa(spec_, h); })
                  ? ": RSA public keys exchanged"
                  : ""));
  configure(first, planStage(first));
  const auto t = Clock::now();
  std::vector<std::exception_ptr> err(hosts_.size());
  std::vector<std::thread> th;
  for (std::size_t i = 0; i < hosts_.size(); ++i)
    th.emplace_back([&, i] {
      try {
        daemons_.at(hosts_[i])->start();
      } catch (...) {
        err[i] = std::current_exception();
      }
    });
  for (auto& x : th) x.join();
  for (auto& e : err)
    if (e) std::rethrow_exception(e);
  progress("    daemons ready in " + std::to_string(msSince(t)) + " ms: " + describe());
  // Once per run: a version whose log lines were never checked still runs,
  // and says which outcome matchers are unverified for it.
  std::set<std::string> noted;
  for (const auto& host : hosts_) {
    const auto& d = *daemons_.at(host);
    const auto note =
        d.implementation().outcomeTable().unverifiedNote(std::string(d.implementation().displayName()), d.version());
    if (!note.empty() && noted.insert(note).second) progress("    note: " + note);
  }
  lastHadFault_ = first.fault.any();
  std::vector<std::string> all;
  for (const auto& c : spec_.ipsec->conns) all.push_back(c.name);
  bringUp(all);
  injectKill(first);
}

std::map<std::string, std::map<std::string, EndPlan>> IkeHosts::planStage(const StageSpec& stage) const {
  std::map<std::string, std::map<std::string, EndPlan>> plans;
  for (const auto& c : spec_.ipsec->conns)
    for (const auto& host : c.hosts) plans[c.name][host] = plan_->endPlan(c, host, stage);
  return plans;
}

void IkeHosts::configure(const StageSpec& stage, std::map<std::string, std::map<std::string, EndPlan>> plans) {
  current_ = std::move(plans);
  for (const auto& host : hosts_) {
    std::vector<lab::ike::ConnConfig> configs;
    for (const auto* c : spec_.ipsec->connsOf(host)) configs.push_back(current_.at(c->name).at(host).config);
    daemons_.at(host)->configure(configs);
  }
  if (!stage.fault.wrongPsk.empty()) progress("    fault: " + stage.fault.wrongPsk + " has a different pre-shared key");
  for (const auto& host : hosts_)
    for (const auto* c : spec_.ipsec->connsOf(host)) showNotes(host, current_.at(c->name).at(host));
}

void IkeHosts::showNotes(const std::string& host, const EndPlan& p) {
  if (!p.own || !notesShown_.insert(host + "\n" + p.config.conn.literal).second) return;
  progress("    " + host + " runs its own conn " + p.config.conn.name + " (as written)" + (p.notes.empty() ? "" : ":"));
  for (const auto& n : p.notes) progress("      note: " + n);
}

std::vector<std::string> IkeHosts::moveReleases(const StageSpec& stage) {
  replaced_.clear();
  std::vector<std::string> moved;  // connections of the moved hosts
  for (const auto& [host, release] : stage.release) {
    if (release_.at(host) == release) continue;
    for (const auto* c : spec_.ipsec->connsOf(host)) {
      for (const auto& end : c->hosts)
        if (end != host) daemons_.at(end)->down(c->name);
      moved.push_back(c->name);
    }
    const std::string from = daemons_.at(host)->version();
    daemons_.at(host)->stop();
    daemons_[host] = makeDaemon(host, release, stage.name);
    plan_->setVersion(host, daemons_[host]->version());
    if (anyRsa(spec_, host)) plan_->setPublicKey(host, daemons_[host]->hostKey());
    progress("    " + host + " moves to " + release + ": " + started_.back().describe() + " replaces " +
             std::string(daemons_[host]->implementation().displayName()) + " " + from);
    replaced_.push_back(host);
  }
  return moved;
}

std::vector<std::string> IkeHosts::applyStage(const StageSpec& stage) {
  const auto moved = moveReleases(stage);
  auto plans = planStage(stage);
  // A stage after a fault, or with one, renegotiates everything from scratch.
  const bool fault = lastHadFault_ || stage.fault.any();
  lastHadFault_ = stage.fault.any();
  std::vector<std::string> changed, kept;
  for (const auto& c : spec_.ipsec->conns) {
    bool same = !fault && std::find(moved.begin(), moved.end(), c.name) == moved.end();
    for (const auto& host : c.hosts) same = same && plans.at(c.name).at(host).config == current_.at(c.name).at(host).config;
    (same ? kept : changed).push_back(c.name);
  }
  if (changed.empty()) {
    progress("    IPsec settings unchanged: the SAs stay up");
  } else {
    if (!kept.empty()) {
      std::string names;
      for (const auto& k : kept) names += (names.empty() ? "" : ", ") + k;
      progress("    IPsec settings unchanged for " + names + ": its SAs stay up");
    }
    for (const auto& name : changed)
      for (const auto& host : spec_.ipsec->conn(name)->hosts) daemons_.at(host)->down(name);
    configure(stage, std::move(plans));
    for (const auto& host : replaced_) daemons_.at(host)->start();
    if (!replaced_.empty()) progress("    daemons now: " + describe());
    bringUp(changed);
  }
  injectKill(stage);
  return changed;
}

void IkeHosts::bringUp(const std::vector<std::string>& conns) {
  // Responders first, so an initiator's first packet finds its peer ready.
  // A daemon refusing a connection (e.g. IKEv1 dropped by policy) is an
  // outcome of the stage, judged from its log like any other.
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& name : conns)
      for (const auto& host : spec_.ipsec->conn(name)->hosts) {
        if (current(name, host).initiator != (pass == 1)) continue;
        try {
          daemons_.at(host)->up(name);
        } catch (const lab::sys::EnvironmentError&) {
          throw;
        } catch (const lab::sys::Interrupted&) {
          throw;
        } catch (const lab::sys::Error& err) {
          progress("    " + host + " refused " + name + ": " + oneLine(err.what()));
        }
      }
}

void IkeHosts::injectKill(const StageSpec& stage) {
  if (stage.fault.killDaemon.empty()) return;
  const std::string ns = lab_.node(stage.fault.killDaemon).name();
  auto pids = lab::core::killProcessesIn({ns}, std::chrono::milliseconds(0));
  progress("    fault: killed " + stage.fault.killDaemon + "'s IKE daemon (" + std::to_string(pids.size()) +
           " process(es) in " + ns + ")");
}

std::string IkeHosts::describe() const {
  std::string out;
  for (const auto& c : spec_.ipsec->conns) {
    std::string s = spec_.ipsec->conns.size() > 1 ? c.name + ": " : "";
    for (int i = 0; i < 2; ++i) {
      const auto& d = *daemons_.at(c.hosts[i]);
      const std::string release = release_.count(c.hosts[i]) ? release_.at(c.hosts[i]) : "";
      s += (i ? " <-> " : "") + std::string(d.implementation().name()) + " " + d.version() +
           (release.empty() ? "" : " on " + release) + " (" + c.hosts[i] + ")";
    }
    // As the daemons run it now (an end's own config may say otherwise than the scenario).
    const lab::ike::ConnSpec* now = current_.count(c.name) ? &current_.at(c.name).begin()->second.config.conn : nullptr;
    const auto mode = now ? now->mode : c.mode;
    const int version = now ? now->ikeVersion : c.ikeVersion;
    const auto auth = now ? now->auth : c.auth;
    s += ", IKEv" + std::to_string(version) + ", " + (auth == lab::ike::Auth::Psk ? "psk" : "rsa") + ", " +
         modeName(mode);
    out += (out.empty() ? "" : "; ") + s;
  }
  return out;
}

void IkeHosts::stop() noexcept {
  // All at once: each daemon takes its time to shut down.
  std::vector<std::thread> th;
  for (auto& [host, d] : daemons_) {
    try {
      th.emplace_back([&d] { d->stop(); });
    } catch (const std::system_error&) {
      d->stop();
    }
  }
  for (auto& t : th) t.join();
}

}  // namespace harness::run
