"""Make classification.json and clustering.json: scikit-learn's answers for ClassificationEvaluatorTests.swift
and ClusteringEvaluatorTests.swift.

classification.json
- numpy: raw MT19937 outputs of np.random.RandomState(seed) and RandomState(42).shuffle on a list, the
  generator MTEB's undersampling uses.
- multiclass: 5 string labels (chosen so numpy's code-point order differs from first appearance, and
  "Politics" sorts before the lower-case ones), 24-dim float32 embeddings, 200 train / 100 test, class means
  close enough that accuracy is well below 1. `experiments` replays MTEB's AbsTaskClassification exactly:
  `_undersample_data` (re-implemented below line for line: one index list, shuffled in place by a fresh
  RandomState(42) per experiment, first samples_per_label per label), then MTEB's evaluator model
  LogisticRegression(max_iter=100) fitted on the float32 embeddings (scikit-learn casts them to float64),
  predictions on the test split, and MTEB's `_calculate_scores` metrics; `mean_metrics` is MTEB's
  `_calculate_avg_scores` (np.mean over experiments). Each experiment also carries the fit run to
  convergence (max_iter=100000, tol=1e-12): coef_ and intercept_.
- binary: the same for two labels (scikit-learn fits one coefficient row for classes_[1]).
- metric_cases: gold / predicted string labels with labels absent from the predictions (and predicted
  labels absent from the gold), scored with accuracy_score, f1/precision/recall macro and weighted.

clustering.json
- v_measure: label pairs (perfect, permuted, random, all in one cluster, every point its own cluster,
  singleton clusters among larger ones, string labels) with sklearn.metrics.v_measure_score.
- kmeans: float64 rows with fixture initial centroids and KMeans(init=centroids, n_init=1,
  algorithm="lloyd", max_iter=m) labels_, cluster_centers_ and n_iter_ (a converged case, a max_iter=2
  case, and a case whose duplicated initial centroid leaves a cluster empty).
- evaluator: 240 texts in 4 well-separated blobs plus 2 overlapping ones, for determinism and sanity checks
  (k-means++ seeding uses the Swift generator, so no scikit-learn number is compared there).

Run:  .venv-peer/bin/python Tests/EvaluationTests/Fixtures/make_classification_fixtures.py
"""
import json
import os
from collections import defaultdict

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, v_measure_score

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261203)


def f32(a):
    """Rounded to 3 decimals, then float32: the JSON holds the short decimals, Swift decodes them as Float."""
    return np.asarray(np.round(a, 3), dtype=np.float32)


def short(a):
    """The 3-decimal values f32 rounds to, as JSON numbers (they decode to the same float32)."""
    return np.round(np.asarray(a, dtype=np.float64), 3).tolist()


def scores(y_test, y_pred):
    """MTEB's AbsTaskClassification._calculate_scores (without ap, which needs integer labels)."""
    return {
        "accuracy": accuracy_score(y_test, y_pred),
        "f1": f1_score(y_test, y_pred, average="macro"),
        "f1_weighted": f1_score(y_test, y_pred, average="weighted"),
        "precision": precision_score(y_test, y_pred, average="macro", zero_division="warn"),
        "precision_weighted": precision_score(y_test, y_pred, average="weighted"),
        "recall": recall_score(y_test, y_pred, average="macro"),
        "recall_weighted": recall_score(y_test, y_pred, average="weighted"),
    }


def undersample(labels, idxs, seed, samples_per_label):
    """MTEB's AbsTaskClassification._undersample_data on a label list."""
    if idxs is None:
        idxs = list(range(len(labels)))
    rng_state = np.random.RandomState(seed)
    rng_state.shuffle(idxs)
    label_counter = defaultdict(int)
    sampled = []
    for i in idxs:
        label = labels[i]
        if label_counter[label] < samples_per_label:
            sampled.append(i)
            label_counter[label] += 1
    return idxs, sampled


