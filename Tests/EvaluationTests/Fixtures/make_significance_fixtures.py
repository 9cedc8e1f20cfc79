"""Make significance.json: scipy reference numbers for PairedComparison (SignificanceTests.swift).

Each case holds two equal-length score arrays `a` and `b` (per-query nDCG@10, per-pair squared
errors, ...) and scipy's answers for the paired comparison of B against A:

- p_exact: two-sided p of the paired permutation (sign-flip) test of mean(b - a) = 0 over all
  2^n within-pair swaps (n <= 20 only):
      scipy.stats.permutation_test((b, a), lambda x, y, axis: mean(x - y, axis),
                                   permutation_type='samples', n_resamples=inf)
  scipy's exact p has no +1 adjustment: count / 2^n, and two-sided = min(1, 2 * min(p_less, p_greater)),
  with ties to the observed value detected with a relative tolerance of 100 * eps.
  It is cross-checked here against the same count done in exact integer arithmetic.
- p_monte_carlo: the same test with random sign flips (n_resamples draws; p = (count + 1) / (draws + 1)).
  Recorded with MC_RESAMPLES = 100 000 draws so that scipy's own Monte Carlo error (~0.0016) is small
  next to the Swift side's 10 000-draw error.
- ci_low, ci_high: scipy.stats.bootstrap((a, b), lambda x, y, axis: mean(y - x, axis), paired=True,
  method='percentile', confidence_level=0.95, n_resamples=10 000).

Run:  .venv-peer/bin/python Tests/EvaluationTests/Fixtures/make_significance_fixtures.py
"""
import bisect
import json
import os
from fractions import Fraction

import numpy as np
import scipy
from scipy import stats

MC_RESAMPLES = 100_000
BOOTSTRAP_RESAMPLES = 10_000

# nDCG@10 with one relevant document: 1/log2(rank + 1) for ranks 1..10, 0 when it is missed.
NDCG_LEVELS = [1.0 / np.log2(r + 1) for r in range(1, 11)] + [0.0]


def ndcg_pair(rng, n, shift):
    """Per-query nDCG@10 of systems A and B; with probability `shift` B finds the relevant document one rank earlier."""
    rank_a = np.clip(rng.geometric(0.35, size=n), 1, 11)
    rank_b = np.clip(rank_a + rng.integers(-1, 2, size=n), 1, 11)
    swap = rng.random(n) < 0.5  # symmetric null: A and B are exchangeable before the effect
    rank_a, rank_b = np.where(swap, rank_b, rank_a), np.where(swap, rank_a, rank_b)
    rank_b = np.maximum(rank_b - (rng.random(n) < shift), 1)
    a = np.array([NDCG_LEVELS[r - 1] for r in rank_a])
    b = np.array([NDCG_LEVELS[r - 1] for r in rank_b])
    return a, b


def squared_errors(rng, n, improvement):
    """Per-pair squared errors (cosine - gold)^2 of two STS models; gold in steps of 0.04 (0..5 / 5)."""
    gold = rng.integers(0, 26, size=n) * 0.04
    cos_a = np.clip(gold + rng.normal(0.0, 0.18, size=n), -1, 1)
    cos_b = np.clip(gold + (1 - improvement) * (cos_a - gold) + rng.normal(0.0, 0.05, size=n), -1, 1)
    return (cos_a - gold) ** 2, (cos_b - gold) ** 2


def mean_diff(x, y, axis=-1):
    return np.mean(x - y, axis=axis)


def exact_count_p(a, b):
    """Exact sign-flip p in integer arithmetic, with scipy's tie tolerance (meet in the middle)."""
    d = [Fraction(float(x)) for x in (np.asarray(b) - np.asarray(a))]
    n = len(d)
    den = 1
    for f in d:
        den = max(den, f.denominator)
    v = [int(f * den) for f in d]  # every denominator is a power of two, so this is exact
    s_obs = sum(v)
    observed = float(np.mean(np.asarray(b) - np.asarray(a)))
    gamma = abs(np.finfo(float).eps * 100 * observed) * n * den  # scipy's tolerance, in integer units
    half = n // 2

    def sums(vals):
        out = [0]
        for x in vals:
            out = [s + x for s in out] + [s - x for s in out]
        return out

    left, right = sums(v[:half]), sorted(sums(v[half:]))
    ge = sum(len(right) - bisect.bisect_left(right, s_obs - gamma - l) for l in left)
    le = sum(bisect.bisect_right(right, s_obs + gamma - l) for l in left)
    total = 2 ** n
    return min(1.0, 2 * min(ge, le) / total)


