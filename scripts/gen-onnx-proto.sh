#!/usr/bin/env bash
# Regenerates Sources/Importers/ONNX/onnx.pb.swift, the swift-protobuf types the ONNX importer reads
# models with, from onnx.proto of the onnx package (ONNX_VERSION, default 1.23.2, the version the
# committed file was made from). The generated file is committed, so a build never needs protoc.
#
# protoc comes from `pip install grpcio-tools` and onnx.proto from `pip install onnx==ONNX_VERSION`, both
# in a scratch venv (WB_PROTO_VENV, default .venv-proto, ignored by git); protoc-gen-swift is built from
# the swift-protobuf checkout SwiftPM resolved into .build/checkouts (run `swift package resolve` first),
# with `swift build --product protoc-gen-swift` (about 2 minutes the first time). The generated types are
# internal to Importers (Onnx_ModelProto, Onnx_TensorProto, …); tests reach them with @testable import.
# Usage: bash scripts/gen-onnx-proto.sh     (then `git diff Sources/Importers/ONNX/onnx.pb.swift`)
set -euo pipefail
WB_STEP=onnx-proto
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

ONNX_VERSION=${ONNX_VERSION:-1.23.2}
VENV=${WB_PROTO_VENV:-$WB_ROOT/.venv-proto}
CHECKOUT="$WB_ROOT/.build/checkouts/swift-protobuf"
OUT="$WB_ROOT/Sources/Importers/ONNX"

need_cmd swift
need_cmd python3
if [ ! -d "$CHECKOUT" ]; then
  log "resolving packages (swift package resolve) for the swift-protobuf checkout"
  (cd "$WB_ROOT" && swift package resolve)
fi
[ -f "$CHECKOUT/Package.swift" ] || die "no swift-protobuf checkout at ${CHECKOUT#"$WB_ROOT"/} (is swift-protobuf in Package.swift?)"

if [ ! -x "$VENV/bin/python" ]; then
  log "creating the scratch venv ${VENV#"$WB_ROOT"/}"
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet grpcio-tools "onnx==$ONNX_VERSION"
proto_dir=$("$VENV/bin/python" -c 'import onnx, os; print(os.path.dirname(onnx.__file__))')
[ -f "$proto_dir/onnx.proto" ] || die "onnx==$ONNX_VERSION ships no onnx.proto in $proto_dir"

log "building protoc-gen-swift from ${CHECKOUT#"$WB_ROOT"/}"
scratch="$WB_ROOT/.build/protoc-gen-swift"
(cd "$CHECKOUT" && swift build --product protoc-gen-swift --scratch-path "$scratch") > "$scratch.log" 2>&1 \
  || { tail -n 30 "$scratch.log" >&2; die "building protoc-gen-swift failed (log above)"; }
plugin="$scratch/debug/protoc-gen-swift"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$VENV/bin/python" -m grpc_tools.protoc --plugin="protoc-gen-swift=$plugin" \
  -I "$proto_dir" --swift_out="$tmp" --swift_opt=Visibility=Internal "$proto_dir/onnx.proto"
mkdir -p "$OUT"
mv "$tmp/onnx.pb.swift" "$OUT/onnx.pb.swift"
log "wrote ${OUT#"$WB_ROOT"/}/onnx.pb.swift from onnx $ONNX_VERSION's onnx.proto ($(wc -l < "$OUT/onnx.pb.swift") lines)"
