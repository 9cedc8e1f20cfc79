import Foundation
import Tensors
import Testing
import TestSupport
import Training

/// AdamW, the linear schedule, clipping and accumulation pinned against torch + transformers
/// (`Fixtures/make_optim_fixtures.py` → `Fixtures/optim.json`).
@Suite struct OptimizerTests {
    struct Fixture: Decodable {
        struct GradientEntry: Decodable {
            let indices: [Int32]?
            let values: [Float]
        }
        struct Step: Decodable {
            let lr: Double
            let grad_norm: Float
            let grads: [String: GradientEntry]
            let params: [String: [Float]]
        }
        struct WarmupCase: Decodable {
            let total: Int
            let ratio: Double
            let warmup: Int
        }
        let lr: Double
        let weight_decay: Double
        let total_steps: Int
        let warmup_steps: Int
        let max_norm: Float
        let shapes: [String: [Int]]
        let order: [String]
        let decay: [String]
        let initial: [String: [Float]]
        let steps: [Step]
        let decay_names: [String: Bool]
        let warmup_ratios: [WarmupCase]
    }

    static let fixture = try! Bundle.module.decodeFixture(Fixture.self, "optim.json")

    /// Fresh parameters holding the fixture's initial values, in torch's order.
    static func initialParameters(_ f: Fixture = fixture) -> [(String, Tensor)] {
        f.order.map { ($0, Tensor(shape: f.shapes[$0]!, scalars: f.initial[$0]!).asParameter()) }
    }

    /// Step `s`'s gradients aligned to `order`; the embedding table's as `.rows` (with repeated indices).
    static func gradients(step s: Int, _ f: Fixture = fixture) -> [Gradient?] {
        f.order.map { name in
            guard let entry = f.steps[s].grads[name] else { return nil }
            let shape = f.shapes[name]!
            if let indices = entry.indices {
                let values = Tensor(shape: [indices.count, shape.last!], scalars: entry.values)
                return .rows(indices: indices, values: values, shape: shape)
            }
            return .dense(Tensor(shape: shape, scalars: entry.values))
        }
    }

    static func makeOptimizer(_ parameters: [(String, Tensor)]) throws -> AdamW {
        try AdamW(parameters: parameters, weightDecay: fixture.weight_decay)
    }

    static func schedule() throws -> LinearSchedule {
        try LinearSchedule(lr: fixture.lr, totalSteps: fixture.total_steps, warmup: .steps(fixture.warmup_steps))
    }

    /// One fixture step: clip, then AdamW at the scheduled rate; returns the pre-clip norm.
    @discardableResult
    static func takeStep(_ s: Int, _ optimizer: AdamW, _ schedule: LinearSchedule) -> Float {
        let grads = gradients(step: s)
        let clip = GradientClipping(maxNorm: fixture.max_norm).clip(grads)
        optimizer.step(grads, lr: schedule.lr(at: s), gradScale: clip.scale)
        return clip.norm
    }

    // MARK: parity with torch

    @Test func matchesTorchAdamWWithScheduleAndClipping() throws {
        let f = Self.fixture
        let parameters = Self.initialParameters()
        let optimizer = try Self.makeOptimizer(parameters)
        let schedule = try Self.schedule()
        #expect(f.steps.contains { $0.grads["pooler.dense.weight"] == nil }, "fixture skips the pooler once")
        var worstParameter = 0.0, worstNorm = 0.0
        for s in f.steps.indices {
            #expect(schedule.lr(at: s) == f.steps[s].lr, "lr at step \(s)")
            let norm = Self.takeStep(s, optimizer, schedule)
            let normError = Double(abs(norm - f.steps[s].grad_norm) / f.steps[s].grad_norm)
            worstNorm = max(worstNorm, normError)
            #expect(normError <= 1e-6, "grad_norm at step \(s): \(norm) vs \(f.steps[s].grad_norm)")
            for (name, p) in parameters {
                for (a, b) in zip(p.scalars, f.steps[s].params[name]!) {
                    let error = Double(abs(a - b)) / max(Double(abs(b)), 1e-6)
                    worstParameter = max(worstParameter, error)
                    #expect(error <= 1e-6, "\(name) after step \(s + 1): \(a) vs \(b)")
                }
            }
        }
        print("AdamW parity vs torch: worst parameter relative error \(worstParameter), worst grad_norm \(worstNorm)")
        #expect(optimizer.stepCounts == f.order.map { $0.hasPrefix("pooler.") ? 4 : 5 })
    }

