#!/usr/bin/env bash
# Installs the Debian packages the workbench builds and runs against:
#   libopenblas-dev (BLAS for the Swift targets), libzstd-dev (compressed run artifacts), zlib1g-dev (reading
#   wheels in `workbench import`), pkg-config, zstd, openmpi-bin + libopenmpi-dev (Open MPI: loaded at run time
#   for data-parallel jobs started by mpirun; the tests run two ranks),
#   and python3 + python3-pip when no python3 with pip is present (the fetch scripts use `python3 -m pip download`).
# Idempotent: checks each package with `dpkg -s`; runs `apt-get update` + `apt-get install` only when one is missing.
# Needs root (or sudo). Set WB_SKIP_APT=1 to skip this step (e.g. on a machine that is not Debian).
set -euo pipefail
WB_STEP=apt
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

if [ "${WB_SKIP_APT:-0}" = 1 ]; then log "WB_SKIP_APT=1: skipping system packages"; note system "skipped (WB_SKIP_APT=1)"; exit 0; fi
command -v dpkg >/dev/null 2>&1 || die "dpkg not found: not a Debian system. Install the equivalents of libopenblas-dev libzstd-dev zlib1g-dev pkg-config zstd yourself and rerun with WB_SKIP_APT=1"

pkgs=(libopenblas-dev libzstd-dev zlib1g-dev pkg-config zstd openmpi-bin libopenmpi-dev)
python_has_pip || pkgs+=(python3 python3-pip ca-certificates)

missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  log "system packages already installed: ${pkgs[*]}"
  note system "already installed (${pkgs[*]})"
  exit 0
fi

SUDO=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "missing packages (${missing[*]}) and not root; run as root: apt-get install ${missing[*]}"
  SUDO=(sudo)
fi

log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
for p in "${missing[@]}"; do
  dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || die "package $p is still not installed"
done
log "installed: ${missing[*]}"
note system "installed ${missing[*]}"
