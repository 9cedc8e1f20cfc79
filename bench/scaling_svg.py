"""Draws the scaling grid as an SVG (no plotting library): training pairs/s against padded tokens a step, log-log;
a colour per series (workbench / peer, fp32 / bf16), a dash pattern per sequence length, each point labelled with
its batch size. Used by bench/report.py.
"""
import math
from pathlib import Path

COLOURS = {"wb fp32": "#1f4e9c", "wb bf16": "#3fa7e8", "peer fp32": "#b8322a", "peer bf16": "#ee9a3a"}
DASHES = ["", "7,4", "2,3", "10,3,2,3"]
W, H = 760, 500
L, R, T, B = 70, 190, 40, 60   # margins


def _ticks(lo, hi):
    """1-2-5 ticks between 10**lo and 10**hi."""
    out = []
    for e in range(math.floor(lo), math.ceil(hi) + 1):
        for m in (1, 2, 5):
            v = m * 10 ** e
            if 10 ** lo <= v <= 10 ** hi:
                out.append(v)
    return out


def _fmt(v):
    return f"{v:,.0f}" if v >= 1 else f"{v:g}"


def write(path: Path, data: dict) -> None:
    """data: {series: [(tokens per step, pairs/s, batch, seq), ...]}."""
    pts = [p for rows in data.values() for p in rows if p[0] > 0 and p[1] > 0]
    if not pts:
        return
    x0, x1 = math.log10(min(p[0] for p in pts)) - 0.1, math.log10(max(p[0] for p in pts)) + 0.1
    y0, y1 = math.log10(min(p[1] for p in pts)) - 0.1, math.log10(max(p[1] for p in pts)) + 0.1

    def X(v):
        return L + (math.log10(v) - x0) / (x1 - x0) * (W - L - R)

    def Y(v):
        return H - B - (math.log10(v) - y0) / (y1 - y0) * (H - T - B)

    seqs = sorted({p[3] for p in pts})
    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
         'font-family="Helvetica, Arial, sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{L}" y="22" font-size="14" font-weight="bold">Training step (MNRL, fwd + bwd + AdamW): pairs/s '
         'against tokens a step</text>']
    for v in _ticks(x0, x1):
        s.append(f'<line x1="{X(v):.1f}" y1="{T}" x2="{X(v):.1f}" y2="{H - B}" stroke="#e4e4e4"/>')
        s.append(f'<text x="{X(v):.1f}" y="{H - B + 16}" text-anchor="middle">{_fmt(v)}</text>')
    for v in _ticks(y0, y1):
        s.append(f'<line x1="{L}" y1="{Y(v):.1f}" x2="{W - R}" y2="{Y(v):.1f}" stroke="#e4e4e4"/>')
        s.append(f'<text x="{L - 6}" y="{Y(v) + 4:.1f}" text-anchor="end">{_fmt(v)}</text>')
    s.append(f'<rect x="{L}" y="{T}" width="{W - L - R}" height="{H - T - B}" fill="none" stroke="#888"/>')
    s.append(f'<text x="{(L + W - R) / 2}" y="{H - 18}" text-anchor="middle">padded tokens a step (2 columns x batch x seq), log scale</text>')
    s.append(f'<text x="18" y="{(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 18 {(T + H - B) / 2})">'
             'training pairs/s, log scale</text>')
    for name, rows in data.items():
        c = COLOURS.get(name, "#444")
        for i, seq in enumerate(seqs):
            line = sorted((p for p in rows if p[3] == seq), key=lambda p: p[0])
            if len(line) > 1:
                d = " ".join(f"{'M' if j == 0 else 'L'}{X(p[0]):.1f},{Y(p[1]):.1f}" for j, p in enumerate(line))
                dash = f' stroke-dasharray="{DASHES[i % len(DASHES)]}"' if DASHES[i % len(DASHES)] else ""
                s.append(f'<path d="{d}" fill="none" stroke="{c}" stroke-width="1.8"{dash}/>')
        for p in rows:
            s.append(f'<circle cx="{X(p[0]):.1f}" cy="{Y(p[1]):.1f}" r="3.5" fill="{c}"><title>{name}: batch {p[2]}, '
                     f'seq {p[3]}: {p[1]:.1f} pairs/s</title></circle>')
            if name.startswith("wb fp32"):
                s.append(f'<text x="{X(p[0]) + 5:.1f}" y="{Y(p[1]) - 5:.1f}" font-size="10" fill="#555">b{p[2]}</text>')
    lx, ly = W - R + 16, T + 10
    s.append(f'<text x="{lx}" y="{ly}" font-weight="bold">series</text>')
    for k, name in enumerate(data):
        y = ly + 18 * (k + 1)
        s.append(f'<line x1="{lx}" y1="{y - 4}" x2="{lx + 24}" y2="{y - 4}" stroke="{COLOURS.get(name, "#444")}" stroke-width="3"/>')
        s.append(f'<text x="{lx + 30}" y="{y}">{name}</text>')
    ly += 18 * (len(data) + 2)
    s.append(f'<text x="{lx}" y="{ly}" font-weight="bold">sequence length</text>')
    for i, seq in enumerate(seqs):
        y = ly + 18 * (i + 1)
        dash = f' stroke-dasharray="{DASHES[i % len(DASHES)]}"' if DASHES[i % len(DASHES)] else ""
        s.append(f'<line x1="{lx}" y1="{y - 4}" x2="{lx + 24}" y2="{y - 4}" stroke="#333" stroke-width="1.8"{dash}/>')
        s.append(f'<text x="{lx + 30}" y="{y}">seq {seq}</text>')
    s.append(f'<text x="{lx}" y="{ly + 18 * (len(seqs) + 2)}" font-size="10" fill="#555">labels: batch size (pairs)</text>')
    s.append("</svg>")
    path.write_text("\n".join(s) + "\n")
