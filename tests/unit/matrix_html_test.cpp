// labrun matrix --html: the grid coloured by verdict, each cell linking to
// its case's own index.html, relative to the page; self-contained.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "harness/matrix/matrix_html.h"

namespace harness::matrix {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

CaseOutcome outcome(const std::string& pairing, int v, CaseStatus status, Verdict stage2) {
  CaseOutcome o;
  o.c.scenario = "nat-c";
  o.c.pairing = pairing;
  o.c.ikeVersion = v;
  o.c.auth = "rsa";
  o.c.stages = {"no leftid", "leftid fixes it"};
  o.c.id = "nat-c/" + pairing + "/v" + std::to_string(v) + "/rsa";
  o.status = status;
  o.result.artifactsDir = "/srv/m/art/" + o.c.id;
  o.result.checks = {{"no leftid", "tunnel down", Verdict::Pass, "", 1},
                     {"leftid fixes it", "tunnel up", stage2,
                      stage2 == Verdict::Pass ? "" : "outcome auth-failed at C (x): <why>", 2}};
  if (status != CaseStatus::Pass) o.note = "C said <no>";
  return o;
}

TEST(MatrixHtml, GridCellsColouredByVerdictLinkToEachCase) {
  MatrixReport m;
  m.kernel = "uml";
  m.total = 2;
  m.cases = {outcome("libreswan", 1, CaseStatus::Pass, Verdict::Pass),
             outcome("A=libreswan,C=strongswan", 2, CaseStatus::Fail, Verdict::Fail)};
  const std::string page = matrixHtml(m, "/srv/m");
  std::string lower = page;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* ref : {"http:", "https:", "url(", "@import", "<script", "<link"})
    EXPECT_THAT(lower, Not(HasSubstr(ref))) << ref;
  EXPECT_THAT(page, HasSubstr("<th>nat-c / leftid fixes it</th>"));
  EXPECT_THAT(page, HasSubstr("<td class=\"cell pass\" data-case=\"nat-c/libreswan/v1/rsa\""));
  EXPECT_THAT(page, HasSubstr("href=\"art/nat-c/libreswan/v1/rsa/index.html\""));
  EXPECT_THAT(page, HasSubstr("<td class=\"cell fail\" data-case=\"nat-c/A=libreswan,C=strongswan/v2/rsa\""));
  EXPECT_THAT(page, HasSubstr("href=\"art/nat-c/A%3Dlibreswan%2CC%3Dstrongswan/v2/rsa/index.html\""));
  EXPECT_THAT(page, HasSubstr("C said &lt;no&gt;"));
  EXPECT_THAT(page, Not(HasSubstr("<no>")));
  // Three cells pass (stage 1 twice, stage 2 once), one fails.
  auto count = [&](const std::string& s) {
    std::size_t n = 0;
    for (auto p = page.find(s); p != std::string::npos; p = page.find(s, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("class=\"cell pass\""), 3u);
  EXPECT_EQ(count("class=\"cell fail\""), 1u);
}

}  // namespace
}  // namespace harness::matrix
