"""Make losses.json: sentence-transformers reference values and gradients for the losses (LossTests.swift).

Each case holds random embedding columns ([B, D] each, B = 8), optional labels, and what the reference
computes from them: the loss value and the gradient of the loss with respect to every column (and, for
the projected MSELoss, with respect to the projection's weight and bias).

The references are the sentence-transformers 6.2 loss classes themselves, called through their
ordinary `forward(sentence_features, labels)` with a stand-in model whose forward returns the given
embeddings (`EmbeddingsModel` below), so MatryoshkaLoss's truncate-and-normalise forward decorator and
its label truncation run exactly as in training:

- CosineSimilarityLoss (MSELoss of cos(u, v) against the score; identity transformation)
- MultipleNegativesRankingLoss(scale) with 2 columns and with hard negatives (4 columns)
- MultipleNegativesSymmetricRankingLoss(scale) (= MNRL with directions=("query_to_doc", "doc_to_query"),
  partition_mode="per_direction"), with and without a hard negative column
- ContrastiveLoss(margin=0.5), cosine distance, 0/1 labels, size_average=True
- CoSENTLoss(scale=20), scores with ties
- MatryoshkaLoss(inner, dims=[32, 16, 8], weights) over MNRL, CosineSimilarityLoss and MSELoss (D = 32)
- MSELoss (= EmbedDistillLoss(distance_metric="mse")), teacher embeddings as labels, without and with
  `projection_dim` (an nn.Linear(Ds, Dt) whose weight and bias are recorded), with one and two columns
- EmbedDistillLoss(distance_metric="cosine" | "l2"), with one teacher per column and with a projection
- SimilarityKLDivLoss: no sentence-transformers class; plain PyTorch below (KL of in-batch similarity rows)
- RelativeSimilarityLoss: no sentence-transformers class; the plain PyTorch reference is
      mean over i, j of (cos(t_i, t_j) - cos(s_i, s_j))^2       (the B x B matrix, diagonal included)
  averaged over the student columns, the teacher embeddings (labels) detached.

Inputs are rounded to 8 significant digits before use, so the Swift side (which reads them into Float32)
and the reference (float64) start from the same decimal numbers. Everything is computed in float64 and
written with 8 significant digits.

Run:  .venv-peer/bin/python Tests/TrainingTests/Fixtures/make_loss_fixtures.py
"""
import json
import os
import warnings

import numpy as np
import sentence_transformers
import torch
import torch.nn.functional as F
from torch import nn

from sentence_transformers.sentence_transformer import losses

warnings.filterwarnings("ignore")  # MultipleNegativesSymmetricRankingLoss is deprecated in 6.x; it is still the reference
torch.set_default_dtype(torch.float64)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "losses.json")
B = 8


def r8(x):
    """Rounds to 8 significant digits (floats, arrays, nested lists)."""
    return np.array([float(f"{v:.8g}") for v in np.asarray(x, dtype=np.float64).ravel()]).reshape(np.shape(x))


def tensor_json(x):
    x = np.asarray(x, dtype=np.float64)
    return {"shape": list(x.shape), "data": [float(f"{v:.8g}") for v in x.ravel()]}


class EmbeddingsModel(nn.Module):
    """Stands in for a SentenceTransformer: each column's features hold its embeddings already."""

    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, features):
        return {"sentence_embedding": features["embedding"]}

    def get_embedding_dimension(self):
        return self.dim

    @property
    def device(self):
        return torch.device("cpu")


rng = np.random.default_rng(20240601)


def columns_near(n_columns, dim, noise=1.2):
    """An anchor column and n_columns - 1 columns near it (so positives are closer than other rows)."""
    anchor = rng.normal(size=(B, dim))
    cols = [anchor] + [anchor + noise * rng.normal(size=(B, dim)) for _ in range(n_columns - 1)]
    return [r8(c) for c in cols]


