/// How two embeddings are compared, with sentence-transformers' names (`SimilarityFunction`).
///
/// Distances are negated, so that for every function a larger value means more similar.
public enum SimilarityFunction: String, CaseIterable, Codable, Sendable {
    /// Cosine of the angle: the dot product of the L2-normalised vectors.
    case cosine
    /// The plain dot product.
    case dotProduct = "dot"
    /// Minus the Euclidean distance.
    case euclidean
    /// Minus the Manhattan (L1) distance.
    case manhattan

    /// The similarity of `a` and `b`, two vectors of `dimension` floats, computed in Double.
    ///
    /// Cosine divides by the norms clamped to at least 1e-12, as torch's `F.normalize`.
    func pairwise(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, dimension: Int) -> Double {
        switch self {
        case .cosine:
            var dot = 0.0, aa = 0.0, bb = 0.0
            for i in 0..<dimension {
                let x = Double(a[i]), y = Double(b[i])
                dot += x * y
                aa += x * x
                bb += y * y
            }
            return dot / (max(aa.squareRoot(), 1e-12) * max(bb.squareRoot(), 1e-12))
        case .dotProduct:
            var dot = 0.0
            for i in 0..<dimension { dot += Double(a[i]) * Double(b[i]) }
            return dot
        case .euclidean:
            var sum = 0.0
            for i in 0..<dimension {
                let d = Double(a[i]) - Double(b[i])
                sum += d * d
            }
            return -sum.squareRoot()
        case .manhattan:
            var sum = 0.0
            for i in 0..<dimension { sum += abs(Double(a[i]) - Double(b[i])) }
            return -sum
        }
    }
}
