import Tensors

extension AdamW {
    /// The optimizer state as named Float arrays, for a checkpoint (safetensors) and `restore(_:)`.
    ///
    /// For each parameter that has taken a step, torch's per-parameter state under its name:
    /// `<name>.exp_avg` and `<name>.exp_avg_sq` (the parameter's element count, row-major) and
    /// `<name>.step` (one value; torch also keeps the step as a float32). Parameters that never had a
    /// gradient have no entries, as in torch.
    public func state() -> [String: [Float]] {
        var out: [String: [Float]] = [:]
        for (i, (name, _)) in parameters.enumerated() {
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
        for (name, _) in parameters { for s in suffixes { known.insert(name + s) } }
        if let stray = state.keys.sorted().first(where: { !known.contains($0) }) {
            throw OptimizerError.unknownStateKey(stray)
        }
        var restored: [(Tensor, Tensor, Int)?] = []
        for (name, p) in parameters {
            let entries = suffixes.map { state[name + $0] }
            if entries.allSatisfy({ $0 == nil }) { restored.append(nil); continue }
            for (s, e) in zip(suffixes, entries) where e == nil {
                throw OptimizerError.incompleteState(parameter: name, missing: name + s)
            }
            let (m, v, step) = (entries[0]!, entries[1]!, entries[2]!)
            for (key, values) in [(name + ".exp_avg", m), (name + ".exp_avg_sq", v)] where values.count != p.count {
                throw OptimizerError.stateSizeMismatch(key: key, expected: p.count, found: values.count)
            }
            guard step.count == 1 else {
                throw OptimizerError.stateSizeMismatch(key: name + ".step", expected: 1, found: step.count)
            }
            guard step[0].isFinite, step[0] >= 1, step[0].rounded() == step[0] else {
                throw OptimizerError.invalidStateValue(key: name + ".step", detail: "\(step[0]) is not a whole number ≥ 1")
            }
            restored.append((Tensor(shape: p.shape, scalars: m), Tensor(shape: p.shape, scalars: v), Int(step[0])))
        }
        for (i, r) in restored.enumerated() {
            expAvg[i] = r?.0
            expAvgSq[i] = r?.1
            stepCounts[i] = r?.2 ?? 0
        }
    }
}
