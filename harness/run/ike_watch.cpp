#include "harness/run/ike_watch.h"

#include <algorithm>
#include <optional>
#include <thread>

#include "harness/assert/explain.h"
#include "lab/ike/implementation.h"
#include "lab/sys/interrupt.h"

namespace harness::run {
using Clock = std::chrono::steady_clock;

namespace {

// One pass of a wait: read new log lines, ask the daemons (pluto only when
// its log grew), judge.
constexpr std::chrono::milliseconds kWaitPass{25};
// How long a weaker outcome waits for a stronger one, and a settled failure
// for the peer's side of it.
constexpr std::chrono::milliseconds kTellingGrace{300};

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
double wallClockNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

IkeWatch::IkeWatch(const ScenarioSpec& spec, const IkeHosts& hosts) : spec_(spec), hosts_(hosts) {
  for (const auto& h : hosts_.hosts()) gate_.emplace(h, StatusGate(kStatusFallback));
}

void IkeWatch::newStage() {
  for (const auto& h : hosts_.hosts())
    if (!hosts_.daemon(h).newLogLines(logOffset_[h]).empty()) gate_.at(h).stale();
}

void IkeWatch::keepOutcomes(const std::vector<std::string>& changed) {
  kept_.insert(kept_.end(), events_.begin(), events_.end());
  events_.clear();
  kept_.erase(std::remove_if(kept_.begin(), kept_.end(),
                             [&](const auto& e) {
                               return e.conn.empty() || std::find(changed.begin(), changed.end(), e.conn) != changed.end();
                             }),
              kept_.end());
}

void IkeWatch::forget() {
  for (auto& [h, g] : gate_) g.stale();
}

void IkeWatch::collect() {
  for (const auto& h : hosts_.hosts()) {
    auto& d = hosts_.daemon(h);
    auto lines = d.newLogLines(logOffset_[h]);
    if (lines.empty()) continue;
    gate_.at(h).stale();  // the daemon did something: its status may have changed
    auto ev = lab::ike::matchOutcomes(d.implementation(), h, d.version(), lines);
    const double now = wallClockNow();
    for (auto& e : ev) e.time = now - d.implementation().logLineAge(e.line).value_or(0);
    events_.insert(events_.end(), ev.begin(), ev.end());
  }
}

std::vector<std::string> IkeWatch::judged(const std::string& conn, const std::string& at) const {
  if (!conn.empty()) return {conn};
  std::vector<std::string> out;
  for (const auto& c : spec_.ipsec->conns)
    if (at.empty() || c.hasEnd(at)) out.push_back(c.name);
  return out;
}

bool IkeWatch::relevant(const lab::ike::OutcomeEvent& e, const std::vector<std::string>& conns) const {
  return e.conn.empty() || !spec_.ipsec->conn(e.conn) ||
         std::find(conns.begin(), conns.end(), e.conn) != conns.end();
}

lab::ike::SaStatus IkeWatch::statusOf(const std::string& host, const std::string& conn, bool ask) {
  auto key = std::pair(host, conn);
  if (ask || !last_.count(key)) last_[key] = hosts_.daemon(host).status(conn);
  return last_[key];
}

IkeWatch::EndsStatus IkeWatch::poll(const std::vector<std::string>& conns, const std::string& at, bool mustAsk) {
  EndsStatus s;
  const auto now = Clock::now();
  std::map<std::string, bool> ask;
  const bool several = spec_.ipsec->conns.size() > 1;
  for (const auto& name : conns)
    for (const auto& host : spec_.ipsec->conn(name)->hosts) {
      auto& d = hosts_.daemon(host);
      const std::string who = host + " (" + std::string(d.implementation().name()) + ")" +
                              (several ? " " + name : std::string()) + ": ";
      if (!d.alive()) {
        s.died = true;
        s.detail += who + "daemon died; log " + d.logFile().string() + "\n";
        continue;
      }
      if (!ask.count(host)) ask[host] = gate_.at(host).shouldAsk(now, d.statusFollowsLog(), mustAsk);
      const auto st = statusOf(host, name, ask[host]);
      if (at.empty() || at == host) {
        s.ikeUp = s.ikeUp && st.ikeUp;
        s.childUp = s.childUp && st.childUp;
      }
      s.detail += who + st.detail + "\n";
    }
  for (const auto& [host, asked] : ask)
    if (asked) gate_.at(host).asked(now);
  if (s.died) s.ikeUp = s.childUp = false;
  if (!s.detail.empty()) s.detail.pop_back();
  return s;
}

std::string IkeWatch::unverifiedNote() const {
  std::string note;
  for (const auto& h : hosts_.hosts()) {
    auto& d = hosts_.daemon(h);
    const auto what = d.implementation().outcomeTable().unverifiedNote(std::string(d.implementation().displayName()),
                                                                       d.version());
    if (!what.empty() && note.find(what) == std::string::npos) note += (note.empty() ? "" : "; ") + what;
  }
  return note.empty() ? "" : "note: " + note;
}

OutcomeVerdict IkeWatch::waitOutcome(const IkeCheck& check) {
  OutcomeVerdict v;
  const auto wanted = lab::ike::expandOutcome(check.outcome);
  const auto conns = judged(check.conn, check.at);
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::milliseconds(static_cast<long>(check.timeoutSec * 1000));
  std::optional<Clock::time_point> otherFailureAt, firstMatchAt;
  std::string status;
  for (;;) {
    lab::sys::throwIfInterrupted("waiting for an IKE outcome");
    const bool last = Clock::now() >= deadline;  // this pass asks every daemon afresh
    collect();
    const auto ends = poll(conns, check.at, last);
    status = ends.detail + "\n";
    v.seconds = secondsSince(start);
    if (check.outcome == "established") {
      if (ends.childUp && !ends.died) {
        v.pass = true;
        v.seen = "established";
        break;
      }
    } else {
      // The most telling outcome wins: a notification over the log line
      // that precedes it. A non-terminal match is taken only if no terminal
      // one follows within kTellingGrace (the notification is logged within
      // milliseconds: the same exchange, or its reply).
      // Of one outcome logged on both ends (a notification sent and
      // received), the initiator's line is the one reported, whichever log
      // was read first: it is what the user who started the exchange reads.
      const auto initiates = [&](const lab::ike::OutcomeEvent& e) {
        for (const auto& name : conns)
          if (const auto* c = spec_.ipsec->conn(name); c && c->hasEnd(e.host) && hosts_.current(name, e.host).initiator)
            return true;
        return false;
      };
      const lab::ike::OutcomeEvent* best = nullptr;
      for (const auto& w : wanted) {
        for (const auto& e : events_)
          if ((check.at.empty() || e.host == check.at) && relevant(e, conns) && e.outcome == w) {
            if (!best || (!initiates(*best) && initiates(e))) best = &e;
            if (initiates(e)) break;
          }
        if (best) break;
      }
      if (best && !firstMatchAt) firstMatchAt = Clock::now();
      const bool settled = best && best->terminal && (initiates(*best) || !check.at.empty());
      if (best && (settled || Clock::now() - *firstMatchAt > kTellingGrace || Clock::now() >= deadline)) {
        v.pass = true;
        v.seen = (best->outcome == check.outcome ? "seen" : best->outcome) + " at " + best->host + " (" +
                 best->daemon + " " + best->version + ")";
        v.detail = best->line + "\n";
        if (auto lag = hosts_.daemon(best->host).implementation().logLineAge(best->line))
          v.detail += "verdict " + std::to_string(*lag).substr(0, 5) + " s after the daemon logged it\n";
        break;
      }
      if (ends.childUp && !ends.died) {
        v.detail = "expected " + check.outcome + ", but the tunnel came up\n";
        break;
      }
    }
    // Another terminal outcome (or a dead daemon) ends the wait shortly
    // after: the expected one may still follow in the peer's log.
    const bool otherFailure = ends.died || std::any_of(events_.begin(), events_.end(), [&](const auto& e) {
                                return e.terminal && relevant(e, conns);
                              });
    if (otherFailure && !otherFailureAt) otherFailureAt = Clock::now();
    if (otherFailureAt && Clock::now() - *otherFailureAt > std::chrono::seconds(1)) break;
    if (last) break;
    std::this_thread::sleep_for(kWaitPass);
  }
  if (!v.pass && v.detail.empty()) {
    std::string others;
    for (const auto& e : events_)
      if (relevant(e, conns) && others.find(e.outcome + " at " + e.host) == std::string::npos)
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

TunnelVerdict IkeWatch::waitTunnel(const TunnelCheck& check, bool ikeOnly) {
  TunnelVerdict v;
  const auto conns = judged(check.conn, "");
  bool keptTerminal = false;
  for (const auto& e : kept_)
    if (relevant(e, conns)) {
      if (std::find(v.kept.begin(), v.kept.end(), e.conn) == v.kept.end()) v.kept.push_back(e.conn);
      keptTerminal = keptTerminal || e.terminal;
    }
  auto relevantEvents = [&] {
    std::vector<lab::ike::OutcomeEvent> out;
    for (const auto& e : kept_)
      if (relevant(e, conns)) out.push_back(e);
    for (const auto& e : events_)
      if (relevant(e, conns)) out.push_back(e);
    return out;
  };
  if (!check.up) {
    // Judged now: a stage that expects a failure states the failure as an
    // ike: outcome before it, so the negotiation has ended by the time this
    // runs. Waiting out retransmission timers proves nothing more.
    collect();
    const auto ends = poll(conns, "", false);
    v.childUp = ends.childUp;
    v.daemonDied = ends.died;
    v.detail = ends.detail;
    v.events = relevantEvents();
    return v;
  }
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::milliseconds(static_cast<long>(check.timeoutSec * 1000));
  // With both ends initiating (conns of the users' own with auto=start on
  // both), one exchange can fail while the other still succeeds; with one
  // initiator only the peer's matching log line may still be on its way.
  bool bothInitiate = false;
  for (const auto& name : conns) {
    const auto* c = spec_.ipsec->conn(name);
    bothInitiate = bothInitiate ||
                   (hosts_.current(name, c->hosts[0]).initiator && hosts_.current(name, c->hosts[1]).initiator);
  }
  const auto grace = bothInitiate ? std::chrono::milliseconds(1500) : kTellingGrace;
  std::optional<Clock::time_point> terminalAt;
  for (;;) {
    lab::sys::throwIfInterrupted("waiting for the tunnel");
    // This pass asks every daemon afresh at the deadline, and at once when
    // a connection left unchanged ended for good in an earlier stage.
    const bool last = Clock::now() >= deadline;
    collect();
    v.events = relevantEvents();
    const auto ends = poll(conns, "", last || keptTerminal);
    v.ikeUp = ends.ikeUp;
    v.childUp = ends.childUp;
    v.daemonDied = ends.died;
    v.detail = ends.detail;
    v.seconds = secondsSince(start);
    // Done when both have the IPsec SA, or the negotiation failed for good
    // (a terminal outcome in a log, a dead daemon): never wait out
    // retransmission timers.
    if (ikeOnly && v.ikeUp) break;
    const bool terminal = std::any_of(v.events.begin(), v.events.end(), [](const auto& e) { return e.terminal; });
    if (terminal && !terminalAt) terminalAt = Clock::now();
    const bool settled = terminalAt && (keptTerminal || Clock::now() - *terminalAt > grace);
    if (v.childUp || v.daemonDied || settled || last) break;
    std::this_thread::sleep_for(kWaitPass);
  }
  return v;
}

std::string IkeWatch::explain() const {
  std::string out;
  for (const auto& c : spec_.ipsec->conns) {
    assert::EndView v[2];
    for (int i = 0; i < 2; ++i) {
      const auto& d = hosts_.daemon(c.hosts[i]);
      v[i].host = c.hosts[i];
      v[i].impl = &d.implementation();
      v[i].version = d.version();
      v[i].conn = hosts_.current(c.name, c.hosts[i]);
      for (const auto& h : spec_.topology.hosts)
        if (h.name == v[i].host) {
          v[i].nicAddress = h.address.addr.str();
          if (h.publicAddr) v[i].publicAddress = h.publicAddr->str();
        }
    }
    std::vector<lab::ike::OutcomeEvent> mine;
    for (const auto& e : events_)
      if ((e.host == c.hosts[0] || e.host == c.hosts[1]) && relevant(e, {c.name})) mine.push_back(e);
    if (auto why = assert::explain(mine, v[0], v[1]); !why.empty()) out += (out.empty() ? "" : "\n") + why;
  }
  return out;
}

}  // namespace harness::run
