import Tensors

extension AdamW {
    /// The optimizer state as named Float arrays, for a checkpoint (safetensors) and `restore(_:)`.
    ///
    /// For each parameter that has taken a step, torch's per-parameter state under its name:
    /// `<name>.exp_avg` and `<name>.exp_avg_sq` (the parameter's element count, row-major) and
    /// `<name>.step` (one value; torch also keeps the step as a float32). Parameters that never had a
    /// gradient have no entries, as in torch. A lazily updated table stores the moments of its rows with
    /// moments only: `<name>.rows` (the row numbers, exact in Float below 2²⁴) and `<name>.exp_avg` /
    /// `<name>.exp_avg_sq` of rows × cols elements in that order.
    public func state() -> [String: [Float]] {
        var out: [String: [Float]] = [:]
        for (i, (name, _)) in parameters.enumerated() {
            if let moments = rowMoments[i] {
                guard stepCounts[i] > 0 else { continue }
                out[name + ".rows"] = moments.rows.map { Float($0) }
                out[name + ".exp_avg"] = moments.expAvg
                out[name + ".exp_avg_sq"] = moments.expAvgSq
                out[name + ".step"] = [Float(stepCounts[i])]
                continue
            }
            guard let m = expAvg[i], let v = expAvgSq[i] else { continue }
            out[name + ".exp_avg"] = m.scalars
            out[name + ".exp_avg_sq"] = v.scalars
            out[name + ".step"] = [Float(stepCounts[i])]
        }
        return out
    }

    /// Replaces the optimizer state with one saved by `state()`; resuming then gives bit-identical steps.
    ///
    /// Throws, changing nothing, for an entry that names no parameter, a parameter with some entries but not
    /// all, a size that does not match, or a step that is not a whole number ≥ 1. Parameters without entries
    /// start afresh (no moments, step 0).
    public func restore(_ state: [String: [Float]]) throws {
        let suffixes = [".exp_avg", ".exp_avg_sq", ".step"]
        var known = Set<String>()
        for (i, (name, _)) in parameters.enumerated() {
            for s in suffixes + (lazy[i] ? [".rows"] : []) { known.insert(name + s) }
        }
        if let stray = state.keys.sorted().first(where: { !known.contains($0) }) {
            throw OptimizerError.unknownStateKey(stray)
        }
        /// What one parameter's entries restore to.
        enum Restored {
            case fresh
            case dense(expAvg: Tensor, expAvgSq: Tensor, step: Int)
            case rows(rows: [Int32], expAvg: [Float], expAvgSq: [Float], step: Int)
        }
        var restored: [Restored] = []
        for (i, (name, p)) in parameters.enumerated() {
            let keys = suffixes + (lazy[i] ? [".rows"] : [])
            let entries = keys.map { state[name + $0] }
            if entries.allSatisfy({ $0 == nil }) { restored.append(.fresh); continue }
            for (s, e) in zip(keys, entries) where e == nil {
                throw OptimizerError.incompleteState(parameter: name, missing: name + s)
            }
            let (m, v, step) = (entries[0]!, entries[1]!, entries[2]!)
            let expected = lazy[i] ? entries[3]!.count * (p.shape.last ?? 1) : p.count
            for (key, values) in [(name + ".exp_avg", m), (name + ".exp_avg_sq", v)] where values.count != expected {
                throw OptimizerError.stateSizeMismatch(key: key, expected: expected, found: values.count)
            }
            guard step.count == 1 else {
                throw OptimizerError.stateSizeMismatch(key: name + ".step", expected: 1, found: step.count)
            }
            guard step[0].isFinite, step[0] >= 1, step[0].rounded() == step[0], step[0] < 1e15 else {
                throw OptimizerError.invalidStateValue(key: name + ".step", detail: "\(step[0]) is not a whole number ≥ 1")
            }
            if lazy[i] {
                let rows = entries[3]!
                guard rows.allSatisfy({ $0.isFinite && $0.rounded() == $0 && $0 >= 0 && $0 < Float(p.shape[0]) }),
                      Set(rows).count == rows.count else {
                    throw OptimizerError.invalidStateValue(key: name + ".rows", detail: "row numbers must be distinct whole numbers in 0..<\(p.shape[0])")
                }
                restored.append(.rows(rows: rows.map { Int32($0) }, expAvg: m, expAvgSq: v, step: Int(step[0])))
            } else {
                restored.append(.dense(expAvg: Tensor(shape: p.shape, scalars: m), expAvgSq: Tensor(shape: p.shape, scalars: v),
                                       step: Int(step[0])))
            }
        }
        for (i, r) in restored.enumerated() {
            switch r {
            case .fresh:
                (expAvg[i], expAvgSq[i], stepCounts[i]) = (nil, nil, 0)
                rowMoments[i]?.restore(rows: [], expAvg: [], expAvgSq: [])
            case .dense(let m, let v, let step):
                (expAvg[i], expAvgSq[i], stepCounts[i]) = (m, v, step)
            case .rows(let rows, let m, let v, let step):
                rowMoments[i]?.restore(rows: rows, expAvg: m, expAvgSq: v)
                stepCounts[i] = step
            }
        }
    }
}
