"""Checks that a model folder the workbench saved loads in Python's sentence-transformers unchanged and gives
the Swift embeddings to 1e-4.

Usage (from the repository root, with the peer venv):
    .build/release/workbench encode TEXTS.txt --model RUN/model -o /tmp/swift.npy
    .venv-peer/bin/python scripts/check_export.py RUN/model TEXTS.txt /tmp/swift.npy
or simply: bash scripts/check-export.sh RUN/model
Exits 1 when the largest difference is above 1e-4.
"""
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
root = os.getcwd()
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != root]

import numpy as np
from sentence_transformers import SentenceTransformer

model_dir, texts_file, swift_npy = sys.argv[1:4]
texts = [line.rstrip("\n") for line in open(texts_file, encoding="utf-8")]
model = SentenceTransformer(model_dir, device="cpu")
reference = model.encode(texts, batch_size=32, convert_to_numpy=True)
ours = np.load(swift_npy)
diff = float(np.abs(reference - ours).max())
print(f"{model_dir}: {len(texts)} texts, modules {[type(m).__name__ for m in model]}, max |Δ| = {diff:.3g}")
sys.exit(0 if diff <= 1e-4 else 1)
