/// Sums, means and maxima, over all elements or along one axis.
extension Tensor {
    /// The sum of all elements (a scalar).
    public func sum() -> Tensor {
        let flat = reshaped([1, count, 1])
        return flat.sum(axis: 1).reshaped([])
    }

    /// The mean of all elements (a scalar).
    public func mean() -> Tensor { sum() * (1 / Float(count)) }

    /// Sums along `axis`; the axis is kept with size 1 when `keepDims`.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor {
        let axis = (axis + rank) % rank
        let (outer, n, inner) = split(at: axis)
        var outShape = shape
        if keepDims { outShape[axis] = 1 } else { outShape.remove(at: axis) }
        let inShape = shape
        let out = Kernels.reduceSum(self, outer: outer, n: n, inner: inner, shape: outShape)
        return Tensor.result(out, inputs: [self]) { g in
            // every input element receives the gradient of its sum
            let ones = Tensor(shape: inShape, repeating: 1)
            var kept = inShape
            kept[axis] = 1
            return [.dense(Kernels.binary(.mul, ones, g.reshaped(kept), shape: inShape))]
        }
    }

    /// Means along `axis`.
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor {
        let axis = (axis + rank) % rank
        return sum(axis: axis, keepDims: keepDims) * (1 / Float(shape[axis]))
    }

    /// Maxima along `axis`; the gradient flows to the first maximal element.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor {
        let axis = (axis + rank) % rank
        let (outer, n, inner) = split(at: axis)
        var outShape = shape
        if keepDims { outShape[axis] = 1 } else { outShape.remove(at: axis) }
        let inShape = shape
        let (out, argmax) = Kernels.reduceMax(self, outer: outer, n: n, inner: inner, shape: outShape)
        return Tensor.result(out, inputs: [self]) { g in
            let gx = Tensor(shape: inShape)
            for o in 0..<outer {
                for j in 0..<inner {
                    gx.mutableData[(o * n + Int(argmax[o * inner + j])) * inner + j] = g.data[o * inner + j]
                }
            }
            return [.dense(gx)]
        }
    }
}
