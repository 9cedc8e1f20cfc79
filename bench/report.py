"""The table bench/run.sh prints (and writes to results/table.md), from the JSON files of one invocation; also draws
results/scaling.svg. Sections whose files are missing (a BENCH_* knob turned them off) are left out.

  .venv-peer/bin/python bench/report.py bench/.work/results
"""
import json
import os
import sys
from pathlib import Path

sys.dont_write_bytecode = True   # no bench/__pycache__ in the work tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import scaling_svg  # noqa: E402

out = Path(sys.argv[1])
threads = os.environ.get("OPENBLAS_NUM_THREADS", "2")
flagged = []   # (measurement, foreign load) above 5 %


def load(name):
    p = out / name
    return json.loads(p.read_text()) if p.exists() else None


def f(x, d=1):
    return "-" if x is None else f"{x:,.{d}f}"


def ratio(a, b):
    return "-" if a is None or b is None or b == 0 else f"{a / b:.2f}x"


def note_load(name, v):
    v = max(v) if isinstance(v, list) else v
    if v is not None and v > 0.05:
        flagged.append((name, v))


def table(title, rows, head=("metric", "workbench", "peer", "workbench vs peer")):
    print()
    print(f"### {title}")
    print()
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print("| " + " | ".join(r) + " |")


peak = load("wb-gemm-peak.json")


def of_peak(w):
    """'G GFLOP/s = P % of the <precision> peak' for a wb train-step JSON."""
    if not peak or not w:
        return "-"
    bf = w.get("precision_effective") == "bf16"
    p = peak["bf16_linear_gflops" if bf else "fp32_sgemm_gflops"]
    return f"{w['achieved_gflops']:.0f} GFLOP/s = {w['achieved_gflops'] / p:.0%} of {'bf16' if bf else 'fp32'} peak"