def case(name, a, b, seed):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    n = len(a)
    out = {
        "name": name,
        "n": n,
        "a": a.tolist(),
        "b": b.tolist(),
        "mean_a": float(np.mean(a)),
        "mean_b": float(np.mean(b)),
        "delta": float(np.mean(b - a)),
    }
    if n <= 20:
        res = stats.permutation_test((b, a), mean_diff, permutation_type="samples",
                                     n_resamples=np.inf, vectorized=True, batch=65536)
        assert len(res.null_distribution) == 2 ** n
        check = exact_count_p(a, b)
        assert abs(check - res.pvalue) < 1e-15, (name, check, res.pvalue)
        out["p_exact"] = float(res.pvalue)
    else:
        out["p_exact"] = None
    res = stats.permutation_test((b, a), mean_diff, permutation_type="samples",
                                 n_resamples=MC_RESAMPLES, vectorized=True, batch=2000,
                                 rng=np.random.default_rng(seed))
    out["p_monte_carlo"] = float(res.pvalue)
    out["p_monte_carlo_resamples"] = MC_RESAMPLES
    boot = stats.bootstrap((a, b), lambda x, y, axis=-1: np.mean(y - x, axis=axis), paired=True,
                           vectorized=True, method="percentile", confidence_level=0.95,
                           n_resamples=BOOTSTRAP_RESAMPLES, rng=np.random.default_rng(seed + 1))
    out["ci_low"] = float(boot.confidence_interval.low)
    out["ci_high"] = float(boot.confidence_interval.high)
    out["bootstrap_resamples"] = BOOTSTRAP_RESAMPLES
    return out


def main():
    rng = np.random.default_rng(20240611)
    cases = []

    # n = 5: continuous scores, B a little better.
    a = rng.uniform(0.2, 0.8, size=5)
    cases.append(case("n5_continuous", a, a + rng.normal(0.05, 0.05, size=5), 1))

    # n = 8: nDCG@10 ties, some zero differences.
    a, b = ndcg_pair(rng, 8, 0.5)
    cases.append(case("n8_ndcg_ties", a, b, 2))

    # n = 12: no effect.
    a = rng.uniform(0.0, 1.0, size=12)
    cases.append(case("n12_no_effect", a, a + rng.normal(0.0, 0.1, size=12), 3))

    # n = 20: nDCG@10 ties, real effect (exact enumeration of 2^20 sign vectors).
    a, b = ndcg_pair(rng, 20, 0.9)
    cases.append(case("n20_ndcg_effect", a, b, 4))

    # n = 20: continuous, no effect.
    a = rng.uniform(0.3, 0.9, size=20)
    cases.append(case("n20_no_effect", a, a + rng.normal(0.0, 0.05, size=20), 5))

    # n = 50: nDCG@10 with many ties, real effect.
    a, b = ndcg_pair(rng, 50, 0.8)
    cases.append(case("n50_ndcg_effect", a, b, 6))

    # n = 200: nDCG@10, no effect.
    a, b = ndcg_pair(rng, 200, 0.0)
    cases.append(case("n200_ndcg_no_effect", a, b, 7))

    # n = 1379 (STS-B test size): per-pair squared errors, B better (a real effect).
    a, b = squared_errors(rng, 1379, 0.06)
    cases.append(case("n1379_squared_errors", a, b, 8))

    # n = 1379: nDCG@10 ties, a small effect that is not significant.
    a, b = ndcg_pair(rng, 1379, 0.05)
    cases.append(case("n1379_ndcg_small_effect", a, b, 9))

    # All scores equal: Δ = 0, p = 1, interval [0, 0].
    cases.append(case("n10_all_equal", [0.5] * 10, [0.5] * 10, 10))

    doc = {
        "generator": "make_significance_fixtures.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "significance.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for c in cases:
        print(f"{c['name']:26s} n={c['n']:5d} delta={c['delta']:+.5f} p_exact={c['p_exact']} "
              f"p_mc={c['p_monte_carlo']:.5f} ci=[{c['ci_low']:+.5f}, {c['ci_high']:+.5f}]")


if __name__ == "__main__":
    main()