def classification_case(names, n_train, n_test, dim, spread, n_experiments=10, samples_per_label=8, seed=42):
    k = len(names)
    means = rng.normal(size=(k, dim)) * spread
    ytr = rng.integers(0, k, size=n_train)
    xtr = f32(means[ytr] + rng.normal(size=(n_train, dim)))
    train_labels = [names[i] for i in ytr]
    # Fits first (they need only the training split), then test points away from every decision boundary.
    fits = []
    idxs = None
    for _ in range(n_experiments):
        idxs, sampled = undersample(train_labels, idxs, seed, samples_per_label)
        X, y = xtr[sampled], [train_labels[i] for i in sampled]
        clf = LogisticRegression(max_iter=100).fit(X, y)
        # The exact minimiser of the same objective: Newton steps to a gradient of ~1e-14 (lbfgs with
        # tol=1e-12 still stops at a gradient of ~1e-5 through scipy's ftol).
        # (float64 input: newton-cholesky would otherwise solve in float32, which lbfgs never does.)
        tight = LogisticRegression(solver="newton-cholesky", max_iter=1000, tol=1e-14).fit(X.astype(np.float64), y)
        fits.append((sampled, clf, tight))
    yte = rng.integers(0, k, size=3 * n_test)
    xte = f32(means[yte] + rng.normal(size=(3 * n_test, dim)))

    def margin(model):
        z = model.decision_function(xte)
        if z.ndim == 1:
            return np.abs(z)
        z = np.sort(z, axis=1)
        return z[:, -1] - z[:, -2]
    # A test point whose two best classes score within 0.02 under either fit could flip with how far the
    # solver ran; MTEB's 100-iteration lbfgs and the exact minimiser must agree on every kept point.
    safe = np.all([np.minimum(margin(clf), margin(tight)) > 0.02 for _, clf, tight in fits], axis=0)
    keep = np.flatnonzero(safe)[:n_test]
    assert len(keep) == n_test, len(keep)
    xte, yte = xte[keep], yte[keep]
    test_labels = [names[i] for i in yte]
    experiments = []
    for sampled, clf, tight in fits:
        pred = clf.predict(xte).tolist()
        assert pred == tight.predict(xte).tolist()
        experiments.append({
            "indices": [int(i) for i in sampled],
            "classes": clf.classes_.tolist(),
            "n_iter": int(clf.n_iter_[0]),
            "predictions": pred,
            "tight_predictions": tight.predict(xte).tolist(),
            "metrics": scores(test_labels, pred),
            "coef": tight.coef_.tolist(),
            "intercept": tight.intercept_.tolist(),
        })
    keys = experiments[0]["metrics"].keys()
    mean = {key: float(np.mean([e["metrics"][key] for e in experiments])) for key in keys}
    return {
        "train_texts": [f"train text {i}" for i in range(n_train)],
        "train_labels": train_labels,
        "test_texts": [f"test text {i}" for i in range(n_test)],
        "test_labels": test_labels,
        "train_embeddings": short(xtr),
        "test_embeddings": short(xte),
        "n_experiments": n_experiments,
        "samples_per_label": samples_per_label,
        "seed": seed,
        "experiments": experiments,
        "mean_metrics": mean,
    }


def numpy_case():
    out = {"raw": {}, "shuffles": []}
    for seed in [0, 42, 4294967295]:
        rs = np.random.RandomState(seed)
        out["raw"][str(seed)] = [int(v) for v in rs.randint(0, 2**32, size=700, dtype=np.uint64).astype(np.uint32)]
    for n in [1, 2, 10, 200, 1000]:
        idxs = list(range(n))
        first = None
        for _ in range(2):
            np.random.RandomState(42).shuffle(idxs)
            first = first or list(idxs)
        out["shuffles"].append({"n": n, "once": first, "twice": list(idxs)})
    return out


def metric_cases():
    cases = []
    gold = ["a", "b", "c", "a", "b", "c", "d", "d", "a"]
    pred = ["a", "a", "c", "a", "b", "b", "a", "c", "a"]  # "d" is never predicted
    cases.append({"gold": gold, "predicted": pred})
    gold = ["x", "x", "y", "y", "y", "Z"]
    pred = ["x", "w", "y", "x", "y", "y"]  # "w" is never gold, "Z" never predicted
    cases.append({"gold": gold, "predicted": pred})
    g = rng.integers(0, 7, size=57)
    p = np.where(rng.random(57) < 0.5, g, rng.integers(0, 6, size=57))
    cases.append({"gold": [f"l{v}" for v in g], "predicted": [f"l{v}" for v in p]})
    for c in cases:
        c["metrics"] = scores(c["gold"], c["predicted"])
    return cases


