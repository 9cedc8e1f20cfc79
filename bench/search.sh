#!/usr/bin/env bash
# Search benchmark (issue 12, the seed's table 5.3 on this machine): exact flat search against Matryoshka-prefix,
# int8 and binary shortlists re-scored at full width, the workbench and FAISS on the same vectors, back to back.
#
#   bash bench/search.sh        # from anywhere; ~20 min the first time (encodes 117 663 passages), ~8 min after
#
# Steps: the corpus (scripts/fetch-search-corpus.sh; scripts/setup.sh first when legal-zh / STS-B are missing);
# FAISS in the peer venv (bench/setup-search-peer.sh); release builds; the index
# bench/.work/search/e5-small.wbindex (workbench index build through the embedding cache; kept between runs,
# BENCH_REBUILD=1 builds it again); wb-search-bench (also writes size-N.wbindex for 10k/30k/100k and a synthetic
# 1M); bench/search_peer.py (FAISS) and the combined table bench/.work/search/table.md.
# OPENBLAS_CORETYPE is removed for the measurements, as in bench/run.sh (the workbench picks its own kernels).
# BENCH_THREADS=2: threads on both sides (FAISS: omp_set_num_threads; the workbench uses every core, 2 here).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=bench/.work/search
INDEX=$WORK/e5-small.wbindex
THREADS=${BENCH_THREADS:-2}
mkdir -p "$WORK"

[ -f datasets/legal-zh/corpus.jsonl ] && [ -f datasets/stsb/train.jsonl ] && [ -d models/multilingual-e5-small ] || bash scripts/setup.sh >&2
bash scripts/fetch-search-corpus.sh >&2
bash bench/setup-search-peer.sh .venv-peer
swift build -c release --product workbench >&2
swift build -c release --product wb-search-bench >&2
if [ ! -f "$INDEX" ] || [ "${BENCH_REBUILD:-0}" = 1 ] || ! .build/release/workbench index info "$INDEX" | grep -q "shortlist 192 int4"; then
  .build/release/workbench index build --model models/multilingual-e5-small --corpus datasets/search-corpus \
    --dims 64,128,192,256,384 --quantize none,int8,int4,binary -o "$INDEX" >&2
fi
env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS="$THREADS" BENCH_THREADS="$THREADS" .build/release/wb-search-bench --index "$INDEX" --data datasets/search-corpus --out "$WORK"
env -u OPENBLAS_CORETYPE OMP_NUM_THREADS="$THREADS" .venv-peer/bin/python bench/search_peer.py --work "$WORK" --index "$INDEX" --threads "$THREADS"
