#pragma once
// The matrix as one self-contained HTML page: per IKE auth method a grid of
// scenario / stage rows × pairing-and-version columns, each cell coloured by
// its verdict and linking to that case's own report (index.html in the
// case's artifacts directory).
#include <filesystem>
#include <string>

#include "harness/matrix/matrix_report.h"

namespace harness::matrix {

// pageDir: the directory the page is written to (case links are relative to it).
std::string matrixHtml(const MatrixReport& m, const std::filesystem::path& pageDir);
void writeMatrixHtml(const MatrixReport& m, const std::filesystem::path& file);

}  // namespace harness::matrix
