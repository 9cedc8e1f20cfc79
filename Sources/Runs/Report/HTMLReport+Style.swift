extension HTMLReport {
    /// The page's only styling (no external sheets or fonts); it contains no `<` or `&`, so it stays valid XML text.
    static let css = """
    body{font-family:"DejaVu Sans","Helvetica Neue",Arial,sans-serif;color:#1f2328;background:#fafafa;max-width:1180px;\
    margin:20px auto;padding:0 16px;font-size:13px;line-height:1.45}
    h1{font-size:21px;margin:0 0 2px}h2{font-size:16px;margin:26px 0 8px;padding-bottom:4px;border-bottom:1px solid #d8dee4}
    code{font-family:"DejaVu Sans Mono",monospace;font-size:12px}
    .sub,.muted,.caption,footer{color:#57606a}.caption{margin:6px 0 0;max-width:1000px}
    table{border-collapse:collapse;background:#fff;border:1px solid #d8dee4}
    th,td{padding:4px 9px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top;white-space:nowrap}
    thead th{background:#f3f5f7;font-weight:600}tbody th{font-weight:normal}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    .metrics tr.first td,.metrics tr.first th{border-top:1px solid #d0d7de}
    .win{font-weight:700;background:#fff1d0}
    .status.ok{color:#00734d}.status.bad{color:#b23c00}.status.running{color:#0060a0}
    .warnings{margin:10px 0;padding:8px 12px;background:#fff6e5;border:1px solid #e6b85c}.warnings ul{margin:4px 0 0 18px;padding:0}
    .legend{display:flex;flex-wrap:wrap;gap:4px 18px;margin:2px 0 8px}
    .legend .item{display:inline-flex;align-items:center;gap:6px;white-space:pre}
    svg.swatch{vertical-align:middle;margin-right:4px}
    .charts{display:flex;flex-wrap:wrap;gap:12px}.panel{display:flex;flex-direction:column;max-width:100%}\
    .panel .legend{margin:4px 0 0 8px}h3{font-size:14px;margin:16px 0 6px}.leaderboard{margin-bottom:10px}
    svg.chart{background:#fff;border:1px solid #d8dee4;border-radius:4px;max-width:100%;height:auto}
    svg text{font-family:"DejaVu Sans",Arial,sans-serif}
    .ct{font-size:12.5px;font-weight:600;fill:#1f2328}.tick{font-size:10.5px;fill:#57606a}.label{font-size:11.5px;fill:#1f2328}
    .grid{stroke:#eceff2;stroke-width:1}.frame{fill:none;stroke:#8c959f;stroke-width:1}.baseline{stroke:#57606a;stroke-width:1}
    .cell{font-size:12px}.cell.best{font-weight:700}.cell.small{font-size:10px}.empty{fill:#f0f0f0}
    text.muted{fill:#8c959f}
    details{margin-top:10px}summary{cursor:pointer;color:#57606a}
    footer{margin:28px 0 10px;font-size:12px}
    """
}