def varied_pairs(dim):
    """Pairs whose cosine similarities spread over [-1, 1] (some close, some unrelated, some opposite)."""
    u = rng.normal(size=(B, dim))
    mix = np.linspace(-0.9, 0.95, B)[:, None]
    v = mix * u + np.sqrt(1 - mix**2) * rng.normal(size=(B, dim))
    return [r8(u), r8(v)]


def run(loss_fn, columns, labels, extra=None):
    """Loss value and gradients with respect to every column (and the tensors in `extra`)."""
    leaves = [torch.tensor(c, requires_grad=True) for c in columns]
    features = [{"embedding": t} for t in leaves]
    lab = None if labels is None else torch.tensor(labels)
    loss = loss_fn(features, lab)
    loss.backward()
    grads = [t.grad.numpy().copy() for t in leaves]
    extra_grads = [t.grad.numpy().copy() for t in (extra or [])]
    return float(loss.item()), grads, extra_grads


cases = []


def add(name, spec, columns, labels, fn, projection=None):
    extra = [projection.weight, projection.bias] if projection is not None else None
    value, grads, extra_grads = run(fn, columns, labels, extra)
    case = {
        "name": name,
        "loss": spec,
        "columns": [tensor_json(c) for c in columns],
        "labels": None if labels is None else tensor_json(labels),
        "value": float(f"{value:.8g}"),
        "column_grads": [tensor_json(g) for g in grads],
    }
    if projection is not None:
        case["projection"] = {"weight": tensor_json(projection.weight.detach().numpy()),
                              "bias": tensor_json(projection.bias.detach().numpy())}
        case["projection_grads"] = {"weight": tensor_json(extra_grads[0]), "bias": tensor_json(extra_grads[1])}
    cases.append(case)


# --- CosineSimilarityLoss -------------------------------------------------------------------------
cols = varied_pairs(16)
scores = r8(rng.uniform(0, 1, size=B))
add("cosine_similarity", {"type": "CosineSimilarityLoss"}, cols, scores,
    losses.CosineSimilarityLoss(EmbeddingsModel(16)))

# --- MultipleNegativesRankingLoss ---------------------------------------------------------------
for name, n_cols, scale in [("mnrl_pairs", 2, 20.0), ("mnrl_hard_negatives", 4, 20.0), ("mnrl_temperature_0.1", 3, 10.0)]:
    cols = columns_near(n_cols, 16)
    add(name, {"type": "MultipleNegativesRankingLoss", "temperature": 1 / scale, "symmetric": False}, cols, None,
        losses.MultipleNegativesRankingLoss(EmbeddingsModel(16), scale=scale))

for name, n_cols in [("mnrl_symmetric", 2), ("mnrl_symmetric_hard_negative", 3)]:
    cols = columns_near(n_cols, 16, noise=2.0)  # harder positives: a near-zero loss has few exact digits in Float32
    add(name, {"type": "MultipleNegativesRankingLoss", "temperature": 0.05, "symmetric": True}, cols, None,
        losses.MultipleNegativesSymmetricRankingLoss(EmbeddingsModel(16), scale=20.0))

# --- ContrastiveLoss ----------------------------------------------------------------------------
cols = varied_pairs(16)
binary = np.array([1, 0, 1, 0, 1, 0, 1, 0], dtype=np.float64)
rng.shuffle(binary)
add("contrastive", {"type": "ContrastiveLoss", "margin": 0.5}, cols, binary,
    losses.ContrastiveLoss(EmbeddingsModel(16), margin=0.5))
# the hinge active on most negatives: a margin above most distances
add("contrastive_margin_1.2", {"type": "ContrastiveLoss", "margin": 1.2}, cols, binary,
    losses.ContrastiveLoss(EmbeddingsModel(16), margin=1.2))

# --- CoSENTLoss -----------------------------------------------------------------------------------
cols = varied_pairs(16)
tied = np.array([0.0, 0.25, 0.25, 0.5, 1.0, 0.75, 0.25, 0.0])  # ties must not form pairs
add("cosent", {"type": "CoSENTLoss", "scale": 20.0}, cols, tied, losses.CoSENTLoss(EmbeddingsModel(16), scale=20.0))

