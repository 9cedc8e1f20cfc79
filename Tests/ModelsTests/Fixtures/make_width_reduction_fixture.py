"""References for width reduction: scikit-learn's PCA, and a PCA student built as sentence-transformers'
dimensionality-reduction example does.

1. PCA: `sklearn.decomposition.PCA(n_components=6, svd_solver="full")` on 80 seeded 24-d vectors with distinct
   variances; `components_` (signed by sklearn's svd_flip), `explained_variance_`, `explained_variance_ratio_`, `mean_`.
2. Student: examples/sentence_transformer/training/distillation/dimensionality_reduction.py fits a PCA on the model's
   embeddings of some texts and adds `models.Dense(in, d, bias=False, activation_function=Identity())` with
   `components_` as its weight. Here the teacher is all-MiniLM-L6-v2, the PCA (d = 16) is fitted on its embeddings
   of FIT_TEXTS, and the Dense goes before Normalize (as WidthReduction puts it); the student is saved with
   `model.save` (modules 0 Transformer, 1_Pooling, 2_Dense, 3_Normalize, the layout WidthReduction writes) and
   loaded back, then encodes TEXTS. WidthReductionTests writes the same student with the fixture's components and
   checks our embeddings.

Run from the repository root with the peer venv: .venv-peer/bin/python Tests/ModelsTests/Fixtures/make_width_reduction_fixture.py
"""
import json
import os
import tempfile

import numpy as np
import sentence_transformers
import sklearn
import torch
from sentence_transformers import SentenceTransformer, models
from sklearn.decomposition import PCA

HERE = os.path.dirname(os.path.abspath(__file__))

rng = np.random.default_rng(7)
scales = np.linspace(3.0, 0.2, 24)
x = (rng.standard_normal((80, 24)) * scales + rng.standard_normal(24)).astype(np.float32)
pca = PCA(n_components=6, svd_solver="full").fit(x.astype(np.float64))

FIT_TEXTS = [f"{a} {b}." for a in ["The court", "A tenant", "The musician", "Our team", "The bank", "A child",
                                     "The landlord", "Investors"]
             for b in ["dismissed the appeal", "paid the rent late", "played a guitar", "won the match",
                       "raised interest rates", "ate an apple", "returned the deposit"]]
TEXTS = ["A man is playing a guitar.", "The court dismissed the appeal.", "借款人未按照约定的期限返还借款的",
         "Stocks fell sharply on Monday.", "a"]
model = SentenceTransformer("models/all-MiniLM-L6-v2", device="cpu")
fit = model.encode(FIT_TEXTS, convert_to_numpy=True)
student_pca = PCA(n_components=16, svd_solver="full").fit(fit.astype(np.float64))
components = student_pca.components_.astype(np.float32)
dense = models.Dense(in_features=384, out_features=16, bias=False, activation_function=torch.nn.Identity())
dense.linear.weight = torch.nn.Parameter(torch.tensor(components))
student = SentenceTransformer(modules=[model[0], model[1], dense, model[2]], device="cpu")
with tempfile.TemporaryDirectory() as folder:
    student.save(folder)
    layout = sorted(p for p in os.listdir(folder) if p[0].isdigit())
    reloaded = SentenceTransformer(folder, device="cpu")
    vectors = reloaded.encode(TEXTS, convert_to_numpy=True)

with open(os.path.join(HERE, "width_reduction.json"), "w") as f:
    json.dump({"sentence_transformers": sentence_transformers.__version__, "sklearn": sklearn.__version__,
               "pca": {"x": x.tolist(), "n_components": 6, "components": pca.components_.tolist(),
                       "explained_variance": pca.explained_variance_.tolist(),
                       "explained_variance_ratio": pca.explained_variance_ratio_.tolist(), "mean": pca.mean_.tolist()},
               "student": {"layout": layout, "components": [[float(f"{v:.9g}") for v in row] for row in components],
                           "texts": TEXTS, "embeddings": [[float(f"{v:.8g}") for v in row] for row in vectors]}}, f)
    f.write("\n")
print("layout", layout, "| student vectors", vectors.shape, "| norms", np.linalg.norm(vectors, axis=1).round(6))
