"""Reference embeddings of layer-reduced students, made as sentence-transformers' layer-reduction example does.

examples/sentence_transformer/training/distillation/model_distillation_layer_reduction.py keeps a subset of the
teacher's layers by replacing `auto_model.encoder.layer` with a ModuleList of the kept ones (and setting
config.num_hidden_layers). This script does that for all-MiniLM-L6-v2 (keeping [1, 3, 5] and [0]) and encodes
texts; LayerReductionTests checks that LayerReduction.write + SentenceTransformer give the same vectors.

Run from the repository root with the peer venv: .venv-peer/bin/python Tests/ModelsTests/Fixtures/make_layer_reduction_fixture.py
"""
import json
import os

import sentence_transformers
import torch
from sentence_transformers import SentenceTransformer

HERE = os.path.dirname(os.path.abspath(__file__))
TEXTS = ["A man is playing a guitar.", "Someone plays music on an instrument.", "The court dismissed the appeal.",
         "借款人未按照约定的期限返还借款的", "Stocks fell sharply on Monday after the announcement.", "a"]

cases = []
for keep in [[1, 3, 5], [0]]:
    model = SentenceTransformer("models/all-MiniLM-L6-v2", device="cpu")
    auto = model[0].auto_model
    auto.encoder.layer = torch.nn.ModuleList([auto.encoder.layer[i] for i in keep])
    auto.config.num_hidden_layers = len(keep)
    with torch.no_grad():
        vectors = model.encode(TEXTS, convert_to_numpy=True, normalize_embeddings=False)
    cases.append({"keep": keep, "embeddings": [[float(f"{v:.8g}") for v in row] for row in vectors]})

with open(os.path.join(HERE, "layer_reduction.json"), "w") as f:
    json.dump({"sentence_transformers": sentence_transformers.__version__, "torch": torch.__version__,
               "texts": TEXTS, "cases": cases}, f)
    f.write("\n")
print("wrote", len(cases), "cases")
