#!/usr/bin/env bash
# sentence-transformers' own STS-B fine-tune (the reference for exp-sts-finetune), in the peer venv.
# Usage: bash bench/reference/run_sts_reference.sh   (from the repository root; ~15-25 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash ../shared/bench/peer/setup.sh .venv-peer >/dev/null
.venv-peer/bin/python -c 'import sys; sys.path.pop(0); import datasets, accelerate' 2>/dev/null \
  || .venv-peer/bin/pip install -q "datasets==4.4.1" "accelerate==1.12.0"
bash scripts/setup.sh >/dev/null
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv-peer/bin/python bench/reference/st_sts_finetune.py "$@"
