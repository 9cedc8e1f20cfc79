import Datasets
import Foundation
import Testing
import TestSupport
import Evaluation
import Runs
import Tensors
@testable import Training
@testable import Models

/// The trainer's second shape on the tiny model: vector columns, loss parameters (an `MSELoss` projection trained,
/// checkpointed, resumed and saved), N-term mixes, evaluation-only plans, and the plan-time checks of columns.
extension TrainerTests {
    /// Sentences with a 48-wide "teacher" vector each (the tiny model is 32 wide), for distillation through a projection.
    func distillationData(rows: Int = 24) throws -> PairDataset {
        let sentences = (0..<rows).map { sentence($0, 0) }
        var generator = SplitMix64(seed: 5)
        let teacher = (0..<(rows * 48)).map { _ in Float(generator.next() >> 40) / Float(1 << 24) - 0.5 }
        return try PairDataset(name: "distil", columns: ["sentence"], texts: [sentences])
            .adding(try VectorColumn(name: "teacher", width: 48, values: teacher))
    }

    @Test func mseLossTrainsItsProjectionOnAVectorColumnAndSavesIt() throws {
        let projection = Projection(studentDimension: 32, teacherDimension: 48, seed: 3)
        let initial = projection.weight.scalars
        var p = TrainingPlan(model: model.path, objective: .single(.init(try distillationData(), MSELoss(projection: projection))))
        p.batchSize = 8
        p.maxSteps = 6
        p.lr = 1e-3
        let run = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let trainer = try Trainer(plan: p, run: run)
        trainer.showProgress = false
        #expect(trainer.parameters.suffix(2).map(\.0) == ["loss.MSELoss.projection.weight", "loss.MSELoss.projection.bias"])
        try trainer.train()
        try run.finish()
        let losses = try numbers(run).compactMap { $0["loss"]?.double }
        #expect(losses.count == 6 && losses.last! < losses.first!)
        #expect(projection.weight.scalars != initial, "the projection did not train")
        // saved beside the model as a sentence-transformers Dense module, not part of the model's pipeline
        let dense = run.folder.appendingPathComponent("losses/MSELoss")
        let weights = try SafeTensorsFile(url: dense.appendingPathComponent("model.safetensors"))
        #expect(weights.info("linear.weight")?.shape == [48, 32] && weights.info("linear.bias")?.shape == [48])
        #expect(try weights.floats("linear.weight") == projection.weight.scalars)
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: dense.appendingPathComponent("config.json"))) as? [String: Any]
        #expect(config?["in_features"] as? Int == 32 && config?["out_features"] as? Int == 48)
        let modules = try String(contentsOf: run.folder.appendingPathComponent("model/modules.json"), encoding: .utf8)
        #expect(!modules.contains("Dense"))
        // and checkpointed
        let checkpoint = try #require(TrainerCheckpoint.latest(in: run.folder))
        #expect(try checkpoint.parameters()["loss.MSELoss.projection.weight"]?.values == projection.weight.scalars)
    }

    @Test func projectionResumesBitIdentically() throws {
        func plan() throws -> (TrainingPlan, Projection) {
            let projection = Projection(studentDimension: 32, teacherDimension: 48, seed: 3)
            var p = TrainingPlan(model: model.path, objective: .single(.init(try distillationData(), MSELoss(projection: projection))))
            p.batchSize = 8
            p.maxSteps = 6
            p.evaluateEvery = 3
            p.lr = 1e-3
            return (p, projection)
        }
        let (whole, wholeProjection) = try plan()
        let a = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let t1 = try Trainer(plan: whole, run: a)
        t1.showProgress = false
        try t1.train()
        try a.finish()
        let (part, _) = try plan()
        let b = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let t2 = try Trainer(plan: part, run: b)
        t2.showProgress = false
        t2.stopAfterStep = 3
        try t2.train()
        let checkpoint = try #require(TrainerCheckpoint.latest(in: b.folder))
        let (resumed, resumedProjection) = try plan()                     // a fresh projection: the checkpoint restores it
        let reopened = try Run.reopen(folder: b.folder, keepingStepsThrough: checkpoint.step)
        let t3 = try Trainer(plan: resumed, run: reopened, resumeFrom: checkpoint)
        t3.showProgress = false
        try t3.train()
        try reopened.finish()
        #expect(resumedProjection.weight.scalars == wholeProjection.weight.scalars)
        #expect(try numbers(a) == numbers(reopened))
    }

    @Test func aMixTakesNWeightedTermsAndLogsEach() throws {
        let pairs = try plan().terms[0].term.dataset
        let scored = try PairDataset(name: "scored", columns: ["sentence1", "sentence2"], texts: pairs.texts,
                                     labelColumn: "score", labels: (0..<pairs.count).map { Double($0 % 5) / 4 })
        var p = try plan()
        p.objective = .mix([.init("retrieval", weight: 0.5, .init(pairs, MultipleNegativesRankingLoss())),
                            .init("sts", weight: 0.3, .init(scored, CosineSimilarityLoss())),
                            .init("cosent", weight: 0.2, .init(scored, CoSENTLoss()))])
        let run = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let trainer = try Trainer(plan: p, run: run)
        trainer.showProgress = false
        try trainer.train()
        try run.finish()
        let line = try #require(try numbers(run).first { $0["loss"] != nil })
        let parts = ["retrieval": 0.5, "sts": 0.3, "cosent": 0.2].map { name, weight in weight * (line["loss/\(name)"]?.double ?? .nan) }
        #expect(abs(parts.reduce(0, +) - line["loss"]!.double!) < 1e-5)
    }

    @Test func anEvaluationOnlyPlanWritesANormalRunFolder() throws {
        var p = try plan()
        p.maxSteps = 0
        let run = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let summary = try Trainer(plan: p, run: run).train()
        try run.finish()
        let lines = try numbers(run)
        #expect(lines.count == 1 && lines[0]["step"]?.double == 0 && lines[0]["eval/tiny-dev/cosine_ndcg@10"] != nil)
        #expect(summary.steps == 0 && summary.evaluations[0] != nil)
        let store = RunStore(root: root)
        let data = try store.load(store.resolve(run.manifest.id))
        #expect(try data.evalRows("tiny-dev").rows.count == 12)
        #expect(!FileManager.default.fileExists(atPath: run.folder.appendingPathComponent("checkpoints").path))
        // the same numbers as evaluating the model directly
        let direct = try p.evaluators[0].evaluate(SentenceTransformer(folder: model))
        #expect(lines[0]["eval/tiny-dev/cosine_ndcg@10"]?.double == direct.metrics["cosine_ndcg@10"])
        // no objective at all is evaluation-only too
        var bare = TrainingPlan(model: model.path)
        bare.testEvaluators = p.evaluators
        #expect(try Trainer(plan: bare, run: nil).train().tests[0]?["test/tiny-dev/cosine_ndcg@10"] == direct.metrics["cosine_ndcg@10"])
    }

    // MARK: - Bad input, found when the plan is checked (before step 1)

    @Test func aLossWithoutTheColumnItNeedsIsRefusedAtPlanTime() throws {
        var p = try plan(loss: CosineSimilarityLoss())                       // anchor/positive pairs have no score
        #expect { try p.validate() } throws: { error in
            "\(error)" == "term 'CosineSimilarityLoss': CosineSimilarityLoss cannot train on dataset 'tiny': it needs a score column (one number per row), the dataset has none"
        }
        let single = try PairDataset(name: "one", columns: ["text"], texts: [["the law", "a court"]])
        p.objective = .single(.init(single, MultipleNegativesRankingLoss()))
        #expect { try Trainer(plan: p, run: nil) } throws: { "\($0)".contains("it takes at least 2 text columns, the dataset has 1 (text)") }
        p.objective = .single(.init(single, MSELoss()))
        #expect { try p.validate() } throws: { "\($0)".contains("it needs a vector column (teacher embeddings, [B, D]), the dataset has none") }
    }

    @Test func aVectorColumnOfTheWrongWidthIsRefusedAtPlanTime() throws {
        var p = try plan()
        p.objective = .single(.init(try distillationData(), MSELoss()))        // 48-wide teacher, 32-wide model, no projection
        #expect { try p.validate() } throws: { error in
            "\(error)".contains("the vector column \"teacher\" is 48 wide, the loss expects 32 (the model's embedding width; a Projection maps it to the teacher's)")
        }
        p.objective = .single(.init(try distillationData(), MSELoss(projection: Projection(studentDimension: 32, teacherDimension: 64))))
        #expect { try p.validate() } throws: { "\($0)".contains("is 48 wide, the loss expects 64 (its projection's output width)") }
        p.objective = .single(.init(try distillationData(), MSELoss(projection: Projection(studentDimension: 32, teacherDimension: 48)),
                                    vectorColumn: "labels"))
        #expect { try p.validate() } throws: { "\($0)".contains("it needs the vector column \"labels\"; the dataset's vector columns: teacher") }
    }

    /// The similarity-matrix objectives compare [B, B] matrices, so a teacher wider than the student trains as is
    /// (an MPNet teacher, 768-d, into a MiniLM student, 384-d) and a few steps move the loss.
    @Test func similarityObjectivesTakeATeacherOfAnyWidth() throws {
        for loss in [RelativeSimilarityLoss(), SimilarityKLDivLoss(temperature: 0.5)] as [any Loss] {
            var p = try plan()
            p.objective = .single(.init(try distillationData(), loss))        // 48-wide teacher, 32-wide model
            try p.validate()
            let trainer = try Trainer(plan: p, run: nil)
            trainer.showProgress = false
            let summary = try trainer.train()
            #expect(summary.lastLoss.map { $0.isFinite && $0 > 0 } == true, "\(loss.name)")
        }
        var p = try plan()
        p.objective = .single(.init(try distillationData(), RelativeSimilarityLoss(), vectorColumn: "labels"))
        #expect { try p.validate() } throws: { "\($0)".contains("it needs the vector column \"labels\"; the dataset's vector columns: teacher") }
    }

    @Test func anEvaluationOnlyPlanWithoutEvaluatorsIsRefused() throws {
        var p = try plan()
        p.maxSteps = 0
        p.evaluators = []
        #expect(throws: TrainerError.nothingToEvaluate) { try p.validate() }
        #expect(throws: TrainerError.nothingToEvaluate) { try Trainer(plan: TrainingPlan(model: model.path), run: nil) }
    }

    @Test func aModelFolderThatDoesNotExistIsNamed() throws {
        var p = try plan()
        p.model = root.appendingPathComponent("no-such-model").path
        #expect { try p.validate() } throws: { "\($0)".contains("no-such-model") }
    }

    // MARK: - Config fields applied by name

    @Test func configFieldsNamedLikeOptionsAreApplied() throws {
        struct Config: Encodable {
            var lr = 0.5
            var maxSteps: Int? = 3
            var maxSeqLength: Int? = nil
            var temperature = 0.1          // not an option: ignored
        }
        var p = try plan()
        p.maxSeqLength = 16
        try p.apply(Config())
        #expect(p.lr == 0.5 && p.maxSteps == 3 && p.maxSeqLength == 16)
        struct Wrong: Encodable { var batchSize = "big" }
        #expect { try p.apply(Wrong()) } throws: { "\($0)".contains("batchSize") }
        struct Precision: Encodable { var precision = "bf16" }
        try p.apply(Precision())
        #expect(p.precision == .bf16)
        struct WrongPrecision: Encodable { var precision = "fp8" }
        #expect { try p.apply(WrongPrecision()) } throws: { "\($0)" == "config field precision not a precision: expected fp32 or bf16" }
    }
}