# --- encode: all-MiniLM-L6-v2, seq 32 ----------------------------------------------------------------------------
pi = load(f"peer/infer_seq32_t{threads}.json")
we = load("wb-encode.json")
rows = []
if pi and we:
    note_load("encode wb fp32", we["foreign_load"]); note_load("encode peer fp32", pi["foreign_load"])
    rows.append(("encode sentences/s (2048 texts, seq 32, batch 32)", f(we["sentences_per_s"]), f(pi["sentences_per_s"]),
                 ratio(we["sentences_per_s"], pi["sentences_per_s"])))
    wc = load("wb-encode-env-coretype.json")
    if wc:
        note_load("encode wb env coretype", wc["foreign_load"])
        rows.append((f"encode sentences/s, workbench on OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')} (env)",
                     f(wc["sentences_per_s"]), f(pi["sentences_per_s"]), ratio(wc["sentences_per_s"], pi["sentences_per_s"])))
    wb16, pb16 = load("wb-encode-bf16.json"), load(f"peer/infer_seq32_t{threads}_bf16.json")
    if wb16 and pb16:
        note_load("encode wb bf16", wb16["foreign_load"]); note_load("encode peer bf16", pb16["foreign_load"])
        rows.append(("encode sentences/s in bf16 (wb --precision bf16; peer torch.autocast bf16)", f(wb16["sentences_per_s"]),
                     f(pb16["sentences_per_s"]), ratio(wb16["sentences_per_s"], pb16["sentences_per_s"])))
        rows.append(("encode sentences/s, workbench bf16 vs peer fp32", f(wb16["sentences_per_s"]), f(pi["sentences_per_s"]),
                     ratio(wb16["sentences_per_s"], pi["sentences_per_s"])))
        rows.append(("encode bf16 vectors vs peer fp32 (256 texts): max abs diff / min cosine",
                     f"{wb16['reference_max_abs_diff']:.1e} / {wb16['reference_min_cosine']:.6f}", "(reference)", "-"))
    rows.append(("encode vectors vs peer (256 texts): max abs diff / min cosine",
                 f"{we['reference_max_abs_diff']:.1e} / {we['reference_min_cosine']:.6f}", "(reference)", "-"))
    rows.append(("encode median pass s", f(we["median_s"], 2), f(pi["median_s"], 2), ratio(pi["median_s"], we["median_s"])))
    # the workbench batches by token count, sentence-transformers by character count: each side's own FLOPs
    gw, gp = we["forward_gflop"], we["forward_gflop_char_sorted"]
    rows.append((f"encode forward GFLOP/s (wb {gw:.0f} GFLOP by token count, peer {gp:.0f} by characters)",
                 f(gw / we["median_s"]), f(gp / pi["median_s"]), ratio(gw / we["median_s"], gp / pi["median_s"])))
    rows.append(("encode tokenize-only s (2048 texts)", f(we["tokenize_only_s"], 3), f(pi["tokenize_only_s"], 3),
                 ratio(pi["tokenize_only_s"], we["tokenize_only_s"])))
    rows.append(("encode peak RSS MiB", f(we["peak_rss_mib"], 0), f(pi["peak_rss_mib"], 0),
                 ratio(we["peak_rss_mib"], pi["peak_rss_mib"])))
    if wb16 and pb16:
        rows.append(("encode peak RSS MiB in bf16", f(wb16["peak_rss_mib"], 0), f(pb16["peak_rss_mib"], 0),
                     ratio(wb16["peak_rss_mib"], pb16["peak_rss_mib"])))
    # ONNX Runtime (sentence-transformers backend="onnx"), same texts
    o3, oq = load("onnx-O3.json"), load("onnx-qint8.json")
    onnx = [(n, o) for n, o in (("ONNX O3 (fp32, optimised)", o3), ("ONNX int8 (dynamic, avx512_vnni)", oq)) if o]
    for name, o in onnx:
        note_load(f"encode {name}", o["foreign_load"])
        rows.append((f"encode sentences/s: wb fp32 vs {name}", f(we["sentences_per_s"]), f(o["sentences_per_s"]),
                     ratio(we["sentences_per_s"], o["sentences_per_s"])))
        if wb16:
            rows.append((f"encode sentences/s: wb bf16 vs {name}", f(wb16["sentences_per_s"]), f(o["sentences_per_s"]),
                         ratio(wb16["sentences_per_s"], o["sentences_per_s"])))
    if onnx:
        best_o = max(onnx, key=lambda x: x[1]["sentences_per_s"])
        best_w = max([("fp32", we)] + ([("bf16", wb16)] if wb16 else []), key=lambda x: x[1]["sentences_per_s"])
        rows.append((f"**encode: workbench best ({best_w[0]}) vs best ONNX ({best_o[0].split(' (')[0]}); goal >= 1.5x**",
                     f(best_w[1]["sentences_per_s"]), f(best_o[1]["sentences_per_s"]),
                     ratio(best_w[1]["sentences_per_s"], best_o[1]["sentences_per_s"])))
        for name, o in onnx:
            rows.append((f"{name} vectors vs peer fp32 (256 texts): min / mean cosine", "-",
                         f"{o['reference_min_cosine']:.6f} / {o['reference_mean_cosine']:.6f}", "-"))
            rows.append((f"encode peak RSS MiB: wb fp32 vs {name}", f(we["peak_rss_mib"], 0), f(o["peak_rss_mib"], 0),
                         ratio(we["peak_rss_mib"], o["peak_rss_mib"])))
    table("Encode: all-MiniLM-L6-v2, 2048 texts, seq 32, batch 32", rows)

