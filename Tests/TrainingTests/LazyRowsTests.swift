import Foundation
import Tensors
import Testing
import Training

/// AdamW's lazy row updates for large vocabularies: only rows with a gradient move, each exactly as the dense
/// AdamW (pinned to torch in `OptimizerTests`) moves a row that has had a gradient at every step.
@Suite struct LazyRowsTests {
    static func table(seed: Float) -> Tensor {
        Tensor(shape: [6, 4], scalars: (0..<24).map { Float($0) * 0.1 - 1 + seed }).asParameter()
    }

    /// A row gradient touching `rows` (each listed twice, to exercise the summing of repeated indices).
    static func gradient(_ rows: [Int32], step: Int) -> Gradient {
        let indices = rows + rows.reversed()
        let values = (0..<(indices.count * 4)).map { Float(($0 * 7 + step * 3) % 11) * 0.05 - 0.25 }
        return .rows(indices: indices, values: Tensor(shape: [indices.count, 4], scalars: values), shape: [6, 4])
    }

    func rows(_ t: Tensor, _ r: Int) -> [Float] { Array(t.scalars[(r * 4)..<(r * 4 + 4)]) }

    @Test(arguments: [0.0, 0.01])
    func touchedRowsMoveAsDenseAdamWOthersStay(weightDecay: Double) throws {
        let (lazyTable, denseTable) = (Self.table(seed: 0), Self.table(seed: 0))
        let before = lazyTable.scalars
        let lazy = try AdamW(parameters: [("emb", lazyTable)], weightDecay: weightDecay, lazyRows: ["emb"])
        let dense = try AdamW(parameters: [("emb", denseTable)], weightDecay: weightDecay)
        // rows 1 and 3 have a gradient at every step; row 4 from step 2 on; 0, 2, 5 never
        for (step, touched) in [[1, 3], [1, 3, 4], [4, 1, 3]].enumerated() {
            let g = Self.gradient(touched.map { Int32($0) }, step: step)
            lazy.step([g], lr: 1e-2)
            dense.step([g], lr: 1e-2)
        }
        for r in [1, 3] { #expect(rows(lazyTable, r) == rows(denseTable, r), "row \(r)") }
        // row 4: the dense optimizer gave it zero-gradient steps before its first gradient; with zero moments
        // those only decay it, so without weight decay it matches exactly
        if weightDecay == 0 { #expect(rows(lazyTable, 4) == rows(denseTable, 4)) }
        for r in [0, 2, 5] { #expect(rows(lazyTable, r) == Array(before[(r * 4)..<(r * 4 + 4)]), "untouched row \(r) moved") }
        // a row that stops having gradients stops moving (the dense optimizer keeps moving it by momentum)
        let frozen = rows(lazyTable, 3)
        lazy.step([Self.gradient([1], step: 3)], lr: 1e-2)
        #expect(rows(lazyTable, 3) == frozen)
    }

    @Test func stateRoundTripResumesBitIdentically() throws {
        let (a, b) = (Self.table(seed: 0.5), Self.table(seed: 0.5))
        let first = try AdamW(parameters: [("emb", a)], lazyRows: ["emb"])
        first.step([Self.gradient([5, 2], step: 0)], lr: 1e-2)
        first.step([Self.gradient([2, 0], step: 1)], lr: 1e-2)
        let state = first.state()
        #expect(state["emb.rows"] == [5, 2, 0])
        #expect(state["emb.exp_avg"]?.count == 12)
        b.mutableData.update(from: a.data, count: a.count)
        let second = try AdamW(parameters: [("emb", b)], lazyRows: ["emb"])
        try second.restore(state)
        first.step([Self.gradient([0, 3], step: 2)], lr: 1e-2)
        second.step([Self.gradient([0, 3], step: 2)], lr: 1e-2)
        #expect(a.scalars == b.scalars)
        #expect(first.state() == second.state())
    }

    @Test func badLazyInputIsRejected() throws {
        let t = Self.table(seed: 0)
        #expect(throws: OptimizerError.invalidLazyRows("missing")) {
            try AdamW(parameters: [("emb", t)], lazyRows: ["missing"])
        }
        let bias = Tensor(shape: [4], repeating: 0).asParameter()
        #expect(throws: OptimizerError.invalidLazyRows("bias")) {
            try AdamW(parameters: [("emb", t), ("bias", bias)], lazyRows: ["bias"])
        }
        let optimizer = try AdamW(parameters: [("emb", t)], lazyRows: ["emb"])
        let repeated: [String: [Float]] = ["emb.rows": [1, 1], "emb.exp_avg": .init(repeating: 0, count: 8),
                                           "emb.exp_avg_sq": .init(repeating: 0, count: 8), "emb.step": [1]]
        #expect(throws: OptimizerError.self) { try optimizer.restore(repeated) }
        var short = repeated
        short["emb.rows"] = [1, 2]
        short["emb.exp_avg"] = [0]
        #expect(throws: OptimizerError.stateSizeMismatch(key: "emb.exp_avg", expected: 8, found: 1)) { try optimizer.restore(short) }
        var missing = repeated
        missing["emb.rows"] = nil
        #expect(throws: OptimizerError.incompleteState(parameter: "emb", missing: "emb.rows")) { try optimizer.restore(missing) }
    }
}
