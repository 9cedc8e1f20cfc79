import Foundation
import Runs

/// `wb-bench log`: how fast a run's metric log takes lines, and how small they end up.
///
/// Writes `lines` training-like metric lines (step, epoch, time, loss, two loss components, lr, grad_norm)
/// through `Run.log` into a fresh run folder, then reports lines/s, compressed bytes per line, and the time
/// to read the log back.
struct LogBench {
    var lines: Int
    var root: String

    init(_ o: inout Options) throws {
        lines = try o.int("lines", default: 1_000_000)
        root = try o.string("root", default: NSTemporaryDirectory() + "wb-bench-log-\(getpid())")
    }

    func run() throws {
        let rootURL = URL(fileURLWithPath: root)
        defer { try? FileManager.default.removeItem(at: rootURL) }
        let run = try Run.start(root: rootURL, experiment: "log-bench", config: ["lines": .number(Double(lines))], seed: 1)
        var x = 0.5
        let (writeS, _) = try Measure.time {
            for step in 1...lines {
                x = x * 0.999_99 + 0.000_01 * Double(step % 97) / 97  // values that change like a loss does
                try run.log(step: step, epoch: Double(step) / 10_000, [
                    "loss": 1.3 * x, "loss/domain": x, "loss/general": 0.3 * x, "lr": 2e-5 * (1 - Double(step) / Double(lines)),
                    "grad_norm": 0.9 + x,
                ])
            }
            try run.finish()
        }
        let url = run.folder.appendingPathComponent("metrics.jsonl.zst")
        let bytes = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        let store = RunStore(root: rootURL)
        let (readS, data) = try Measure.time { try store.load(store.resolve(run.manifest.id)) }
        precondition(data.metrics.count == lines && data.warnings.isEmpty, "read back \(data.metrics.count) lines")
        Measure.printJSON([
            "bench": "log", "lines": lines, "write_s": Measure.r3(writeS), "lines_per_s": Int(Double(lines) / writeS),
            "compressed_bytes": bytes, "bytes_per_line": Measure.r3(Double(bytes) / Double(lines)),
            "read_s": Measure.r3(readS), "read_lines_per_s": Int(Double(lines) / readS),
        ])
    }
}
