import Evaluation
import Foundation
import Models
import Runs
import Tensors

/// One model scored on one suite and written as an evaluation run (`runs/eval/<id>/`): the manifest with the
/// model's hash (or endpoint and model name), the suite's data hashes, every task's metrics at step 0 as
/// `eval/<task>/<metric>` with the suite means as `suite/<type>` and `suite/average` (the primary metric),
/// and per-item scores in `eval/<task>.jsonl.zst`.
///
/// ```swift
/// let outcome = try SuiteRun.run(model: ModelSpec.load("models/multilingual-e5-small"), spec: "models/multilingual-e5-small",
///                                suite: .builtin("legal-zh"), store: EmbeddingStore(root: EmbeddingStore.defaultRoot))
/// print(outcome.result.average, outcome.run.path)
/// ```
public enum SuiteRun {
    /// What one evaluation produced.
    public struct Outcome {
        public var result: SuiteResult
        /// The run folder written.
        public var run: URL
        /// Wall-clock seconds of the evaluation (loading excluded).
        public var seconds: Double
        /// Texts served from the embedding cache and texts encoded during it.
        public var cacheHits: Int, cacheMisses: Int
    }

    /// The experiment name evaluation runs are filed under.
    public static let experiment = "eval"

    /// `suite/average`, a mean per task type, then each task's primary metric (the types a suite's tasks have).
    static func headlineMetrics(_ suite: EvaluationSuite) -> [String] {
        let kinds = EvaluationTask.Kind.allCases.filter { k in suite.tasks.contains { $0.kind == k } }
        return ["suite/average"] + kinds.map { "suite/\($0.rawValue)" } + suite.tasks.map { MetricKey.eval($0.name, $0.evaluator.primaryMetric) }
    }

    /// Scores `model` on `suite` (Matryoshka widths `dims` too) and writes its run under `root`; `extraMetrics`
    /// (a model-selection's speed and memory figures) are logged beside the scores.
    ///
    /// The run's config records the spec, the suite, the widths and, for an API model, its endpoint and model
    /// name (never a key). A failing evaluation marks the run failed with the reason and rethrows.
    public static func run(model: any TextEmbedder, spec: String, suite: EvaluationSuite, dims: [Int] = [],
                           store: EmbeddingStore?, root: URL = URL(fileURLWithPath: "runs"), extraMetrics: [String: Double] = [:],
                           progress: ((EvaluationTask) -> Void)? = nil) throws -> Outcome {
        var config: [String: JSONValue] = [
            "model": .string(model.displayName), "suite": .string(suite.name),
            "dims": .array(dims.map { .number(Double($0)) }), "tasks": .array(suite.tasks.map { .string($0.name) }),
        ]
        if spec != model.displayName { config["model_spec"] = .string(spec) }
        let run = try Run.start(root: root, experiment: experiment, config: config, seed: nil, modelFiles: ModelSpec.files(of: model),
                                datasetFiles: suite.files, blas: .init(core: BLAS.coreName, threads: BLAS.threads),
                                primaryMetric: "suite/average", headlineMetrics: headlineMetrics(suite))
        let (hits0, misses0) = (store?.hits ?? 0, store?.misses ?? 0)
        let start = Date()
        do {
            let result = try suite.evaluate(model, store: store, dims: dims, progress: progress)
            let seconds = Date().timeIntervalSince(start)
            var metrics = result.summaryMetrics.merging(extraMetrics) { score, _ in score }
            if let width = result.width { metrics["model/dimension"] = Double(width) }
            for t in result.tasks {
                for (k, v) in t.result.metrics { metrics[MetricKey.eval(t.result.name, k)] = v }
                try run.logEval(t.result.name, step: 0, rows: t.result.rows.map { row in
                    var r: [String: JSONValue] = ["id": .string(row.id)]
                    for (k, v) in row.values { r[k] = .number(v) }
                    return r
                })
            }
            metrics["eval_seconds"] = seconds
            try run.log(step: 0, metrics)
            try run.finish()
            return Outcome(result: result, run: run.folder, seconds: seconds,
                           cacheHits: (store?.hits ?? 0) - hits0, cacheMisses: (store?.misses ?? 0) - misses0)
        } catch {
            run.fail("\(error)")
            throw error
        }
    }
}
