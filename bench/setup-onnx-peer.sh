#!/usr/bin/env bash
# Adds sentence-transformers' ONNX backend (optimum-onnx + ONNX Runtime, the encode benchmark's ONNX peer) next to
# the peer virtualenv, every wheel pinned by version and sha256 (pip --require-hashes).
#   bash bench/setup-onnx-peer.sh [PEER_VENV] [ONNX_VENV]     (defaults .venv-peer, .venv-onnx-peer)
# Idempotent: does nothing when ONNX_VENV already imports these versions.
#
# Why a second venv: sentence-transformers' `onnx` extra is optimum-onnx[onnxruntime], and its only release on PyPI
# (0.1.0) needs transformers < 4.58 and optimum ~= 2.1 (it imports transformers internals that 5.x removed), while the
# peer venv has sentence-transformers 6.2 / transformers 5.24. So ONNX_VENV is an overlay: its own site-packages
# hold sentence-transformers 5.7.0 (the last 5.x; same encode() and ONNX export functions) with transformers 4.57.6,
# huggingface-hub 0.36.2 and tokenizers 0.22.2, and a .pth line appends the peer venv's site-packages, from which
# it takes torch 2.13 (the same build the peer times), numpy, scipy, scikit-learn and the rest. Nothing in the peer
# venv changes. Wheels: CPython 3.11, manylinux x86_64 (the peer venv's Python).
set -euo pipefail
cd "$(dirname "$0")/.."
PEER=${1:-.venv-peer}
VENV=${2:-.venv-onnx-peer}
[ -x "$PEER/bin/python" ] || bash ../shared/bench/peer/setup.sh "$PEER" >&2
CHECK='import sentence_transformers as s, transformers as t, onnxruntime as o, optimum.onnxruntime, torch
assert (s.__version__, t.__version__, o.__version__) == ("5.7.0", "4.57.6", "1.32.0"), (s.__version__, t.__version__, o.__version__)
print("onnx peer: sentence-transformers", s.__version__, "transformers", t.__version__, "onnxruntime", o.__version__, "torch", torch.__version__)'
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "$CHECK" >&2 2>/dev/null; then
  exit 0
fi
"$PEER/bin/python" -m venv "$VENV"
PEER_SITE=$("$PEER/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
SITE=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$(cd "$PEER_SITE" && pwd)" > "$SITE/zz-peer-venv.pth"   # after the venv's own packages, so those win
REQ=$(mktemp)
trap 'rm -f "$REQ"' EXIT
cat > "$REQ" <<'EOF'
sentence-transformers==5.7.0 --hash=sha256:b78141da3d8137e70d965866e2ca43190b9266f3d4d8752e250ded75e7136730
transformers==4.57.6 --hash=sha256:4c9e9de11333ddfe5114bc872c9f370509198acf0b87a832a0ab9458e2bd0550
huggingface-hub==0.36.2 --hash=sha256:48f0c8eac16145dfce371e9d2d7772854a4f591bcb56c9cf548accf531d54270
tokenizers==0.22.2 --hash=sha256:369cc9fc8cc10cb24143873a0d95438bb8ee257bb80c71989e3ee290e8d72c67
optimum==2.1.0 --hash=sha256:bc3af32e1236a9b2c2ca1d27ed9d3ab1b6591e24c6bcd47f9671a8198a30ea88
optimum-onnx==0.1.0 --hash=sha256:0301ec7a6ec5c77a57581e9970d380a6dc104bdb8f15b282e05af40d829c2eda
onnx==1.23.2 --hash=sha256:c03ecf6b835d136108eeaeeafbd0026fc7b3cf98661409fbc6b63d5a29361348
onnxruntime==1.32.0 --hash=sha256:5a34fc4dfeb5a7b4a74c95dcba1e773d722abda720b474edf1b0c419dc6d163d
protobuf==7.36.2 --hash=sha256:89f23aa53c24553a2416fd4fd1ec06f74fa42b14b546d8883128813f775bbfd2
ml-dtypes==0.7.0 --hash=sha256:d214c910cabaf80aa1ee37b0f25131e20d7a6474182e5293a68985b0421299da
flatbuffers==25.12.19 --hash=sha256:7634f50c427838bb021c2d66a3d1168e9d199b0607e6329399f04846d42e20b4
requests==2.34.2 --hash=sha256:2a0d60c172f83ac6ab31e4554906c0f3b3588d37b5cb939b1c061f4907e278e0
urllib3==2.8.0 --hash=sha256:0cf3cae568d36aa9576b28dfb35f11328f1cb974ca7647d9475ebb86c75ac6e3
certifi==2026.10.19.post1 --hash=sha256:1324c476b4811eff41a8bc2122cd0bbd4d9c7234c725446d99ab1612b3a7fdd2
charset-normalizer==3.5.3 --hash=sha256:2a6f937e0b70133d1f826d0a253331b6fe1a4c874808cc12e16f2fb8177042f4
EOF
"$VENV/bin/pip" install -q --no-deps --only-binary=:all: --require-hashes -r "$REQ" >&2
"$VENV/bin/python" -c "$CHECK" >&2
