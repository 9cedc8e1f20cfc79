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
}
