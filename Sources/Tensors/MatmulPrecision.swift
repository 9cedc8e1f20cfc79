import Foundation

/// The precision of the linear layers' matrix products when no gradient is recorded: fp32, or bf16 products with
/// fp32 accumulation (AVX-512 BF16 `vdpbf16ps`), inputs rounded to bf16 to nearest even.
///
/// bf16 applies inside `MatmulPrecision.withBF16 { … }` to `Tensor.linear` while `GradMode` is off (inference:
/// encoding, evaluation); training keeps fp32. Each weight is packed into bf16 once per scope, on first use, so
/// weights updated between two scopes are packed afresh.
///
/// ```swift
/// let e = try MatmulPrecision.withBF16 { try model.encode(texts) }     // [N, D], bf16 linear layers
/// ```
public enum MatmulPrecision: String, CaseIterable, Sendable {
    case fp32, bf16

    /// Whether this CPU has AVX-512 BF16 (elsewhere bf16 runs a scalar loop: correct, slow).
    public static var bf16Accelerated: Bool { Kernels.bf16Supported }

    /// The packed weights of the current bf16 scope (nil: fp32).
    @TaskLocal static var packed: PackedWeights?

    /// Runs `body` with bf16 linear layers (when no gradient is recorded).
    public static func withBF16<R>(_ body: () throws -> R) rethrows -> R {
        try $packed.withValue(PackedWeights(), operation: body)
    }

    /// Runs `body` in `precision`.
    public static func with<R>(_ precision: MatmulPrecision, _ body: () throws -> R) rethrows -> R {
        precision == .bf16 ? try withBF16(body) : try body()
    }
}

/// Weights packed into bf16 panels, by the storage they came from, for one bf16 scope.
final class PackedWeights: @unchecked Sendable {
    private var panels: [ObjectIdentifier: [UInt16]] = [:]
    private let lock = NSLock()

    /// The panels of `weight` [Out, In], packed on first use.
    func panels(of weight: Tensor) -> [UInt16] {
        let key = ObjectIdentifier(weight.storage)
        if let hit = lock.withLock({ panels[key] }) { return hit }
        let packed = Kernels.packBF16(weight)
        lock.withLock { panels[key] = packed }
        return packed
    }
}
