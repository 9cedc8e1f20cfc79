/// Reshape, transpose, slice and concatenate.
extension Tensor {
    /// The same elements with another shape (one axis may be -1); shares storage.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var shape = newShape
        if let i = shape.firstIndex(of: -1) {
            let known = shape.enumerated().filter { $0.offset != i }.map(\.element).reduce(1, *)
            shape[i] = count / Swift.max(known, 1)
        }
        precondition(shape.reduce(1, *) == count, "cannot reshape \(self.shape) to \(newShape)")
        let old = self.shape
        let out = Tensor(shape: shape, storage: storage, requiresGrad: false, node: nil)
        return Tensor.result(out, inputs: [self]) { g in [.dense(g.reshaped(old))] }
    }

    /// Axes reordered: axis i of the result is axis `order[i]` of self (a copy).
    public func permuted(_ order: [Int]) -> Tensor {
        precondition(order.sorted() == Array(0..<rank), "permutation \(order) does not fit rank \(rank)")
        var inverse = [Int](repeating: 0, count: rank)
        for (i, o) in order.enumerated() { inverse[o] = i }
        return Tensor.result(Kernels.permute(self, order), inputs: [self]) { g in [.dense(Kernels.permute(g, inverse))] }
    }

    /// Two axes swapped (a copy).
    public func transposed(_ a: Int = -2, _ b: Int = -1) -> Tensor {
        var order = Array(0..<rank)
        order.swapAt((a + rank) % rank, (b + rank) % rank)
        return permuted(order)
    }

    /// Sizes of the axes before, at and after `axis`, for viewing a tensor as [outer, n, inner].
    func split(at axis: Int) -> (outer: Int, n: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Elements `range` along `axis` (a copy).
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = (axis + rank) % rank
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis], "slice \(range) outside axis \(axis) of \(shape)")
        let (outer, n, inner) = split(at: axis)
        var outShape = shape
        outShape[axis] = range.count
        let out = Tensor(uninitializedShape: outShape)
        for o in 0..<outer {
            (out.mutableData + o * range.count * inner).update(from: data + (o * n + range.lowerBound) * inner, count: range.count * inner)
        }
        let inShape = shape
        return Tensor.result(out, inputs: [self]) { g in
            let gx = Tensor(shape: inShape)
            for o in 0..<outer {
                (gx.mutableData + (o * n + range.lowerBound) * inner).update(from: g.data + o * range.count * inner, count: range.count * inner)
            }
            return [.dense(gx)]
        }
    }

    /// Tensors joined along `axis`; all other axes must agree.
    public static func concat(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concat of nothing")
        let rank = parts[0].rank
        let axis = (axis + rank) % rank
        var outShape = parts[0].shape
        outShape[axis] = parts.map { $0.shape[axis] }.reduce(0, +)
        let (outer, _, inner) = parts[0].split(at: axis)
        let total = outShape[axis]
        let out = Tensor(uninitializedShape: outShape)
        var offset = 0
        var offsets: [Int] = []
        for p in parts {
            precondition(p.rank == rank && zip(p.shape, outShape).enumerated().allSatisfy { $0.offset == axis || $0.element.0 == $0.element.1 },
                         "concat along \(axis): \(p.shape) does not fit \(outShape)")
            let n = p.shape[axis]
            for o in 0..<outer {
                (out.mutableData + (o * total + offset) * inner).update(from: p.data + o * n * inner, count: n * inner)
            }
            offsets.append(offset)
            offset += n
        }
        return result(out, inputs: parts) { g in
            zip(parts, offsets).map { p, off in
                guard p.requiresGrad else { return nil }
                let n = p.shape[axis]
                let gp = Tensor(uninitializedShape: p.shape)
                for o in 0..<outer {
                    (gp.mutableData + o * n * inner).update(from: g.data + (o * total + off) * inner, count: n * inner)
                }
                return .dense(gp)
            }
        }
    }

    /// Rows of two matrices stacked (no gradient; used to merge row gradients).
    static func concatRows(_ a: Tensor, _ b: Tensor) -> Tensor {
        let out = Tensor(uninitializedShape: [a.shape[0] + b.shape[0]] + a.shape.dropFirst())
        out.mutableData.update(from: a.data, count: a.count)
        (out.mutableData + a.count).update(from: b.data, count: b.count)
        return out
    }
}
