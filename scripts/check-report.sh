#!/usr/bin/env bash
# Renders `workbench report` for a synthetic sweep and screenshots it with headless Chromium, to look at by eye.
#   scripts/check-report.sh [OUT_DIR]        (default: ${TMPDIR:-/tmp}/wb-report-check)
# Steps: installs Debian's chromium when missing (apt-get; idempotent; WB_SKIP_APT=1 skips, then chromium must be
# on PATH), builds workbench (scratch folder WB_SCRATCH, default .build), writes four runs of a 2 x 2 sweep
# (temperature x alpha) with `workbench simulate` into a temporary root, renders OUT_DIR/report.html, checks it loads
# nothing from the network and has the heat-map with its best cell, screenshots OUT_DIR/report.png (1280 x 2400)
# and checks the PNG. Nothing is written into the repository except the build folder.
set -euo pipefail
WB_STEP=report
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

out=${1:-${TMPDIR:-/tmp}/wb-report-check}
scratch=${WB_SCRATCH:-$WB_ROOT/.build}

# 1. chromium
if ! command -v chromium >/dev/null 2>&1; then
  [ "${WB_SKIP_APT:-0}" != 1 ] || die "chromium not found and WB_SKIP_APT=1; install Debian's chromium"
  command -v apt-get >/dev/null 2>&1 || die "chromium not found and no apt-get: install chromium yourself"
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "chromium missing and not root; run as root: apt-get install chromium"
    SUDO=(sudo)
  fi
  log "installing chromium (apt-get)"
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
  command -v chromium >/dev/null 2>&1 || die "chromium is still not on PATH after apt-get install"
fi

# 2. workbench
log "building workbench (scratch: $scratch)"
(cd "$WB_ROOT" && swift build --product workbench --scratch-path "$scratch" 2>&1 | tail -n 3)
wb="$(cd "$WB_ROOT" && swift build --scratch-path "$scratch" --show-bin-path)/workbench"
[ -x "$wb" ] || die "no workbench binary at $wb"
"$wb" report --help >/dev/null 2>&1 || die "'workbench report' is not registered in Sources/WorkbenchCLI/WorkbenchCommand.swift"
"$wb" simulate --help >/dev/null 2>&1 || die "'workbench simulate' is not registered in Sources/WorkbenchCLI/WorkbenchCommand.swift"

# 3. a 2 x 2 sweep of synthetic runs
work=$(mktemp -d "${TMPDIR:-/tmp}/wb-report-runs.XXXXXX")
trap 'rm -rf "$work"' EXIT
seed=1
for t in 0.02 0.05; do
  for a in 0.3 0.6; do
    "$wb" simulate --root "$work/runs" --experiment demo --steps 300 --set temperature=$t --set alpha=$a --seed $seed >/dev/null
    seed=$((seed + 1))
  done
done
log "wrote 4 runs under $work/runs/demo"

# 4. the page
mkdir -p "$out"
html="$out/report.html" png="$out/report.png"
"$wb" report --experiment demo --root "$work/runs" -o "$html"
[ -s "$html" ] || die "no report at $html"
for pattern in 'http://' 'https://' 'src=' '<script' '<link' 'url('; do
  if grep -qF -- "$pattern" "$html"; then die "$html references '$pattern': the page must be self-contained"; fi
done
grep -qF 'class="chart heatmap"' "$html" || die "$html: no heat-map for a two-key sweep"
grep -qF 'class="best-mark"' "$html" || die "$html: the heat-map's best cell is not marked"
for dir in "$work/runs/demo"/*/; do
  id=$(basename "$dir")
  grep -qF "$id" "$html" || die "$html: run $id is missing"
done
[ "$(grep -o '<svg' "$html" | wc -l)" = "$(grep -o '</svg>' "$html" | wc -l)" ] || die "$html: unbalanced <svg> tags"

# 5. the screenshot
rm -f "$png"
log "screenshot with $(chromium --version 2>/dev/null || echo chromium)"
if ! timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$png" \
       --window-size=1280,2400 "file://$html" >"$out/chromium.log" 2>&1; then
  tail -n 20 "$out/chromium.log" >&2
  die "chromium failed (log: $out/chromium.log)"
fi
[ -f "$png" ] || die "chromium wrote no screenshot (log: $out/chromium.log)"
[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || die "$png is not a PNG"
size=$(stat -c %s "$png")
[ "$size" -gt 100000 ] || die "$png is only $size bytes: the page probably rendered blank"
dims=$(od -An -tu1 -j16 -N8 "$png" | awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
[ "$dims" = 1280x2400 ] || die "$png is $dims, expected 1280x2400"
log "ok: $html ($(stat -c %s "$html") bytes), $png ($size bytes, $dims)"
echo "$png"
