import Foundation

/// The precision of the linear layers' matrix products: fp32, or bf16 products with fp32 accumulation (AVX-512 BF16
/// `vdpbf16ps`), inputs rounded to bf16 to nearest even, weights kept in fp32 (the master copy the optimizer updates).
///
/// bf16 applies inside `MatmulPrecision.withBF16 { … }` to `Tensor.linear`: the forward product and, when gradients
/// are recorded, both backward products (dx = g · W and dW = gᵀ · x), all with fp32 sums — PyTorch autocast's
/// choice for linear layers. Each weight is packed into bf16 once per scope, on first use, so a scope must not
/// outlive an update of the weights it used (the trainer opens one per step). On a CPU without AVX-512 BF16 a bf16
/// scope runs fp32, exactly (the scalar bf16 loop would be correct but many times slower than fp32).
///
/// ```swift
/// let e = try MatmulPrecision.withBF16 { try model.encode(texts) }     // [N, D], bf16 linear layers
/// ```
public enum MatmulPrecision: String, CaseIterable, Codable, Sendable {
    case fp32, bf16

    /// Whether this CPU has AVX-512 BF16 (without it, bf16 scopes run fp32).
    public static var bf16Accelerated: Bool { Kernels.bf16Supported }

    /// The experiments' training default, chosen by measurement: bf16 where the CPU has AVX-512 BF16 (1.8× our
    /// fp32 training step on the seq-32 bench; the STS-B fine-tune's test Spearman 0.8561 in both precisions — see
    /// bench/README.md), fp32 elsewhere (a bf16 scope would run fp32 there anyway).
    public static var preferred: MatmulPrecision { bf16Accelerated ? .bf16 : .fp32 }

    /// The precision a scope asking for `self` runs on this CPU.
    public var effective: MatmulPrecision { self == .bf16 && !Self.bf16Accelerated ? .fp32 : self }

    /// The packed weights of the current bf16 scope (nil: fp32).
    @TaskLocal static var packed: PackedWeights?

    /// Runs `body` with bf16 linear layers (fp32 on a CPU without AVX-512 BF16, or when `accelerated` is false).
    public static func withBF16<R>(accelerated: Bool = bf16Accelerated, _ body: () throws -> R) rethrows -> R {
        try $packed.withValue(accelerated ? PackedWeights() : nil, operation: body)
    }

    /// Runs `body` in `precision`.
    public static func with<R>(_ precision: MatmulPrecision, _ body: () throws -> R) rethrows -> R {
        precision == .bf16 ? try withBF16(body) : try body()
    }
}
