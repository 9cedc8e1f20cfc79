#!/usr/bin/env bash
# Checks that a workbench-saved model folder (e.g. runs/<experiment>/<id>/model) loads in Python's
# sentence-transformers and gives the Swift embeddings to 1e-4.   Usage: bash scripts/check-export.sh MODEL_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:?usage: check-export.sh MODEL_DIR}
bash ../shared/bench/peer/setup.sh .venv-peer >/dev/null
swift build -c release --product workbench >/dev/null
texts=$(mktemp)
trap 'rm -f "$texts" "$texts.npy"' EXIT
python3 - "$texts" <<'PY'
import json, sys
texts = [json.loads(l)["sentence1"] for l in open("datasets/stsb/test.jsonl", encoding="utf-8")][:200]
texts += [json.loads(l)["anchor"] for l in open("datasets/legal-zh/test.jsonl", encoding="utf-8")][:50]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(t.replace("\n", " ") for t in texts) + "\n")
PY
.build/release/workbench encode "$texts" --model "$model" -o "$texts.npy" --quiet
.venv-peer/bin/python scripts/check_export.py "$model" "$texts" "$texts.npy"