# --- training step: all-MiniLM-L6-v2, 32 pairs, seq 32 -------------------------------------------------------------
pt = load(f"peer/train_mnrl_seq32_t{threads}.json")
wt = load("wb-train-mnrl.json")
rows = []
if pt and wt:
    note_load("train MNRL wb fp32", wt["max_foreign_load"]); note_load("train MNRL peer", pt["max_foreign_load_kept"])
    fb_w = wt["fwd_ms_median"] + wt["bwd_ms_median"]
    fb_p = (pt["fwd_s_median"] + pt["bwd_s_median"]) * 1e3
    rows.append(("train MNRL fwd+bwd ms (median; 32 pairs, seq 32)", f(fb_w, 0), f(fb_p, 0), ratio(fb_p, fb_w)))
    rows.append(("  fwd ms / bwd ms", f"{wt['fwd_ms_median']:.0f} / {wt['bwd_ms_median']:.0f}",
                 f"{pt['fwd_s_median']*1e3:.0f} / {pt['bwd_s_median']*1e3:.0f}",
                 f"{pt['fwd_s_median']*1e3/wt['fwd_ms_median']:.2f}x / {pt['bwd_s_median']*1e3/wt['bwd_ms_median']:.2f}x"))
    rows.append(("train fwd+bwd pairs/s", f(32e3 / fb_w), f(32e3 / fb_p), ratio(32e3 / fb_w, 32e3 / fb_p)))
    rows.append(("full step ms (fwd+bwd+clip+AdamW), median", f"{wt['step_ms_median']:.0f} (opt {wt['opt_ms_median']:.0f})",
                 f"{pt['step_s_median']*1e3:.0f} (opt {pt['opt_s_median']*1e3:.0f})", ratio(pt['step_s_median']*1e3, wt['step_ms_median'])))
    rows.append(("full training steps/s (pairs/s = 32 x)", f(wt["steps_per_s"], 3), f(pt["steps_per_s"], 3),
                 ratio(wt["steps_per_s"], pt["steps_per_s"])))
    rows.append(("train peak RSS MiB", f(wt["peak_rss_mib"], 0), f(pt["peak_rss_mib"], 0),
                 ratio(wt["peak_rss_mib"], pt["peak_rss_mib"])))
    rows.append(("  workbench live tensors at peak (BufferPool) MiB", f(wt["pool_peak_live_mib"], 0), "-", "-"))
    rows.append(("train loss first / last step", f"{wt['loss_first_last'][0]:.4f} / {wt['loss_first_last'][1]:.4f}",
                 f"{pt['loss_first_last'][0]:.4f} / {pt['loss_first_last'][1]:.4f}", "-"))
    # the peer's better modes: fused AdamW in fp32, and bf16 autocast + fused AdamW; the workbench in bf16
    pf, pfb, wtb = (load(f"peer/train_mnrl_seq32_t{threads}_fused.json"), load(f"peer/train_mnrl_seq32_t{threads}_bf16_fused.json"),
                    load("wb-train-mnrl-bf16.json"))
    if pf:
        note_load("train MNRL peer fused", pf["max_foreign_load_kept"])
        rows.append(("MNRL steps/s, fp32: wb vs peer with fused AdamW", f(wt["steps_per_s"], 3), f(pf["steps_per_s"], 3),
                     ratio(wt["steps_per_s"], pf["steps_per_s"])))
    if wtb and pfb:
        note_load("train MNRL wb bf16", wtb["max_foreign_load"]); note_load("train MNRL peer bf16 fused", pfb["max_foreign_load_kept"])
        eff = "" if wtb["precision_effective"] == "bf16" else " (ran fp32: no AVX-512 BF16)"
        rows.append((f"**MNRL steps/s, bf16: wb --precision bf16{eff} vs peer bf16 autocast + fused AdamW; goal >= 1.8x**",
                     f(wtb["steps_per_s"], 3), f(pfb["steps_per_s"], 3), ratio(wtb["steps_per_s"], pfb["steps_per_s"])))
        rows.append(("  bf16 full step ms, median (fwd / bwd / opt)",
                     f"{wtb['step_ms_median']:.0f} ({wtb['fwd_ms_median']:.0f} / {wtb['bwd_ms_median']:.0f} / {wtb['opt_ms_median']:.0f})",
                     f"{pfb['step_s_median']*1e3:.0f} ({pfb['fwd_s_median']*1e3:.0f} / {pfb['bwd_s_median']*1e3:.0f} / {pfb['opt_s_median']*1e3:.0f})",
                     ratio(pfb["step_s_median"] * 1e3, wtb["step_ms_median"])))
        rows.append(("  bf16 train peak RSS MiB", f(wtb["peak_rss_mib"], 0), f(pfb["peak_rss_mib"], 0),
                     ratio(wtb["peak_rss_mib"], pfb["peak_rss_mib"])))
        rows.append(("  bf16 loss first / last step", f"{wtb['loss_first_last'][0]:.4f} / {wtb['loss_first_last'][1]:.4f}",
                     f"{pfb['loss_first_last'][0]:.4f} / {pfb['loss_first_last'][1]:.4f}", "-"))
    if pf:
        best = max([("fp32", wt)] + ([("bf16", wtb)] if wtb else []), key=lambda x: x[1]["steps_per_s"])
        rows.append((f"**MNRL steps/s: wb best ({best[0]}) vs peer fp32 with fused AdamW; goal >= 3x**",
                     f(best[1]["steps_per_s"], 3), f(pf["steps_per_s"], 3), ratio(best[1]["steps_per_s"], pf["steps_per_s"])))
        rows.append(("  peer fp32 fused peak RSS MiB", f(wt["peak_rss_mib"], 0), f(pf["peak_rss_mib"], 0),
                     ratio(wt["peak_rss_mib"], pf["peak_rss_mib"])))
    # model FLOPs: wb against this CPU's measured peak; the peer's GFLOP/s by its own (same) formula
    rows.append(("MNRL fp32 step: achieved GFLOP/s (model FLOPs / step time)", of_peak(wt), f(pt["achieved_gflops"]),
                 ratio(wt["achieved_gflops"], pt["achieved_gflops"])))
    if wtb:
        rows.append(("MNRL bf16 step: achieved GFLOP/s", of_peak(wtb), f(pfb["achieved_gflops"]) if pfb else "-",
                     ratio(wtb["achieved_gflops"], pfb["achieved_gflops"]) if pfb else "-"))
    wcos, pcos = load("wb-train-cosine.json"), load(f"peer/train_cosine_seq32_t{threads}.json")
    if wcos and pcos:
        note_load("train cosine wb", wcos["max_foreign_load"]); note_load("train cosine peer", pcos["max_foreign_load_kept"])
        rows.append(("CosineSimilarityLoss: full step ms (fwd+bwd+clip+AdamW), median", f"{wcos['step_ms_median']:.0f}",
                     f"{pcos['step_s_median']*1e3:.0f}", ratio(pcos['step_s_median']*1e3, wcos['step_ms_median'])))
        rows.append(("CosineSimilarityLoss: pairs/s", f(wcos["pairs_per_s"]), f(pcos["pairs_per_s"]),
                     ratio(wcos["pairs_per_s"], pcos["pairs_per_s"])))
        rows.append(("CosineSimilarityLoss: train peak RSS MiB", f(wcos["peak_rss_mib"], 0), f(pcos["peak_rss_mib"], 0),
                     ratio(wcos["peak_rss_mib"], pcos["peak_rss_mib"])))
    table("Training step: all-MiniLM-L6-v2, 32 pairs, seq 32 (peer: bench_train.py)", rows)

