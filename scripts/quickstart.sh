#!/usr/bin/env bash
# The README's first command: set up a fresh machine, build (release), check the machine, and run the flagship
# experiment (exp-legal-finetune on multilingual-e5-small, about 10 minutes on 2 cores), then list its runs.
# Usage: bash scripts/quickstart.sh [flagship options, e.g. --max-steps 300]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product workbench
swift build -c release --product exp-legal-finetune
wb=.build/release/workbench
"$wb" doctor
echo
echo "cosine similarities (all-MiniLM-L6-v2):"
"$wb" similarity "A tenant must give one month's notice." "The renter has to announce moving out 30 days ahead."
"$wb" similarity "A tenant must give one month's notice." "The cat sleeps on the warm windowsill."
echo "cosine similarities across languages (multilingual-e5-small, its \"query: \" prompt):"
e5=models/multilingual-e5-small
"$wb" similarity --model "$e5" --prompt-name query "租客必须提前一个月通知房东。" "A tenant must give the landlord one month's notice."
"$wb" similarity --model "$e5" --prompt-name query "租客必须提前一个月通知房东。" "The cat sleeps on the warm windowsill."
echo
.build/release/exp-legal-finetune "$@"
echo
"$wb" runs legal-finetune
