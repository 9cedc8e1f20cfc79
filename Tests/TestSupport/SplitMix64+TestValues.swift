import Tensors

extension SplitMix64 {
    /// A Float uniform in `[lo, hi)` from the top 24 bits of the next output.
    public mutating func uniform(_ lo: Float = -1, _ hi: Float = 1) -> Float {
        lo + (hi - lo) * Float(next() >> 40) / Float(1 << 24)
    }

    /// A tensor of `shape` with entries uniform in `[lo, hi)`, a parameter (requiring gradients) unless told.
    public mutating func tensor(_ shape: [Int], _ lo: Float = -1, _ hi: Float = 1, parameter: Bool = true) -> Tensor {
        let t = Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in uniform(lo, hi) })
        return parameter ? t.asParameter() : t
    }
}
