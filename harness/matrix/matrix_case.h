#pragma once
// The matrix's case list: scenarios × IKE pairings × IKE versions × auth,
// expanded from parsed scenarios (no syscalls), sorted by id so that every
// run, shard and merge agrees on it. A scenario without an ipsec: section is
// one case (no IKE dimension).
#include <filesystem>
#include <string>
#include <vector>

#include "harness/scenario/overrides.h"
#include "harness/scenario/scenario_spec.h"

namespace harness::matrix {

struct MatrixCase {
  std::string id;            // "gre-over-ipsec/A=libreswan,B=strongswan/v2/psk", "gre-plain"
  std::string scenario;      // scenario name
  std::filesystem::path file;
  std::string pairing;       // --ike value: "libreswan", "A=libreswan,B=strongswan"; empty: no IKE
  int ikeVersion = 0;        // 1 | 2; 0: no IKE
  std::string auth;          // "psk" | "rsa"; empty: no IKE
  // --release value: "bullseye", "A=bullseye,C=trixie"; empty: the
  // machine's own userland (no release axis).
  std::string releases;
  std::vector<std::string> stages;  // stage names, in order (rows of the table)
  int index = 0;             // position in the full, sorted list (lab names derive from it)
  // Why this combination cannot run at all (e.g. a host's own libreswan
  // conn on a strongSwan end); such a case is reported unsupported, not run.
  std::string notApplicable;

  bool hasIke() const { return !pairing.empty(); }
  scenario::IkeOverrides overrides() const;
  // The case as it runs: its overrides, and a host's own strongSwan
  // ipsec.conf on this machine's release (run::defaultOwnConfigReleases).
  // Every place that plans or runs a case (roots, keys, worker, diagrams).
  void applyTo(ScenarioSpec& spec) const;
  std::string column() const;  // "libreswan v2 psk", "libreswan v2 psk bullseye"; "-" without IKE
};

// Each filter list empty = everything. Values as the user types them.
struct CaseFilters {
  std::vector<std::string> ike;    // "libreswan", "strongswan", "A=libreswan,B=strongswan"
  std::vector<std::string> ikev;   // "1", "2"
  std::vector<std::string> auth;   // "psk", "rsa"
  // The release axis (--releases bullseye,bookworm,trixie): every way to put
  // one of them on each IPsec end; empty: no axis.
  std::vector<std::string> releases;
};

// Every way to put an IKE implementation on each of `hosts` (the IPsec ends,
// in the scenario's order): first each implementation on every host
// ("libreswan"), then each mixed assignment ("A=libreswan,B=strongswan").
std::vector<std::string> pairingsFor(const std::vector<std::string>& hosts);
// The same for any values: "v" when every host has v, else "A=v1,B=v2"
// (uniform ones first). pairingsFor(h) = assignmentsFor(h, implementations).
std::vector<std::string> assignmentsFor(const std::vector<std::string>& hosts, const std::vector<std::string>& values);

// Every case of the given scenarios that passes the filters, sorted by id,
// indexes assigned. Throws scenario::UsageError for a bad filter value or when
// no case is left.
std::vector<MatrixCase> expandCases(const std::vector<ScenarioSpec>& scenarios, const CaseFilters& filters);

// "1/3" -> {1, 3}; throws scenario::UsageError unless 1 <= i <= n.
struct Shard {
  int index = 1;
  int count = 1;
  std::string str() const { return std::to_string(index) + "/" + std::to_string(count); }
};
Shard parseShard(const std::string& text);
// Cases whose position p in `all` has p % n == i - 1 (disjoint; union = all).
std::vector<MatrixCase> shardOf(const std::vector<MatrixCase>& all, const Shard& shard);

}  // namespace harness::matrix