# --- MatryoshkaLoss (D = 32, dims [32, 16, 8]) ----------------------------------------------------
dims, weights = [32, 16, 8], [1.0, 0.5, 0.25]
cols = columns_near(3, 32)
model = EmbeddingsModel(32)
add("matryoshka_mnrl", {"type": "MatryoshkaLoss", "dims": dims, "weights": weights,
                        "inner": {"type": "MultipleNegativesRankingLoss", "temperature": 0.05, "symmetric": False}},
    cols, None, losses.MatryoshkaLoss(model, losses.MultipleNegativesRankingLoss(model, scale=20.0), dims, weights))

cols = varied_pairs(32)
scores = r8(rng.uniform(0, 1, size=B))
model = EmbeddingsModel(32)
add("matryoshka_cosine", {"type": "MatryoshkaLoss", "dims": dims, "weights": [1.0, 1.0, 1.0],
                          "inner": {"type": "CosineSimilarityLoss"}},
    cols, scores, losses.MatryoshkaLoss(model, losses.CosineSimilarityLoss(model), dims))

# Matryoshka over a distillation loss: the student is truncated and normalised, the teacher labels
# (same width as the student) truncated only.
student = r8(0.3 * rng.normal(size=(B, 32)))
teacher = r8(0.3 * rng.normal(size=(B, 32)))
model = EmbeddingsModel(32)
add("matryoshka_mse", {"type": "MatryoshkaLoss", "dims": dims, "weights": weights, "inner": {"type": "MSELoss"}},
    [student], teacher, losses.MatryoshkaLoss(model, losses.MSELoss(model), dims, weights))

# --- MSELoss (distillation) -----------------------------------------------------------------------
student = r8(rng.normal(size=(B, 16)))
teacher = r8(rng.normal(size=(B, 16)))
add("mse", {"type": "MSELoss"}, [student], teacher, losses.MSELoss(EmbeddingsModel(16)))

# two student columns (a sentence and its translation) against one teacher embedding each row
second = r8(student + 0.5 * rng.normal(size=(B, 16)))
add("mse_two_columns", {"type": "MSELoss"}, [student, second], teacher, losses.MSELoss(EmbeddingsModel(16)))

# one teacher embedding per column: labels [B, C, Dt]
teacher3 = r8(rng.normal(size=(B, 2, 16)))
add("mse_per_column_teacher", {"type": "MSELoss"}, [student, second], teacher3, losses.MSELoss(EmbeddingsModel(16)))

# a learnable projection from the student's 12 dimensions to the teacher's 16
student12 = r8(rng.normal(size=(B, 12)))
loss = losses.MSELoss(EmbeddingsModel(12), projection_dim=16)
with torch.no_grad():
    loss.projection.weight.copy_(torch.tensor(r8(rng.uniform(-0.3, 0.3, size=(16, 12)))))
    loss.projection.bias.copy_(torch.tensor(r8(rng.uniform(-0.3, 0.3, size=16))))
add("mse_projection", {"type": "MSELoss", "projection": True}, [student12], teacher, loss, projection=loss.projection)


# --- RelativeSimilarityLoss (plain PyTorch reference) ------------------------------------------
def relative_similarity(features, labels):
    teacher = labels.detach()
    t = F.normalize(teacher, p=2, dim=-1)
    target = t @ t.T  # [B, B]
    per_column = []
    for f in features:
        s = F.normalize(f["embedding"], p=2, dim=-1)
        per_column.append(((target - s @ s.T) ** 2).mean())
    return torch.stack(per_column).mean()


student12 = r8(rng.normal(size=(B, 12)))
teacher = r8(student12 @ rng.normal(size=(12, 16)) + 0.5 * rng.normal(size=(B, 16)))  # related geometry
add("relative_similarity", {"type": "RelativeSimilarityLoss"}, [student12], teacher, relative_similarity)
second = r8(student12 + 0.5 * rng.normal(size=(B, 12)))
add("relative_similarity_two_columns", {"type": "RelativeSimilarityLoss"}, [student12, second], teacher,
    relative_similarity)

