import Foundation
import Tensors

/// The leading principal components of a set of vectors, as scikit-learn's `PCA(n_components=d, svd_solver="full")`
/// finds them: the top eigenvectors of the sample covariance (centred, divided by N − 1), each signed so that its
/// entry of largest magnitude is positive (scikit-learn's `svd_flip` on `components_`).
///
/// ```swift
/// let pca = try PrincipalComponents(fitting: teacherEmbeddings, count: 256)   // [N, 768] → components [256, 768]
/// let reduced = Tensor.linear(teacherEmbeddings, weight: pca.components, bias: nil)   // [N, 256], not centred
/// ```
/// sentence-transformers' dimensionality-reduction example puts `components_` into a bias-free `Dense` module, so the
/// projection is applied to uncentred vectors; ``WidthReduction`` does the same.
public struct PrincipalComponents: Sendable {
    /// Unit rows by decreasing variance: [d, D].
    public let components: Tensor
    /// The variance along each component (`explained_variance_`): [d].
    public let explainedVariance: [Double]
    /// Each component's share of the total variance (`explained_variance_ratio_`): [d].
    public let explainedVarianceRatio: [Double]
    /// The mean of the fitted vectors (`mean_`): [D].
    public let mean: [Double]

    /// Fits the `count` leading components of the rows of `vectors` [N, D], in double precision.
    ///
    /// - Throws: `StudentError.pcaWidth` unless 1 ≤ `count` ≤ min(N, D) (scikit-learn's bound);
    ///   `TensorError.blasUnavailable` when the BLAS library lacks LAPACK.
    public init(fitting vectors: Tensor, count: Int) throws {
        precondition(vectors.rank == 2, "PCA: vectors [N, D], got \(vectors.shape)")
        let (n, d) = (vectors.shape[0], vectors.shape[1])
        guard count >= 1, count <= min(n, d) else { throw StudentError.pcaWidth(requested: count, texts: n, dimension: d) }
        let x = vectors.scalars.map(Double.init)                                          // [N, D]
        var mean = [Double](repeating: 0, count: d)                                       // [D]
        for i in 0..<n { for j in 0..<d { mean[j] += x[i * d + j] } }
        for j in 0..<d { mean[j] /= Double(n) }
        var centred = x                                                                    // [N, D]
        for i in 0..<n { for j in 0..<d { centred[i * d + j] -= mean[j] } }
        var covariance = [Double](repeating: 0, count: d * d)                             // [D, D]
        try centred.withUnsafeBufferPointer { c in
            try covariance.withUnsafeMutableBufferPointer { out in
                try BLAS.dgemm(transA: true, transB: false, m: d, n: d, k: n, alpha: 1 / Double(max(n - 1, 1)),
                               a: c.baseAddress!, lda: d, b: c.baseAddress!, ldb: d, c: out.baseAddress!, ldc: d)
            }
        }
        let (values, vectorsRows) = try BLAS.symmetricEigen(covariance, n: d)            // ascending; rows = eigenvectors
        var rows: [Float] = []
        rows.reserveCapacity(count * d)
        var variance: [Double] = []
        for k in 0..<count {
            let e = d - 1 - k
            var v = Array(vectorsRows[e * d..<(e + 1) * d])                                // [D]
            let largest = v.indices.max { abs(v[$0]) < abs(v[$1]) }!
            if v[largest] < 0 { v = v.map { -$0 } }
            rows += v.map(Float.init)
            variance.append(max(values[e], 0))
        }
        let total = values.reduce(0) { $0 + max($1, 0) }
        components = Tensor(shape: [count, d], scalars: rows)                              // [d, D]
        explainedVariance = variance
        explainedVarianceRatio = variance.map { total > 0 ? $0 / total : 0 }
        self.mean = mean
    }

    /// Components given as they are ([d, D] unit rows, e.g. read back from a `Dense` module); variances unknown (empty).
    public init(components: Tensor) {
        precondition(components.rank == 2, "PCA: components [d, D], got \(components.shape)")
        self.components = components
        explainedVariance = []
        explainedVarianceRatio = []
        mean = []
    }

    /// `vectors` [N, D] projected on the components, uncentred as a bias-free `Dense` module does → [N, d].
    public func project(_ vectors: Tensor) -> Tensor {
        Tensor.linear(vectors, weight: components, bias: nil)
    }
}
