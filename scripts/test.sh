#!/usr/bin/env bash
# The README's second command: set up a fresh machine and run the test suite (.ci/run calls this).
# Usage: bash scripts/test.sh [swift test arguments]
# The Slurm tests run against the one-node cluster of scripts/slurm.sh, started here and stopped at the end
# (unless it was already up: then it is left running).
set -euo pipefail
cd "$(dirname "$0")/.."
WB_BUILD_CONFIG=debug bash scripts/setup.sh   # the import of multilingual-e5-small reuses the debug build the tests need
swift build --build-tests
if bash scripts/slurm.sh status >/dev/null 2>&1; then
  slurm_was_up=1
else
  slurm_was_up=0
  bash scripts/slurm.sh up
  trap 'bash scripts/slurm.sh down' EXIT
fi
eval "$(bash scripts/slurm.sh env)"
[ "$slurm_was_up" = 1 ] && echo "[slurm] already up: left running"
swift test --skip-build "$@"
