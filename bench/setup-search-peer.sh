#!/usr/bin/env bash
# Adds FAISS (faiss-cpu==1.15.1, the search benchmark's peer) to the peer virtualenv, checking the wheel's sha256.
#   bash bench/setup-search-peer.sh [VENV]     (default .venv-peer; made first by ../shared/bench/peer/setup.sh)
# Idempotent: does nothing when the venv already imports faiss 1.15.1.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${1:-.venv-peer}
VERSION=1.15.1
WHEEL=faiss_cpu-1.15.1-cp310-abi3-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl
SHA256=f2c31b7f2f6647eb76829a5cfe3c398fb9346df9f26b1d4db35269c91eb58c33
[ -x "$VENV/bin/python" ] || bash ../shared/bench/peer/setup.sh "$VENV" >&2
if [ "$("$VENV/bin/python" -c 'import faiss; print(faiss.__version__)' 2>/dev/null)" = "$VERSION" ]; then
  echo "faiss $VERSION present in $VENV" >&2
  exit 0
fi
CACHE=${WB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/embedding-workbench}/wheels
mkdir -p "$CACHE"
if [ ! -f "$CACHE/$WHEEL" ]; then
  "$VENV/bin/pip" download --no-deps --only-binary=:all: -d "$CACHE" "faiss-cpu==$VERSION" >&2
fi
echo "$SHA256  $CACHE/$WHEEL" | sha256sum -c --quiet - || { echo "faiss wheel checksum mismatch: $CACHE/$WHEEL" >&2; exit 1; }
"$VENV/bin/pip" install --no-deps "$CACHE/$WHEEL" >&2
"$VENV/bin/python" -c 'import faiss; print("faiss", faiss.__version__, "installed")' >&2
