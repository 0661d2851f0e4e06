#!/usr/bin/env bash
# CTest "mermaid_render": the Markdown labrun writes for a real nat-c run
# (tests/fixtures/report/nat-c-result.json, from `labrun scenario nat-c
# --json`) has its topology flowchart and stage 2's IKE ladder, and every
# Mermaid block renders in headless Chromium (ci/mermaid-render).
# Usage: tests/mermaid_render.sh LABRUN
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d /tmp/mermaid_render.XXXXXX)
trap 'rm -rf "$out"' EXIT
"$1" report markdown "$top/tests/fixtures/report/nat-c-result.json" "$out/nat-c.md"
grep -q '^flowchart LR' "$out/nat-c.md"
grep -q 'C: 10.1.0.1 ↔ 1.2.3.4' "$out/nat-c.md"
grep -q '^### Stage "no leftid": IKE on the wire' "$out/nat-c.md"
grep -q 'Note over p_A: .*notify:INVALID_ID_INFORMATION' "$out/nat-c.md"
"$top/ci/mermaid-render" "$out/nat-c.md"