def v_measure_cases():
    cases = []
    def add(name, a, b):
        cases.append({"name": name, "gold": [str(v) for v in a], "predicted": [str(v) for v in b],
                      "v_measure": float(v_measure_score(a, b))})
    add("perfect", [0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2])
    add("permuted", [0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 9, 9])
    add("one cluster", [0, 0, 1, 1, 2, 2], [0, 0, 0, 0, 0, 0])
    add("one class", [1, 1, 1, 1], [0, 1, 2, 2])
    add("both constant", [1, 1, 1], [4, 4, 4])
    add("all singletons", [0, 0, 1, 1, 2, 2, 2], [0, 1, 2, 3, 4, 5, 6])
    add("some singletons", [0, 0, 0, 1, 1, 1, 2, 2], [0, 0, 7, 1, 1, 8, 2, 9])
    for i in range(4):
        n = int(rng.integers(20, 400))
        a = rng.integers(0, int(rng.integers(2, 12)), size=n)
        b = np.where(rng.random(n) < 0.6, a, rng.integers(0, int(rng.integers(2, 15)), size=n))
        add(f"random {i}", a.tolist(), b.tolist())
    cases.append({"name": "strings", "gold": ["cat", "dog", "cat", "Eel", "dog", "eel"],
                  "predicted": ["1", "2", "1", "1", "2", "3"],
                  "v_measure": float(v_measure_score(["cat", "dog", "cat", "Eel", "dog", "eel"], ["1", "2", "1", "1", "2", "3"]))})
    return cases


def kmeans_cases():
    cases = []
    def add(name, x, init, max_iter):
        km = KMeans(n_clusters=len(init), init=init, n_init=1, algorithm="lloyd", max_iter=max_iter).fit(x)
        cases.append({"name": name, "x": x.tolist(), "init": init.tolist(), "max_iter": max_iter,
                      "labels": km.labels_.tolist(), "centres": km.cluster_centers_.tolist(), "n_iter": int(km.n_iter_)})
    k, dim, n = 6, 16, 300
    means = rng.normal(size=(k, dim)) * 1.5
    y = rng.integers(0, k, size=n)
    x = means[y] + rng.normal(size=(n, dim))
    x = np.round(x, 3)
    init = x[rng.choice(n, size=k, replace=False)]
    add("converged", x, init, 300)
    add("max_iter 2", x, init, 2)
    dup = init.copy()
    dup[3] = dup[1]
    add("empty cluster", x, dup, 300)
    return cases


def evaluator_case():
    k, dim, n = 6, 12, 240
    means = rng.normal(size=(k, dim)) * 6
    means[5] = means[4] + rng.normal(size=dim) * 0.3  # two labels share a blob
    y = rng.integers(0, k, size=n)
    x = f32(means[y] + rng.normal(size=(n, dim)))
    names = ["alpha", "beta", "gamma", "delta", "eps-a", "eps-b"]
    return {"texts": [f"doc {i}" for i in range(n)], "labels": [names[i] for i in y], "embeddings": short(x)}


classification = {
    "scikit_learn": sklearn.__version__,
    "numpy": numpy_case(),
    "multiclass": classification_case(["sports", "Politics", "tech", "arts", "health"], 200, 100, 24, 0.55),
    "binary": classification_case(["yes", "no"], 120, 80, 24, 0.35),
    "metric_cases": metric_cases(),
}
clustering = {
    "scikit_learn": sklearn.__version__,
    "v_measure": v_measure_cases(),
    "kmeans": kmeans_cases(),
    "evaluator": evaluator_case(),
}
for name, obj in [("classification.json", classification), ("clustering.json", clustering)]:
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print(name, os.path.getsize(os.path.join(HERE, name)))
m = classification["multiclass"]
print("multiclass acc", m["mean_metrics"], [e["n_iter"] for e in m["experiments"]])
print("binary", classification["binary"]["mean_metrics"], [e["n_iter"] for e in classification["binary"]["experiments"]])
print([ (c["name"], c["n_iter"]) for c in clustering["kmeans"]])
