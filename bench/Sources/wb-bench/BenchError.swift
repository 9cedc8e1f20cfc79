/// What stops a benchmark before it measures anything.
enum BenchError: Error, CustomStringConvertible {
    case usage(String)
    case input(String)

    var description: String {
        switch self {
        case .usage(let m): "usage error: \(m)\n\n\(usageText)"
        case .input(let m): "input error: \(m)"
        }
    }
}

let usageText = """
    wb-bench: side-by-side benchmark of the workbench against the PyTorch peer (run through bench/run.sh)

      wb-bench encode     --texts FILE [--seq 32] [--batch-size 32] [--runs 3] [--model DIR] [--reference REF] [--breakdown]
                          [--precision fp32|bf16]
      wb-bench train-step --pairs FILE [--loss mnrl|cosine] [--seq 32] [--steps 20] [--warmup 3] [--model DIR] [--no-dropout]
                          [--optimizer none|adamw] [--embeddings auto|dense|lazy] [--precision fp32|bf16] [--general FILE]
      wb-bench scaling    --dir DIR [--shapes 8x16,32x64,…] [--steps 3] [--warmup 1] [--model DIR] [--precision fp32|bf16]
      wb-bench gemm-peak  [--m 4096] [--k 768] [--n 3072] [--reps 8]   (fp32 sgemm and bf16 linear GFLOP/s)
      wb-bench log        [--lines 1000000] [--root DIR]      (metric-log write throughput and bytes per line)

    FILE is written by bench/make_inputs.py (JSON). Each command prints one JSON line on stdout.
    """