if peak:
    print()
    print(f"GEMM peak (wb-bench gemm-peak, {peak['m']}x{peak['k']} . {peak['n']}x{peak['k']}^T, best of {peak['reps']}, "
          f"{peak['blas_threads']} threads): fp32 sgemm ({peak['blas_core']}) {peak['fp32_sgemm_gflops']:.0f} GFLOP/s, "
          f"bf16 linear {peak['bf16_linear_gflops']:.0f} GFLOP/s"
          + ("" if peak["bf16_accelerated"] else " (no AVX-512 BF16: ran fp32)") + ".")
    note_load("gemm peak", peak["foreign_load"])

# --- the flagship shape: multilingual-e5-small, seq 128, real legal-zh batches -------------------------------------
rows = []
ft = {p: (load(f"wb-flagship-train-{p}.json"), load(f"peer-flagship-train-{p}.json")) for p in ("fp32", "bf16")}
if all(w and pp for w, pp in ft.values()):
    w32, p32 = ft["fp32"]; w16, p16 = ft["bf16"]
    kind = "flagship mix (0.5 Matryoshka-MNRL legal + 0.5 cosine STS-B)" if w32["loss"] == "flagship-mix" else "MNRL"
    for p, (w, pp) in ft.items():
        note_load(f"flagship train wb {p}", w["max_foreign_load"]); note_load(f"flagship train peer {p}", pp["max_foreign_load"])
        rows.append((f"**{kind} steps/s, {p} (wb {'--precision bf16' if p == 'bf16' else 'fp32'}, peer "
                     f"{'bf16 autocast' if p == 'bf16' else 'fp32'} + fused AdamW)**",
                     f(w["steps_per_s"], 3), f(pp["steps_per_s"], 3), ratio(w["steps_per_s"], pp["steps_per_s"])))
        rows.append((f"  {p} step s, median (fwd / bwd / opt)",
                     f"{w['step_ms_median']/1e3:.2f} ({w['fwd_ms_median']/1e3:.2f} / {w['bwd_ms_median']/1e3:.2f} / {w['opt_ms_median']/1e3:.2f})",
                     f"{pp['step_s_median']:.2f} ({pp['fwd_s_median']:.2f} / {pp['bwd_s_median']:.2f} / {pp['opt_s_median']:.2f})",
                     ratio(pp["step_s_median"] * 1e3, w["step_ms_median"])))
        rows.append((f"  {p} peak RSS MiB", f(w["peak_rss_mib"], 0), f(pp["peak_rss_mib"], 0), ratio(w["peak_rss_mib"], pp["peak_rss_mib"])))
        rows.append((f"  {p} achieved GFLOP/s ({w['step_gflop']:.0f} GFLOP a step)", of_peak(w), f(pp["achieved_gflops"]),
                     ratio(w["achieved_gflops"], pp["achieved_gflops"])))
    best = max((w32, w16), key=lambda w: w["steps_per_s"])
    rows.append((f"**{kind} steps/s: wb best ({best['precision']}) vs peer fp32**", f(best["steps_per_s"], 3),
                 f(p32["steps_per_s"], 3), ratio(best["steps_per_s"], p32["steps_per_s"])))
    rows.append(("  padded tokens a step / mean padded length", f"{w32['padded_tokens_per_step']:.0f} / {w32['mean_padded_len']:.1f}",
                 f"{p32['padded_tokens_per_step']:.0f} / {p32['mean_padded_len']:.1f}", "-"))
    rows.append(("  word-embedding updates / loss first, last (fp32)",
                 f"{w32['embedding_updates']} / {w32['loss_first_last'][0]:.3f}, {w32['loss_first_last'][1]:.3f}",
                 f"dense / {p32['loss_first_last'][0]:.3f}, {p32['loss_first_last'][1]:.3f}", "-"))