/// `DenseModuleFolder` writes what sentence-transformers 6.2's `Dense.save` writes (`Fixtures/make_dense_fixture.py`).
@Suite struct DenseModuleFolderTests {
    @Test func matchesSentenceTransformersOwnDenseFolder() throws {
        let reference = try Bundle.module.fixture("dense")
        let weight = Tensor(shape: [2, 3], scalars: (0..<6).map { Float($0) / 8 - 0.5 })       // [out, in]
        let bias = Tensor(shape: [2], scalars: [0.25, 0.5])                                    // [out]
        let folder = try TemporaryFolder(prefix: "wb-dense")
        let written = folder.appendingPathComponent("losses/MSELoss")
        try DenseModuleFolder.write(weight: weight, bias: bias, to: written)
        func config(_ url: URL) throws -> NSDictionary {
            try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url.appendingPathComponent("config.json"))) as? NSDictionary)
        }
        #expect(try config(written) == config(reference))
        let mine = try SafeTensorsFile(url: written.appendingPathComponent("model.safetensors"))
        let theirs = try SafeTensorsFile(url: reference.appendingPathComponent("model.safetensors"))
        #expect(mine.names.sorted() == theirs.names.sorted())
        for name in theirs.names {
            #expect(mine.info(name)?.shape == theirs.info(name)?.shape, "\(name)")
            #expect(try mine.floats(name) == theirs.floats(name), "\(name)")
        }
    }
}