# --- EmbedDistillLoss: cosine and l2 distances (mse is MSELoss above) ---------------------------
student = r8(rng.normal(size=(B, 16)))
teacher = r8(student + 0.8 * rng.normal(size=(B, 16)))
for metric in ["cosine", "l2"]:
    add(f"embed_distill_{metric}", {"type": "EmbedDistillLoss", "distance_metric": metric}, [student], teacher,
        losses.EmbedDistillLoss(EmbeddingsModel(16), distance_metric=metric))
    second = r8(student + 0.5 * rng.normal(size=(B, 16)))
    add(f"embed_distill_{metric}_per_column_teacher", {"type": "EmbedDistillLoss", "distance_metric": metric},
        [student, second], r8(rng.normal(size=(B, 2, 16))), losses.EmbedDistillLoss(EmbeddingsModel(16), distance_metric=metric))
student12 = r8(rng.normal(size=(B, 12)))
loss = losses.EmbedDistillLoss(EmbeddingsModel(12), distance_metric="cosine", projection_dim=16)
with torch.no_grad():
    loss.projection.weight.copy_(torch.tensor(r8(rng.uniform(-0.3, 0.3, size=(16, 12)))))
    loss.projection.bias.copy_(torch.tensor(r8(rng.uniform(-0.3, 0.3, size=16))))
add("embed_distill_cosine_projection", {"type": "EmbedDistillLoss", "distance_metric": "cosine", "projection": True},
    [student12], teacher, loss, projection=loss.projection)


# --- SimilarityKLDivLoss (plain PyTorch reference) -----------------------------------------------
# KL(teacher ‖ student) between the rows of the in-batch similarity distributions, each row a softmax over the
# batch's other texts (the diagonal, a text with itself, is left out) of cosine / τ; batchmean over rows, times τ²
# (Hinton et al.'s scaling, so gradients keep their size across temperatures); mean over columns.
def similarity_kl(temperature):
    def fn(features, labels):
        per_column = []
        for c, f in enumerate(features):
            teacher = (labels[:, c] if labels.dim() == 3 else labels).detach()
            t = F.normalize(teacher, p=2, dim=-1)
            s = F.normalize(f["embedding"], p=2, dim=-1)
            off = ~torch.eye(t.shape[0], dtype=torch.bool)
            tt = (t @ t.T / temperature).masked_fill(~off, float("-inf"))
            ss = (s @ s.T / temperature).masked_fill(~off, float("-inf"))
            p_t = F.softmax(tt, dim=-1)
            log_q = F.log_softmax(ss, dim=-1)
            kl = torch.where(off, p_t * (torch.log(p_t.clamp_min(1e-30)) - log_q), torch.zeros_like(p_t)).sum() / t.shape[0]
            per_column.append(kl * temperature ** 2)
        return torch.stack(per_column).mean()
    return fn


student12 = r8(rng.normal(size=(B, 12)))
teacher = r8(student12 @ rng.normal(size=(12, 16)) + 0.5 * rng.normal(size=(B, 16)))
for tau in [1.0, 0.1]:
    add(f"similarity_kl_tau{tau}", {"type": "SimilarityKLDivLoss", "temperature": tau}, [student12], teacher, similarity_kl(tau))
second = r8(student12 + 0.5 * rng.normal(size=(B, 12)))
add("similarity_kl_two_columns", {"type": "SimilarityKLDivLoss", "temperature": 0.05}, [student12, second], teacher,
    similarity_kl(0.05))

with open(OUT, "w") as f:
    json.dump({"sentence_transformers": sentence_transformers.__version__, "torch": torch.__version__,
               "cases": cases}, f, indent=1)
    f.write("\n")
print(f"wrote {len(cases)} cases to {OUT}")
for c in cases:
    print(f"  {c['name']:32s} {c['value']:.8g}")
