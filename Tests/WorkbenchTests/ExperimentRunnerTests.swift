import Foundation
import Testing
import TestSupport
@testable import Workbench

/// Sweeps of models as evaluation-only runs, and the checks that run before any cell starts.
@Suite(.serialized) struct ExperimentRunnerTests {
    struct Config: ExperimentConfig {
        var model = "models/all-MiniLM-L6-v2"
        var maxSteps: Int? = nil
        var batchSize = 16
    }

    /// The real models the set-up installs (a missing one is a failure that names the set-up command).
    static var minilm: String { get throws { try RealAssets.model("all-MiniLM-L6-v2").path } }
    static var e5: String { get throws { try RealAssets.model("multilingual-e5-small").path } }

    /// A small STS evaluation in memory: any model can be scored on it.
    static func plan(_ c: Config) throws -> TrainingPlan {
        let s1 = ["A man is playing a guitar.", "A woman is slicing an onion.", "The cat sits on the mat.", "A plane is taking off.",
                  "Two dogs run in a field.", "Someone is cooking pasta."]
        let s2 = ["A person plays an instrument.", "A woman is cutting vegetables.", "A dog sleeps on the sofa.", "An airplane departs.",
                  "Dogs are running outside.", "A man reads a newspaper."]
        var plan = TrainingPlan(model: c.model)
        plan.evaluators = [try EmbeddingSimilarityEvaluator(sentences1: s1, sentences2: s2, scores: [0.8, 0.7, 0.1, 0.9, 0.85, 0.05], name: "sts-mini")]
        return plan
    }

    @Test func modelsSweepAsEvaluationOnlyRuns() throws {
        let folder = try TemporaryFolder(prefix: "wb-models")
        let root = folder.url
        let sweep = try Sweep<Config>(arguments: ["--model", "\(try Self.minilm),\(try Self.e5)", "--max-steps", "0"])
        try ExperimentRunner(name: "models", root: root).run(cells: try sweep.cells(), plan: Self.plan)
        let store = RunStore(root: root)
        let runs = try store.runs(experiment: "models").map { try store.load($0) }
        #expect(runs.count == 2 && runs.allSatisfy { $0.manifest.status == .finished })
        #expect(RunData.varyingConfigKeys(runs) == ["model"])
        let scores = runs.compactMap { $0.last("eval/sts-mini/spearman_cosine") }
        #expect(scores.count == 2 && scores.allSatisfy { $0.step == 0 } && scores[0].value != scores[1].value)
        #expect(runs.allSatisfy { !FileManager.default.fileExists(atPath: $0.ref.folder.appendingPathComponent("model").path) })
    }

    @Test func aMissingModelFolderIsListedBeforeAnyRunStarts() throws {
        let folder = try TemporaryFolder(prefix: "wb-models")
        let root = folder.url
        let sweep = try Sweep<Config>(arguments: ["--model", "\(try Self.minilm),models/no-such-model", "--max-steps", "0"])
        #expect { try ExperimentRunner(name: "models", root: root).run(cells: try sweep.cells(), plan: Self.plan) } throws: { error in
            let text = "\(error)"
            return text.contains("cell 2/2") && text.contains("models/no-such-model") && !text.contains("cell 1/2")
        }
        #expect(RunStore(root: root).runs(experiment: "models").isEmpty, "a cell ran although another could not")
    }

    @Test func optionalFieldsTakeNoneAndStayOutOfTheManifest() throws {
        let fields = ConfigField.fields(of: Config.self)
        let maxSteps = try #require(fields.first { $0.name == "maxSteps" })
        #expect(maxSteps.isOptional && maxSteps.kind == .int && maxSteps.defaultValue == .null)
        let cells = try Sweep<Config>(arguments: ["--max-steps", "none,0,5"]).cells()
        #expect(cells.map(\.maxSteps) == [nil, 0, 5])
        #expect(Sweep<Config>.manifestConfig(cells[0])["max_steps"] == nil && Sweep<Config>.manifestConfig(cells[2])["max_steps"] == .number(5))
        #expect(throws: ConfigError.self) { try Sweep<Config>(arguments: ["--max-steps", "many"]) }
        #expect(Sweep<Config>.help(experiment: "x", extra: []).contains("--max-steps"))
    }

    struct TrainConfig: ExperimentConfig {
        var model = "models/all-MiniLM-L6-v2"
        var lr = 2e-5
        var maxSteps: Int? = 2
        var batchSize = 4
    }

    /// Training cells on a few pairs, evaluated on the small STS set.
    static func trainPlan(_ c: TrainConfig) throws -> TrainingPlan {
        let anchors = ["A man plays a guitar.", "A woman slices an onion.", "A cat sits on a mat.", "A plane takes off.",
                       "Two dogs run.", "Someone cooks pasta.", "A boy reads a book.", "Rain falls on the city."]
        let positives = ["Someone plays music.", "A woman cuts vegetables.", "A cat rests.", "An airplane departs.",
                         "Dogs are running.", "Pasta is being cooked.", "A child is reading.", "It is raining in town."]
        let data = try PairDataset(name: "mini", columns: ["anchor", "positive"], texts: [anchors, positives])
        var plan = try Self.plan(Config(model: c.model))
        plan.objective = .single(.init(data, MultipleNegativesRankingLoss(temperature: 0.05)))
        return plan
    }

    /// Every cell of a sweep run in one process starts from the same memory: its tensors peak at the first cell's
    /// size (logged as memory/peak_tensors_mib, with the cell's own peak RSS), and when the sweep ends no
    /// tensor is alive and no idle buffer is kept.
    @Test func sweepCellsRunInFlatMemory() throws {
        let folder = try TemporaryFolder(prefix: "wb-memory")
        let pool = BufferPool(cacheLimitBytes: 1 << 30)          // this test's own: other tests allocate in parallel
        let sweep = try Sweep<TrainConfig>(arguments: ["--model", try Self.minilm, "--lr", "1e-5,2e-5,3e-5,4e-5"])
        try BufferPool.$current.withValue(pool) {
            try ExperimentRunner(name: "memory", root: folder.url).run(cells: try sweep.cells(), plan: Self.trainPlan)
        }
        let store = RunStore(root: folder.url)
        let runs = try store.runs(experiment: "memory").map { try store.load($0) }
        let peaks = runs.compactMap { $0.last("memory/peak_tensors_mib")?.value }
        #expect(runs.count == 4 && peaks.count == 4)
        // flat: within 1 % of the first cell (size classes reused in another order may differ by a buffer or two)
        #expect(peaks.allSatisfy { abs($0 - peaks[0]) <= 0.01 * peaks[0] } && peaks[0] > 10, "peak tensor MiB per cell: \(peaks)")
        #expect(runs.allSatisfy { ($0.last("memory/peak_rss_mib")?.value ?? 0) > peaks[0] })
        #expect(pool.statistics.liveBytes == 0 && pool.statistics.cachedBytes == 0)
    }
}
