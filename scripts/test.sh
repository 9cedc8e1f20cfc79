#!/usr/bin/env bash
# The README's second command: set up a fresh machine and run the test suite (.ci/run calls this).
# Usage: bash scripts/test.sh [swift test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
WB_BUILD_CONFIG=debug bash scripts/setup.sh   # the import of multilingual-e5-small reuses the debug build the tests need
swift build --build-tests
swift test --skip-build "$@"
