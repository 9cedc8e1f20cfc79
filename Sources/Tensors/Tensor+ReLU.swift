/// The rectifier max(0, x), for hinge terms such as ContrastiveLoss's `relu(margin − d)`.
extension Tensor {
    /// max(0, x) element-wise; the gradient passes where x > 0 and is 0 elsewhere (0 at x = 0, as torch's relu).
    public func relu() -> Tensor {
        let y = Tensor(uninitializedShape: shape)                                 // same shape as self
        for i in 0..<count { y.mutableData[i] = Swift.max(0, data[i]) }
        return Tensor.result(y, inputs: [self]) { g in
            let gx = Tensor(uninitializedShape: g.shape)                          // same shape as self
            for i in 0..<g.count { gx.mutableData[i] = self.data[i] > 0 ? g.data[i] : 0 }
            return [.dense(gx)]
        }
    }
}
