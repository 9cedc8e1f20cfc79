import Foundation
import Testing
import TestSupport
@testable import Workbench

/// Command-line overrides and sweeps of an experiment config, and the checks on --resume.
@Suite struct ExperimentConfigTests {
    struct Config: ExperimentConfig {
        var model = "models/x"
        var temperature = 0.05
        var alpha = 0.5
        var dims = [384, 256]
        var batchSize = 32
        var seed: UInt64 = 42
        var normalize = true
        var precision = MatmulPrecision.fp32
    }

    @Test func overridesAndSweepsExpandInOrder() throws {
        let sweep = try Sweep<Config>(arguments: ["--temperature", "0.02,0.1", "--alpha=0.3,0.7", "--batch-size", "16", "--dims", "64,32"])
        let cells = try sweep.cells()
        #expect(cells.count == 4)
        #expect(cells.map(\.temperature) == [0.02, 0.02, 0.1, 0.1] && cells.map(\.alpha) == [0.3, 0.7, 0.3, 0.7])
        #expect(cells.allSatisfy { $0.batchSize == 16 && $0.dims == [64, 32] && $0.model == "models/x" && $0.seed == 42 })
        let manifest = Sweep<Config>.manifestConfig(cells[0])
        #expect(manifest["batch_size"] == .number(16) && manifest["temperature"] == .number(0.02))
        #expect(try Sweep<Config>(arguments: []).cells().count == 1)
    }

    @Test func unknownFlagListsTheValidOnes() {
        #expect(throws: ConfigError.self) { try Sweep<Config>(arguments: ["--temprature", "0.1"]) }
        do { _ = try Sweep<Config>(arguments: ["--temprature", "0.1"], extraFlags: ["--resume"]) } catch {
            #expect(error.description.contains("unknown option --temprature"))
            #expect(error.description.contains("--temperature") && error.description.contains("--batch-size") && error.description.contains("--resume"))
        }
    }

    @Test func wrongTypesAndBadSweepElementsAreNamed() {
        #expect(throws: ConfigError.badValue(flag: "--batch-size", value: "big", expected: "int")) {
            try Sweep<Config>(arguments: ["--batch-size", "big"])
        }
        #expect(throws: ConfigError.badSweepElement(flag: "--alpha", element: "x", expected: "double")) {
            try Sweep<Config>(arguments: ["--alpha", "0.3,x,0.7"])
        }
        #expect(throws: ConfigError.badValue(flag: "--normalize", value: "maybe", expected: "true or false")) {
            try Sweep<Config>(arguments: ["--normalize", "maybe"])
        }
        #expect(throws: ConfigError.missingValue(flag: "--seed")) { try Sweep<Config>(arguments: ["--seed"]) }
        #expect(throws: ConfigError.badValue(flag: "--seed", value: "-1", expected: "non-negative integer")) {
            try Sweep<Config>(arguments: ["--seed", "-1"])
        }
    }

    /// A string-backed enum field takes only its cases, alone or swept.
    @Test func choiceFieldsTakeOnlyTheirValues() throws {
        let cells = try Sweep<Config>(arguments: ["--precision", "fp32,bf16"]).cells()
        #expect(cells.map(\.precision) == [.fp32, .bf16])
        #expect(throws: ConfigError.badValue(flag: "--precision", value: "fp8", expected: "one of fp32, bf16")) {
            try Sweep<Config>(arguments: ["--precision", "fp8"])
        }
        #expect(throws: ConfigError.self) { try Sweep<Config>(arguments: ["--precision", "bf16,fp16"]) }
    }

    @Test func helpListsEveryFieldWithItsDefault() {
        let help = Sweep<Config>.help(experiment: "demo", extra: [("--resume RUN", "continue")])
        for line in ["--temperature", "0.05", "--batch-size", "32", "--dims", "[384,256]", "--resume RUN"] {
            #expect(help.contains(line), "\(line)")
        }
    }

    @Test func resumeRefusesAnotherExperimentOrAnotherConfig() throws {
        let folder = try TemporaryFolder(prefix: "wb-resume")
        let root = folder.url
        let config = Sweep<Config>.manifestConfig(Config())
        let other = try Run.start(root: root, experiment: "other", config: config, seed: 42)
        try other.finish()
        let mine = try Run.start(root: root, experiment: "mine", config: config, seed: 42)
        try mine.finish()
        let runner = ExperimentRunner(name: "mine", root: root)
        let noPlan: (Config) throws -> TrainingPlan = { _ in Issue.record("planned a refused resume"); throw CancellationError() }
        do {
            try runner.resume(other.manifest.id, config: Config(), plan: noPlan)
            Issue.record("resumed another experiment's run")
        } catch {
            #expect("\(error)".contains("belongs to experiment 'other'"))
        }
        var changed = Config()
        changed.temperature = 0.1
        do {
            try runner.resume(mine.manifest.id, config: changed, plan: noPlan)
            Issue.record("resumed with another config")
        } catch {
            #expect("\(error)".contains("temperature: run 0.05, now 0.1"))
        }
        do {
            try runner.resume(mine.manifest.id, config: Config(), plan: noPlan)
            Issue.record("resumed a run without checkpoint")
        } catch {
            #expect("\(error)".contains("no checkpoint"))
        }
    }
}
