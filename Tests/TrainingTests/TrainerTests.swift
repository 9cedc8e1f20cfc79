import Foundation
import Testing
import Evaluation
import Runs
import Tensors
@testable import Training
@testable import Models

/// The trainer on a tiny random BERT: determinism, bit-identical resume, the NaN stop, and the saved model.
@Suite(.serialized) struct TrainerTests {
    static let tinyBert = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ModelsTests/Fixtures/tiny-bert")
    static let words = ["the", "a", "law", "court", "contract", "tenant", "notice", "rent", "judge", "fine",
                        "cat", "dog", "music", "guitar", "river", "city", "train", "house", "water", "book",
                        "is", "was", "and", "of", "to", "in", "for", "on"]

    let root: URL
    let model: URL

    /// A sentence-transformers folder around the tiny checkpoint, with a 99-token vocabulary.
    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wb-trainer-\(UUID().uuidString)")
        model = root.appendingPathComponent("tiny-st")
        let fm = FileManager.default
        try fm.createDirectory(at: model.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
        for file in ["config.json", "model.safetensors"] {
            try fm.copyItem(at: Self.tinyBert.appendingPathComponent(file), to: model.appendingPathComponent(file))
        }
        let letters = (UnicodeScalar("a").value...UnicodeScalar("z").value).map { String(UnicodeScalar($0)!) }
        let vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + letters + letters.map { "##" + $0 }
            + (0...9).map(String.init) + [".", ",", "!", "?"] + Self.words
        #expect(vocab.count == 99)
        try vocab.joined(separator: "\n").write(to: model.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        try #"{"do_lower_case": true}"#.write(to: model.appendingPathComponent("tokenizer_config.json"), atomically: true, encoding: .utf8)
        try #"{"max_seq_length": 32, "do_lower_case": false}"#.write(to: model.appendingPathComponent("sentence_bert_config.json"), atomically: true, encoding: .utf8)
        try #"{"word_embedding_dimension": 32, "pooling_mode_mean_tokens": true, "pooling_mode_cls_token": false, "pooling_mode_max_tokens": false}"#
            .write(to: model.appendingPathComponent("1_Pooling/config.json"), atomically: true, encoding: .utf8)
        try #"[{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"}, {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}, {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}]"#
            .write(to: model.appendingPathComponent("modules.json"), atomically: true, encoding: .utf8)
    }

    func sentence(_ i: Int, _ salt: Int) -> String {
        (0..<6).map { Self.words[(i * 7 + $0 * 3 + salt * ($0 + 1)) % Self.words.count] }.joined(separator: " ")
    }

    func plan(loss: any Loss = MultipleNegativesRankingLoss(temperature: 0.05), lr: Double = 1e-3) throws -> TrainingPlan {
        let anchors = (0..<24).map { sentence($0, 0) }, positives = (0..<24).map { sentence($0, 1) }
        let data = try PairDataset(name: "tiny", columns: ["anchor", "positive"], texts: [anchors, positives])
        var plan = TrainingPlan(model: model.path, objective: .single(.init(data, loss)))
        plan.batchSize = 8
        plan.maxSteps = 6
        plan.lr = lr
        plan.evaluateEvery = 3
        var queries: [String: String] = [:], corpus: [String: String] = [:], relevant: [String: Set<String>] = [:]
        for i in 0..<12 {
            queries["q\(i)"] = anchors[i]
            corpus["d\(i)"] = positives[i]
            relevant["q\(i)"] = ["d\(i)"]
        }
        plan.evaluators = [try InformationRetrievalEvaluator(queries: queries, corpus: corpus, relevantDocs: relevant, name: "tiny-dev")]
        return plan
    }

    /// The numbers of a run's metric lines (time left out).
    func numbers(_ run: Run) throws -> [[String: JSONValue]] {
        let store = RunStore(root: root)
        return try store.load(store.resolve(run.manifest.id)).metrics.map { $0.fields.filter { $0.key != "time" } }
    }

    @Test func sameSeedGivesBitIdenticalMetrics() throws {
        let p = try plan()
        let a = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let trainer = Trainer(plan: p, run: a)
        trainer.showProgress = false
        let summary = try trainer.train()
        try a.finish()
        let b = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let again = Trainer(plan: p, run: b)
        again.showProgress = false
        try again.train()
        try b.finish()
        let ma = try numbers(a), mb = try numbers(b)
        #expect(ma.count == 6 + 3 && ma == mb)
        #expect(ma.contains { $0["eval/tiny-dev/cosine_ndcg@10"] != nil })
        #expect(summary.bestStep != nil)
        // the loss moved: it trained
        let losses = ma.compactMap { $0["loss"]?.double }
        #expect(losses.count == 6 && losses.last! < losses.first!)
        // the saved model loads and differs from the base
        let saved = try SentenceTransformer(folder: a.folder.appendingPathComponent("model"))
        let base = try SentenceTransformer(folder: model)
        let e1 = try saved.encode(["the law of the city"]), e0 = try base.encode(["the law of the city"])
        #expect(e1.scalars != e0.scalars)
    }

    @Test func resumeContinuesBitIdentically() throws {
        let p = try plan()
        let whole = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let t1 = Trainer(plan: p, run: whole)
        t1.showProgress = false
        try t1.train()
        try whole.finish()

        let part = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let t2 = Trainer(plan: p, run: part)
        t2.showProgress = false
        t2.stopAfterStep = 4          // between evaluations: the checkpoint alone carries the state
        try t2.train()
        part.fail("interrupted by the test")
        let checkpoint = try #require(TrainerCheckpoint.latest(in: part.folder))
        #expect(checkpoint.step == 4)
        let resumed = try Run.reopen(folder: part.folder, keepingStepsThrough: checkpoint.step)
        let t3 = Trainer(plan: p, run: resumed, resumeFrom: checkpoint)
        t3.showProgress = false
        try t3.train()
        try resumed.finish()
        #expect(try numbers(whole) == numbers(resumed))
        let w1 = try Data(contentsOf: whole.folder.appendingPathComponent("checkpoints/last/model.safetensors"))
        let w2 = try Data(contentsOf: resumed.folder.appendingPathComponent("checkpoints/last/model.safetensors"))
        #expect(w1 == w2)
    }

    struct ExplodingLoss: Loss {
        var name: String { "ExplodingLoss" }
        func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor { (columns[0].sum() * 0 - 1).log() } // log(-1) = NaN
    }

    @Test func nonFiniteLossStopsWithAClearMessage() throws {
        var p = try plan(loss: ExplodingLoss())
        p.evaluators = []
        let run = try Run.start(root: root, experiment: "tiny", config: [:], seed: 1)
        let trainer = Trainer(plan: p, run: run)
        trainer.showProgress = false
        do {
            try trainer.train()
            Issue.record("a NaN loss did not stop training")
        } catch {
            #expect("\(error)".contains("the loss became NaN at step 1"))
        }
    }
}
