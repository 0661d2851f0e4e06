#pragma once
// The matrix table: rows = scenario / stage, columns = pairing × IKE version,
// one table per authentication method (and one for scenarios without IKE);
// each cell is the stage's verdict, the IKE outcome seen when it failed, and
// its time. Notes below name every case that did not pass and why
// (unsupported combinations with their reason). Console and Markdown
// ($GITHUB_STEP_SUMMARY) renderings of the same grid.
#include <ostream>
#include <string>

#include "harness/matrix/matrix_report.h"

namespace harness::matrix {

void printMatrixTable(std::ostream& os, const MatrixReport& m, bool color);
std::string markdownTable(const MatrixReport& m);
// "34 cases: 30 passed, 2 failed, 2 unsupported; 61.2s wall with 2 jobs".
std::string matrixSummary(const MatrixReport& m);
// "ESP packets: 1234 decrypted, 0 failed (every case, every captured link)"
std::string espSummary(const MatrixReport& m);
// "libreswan" -> "lsw", "A=libreswan,B=strongswan" -> "A=lsw,B=ssw" (case ids in notes).
std::string shortPairing(const std::string& pairing);

}  // namespace harness::matrix
