import Foundation
import Tensors

/// Matryoshka representation learning: an inner loss applied to the leading `dims` of every embedding, weighted and summed.
///
/// As sentence-transformers' `MatryoshkaLoss`: for each d in `dims`, every column is truncated to its
/// first d features and L2-normalised again (ST's `shrink`; the full width is normalised too), the inner
/// loss is computed on the truncated columns, and the results are summed with `weights`:
///
///     L = Σ_k weights[k] · inner(normalize(columns[:, :dims[k]]), labels_k)
///
/// When the labels are embeddings of the full width (a distillation loss's teacher, [B, D] or
/// [B, C, D] with D the columns' width), they are truncated to d as well and not normalised, as ST
/// does; other labels pass unchanged. Cosine-based inner losses are unaffected by the extra
/// normalisation; `MSELoss` inside sees unit-length student prefixes. The prefixes are taken in
/// descending order of d (ST sorts them so); ST's `n_dims_per_step` sampling is not offered.
public struct MatryoshkaLoss: Loss {
    /// The loss applied at every width.
    public var inner: any Loss
    /// The prefix widths, largest first.
    public private(set) var dims: [Int]
    /// The weight of each width's loss, in the order of `dims`.
    public private(set) var weights: [Double]

    public var name: String { "MatryoshkaLoss" }
    /// The inner loss's columns (a vector label is of the full width).
    public var signature: LossSignature { inner.signature }
    /// The inner loss's parameters.
    public var namedParameters: [(String, Tensor)] { inner.namedParameters }
    /// The inner loss's parameters.
    public func saveParameters(to folder: URL) throws { try inner.saveParameters(to: folder) }

    /// - Parameters:
    ///   - inner: the loss to apply at each width.
    ///   - dims: the prefix widths (default 384, 256, 128, 64: a 384-wide MiniLM / e5-small model).
    ///   - weights: one weight per width, all 1 when nil.
    public init(_ inner: any Loss, dims: [Int] = [384, 256, 128, 64], weights: [Double]? = nil) {
        precondition(!dims.isEmpty, "MatryoshkaLoss needs at least one dimension")
        precondition(dims.allSatisfy { $0 > 0 }, "MatryoshkaLoss: every dimension must be positive, got \(dims)")
        let weights = weights ?? Array(repeating: 1, count: dims.count)
        precondition(weights.count == dims.count,
                     "MatryoshkaLoss: \(weights.count) weights for \(dims.count) dimensions")
        let sorted = zip(dims, weights).sorted { $0.0 > $1.0 }
        self.inner = inner
        self.dims = sorted.map(\.0)
        self.weights = sorted.map(\.1)
    }

    public func callAsFunction(_ columns: [Tensor], labels: Tensor?) -> Tensor {
        self(columns, labels: labels, devices: nil)
    }

    /// The inner loss at every width, gathering across the ranks when the inner loss does.
    public func callAsFunction(_ columns: [Tensor], labels: Tensor?, devices: CrossDeviceBatch?) -> Tensor {
        LossInput.columns(columns, of: name, sameWidth: false)
        let width = columns[0].shape[1]
        precondition(columns.allSatisfy { $0.shape[1] == width },
                     "MatryoshkaLoss: columns of different widths \(columns.map(\.shape))")
        precondition(dims[0] <= width,
                     "MatryoshkaLoss: dimension \(dims[0]) is wider than the embeddings (\(width))")
        let labelsAreEmbeddings = labels.map { ($0.rank == 2 || $0.rank == 3) && $0.shape.last == width } ?? false
        var total: Tensor?
        for (d, weight) in zip(dims, weights) {
            let truncated = columns.map { $0.slice(axis: 1, 0..<d).l2Normalized() }     // C × [B, d]
            let truncatedLabels = labelsAreEmbeddings ? labels!.slice(axis: -1, 0..<d) : labels // [B, d] / [B, C, d]
            let term = inner(truncated, labels: truncatedLabels, devices: devices) * Float(weight)         // []
            total = total.map { $0 + term } ?? term
        }
        return total!                                                                    // []
    }
}
