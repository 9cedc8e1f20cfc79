import Tensors

/// sentence-transformers' `Pooling`: token vectors [B, T, H] and mask [B, T] → sentence vectors [B, H].
public struct Pooling: Sendable {
    public let mode: PoolingMode

    public init(mode: PoolingMode) { self.mode = mode }

    public func callAsFunction(_ tokens: Tensor, mask: Tensor) -> Tensor {
        let (b, t, h) = (tokens.shape[0], tokens.shape[1], tokens.shape[2])
        let keep = mask.reshaped([b, t, 1])                                         // [B, T, 1]
        switch mode {
        case .cls:
            return tokens.slice(axis: 1, 0..<1).reshaped([b, h])                   // [B, H]
        case .mean:
            // sum of real tokens / their count (clamped at 1e-9, as sentence-transformers)
            let counts = GradMode.withoutGradients { mask.sum(axis: 1, keepDims: true) } // [B, 1]
            let clamped = Tensor(shape: counts.shape, scalars: counts.scalars.map { Swift.max($0, 1e-9) })
            return (tokens * keep).sum(axis: 1) / clamped                           // [B, H]
        case .max:
            // padding set to -1e9 before the max, as sentence-transformers
            let fill = GradMode.withoutGradients { (keep - 1) * 1e9 }               // [B, T, 1]
            return (tokens * keep + fill).max(axis: 1)                              // [B, H]
        }
    }
}
