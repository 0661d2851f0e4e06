#include "harness/run/ike_session.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <thread>

#include "harness/assert/explain.h"
#include "harness/run/progress.h"
#include "lab/core/clean.h"
#include "lab/netns/netns.h"
#include "lab/ike/ike_registry.h"
#include "lab/sys/error.h"
#include "lab/sys/fd.h"
#include "lab/sys/interrupt.h"

namespace harness::run {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// One pass of a wait: read new log lines, ask the daemons (libreswan only
// when its log grew), judge.
constexpr std::chrono::milliseconds kWaitPass{25};
// How long a weaker outcome waits for a stronger one, and a settled failure
// for the peer's side of it.
constexpr std::chrono::milliseconds kTellingGrace{300};

// 32 random bytes, base64: a fresh PSK per run (never printed).
std::string randomSecret() {
  unsigned char raw[32];
  lab::sys::Fd fd(::open("/dev/urandom", O_RDONLY | O_CLOEXEC));
  if (!fd || ::read(fd.get(), raw, sizeof raw) != static_cast<ssize_t>(sizeof raw))
    lab::sys::throwErrno("read /dev/urandom");
  static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i + 2 < sizeof raw; i += 3) {
    unsigned v = (raw[i] << 16) | (raw[i + 1] << 8) | raw[i + 2];
    for (int k = 18; k >= 0; k -= 6) out += b64[(v >> k) & 63];
  }
  return out;
}

const lab::GreSpec& greOf(const ScenarioSpec& s) {
  for (const auto& t : s.topology.tunnels)
    if (t.name == s.ipsec->gre) return t;
  throw lab::sys::Error("ipsec: tunnel " + s.ipsec->gre + " not in the topology");
}

void apply(const ConnSettings& c, lab::ike::ConnSpec& conn) {
  if (c.left) conn.left = *c.left;
  if (c.right) conn.right = *c.right;
  if (c.leftid) conn.leftid = *c.leftid;
  if (c.rightid) conn.rightid = *c.rightid;
}

// How long ago a pluto log line was written ("Nov 27 23:04:58.751129: ..."),
// from its time of day; nullopt for lines without sub-second stamps.
std::optional<double> secondsSinceLogLine(const std::string& line) {
  int hh, mm;
  double ss;
  if (line.size() < 22 || std::sscanf(line.c_str() + 7, "%d:%d:%lf", &hh, &mm, &ss) != 3 || line[15] != '.')
    return std::nullopt;
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  tm local{};
  ::localtime_r(&now.tv_sec, &local);
  double nowOfDay = local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec + now.tv_nsec / 1e9;
  double lag = nowOfDay - (hh * 3600 + mm * 60 + ss);
  if (lag < -1 || lag > 3600) return std::nullopt;
  return std::max(0.0, lag);
}

}  // namespace

std::vector<lab::ike::KeyEntryRequest> keyRequests(const ScenarioSpec& spec) {
  std::vector<lab::ike::KeyEntryRequest> out;
  if (!spec.ipsec) return out;
  for (int i = 0; i < 2; ++i)
    if (lab::ike::needsKeyEntry(spec.ipsec->daemons[i], spec.ipsec->auth))
      lab::ike::addRequest(out, {spec.ipsec->hosts[i], spec.ipsec->daemons[i]});
  return out;
}

IkeSession::IkeSession(const ScenarioSpec& spec, const lab::core::Lab& lab, fs::path runDir, fs::path artifactsDir,
                       lab::ike::HostKeys keys)
    : spec_(spec),
      ipsec_(*spec.ipsec),
      lab_(lab),
      runDir_(std::move(runDir)),
      artifactsDir_(std::move(artifactsDir)),
      keys_(std::move(keys)) {}

IkeSession::~IkeSession() { stop(); }

