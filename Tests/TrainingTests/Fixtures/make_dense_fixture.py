"""A sentence-transformers Dense module as ST 6.2 saves it, for DenseModuleFolder's test (`TrainerShapeTests`).

Run with the peer venv: .venv-peer/bin/python Tests/TrainingTests/Fixtures/make_dense_fixture.py
Weights are weight[i, j] = (i * 3 + j) / 8 - 0.5, bias[i] = i / 4 + 0.25 for a 3 -> 2 map.
"""
import os

import torch
from sentence_transformers.models import Dense

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dense")
os.makedirs(out, exist_ok=True)
dense = Dense(in_features=3, out_features=2, bias=True, activation_function=torch.nn.Identity())
with torch.no_grad():
    dense.linear.weight.copy_(torch.tensor([[(i * 3 + j) / 8 - 0.5 for j in range(3)] for i in range(2)]))
    dense.linear.bias.copy_(torch.tensor([i / 4 + 0.25 for i in range(2)]))
dense.save(out)
