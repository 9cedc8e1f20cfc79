import Tensors

/// A learnable linear map from the student's embedding width to the teacher's, for distillation between models of different widths.
///
/// `x · Wᵀ + b` with weight [Dt, Ds] and bias [Dt], the layout of torch's `nn.Linear(Ds, Dt)` that
/// sentence-transformers' `MSELoss(projection_dim: Dt)` creates. Both tensors are parameters: hand
/// `parameters` to the optimizer next to the model's so the projection trains with the student.
public struct Projection {
    /// [Dt, Ds].
    public let weight: Tensor
    /// [Dt].
    public let bias: Tensor

    /// A projection with the given weight [Dt, Ds] and bias [Dt] (made parameters, sharing their storage).
    public init(weight: Tensor, bias: Tensor) {
        precondition(weight.rank == 2, "Projection: the weight must be [Dt, Ds], got \(weight.shape)")
        precondition(bias.shape == [weight.shape[0]], "Projection: the bias must be [\(weight.shape[0])], got \(bias.shape)")
        self.weight = weight.requiresGrad ? weight : weight.asParameter()
        self.bias = bias.requiresGrad ? bias : bias.asParameter()
    }

    /// A freshly initialised projection from `studentDimension` to `teacherDimension`.
    ///
    /// Weight and bias are uniform in ±1/√Ds, the bounds of torch's default `nn.Linear` initialisation,
    /// drawn from `seed` (xoshiro256**) so a run is reproducible.
    public init(studentDimension: Int, teacherDimension: Int, seed: UInt64 = 0) {
        precondition(studentDimension > 0 && teacherDimension > 0,
                     "Projection: dimensions must be positive, got \(studentDimension) → \(teacherDimension)")
        var generator = Xoshiro256StarStar(seed: seed)
        let bound = 1 / Float(studentDimension).squareRoot()
        func uniform(_ n: Int) -> [Float] {
            (0..<n).map { _ in Float(generator.next() >> 40) / Float(1 << 24) * 2 * bound - bound }
        }
        let w = uniform(teacherDimension * studentDimension)
        let b = uniform(teacherDimension)
        self.init(weight: Tensor(shape: [teacherDimension, studentDimension], scalars: w),   // [Dt, Ds]
                  bias: Tensor(shape: [teacherDimension], scalars: b))                        // [Dt]
    }

    /// The student's width Ds.
    public var inputDimension: Int { weight.shape[1] }
    /// The teacher's width Dt.
    public var outputDimension: Int { weight.shape[0] }

    /// The tensors an optimizer updates.
    public var parameters: [Tensor] { [weight, bias] }

    /// The parameters by their torch names (`weight`, `bias`), as ST's `save_projection` writes them.
    public var namedParameters: [(String, Tensor)] { [("weight", weight), ("bias", bias)] }

    /// x [B, Ds] → [B, Dt].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        Tensor.linear(x, weight: weight, bias: bias)
    }
}
