import Tensors

/// Sums the gradients of several micro-batches into one optimizer step, each scaled by 1/k.
///
/// transformers divides each micro-batch's loss by the number of micro-batches in the accumulation window
/// (`loss / current_gradient_accumulation_steps`) and lets `.grad` accumulate, so the step sees the mean of
/// the micro-batch gradients. Here each added gradient is multiplied by `1 / steps` (Float) and summed.
/// Dense gradients go into one buffer per parameter; row gradients stay rows (indices and scaled values
/// concatenated), and a parameter that gets both becomes dense. With `steps == 1` gradients pass through
/// uncopied. For a shorter last window (an epoch that does not divide evenly), set `steps` to the number of
/// micro-batches that window will add before adding the first, as transformers does.
///
/// ```swift
/// let accumulator = GradientAccumulator(parameters: optimizer.parameters.map(\.tensor), steps: 4)
/// for batch in window { accumulator.add(loss(batch).backward()) }
/// optimizer.step(accumulator.take(), lr: lr)
/// ```
public final class GradientAccumulator {
    /// The parameters whose gradients are collected, in the order `take()` returns them.
    public let parameters: [Tensor]
    /// Micro-batches per optimizer step (k): every add is scaled by 1/k.
    public var steps: Int {
        didSet { precondition(steps >= 1, "GradientAccumulator.steps must be ≥ 1, got \(steps)") }
    }
    /// Micro-batches added since the last `take()`.
    public private(set) var count = 0

    private enum Sum {
        case none
        /// An unscaled gradient not owned by the accumulator (steps == 1, first add).
        case borrowed(Gradient)
        /// A dense buffer owned by the accumulator.
        case dense(Tensor)
        /// Row gradients: indices and already scaled values, concatenated at `take()`.
        case rows(indices: [Int32], values: [Tensor], shape: [Int])
    }

    private var sums: [Sum]

    public init(parameters: [Tensor], steps: Int) {
        precondition(steps >= 1, "GradientAccumulator needs steps ≥ 1, got \(steps)")
        self.parameters = parameters
        self.steps = steps
        sums = Array(repeating: .none, count: parameters.count)
    }

    /// Adds one micro-batch's gradients (parameters without one are left as they are).
    public func add(_ gradients: Gradients) {
        add(parameters.map { gradients.gradient(of: $0) })
    }

    /// Adds one micro-batch's gradients, aligned to `parameters`.
    public func add(_ gradients: [Gradient?]) {
        precondition(gradients.count == parameters.count,
                     "GradientAccumulator.add got \(gradients.count) gradients for \(parameters.count) parameters")
        let scale = 1 / Float(steps)
        for (i, gradient) in gradients.enumerated() {
            guard let gradient else { continue }
            sums[i] = Self.adding(gradient, scaledBy: scale, to: sums[i], parameter: parameters[i])
        }
        count += 1
    }

    /// The accumulated gradients, aligned to `parameters` (nil where none was added); starts a new window.
    public func take() -> [Gradient?] {
        defer {
            sums = Array(repeating: .none, count: parameters.count)
            count = 0
        }
        return sums.map { sum in
            switch sum {
            case .none: return nil
            case .borrowed(let g): return g
            case .dense(let t): return .dense(t)
            case .rows(let indices, let values, let shape):
                return .rows(indices: indices, values: Self.concatenated(values, cols: shape.last ?? 1), shape: shape)
            }
        }
    }

    private static func adding(_ g: Gradient, scaledBy a: Float, to sum: Sum, parameter: Tensor) -> Sum {
        switch (sum, g) {
        case (.none, _) where a == 1:
            return .borrowed(g)
        case (.none, _):
            return owned(g, scaledBy: a)
        case (.borrowed(let first), _):
            // a second add with steps == 1: copy the first, then add
            return adding(g, scaledBy: a, to: owned(first, scaledBy: 1), parameter: parameter)
        case (.dense(let out), .dense(let t)):
            FusedUpdate.add(t, scaledBy: a, into: out)
            return .dense(out)
        case (.dense(let out), .rows(let indices, let values, _)):
            FusedUpdate.scatterAdd(indices: indices, values: values, scaledBy: a, into: out)
            return .dense(out)
        case (.rows(var indices, var blocks, let shape), .rows(let more, let values, _)):
            indices += more
            blocks.append(FusedUpdate.scaled(values, by: a))
            return .rows(indices: indices, values: blocks, shape: shape)
        case (.rows(let indices, let blocks, _), .dense(let t)):
            let out = FusedUpdate.scaled(t, by: a)
            FusedUpdate.scatterAdd(indices: indices, values: concatenated(blocks, cols: parameter.shape.last ?? 1),
                                   scaledBy: 1, into: out)
            return .dense(out)
        }
    }

    /// `a · g` as a sum the accumulator owns (new tensors).
    private static func owned(_ g: Gradient, scaledBy a: Float) -> Sum {
        switch FusedUpdate.scaled(g, by: a) {
        case .dense(let t): return .dense(t)
        case .rows(let indices, let values, let shape): return .rows(indices: indices, values: [values], shape: shape)
        }
    }

    /// Row blocks stacked into one [n, cols] tensor.
    private static func concatenated(_ blocks: [Tensor], cols: Int) -> Tensor {
        if blocks.count == 1 { return blocks[0] }
        let rows = blocks.reduce(0) { $0 + $1.count } / max(cols, 1)
        let out = Tensor(shape: [rows, cols])
        var offset = 0
        for b in blocks {
            out.mutableData.advanced(by: offset).update(from: b.data, count: b.count)
            offset += b.count
        }
        return out
    }
}
