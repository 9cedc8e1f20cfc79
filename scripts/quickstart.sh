#!/usr/bin/env bash
# The README's first command: set up a fresh machine, build the workbench (release), and run the main job.
# For now the main job encodes a few sentences with all-MiniLM-L6-v2 and prints their cosine similarities.
# Usage: bash scripts/quickstart.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product workbench
wb=.build/release/workbench
"$wb" doctor
sentences=$(mktemp)
trap 'rm -f "$sentences"' EXIT
cat > "$sentences" <<'TEXT'
A man is playing a guitar.
Someone is playing music on an instrument.
The tenant must give one month's notice before leaving the flat.
A lease can be ended by the renter with thirty days' written notice.
The cat sleeps on the warm windowsill.
TEXT
echo
echo "cosine similarities (all-MiniLM-L6-v2):"
"$wb" similarity --files "$sentences" "$sentences" --matrix
