import Foundation

/// Weights packed into bf16 panels for one bf16 scope, by the storage they came from and orientation.
final class PackedWeights: @unchecked Sendable {
    private struct Key: Hashable {
        let storage: ObjectIdentifier
        let shape: [Int]
        let transposed: Bool
    }

    /// The panels, and the storage they were packed from, kept alive so its identity is not reused in the scope.
    private var panels: [Key: (storage: Storage, panels: [UInt16])] = [:]
    private let lock = NSLock()

    /// The panels of `weight` [Out, In] (`transposed`: of Wᵀ [In, Out]), packed on first use.
    func panels(of weight: Tensor, transposed: Bool = false) -> [UInt16] {
        let key = Key(storage: ObjectIdentifier(weight.storage), shape: weight.shape, transposed: transposed)
        if let hit = lock.withLock({ panels[key] }) { return hit.panels }
        let packed = Kernels.packBF16(weight, transposed: transposed)
        lock.withLock { panels[key] = (weight.storage, packed) }
        return packed
    }
}
