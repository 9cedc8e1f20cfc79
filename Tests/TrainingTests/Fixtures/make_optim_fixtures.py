"""Make optim.json: torch AdamW + transformers' parameter groups, schedule and clipping, for OptimizerTests.swift.

A tiny module whose parameter names follow BERT's (`embeddings.word_embeddings.weight`,
`embeddings.LayerNorm.weight/bias`, `encoder.layer.0.attention.self.query.weight/bias`,
`pooler.dense.weight/bias`) is trained for 5 optimizer steps exactly as transformers' Trainer does it:

- parameter groups from `Trainer.get_decay_parameter_names` (weight decay 0.01 on the decay group, 0.0 on
  biases and LayerNorm weights), `torch.optim.AdamW(lr=1e-2, betas=(0.9, 0.999), eps=1e-8)` (CPU: the
  single-tensor implementation);
- `get_linear_schedule_with_warmup(num_warmup_steps=2, num_training_steps=5)` (LambdaLR, stepped after
  the optimizer);
- `torch.nn.utils.clip_grad_norm_(params, 1.0)` before every step (its return value is `grad_norm`).

Gradients are fixed float32 random numbers, stored. The embedding table's gradient touches a few rows
only and repeats some indices; it is stored as (indices, rows) and made dense with `index_add_`, as the
embedding backward does. The pooler gets no gradient on step 3 (grad None: torch skips it, no decay, no
moment decay, its own step count does not advance). Per-step gradient scales put the global norm above
1 on some steps (clipped) and below on others.

Also recorded: the decay-group decision for a list of names (run through the same transformers function
on a module tree built from those names), and `TrainingArguments.get_warmup_steps` for warm-up ratios.

Run:  .venv-peer/bin/python Tests/TrainingTests/Fixtures/make_optim_fixtures.py
"""
import json
import math
import os
import types

import numpy as np
import torch
import transformers
from torch import nn
from transformers import Trainer, get_linear_schedule_with_warmup

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim.json")
LR, WD, STEPS, WARMUP, MAX_NORM = 1e-2, 0.01, 5, 2, 1.0


class Node(nn.Module):
    """A plain container, so module trees can be built from dotted names."""


def build_model():
    torch.manual_seed(0)
    m = Node()
    m.embeddings = Node()
    m.embeddings.word_embeddings = nn.Embedding(12, 4)
    m.embeddings.LayerNorm = nn.LayerNorm(4)
    m.encoder = Node()
    layer = Node()
    layer.attention = Node()
    layer.attention.add_module("self", Node())
    getattr(layer.attention, "self").query = nn.Linear(4, 3)
    m.encoder.layer = nn.ModuleList([layer])
    m.pooler = Node()
    m.pooler.dense = nn.Linear(4, 2)
    with torch.no_grad():  # non-trivial LayerNorm parameters so decay (or its absence) shows
        for p in m.parameters():
            p.copy_(torch.randn(p.shape) * 0.5 + 0.1)
    return m


def decay_names(names):
    """transformers' decision for arbitrary dotted names: a module tree of plain containers holding them."""
    root = Node()
    for name in names:
        parts = name.split(".")
        mod = root
        for part in parts[:-1]:
            if not hasattr(mod, part):
                mod.add_module(part, Node())
            mod = getattr(mod, part)
        mod.register_parameter(parts[-1], nn.Parameter(torch.zeros(1)))
    decay = set(Trainer.get_decay_parameter_names(None, root))
    return {n: n in decay for n in names}


def main():
    model = build_model()
    named = list(model.named_parameters())
    decay = set(Trainer.get_decay_parameter_names(None, model))
    groups = [
        {"params": [p for n, p in named if n in decay], "weight_decay": WD},
        {"params": [p for n, p in named if n not in decay], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=LR, betas=(0.9, 0.999), eps=1e-8)
    sched = get_linear_schedule_with_warmup(opt, num_warmup_steps=WARMUP, num_training_steps=STEPS)

    rng = np.random.default_rng(1234)
    scales = [3.0, 0.2, 1.5, 0.05, 2.0]
    row_ids = [[1, 3, 3, 7], [0, 11, 11, 5, 11], [3, 3], [2, 9, 4], [7, 7, 1, 0]]
    initial = {n: p.detach().numpy().copy().ravel().tolist() for n, p in named}
    steps = []
    for s in range(STEPS):
        grads = {}
        for n, p in named:
            if n.startswith("pooler.") and s == 2:
                continue
            if n == "embeddings.word_embeddings.weight":
                ids = row_ids[s]
                vals = (rng.standard_normal((len(ids), p.shape[1])) * scales[s]).astype(np.float32)
                grads[n] = {"indices": ids, "values": vals.ravel().tolist()}
            else:
                vals = (rng.standard_normal(p.shape) * scales[s]).astype(np.float32)
                grads[n] = {"values": vals.ravel().tolist()}
        for n, p in named:
            g = grads.get(n)
            if g is None:
                p.grad = None
            elif "indices" in g:
                dense = torch.zeros_like(p)
                vals = torch.tensor(g["values"], dtype=torch.float32).reshape(len(g["indices"]), p.shape[1])
                dense.index_add_(0, torch.tensor(g["indices"]), vals)
                p.grad = dense
            else:
                p.grad = torch.tensor(g["values"], dtype=torch.float32).reshape(p.shape)
        lr = opt.param_groups[0]["lr"]
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_NORM)
        opt.step()
        sched.step()
        steps.append({
            "lr": lr,
            "grad_norm": float(norm),
            "grads": grads,
            "params": {n: p.detach().numpy().ravel().tolist() for n, p in named},
        })

    names = [
        "embeddings.word_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias",
        "encoder.layer.3.attention.self.query.weight", "encoder.layer.3.attention.self.query.bias",
        "encoder.layer.3.output.LayerNorm.weight", "pooler.dense.weight", "pooler.dense.bias",
        "model.norm.weight", "layers.0.input_layernorm.weight", "layers.0.post_attention_layernorm.weight",
        "final_norm.weight", "norm_out.weight", "enorm.weight", "x.rmsnorm.scale", "bias_free.weight",
        "norm", "encoder.normalizer.weight", "q_norm.weight", "block.Norm.weight", "ln_f.weight",
    ]
    # TrainingArguments itself needs accelerate to construct; its method only reads `warmup_steps`.
    warmups = []
    for total, ratio in [(1000, 0.1), (7, 0.1), (30, 0.1), (10, 0.25), (3, 0.5), (100, 0.06), (100, 0.07), (1000, 0.07)]:
        args = types.SimpleNamespace(warmup_steps=ratio)
        warmups.append({"total": total, "ratio": ratio,
                        "warmup": transformers.TrainingArguments.get_warmup_steps(args, total)})
        assert warmups[-1]["warmup"] == math.ceil(total * ratio)

    fixture = {
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
        "lr": LR, "weight_decay": WD, "total_steps": STEPS, "warmup_steps": WARMUP, "max_norm": MAX_NORM,
        "shapes": {n: list(p.shape) for n, p in named},
        "order": [n for n, _ in named],
        "decay": sorted(decay),
        "initial": initial,
        "steps": steps,
        "decay_names": decay_names(names),
        "warmup_ratios": warmups,
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