    @Test func parameterGroupsFollowTransformers() throws {
        let f = Self.fixture
        for (name, decays) in f.decay_names {
            #expect(AdamW.decaysWeight(name) == decays, "\(name)")
        }
        let optimizer = try Self.makeOptimizer(Self.initialParameters())
        #expect(optimizer.decayedParameterNames == f.order.filter(f.decay.contains))
    }

    @Test func linearScheduleMatchesTransformers() throws {
        for c in Self.fixture.warmup_ratios {
            let schedule = try LinearSchedule(lr: 1, totalSteps: c.total, warmup: .ratio(c.ratio))
            #expect(schedule.warmupSteps == c.warmup, "ceil(\(c.total) · \(c.ratio))")
        }
        let schedule = try LinearSchedule(lr: 2e-5, totalSteps: 10, warmup: .steps(4))
        #expect(schedule.lr(at: 0) == 0)
        #expect(schedule.lr(at: 2) == 2e-5 * 0.5)
        #expect(schedule.lr(at: 4) == 2e-5)
        #expect(schedule.lr(at: 7) == 2e-5 * (3.0 / 6.0))
        #expect(schedule.lr(at: 10) == 0)
        #expect(schedule.lr(at: 12) == 0)
        let flat = try LinearSchedule(lr: 1e-3, totalSteps: 4)
        #expect((0..<4).map(flat.lr(at:)) == [1e-3, 1e-3 * 0.75, 1e-3 * 0.5, 1e-3 * 0.25])
    }

    // MARK: resume

    @Test func restoredStateResumesBitIdentically() throws {
        let f = Self.fixture
        let schedule = try Self.schedule()
        let straight = Self.initialParameters()
        let uninterrupted = try Self.makeOptimizer(straight)
        for s in f.steps.indices { Self.takeStep(s, uninterrupted, schedule) }

        let first = Self.initialParameters()
        let before = try Self.makeOptimizer(first)
        for s in 0..<3 { Self.takeStep(s, before, schedule) }  // step 3 skipped the pooler
        let saved = before.state()
        #expect(saved["pooler.dense.weight.step"] == [2])
        #expect(saved["embeddings.word_embeddings.weight.exp_avg"]?.count == 12 * 4)

        // a new process: parameters from the checkpoint, a fresh optimizer, restored state
        let resumed = first.map { ($0.0, Tensor(shape: $0.1.shape, scalars: $0.1.scalars).asParameter()) }
        let after = try Self.makeOptimizer(resumed)
        try after.restore(saved)
        #expect(after.state() == saved)
        for s in 3..<f.steps.count { Self.takeStep(s, after, schedule) }
        for ((name, a), (_, b)) in zip(resumed, straight) {
            #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern), "\(name)")
        }
        #expect(after.state() == uninterrupted.state())
    }