lab::ike::ConnSpec IkeSession::connFor(int end, const StageSpec& stage) const {
  const std::string& host = ipsec_.hosts[end];
  const lab::GreSpec& gre = greOf(spec_);
  const int g = gre.ends[0].host == host ? 0 : 1;  // this host's end of the GRE tunnel
  lab::ike::ConnSpec c;
  c.name = ipsec_.gre;
  c.mode = ipsec_.mode;
  c.ikeVersion = ipsec_.ikeVersion;
  c.auth = ipsec_.auth;
  c.initiator = host == ipsec_.initiator;
  if (ipsec_.mode == lab::ike::Mode::GreOverIpsec) {
    // Between the addresses the GRE packets carry (the peer's public one if NAT'd).
    c.left = gre.ends[g].local.str();
    c.right = gre.ends[g].remote.str();
  } else {
    c.left = gre.ends[g].inner.addr.str();
    c.right = gre.ends[1 - g].inner.addr.str();
  }
  if (auto it = ipsec_.set.find(host); it != ipsec_.set.end()) apply(it->second, c);
  if (auto it = stage.set.find(host); it != stage.set.end()) apply(it->second, c);
  // Bring your own config: the host's own conn, as written.
  const scenario::LiteralConn* lit = nullptr;
  if (auto it = ipsec_.config.find(host); it != ipsec_.config.end()) lit = &it->second;
  if (auto it = stage.config.find(host); it != stage.config.end()) lit = &it->second;
  if (lit) {
    if (ipsec_.daemons[end] != "libreswan")
      throw lab::sys::EnvironmentError(host + "'s own config is a libreswan conn, but " + host + " runs " +
                                           ipsec_.daemons[end],
                                       "--ike " + host + "=libreswan");
    c = scenario::connOfLiteral(*lit, c, ipsec_.ikeStated ? ipsec_.ikeVersion : 0);
  }
  return c;
}

std::string IkeSession::describe() const {
  std::string s;
  for (int i = 0; i < 2; ++i) {
    if (i) s += " <-> ";
    s += ipsec_.daemons[i] + " " + lab::ike::installedVersion(ipsec_.daemons[i]) + " (" + ipsec_.hosts[i] + ")";
  }
  s += ", IKEv" + std::to_string(ipsec_.ikeVersion) + ", " +
       (ipsec_.auth == lab::ike::Auth::Psk ? "psk" : "rsa") + ", " +
       (ipsec_.mode == lab::ike::Mode::GreOverIpsec ? "GRE over IPsec" : "IPsec over GRE");
  return s;
}

lab::ike::Credentials IkeSession::credsFor(int end, const StageSpec& stage) const {
  lab::ike::Credentials c = ends_[end].creds;
  if (stage.fault.wrongPsk == ends_[end].host) c.psk = otherPsk_;
  return c;
}

void IkeSession::injectKill(const StageSpec& stage) {
  if (stage.fault.killDaemon.empty()) return;
  const std::string ns = lab_.node(stage.fault.killDaemon).name();
  auto pids = lab::core::killProcessesIn({ns}, std::chrono::milliseconds(0));
  progress("    fault: killed " + stage.fault.killDaemon + "'s IKE daemon (" + std::to_string(pids.size()) +
           " process(es) in " + ns + ")");
}

void IkeSession::start(const StageSpec& first) {
  const std::string psk = randomSecret();
  otherPsk_ = randomSecret();
  const auto t0 = Clock::now();
  bool entries = false;
  for (int i = 0; i < 2; ++i) {
    End& e = ends_[i];
    e.host = ipsec_.hosts[i];
    lab::ike::DaemonDirs dirs;
    dirs.state = runDir_ / "state" / e.host;  // sockets, NSS, keys: 0700, local fs
    dirs.config = artifactsDir_ / (e.host + "-" + ipsec_.daemons[i]);
    if (lab::ike::needsKeyEntry(ipsec_.daemons[i], ipsec_.auth)) {
      dirs.keys = keys_.await(e.host, ipsec_.daemons[i], std::chrono::seconds(120));
      entries = true;
    }
    fs::create_directories(dirs.state);
    fs::permissions(dirs.state, fs::perms::owner_all, fs::perm_options::replace);
    fs::create_directories(dirs.config);
    e.daemon = lab::ike::makeDaemon(ipsec_.daemons[i], lab_.node(e.host), dirs);
    e.creds.psk = psk;
  }
  if (ipsec_.auth == lab::ike::Auth::Rsa) {
    for (auto& e : ends_) e.creds.self = e.daemon->hostKey();
    ends_[0].creds.peer = ends_[1].creds.self;
    ends_[1].creds.peer = ends_[0].creds.self;
  }
  if (entries)
    progress("    host keys in place (" +
           std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count()) +
           " ms)" + (ipsec_.auth == lab::ike::Auth::Rsa ? ": RSA public keys exchanged" : ""));
  configure(first);
  auto t = Clock::now();
  std::exception_ptr err[2];
  std::thread th[2];
  for (int i = 0; i < 2; ++i)
    th[i] = std::thread([&, i] {
      try {
        ends_[i].daemon->start();
      } catch (...) {
        err[i] = std::current_exception();
      }
    });
  for (auto& x : th) x.join();
  for (auto& e : err)
    if (e) std::rethrow_exception(e);
  progress("    daemons ready in " +
           std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count()) +
           " ms: " + describe());
  lastHadFault_ = first.fault.any();
  bringUp();
  injectKill(first);
}

