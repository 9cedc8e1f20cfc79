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
      wb-bench train-step --pairs FILE [--loss mnrl|cosine] [--seq 32] [--steps 20] [--warmup 3] [--model DIR] [--no-dropout]
      wb-bench log        [--lines 1000000] [--root DIR]      (metric-log write throughput and bytes per line)

    FILE is written by bench/make_inputs.py (JSON). Each command prints one JSON line on stdout.
    """