fe = {p: (load(f"wb-flagship-encode-{p}.json"), load(f"peer-flagship-encode-{p}.json")) for p in ("fp32", "bf16")}
if all(w and pp for w, pp in fe.values()):
    for p, (w, pp) in fe.items():
        note_load(f"flagship encode wb {p}", w["foreign_load"]); note_load(f"flagship encode peer {p}", pp["foreign_load"])
        rows.append((f"encode legal-zh documents/s, {p} (128 docs, \"passage: \", seq 128)", f(w["sentences_per_s"]),
                     f(pp["sentences_per_s"]), ratio(w["sentences_per_s"], pp["sentences_per_s"])))
        rows.append((f"  {p} encode peak RSS MiB", f(w["peak_rss_mib"], 0), f(pp["peak_rss_mib"], 0),
                     ratio(w["peak_rss_mib"], pp["peak_rss_mib"])))
    w16, p32 = fe["bf16"][0], fe["fp32"][1]
    rows.append(("encode legal-zh documents/s: wb bf16 vs peer fp32", f(w16["sentences_per_s"]), f(p32["sentences_per_s"]),
                 ratio(w16["sentences_per_s"], p32["sentences_per_s"])))
    rows.append(("  mean tokens per document (of 128)", f(fe["fp32"][0]["mean_tokens_per_text"]), f(p32["mean_tokens_per_text"]), "-"))
if rows:
    table("Flagship shape: multilingual-e5-small, seq 128, 32 real legal-zh pairs a step (peer: bench/train_peer.py, "
          "bench/encode_peer.py)", rows)

# --- scaling grid ---------------------------------------------------------------------------------------------------
series = {"wb fp32": load("wb-scaling-fp32.json"), "wb bf16": load("wb-scaling-bf16.json"),
          "peer fp32": load("peer-scaling-fp32.json"), "peer bf16": load("peer-scaling-bf16.json")}
