/// Row-by-row cosine similarity of two equally shaped matrices (sentence-transformers' `pairwise_cos_sim`).
extension Tensor {
    /// cos(a_i, b_i) for every row i: a, b [N, C] → [N].
    ///
    /// Composed from `l2Normalized` (eps 1e-8, as `cosineSimilarityMatrix`), a product and a row sum, so
    /// its gradient comes from those operations.
    public static func pairwiseCosineSimilarity(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.rank == 2 && a.shape == b.shape, "pairwiseCosineSimilarity needs two [N, C] matrices of one shape, got \(a.shape) and \(b.shape)")
        let product = a.l2Normalized(eps: 1e-8) * b.l2Normalized(eps: 1e-8)     // [N, C]
        return product.sum(axis: 1)                                               // [N]
    }
}
