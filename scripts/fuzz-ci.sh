#!/usr/bin/env bash
# CI: builds every fuzz harness and runs each for a short time (WB_FUZZ_SECONDS, default 20); fails on a crash.
# Usage: bash scripts/fuzz-ci.sh [SECONDS]
set -euo pipefail
WB_STEP=fuzz-ci
. "$(dirname "$0")/lib.sh"
cd "$WB_ROOT"
seconds=${1:-${WB_FUZZ_SECONDS:-20}}
targets=$(ls -d fuzz/*/main.swift | cut -d/ -f2)

start=$(date +%s)
for target in $targets; do bash scripts/fuzz.sh "$target" --build > /dev/null; done
log "built $(echo $targets | wc -w) harnesses in $(( $(date +%s) - start )) s"

failed=()
for target in $targets; do
  bash scripts/fuzz.sh "$target" "$seconds" || failed+=("$target")
done
[ ${#failed[@]} -eq 0 ] || die "crashed: ${failed[*]} (inputs in fuzz/<target>/crashes/)"
log "every harness ran $seconds s without a crash ($(( $(date +%s) - start )) s in all)"
