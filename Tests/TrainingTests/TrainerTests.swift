import Datasets
import Foundation
import Testing
import TestSupport
import Evaluation
import Runs
import Tensors
@testable import Training
@testable import Models

/// The trainer on a tiny random BERT: determinism, bit-identical resume, the NaN stop, and the saved model.
@Suite(.serialized) struct TrainerTests {
    static let tinyBert = Repository.root.appendingPathComponent("Tests/ModelsTests/Fixtures/tiny-bert")
    static let words = ["the", "a", "law", "court", "contract", "tenant", "notice", "rent", "judge", "fine",
                        "cat", "dog", "music", "guitar", "river", "city", "train", "house", "water", "book",
                        "is", "was", "and", "of", "to", "in", "for", "on"]

    let folder: TemporaryFolder
    var root: URL { folder.url }
    let model: URL

    /// A sentence-transformers folder around the tiny checkpoint, with a 99-token vocabulary.
    init() throws {
        folder = try TemporaryFolder(prefix: "wb-trainer")
        model = folder.appendingPathComponent("tiny-st")
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
        let trainer = try Trainer(plan: p, run: a)
        trainer.showProgress = false
        let summary = try trainer.train()
        try a.finish()
        let b = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let again = try Trainer(plan: p, run: b)
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

    /// A bf16 plan (bf16 products, fp32 sums and master weights) trains, is bit-reproducible, and stays near fp32.
    @Test func bf16TrainingIsReproducibleAndNearFP32() throws {
        try #require(MatmulPrecision.bf16Accelerated, "no AVX-512 BF16: a bf16 plan runs fp32 here")
        func losses(_ precision: MatmulPrecision) throws -> [Double] {
            var p = try plan()
            p.precision = precision
            p.evaluators = []
            let run = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
            let trainer = try Trainer(plan: p, run: run)
            trainer.showProgress = false
            try trainer.train()
            try run.finish()
            return try numbers(run).compactMap { $0["loss"]?.double }
        }
        let bf16 = try losses(.bf16), again = try losses(.bf16), fp32 = try losses(.fp32)
        #expect(bf16.count == 6 && bf16 == again)
        #expect(bf16 != fp32)                                           // the products were rounded
        #expect(zip(bf16, fp32).allSatisfy { abs($0 - $1) <= 0.02 * abs($1) }, "\(bf16) vs \(fp32)")
        #expect(bf16.last! < bf16.first!)
    }

    /// Dense (torch's AdamW) and lazy word-embedding updates both resume bit-identically.
    @Test(arguments: [false, true])
    func resumeContinuesBitIdentically(lazyEmbeddings: Bool) throws {
        var p = try plan()
        p.lazyEmbeddings = lazyEmbeddings
        let whole = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let t1 = try Trainer(plan: p, run: whole)
        t1.showProgress = false
        try t1.train()
        try whole.finish()

        let part = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let t2 = try Trainer(plan: p, run: part)
        t2.showProgress = false
        t2.stopAfterStep = 4          // between evaluations: the checkpoint alone carries the state
        try t2.train()
        part.fail("interrupted by the test")
        let checkpoint = try #require(TrainerCheckpoint.latest(in: part.folder))
        #expect(checkpoint.step == 4)
        let resumed = try Run.reopen(folder: part.folder, keepingStepsThrough: checkpoint.step)
        let t3 = try Trainer(plan: p, run: resumed, resumeFrom: checkpoint)
        t3.showProgress = false
        try t3.train()
        try resumed.finish()
        #expect(try numbers(whole) == numbers(resumed))
        let w1 = try Data(contentsOf: whole.folder.appendingPathComponent("checkpoints/last/model.safetensors"))
        let w2 = try Data(contentsOf: resumed.folder.appendingPathComponent("checkpoints/last/model.safetensors"))
        #expect(w1 == w2)
    }

    /// Lazy updates leave the rows of tokens the data never contains exactly as they were.
    @Test func lazyEmbeddingsMoveOnlyTheRowsOfSeenTokens() throws {
        var p = try plan()
        p.lazyEmbeddings = true
        let run = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let trainer = try Trainer(plan: p, run: run)
        trainer.showProgress = false
        try trainer.train()
        try run.finish()
        let base = try SentenceTransformer(folder: model).model.embeddings.wordEmbeddings            // [99, 32]
        let tuned = try SentenceTransformer(folder: run.folder.appendingPathComponent("model")).model.embeddings.wordEmbeddings
        let st = try SentenceTransformer(folder: model)
        let seen = Set((0..<24).flatMap { st.tokenizer.encode(sentence($0, 0) + " " + sentence($0, 1), maxLength: 64) })
        for row in 0..<99 {
            let (a, b) = (Array(base.scalars[(row * 32)..<(row * 32 + 32)]), Array(tuned.scalars[(row * 32)..<(row * 32 + 32)]))
            if seen.contains(Int32(row)) { #expect(a != b, "row \(row) of a seen token did not move") } else { #expect(a == b, "row \(row) moved") }
        }
    }

    /// Test evaluators run zero-shot at step 0 and on the kept model at the end, with the folder's prompts.
    @Test func heldOutEvaluationsUseTheKeptModelAndTheFolderPrompts() throws {
        try #"{"prompts": {"query": "judge ", "passage": "book "}}"#
            .write(to: model.appendingPathComponent("config_sentence_transformers.json"), atomically: true, encoding: .utf8)
        var p = try plan()
        let anchors = (12..<24).map { sentence($0, 0) }, positives = (12..<24).map { sentence($0, 1) }
        let test = try InformationRetrievalEvaluator(
            queries: Dictionary(uniqueKeysWithValues: anchors.enumerated().map { ("q\($0)", $1) }),
            corpus: Dictionary(uniqueKeysWithValues: positives.enumerated().map { ("d\($0)", $1) }),
            relevantDocs: Dictionary(uniqueKeysWithValues: (0..<12).map { ("q\($0)", Set(["d\($0)"])) }), name: "tiny-test")
        p.testEvaluators = [test]
        let run = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let trainer = try Trainer(plan: p, run: run)
        trainer.showProgress = false
        let summary = try trainer.train()
        try run.finish()
        let key = "test/tiny-test/cosine_ndcg@10"
        let logged = try numbers(run).compactMap { line in line[key].map { (line["step"]!.double!, $0.double!) } }
        #expect(logged.map(\.0) == [0, 6])
        // step 0: the base model with the prompts; step 6: the saved (best) model with the prompts
        let base = try SentenceTransformer(folder: model), kept = try SentenceTransformer(folder: run.folder.appendingPathComponent("model"))
        #expect(try test.evaluate(base).metrics["cosine_ndcg@10"] == logged[0].1)
        #expect(try test.evaluate(kept).metrics["cosine_ndcg@10"] == logged[1].1)
        #expect(summary.tests[6]?[key] == logged[1].1)
        // and the prompts mattered
        #expect(try test.evaluate(kept, modelPrompts: false).metrics["cosine_ndcg@10"] != logged[1].1)
    }

    /// `evaluateEvery = 0` evaluates only before the first and after the last step (it used to divide by zero).
    @Test func evaluateEveryZeroEvaluatesOnlyAtTheEnds() throws {
        var p = try plan()
        p.evaluateEvery = 0
        let run = try Run.start(root: root, experiment: "tiny", config: [:], seed: 42)
        let trainer = try Trainer(plan: p, run: run)
        trainer.showProgress = false
        try trainer.train()
        try run.finish()
        let steps = try numbers(run).filter { $0["eval/tiny-dev/cosine_ndcg@10"] != nil }.compactMap { $0["step"]?.double }
        #expect(steps == [0, 6])
    }

    struct ExplodingLoss: Loss {
        var name: String { "ExplodingLoss" }
        var signature: LossSignature { LossSignature(textColumns: 1...Int.max, label: .none) }
        func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor { (columns[0].sum() * 0 - 1).log() } // log(-1) = NaN
    }

    /// Accumulating 2 micro-batches of 4 takes the mean of their gradients: with a loss that has no cross-row
    /// terms and dropout off, the step equals one batch of the same 8 rows (loss and gradient norm, up to
    /// float rounding), not half of it. (The weights after one AdamW step cannot tell: its first update is about
    /// lr · sign(g) whatever the gradient's scale, which is how a 1/k² scaling went unnoticed.)
    @Test func accumulatedMicroBatchesAverageTheirGradients() throws {
        let anchors = (0..<8).map { sentence($0, 0) }, positives = (0..<8).map { sentence($0, 2) }
        let data = try PairDataset(name: "scored", columns: ["a", "b"], texts: [anchors, positives], labelColumn: "score",
                                   labels: (0..<8).map { Double($0 % 5) / 4 })
        func trainer(batch: Int, accumulation: Int) throws -> Trainer {
            var plan = TrainingPlan(model: model.path, objective: .single(.init(data, CosineSimilarityLoss())))
            plan.batchSize = batch
            plan.gradientAccumulation = accumulation
            plan.dropout = false
            plan.maxSteps = 1
            return try Trainer(plan: plan, run: nil)
        }
        let whole = try trainer(batch: 8, accumulation: 1), halves = try trainer(batch: 4, accumulation: 2)
        let a = try whole.step(1, lr: 1e-2) { _, term in whole.prepare(term: term, rows: Array(0..<8)) }
        let b = try halves.step(1, lr: 1e-2) { micro, term in halves.prepare(term: term, rows: Array(micro * 4..<micro * 4 + 4)) }
        #expect(abs(a.loss - b.loss) <= 1e-6 * abs(a.loss), "loss \(a.loss) vs \(b.loss)")
        #expect(abs(a.gradNorm - b.gradNorm) <= 1e-5 * a.gradNorm, "gradient norm \(a.gradNorm) vs \(b.gradNorm)")
    }

    @Test func nonFiniteLossStopsWithAClearMessage() throws {
        var p = try plan(loss: ExplodingLoss())
        p.evaluators = []
        let run = try Run.start(root: root, experiment: "tiny", config: [:], seed: 1)
        let trainer = try Trainer(plan: p, run: run)
        trainer.showProgress = false
        do {
            try trainer.train()
            Issue.record("a NaN loss did not stop training")
        } catch {
            #expect("\(error)".contains("the loss became NaN at step 1"))
        }
    }
}