    @Test func restoreRejectsMismatchedState() throws {
        let optimizer = try Self.makeOptimizer(Self.initialParameters())
        Self.takeStep(0, optimizer, try Self.schedule())
        let good = optimizer.state()
        var bad = good
        bad["embeddings.LayerNorm.weight.exp_avg"] = [1, 2, 3]
        #expect(throws: OptimizerError.stateSizeMismatch(key: "embeddings.LayerNorm.weight.exp_avg", expected: 4, found: 3)) {
            try optimizer.restore(bad)
        }
        bad = good
        bad["encoder.layer.9.output.dense.weight.step"] = [1]
        #expect(throws: OptimizerError.unknownStateKey("encoder.layer.9.output.dense.weight.step")) {
            try optimizer.restore(bad)
        }
        bad = good
        bad["pooler.dense.bias.exp_avg_sq"] = nil
        #expect(throws: OptimizerError.incompleteState(parameter: "pooler.dense.bias", missing: "pooler.dense.bias.exp_avg_sq")) {
            try optimizer.restore(bad)
        }
        bad = good
        bad["pooler.dense.bias.step"] = [1.5]
        #expect(throws: OptimizerError.invalidStateValue(key: "pooler.dense.bias.step", detail: "1.5 is not a whole number ≥ 1")) {
            try optimizer.restore(bad)
        }
        #expect(optimizer.state() == good, "a rejected restore changes nothing")
        try optimizer.restore([:])
        #expect(optimizer.state().isEmpty && optimizer.stepCounts.allSatisfy { $0 == 0 })
    }

    @Test func rejectsBadHyperparametersAndNames() throws {
        let p = Tensor(shape: [2], repeating: 1).asParameter()
        #expect(throws: OptimizerError.duplicateParameterName("w")) {
            try AdamW(parameters: [("w", p), ("w", p)])
        }
        #expect(throws: OptimizerError.invalidHyperparameter(name: "beta2", value: 1, expected: "in [0, 1)")) {
            try AdamW(parameters: [("w", p)], betas: (0.9, 1))
        }
        #expect(throws: OptimizerError.invalidHyperparameter(name: "weight decay", value: -0.1, expected: "≥ 0")) {
            try AdamW(parameters: [("w", p)], weightDecay: -0.1)
        }
        #expect(throws: OptimizerError.invalidHyperparameter(name: "warm-up ratio", value: 1.5, expected: "in [0, 1)")) {
            try LinearSchedule(lr: 1e-3, totalSteps: 10, warmup: .ratio(1.5))
        }
        #expect(throws: OptimizerError.invalidHyperparameter(name: "totalSteps", value: 0, expected: "≥ 1")) {
            try LinearSchedule(lr: 1e-3, totalSteps: 0)
        }
    }

    // MARK: row gradients

    /// A table of 50 × 8 with a gradient on 4 rows (one repeated), given as rows and as its dense form.
    static func rowCase() -> (table: [Float], rows: Gradient, dense: Gradient) {
        var seed: UInt64 = 7
        func next() -> Float {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: seed >> 11) % 2000 - 1000) / 700
        }
        let table = (0..<400).map { _ in next() }
        let indices: [Int32] = [4, 17, 4, 49, 0, 17]
        let values = Tensor(shape: [6, 8], scalars: (0..<48).map { _ in next() })
        let rows = Gradient.rows(indices: indices, values: values, shape: [50, 8])
        return (table, rows, .dense(rows.densified()))
    }

    /// One pass over all parameters (chunks cut across parameter boundaries, each parameter with its own
    /// scalars) updates every element exactly as one call per parameter does.
    @Test func onePassOverAllParametersEqualsOneCallEach() {
        let seed = SplitMix64(seed: 12)
        let sizes = [7, 40_000, 1, 70_001, 384, 33_333]                       // around the 32 768-element grain
        func fresh() -> [FusedUpdate.DenseAdamWUpdate] {
            var r = seed                                                      // the same values each time
            return sizes.enumerated().map { i, n in
                FusedUpdate.DenseAdamWUpdate(
                    parameter: r.tensor([n], parameter: false), gradient: r.tensor([n], parameter: false),
                    expAvg: r.tensor([n], -0.1, 0.1, parameter: false), expAvgSq: r.tensor([n], 0, 0.1, parameter: false),
                    scalars: .init(gradScale: 0.9, decay: i % 2 == 0 ? 0.999 : 1, oneMinusBeta1: 0.1, beta2: 0.999,
                                   oneMinusBeta2: 0.001, negStepSize: -Float(i + 1) * 1e-3,
                                   biasCorrection2Sqrt: 0.3, eps: 1e-8))
            }
        }
        let together = fresh(), oneByOne = fresh()
        FusedUpdate.adamw(together)
        for u in oneByOne {
            FusedUpdate.adamw(parameter: u.parameter, gradient: .dense(u.gradient), expAvg: u.expAvg,
                              expAvgSq: u.expAvgSq, scalars: u.scalars)
        }
        for (a, b) in zip(together, oneByOne) {
            #expect(a.parameter.scalars == b.parameter.scalars)
            #expect(a.expAvg.scalars == b.expAvg.scalars && a.expAvgSq.scalars == b.expAvgSq.scalars)
        }
        #expect(together[3].parameter.scalars != fresh()[3].parameter.scalars)            // it did move
    }

    @Test func rowGradientsUpdateLikeTheirDenseForm() throws {
        let (table, rows, dense) = Self.rowCase()
        let a = Tensor(shape: [50, 8], scalars: table).asParameter()
        let b = Tensor(shape: [50, 8], scalars: table).asParameter()
        let optA = try AdamW(parameters: [("embeddings.word_embeddings.weight", a)])
        let optB = try AdamW(parameters: [("embeddings.word_embeddings.weight", b)])
        #expect(GradientClipping.globalNorm([rows]) == GradientClipping.globalNorm([dense]))
        for step in 0..<3 {
            let lr = 1e-2 * Double(step + 1)
            let scale = GradientClipping(maxNorm: 0.5).clip([rows]).scale
            #expect(scale < 1)
            optA.step([rows], lr: lr, gradScale: scale)
            optB.step([dense], lr: lr, gradScale: scale)
        }
        #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern))
        #expect(optA.state() == optB.state())
        // untouched rows moved too (moments from earlier steps; decay)
        #expect(a.scalars[8..<16] != table[8..<16])
    }

    @Test func stepTakesGradientsOfABackwardPass() throws {
        let (table, _, _) = Self.rowCase()
        let t1 = Tensor(shape: [50, 8], scalars: table).asParameter()
        let w1 = Tensor(shape: [8], scalars: (0..<8).map { Float($0) / 8 }).asParameter()
        let t2 = Tensor(shape: [50, 8], scalars: table).asParameter()
        let w2 = Tensor(shape: [8], scalars: (0..<8).map { Float($0) / 8 }).asParameter()
        let ids: [Int32] = [3, 9, 3]
        let c = Tensor(shape: [3, 8], scalars: (0..<24).map { Float($0 % 5) - 2 })
        let loss = ((try Tensor.gather(t1, ids: ids) * c).sum() + (w1 * w1).sum())
        let optimizer = try AdamW(parameters: [("emb.weight", t1), ("w", w1)])
        optimizer.step(loss.backward(), lr: 1e-2)
        let reference = try AdamW(parameters: [("emb.weight", t2), ("w", w2)])
        reference.step([.rows(indices: ids, values: c, shape: [50, 8]), .dense(w2.affine(scale: 2))], lr: 1e-2)
        #expect(t1.scalars == t2.scalars)
        #expect(w1.scalars == w2.scalars)
    }

    // MARK: clipping and accumulation

    @Test func clippingScalesOnlyAboveTheMaximum() {
        let g = Gradient.dense(Tensor(shape: [2], scalars: [3, 4]))
        let big = GradientClipping(maxNorm: 1).clip([g, nil])
        #expect(big.norm == 5)
        #expect(big.scale == Float(1) / (Float(5) + Float(1e-6)))
        let small = GradientClipping(maxNorm: 10).clip([nil, g])
        #expect(small.norm == 5 && small.scale == 1)
        #expect(GradientClipping.globalNorm([nil]) == 0)
    }

    @Test func accumulatorAveragesMicroBatches() throws {
        let p = Tensor(shape: [4], repeating: 0).asParameter()
        let table = Tensor(shape: [5, 2], repeating: 0).asParameter()
        let accumulator = GradientAccumulator(parameters: [p, table], steps: 2)
        let g1 = Tensor(shape: [4], scalars: [1, 2, 3, 4]), g2 = Tensor(shape: [4], scalars: [3, 3, 3, 3])
        accumulator.add([.dense(g1), .rows(indices: [1, 1], values: Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]), shape: [5, 2])])
        accumulator.add([.dense(g2), nil])
        #expect(accumulator.count == 2)
        let sum = accumulator.take()
        #expect(accumulator.count == 0)
        guard case .dense(let d)? = sum[0], case .rows(let indices, let values, let shape)? = sum[1] else {
            Issue.record("unexpected gradient kinds \(sum)")
            return
        }
        #expect(d.scalars == [2, 2.5, 3, 3.5])
        #expect(indices == [1, 1] && shape == [5, 2] && values.scalars == [0.5, 1, 1.5, 2])

        // rows then dense of the same parameter become dense; a window of 1 passes gradients through
        accumulator.steps = 1
        let rows = Gradient.rows(indices: [2], values: Tensor(shape: [1, 2], scalars: [1, 1]), shape: [5, 2])
        accumulator.add([.dense(g1), rows])
        let passed = accumulator.take()
        if case .dense(let t)? = passed[0] { #expect(t === g1) } else { Issue.record("expected dense") }
        accumulator.add([nil, rows])
        accumulator.add([nil, .dense(Tensor(shape: [5, 2], repeating: 1))])
        #expect(accumulator.take()[1]?.densified().scalars == [1, 1, 1, 1, 2, 2, 1, 1, 1, 1])
    }
}