series = {k: v for k, v in series.items() if v}
if series:
    by = {k: {(r["batch"], r["seq"]): r for r in v["rows"]} for k, v in series.items()}
    for k, rs in by.items():
        for (b, s), r in rs.items():
            note_load(f"scaling {k} b{b} s{s}", r["max_foreign_load"])
    shapes = sorted({s for rs in by.values() for s in rs}, key=lambda s: (s[0] * s[1], s[1]))
    names = list(series)
    head = (["batch x seq", "tokens/step"] + [f"{n} pairs/s" for n in names]
            + ["wb/peer fp32", "wb/peer bf16", "wb fp32 / bf16 % of peak", "peak RSS MiB (" + " / ".join(names) + ")"])
    rows = []
    for b, s in shapes:
        g = {n: by[n].get((b, s)) for n in names}
        tok = next(r["padded_tokens_per_step"] for r in g.values() if r)
        pct = []
        for n in ("wb fp32", "wb bf16"):
            r = g.get(n)
            if r and peak:
                p = peak["bf16_linear_gflops" if r.get("precision_effective") == "bf16" else "fp32_sgemm_gflops"]
                pct.append(f"{r['achieved_gflops'] / p:.0%}")
            else:
                pct.append("-")
        rows.append([f"{b} x {s}", f"{tok:,.0f}"] + [f(g[n]["pairs_per_s"]) if g[n] else "-" for n in names]
                    + [ratio(*(g[n]["pairs_per_s"] if g.get(n) else None for n in ("wb fp32", "peer fp32"))),
                       ratio(*(g[n]["pairs_per_s"] if g.get(n) else None for n in ("wb bf16", "peer bf16"))),
                       " / ".join(pct), " / ".join(f(g[n]["peak_rss_mib"], 0) if g[n] else "-" for n in names)])
    steps = next(iter(series.values()))["rows"][0]["steps_timed"]
    table(f"Scaling: MNRL training step (fwd, bwd, AdamW), all-MiniLM-L6-v2, synthetic pairs, B pairs of S tokens "
          f"(1 warm-up + {steps} timed steps a shape; peak RSS per shape, reset before it)", rows, head=head)
    svg = out / "scaling.svg"
    scaling_svg.write(svg, {n: [(r["padded_tokens_per_step"], r["pairs_per_s"], r["batch"], r["seq"]) for r in series[n]["rows"]]
                            for n in names})
    print()
    print(f"Plot: {svg} (pairs/s against padded tokens a step, log-log; one line per series and sequence length).")

# --- notes ----------------------------------------------------------------------------------------------------------
print()
print("Ratios: throughput = workbench / peer, times = peer / workbench (above 1 = workbench faster), RSS = workbench / peer.")
if we and pi:
    print(f"workbench: OpenBLAS core {we['blas_core']} (its own choice), {we['blas_threads']} threads; "
          f"peer: torch {pi['torch']} (MKL fp32, oneDNN bf16), {pi['threads']} threads; ONNX Runtime "
          f"{(load('onnx-O3.json') or load('onnx-qint8.json') or {}).get('onnxruntime', '-')} (sentence-transformers 5.7 "
          "backend=\"onnx\", .venv-onnx-peer), intra-op threads as the others.")
if flagged:
    print("Foreign CPU load above 5% (other jobs on the machine; these numbers are contaminated): "
          + ", ".join(f"{n} {v:.0%}" for n, v in flagged) + ".")
else:
    print("Foreign CPU load (other jobs) stayed at or below 5% during every timed region.")
if we:
    print(f"encode padding: mean tokens {we['mean_tokens_per_text']:.1f} (peer {pi['mean_tokens_per_text']:.1f}); "
          f"mean padded batch length: workbench {we['mean_padded_len']:.1f} (batches by token count), "
          f"peer {we['mean_padded_len_char_sorted']:.1f} (sentence-transformers batches by character count).")
if we and "breakdown" in we:
    b = we["breakdown"]; o = b["ops_alone_ms_total"]; F = b["forward_ms_total"]
    print()
    print(f"Encode breakdown, workbench (one pass of {b['batches']} batches, ms):")
    print("| part | ms per pass | share of forward |")
    print("|---|---|---|")
    print(f"| tokenize (2048 texts, one by one) | {b['tokenize_ms_total']:.0f} | - |")
    print(f"| forward (encoder, {b['forward_ms_per_batch']:.1f} ms/batch) | {F:.0f} | 100% |")
    print(f"| pool + normalize | {b['pool_normalize_ms_total']:.0f} | - |")
    for k in ["gemm_no_bias", "linear_with_bias", "attention", "gelu", "layer_norm_x2", "residual_add_x2"]:
        print(f"| alone: {k} | {o[k]:.0f} | {o[k] / F:.0%} |")
    print(f"| rest (forward - linear - attention - gelu - LN - adds) | {F - b['ops_alone_sum_ms']:.0f} | {(F - b['ops_alone_sum_ms']) / F:.0%} |")
    print(f"| alone: Q,K,V as 3 GEMMs / as 1 fused GEMM | {o['qkv_as_3_gemms']:.0f} / {o['qkv_as_1_fused_gemm']:.0f} | - |")
    print(f"| forward on sentence-transformers' batches (by characters, padded len {we['mean_padded_len_char_sorted']:.1f} vs {we['mean_padded_len']:.1f}) | {b['forward_ms_total_char_sorted']:.0f} | {b['forward_ms_total_char_sorted'] / F:.0%} |")
