import Foundation
import Runs
import Tensors

/// `wb-bench scaling`: the MNRL training step (fwd, bwd, clip, AdamW) over a grid of batch sizes × sequence
/// lengths, one shape after the other in this process, smallest first; each shape loads the model afresh and gets
/// its own peak RSS (`ProcessMemory.resetPeak` before it). Inputs: `DIR/b{B}_s{S}.json` from bench/make_inputs.py,
/// whose texts all run past S tokens, so every batch is B × S tokens per column.
struct ScalingBench {
    var dir: String
    var shapes: [(batch: Int, seq: Int)]
    var steps: Int
    var warmup: Int
    var model: String
    var precision: MatmulPrecision

    init(_ o: inout Options) throws {
        dir = try o.string("dir")
        let list = try o.string("shapes", default: "8x16,32x16,8x64,128x16,32x64,8x256,128x64,32x256")
        shapes = try list.split(separator: ",").map { item in
            let p = item.split(separator: "x").compactMap { Int($0) }
            guard p.count == 2, p[0] > 0, p[1] > 0 else { throw BenchError.usage("--shapes: expected BxS,BxS,…, got '\(item)'") }
            return (p[0], p[1])
        }
        shapes.sort { ($0.batch * $0.seq, $0.seq) < ($1.batch * $1.seq, $1.seq) }
        steps = try o.int("steps", default: 3)
        let w = try o.string("warmup", default: "1")
        guard let wi = Int(w), wi >= 0 else { throw BenchError.usage("--warmup must be ≥ 0, got '\(w)'") }
        warmup = wi
        model = try o.string("model", default: "models/all-MiniLM-L6-v2")
        precision = try Options.precision(&o)
    }

    func run() throws {
        var rows: [[String: Any]] = []
        for (b, s) in shapes {
            let pairs = try Inputs.pairs("\(dir)/b\(b)_s\(s).json")
            guard pairs.pairsPerBatch == b else { throw BenchError.input("\(dir)/b\(b)_s\(s).json: \(pairs.pairsPerBatch) pairs per batch, expected \(b)") }
            ProcessMemory.resetPeak()
            var row = try TrainStepBench(pairs: pairs, loss: .mnrl, seq: s, steps: steps, warmup: warmup, model: model,
                                         precision: precision).measure()
            row["batch"] = b
            FileHandle.standardError.write(Data(String(format: "  %@ b%d s%d: %.0f ms/step, %.1f pairs/s, peak %.0f MiB\n",
                                                       precision.rawValue, b, s, row["step_ms_median"] as! Double,
                                                       row["pairs_per_s"] as! Double, row["peak_rss_mib"] as! Double).utf8))
            rows.append(row)
        }
        Measure.printJSON(["bench": "scaling", "precision": precision.rawValue, "model": model, "rows": rows])
    }
}