void IkeSession::configure(const StageSpec& stage) {
  for (int i = 0; i < 2; ++i) {
    current_[i] = connFor(i, stage);
    auto creds = credsFor(i, stage);
    currentPsk_[i] = creds.psk;
    ends_[i].daemon->configure(current_[i], creds);
  }
  if (!stage.fault.wrongPsk.empty()) progress("    fault: " + stage.fault.wrongPsk + " has a different pre-shared key");
  for (const auto& e : ends_) {
    const scenario::LiteralConn* lit = nullptr;
    if (auto it = ipsec_.config.find(e.host); it != ipsec_.config.end()) lit = &it->second;
    if (auto it = stage.config.find(e.host); it != stage.config.end()) lit = &it->second;
    if (!lit || !notesShown_.insert(e.host + "\n" + lit->conn).second) continue;
    progress("    " + e.host + " runs its own conn " + lit->name + " (as written):");
    for (const auto& n : lit->notes) {
      if (n.rfind("no ikev2= line", 0) == 0 && ipsec_.ikeStated) {
        progress("      note: no ikev2= line: the scenario states IKEv" + std::to_string(ipsec_.ikeVersion) +
                 " (the version the conn's author ran), so labrun adds it" +
                 (ipsec_.ikeVersion == 1 ? " with ikev1-policy=accept; as written, libreswan 4 would negotiate IKEv2" : ""));
        continue;
      }
      progress("      note: " + n);
    }
  }
}

void IkeSession::bringUp() {
  forgetStatus();
  // Responder first, so the initiator's first packet finds its peer ready.
  // A daemon refusing the connection (e.g. IKEv1 dropped by policy) is an
  // outcome of the stage, judged from its log like any other.
  for (int pass = 0; pass < 2; ++pass)
    for (int i = 0; i < 2; ++i) {
      End& e = ends_[i];
      if (current_[i].initiator != (pass == 1)) continue;
      try {
        e.daemon->up();
      } catch (const lab::sys::EnvironmentError&) {
        throw;
      } catch (const lab::sys::Interrupted&) {
        throw;
      } catch (const lab::sys::Error& err) {
        std::string first = err.what();
        progress("    " + e.host + " refused the connection: " + first.substr(0, first.find('\n')));
      }
    }
}

void IkeSession::drainLogs() {
  for (int i = 0; i < 2; ++i)
    if (!ends_[i].daemon->newLogLines(logOffset_[i]).empty()) statusGate_[i].stale();
  stageEvents_.clear();
}

void IkeSession::collectEvents() {
  for (int i = 0; i < 2; ++i) {
    auto lines = ends_[i].daemon->newLogLines(logOffset_[i]);
    if (lines.empty()) continue;
    statusGate_[i].stale();  // the daemon did something: its status may have changed
    auto ev = assert::matchOutcomes(ends_[i].host, ipsec_.daemons[i], lines);
    stageEvents_.insert(stageEvents_.end(), ev.begin(), ev.end());
  }
}

void IkeSession::forgetStatus() {
  for (auto& g : statusGate_) g.stale();
}

lab::ike::SaStatus IkeSession::statusOf(int end, bool mustAsk) {
  const auto now = Clock::now();
  if (statusGate_[end].shouldAsk(now, ends_[end].daemon->statusFollowsLog(), mustAsk)) {
    lastStatus_[end] = ends_[end].daemon->status();
    statusGate_[end].asked(now);
  }
  return lastStatus_[end];
}

