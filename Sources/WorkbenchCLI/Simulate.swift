import Tensors
import ArgumentParser
import Evaluation
import Foundation
import Runs

/// Writes a synthetic run (a plausible loss curve, learning-rate schedule, evaluations and per-query
/// scores) through the same run-folder code the trainer uses: for trying `runs`, `diff`, `compare`
/// and `report` before training a model, and for crash tests.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic run (no model involved) to try the run tools.",
        discussion: """
        The curve depends on the seed and on the hyper-parameters given with --set, so sweeps have structure:
          workbench simulate --experiment demo --set temperature=0.05 --set alpha=0.5 --seed 1
        """)

    @Option(help: "Experiment name.") var experiment = "demo"
    @Option(help: "Folder holding the runs.") var root = "runs"
    @Option(help: "Training steps.") var steps = 300
    @Option(help: "Evaluate every N steps.") var evalEvery = 50
    @Option(help: "Queries per evaluation (per-query scores go to eval/<name>.jsonl.zst).") var queries = 200
    @Option(help: "Seed of the synthetic noise.") var seed: UInt64 = 42
    @Option(name: .customLong("set"), help: "A hyper-parameter, key=value (repeatable).") var settings: [String] = []
    @Option(help: "Milliseconds to sleep per step (crash tests).") var delayMs = 0

    func run() throws {
        var config: [String: JSONValue] = ["lr": 2e-5, "batch_size": 32, "steps": .number(Double(steps)), "warmup_ratio": 0.1]
        for setting in settings {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw CLIError("--set \(setting): expected key=value") }
            config[parts[0]] = Double(parts[1]).map(JSONValue.number) ?? .string(parts[1])
        }
        let run = try Run.start(root: URL(fileURLWithPath: root), experiment: experiment, config: config, seed: seed,
                                primaryMetric: "eval/legal-dev/ndcg@10")
        print(run.folder.path)
        var rng = Xoshiro256StarStar(seed: seed)
        // the "quality" of a configuration: best near temperature 0.05, alpha 0.4
        let tau = config["temperature"]?.double ?? 0.05, alpha = config["alpha"]?.double ?? 0.5
        let quality = 0.62 - 4 * pow(log10(tau / 0.05), 2) * 0.05 - pow(alpha - 0.4, 2) * 0.3
        let peakLR = config["lr"]?.double ?? 2e-5
        for step in 1...steps {
            let progress = Double(step) / Double(steps)
            let lr = progress < 0.1 ? peakLR * progress / 0.1 : peakLR * (1 - progress) / 0.9
            let domain = 1.6 * exp(-3 * progress) + 0.25 + 0.05 * rng.normal()
            let general = 0.09 * exp(-2 * progress) + 0.03 + 0.005 * rng.normal()
            try run.log(step: step, epoch: progress, [
                "loss": alpha * general + (1 - alpha) * domain, "loss/general": general, "loss/domain": domain,
                "lr": lr, "grad_norm": 0.8 + 0.3 * rng.normal().magnitude,
            ])
            if step % evalEvery == 0 || step == steps {
                let level = quality * (1 - exp(-4 * progress)) + 0.2
                var rows: [[String: JSONValue]] = []
                var sum = 0.0
                for q in 0..<queries {
                    // per-query nDCG@10: a query-specific difficulty shared by all runs, plus the run's level
                    var qrng = Xoshiro256StarStar(seed: UInt64(q) &* 7919)
                    let difficulty = qrng.uniform() - 0.5
                    let score = min(1, max(0, level + 0.6 * difficulty + 0.08 * rng.normal()))
                    let rounded = (score * 10).rounded() / 10 // nDCG@10 takes few distinct values
                    rows.append(["query_id": .string("q\(q)"), "ndcg@10": .number(rounded)])
                    sum += rounded
                }
                try run.logEval("legal-dev", step: step, rows: rows)
                try run.log(step: step, epoch: progress, [
                    "eval/legal-dev/ndcg@10": sum / Double(queries), "eval/stsb-dev/spearman_cosine": 0.84 - 0.02 * (1 - alpha) * progress,
                ])
            }
            if delayMs > 0 { usleep(UInt32(delayMs) * 1000) }
        }
        try run.finish()
    }
}

extension Xoshiro256StarStar {
    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// Standard normal (Box–Muller), for reproducible synthetic curves.
    mutating func normal() -> Double { (-2 * Foundation.log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
}
