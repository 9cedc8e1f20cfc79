/// Element-wise arithmetic with NumPy broadcasting, and element-wise functions.
extension Tensor {
    /// The shape two shapes broadcast to (trailing axes aligned; 1 stretches).
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
        let n = Swift.max(a.count, b.count)
        return (0..<n).map { i in
            let x = i - (n - a.count) >= 0 ? a[i - (n - a.count)] : 1
            let y = i - (n - b.count) >= 0 ? b[i - (n - b.count)] : 1
            precondition(x == y || x == 1 || y == 1, "shapes \(a) and \(b) do not broadcast")
            return Swift.max(x, y)
        }
    }

    // MARK: binary

    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let shape = broadcastShape(a.shape, b.shape)
        let (aShape, bShape) = (a.shape, b.shape) // the values are not needed: only the shapes are saved
        return result(Kernels.binary(.add, a, b, shape: shape), inputs: [a, b]) { g in
            [.dense(Kernels.sumTo(g, shape: aShape)), .dense(Kernels.sumTo(g, shape: bShape))]
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let shape = broadcastShape(a.shape, b.shape)
        let (aShape, bShape, bNeedsGrad) = (a.shape, b.shape, b.requiresGrad)
        return result(Kernels.binary(.sub, a, b, shape: shape), inputs: [a, b]) { g in
            [.dense(Kernels.sumTo(g, shape: aShape)),
             bNeedsGrad ? .dense(Kernels.sumTo(Kernels.unary(.neg, g), shape: bShape)) : nil]
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let shape = broadcastShape(a.shape, b.shape)
        return result(Kernels.binary(.mul, a, b, shape: shape), inputs: [a, b]) { g in
            [a.requiresGrad ? .dense(Kernels.sumTo(Kernels.binary(.mul, g, b, shape: shape), shape: a.shape)) : nil,
             b.requiresGrad ? .dense(Kernels.sumTo(Kernels.binary(.mul, g, a, shape: shape), shape: b.shape)) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let shape = broadcastShape(a.shape, b.shape)
        let out = Kernels.binary(.div, a, b, shape: shape)
        return result(out, inputs: [a, b]) { g in
            // d(a/b)/db = -(a/b)/b
            [a.requiresGrad ? .dense(Kernels.sumTo(Kernels.binary(.div, g, b, shape: shape), shape: a.shape)) : nil,
             b.requiresGrad
                ? .dense(Kernels.sumTo(Kernels.unary(.neg, Kernels.binary(.div, Kernels.binary(.mul, g, out, shape: shape), b, shape: shape)), shape: b.shape))
                : nil]
        }
    }

    // MARK: with a scalar

    /// `a · self + b` for scalars a, b.
    public func affine(scale a: Float, shift b: Float = 0) -> Tensor {
        Tensor.result(Kernels.affine(self, a, b), inputs: [self]) { g in [.dense(Kernels.affine(g, a, 0))] }
    }

    public static func * (a: Tensor, s: Float) -> Tensor { a.affine(scale: s) }
    public static func * (s: Float, a: Tensor) -> Tensor { a.affine(scale: s) }
    public static func + (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1, shift: s) }
    public static func - (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1, shift: -s) }
    public static func / (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1 / s) }
    public static prefix func - (a: Tensor) -> Tensor { a.affine(scale: -1) }

    // MARK: unary

    /// e^x.
    public func exp() -> Tensor {
        let y = Kernels.unary(.exp, self)
        return Tensor.result(y, inputs: [self]) { g in [.dense(Kernels.binary(.mul, g, y, shape: y.shape))] }
    }

    /// Natural logarithm.
    public func log() -> Tensor {
        Tensor.result(Kernels.unary(.log, self), inputs: [self]) { g in [.dense(Kernels.binary(.div, g, self, shape: self.shape))] }
    }

    /// Square root.
    public func sqrt() -> Tensor {
        let y = Kernels.unary(.sqrt, self)
        return Tensor.result(y, inputs: [self]) { g in
            [.dense(Kernels.affine(Kernels.binary(.div, g, y, shape: y.shape), 0.5, 0))]
        }
    }

    /// 1 / √x.
    public func rsqrt() -> Tensor {
        let y = Kernels.unary(.rsqrt, self)
        return Tensor.result(y, inputs: [self]) { g in
            // d/dx x^(-1/2) = -1/2 · y³
            let y3 = Kernels.binary(.mul, Kernels.binary(.mul, y, y, shape: y.shape), y, shape: y.shape)
            return [.dense(Kernels.affine(Kernels.binary(.mul, g, y3, shape: y.shape), -0.5, 0))]
        }
    }

    /// Hyperbolic tangent.
    public func tanh() -> Tensor {
        let y = Kernels.unary(.tanh, self)
        return Tensor.result(y, inputs: [self]) { g in
            let oneMinusY2 = Kernels.affine(Kernels.binary(.mul, y, y, shape: y.shape), -1, 1)
            return [.dense(Kernels.binary(.mul, g, oneMinusY2, shape: y.shape))]
        }
    }

    /// GELU with the exact error function, as BERT's `"gelu"`: x · Φ(x).
    public func gelu() -> Tensor {
        Tensor.result(Kernels.unary(.gelu, self), inputs: [self]) { g in [.dense(Kernels.geluBackward(self, g))] }
    }
}