std::string IkeSession::unverifiedNote() const {
  std::string note;
  for (int i = 0; i < 2; ++i) {
    const auto v = lab::ike::installedVersion(ipsec_.daemons[i]);
    if (!assert::verifiedVersion(ipsec_.daemons[i], v) && note.find(ipsec_.daemons[i]) == std::string::npos)
      note += (note.empty() ? "" : "; ") + ipsec_.daemons[i] + " " + v;
  }
  return note.empty() ? "" : "note: outcome matchers unverified for " + note;
}

std::string IkeSession::explainStage() const {
  assert::EndView v[2];
  for (int i = 0; i < 2; ++i) {
    v[i].host = ends_[i].host;
    v[i].daemon = ipsec_.daemons[i];
    v[i].conn = current_[i];
    for (const auto& h : spec_.topology.hosts)
      if (h.name == v[i].host) {
        v[i].nicAddress = h.address.addr.str();
        if (h.publicAddr) v[i].publicAddress = h.publicAddr->str();
      }
  }
  return assert::explain(stageEvents_, v[0], v[1]);
}

IkeSession::EndsStatus IkeSession::pollEnds(const std::string& at, bool mustAsk) {
  EndsStatus s;
  for (int i = 0; i < 2; ++i) {
    const std::string who = ends_[i].host + " (" + ipsec_.daemons[i] + "): ";
    if (!ends_[i].daemon->alive()) {
      s.died = true;
      s.detail += who + "daemon died; log " + ends_[i].daemon->logFile().string() + "\n";
      continue;
    }
    auto st = statusOf(i, mustAsk);
    if (at.empty() || at == ends_[i].host) {
      s.ikeUp = s.ikeUp && st.ikeUp;
      s.childUp = s.childUp && st.childUp;
    }
    s.detail += who + st.detail + "\n";
  }
  if (s.died) s.ikeUp = s.childUp = false;
  if (!s.detail.empty()) s.detail.pop_back();
  return s;
}

OutcomeVerdict IkeSession::waitOutcome(const IkeCheck& check) {
  OutcomeVerdict v;
  const auto wanted = assert::expandOutcome(check.outcome);
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::milliseconds(static_cast<long>(check.timeoutSec * 1000));
  std::optional<Clock::time_point> otherFailureAt, firstMatchAt;
  std::string status;
  for (;;) {
    lab::sys::throwIfInterrupted("waiting for an IKE outcome");
    const bool last = Clock::now() >= deadline;  // this pass asks both daemons afresh
    collectEvents();
    const auto ends = pollEnds(check.at, last);
    const bool childUp = ends.childUp, died = ends.died;
    status = ends.detail + "\n";
    v.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (check.outcome == "established") {
      if (childUp && !died) {
        v.pass = true;
        v.seen = "established";
        break;
      }
    } else {
      // The most telling outcome wins: a notification over the log line
      // that precedes it. A non-terminal match is taken only if no terminal
      // one follows within kTellingGrace (the notification is logged within
      // milliseconds: the same exchange, or its reply).
      const assert::OutcomeEvent* best = nullptr;
      for (const auto& w : wanted) {
        for (const auto& e : stageEvents_)
          if ((check.at.empty() || e.host == check.at) && e.outcome == w) {
            best = &e;
            break;
          }
        if (best) break;
      }
      if (best && !best->terminal && !firstMatchAt) firstMatchAt = Clock::now();
      if (best && (best->terminal || Clock::now() - *firstMatchAt > kTellingGrace ||
                   Clock::now() >= deadline)) {
        v.pass = true;
        v.seen = (best->outcome == check.outcome ? "seen" : best->outcome) + " at " + best->host + " (" +
                 best->daemon + " " + lab::ike::installedVersion(best->daemon) + ")";
        v.detail = best->line + "\n";
        if (auto lag = secondsSinceLogLine(best->line))
          v.detail += "verdict " + std::to_string(*lag).substr(0, 5) + " s after the daemon logged it\n";
        break;
      }
      if (childUp && !died) {
        v.detail = "expected " + check.outcome + ", but the tunnel came up\n";
        break;
      }
    }
    // Another terminal outcome (or a dead daemon) ends the wait shortly
    // after: the expected one may still follow in the peer's log.
    const bool otherFailure = died || std::any_of(stageEvents_.begin(), stageEvents_.end(),
                                                  [](const auto& e) { return e.terminal; });
    if (otherFailure && !otherFailureAt) otherFailureAt = Clock::now();
    if (otherFailureAt && Clock::now() - *otherFailureAt > std::chrono::seconds(1)) break;
    if (last) break;
    std::this_thread::sleep_for(kWaitPass);
  }
  if (!v.pass && v.detail.empty()) {
    std::string others;
    for (const auto& e : stageEvents_)
      if (others.find(e.outcome + " at " + e.host) == std::string::npos)
        others += (others.empty() ? "" : ", ") + e.outcome + " at " + e.host;
    v.detail = "expected " + check.outcome + (check.at.empty() ? "" : " at " + check.at) + "; seen " +
               (others.empty() ? "no IKE outcome" : others) + " after " + std::to_string(v.seconds).substr(0, 4) +
               " s\n";
  }
  v.detail += status;
  if (auto note = unverifiedNote(); !note.empty()) v.detail += note + "\n";
  if (!v.detail.empty() && v.detail.back() == '\n') v.detail.pop_back();
  return v;
}

void IkeSession::applyStage(const StageSpec& stage) {
  drainLogs();
  // A stage after a fault, or with one, renegotiates from scratch.
  bool same = !lastHadFault_ && !stage.fault.any();
  lastHadFault_ = stage.fault.any();
  for (int i = 0; i < 2; ++i)
    same = same && connFor(i, stage) == current_[i] && credsFor(i, stage).psk == currentPsk_[i];
  if (same) {
    progress("    IPsec settings unchanged: the SAs stay up");
  } else {
    for (auto& e : ends_) e.daemon->down();
    forgetStatus();
    configure(stage);
    bringUp();
  }
  injectKill(stage);
}

TunnelVerdict IkeSession::waitTunnel(const TunnelCheck& check, bool ikeOnly) {
  TunnelVerdict v;
  if (!check.up) {
    // Judged now: a stage that expects a failure states the failure as an
    // ike: outcome before it, so the negotiation has ended by the time this
    // runs. Waiting out retransmission timers proves nothing more.
    collectEvents();
    const auto ends = pollEnds();
    v.childUp = ends.childUp;
    v.daemonDied = ends.died;
    v.detail = ends.detail;
    v.events = stageEvents_;
    return v;
  }
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::milliseconds(static_cast<long>(check.timeoutSec * 1000));
  std::optional<Clock::time_point> terminalAt;
  for (;;) {
    lab::sys::throwIfInterrupted("waiting for the tunnel");
    const bool last = Clock::now() >= deadline;  // this pass asks both daemons afresh
    collectEvents();
    v.events = stageEvents_;
    const auto ends = pollEnds("", last);
    v.ikeUp = ends.ikeUp;
    v.childUp = ends.childUp;
    v.daemonDied = ends.died;
    v.detail = ends.detail;
    const bool terminal = std::any_of(v.events.begin(), v.events.end(), [](const auto& e) { return e.terminal; });
    v.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    // Done when both have the IPsec SA, or the negotiation failed for good
    // (a terminal outcome in a log, a dead daemon): never wait out
    // retransmission timers.
    if (ikeOnly && v.ikeUp) break;
    // A terminal outcome ends the wait after a grace: with both ends
    // initiating (a conn of the user's own with auto=start on both), one
    // exchange can fail while the other still succeeds; with one initiator
    // only the peer's matching log line may still be on its way.
    if (terminal && !terminalAt) terminalAt = Clock::now();
    const auto grace = current_[0].initiator && current_[1].initiator ? std::chrono::milliseconds(1500)
                                                                      : kTellingGrace;
    const bool settled = terminalAt && Clock::now() - *terminalAt > grace;
    if (v.childUp || v.daemonDied || settled || last) break;
    std::this_thread::sleep_for(kWaitPass);
  }
  return v;
}

void IkeSession::stop() noexcept {
  // Both at once: each daemon takes its time to shut down.
  std::thread other;
  try {
    if (ends_[0].daemon) other = std::thread([this] { ends_[0].daemon->stop(); });
  } catch (const std::system_error&) {
    ends_[0].daemon->stop();
  }
  if (ends_[1].daemon) ends_[1].daemon->stop();
  if (other.joinable()) other.join();
}

}  // namespace harness::run
